"""Keep patient data out of the logs.

Django's request logger puts the request object (with POST data) into the record and
formats exception reports with local variables. This filter strips those and masks
anything that looks like an identifier a patient could be found by.

Query strings go too, wherever a URL appears in a message: the case search is a GET
with the patient's name in `q`, and a log-in redirect carries the page it came from in
`next`, query and all. The development server's request lines, Django's warnings and
the WSGI server's error log (config/gunicorn.conf.py) all pass through here.
"""

from __future__ import annotations

import logging
import re

_PATTERNS = [
    # A path or absolute URL followed by a query string: keep the path, drop the query.
    (
        re.compile(r"((?:https?://[^\s/?#\"'<>]+)?/[^\s?#\"'<>]*)\?[^\s#\"'<>]*"),
        r"\1?[query]",
    ),
    # A `next` parameter seen without its path (form data, an encoded redirect).
    (re.compile(r"\bnext(=|%3D)[^\s&\"'<>]*", re.IGNORECASE), r"next\1[redacted]"),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), "[email]"),
    (re.compile(r"\b\d{3}[-. ]?\d{2}[-. ]?\d{4}\b"), "[number]"),
    (re.compile(r"\(?\b\d{3}\)?[-. ]?\d{3}[-. ]?\d{4}\b"), "[phone]"),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}\b"), "[date]"),
    (re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b"), "[date]"),
    (re.compile(r"\b(?:datetime\.)?date(?:time)?\(\d{4}, \d{1,2}, \d{1,2}[^)]*\)"), "[date]"),
]


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactPatientDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        message = record.getMessage()
        record.msg = redact(message)
        record.args = ()
        if record.exc_info and record.exc_info[1] is not None:
            exc_type = record.exc_info[0]
            record.msg = f"{record.msg} ({exc_type.__name__ if exc_type else 'error'})"
            record.exc_text = None
            record.exc_info = None
        record.stack_info = None
        return True

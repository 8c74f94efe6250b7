"""The log filter keeps patient identifiers, request data and exception detail out of logs."""

from __future__ import annotations

import logging
import sys

import pytest

from secondlook.core.logging import RedactPatientDataFilter, redact


def filtered(record: logging.LogRecord) -> logging.LogRecord:
    assert RedactPatientDataFilter().filter(record) is True  # redacts, never drops
    return record


def make_record(msg: str, *args: object, exc_info: object = None) -> logging.LogRecord:
    return logging.LogRecord("secondlook", logging.ERROR, __file__, 1, msg, args, exc_info)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail to jane.doe+onc@example.test failed", "mail to [email] failed"),
        ("call (555) 010-1234 back", "call [phone] back"),
        ("call 555.010.1234 back", "call [phone] back"),
        ("ssn 123-45-6789 on file", "ssn [number] on file"),
        ("born 1965-04-02", "born [date]"),
        ("born 4/2/1965", "born [date]"),
        ("dob=datetime.date(1965, 4, 2)", "dob=[date]"),
        ("case SL-2026-000042 moved to review", "case SL-2026-000042 moved to review"),
    ],
)
def test_identifiers_are_masked_and_case_references_kept(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_arguments_are_merged_before_masking() -> None:
    record = filtered(make_record("invite sent to %s", "pat@example.test"))

    assert record.getMessage() == "invite sent to [email]"


def test_request_attached_by_django_is_dropped() -> None:
    record = make_record("Internal Server Error: /portal/")
    record.request = object()  # Django attaches the request, with its POST data

    assert filtered(record).request is None


def test_exception_detail_and_locals_are_dropped_but_its_type_kept() -> None:
    try:
        patient_name = "Pat Synthetic"
        raise ValueError(f"bad record for {patient_name}")
    except ValueError:
        record = make_record("Internal Server Error: /staff/", exc_info=sys.exc_info())
    record.stack_info = "Stack (most recent call last): patient_name = 'Pat Synthetic'"

    formatted = logging.Formatter().format(filtered(record))

    assert formatted == "Internal Server Error: /staff/ (ValueError)"
    assert "Pat Synthetic" not in formatted

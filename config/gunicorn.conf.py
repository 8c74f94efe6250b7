"""Gunicorn settings: `gunicorn -c config/gunicorn.conf.py --bind 127.0.0.1:8000`.

Gunicorn's default access log writes the whole request line and the Referer header.
Both carry query strings, and the case search is a GET with the patient's name in `q`
(the Referer of the next page repeats it). This format logs the method and the path
only, never `%(r)s`, `%(q)s` or `%(f)s`; the error log ("Error handling request
/path?query") passes through the same redaction filter as Django's own logs.
"""

from __future__ import annotations

wsgi_app = "config.wsgi:application"
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_phi": {"()": "secondlook.core.logging.RedactPatientDataFilter"}},
    "formatters": {
        "generic": {"format": "%(asctime)s [%(process)d] [%(levelname)s] %(message)s"},
    },
    "handlers": {
        "access": {
            "class": "logging.StreamHandler",
            "formatter": "generic",
            "filters": ["no_phi"],
            "stream": "ext://sys.stdout",
        },
        "error": {
            "class": "logging.StreamHandler",
            "formatter": "generic",
            "filters": ["no_phi"],
            "stream": "ext://sys.stderr",
        },
    },
    "root": {"level": "INFO", "handlers": ["error"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
    },
}

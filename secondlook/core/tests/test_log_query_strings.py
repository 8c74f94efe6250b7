"""Query strings (the case search's patient name, a redirect's `next`) never reach a log.

Covers the redaction itself, Django's request-line logger, error pages, and the
gunicorn configuration an operator runs in production.
"""

from __future__ import annotations

import io
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.utils.log import AdminEmailHandler

from secondlook.core.logging import RedactPatientDataFilter, redact
from secondlook.core.testing import Personas

GUNICORN_CONF = Path(settings.BASE_DIR) / "config" / "gunicorn.conf.py"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '"GET /staff/cases/?q=Doe&status=review HTTP/1.1" 200 5120',
            '"GET /staff/cases/?[query] HTTP/1.1" 200 5120',
        ),
        (
            '"GET /accounts/login/?next=/staff/cases/%3Fq%3DDoe HTTP/1.1" 302 0',
            '"GET /accounts/login/?[query] HTTP/1.1" 302 0',
        ),
        (
            "redirect to https://so.example.org/staff/cases/?q=Doe failed",
            "redirect to https://so.example.org/staff/cases/?[query] failed",
        ),
        ("form said next=%2Fstaff%2Fcases%2F%3Fq%3DDoe", "form said next=[redacted]"),
        ("Not Found: /staff/cases/42/", "Not Found: /staff/cases/42/"),
        ("is the worker up? yes", "is the worker up? yes"),
    ],
)
def test_query_strings_and_next_parameters_are_masked(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.fixture
def server_log() -> Iterator[io.StringIO]:
    """What the configured django.server handler writes (the development server's log)."""
    handler = logging.getLogger("django.server").handlers[0]
    captured = io.StringIO()
    previous = handler.setStream(captured)
    yield captured
    handler.setStream(previous)


def test_the_development_server_request_line_loses_its_query(server_log: io.StringIO) -> None:
    # The call django.core.servers.basehttp.WSGIRequestHandler.log_message makes.
    logging.getLogger("django.server").info(
        '"%s" %s %s', "GET /staff/cases/?q=Jane+Doe HTTP/1.1", "200", "5120"
    )

    line = server_log.getvalue()
    assert "/staff/cases/?[query]" in line
    assert "Doe" not in line


def test_django_warnings_go_through_the_filter_not_to_admin_mail() -> None:
    django_logger = logging.getLogger("django")

    handlers = django_logger.handlers
    console = [handler for handler in handlers if type(handler) is logging.StreamHandler]
    assert not any(isinstance(handler, AdminEmailHandler) for handler in handlers)
    assert console
    for handler in console:
        assert any(isinstance(f, RedactPatientDataFilter) for f in handler.filters)
    assert django_logger.propagate is False


@override_settings(DEBUG=False)
def test_error_pages_do_not_repeat_the_query(personas: Personas) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(personas.nina)

    not_found = client.get("/staff/no-such-page/?q=Zebediah")
    api_not_found = client.get("/api/no-such-route?q=Zebediah")

    assert not_found.status_code == 404 and api_not_found.status_code == 404
    assert b"Zebediah" not in not_found.content
    assert b"Zebediah" not in api_not_found.content


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_gunicorn_access_and_error_logs_hold_no_query_or_referer(tmp_path: Path) -> None:
    """The production server with the shipped config, as the operator guide starts it."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "SECONDLOOK_VAR_DIR": str(tmp_path),
        # Its own database: /healthz opens a connection, and the suite's DATABASE_URL may
        # name a PostgreSQL database that only the test runner's "test_" copy of exists.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'gunicorn.sqlite3'}",
    }
    server = subprocess.Popen(
        [
            str(gunicorn),
            "-c",
            str(GUNICORN_CONF),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--no-control-socket",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/healthz?q=Zebediah+Quux"
        request = urllib.request.Request(
            url, headers={"Referer": f"http://127.0.0.1:{port}/staff/cases/?q=Zebediah"}
        )
        deadline = time.monotonic() + 90  # a loaded CI machine starts it slowly
        answered = False
        while not answered and server.poll() is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    answered = response.status == 200
            except OSError:
                time.sleep(0.2)
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)

    assert answered, f"gunicorn did not answer: {err[-2000:]}"
    assert '"GET /healthz HTTP/1.1" 200' in out
    assert "Zebediah" not in out + err

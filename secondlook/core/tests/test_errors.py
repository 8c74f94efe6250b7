"""Error pages and error logs never show patient data."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from secondlook.core.testing import Personas


@pytest.fixture
def request_log() -> Iterator[io.StringIO]:
    """What the configured django.request handler writes, as an operator would read it."""
    handler = logging.getLogger("django.request").handlers[0]
    captured = io.StringIO()
    previous = handler.setStream(captured)
    yield captured
    handler.setStream(previous)


@override_settings(ROOT_URLCONF="secondlook.core.tests.urls_failing", DEBUG=False)
def test_server_error_page_and_log_hold_no_patient_data(
    personas: Personas, request_log: io.StringIO
) -> None:
    patient = personas.pat_case.patient
    client = Client(raise_request_exception=False)
    client.force_login(personas.nina)

    response = client.get(f"/failing/{patient.pk}/")

    page = response.content.decode()
    log = request_log.getvalue()
    assert response.status_code == 500
    assert "Something went wrong" in page
    assert "Internal Server Error: /failing/" in log
    assert "ValueError" in log  # the operator still learns what kind of error it was
    for secret in (
        patient.first_name,
        patient.last_name,
        patient.email,
        patient.phone,
        str(patient.date_of_birth),
    ):
        assert secret not in page
        assert secret not in log


def test_unknown_address_shows_the_not_found_page(client: Client, personas: Personas) -> None:
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_forbidden_page_is_readable(client: Client, personas: Personas) -> None:
    client.force_login(personas.nina)

    response = client.get(reverse("audit:search"))

    assert response.status_code == 403
    assert b"You do not have access to this page" in response.content

"""Every refusal and failure of the API is JSON with a message, and a crash logs no PHI."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse
from django.test import Client, RequestFactory
from ninja.errors import HttpError

from config.urls import not_found, server_error
from secondlook.accounts.services import api_token_create
from secondlook.cases import selectors
from secondlook.core.testing import Personas


@pytest.fixture
def headers(personas: Personas) -> dict[str, str]:
    _, raw = api_token_create(user=personas.nina, name="errors")
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def api_client() -> Client:
    return Client(raise_request_exception=False)


@pytest.fixture
def app_log() -> Iterator[io.StringIO]:
    """What the configured console handler writes, as an operator would read it."""
    handler = logging.getLogger().handlers[0]
    captured = io.StringIO()
    previous = handler.setStream(captured)
    yield captured
    handler.setStream(previous)


def assert_json_message(response: HttpResponse, status: int) -> dict[str, object]:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert isinstance(body["message"], str) and body["message"]
    return body


@pytest.mark.parametrize("path", ["/api/nope", "/api/cases/1/nope/deeper"])
def test_an_unknown_api_address_is_a_json_404(
    api_client: Client, headers: dict[str, str], path: str
) -> None:
    assert_json_message(api_client.get(path, headers=headers), 404)
    assert_json_message(api_client.post(path, headers=headers), 404)


def test_an_unknown_method_is_a_json_405_that_names_the_allowed_ones(
    api_client: Client, headers: dict[str, str], personas: Personas
) -> None:
    response = api_client.delete(f"/api/cases/{personas.pat_case.pk}", headers=headers)

    body = assert_json_message(response, 405)
    assert "GET" in response["Allow"]
    assert "DELETE" in str(body["message"])


def test_a_body_that_is_not_json_is_a_400_with_a_message(
    api_client: Client, headers: dict[str, str]
) -> None:
    response = api_client.post(
        "/api/cases", "{not json", content_type="application/json", headers=headers
    )

    body = assert_json_message(response, 400)
    assert "detail" not in body
    assert "not valid JSON" in str(body["message"])


def test_http404_from_a_view_is_json_with_a_message(
    api_client: Client, headers: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(**kwargs: object) -> None:
        raise Http404("No Itinerary matches the given query.")

    monkeypatch.setattr(selectors, "case_list_for", missing)

    body = assert_json_message(api_client.get("/api/cases", headers=headers), 404)
    assert "detail" not in body


def test_ninja_http_error_keeps_its_status_and_is_json_with_a_message(
    api_client: Client, headers: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def throttled(**kwargs: object) -> None:
        raise HttpError(429, "Too many requests.")

    monkeypatch.setattr(selectors, "case_list_for", throttled)

    body = assert_json_message(api_client.get("/api/cases", headers=headers), 429)
    assert body == {"message": "Too many requests."}


def test_djangos_permission_denied_is_a_json_403(
    api_client: Client, headers: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(**kwargs: object) -> None:
        raise DjangoPermissionDenied

    monkeypatch.setattr(selectors, "case_list_for", refuse)

    assert_json_message(api_client.get("/api/cases", headers=headers), 403)


def test_an_unhandled_error_is_a_json_500_and_its_log_holds_no_patient_data(
    api_client: Client,
    headers: dict[str, str],
    personas: Personas,
    monkeypatch: pytest.MonkeyPatch,
    app_log: io.StringIO,
) -> None:
    patient = personas.pat_case.patient

    def crash(**kwargs: object) -> None:
        raise RuntimeError(f"cannot list {patient.first_name} {patient.last_name}")

    monkeypatch.setattr(selectors, "case_list_for", crash)

    response = api_client.get(f"/api/cases?q={patient.last_name}", headers=headers)

    body = assert_json_message(response, 500)
    log = app_log.getvalue()
    assert "RuntimeError" in log and "/api/cases" in log
    assert "in crash" in log  # the stack, to find the bug by
    for secret in (patient.first_name, patient.last_name):
        assert secret not in str(body)
        assert secret not in log


def test_django_level_errors_on_api_addresses_are_json_too() -> None:
    request = RequestFactory().get("/api/cases?q=Synthetic")

    assert_json_message(not_found(request, Http404()), 404)
    assert_json_message(server_error(request), 500)


def test_django_level_errors_elsewhere_keep_the_html_pages(personas: Personas) -> None:
    request = RequestFactory().get("/staff/nothing-here")
    request.user = personas.nina

    assert b"Page not found" in not_found(request, Http404()).content
    assert b"Something went wrong" in server_error(request).content

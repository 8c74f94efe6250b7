"""GET /api/cases/{id}/opinion.pdf: staff tokens only, same rules as the pages."""

from __future__ import annotations

from django.test import Client

from secondlook.accounts.models import ApiToken, User
from secondlook.accounts.services import api_token_create
from secondlook.audit.choices import AuditAction
from secondlook.audit.models import AuditEvent
from secondlook.cases.models import Case
from secondlook.core.testing import Personas
from secondlook.review.tests.helpers import draft, signed


def _get(client: Client, case_id: int, user: User | None) -> object:
    headers = {}
    if user is not None:
        _, raw = api_token_create(user=user, name="test")
        headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client.get(f"/api/cases/{case_id}/opinion.pdf", **headers)


def test_staff_token_downloads_the_signed_opinion(
    personas: Personas, case: Case, client: Client
) -> None:
    signed(personas, case)

    response = _get(client, case.pk, personas.nina)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action=AuditAction.DOWNLOAD, actor=personas.nina).exists()


def test_no_token_is_401_with_a_message(case: Case, client: Client) -> None:
    response = _get(client, case.pk, None)

    assert response.status_code == 401
    assert "token" in response.json()["message"]


def test_unsigned_opinion_is_404_with_a_message(
    personas: Personas, case: Case, client: Client
) -> None:
    draft(personas, case)

    response = _get(client, case.pk, personas.nina)

    assert response.status_code == 404
    assert "no signed opinion" in response.json()["message"]


def test_other_sites_case_and_unknown_case_are_the_same_404(
    personas: Personas, case: Case, client: Client
) -> None:
    signed(personas, case)

    other_site = _get(client, case.pk, personas.nate)
    unknown = _get(client, 999_999, personas.nate)

    assert other_site.status_code == unknown.status_code == 404
    assert other_site.json() == unknown.json()


def test_a_patient_token_is_refused(personas: Personas, case: Case, client: Client) -> None:
    """Patients cannot create tokens; one planted by hand must still be refused."""
    signed(personas, case)
    ApiToken.objects.create(user=personas.pat, name="planted", token_hash=ApiToken.hash("sl_x"))

    response = client.get(f"/api/cases/{case.pk}/opinion.pdf", HTTP_AUTHORIZATION="Bearer sl_x")

    assert response.status_code == 403
    assert "staff" in response.json()["message"]


def test_the_route_is_in_the_openapi_schema(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()

    operation = schema["paths"]["/api/cases/{case_id}/opinion.pdf"]["get"]
    assert "application/pdf" in operation["responses"]["200"]["content"]

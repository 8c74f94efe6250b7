"""The cases API at /api/cases: token auth, list, create, get, transition."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from secondlook.accounts.models import User
from secondlook.audit.choices import AuditAction
from secondlook.audit.models import AuditEvent
from secondlook.cases.choices import CaseStatus, EventKind
from secondlook.cases.models import Case
from secondlook.cases.tests.factories import CaseFactory, PathologyReportFactory
from secondlook.core.testing import Personas, put_on_case

Bearer = Callable[[User], dict[str, str]]
S = CaseStatus
URL = "/api/cases"

NEW_CASE: dict[str, Any] = {
    "patient": {
        "first_name": "Grace",
        "last_name": "Synthetic",
        "date_of_birth": "1955-03-21",
        "phone": "555-010-7000",
        "sex": "female",
    },
    "referring_physician": {"name": "Dr. Outside Synthetic"},
    "cancer_type_code": "IDC",
    "patient_questions": "Do I need chemotherapy, or is hormone therapy enough?",
    "payer_type": "medicare",
    "urgency": "urgent",
}


def post_json(client: Client, url: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    return client.post(url, body, content_type="application/json", headers=headers)


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", ""), ("post", ""), ("get", "/{pk}"), ("post", "/{pk}/transitions")],
)
@pytest.mark.parametrize("authorization", [None, "Bearer not-a-real-token", "Basic bmluYQ=="])
def test_every_route_needs_a_valid_token(
    client: Client, personas: Personas, method: str, path: str, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    url = URL + path.format(pk=personas.pat_case.pk)

    response = getattr(client, method)(url, headers=headers)

    assert response.status_code == 401
    assert "API token" in response.json()["message"]


def test_a_revoked_token_no_longer_works(
    client: Client, personas: Personas, bearer: Bearer
) -> None:
    headers = bearer(personas.nina)
    personas.nina.api_tokens.update(revoked_at="2026-01-01T00:00:00Z")

    assert client.get(URL, headers=headers).status_code == 401


def test_list_returns_only_the_cases_of_my_sites_and_is_audited(
    client: Client, personas: Personas, bearer: Bearer
) -> None:
    body = client.get(URL, headers=bearer(personas.nina)).json()

    assert body["count"] == 1
    assert [case["reference"] for case in body["items"]] == [personas.pat_case.reference]
    item = body["items"][0]
    assert item["patient"]["last_name"] == "Synthetic"
    assert item["allowed_next"] == [S.RECORDS_COMPLETE, S.CANCELLED]
    assert item["risk"] in {"overdue", "at_risk", "on_track", "none"}
    assert AuditEvent.objects.filter(action=AuditAction.LIST, actor=personas.nina).exists()


def test_list_filters_and_pages(client: Client, personas: Personas, bearer: Bearer) -> None:
    for _ in range(55):
        CaseFactory(site=personas.chicago, status=S.REQUESTED)
    headers = bearer(personas.ada)

    requested = client.get(URL, {"status": "requested"}, headers=headers).json()
    second_page = client.get(URL, {"status": "requested", "page": 2}, headers=headers).json()
    beyond = client.get(URL, {"page": 9}, headers=headers).json()
    by_reference = client.get(URL, {"q": personas.pat_case.reference}, headers=headers).json()

    assert (requested["count"], requested["pages"], len(requested["items"])) == (55, 2, 50)
    assert len(second_page["items"]) == 5
    assert beyond["items"] == []
    assert [case["id"] for case in by_reference["items"]] == [personas.pat_case.pk]


def test_a_bad_filter_value_is_a_422_naming_the_field(
    client: Client, personas: Personas, bearer: Bearer
) -> None:
    response = client.get(URL, {"status": "lost"}, headers=bearer(personas.nina))

    assert response.status_code == 422
    assert response.json()["message"] == "The request is not valid."
    assert "status" in str(response.json()["errors"])


def test_navigator_opens_a_case_by_api_and_owns_it(
    client: Client, personas: Personas, bearer: Bearer
) -> None:
    response = post_json(
        client, URL, {**NEW_CASE, "site_id": personas.pasadena.pk}, bearer(personas.nina)
    )

    assert response.status_code == 201
    body = response.json()
    case = Case.objects.get(pk=body["id"])
    assert (body["status"], body["navigator_id"]) == (S.INTAKE, personas.nina.pk)
    assert (case.urgency, case.payer_type) == ("urgent", "medicare")
    assert case.cancer_type_name == "Breast Invasive Ductal Carcinoma"
    assert body["sla_due_at"] is not None


def test_a_follow_on_opinion_by_api_reuses_the_known_patient(
    client: Client, personas: Personas, bearer: Bearer
) -> None:
    body = {
        "site_id": personas.pasadena.pk,
        "previous_case_id": personas.pat_case.pk,
        "patient_questions": "Has my new scan changed anything?",
    }

    response = post_json(client, URL, body, bearer(personas.nina))

    assert response.status_code == 201
    assert response.json()["previous_case_id"] == personas.pat_case.pk
    assert response.json()["patient"]["id"] == personas.pat_case.patient_id


def test_creating_needs_exactly_one_of_patient_or_previous_case(
    client: Client, personas: Personas, bearer: Bearer
) -> None:
    response = post_json(client, URL, {"site_id": personas.pasadena.pk}, bearer(personas.nina))

    assert response.status_code == 422
    assert "previous_case_id" in str(response.json()["errors"])


def test_creating_at_another_site_is_refused_with_a_message(
    client: Client, personas: Personas, bearer: Bearer
) -> None:
    response = post_json(
        client, URL, {**NEW_CASE, "site_id": personas.chicago.pk}, bearer(personas.nina)
    )

    assert response.status_code == 403
    assert "do not work at this case's site" in response.json()["message"]
    assert not Case.objects.filter(patient__first_name="Grace").exists()


@pytest.mark.parametrize("who", ["olivia", "ada"])
def test_only_navigators_open_cases(
    client: Client, personas: Personas, bearer: Bearer, who: str
) -> None:
    response = post_json(
        client, URL, {**NEW_CASE, "site_id": personas.pasadena.pk}, bearer(getattr(personas, who))
    )

    assert response.status_code == 403


def test_reading_one_case_is_audited(client: Client, personas: Personas, bearer: Bearer) -> None:
    put_on_case(personas.pat_case, personas.paul)
    response = client.get(f"{URL}/{personas.pat_case.pk}", headers=bearer(personas.paul))

    assert response.status_code == 200
    assert response.json()["patient_questions"] == personas.pat_case.patient_questions
    read = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert (read.actor, read.case_reference) == (personas.paul, personas.pat_case.reference)


@pytest.mark.parametrize("who", ["nate", "raj"])
def test_a_case_of_another_site_is_not_found(
    client: Client, personas: Personas, bearer: Bearer, who: str
) -> None:
    headers = bearer(getattr(personas, who))

    got = client.get(f"{URL}/{personas.pat_case.pk}", headers=headers)
    moved = post_json(
        client,
        f"{URL}/{personas.pat_case.pk}/transitions",
        {"to": "cancelled", "reason": "x"},
        headers,
    )

    assert (got.status_code, moved.status_code) == (404, 404)
    assert "message" in got.json()
    assert Case.objects.get(pk=personas.pat_case.pk).status == S.RECORDS_PENDING


def test_transition_by_api_moves_the_case_and_writes_the_timeline(
    client: Client, personas: Personas, bearer: Bearer
) -> None:
    PathologyReportFactory(case=personas.pat_case)

    response = post_json(
        client,
        f"{URL}/{personas.pat_case.pk}/transitions",
        {"to": "records_complete", "reason": "All outside records in"},
        bearer(personas.nina),
    )

    assert response.status_code == 200
    assert response.json()["status"] == S.RECORDS_COMPLETE
    event = personas.pat_case.events.get(kind=EventKind.TRANSITION)
    assert (event.actor, event.reason) == (personas.nina, "All outside records in")


def test_an_illegal_move_is_a_409_saying_why(
    client: Client, personas: Personas, bearer: Bearer
) -> None:
    response = post_json(
        client,
        f"{URL}/{personas.pat_case.pk}/transitions",
        {"to": "opinion_delivered"},
        bearer(personas.nina),
    )

    assert response.status_code == 409
    assert response.json()["message"] == (
        f"Case {personas.pat_case.reference} is 'Records pending': it can move to "
        "'Records complete' or 'Cancelled', not to 'Opinion delivered'."
    )


def test_a_guard_refusal_is_a_409_with_its_reason(
    client: Client, personas: Personas, bearer: Bearer
) -> None:
    response = post_json(
        client,
        f"{URL}/{personas.pat_case.pk}/transitions",
        {"to": "records_complete"},
        bearer(personas.nina),
    )

    assert response.status_code == 409
    assert "pathology report" in response.json()["message"]


def test_starting_review_by_api_names_the_specialist_by_id(
    client: Client, personas: Personas, bearer: Bearer
) -> None:
    case = CaseFactory(site=personas.pasadena, navigator=personas.nina, status=S.RECORDS_COMPLETE)
    PathologyReportFactory(case=case)
    url = f"{URL}/{case.pk}/transitions"
    headers = bearer(personas.nina)

    missing = post_json(client, url, {"to": "under_review"}, headers)
    elsewhere = post_json(
        client, url, {"to": "under_review", "reviewer_id": personas.raj.pk}, headers
    )
    started = post_json(
        client, url, {"to": "under_review", "reviewer_id": personas.olivia.pk}, headers
    )

    assert missing.status_code == 400
    assert "Choose the reviewing specialist" in missing.json()["message"]
    assert elsewhere.status_code == 400
    assert started.status_code == 200
    assert started.json()["reviewer_id"] == personas.olivia.pk


def test_a_visit_time_without_an_offset_is_read_as_site_time(
    client: Client, personas: Personas, bearer: Bearer
) -> None:
    case = CaseFactory(
        site=personas.pasadena,
        navigator=personas.nina,
        reviewer=personas.olivia,
        status=S.UNDER_REVIEW,
    )

    response = post_json(
        client,
        f"{URL}/{case.pk}/transitions",
        {"to": "visit_scheduled", "visit_at": "2099-06-01T09:30:00"},
        bearer(personas.nina),
    )

    assert response.status_code == 200
    assert response.json()["visit_at"].startswith("2099-06-01T09:30:00-07:00")

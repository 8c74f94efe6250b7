"""The scheduling API: plan a week in batch, and a visit request's arrival and leave-by times."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from secondlook.accounts.models import User
from secondlook.accounts.services import api_token_create
from secondlook.cases.choices import CaseStatus
from secondlook.cases.models import Case
from secondlook.core.testing import Personas
from secondlook.scheduling import services
from secondlook.scheduling.choices import RequestStatus, Service
from secondlook.scheduling.models import VisitRequest
from secondlook.scheduling.tests.factories import STORY

WEEK_PLANS = "/api/scheduling/week-plans"


def _bearer(user: User) -> dict[str, str]:
    _, raw = api_token_create(user=user, name="test")
    return {"Authorization": f"Bearer {raw}"}


def _post(client: Client, url: str, body: dict[str, Any], user: User) -> Any:
    return client.post(url, body, content_type="application/json", headers=_bearer(user))


def _second_case(personas: Personas) -> Case:
    return Case.objects.create(
        reference="SL-T-RADONC",
        patient=personas.pat_case.patient,
        site=personas.pasadena,
        navigator=personas.nina,
        status=CaseStatus.RECORDS_PENDING,
        channel="web",
        requested_at=timezone.now(),
    )


def test_navigator_plans_a_week_and_sees_each_request_planned_or_why_not(
    client: Client, personas: Personas, visit_request: VisitRequest, monday: date
) -> None:
    # No radiation oncologist holds clinic at Pasadena: the second request cannot be planned.
    other = services.visit_request_create(
        actor=personas.nina,
        case=_second_case(personas),
        earliest_day=monday,
        latest_day=monday + timedelta(days=2),
        needs=[services.NeedSpec(Service.RADIATION_ONCOLOGY, 60)],
    )
    response = _post(client, WEEK_PLANS, {"week_start": monday.isoformat()}, personas.nina)
    assert response.status_code == 200
    body = response.json()
    assert (body["planned"], body["unplanned"]) == (1, 1)
    rows = {row["request_id"]: row for row in body["requests"]}
    assert set(rows) == {visit_request.pk, other.pk}
    planned = rows[visit_request.pk]
    assert planned["planned"] is True
    assert planned["case_reference"] == personas.pat_case.reference
    assert [a["service"] for a in planned["itinerary"]["appointments"]] == [
        Service.CT,
        Service.MEDICAL_ONCOLOGY,
        Service.PLAN_WALKTHROUGH,
    ]
    refused = rows[other.pk]
    assert refused["planned"] is False and refused["itinerary"] is None
    assert refused["reasons"][0].startswith("No radiation oncologist consult free")
    visit_request.refresh_from_db()
    assert visit_request.status == RequestStatus.PROPOSED


def test_a_program_admin_may_plan_a_week(
    client: Client, personas: Personas, visit_request: VisitRequest, monday: date
) -> None:
    response = _post(client, WEEK_PLANS, {"week_start": monday.isoformat()}, personas.ada)
    assert response.status_code == 200
    assert [row["planned"] for row in response.json()["requests"]] == [True]


def test_a_clinician_may_not_plan_a_week(
    client: Client, personas: Personas, visit_request: VisitRequest, monday: date
) -> None:
    response = _post(client, WEEK_PLANS, {"week_start": monday.isoformat()}, personas.olivia)
    assert response.status_code == 403
    assert "navigators" in response.json()["message"]
    visit_request.refresh_from_db()
    assert visit_request.status == RequestStatus.WAITING
    assert not visit_request.itineraries.exists()


def test_another_sites_navigator_neither_plans_nor_sees_the_case(
    client: Client, personas: Personas, visit_request: VisitRequest, monday: date
) -> None:
    response = _post(client, WEEK_PLANS, {"week_start": monday.isoformat()}, personas.nate)
    assert response.status_code == 200
    assert response.json()["requests"] == []
    assert personas.pat_case.reference not in response.content.decode()
    visit_request.refresh_from_db()
    assert visit_request.status == RequestStatus.WAITING
    assert not visit_request.itineraries.exists()
    create = _post(
        client,
        f"/api/scheduling/cases/{personas.pat_case.pk}/visit-requests",
        {
            "earliest_day": monday.isoformat(),
            "latest_day": monday.isoformat(),
            "needs": [{"service": Service.CT, "duration_minutes": 30}],
        },
        personas.nate,
    )
    assert create.status_code == 404
    assert VisitRequest.objects.filter(case=personas.pat_case).count() == 1


def test_visit_request_keeps_arrival_and_leave_by_times_and_the_plan_honours_them(
    client: Client, personas: Personas, monday: date
) -> None:
    case_url = f"/api/scheduling/cases/{personas.pat_case.pk}"
    body = {
        "earliest_day": monday.isoformat(),
        "latest_day": (monday + timedelta(days=1)).isoformat(),
        "needs": [
            {"service": n.service, "duration_minutes": n.duration_minutes,
             "days_after_previous_stage": n.days_after_previous_stage}
            for n in STORY
        ],
        "arrive_after": "10:00",
        "leave_before": "14:00",
    }  # fmt: skip
    created = _post(client, f"{case_url}/visit-requests", body, personas.nina)
    assert created.status_code == 201
    stored = VisitRequest.objects.get(pk=created.json()["id"])
    assert (stored.arrive_after, stored.leave_before) == (time(10), time(14))
    planned = _post(client, f"{case_url}/plan", {}, personas.nina)
    assert planned.status_code == 200
    appointments = planned.json()["itinerary"]["appointments"]
    starts = [timezone.localtime(datetime.fromisoformat(a["starts_at"])) for a in appointments]
    ends = [timezone.localtime(datetime.fromisoformat(a["ends_at"])) for a in appointments]
    assert starts[0].date() == monday and starts[0].time() >= time(10)
    assert ends[-1].date() == monday + timedelta(days=1) and ends[-1].time() <= time(14)


def test_arrival_must_come_before_leave_by(
    client: Client, personas: Personas, monday: date
) -> None:
    body = {
        "earliest_day": monday.isoformat(),
        "latest_day": monday.isoformat(),
        "needs": [{"service": Service.CT, "duration_minutes": 30}],
        "arrive_after": "15:00",
        "leave_before": "09:00",
    }
    response = _post(
        client, f"/api/scheduling/cases/{personas.pat_case.pk}/visit-requests", body, personas.nina
    )
    assert response.status_code == 422
    assert not VisitRequest.objects.filter(case=personas.pat_case).exists()

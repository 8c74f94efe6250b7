"""Pages and API of visit planning, with who may see what."""

from __future__ import annotations

from datetime import date, timedelta

from django.test import Client
from django.urls import reverse

from secondlook.core.testing import Personas
from secondlook.scheduling import services
from secondlook.scheduling.models import VisitRequest


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_navigator_records_plans_and_accepts_from_the_case_page(
    personas: Personas, monday: date
) -> None:
    client = _client(personas.nina)
    case = personas.pat_case
    response = client.post(
        reverse("scheduling:request_create", args=[case.pk]),
        {
            "earliest_day": monday.isoformat(),
            "latest_day": (monday + timedelta(days=2)).isoformat(),
            "arrive_after": "08:00",
            "leave_before": "18:00",
            "gap_minutes": "15",
            "services": ["ct", "medical_oncology", "plan_walkthrough"],
            "walkthrough_next_day": "on",
        },
        follow=True,
    )
    assert "Visit request saved" in response.content.decode()
    request = VisitRequest.objects.get(case=case)
    response = client.post(reverse("scheduling:plan", args=[case.pk, request.pk]), follow=True)
    page = response.content.decode()
    assert "Proposed itinerary" in page
    assert "Accept and book this itinerary" in page
    itinerary = request.itineraries.get()
    response = client.post(reverse("scheduling:accept", args=[case.pk, itinerary.pk]), follow=True)
    assert "Itinerary booked" in response.content.decode()


def test_navigator_of_another_site_gets_404(
    personas: Personas, visit_request: VisitRequest
) -> None:
    client = _client(personas.nate)
    response = client.post(
        reverse("scheduling:plan", args=[personas.pat_case.pk, visit_request.pk])
    )
    assert response.status_code == 404
    response = _client(personas.nate).get(f"/api/scheduling/cases/{personas.pat_case.pk}/itinerary")
    assert response.status_code in (401, 404)


def test_patient_sees_own_itinerary_only(personas: Personas, visit_request: VisitRequest) -> None:
    itinerary = services.itinerary_plan(actor=personas.nina, request=visit_request).itinerary
    services.itinerary_accept(actor=personas.nina, itinerary=itinerary)
    own = _client(personas.pat).get(reverse("portal:case", args=[personas.pat_case.pk]))
    assert "Your visit itinerary" in own.content.decode()
    assert "Plan walkthrough" in own.content.decode()
    other = _client(personas.quinn).get(reverse("portal:case", args=[personas.pat_case.pk]))
    assert other.status_code == 404
    quinn_own = _client(personas.quinn).get(reverse("portal:case", args=[personas.quinn_case.pk]))
    assert "Your visit itinerary" not in quinn_own.content.decode()


def test_failure_reasons_and_alternatives_show_on_the_case_page(
    personas: Personas, visit_request: VisitRequest, monday: date
) -> None:
    from secondlook.scheduling.models import AvailabilityException

    for offset in range(3):
        AvailabilityException.objects.create(
            site=personas.pasadena, clinician=personas.olivia, day=monday + timedelta(days=offset)
        )
    client = _client(personas.nina)
    response = client.post(
        reverse("scheduling:plan", args=[personas.pat_case.pk, visit_request.pk]), follow=True
    )
    page = response.content.decode()
    assert "cannot be planned in this window" in page
    assert "No medical oncologist consult free at Pasadena Cancer Center" in page
    assert "Nearest windows that work" in page


def test_week_plan_page_is_for_navigators_and_admins(personas: Personas, monday: date) -> None:
    assert _client(personas.olivia).get(reverse("scheduling:week_plan")).status_code == 404
    response = _client(personas.ada).post(
        reverse("scheduling:week_plan"), {"week_start": monday.isoformat()}
    )
    assert response.status_code == 200
    assert "given a complete itinerary" in response.content.decode()

"""Visit planning API: read the itinerary, plan, accept. Same services as the pages."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from secondlook.cases.selectors import case_get_for
from secondlook.core.errors import NotFound
from secondlook.scheduling import services
from secondlook.scheduling.models import Itinerary, VisitRequest
from secondlook.scheduling.selectors import (
    itinerary_accepted_for_case,
    itinerary_latest,
    visit_request_current,
)

router = Router(tags=["scheduling"])


class AppointmentOut(Schema):
    service: str
    with_whom: str
    starts_at: datetime
    ends_at: datetime


class ItineraryOut(Schema):
    id: int
    status: str
    appointments: list[AppointmentOut]


class PlanOut(Schema):
    itinerary: ItineraryOut | None
    reasons: list[str]
    alternatives: list[dict]


class NeedIn(Schema):
    service: str
    duration_minutes: int = 60
    days_after_previous_stage: int = 0


class VisitRequestIn(Schema):
    earliest_day: date
    latest_day: date
    needs: list[NeedIn]
    gap_minutes: int = 15


def _out(itinerary: Itinerary | None) -> ItineraryOut | None:
    if itinerary is None:
        return None
    return ItineraryOut(
        id=itinerary.pk,
        status=itinerary.status,
        appointments=[
            AppointmentOut(
                service=a.service, with_whom=a.with_whom, starts_at=a.starts_at, ends_at=a.ends_at
            )
            for a in itinerary.appointments.all()
        ],
    )


@router.get("/cases/{case_id}/itinerary", response=ItineraryOut)
def itinerary_get(request: HttpRequest, case_id: int) -> ItineraryOut:
    """The booked itinerary (patients: their own case only)."""
    case = case_get_for(user=request.user, case_id=case_id, purpose="visit itinerary")
    found = _out(itinerary_accepted_for_case(case=case))
    if found is None:
        raise NotFound("No itinerary has been booked for this case yet.")
    return found


@router.post("/cases/{case_id}/visit-requests", response={201: dict})
def visit_request_post(request: HttpRequest, case_id: int, payload: VisitRequestIn) -> tuple:
    case = case_get_for(user=request.user, case_id=case_id, purpose="visit planning")
    created = services.visit_request_create(
        actor=request.user,
        case=case,
        earliest_day=payload.earliest_day,
        latest_day=payload.latest_day,
        needs=[services.NeedSpec(**n.dict()) for n in payload.needs],
        gap_minutes=payload.gap_minutes,
    )
    return Status(201, {"id": created.pk})


@router.post("/cases/{case_id}/plan", response=PlanOut)
def plan_post(request: HttpRequest, case_id: int) -> PlanOut:
    case = case_get_for(user=request.user, case_id=case_id, purpose="visit planning")
    current = visit_request_current(case=case)
    if current is None:
        raise NotFound("Record a visit request first.")
    outcome = services.itinerary_plan(actor=request.user, request=current)
    return PlanOut(
        itinerary=_out(outcome.itinerary),
        reasons=list(outcome.reasons),
        alternatives=list(outcome.alternatives),
    )


@router.post("/cases/{case_id}/itinerary/accept", response=ItineraryOut)
def accept_post(request: HttpRequest, case_id: int) -> ItineraryOut:
    case = case_get_for(user=request.user, case_id=case_id, purpose="visit planning")
    current: VisitRequest | None = visit_request_current(case=case)
    latest = itinerary_latest(request=current) if current is not None else None
    if latest is None:
        raise NotFound("There is no proposed itinerary to accept.")
    accepted = services.itinerary_accept(actor=request.user, itinerary=latest)
    result = _out(get_object_or_404(Itinerary, pk=accepted.pk))
    assert result is not None
    return result

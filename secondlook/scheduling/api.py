"""Visit planning API: read the itinerary, plan, accept. Same services as the pages."""

from __future__ import annotations

from datetime import date, datetime, time

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import model_validator

from secondlook.accounts.choices import Role
from secondlook.cases.permissions import can_coordinate
from secondlook.cases.selectors import case_get_for
from secondlook.core.errors import NotFound, PermissionDenied
from secondlook.scheduling import services
from secondlook.scheduling.models import Itinerary, VisitRequest
from secondlook.scheduling.selectors import (
    itinerary_accepted_for_case,
    itinerary_latest,
    requests_waiting,
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
    arrive_after: time = time(8, 0)
    leave_before: time = time(18, 0)

    @model_validator(mode="after")
    def _arrives_before_leaving(self) -> VisitRequestIn:
        # A one-day visit needs the patient to arrive before they must leave.
        if self.arrive_after >= self.leave_before:
            raise ValueError("arrive_after must be earlier than leave_before.")
        return self


class WeekPlanIn(Schema):
    week_start: date


class WeekRequestOut(Schema):
    request_id: int
    case_id: int
    case_reference: str
    planned: bool
    itinerary: ItineraryOut | None
    reasons: list[str]


class WeekPlanOut(Schema):
    week_start: date
    planned: int
    unplanned: int
    solve_seconds: float
    requests: list[WeekRequestOut]


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
        arrive_after=payload.arrive_after,
        leave_before=payload.leave_before,
        gap_minutes=payload.gap_minutes,
    )
    return Status(201, {"id": created.pk})


@router.post("/week-plans", response=WeekPlanOut)
def week_plan_post(request: HttpRequest, payload: WeekPlanIn) -> WeekPlanOut:
    """Plan every waiting request of the caller's sites for one week at once.

    The same service and rule as the "Plan a week" page: navigators and program admins
    only, and only the requests of cases they coordinate; each planned request gets a
    proposed itinerary to accept, each unplanned one keeps its reasons.
    """
    if request.user.role not in (Role.NAVIGATOR, Role.PROGRAM_ADMIN):
        raise PermissionDenied("Only navigators and program admins plan a week of visits.")
    waiting = [
        r
        for r in requests_waiting(user=request.user, week_start=payload.week_start)
        if can_coordinate(request.user, r.case)
    ]
    outcome = services.visit_week_plan(actor=request.user, week_start=payload.week_start)
    rows = []
    for visit in waiting:
        reasons = outcome.unplanned.get(visit.case.reference)
        rows.append(
            WeekRequestOut(
                request_id=visit.pk,
                case_id=visit.case.pk,
                case_reference=visit.case.reference,
                planned=reasons is None,
                itinerary=_out(itinerary_latest(request=visit)) if reasons is None else None,
                reasons=list(reasons or ()),
            )
        )
    return WeekPlanOut(
        week_start=payload.week_start,
        planned=outcome.planned,
        unplanned=len(outcome.unplanned),
        solve_seconds=round(outcome.solve_seconds, 3),
        requests=rows,
    )


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

"""Visit planning pages: thin — check the form, call one service, show its message."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from secondlook.accounts.choices import Role
from secondlook.cases.access import case_for_reading
from secondlook.cases.models import Case
from secondlook.core.errors import ApplicationError
from secondlook.scheduling import services
from secondlook.scheduling.choices import Service
from secondlook.scheduling.forms import (
    DEFAULT_MINUTES,
    AppointmentMoveForm,
    VisitRequestForm,
    WeekPlanForm,
    WindowForm,
)
from secondlook.scheduling.models import Appointment, Itinerary, VisitRequest


def _staff_case(request: HttpRequest, pk: int) -> Case:
    if not request.user.is_authenticated or not request.user.is_clinic_staff:
        raise Http404
    return case_for_reading(request, pk, "visit planning")


def _back(case: Case) -> HttpResponse:
    return redirect(f"{reverse('cases:detail', args=[case.pk])}#visit-heading")


@login_required
@require_POST
def request_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = _staff_case(request, pk)
    form = VisitRequestForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return _back(case)
    data = form.cleaned_data
    needs = [
        services.NeedSpec(
            service=service,
            duration_minutes=DEFAULT_MINUTES.get(service, 60),
            days_after_previous_stage=1
            if service == Service.PLAN_WALKTHROUGH and data["walkthrough_next_day"]
            else 0,
        )
        for service in data["services"]
    ]
    try:
        services.visit_request_create(
            actor=request.user,
            case=case,
            earliest_day=data["earliest_day"],
            latest_day=data["latest_day"],
            needs=needs,
            arrive_after=data["arrive_after"],
            leave_before=data["leave_before"],
            gap_minutes=data["gap_minutes"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Visit request saved. Now plan the visit.")
    return _back(case)


def _plan(request: HttpRequest, case: Case, visit_request: VisitRequest) -> None:
    try:
        outcome = services.itinerary_plan(actor=request.user, request=visit_request)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return
    if outcome.itinerary is not None:
        messages.success(request, "Itinerary proposed. Check it, then accept it to book.")
    else:
        messages.error(request, "The visit cannot be planned in this travel window.")


@login_required
@require_POST
def plan(request: HttpRequest, pk: int, request_id: int) -> HttpResponse:
    case = _staff_case(request, pk)
    visit_request = get_object_or_404(VisitRequest, pk=request_id, case=case)
    _plan(request, case, visit_request)
    return _back(case)


@login_required
@require_POST
def window_change(request: HttpRequest, pk: int, request_id: int) -> HttpResponse:
    """Take a suggested alternative window and plan again in it."""
    case = _staff_case(request, pk)
    visit_request = get_object_or_404(VisitRequest, pk=request_id, case=case)
    form = WindowForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a valid travel window.")
        return _back(case)
    try:
        services.visit_request_window_change(
            actor=request.user,
            request=visit_request,
            earliest_day=form.cleaned_data["earliest_day"],
            latest_day=form.cleaned_data["latest_day"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return _back(case)
    _plan(request, case, visit_request)
    return _back(case)


@login_required
@require_POST
def accept(request: HttpRequest, pk: int, itinerary_id: int) -> HttpResponse:
    case = _staff_case(request, pk)
    itinerary = get_object_or_404(Itinerary, pk=itinerary_id, request__case=case)
    try:
        services.itinerary_accept(actor=request.user, itinerary=itinerary)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Itinerary booked. The patient sees it in the portal.")
    return _back(case)


@login_required
@require_POST
def appointment_move(request: HttpRequest, pk: int, appointment_id: int) -> HttpResponse:
    case = _staff_case(request, pk)
    appointment = get_object_or_404(Appointment, pk=appointment_id, itinerary__request__case=case)
    form = AppointmentMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter the new date and time.")
        return _back(case)
    try:
        services.appointment_move(
            actor=request.user, appointment=appointment, starts_at=form.cleaned_data["starts_at"]
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Appointment moved.")
    return _back(case)


@login_required
@require_http_methods(["GET", "POST"])
def week_plan(request: HttpRequest) -> HttpResponse:
    """Plan a whole week of waiting visit requests at once (navigators and program admins)."""
    if request.user.role not in (Role.NAVIGATOR, Role.PROGRAM_ADMIN):
        raise Http404
    today = timezone.localdate()
    next_monday = today + timedelta(days=(7 - today.weekday()) % 7 or 7)
    form = WeekPlanForm(request.POST or None, initial={"week_start": next_monday})
    outcome = None
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.visit_week_plan(
                actor=request.user, week_start=form.cleaned_data["week_start"]
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
    return render(request, "scheduling/week_plan.html", {"form": form, "outcome": outcome})

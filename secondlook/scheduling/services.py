"""Writes for visit planning: record what the patient needs, plan, accept, edit, re-plan.

Every write checks that the actor coordinates the case (owning navigator or program
admin), writes the audit row and the case timeline entry in the same transaction, and
tells the patient by e-mail (no clinical detail) after commit when their accepted plan
changes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from secondlook.accounts.models import User
from secondlook.accounts.selectors import program_current
from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record
from secondlook.cases.choices import CaseStatus, EventKind, TaskKind
from secondlook.cases.models import Case, Task
from secondlook.cases.permissions import can_coordinate
from secondlook.cases.services import case_event_record, case_visit_schedule
from secondlook.core.errors import Conflict, PermissionDenied, ValidationFailed
from secondlook.scheduling import planner
from secondlook.scheduling.choices import ItineraryStatus, RequestStatus, Service
from secondlook.scheduling.models import (
    Appointment,
    ClinicTemplate,
    Itinerary,
    VisitNeed,
    VisitRequest,
)
from secondlook.scheduling.selectors import free_slots, visit_ask_for, walkthrough_ahead_for

ALTERNATIVE_SEARCH_DAYS = 21


@dataclass(frozen=True)
class NeedSpec:
    service: str
    duration_minutes: int = 60
    days_after_previous_stage: int = 0


@dataclass(frozen=True)
class PlanOutcome:
    itinerary: Itinerary | None
    reasons: tuple[str, ...] = ()
    alternatives: tuple[dict[str, object], ...] = ()


def _require_coordinator(actor: User, case: Case) -> None:
    if not can_coordinate(actor, case):
        raise PermissionDenied("Only the case's navigator (or a program admin) plans the visit.")


def _audit(actor: User, target: object, case: Case, action: str, purpose: str) -> None:
    audit_record(
        actor=actor, action=action, target=target, case_reference=case.reference, purpose=purpose
    )


@transaction.atomic
def visit_request_create(
    *,
    actor: User,
    case: Case,
    earliest_day: date,
    latest_day: date,
    needs: list[NeedSpec],
    arrive_after: time = time(8, 0),
    leave_before: time = time(18, 0),
    gap_minutes: int = 15,
) -> VisitRequest:
    """What the patient needs and when they can travel; replaces an earlier open request."""
    _require_coordinator(actor, case)
    if not case.is_open:
        raise ValidationFailed("This case has ended; there is no visit to plan.")
    if latest_day < earliest_day:
        raise ValidationFailed("The last travel day must be on or after the first.")
    if earliest_day < timezone.localdate():
        raise ValidationFailed("The travel window must start today or later.")
    if not needs:
        raise ValidationFailed("Choose at least one appointment the patient needs.")
    valid = set(Service.values)
    for need in needs:
        if need.service not in valid or not 10 <= need.duration_minutes <= 480:
            raise ValidationFailed("Each appointment needs a known service and 10–480 minutes.")
    case.visit_requests.filter(status__in=[RequestStatus.WAITING, RequestStatus.PROPOSED]).update(
        status=RequestStatus.CANCELLED
    )
    request = VisitRequest.objects.create(
        case=case,
        earliest_day=earliest_day,
        latest_day=latest_day,
        arrive_after=arrive_after,
        leave_before=leave_before,
        gap_minutes=gap_minutes,
        urgent=case.urgency == "urgent",
        created_by=actor,
    )
    VisitNeed.objects.bulk_create(
        VisitNeed(
            request=request,
            service=n.service,
            duration_minutes=n.duration_minutes,
            days_after_previous_stage=n.days_after_previous_stage,
        )
        for n in needs
    )
    _audit(actor, request, case, AuditAction.CREATE, "visit request")
    case_event_record(
        case=case,
        actor=actor,
        kind=EventKind.UPDATED,
        summary=f"Visit request: {len(needs)} appointments, "
        f"{earliest_day:%d %b} to {latest_day:%d %b}",
    )
    return request


def _save_itinerary(
    *, actor: User | None, request: VisitRequest, itinerary: planner.Itinerary
) -> Itinerary:
    request.itineraries.filter(status=ItineraryStatus.PROPOSED).update(
        status=ItineraryStatus.SUPERSEDED
    )
    stored = Itinerary.objects.create(request=request, planned_by=actor)
    templates = ClinicTemplate.objects.in_bulk([int(a.resource_id) for a in itinerary.appointments])
    rows = []
    for planned in itinerary.appointments:
        template = templates[int(planned.resource_id)]
        start = timezone.make_aware(datetime.combine(planned.day, time()))
        rows.append(
            Appointment(
                itinerary=stored,
                service=planned.service,
                site_id=template.site_id,
                template=template,
                clinician_id=template.clinician_id,
                scanner_id=template.scanner_id,
                room_id=template.room_id,
                with_whom=planned.resource_label,
                starts_at=start + timedelta(minutes=planned.start_minute),
                ends_at=start + timedelta(minutes=planned.end_minute),
            )
        )
    Appointment.objects.bulk_create(rows)
    request.status = RequestStatus.PROPOSED
    request.problems = []
    request.save(update_fields=["status", "problems", "updated_at"])
    return stored


def _alternative_summary(itinerary: planner.Itinerary) -> dict[str, object]:
    return {
        "first_day": itinerary.first_day.isoformat(),
        "last_day": itinerary.last_day.isoformat(),
        "days": itinerary.days_on_site,
    }


@transaction.atomic
def itinerary_plan(*, actor: User, request: VisitRequest) -> PlanOutcome:
    """Ask the planner for this request; on failure keep the reasons and nearest windows."""
    case = request.case
    _require_coordinator(actor, case)
    if request.status in (RequestStatus.CANCELLED, RequestStatus.ACCEPTED):
        raise Conflict("This request is closed; record a new visit request to re-plan.")
    ask = visit_ask_for(request)
    slots = free_slots(
        sites=[case.site],
        first_day=request.earliest_day,
        last_day=request.latest_day + timedelta(days=ALTERNATIVE_SEARCH_DAYS),
    )
    result = planner.plan([ask], slots, time_limit_seconds=2.0, workers=2)
    _audit(actor, request, case, AuditAction.UPDATE, "visit planning")
    found = result.itineraries.get(ask.key)
    if found is not None:
        stored = _save_itinerary(actor=actor, request=request, itinerary=found)
        case_event_record(
            case=case,
            actor=actor,
            kind=EventKind.UPDATED,
            summary=f"Visit itinerary proposed: {found.days_on_site} day(s) from "
            f"{found.first_day:%d %b}",
        )
        return PlanOutcome(itinerary=stored)
    reasons = result.unplanned[ask.key].reasons
    options = tuple(
        _alternative_summary(alt)
        for alt in planner.alternatives(ask, slots, search_days=ALTERNATIVE_SEARCH_DAYS)
    )
    request.problems = [{"reasons": list(reasons), "alternatives": list(options)}]
    request.status = RequestStatus.WAITING
    request.save(update_fields=["problems", "status", "updated_at"])
    return PlanOutcome(itinerary=None, reasons=reasons, alternatives=options)


@transaction.atomic
def visit_request_window_change(
    *, actor: User, request: VisitRequest, earliest_day: date, latest_day: date
) -> VisitRequest:
    """Move the travel window (e.g. to a suggested alternative) before re-planning."""
    _require_coordinator(actor, request.case)
    if latest_day < earliest_day or earliest_day < timezone.localdate():
        raise ValidationFailed("Choose a travel window from today on, first day before last.")
    request.earliest_day, request.latest_day = earliest_day, latest_day
    request.status = RequestStatus.WAITING
    request.save(update_fields=["earliest_day", "latest_day", "status", "updated_at"])
    _audit(actor, request, request.case, AuditAction.UPDATE, "travel window changed")
    return request


def _overlapping_bookings(appointment: Appointment) -> bool:
    """Whether another accepted itinerary holds the clinician, scanner or room meanwhile:
    the same resources `free_slots` treats as taken."""
    booked = Appointment.objects.filter(
        itinerary__status=ItineraryStatus.ACCEPTED,
        starts_at__lt=appointment.ends_at,
        ends_at__gt=appointment.starts_at,
    ).exclude(itinerary__request=appointment.itinerary.request)
    if appointment.clinician_id:
        held = Q(clinician_id=appointment.clinician_id)
    else:
        held = Q(scanner_id=appointment.scanner_id)
    if appointment.room_id:
        held |= Q(room_id=appointment.room_id)
    return booked.filter(held).exists()


@transaction.atomic
def itinerary_accept(*, actor: User, itinerary: Itinerary) -> Itinerary:
    """Book the proposed itinerary.

    A case under review moves to VISIT_SCHEDULED at the first appointment (the lifecycle
    service writes that event). A case elsewhere in the lifecycle — e.g. a visit already
    scheduled and now re-planned, or an earlier state where the visit is arranged ahead
    of review — keeps its status: the itinerary is recorded on the timeline only, because
    scheduling must not skip the review guards.
    """
    itinerary = (
        Itinerary.objects.select_for_update().select_related("request__case").get(pk=itinerary.pk)
    )
    request = itinerary.request
    case = request.case
    _require_coordinator(actor, case)
    if itinerary.status != ItineraryStatus.PROPOSED:
        raise Conflict("Only a proposed itinerary can be accepted; plan the visit again.")
    appointments = list(itinerary.appointments.all())
    if not appointments:
        raise ValidationFailed("This itinerary has no appointments.")
    if appointments[0].starts_at <= timezone.now():
        raise Conflict("The first appointment has already passed; plan the visit again.")
    if any(_overlapping_bookings(a) for a in appointments):
        raise Conflict("Someone booked one of these slots in the meantime; plan the visit again.")
    changed = Itinerary.objects.filter(request__case=case, status=ItineraryStatus.ACCEPTED).update(
        status=ItineraryStatus.SUPERSEDED
    )
    itinerary.status = ItineraryStatus.ACCEPTED
    itinerary.accepted_by = actor
    itinerary.accepted_at = timezone.now()
    itinerary.save(update_fields=["status", "accepted_by", "accepted_at", "updated_at"])
    request.status = RequestStatus.ACCEPTED
    request.save(update_fields=["status", "updated_at"])
    _audit(actor, itinerary, case, AuditAction.UPDATE, "itinerary accepted")
    first = appointments[0].starts_at
    if case.status == CaseStatus.UNDER_REVIEW:
        case_visit_schedule(actor=actor, case=case, visit_at=first, reason="Itinerary accepted")
    else:
        case_event_record(
            case=case,
            actor=actor,
            kind=EventKind.UPDATED,
            summary=f"Visit itinerary {'changed' if changed else 'booked'}: "
            f"{len(appointments)} appointments from {timezone.localtime(first):%a %d %b %H:%M}",
        )
    review_task_due_at_walkthrough(case=case)
    from secondlook.core.extensions import itinerary_accepted_hooks
    from secondlook.scheduling.tasks import notify_itinerary_changed

    for hook in itinerary_accepted_hooks():
        hook(actor=actor, case=case)
    transaction.on_commit(lambda: notify_itinerary_changed(case.pk))
    return itinerary


def review_task_due_at_walkthrough(*, case: Case) -> int:
    """Bring the attending's open review task forward to the plan walkthrough.

    The signed opinion is handed to the patient at the walkthrough, so the attending must
    have signed by then; due at its start, the in-person patient heads the attending's
    list. Only ever earlier: a walkthrough after the task's due date leaves it alone, and
    a re-plan to a later walkthrough keeps the earlier date. The timeline stays quiet, as
    when tasks follow a moved SLA deadline. Returns how many tasks moved.
    """
    if case.reviewer_id is None:
        return 0
    walkthrough = walkthrough_ahead_for(case=case)
    if walkthrough is None:
        return 0
    return (
        Task.objects.filter(
            case=case,
            kind=TaskKind.REVIEW,
            assignee_id=case.reviewer_id,
            completed_at__isnull=True,
        )
        .filter(Q(due_at__isnull=True) | Q(due_at__gt=walkthrough))
        .update(due_at=walkthrough)
    )


def review_task_due_at_walkthrough_on_review_start(*, actor: User, case: Case) -> None:
    """A visit can be booked before review starts; the review task then opens on the SLA
    deadline and is brought forward to the walkthrough at once."""
    review_task_due_at_walkthrough(case=case)


@transaction.atomic
def appointment_move(*, actor: User, appointment: Appointment, starts_at: datetime) -> Appointment:
    """Edit a proposed itinerary: move one appointment to another free slot of its clinic."""
    appointment = Appointment.objects.select_related(
        "itinerary__request__case__site", "template"
    ).get(pk=appointment.pk)
    itinerary = appointment.itinerary
    case = itinerary.request.case
    _require_coordinator(actor, case)
    if itinerary.status != ItineraryStatus.PROPOSED:
        raise Conflict("Only a proposed itinerary can be edited; plan the visit again.")
    day = timezone.localtime(starts_at).date()
    minute = timezone.localtime(starts_at).hour * 60 + timezone.localtime(starts_at).minute
    same_owner = ClinicTemplate.objects.filter(
        site=case.site,
        service=appointment.service,
        clinician_id=appointment.clinician_id,
        scanner_id=appointment.scanner_id,
    )
    owner_templates = {str(pk): room_id for pk, room_id in same_owner.values_list("pk", "room")}
    free = [
        s
        for s in free_slots(sites=[case.site], first_day=day, last_day=day)
        if s.resource_id in owner_templates and s.start_minute == minute
    ]
    if not free:
        raise ValidationFailed(
            f"{appointment.with_whom} has no free {appointment.get_service_display().lower()} "
            f"slot at {timezone.localtime(starts_at):%a %d %b %H:%M}."
        )
    length = appointment.ends_at - appointment.starts_at
    needed = int(length.total_seconds()) // 60
    long_enough = [s for s in free if s.end_minute - s.start_minute >= needed]
    if not long_enough:
        raise ValidationFailed(
            f"The slot at {timezone.localtime(starts_at):%a %d %b %H:%M} is "
            f"{max(s.end_minute - s.start_minute for s in free)} minutes; this appointment "
            f"takes {needed}."
        )
    appointment.starts_at, appointment.ends_at = starts_at, starts_at + length
    ask = visit_ask_for(itinerary.request)
    others = [a for a in itinerary.appointments.all() if a.pk != appointment.pk]
    _refuse_clash(appointment, others, gap_minutes=ask.gap_minutes)
    others.append(appointment)
    if len(others) == len(ask.needs) and not planner.respects_order(ask, _as_planned(ask, others)):
        raise ValidationFailed(
            "That time breaks the order of the visit: imaging before consults, consults "
            "before the plan walkthrough, with travel time between them."
        )
    if not ask.earliest_day <= day <= ask.latest_day:
        raise ValidationFailed("That day is outside the patient's travel window.")
    appointment.template_id = int(long_enough[0].resource_id)
    appointment.room_id = owner_templates[long_enough[0].resource_id]
    appointment.save(update_fields=["starts_at", "ends_at", "template", "room"])
    _audit(actor, appointment, case, AuditAction.UPDATE, "appointment moved")
    return appointment


def _refuse_clash(moved: Appointment, others: list[Appointment], *, gap_minutes: int) -> None:
    """The patient is in one place at a time and needs the travel gap between places.

    The order check only compares appointments of different stages, so two consults (or
    a consult and the supportive-care intake) could otherwise land on the same hour.
    """
    gap = timedelta(minutes=gap_minutes)
    for other in others:
        if moved.starts_at < other.ends_at + gap and other.starts_at < moved.ends_at + gap:
            travel = f", with {gap_minutes} minutes to get from one to the next" if gap else ""
            raise ValidationFailed(
                f"That time clashes with the patient's {other.get_service_display().lower()} "
                f"at {timezone.localtime(other.starts_at):%a %d %b %H:%M}: the patient's "
                f"appointments may not overlap{travel}."
            )


def _as_planned(ask: planner.VisitAsk, appointments: list[Appointment]) -> planner.Itinerary:
    """Stored appointments matched to the request's needs by service, for the order check."""
    remaining = list(appointments)
    rows = []
    for need in ask.needs:
        match = next(a for a in remaining if a.service == need.service)
        remaining.remove(match)
        local = timezone.localtime(match.starts_at)
        end = timezone.localtime(match.ends_at)
        rows.append(
            planner.PlannedAppointment(
                need_key=need.key,
                service=need.service,
                label=need.label,
                resource_id=str(match.template_id),
                resource_label=match.with_whom,
                day=local.date(),
                start_minute=local.hour * 60 + local.minute,
                end_minute=end.hour * 60 + end.minute,
            )
        )
    return planner.Itinerary(ask.key, tuple(rows))


@dataclass(frozen=True)
class WeekOutcome:
    planned: int
    unplanned: dict[str, tuple[str, ...]]
    solve_seconds: float


@transaction.atomic
def visit_week_plan(
    *, actor: User, week_start: date, time_limit_seconds: float = 4.0
) -> WeekOutcome:
    """Plan every waiting request of the actor's sites for one week at once.

    The planner maximises the number of complete single-visit itineraries; each planned
    request gets a proposed itinerary for its navigator to accept, each unplanned one
    keeps the reasons.
    """
    from secondlook.scheduling.selectors import requests_waiting

    requests = [
        r
        for r in requests_waiting(user=actor, week_start=week_start)
        if can_coordinate(actor, r.case)
    ]
    if not requests:
        return WeekOutcome(0, {}, 0.0)
    week_end = week_start + timedelta(days=6)
    asks = []
    for request in requests:
        ask = visit_ask_for(request)
        asks.append(
            replace(
                ask,
                earliest_day=max(ask.earliest_day, week_start),
                latest_day=min(ask.latest_day, week_end),
            )
        )
    sites = list({r.case.site.pk: r.case.site for r in requests}.values())
    slots = free_slots(sites=sites, first_day=week_start, last_day=week_end)
    result = planner.plan(asks, slots, time_limit_seconds=time_limit_seconds, workers=2)
    unplanned: dict[str, tuple[str, ...]] = {}
    for request in requests:
        found = result.itineraries.get(str(request.pk))
        if found is not None:
            _save_itinerary(actor=actor, request=request, itinerary=found)
        else:
            reasons = result.unplanned[str(request.pk)].reasons
            request.problems = [{"reasons": list(reasons), "alternatives": None}]
            request.save(update_fields=["problems", "updated_at"])
            unplanned[request.case.reference] = reasons
        _audit(actor, request, request.case, AuditAction.UPDATE, "week planning")
    return WeekOutcome(len(result.itineraries), unplanned, result.solve_seconds)


def itinerary_notice_send(*, case_id: int) -> None:
    """E-mail the patient that their visit plan is set or changed; no clinical detail."""
    case = Case.objects.select_related("patient", "site").filter(pk=case_id).first()
    if case is None or not case.patient.email:
        return
    program = program_current()
    message = render_to_string(
        "scheduling/email/itinerary_changed.txt",
        {
            "first_name": case.patient.first_name,
            "program": program,
            "portal_url": f"{settings.SECONDLOOK_SITE_URL.rstrip('/')}{reverse('portal:home')}",
            "phone": case.site.phone or (program.phone if program else ""),
        },
    )
    send_mail(
        "Your visit plan has been updated",
        message,
        None,
        [case.patient.email],
    )

"""Reads for visit planning: free slots for the planner, requests and itineraries by user."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from secondlook.accounts.models import Site, User
from secondlook.cases.models import Case
from secondlook.cases.selectors import cases_visible_to
from secondlook.core.business_days import is_business_day
from secondlook.core.extensions import read_once_per_render
from secondlook.scheduling.choices import ItineraryStatus, RequestStatus, Service, stage_of
from secondlook.scheduling.models import (
    Appointment,
    AvailabilityException,
    ClinicTemplate,
    Itinerary,
    SiteCalendar,
    VisitRequest,
)
from secondlook.scheduling.planner import Need, Slot, VisitAsk


def _minutes(moment: datetime) -> int:
    local = timezone.localtime(moment)
    return local.hour * 60 + local.minute


def site_is_open(site: Site, day: date) -> bool:
    """Weekdays that are not public holidays where the site is."""
    calendar = SiteCalendar.objects.filter(site=site).first()
    if calendar is not None:
        country, subdivision = calendar.holiday_country, calendar.holiday_subdivision
    else:
        program = site.program
        country, subdivision = program.holiday_country, program.holiday_subdivision
    return is_business_day(day, country=country, subdivision=subdivision or None)


def free_slots(*, sites: list[Site], first_day: date, last_day: date) -> list[Slot]:
    """Every free slot of every clinic template at these sites in these days.

    Slots overlapping an appointment of an accepted itinerary of the same clinician or
    scanner are taken, and so are slots in a room such an appointment occupies: templates
    may not share a room at the same hours (`ClinicTemplate.clean`), but templates saved
    before that rule still could. The resource id is the template, so the planner's answer
    maps back to clinician, scanner and room.
    """
    templates = list(
        ClinicTemplate.objects.filter(site__in=sites).select_related(
            "site", "clinician", "scanner", "room"
        )
    )
    away = {
        (e.clinician_id, e.scanner_id, e.day)
        for e in AvailabilityException.objects.filter(
            site__in=sites, day__gte=first_day, day__lte=last_day
        )
    }
    booked: dict[tuple[str, int], list[tuple[datetime, datetime]]] = defaultdict(list)
    for appointment in Appointment.objects.filter(
        itinerary__status=ItineraryStatus.ACCEPTED,
        site__in=sites,
        starts_at__date__gte=first_day - timedelta(days=1),
        starts_at__date__lte=last_day + timedelta(days=1),
    ):
        if appointment.clinician_id:
            booked[("clinician", appointment.clinician_id)].append(
                (appointment.starts_at, appointment.ends_at)
            )
        if appointment.scanner_id:
            booked[("scanner", appointment.scanner_id)].append(
                (appointment.starts_at, appointment.ends_at)
            )
        if appointment.room_id:
            booked[("room", appointment.room_id)].append(
                (appointment.starts_at, appointment.ends_at)
            )
    open_days = {
        (site.pk, first_day + timedelta(days=i))
        for site in sites
        for i in range((last_day - first_day).days + 1)
        if site_is_open(site, first_day + timedelta(days=i))
    }
    slots = []
    for template in templates:
        owner = (
            ("scanner", template.scanner_id)
            if template.scanner_id
            else ("clinician", template.clinician_id)
        )
        taken = booked[owner] + (booked[("room", template.room_id)] if template.room_id else [])
        for offset in range((last_day - first_day).days + 1):
            day = first_day + timedelta(days=offset)
            if day.weekday() != template.weekday or (template.site_id, day) not in open_days:
                continue
            if (template.clinician_id, template.scanner_id, day) in away:
                continue
            start = timezone.make_aware(datetime.combine(day, template.starts_at))
            close = timezone.make_aware(datetime.combine(day, template.ends_at))
            step = timedelta(minutes=template.slot_minutes)
            while start + step <= close:
                end = start + step
                if not any(s < end and start < e for s, e in taken):
                    slots.append(
                        Slot(
                            resource_id=str(template.pk),
                            resource_label=template.resource_label,
                            site=template.site.code,
                            service=template.service,
                            day=day,
                            start_minute=_minutes(start),
                            end_minute=_minutes(start) + template.slot_minutes,
                        )
                    )
                start = end
    return slots


def visit_ask_for(request: VisitRequest) -> VisitAsk:
    """The planner's view of a stored request."""
    site = request.case.site
    return VisitAsk(
        key=str(request.pk),
        site=site.code,
        site_label=site.name,
        needs=tuple(
            Need(
                key=str(need.pk),
                service=need.service,
                label=need.get_service_display(),
                duration_minutes=need.duration_minutes,
                stage=stage_of(need.service),
                days_after_previous_stage=need.days_after_previous_stage,
            )
            for need in request.needs.all()
        ),
        earliest_day=request.earliest_day,
        latest_day=request.latest_day,
        urgent=request.urgent,
        arrive_after_minute=request.arrive_after.hour * 60 + request.arrive_after.minute,
        leave_before_minute=request.leave_before.hour * 60 + request.leave_before.minute,
        gap_minutes=request.gap_minutes,
    )


def visit_request_current(*, case: Case) -> VisitRequest | None:
    """The newest request that is not cancelled; the caller has checked access."""
    return (
        case.visit_requests.exclude(status=RequestStatus.CANCELLED)
        .prefetch_related("needs")
        .order_by("-created_at", "-id")
        .first()
    )


def itinerary_latest(*, request: VisitRequest) -> Itinerary | None:
    return (
        request.itineraries.exclude(status=ItineraryStatus.SUPERSEDED)
        .prefetch_related("appointments__room", "appointments__site")
        .order_by("-created_at", "-id")
        .first()
    )


def itinerary_accepted_for_case(*, case: Case) -> Itinerary | None:
    """The visit the patient agreed to; the visit and travel panels share one read."""
    return read_once_per_render(
        ("itinerary_accepted", case.pk),
        lambda: (
            Itinerary.objects.filter(request__case=case, status=ItineraryStatus.ACCEPTED)
            .prefetch_related("appointments__room", "appointments__site")
            .order_by("-accepted_at", "-id")
            .first()
        ),
    )


def walkthrough_ahead_for(*, case: Case) -> datetime | None:
    """When the plan walkthrough of the case's accepted itinerary starts, if it is still
    ahead: the signed opinion is handed over there, so the review and delivery tasks
    are due then. None when no visit is booked or its walkthrough has passed."""
    return (
        Appointment.objects.filter(
            itinerary__request__case=case,
            itinerary__status=ItineraryStatus.ACCEPTED,
            service=Service.PLAN_WALKTHROUGH,
            starts_at__gt=timezone.now(),
        )
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )


def patient_itinerary(*, user: User, case: Case) -> Itinerary | None:
    """The accepted itinerary of the patient's own case; nothing for anyone else's."""
    if not cases_visible_to(user=user).filter(pk=case.pk, patient__user=user).exists():
        return None
    return itinerary_accepted_for_case(case=case)


def requests_waiting(*, user: User, week_start: date) -> QuerySet[VisitRequest]:
    """Requests at the user's sites whose travel window touches the week, not yet accepted."""
    week_end = week_start + timedelta(days=6)
    return (
        VisitRequest.objects.filter(
            case__in=cases_visible_to(user=user),
            status__in=[RequestStatus.WAITING, RequestStatus.PROPOSED],
            earliest_day__lte=week_end,
            latest_day__gte=week_start,
        )
        .select_related("case", "case__site", "case__patient")
        .prefetch_related("needs")
        .order_by("-urgent", "earliest_day", "id")
    )

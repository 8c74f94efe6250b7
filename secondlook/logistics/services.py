"""Writes for travel and lodging: requests, bookings, cancellations.

The government-payer rule is enforced here, not only in the page: every write that
gives a benefit re-checks eligibility and refuses with the reason. Lodging nights and
travel dates follow the accepted visit itinerary: a re-plan re-derives what is only
requested, asks the navigator to re-book what is already booked, and a booking whose
dates no longer fit the visit cannot be confirmed.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from secondlook.accounts.models import User
from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record
from secondlook.cases.choices import EventKind, TaskKind
from secondlook.cases.models import Case, Task
from secondlook.cases.permissions import can_coordinate
from secondlook.cases.services import case_event_record
from secondlook.core.errors import Conflict, PermissionDenied, ValidationFailed
from secondlook.logistics.choices import BookingKind, BookingStatus, TransportMode
from secondlook.logistics.eligibility import travel_eligibility
from secondlook.logistics.models import Booking, PartnerHotel

if TYPE_CHECKING:
    from secondlook.scheduling.models import Itinerary

REBOOK_TASK_TITLE = "Itinerary changed: re-book"
CENT = Decimal("0.01")


class BenefitNotAllowed(Conflict):
    """The patient may not receive this benefit; the message says why."""


def _require_coordinator(actor: User, case: Case) -> None:
    if not can_coordinate(actor, case):
        raise PermissionDenied("Only the case's navigator (or a program admin) arranges travel.")
    if not case.is_open:
        raise ValidationFailed("This case has ended; no travel can be arranged for it.")


def _require_eligible(case: Case) -> None:
    eligibility = travel_eligibility(case)
    if not eligibility.eligible:
        raise BenefitNotAllowed(eligibility.reason)


def _record(actor: User, booking: Booking, action: str, summary: str) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=booking,
        case_reference=booking.case.reference,
        purpose="travel and lodging",
    )
    case_event_record(case=booking.case, actor=actor, kind=EventKind.UPDATED, summary=summary)


@transaction.atomic
def transport_request(
    *,
    actor: User,
    case: Case,
    mode: str,
    origin: str,
    outbound_on: date,
    return_on: date,
    with_caregiver: bool,
    estimated_cost: Decimal | None = None,
    miles: int | None = None,
) -> Booking:
    """Transport for the patient (and one caregiver), paid in full by the program.

    Own-car travel with its miles and no typed cost is priced at the program's mileage
    rate, so the cost estimate is known without anyone doing the sum; a typed cost (a
    toll road, a quote) still wins.
    """
    _require_coordinator(actor, case)
    _require_eligible(case)
    if mode not in TransportMode.values:
        raise ValidationFailed("Choose flight, train, car service or own car.")
    if return_on < outbound_on:
        raise ValidationFailed("The return must be on or after the outbound day.")
    if estimated_cost is not None and estimated_cost < 0:
        raise ValidationFailed("The cost cannot be negative.")
    if miles is not None and mode != TransportMode.MILEAGE:
        raise ValidationFailed("Miles are paid only for own-car travel; choose own car.")
    if miles is not None and miles < 0:
        raise ValidationFailed("The miles cannot be negative.")
    if estimated_cost is None and miles is not None:
        estimated_cost = mileage_cost(miles)
    booking = Booking.objects.create(
        case=case,
        kind=BookingKind.TRANSPORT,
        mode=mode,
        origin=origin.strip(),
        outbound_on=outbound_on,
        return_on=return_on,
        with_caregiver=with_caregiver,
        miles=miles,
        total_cost=estimated_cost,
        program_pays=estimated_cost or Decimal("0"),
        patient_pays=Decimal("0"),
        requested_by=actor,
    )
    _record(
        actor,
        booking,
        AuditAction.CREATE,
        f"Transport requested ({TransportMode(mode).label.lower()}, "
        f"{booking.travellers} traveller{'s' if booking.travellers > 1 else ''})",
    )
    return booking


def mileage_cost(miles: int) -> Decimal:
    """What the program pays for own-car miles, at its rate per mile, to the cent."""
    return (Decimal(miles) * settings.SECONDLOOK_MILEAGE_RATE).quantize(CENT, ROUND_HALF_UP)


def _accepted_itinerary(case: Case) -> Itinerary | None:
    from secondlook.scheduling.selectors import itinerary_accepted_for_case

    return itinerary_accepted_for_case(case=case)


def _visit_days(itinerary: Itinerary) -> tuple[date, date]:
    """The first and last day of the visit, in the clinic's time zone."""
    days = [timezone.localtime(a.starts_at).date() for a in itinerary.appointments.all()]
    return min(days), max(days)


def _nights_for(first_day: date, last_day: date) -> tuple[date, date]:
    """Check-in the evening before the first appointment, check-out on the last day."""
    return first_day - timedelta(days=1), last_day


def _fits_visit(booking: Booking, first_day: date, last_day: date) -> bool:
    """Transport out on the first day or the day before, back on the last day or the
    day after: the patient is there for every appointment and not longer than needed."""
    return (
        booking.outbound_on is not None
        and booking.return_on is not None
        and first_day - timedelta(days=1) <= booking.outbound_on <= first_day
        and last_day <= booking.return_on <= last_day + timedelta(days=1)
    )


def _span(first_day: date, last_day: date) -> str:
    if first_day == last_day:
        return f"{first_day:%a %d %b}"
    return f"{first_day:%a %d %b} to {last_day:%a %d %b}"


def lodging_nights(case: Case) -> tuple[date, date]:
    """Check-in the evening before the first appointment, check-out on the last day."""
    itinerary = _accepted_itinerary(case)
    if itinerary is None:
        raise ValidationFailed(
            "Book lodging after the visit itinerary is accepted: the nights come from it."
        )
    return _nights_for(*_visit_days(itinerary))


def _lodging_terms(hotel: PartnerHotel, check_in: date, check_out: date) -> dict[str, object]:
    """The dates, nights and who pays what for a room at this hotel for these nights."""
    nights = (check_out - check_in).days
    return {
        "outbound_on": check_in,
        "return_on": check_out,
        "nights": nights,
        "total_cost": hotel.nightly_rate * nights,
        "program_pays": hotel.program_pays_per_night * nights,
        "patient_pays": hotel.patient_pays_per_night * nights,
    }


@transaction.atomic
def lodging_request(
    *, actor: User, case: Case, hotel: PartnerHotel, with_caregiver: bool
) -> Booking:
    """One room for the patient and a caregiver at a partner hotel, nights from the itinerary."""
    _require_coordinator(actor, case)
    _require_eligible(case)
    if hotel.site_id != case.site_id or not hotel.active:
        raise ValidationFailed("Choose an active partner hotel of the case's site.")
    booking = Booking.objects.create(
        case=case,
        kind=BookingKind.LODGING,
        hotel=hotel,
        with_caregiver=with_caregiver,
        requested_by=actor,
        **_lodging_terms(hotel, *lodging_nights(case)),
    )
    nights = booking.nights
    _record(
        actor,
        booking,
        AuditAction.CREATE,
        f"Lodging requested: {hotel.name}, {nights} night{'s' if nights != 1 else ''}",
    )
    return booking


def _require_fits_visit(booking: Booking) -> None:
    """Lodging for exactly the accepted itinerary's nights; transport around its days.

    Transport asked for before any visit is planned has nothing to be checked against.
    """
    itinerary = _accepted_itinerary(booking.case)
    if itinerary is None:
        if booking.kind == BookingKind.LODGING:
            raise Conflict(
                "The case has no accepted visit itinerary any more, so these nights cannot "
                "be checked: accept an itinerary, then cancel this request and request "
                "lodging again."
            )
        return
    first_day, last_day = _visit_days(itinerary)
    booked = _span(booking.outbound_on, booking.return_on)
    if booking.kind == BookingKind.LODGING:
        check_in, check_out = _nights_for(first_day, last_day)
        if (booking.outbound_on, booking.return_on) != (check_in, check_out):
            raise Conflict(
                f"These nights ({booked}) no longer match the accepted itinerary "
                f"(check-in {check_in:%a %d %b}, check-out {check_out:%a %d %b}): cancel "
                "this request and request lodging again."
            )
    elif not _fits_visit(booking, first_day, last_day):
        raise Conflict(
            f"The travel dates ({booked}) do not fit the accepted visit "
            f"({_span(first_day, last_day)}): travel out on the first day or the day before "
            "and back on the last day or the day after. Cancel this request and request "
            "transport for those dates."
        )


@transaction.atomic
def booking_confirm(
    *, actor: User, booking: Booking, confirmation: str, total_cost: Decimal | None = None
) -> Booking:
    """The agent or hotel confirmed; the program pays transport in full, lodging its share."""
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("case", "hotel")
        .get(pk=booking.pk)
    )
    _require_coordinator(actor, booking.case)
    _require_eligible(booking.case)
    if booking.status != BookingStatus.REQUESTED:
        raise Conflict("Only a requested booking can be confirmed.")
    if not confirmation.strip():
        raise ValidationFailed("Enter the confirmation number.")
    _require_fits_visit(booking)
    if booking.kind == BookingKind.TRANSPORT:
        if total_cost is None and booking.total_cost is None:
            raise ValidationFailed("Enter what the transport costs.")
        if total_cost is not None:
            if total_cost < 0:
                raise ValidationFailed("The cost cannot be negative.")
            booking.total_cost = total_cost
            booking.program_pays = total_cost
    booking.status = BookingStatus.BOOKED
    booking.confirmation = confirmation.strip()
    booking.booked_by = actor
    booking.save()
    _record(actor, booking, AuditAction.UPDATE, f"{booking.get_kind_display()} booked")
    return booking


@transaction.atomic
def booking_cancel(*, actor: User, booking: Booking, reason: str) -> Booking:
    booking = (
        Booking.objects.select_for_update(of=("self",)).select_related("case").get(pk=booking.pk)
    )
    _require_coordinator(actor, booking.case)
    if booking.status == BookingStatus.CANCELLED:
        raise Conflict("This booking is already cancelled.")
    booking.status = BookingStatus.CANCELLED
    booking.save(update_fields=["status", "updated_at"])
    _record(actor, booking, AuditAction.UPDATE, f"{booking.get_kind_display()} cancelled")
    return booking


@transaction.atomic
def bookings_follow_itinerary(*, actor: User, case: Case) -> None:
    """A new itinerary was accepted (a re-plan supersedes the earlier one): follow it.

    Lodging only requested gets its nights and cost derived again, as at the request.
    Lodging or transport already booked was bought from a hotel or carrier and is left
    alone (so is lodging entered without a partner hotel: nothing prices it); when its
    dates no longer fit the visit the navigator gets one task to re-book, kept to the
    latest visit dates on later re-plans and closed when a re-plan brings the visit back
    to the booked dates.
    """
    itinerary = _accepted_itinerary(case)
    if itinerary is None:
        return
    first_day, last_day = _visit_days(itinerary)
    check_in, check_out = _nights_for(first_day, last_day)
    bookings = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("case", "hotel")
        .filter(case=case, status__in=[BookingStatus.REQUESTED, BookingStatus.BOOKED])
        .order_by("id")
    )
    stale: list[str] = []
    for booking in bookings:
        if booking.kind == BookingKind.LODGING:
            if (booking.outbound_on, booking.return_on) == (check_in, check_out):
                continue
            if booking.status == BookingStatus.REQUESTED and booking.hotel is not None:
                _lodging_follow(actor, booking, check_in, check_out)
            else:
                stale.append(BookingKind.LODGING.label.lower())
        elif booking.status == BookingStatus.BOOKED and not _fits_visit(
            booking, first_day, last_day
        ):
            stale.append(BookingKind.TRANSPORT.label.lower())
    _rebook_task_keep(
        actor=actor,
        case=case,
        stale=sorted(set(stale)),
        visit=_span(first_day, last_day),
        due_at=timezone.make_aware(datetime.combine(check_in, time.min)),
    )


def _lodging_follow(actor: User, booking: Booking, check_in: date, check_out: date) -> None:
    was = booking.nights
    for name, value in _lodging_terms(booking.hotel, check_in, check_out).items():
        setattr(booking, name, value)
    booking.save()
    _record(
        actor,
        booking,
        AuditAction.UPDATE,
        f"Lodging request follows the new itinerary: {booking.hotel.name}, "
        f"{_span(check_in, check_out)} ({was} → {booking.nights} "
        f"night{'s' if booking.nights != 1 else ''})",
    )


def _rebook_task_keep(
    *, actor: User, case: Case, stale: list[str], visit: str, due_at: datetime
) -> None:
    """One open re-book task per case, whatever the number of re-plans."""
    open_tasks = Task.objects.filter(
        case=case, completed_at__isnull=True, title__startswith=REBOOK_TASK_TITLE
    ).order_by("id")
    if not stale:
        if open_tasks.update(completed_at=timezone.now(), completed_by=actor):
            case_event_record(
                case=case,
                actor=actor,
                kind=EventKind.NOTE,
                summary="Booked travel and lodging fit the visit again; re-book task closed",
            )
        return
    what = " and ".join(stale)
    title = f"{REBOOK_TASK_TITLE} {what} for the visit on {visit}"
    task = open_tasks.first()
    if task is not None and task.title == title:
        return
    if task is None:
        Task.objects.create(
            case=case, kind=TaskKind.OTHER, title=title, assignee=case.navigator, due_at=due_at
        )
    else:
        task.title, task.due_at = title, due_at
        task.save(update_fields=["title", "due_at", "updated_at"])
    case_event_record(
        case=case,
        actor=actor,
        kind=EventKind.NOTE,
        summary=f"Itinerary changed: booked {what} no longer fits the visit on {visit}; "
        "navigator asked to re-book",
    )

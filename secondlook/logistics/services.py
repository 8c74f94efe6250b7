"""Writes for travel and lodging: requests, bookings, cancellations.

The government-payer rule is enforced here, not only in the page: every write that
gives a benefit re-checks eligibility and refuses with the reason.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from secondlook.accounts.models import User
from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record
from secondlook.cases.choices import EventKind
from secondlook.cases.models import Case
from secondlook.cases.permissions import can_coordinate
from secondlook.cases.services import case_event_record
from secondlook.core.errors import Conflict, PermissionDenied, ValidationFailed
from secondlook.logistics.choices import BookingKind, BookingStatus, TransportMode
from secondlook.logistics.eligibility import travel_eligibility
from secondlook.logistics.models import Booking, PartnerHotel


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
) -> Booking:
    """Transport for the patient (and one caregiver), paid in full by the program."""
    _require_coordinator(actor, case)
    _require_eligible(case)
    if mode not in TransportMode.values:
        raise ValidationFailed("Choose flight, train, car service or own car.")
    if return_on < outbound_on:
        raise ValidationFailed("The return must be on or after the outbound day.")
    if estimated_cost is not None and estimated_cost < 0:
        raise ValidationFailed("The cost cannot be negative.")
    booking = Booking.objects.create(
        case=case,
        kind=BookingKind.TRANSPORT,
        mode=mode,
        origin=origin.strip(),
        outbound_on=outbound_on,
        return_on=return_on,
        with_caregiver=with_caregiver,
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


def lodging_nights(case: Case) -> tuple[date, date]:
    """Check-in the evening before the first appointment, check-out on the last day."""
    from secondlook.scheduling.selectors import itinerary_accepted_for_case

    itinerary = itinerary_accepted_for_case(case=case)
    if itinerary is None:
        raise ValidationFailed(
            "Book lodging after the visit itinerary is accepted: the nights come from it."
        )
    days = [timezone.localtime(a.starts_at).date() for a in itinerary.appointments.all()]
    return min(days) - timedelta(days=1), max(days)


@transaction.atomic
def lodging_request(
    *, actor: User, case: Case, hotel: PartnerHotel, with_caregiver: bool
) -> Booking:
    """One room for the patient and a caregiver at a partner hotel, nights from the itinerary."""
    _require_coordinator(actor, case)
    _require_eligible(case)
    if hotel.site_id != case.site_id or not hotel.active:
        raise ValidationFailed("Choose an active partner hotel of the case's site.")
    check_in, check_out = lodging_nights(case)
    nights = (check_out - check_in).days
    booking = Booking.objects.create(
        case=case,
        kind=BookingKind.LODGING,
        hotel=hotel,
        outbound_on=check_in,
        return_on=check_out,
        nights=nights,
        with_caregiver=with_caregiver,
        total_cost=hotel.nightly_rate * nights,
        program_pays=hotel.program_pays_per_night * nights,
        patient_pays=hotel.patient_pays_per_night * nights,
        requested_by=actor,
    )
    _record(
        actor,
        booking,
        AuditAction.CREATE,
        f"Lodging requested: {hotel.name}, {nights} night{'s' if nights != 1 else ''}",
    )
    return booking


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

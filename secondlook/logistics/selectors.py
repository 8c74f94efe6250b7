"""Reads for travel and lodging: bookings, the patient's cost estimate, use and cost."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from secondlook.accounts.models import User
from secondlook.cases.models import Case
from secondlook.cases.selectors import cases_visible_to
from secondlook.logistics.choices import BookingKind, BookingStatus, ChargeItem
from secondlook.logistics.eligibility import travel_eligibility
from secondlook.logistics.models import Booking, PartnerHotel, ServiceCharge


def bookings_for_case(*, case: Case) -> QuerySet[Booking]:
    """The case's bookings; the caller has checked access to the case."""
    return case.bookings.select_related("hotel").order_by("created_at", "id")


def hotels_for_case(*, case: Case) -> QuerySet[PartnerHotel]:
    return PartnerHotel.objects.filter(site_id=case.site_id, active=True).order_by("name")


@dataclass(frozen=True)
class CostLine:
    label: str
    patient_amount: Decimal | None
    program_amount: Decimal
    note: str

    @property
    def known(self) -> bool:
        return self.patient_amount is not None


@dataclass(frozen=True)
class CostEstimate:
    lines: tuple[CostLine, ...]

    @property
    def unknown(self) -> list[str]:
        return [line.label for line in self.lines if not line.known]

    @property
    def no_hidden_costs(self) -> bool:
        """Only when every charge the patient may see has a known amount."""
        return not self.unknown

    @property
    def patient_total(self) -> Decimal:
        return sum((line.patient_amount or Decimal("0") for line in self.lines), Decimal("0"))


def _visit_counts(case: Case) -> tuple[int, int]:
    """Consults and scans on the booked itinerary; one consult when none is booked yet."""
    from secondlook.scheduling.choices import CONSULTS, IMAGING, Service
    from secondlook.scheduling.selectors import itinerary_accepted_for_case

    itinerary = itinerary_accepted_for_case(case=case)
    if itinerary is None:
        return 1, 0
    services = [a.service for a in itinerary.appointments.all()]
    consults = sum(1 for s in services if s in CONSULTS or s == Service.PLAN_WALKTHROUGH)
    return consults, sum(1 for s in services if s in IMAGING)


def _charge_line(case: Case, item: str, count: int, charges: dict[str, ServiceCharge]) -> CostLine:
    label = ChargeItem(item).label if count == 1 else f"{ChargeItem(item).label} ×{count}"
    charge = charges.get(item)
    if charge is None:
        return CostLine(
            label,
            None,
            Decimal("0"),
            "Not known yet: depends on the insurance, which we are confirming.",
        )
    return CostLine(label, charge.patient_amount * count, Decimal("0"), charge.note)


def _benefit_line(case: Case, kind: str, bookings: list[Booking]) -> CostLine:
    label = "Travel" if kind == BookingKind.TRANSPORT else "Lodging"
    eligibility = travel_eligibility(case)
    if not eligibility.eligible:
        return CostLine(
            label,
            None,
            Decimal("0"),
            f"Not covered by the program, so not estimated here. {eligibility.reason}",
        )
    mine = [b for b in bookings if b.kind == kind and b.status != BookingStatus.CANCELLED]
    if not mine:
        return CostLine(label, Decimal("0"), Decimal("0"), "None requested.")
    if any(b.patient_pays is None or b.total_cost is None for b in mine):
        return CostLine(label, None, Decimal("0"), "Not known until the booking is priced.")
    return CostLine(
        label,
        sum((b.patient_pays or Decimal("0") for b in mine), Decimal("0")),
        sum((b.program_pays for b in mine), Decimal("0")),
        "For you and one caregiver; the program pays its share directly.",
    )


def cost_estimate(*, case: Case, bookings: list[Booking] | None = None) -> CostEstimate:
    """Every charge the patient may see for this opinion; the caller has checked access.

    A panel that already lists the case's bookings passes them, so they are read once."""
    charges = {
        c.item: c
        for c in ServiceCharge.objects.filter(site_id=case.site_id, payer_type=case.payer_type)
    }
    consults, scans = _visit_counts(case)
    if bookings is None:
        bookings = list(bookings_for_case(case=case))
    lines = [_charge_line(case, ChargeItem.CONSULT, consults, charges)]
    if scans:
        lines.append(_charge_line(case, ChargeItem.IMAGING, scans, charges))
    lines.append(_charge_line(case, ChargeItem.PATHOLOGY_REVIEW, 1, charges))
    lines.append(_benefit_line(case, BookingKind.TRANSPORT, bookings))
    lines.append(_benefit_line(case, BookingKind.LODGING, bookings))
    return CostEstimate(tuple(lines))


@dataclass(frozen=True)
class SiteTravelUse:
    site: str
    cases: int
    transport_booked: int
    lodging_booked: int
    nights: int
    program_cost: Decimal
    patient_cost: Decimal


def travel_use_by_site(*, user: User, since: date, until: date) -> list[SiteTravelUse]:
    """Booked travel and lodging per site for bookings made in [since, until]."""
    booked = Booking.objects.filter(
        case__in=cases_visible_to(user=user),
        status=BookingStatus.BOOKED,
        created_at__date__gte=since,
        created_at__date__lte=until,
    )
    rows = (
        booked.values("case__site__name")
        .annotate(
            cases=Count("case", distinct=True),
            transport=Count("id", filter=Q(kind=BookingKind.TRANSPORT)),
            lodging=Count("id", filter=Q(kind=BookingKind.LODGING)),
            nights=Sum("nights"),
            program=Sum("program_pays"),
            patient=Sum("patient_pays"),
        )
        .order_by("case__site__name")
    )
    return [
        SiteTravelUse(
            site=row["case__site__name"],
            cases=row["cases"],
            transport_booked=row["transport"],
            lodging_booked=row["lodging"],
            nights=row["nights"] or 0,
            program_cost=row["program"] or Decimal("0"),
            patient_cost=row["patient"] or Decimal("0"),
        )
        for row in rows
    ]

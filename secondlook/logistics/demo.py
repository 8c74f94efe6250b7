"""Demo data for travel and lodging: partner hotels, the charges a patient may see, Rosie's
flight and hotel for her and a caregiver, and Wendy's travel request refused (Medicare)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from secondlook.cases.choices import PayerType
from secondlook.cases.models import Case
from secondlook.logistics import services
from secondlook.logistics.choices import ChargeItem, RateKind, TransportMode
from secondlook.logistics.models import PartnerHotel, ServiceCharge

# What a patient may be billed per item (synthetic figures, by insurance kind).
CHARGES = {
    PayerType.COMMERCIAL: {"consult": "40.00", "imaging": "75.00", "pathology_review": "0.00"},
    PayerType.SELF_PAY: {"consult": "350.00", "imaging": "450.00", "pathology_review": "250.00"},
    PayerType.MEDICARE: {"consult": "32.00", "imaging": "60.00", "pathology_review": "0.00"},
    PayerType.MEDICAID: {"consult": "0.00", "imaging": "0.00", "pathology_review": "0.00"},
    PayerType.TRICARE_VA: {"consult": "0.00", "imaging": "0.00", "pathology_review": "0.00"},
}


def demo_extend(builder: object) -> None:
    hotels = {}
    for code, site in builder.sites.items():  # type: ignore[attr-defined]
        hotels[code] = PartnerHotel.objects.create(
            site=site,
            name=f"Hope Lodge {code.capitalize()} (demo)",
            address="Across the street from the main entrance",
            rate_kind=RateKind.COMPLIMENTARY,
            nightly_rate=Decimal("129.00"),
            program_pays_per_night=Decimal("129.00"),
        )
        PartnerHotel.objects.create(
            site=site,
            name=f"Garden Inn {code.capitalize()} (demo)",
            rate_kind=RateKind.REDUCED,
            nightly_rate=Decimal("149.00"),
            program_pays_per_night=Decimal("119.00"),
        )
        for payer, items in CHARGES.items():
            for item, amount in items.items():
                ServiceCharge.objects.create(
                    site=site,
                    item=ChargeItem(item),
                    payer_type=payer,
                    patient_amount=Decimal(amount),
                )
    rosie = Case.objects.get(patient__user__username="rosie.demo")
    navigator = rosie.navigator
    check_in, check_out = services.lodging_nights(rosie)
    flight = services.transport_request(
        actor=navigator,
        case=rosie,
        mode=TransportMode.AIR,
        origin="Sacramento, CA",
        outbound_on=check_in,
        return_on=check_out,
        with_caregiver=True,
        estimated_cost=Decimal("412.00"),
    )
    services.booking_confirm(actor=navigator, booking=flight, confirmation="DEMO-FLT-01")
    lodging = services.lodging_request(
        actor=navigator, case=rosie, hotel=hotels["pasadena"], with_caregiver=True
    )
    services.booking_confirm(actor=navigator, booking=lodging, confirmation="DEMO-HTL-01")

    wendy = Case.objects.get(patient__user__username="wendy.demo")
    try:
        services.transport_request(
            actor=wendy.navigator,
            case=wendy,
            mode=TransportMode.GROUND,
            origin="Bakersfield, CA",
            outbound_on=timezone.localdate() + timedelta(days=2),
            return_on=timezone.localdate() + timedelta(days=3),
            with_caregiver=True,
        )
    except services.BenefitNotAllowed:
        return
    raise RuntimeError("Wendy is on Medicare: her travel request must be refused.")

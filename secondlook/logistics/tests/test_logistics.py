"""Travel and lodging eligibility, bookings, the cost estimate, and who sees them."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from secondlook.cases.choices import GOVERNMENT_PAYERS, PayerType
from secondlook.cases.models import Case
from secondlook.core.errors import ValidationFailed
from secondlook.core.testing import Personas
from secondlook.logistics import services
from secondlook.logistics.choices import ChargeItem, RateKind, TransportMode
from secondlook.logistics.models import Booking, PartnerHotel, ServiceCharge
from secondlook.logistics.selectors import cost_estimate, travel_use_by_site
from secondlook.scheduling.tests.factories import clinic_week, open_week, visit_booked


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _payer(case: Case, payer: str) -> Case:
    Case.objects.filter(pk=case.pk).update(payer_type=payer)
    return Case.objects.get(pk=case.pk)


def _flight(personas: Personas, case: Case) -> Booking:
    return services.transport_request(
        actor=personas.nina,
        case=case,
        mode=TransportMode.AIR,
        origin="Fresno",
        outbound_on=date.today() + timedelta(days=5),
        return_on=date.today() + timedelta(days=7),
        with_caregiver=True,
        estimated_cost=Decimal("380.00"),
    )


@pytest.fixture
def hotel(personas: Personas) -> PartnerHotel:
    return PartnerHotel.objects.create(
        site=personas.pasadena,
        name="Garden Inn",
        rate_kind=RateKind.REDUCED,
        nightly_rate=Decimal("150.00"),
        program_pays_per_night=Decimal("120.00"),
    )


@pytest.fixture
def booked_visit(personas: Personas) -> date:
    """Pat's visit accepted: CT and consult on Monday, walkthrough on Tuesday."""
    clinic_week(personas.pasadena, oncologist=personas.olivia)
    monday = open_week()
    visit_booked(
        actor=personas.nina,
        case=personas.pat_case,
        first_day=monday,
        last_day=monday + timedelta(days=1),
    )
    return monday


@pytest.mark.parametrize("payer", sorted(GOVERNMENT_PAYERS))
def test_government_beneficiaries_are_refused_travel_and_lodging_with_the_reason(
    personas: Personas, hotel: PartnerHotel, payer: str
) -> None:
    case = _payer(personas.pat_case, payer)
    with pytest.raises(services.BenefitNotAllowed) as refused:
        _flight(personas, case)
    assert PayerType(payer).label in refused.value.message
    assert "government health program" in refused.value.message
    with pytest.raises(services.BenefitNotAllowed):
        services.lodging_request(actor=personas.nina, case=case, hotel=hotel, with_caregiver=True)
    assert not Booking.objects.exists()


def test_a_booking_made_before_the_payer_changed_to_medicare_cannot_be_confirmed(
    personas: Personas,
) -> None:
    booking = _flight(personas, personas.pat_case)
    _payer(personas.pat_case, PayerType.MEDICARE)
    with pytest.raises(services.BenefitNotAllowed):
        services.booking_confirm(
            actor=personas.nina, booking=Booking.objects.get(pk=booking.pk), confirmation="X1"
        )


def test_unknown_insurance_must_be_confirmed_before_travel(personas: Personas) -> None:
    case = _payer(personas.pat_case, PayerType.UNKNOWN)
    with pytest.raises(services.BenefitNotAllowed, match="not recorded yet"):
        _flight(personas, case)


def test_commercial_patient_and_caregiver_travel_free_and_lodging_nights_follow_the_itinerary(
    personas: Personas, hotel: PartnerHotel, booked_visit: date
) -> None:
    flight = _flight(personas, personas.pat_case)
    assert flight.patient_pays == 0 and flight.program_pays == Decimal("380.00")
    assert flight.travellers == 2
    lodging = services.lodging_request(
        actor=personas.nina, case=personas.pat_case, hotel=hotel, with_caregiver=True
    )
    # Check in Sunday evening, check out Tuesday after the walkthrough: two nights.
    assert lodging.outbound_on == booked_visit - timedelta(days=1)
    assert lodging.return_on == booked_visit + timedelta(days=1)
    assert lodging.nights == 2
    assert lodging.program_pays == Decimal("240.00")
    assert lodging.patient_pays == Decimal("60.00")


def test_lodging_waits_for_an_accepted_itinerary(personas: Personas, hotel: PartnerHotel) -> None:
    with pytest.raises(ValidationFailed, match="itinerary is accepted"):
        services.lodging_request(
            actor=personas.nina, case=personas.pat_case, hotel=hotel, with_caregiver=False
        )


def test_no_hidden_costs_is_stated_only_when_every_line_is_known(
    personas: Personas, hotel: PartnerHotel, booked_visit: date
) -> None:
    case = personas.pat_case
    estimate = cost_estimate(case=case)
    assert not estimate.no_hidden_costs
    assert "Specialist consult ×2" in estimate.unknown
    for item, amount in ((ChargeItem.CONSULT, "40"), (ChargeItem.IMAGING, "75")):
        ServiceCharge.objects.create(
            site=personas.pasadena, item=item, payer_type="commercial", patient_amount=amount
        )
    estimate = cost_estimate(case=case)
    assert estimate.unknown == ["Pathology review"]
    ServiceCharge.objects.create(
        site=personas.pasadena,
        item=ChargeItem.PATHOLOGY_REVIEW,
        payer_type="commercial",
        patient_amount=0,
    )
    services.lodging_request(actor=personas.nina, case=case, hotel=hotel, with_caregiver=True)
    estimate = cost_estimate(case=case)
    assert estimate.no_hidden_costs
    assert estimate.patient_total == Decimal("40") * 2 + Decimal("75") + Decimal("60.00")


def test_transport_without_a_price_keeps_the_estimate_open(personas: Personas) -> None:
    for item in ChargeItem.values:
        ServiceCharge.objects.create(
            site=personas.pasadena, item=item, payer_type="commercial", patient_amount=0
        )
    services.transport_request(
        actor=personas.nina,
        case=personas.pat_case,
        mode=TransportMode.GROUND,
        origin="Riverside",
        outbound_on=date.today(),
        return_on=date.today(),
        with_caregiver=False,
    )
    assert cost_estimate(case=personas.pat_case).unknown == ["Travel"]


def test_refusal_is_shown_on_the_case_page_with_the_reason(personas: Personas) -> None:
    _payer(personas.pat_case, PayerType.MEDICARE)
    client = _client(personas.nina)
    page = client.get(reverse("cases:detail", args=[personas.pat_case.pk])).content.decode()
    assert "Not eligible" in page and "Medicare" in page
    response = client.post(
        reverse("logistics:transport", args=[personas.pat_case.pk]),
        {
            "mode": "air",
            "origin": "Fresno",
            "outbound_on": date.today().isoformat(),
            "return_on": date.today().isoformat(),
        },
        follow=True,
    )
    assert "Travel request refused" in response.content.decode()
    assert not Booking.objects.exists()


def test_other_site_staff_get_404_and_patients_see_only_their_own_costs(
    personas: Personas,
) -> None:
    _flight(personas, personas.pat_case)
    response = _client(personas.nate).post(
        reverse("logistics:transport", args=[personas.pat_case.pk]), {}
    )
    assert response.status_code == 404
    own = _client(personas.pat).get(reverse("portal:case", args=[personas.pat_case.pk]))
    assert "Your cost estimate" in own.content.decode()
    assert "Flight from Fresno" in own.content.decode()
    assert (
        _client(personas.quinn).get(reverse("portal:case", args=[personas.pat_case.pk])).status_code
        == 404
    )


def test_api_refuses_medicare_travel_with_409_and_the_reason(personas: Personas) -> None:
    from secondlook.accounts.services import api_token_create

    _payer(personas.pat_case, PayerType.MEDICARE)
    _, raw = api_token_create(user=personas.nina, name="test")
    response = Client().post(
        f"/api/logistics/cases/{personas.pat_case.pk}/transport",
        {
            "mode": "air",
            "origin": "Fresno",
            "outbound_on": date.today().isoformat(),
            "return_on": date.today().isoformat(),
        },
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 409
    assert "Medicare" in response.json()["message"]


def test_travel_use_per_site_counts_booked_trips_and_costs(
    personas: Personas, hotel: PartnerHotel, booked_visit: date
) -> None:
    flight = services.transport_request(
        actor=personas.nina,
        case=personas.pat_case,
        mode=TransportMode.AIR,
        origin="Fresno",
        outbound_on=booked_visit - timedelta(days=1),
        return_on=booked_visit + timedelta(days=1),
        with_caregiver=True,
        estimated_cost=Decimal("380.00"),
    )
    services.booking_confirm(actor=personas.nina, booking=flight, confirmation="F1")
    lodging = services.lodging_request(
        actor=personas.nina, case=personas.pat_case, hotel=hotel, with_caregiver=True
    )
    services.booking_confirm(actor=personas.nina, booking=lodging, confirmation="H1")
    rows = travel_use_by_site(
        user=personas.ada, since=date.today() - timedelta(days=1), until=date.today()
    )
    assert len(rows) == 1
    row = rows[0]
    assert (row.transport_booked, row.lodging_booked, row.nights) == (1, 1, 2)
    assert row.program_cost == Decimal("620.00")
    assert (
        travel_use_by_site(
            user=personas.nate, since=date.today() - timedelta(days=1), until=date.today()
        )
        == []
    )

"""Own-car travel priced at the program's mileage rate unless a cost is typed."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from secondlook.core.errors import ValidationFailed
from secondlook.core.testing import Personas
from secondlook.logistics import services
from secondlook.logistics.choices import TransportMode
from secondlook.logistics.models import Booking


def _drive(personas: Personas, **kwargs: object) -> Booking:
    return services.transport_request(
        actor=personas.nina,
        case=personas.pat_case,
        mode=kwargs.pop("mode", TransportMode.MILEAGE),
        origin="Bakersfield",
        outbound_on=date.today() + timedelta(days=8),
        return_on=date.today() + timedelta(days=9),
        with_caregiver=True,
        **kwargs,
    )


def test_the_default_rate_is_the_2025_irs_medical_rate(settings: Settings) -> None:
    assert Decimal("0.21") == settings.SECONDLOOK_MILEAGE_RATE


def test_mileage_cost_is_miles_times_the_rate_to_the_cent(
    personas: Personas, settings: Settings
) -> None:
    settings.SECONDLOOK_MILEAGE_RATE = Decimal("0.655")
    drive = _drive(personas, miles=101)
    # 101 × $0.655 = $66.155, rounded half up to the cent.
    assert drive.total_cost == Decimal("66.16")
    assert drive.program_pays == Decimal("66.16")
    assert drive.patient_pays == 0
    assert drive.miles == 101


def test_a_typed_cost_wins_over_the_rate(personas: Personas) -> None:
    drive = _drive(personas, miles=240, estimated_cost=Decimal("75.00"))
    assert drive.total_cost == Decimal("75.00")
    assert drive.miles == 240


def test_mileage_without_miles_or_cost_stays_unpriced(personas: Personas) -> None:
    assert _drive(personas).total_cost is None


def test_miles_are_only_for_own_car_travel(personas: Personas) -> None:
    with pytest.raises(ValidationFailed, match="own-car"):
        _drive(personas, mode=TransportMode.AIR, miles=300)
    assert not Booking.objects.exists()


def test_the_page_form_prices_the_miles_at_the_rate(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.nina)
    page = client.get(reverse("cases:detail", args=[personas.pat_case.pk])).content.decode()
    assert 'name="miles"' in page
    client.post(
        reverse("logistics:transport", args=[personas.pat_case.pk]),
        {
            "mode": TransportMode.MILEAGE,
            "origin": "Bakersfield",
            "outbound_on": date.today().isoformat(),
            "return_on": date.today().isoformat(),
            "miles": "200",
        },
    )
    drive = Booking.objects.get()
    assert (drive.miles, drive.total_cost) == (200, Decimal("42.00"))

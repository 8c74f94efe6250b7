"""Each site closes on its own state's public holidays, not on the other site's."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from secondlook.core.testing import Personas
from secondlook.scheduling.models import SiteCalendar
from secondlook.scheduling.selectors import free_slots
from secondlook.scheduling.tests.factories import clinic_week

CESAR_CHAVEZ_DAY = date(2027, 3, 31)  # a Wednesday: a holiday in California only
LINCOLNS_BIRTHDAY = date(2027, 2, 12)  # a Friday: a holiday in Illinois only


@pytest.fixture
def both_sites(personas: Personas) -> None:
    """Both sites hold the same clinics every weekday; each has its state's calendar, as
    the demo sets them up."""
    for site, subdivision, oncologist in (
        (personas.pasadena, "CA", personas.olivia),
        (personas.chicago, "IL", personas.raj),
    ):
        SiteCalendar.objects.create(
            site=site, holiday_country="US", holiday_subdivision=subdivision
        )
        clinic_week(site, oncologist=oncologist)


def _days_open(personas: Personas, first_day: date, last_day: date) -> dict[str, set[date]]:
    slots = free_slots(
        sites=[personas.pasadena, personas.chicago], first_day=first_day, last_day=last_day
    )
    return {
        site.code: {slot.day for slot in slots if slot.site == site.code}
        for site in (personas.pasadena, personas.chicago)
    }


@pytest.mark.parametrize(
    ("holiday", "closed", "still_open"),
    [(CESAR_CHAVEZ_DAY, "pasadena", "chicago"), (LINCOLNS_BIRTHDAY, "chicago", "pasadena")],
)
def test_a_state_holiday_closes_only_that_states_site(
    personas: Personas, both_sites: None, holiday: date, closed: str, still_open: str
) -> None:
    # The Monday to Friday around the holiday: every other weekday is open at both sites.
    monday = holiday - timedelta(days=holiday.weekday())
    week = {monday + timedelta(days=i) for i in range(5)}
    days_open = _days_open(personas, min(week), max(week))
    assert days_open[closed] == week - {holiday}
    assert days_open[still_open] == week

"""The pure planner: order, fewest days, urgent first, explained failures, alternatives."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from secondlook.scheduling.planner import (
    Need,
    Slot,
    VisitAsk,
    alternatives,
    plan,
    respects_order,
)

MONDAY = date(2030, 3, 4)
CT = Need("ct", "ct", "CT scan", 30, 0)
CONSULT = Need("medonc", "medical_oncology", "Medical oncologist", 60, 1)
RADONC = Need("radonc", "radiation_oncology", "Radiation oncologist", 60, 1)
WALKTHROUGH = Need("walk", "plan_walkthrough", "Plan walkthrough", 45, 2, 1)


def _slots(service: str, days: range, hours: range, resource: str = "") -> list[Slot]:
    return [
        Slot(
            resource or f"{service}-1",
            resource or f"{service} 1",
            "pasadena",
            service,
            MONDAY + timedelta(days=d),
            h * 60,
            h * 60 + 60,
        )
        for d in days
        for h in hours
    ]


def _ask(key: str = "p1", needs: tuple[Need, ...] = (CT, CONSULT, WALKTHROUGH), **kw) -> VisitAsk:
    values = {
        "site": "pasadena",
        "site_label": "Pasadena",
        "earliest_day": MONDAY,
        "latest_day": MONDAY + timedelta(days=4),
    }
    values.update(kw)
    return VisitAsk(key=key, needs=needs, **values)


def _week() -> list[Slot]:
    return (
        _slots("ct", range(5), range(8, 17))
        + _slots("medical_oncology", range(5), range(8, 12))
        + _slots("plan_walkthrough", range(5), range(13, 17))
    )


def test_imaging_comes_before_the_consult_that_reads_it_and_walkthrough_a_day_later() -> None:
    result = plan([_ask()], _week())
    itinerary = result.itineraries["p1"]
    by_need = {a.need_key: a for a in itinerary.appointments}
    assert (by_need["ct"].day, by_need["ct"].end_minute) <= (
        by_need["medonc"].day,
        by_need["medonc"].start_minute,
    )
    assert by_need["walk"].day == by_need["medonc"].day + timedelta(days=1)
    assert itinerary.days_on_site == 2


def test_visit_uses_the_fewest_consecutive_days_even_if_a_later_start() -> None:
    # Consults only Monday morning and Thursday; walkthrough only Friday afternoon:
    # a Thursday–Friday visit (2 days) beats a Monday–Friday one (5 days).
    slots = (
        _slots("ct", range(5), range(8, 17))
        + _slots("medical_oncology", range(0, 1), range(8, 12))
        + _slots("medical_oncology", range(3, 4), range(10, 12))
        + _slots("plan_walkthrough", range(4, 5), range(13, 17))
    )
    itinerary = plan([_ask()], slots).itineraries["p1"]
    assert itinerary.days_on_site == 2
    assert itinerary.first_day == MONDAY + timedelta(days=3)


def test_urgent_patient_gets_the_earliest_days_when_capacity_is_short() -> None:
    # One consult slot on Monday, one on Wednesday; the urgent patient gets Monday.
    slots = (
        _slots("ct", range(5), range(8, 10))
        + _slots("medical_oncology", range(0, 1), range(11, 12))
        + _slots("medical_oncology", range(2, 3), range(11, 12))
    )
    routine = _ask("routine", needs=(CT, CONSULT))
    urgent = _ask("urgent", needs=(CT, CONSULT), urgent=True)
    result = plan([routine, urgent], slots)
    assert result.itineraries["urgent"].first_day == MONDAY
    assert result.itineraries["routine"].first_day == MONDAY + timedelta(days=2)


def test_infeasible_request_is_explained_in_plain_words_with_nearest_alternatives() -> None:
    slots = _week() + _slots("radiation_oncology", range(7, 9), range(8, 12), "helen")
    ask = _ask(needs=(CT, CONSULT, RADONC, WALKTHROUGH), site_label="Chicago")
    result = plan([ask], slots)
    assert "p1" not in result.itineraries
    reason = result.unplanned["p1"].reasons[0]
    assert reason.startswith("No radiation oncologist free at Chicago between 4 Mar and 8 Mar")
    assert "the first one free is on 11 Mar" in reason
    later = (
        _slots("ct", range(7, 12), range(8, 17))
        + _slots("plan_walkthrough", range(7, 12), range(13, 17))
        + _slots("medical_oncology", range(7, 12), range(8, 12))
    )
    options = alternatives(ask, slots + later)
    assert len(options) == 3
    for option in options:
        radonc = next(a for a in option.appointments if a.need_key == "radonc")
        assert radonc.day >= MONDAY + timedelta(days=7)
    # Nearest first: the first alternative ends no later than the others.
    assert options[0].last_day == min(o.last_day for o in options)


def test_patient_arrival_time_is_respected_on_the_first_day() -> None:
    ask = _ask(needs=(CT, CONSULT), arrive_after_minute=11 * 60, latest_day=MONDAY)
    slots = _slots("ct", range(1), range(8, 17)) + _slots(
        "medical_oncology", range(1), range(8, 17)
    )
    itinerary = plan([ask], slots).itineraries["p1"]
    assert min(a.start_minute for a in itinerary.appointments) >= 11 * 60


def test_a_slot_is_given_to_one_patient_only() -> None:
    slots = _slots("ct", range(1), range(8, 9)) + _slots("medical_oncology", range(1), range(9, 11))
    asks = [_ask(f"p{n}", needs=(CT, CONSULT), latest_day=MONDAY) for n in range(2)]
    result = plan(asks, slots)
    assert len(result.itineraries) == 1
    assert len(result.unplanned) == 1


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 4), st.integers(7, 17)), min_size=1, max_size=12),
    st.lists(st.tuples(st.integers(0, 4), st.integers(7, 17)), min_size=1, max_size=12),
    st.lists(st.tuples(st.integers(0, 4), st.integers(7, 17)), min_size=1, max_size=12),
    st.integers(0, 4),
    st.integers(0, 4),
    st.integers(0, 60),
)
def test_every_itinerary_respects_order_and_availability(
    ct: list, consult: list, walk: list, first: int, length: int, gap: int
) -> None:
    def made(service: str, spots: list) -> list[Slot]:
        return [
            Slot(f"{service}-1", service, "pasadena", service, MONDAY + timedelta(days=d), h * 60,
                 h * 60 + 60)
            for d, h in set(spots)
        ]  # fmt: skip

    slots = made("ct", ct) + made("medical_oncology", consult) + made("plan_walkthrough", walk)
    ask = _ask(
        earliest_day=MONDAY + timedelta(days=first),
        latest_day=MONDAY + timedelta(days=min(4, first + length)),
        gap_minutes=gap,
    )
    result = plan([ask], slots, time_limit_seconds=2.0, workers=1)
    itinerary = result.itineraries.get("p1")
    if itinerary is None:
        assert result.unplanned["p1"].reasons
        return
    assert respects_order(ask, itinerary)
    free = {(s.service, s.day, s.start_minute) for s in slots}
    for appointment in itinerary.appointments:
        assert (appointment.service, appointment.day, appointment.start_minute) in free
        assert ask.earliest_day <= appointment.day <= ask.latest_day


def test_the_visit_ends_as_early_as_it_can_on_its_last_day() -> None:
    # Walkthroughs all day: the first free one on the day after the consult is taken, so
    # the patient can travel home that day; the consult day is unchanged.
    slots = (
        _slots("ct", range(5), range(8, 17))
        + _slots("medical_oncology", range(5), range(13, 17))
        + _slots("plan_walkthrough", range(5), range(8, 17))
    )
    taken = _slots("plan_walkthrough", range(1, 2), range(8, 9))
    free = [slot for slot in slots if slot not in taken]
    for week, first_free in ((slots, 8), (free, 9)):
        itinerary = plan([_ask()], week).itineraries["p1"]
        by_need = {a.need_key: a for a in itinerary.appointments}
        assert by_need["medonc"].day == MONDAY
        assert by_need["walk"].day == MONDAY + timedelta(days=1)
        assert by_need["walk"].start_minute == first_free * 60

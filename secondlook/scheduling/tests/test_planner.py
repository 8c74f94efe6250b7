"""The pure planner: order, fewest days, urgent first, explained failures, alternatives."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from secondlook.scheduling.planner import (
    Need,
    PlanResult,
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


SURGONC = Need("surgonc", "surgical_oncology", "Surgical oncologist", 60, 1)


@pytest.fixture
def starved_solver(monkeypatch: pytest.MonkeyPatch) -> None:
    """The solver stopped at its limit without a solution, as on a busy machine."""
    monkeypatch.setattr(cp_model.CpSolver, "solve", lambda *_args, **_kw: cp_model.UNKNOWN)


def _one_slot_per_patient(result: PlanResult) -> None:
    booked = [
        (a.resource_id, a.day, a.start_minute)
        for itinerary in result.itineraries.values()
        for a in itinerary.appointments
    ]
    assert len(booked) == len(set(booked))


def test_consults_of_one_stage_are_tried_in_every_order(starved_solver: None) -> None:
    # Listed order books the medical oncologist at 11:00, where the only radiation
    # oncologist slot is; the other order fits both.
    slots = (
        _slots("ct", range(1), range(9, 10))
        + _slots("medical_oncology", range(1), range(11, 12))
        + _slots("medical_oncology", range(1), range(13, 14))
        + _slots("radiation_oncology", range(1), range(11, 12))
    )
    ask = _ask(needs=(CT, CONSULT, RADONC), latest_day=MONDAY)
    result = plan([ask], slots)
    itinerary = result.itineraries["p1"]
    assert respects_order(ask, itinerary)
    by_need = {a.need_key: a.start_minute for a in itinerary.appointments}
    assert by_need == {"ct": 9 * 60, "radonc": 11 * 60, "medonc": 13 * 60}


def test_repair_moves_a_flexible_patient_aside_for_one_who_can_only_come_monday(
    starved_solver: None,
) -> None:
    # The urgent patient is planned first and takes Monday; only moving them to Tuesday
    # leaves room for the patient who can travel on Monday only.
    slots = _slots("ct", range(2), range(8, 9)) + _slots(
        "medical_oncology", range(2), range(10, 11)
    )
    flexible = _ask("flexible", needs=(CT, CONSULT), latest_day=MONDAY + timedelta(days=1),
                    urgent=True)  # fmt: skip
    monday_only = _ask("monday-only", needs=(CT, CONSULT), latest_day=MONDAY)
    result = plan([flexible, monday_only], slots)
    assert set(result.itineraries) == {"flexible", "monday-only"}
    assert result.itineraries["monday-only"].first_day == MONDAY
    assert result.itineraries["flexible"].first_day == MONDAY + timedelta(days=1)
    assert "greedy plan kept" in result.status
    _one_slot_per_patient(result)
    for ask in (flexible, monday_only):
        assert respects_order(ask, result.itineraries[ask.key])


def test_repair_counts_the_capacity_the_plan_already_took() -> None:
    # One CT slot: the solver's plan gives it to one patient; the repair must not hand the
    # same slot to the other.
    slots = _slots("ct", range(1), range(8, 9)) + _slots("medical_oncology", range(1), range(9, 11))
    asks = [_ask(f"p{n}", needs=(CT, CONSULT), latest_day=MONDAY) for n in range(3)]
    result = plan(asks, slots)
    assert len(result.itineraries) == 1
    _one_slot_per_patient(result)


@settings(max_examples=20, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 4), st.integers(7, 17)), min_size=1, max_size=15),
    st.lists(st.tuples(st.integers(0, 4), st.integers(7, 17)), min_size=1, max_size=15),
    st.lists(st.tuples(st.integers(0, 4), st.integers(7, 17)), min_size=1, max_size=15),
    st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2), st.booleans()), min_size=1,
             max_size=8),
)  # fmt: skip
def test_repaired_plans_keep_order_capacity_and_windows(
    ct: list, consult: list, surgery: list, patients: list
) -> None:
    def made(service: str, spots: list) -> list[Slot]:
        return [
            Slot(f"{service}-{n % 2}", service, "pasadena", service, MONDAY + timedelta(days=d),
                 h * 60, h * 60 + 60)
            for n, (d, h) in enumerate(spots)
        ]  # fmt: skip

    slots = made("ct", ct) + made("medical_oncology", consult) + made("surgical_oncology", surgery)
    slots = list(dict.fromkeys(slots))
    asks = [
        _ask(f"p{n}", needs=(CT, CONSULT, SURGONC) if both else (CT, CONSULT),
             earliest_day=MONDAY + timedelta(days=first),
             latest_day=MONDAY + timedelta(days=min(4, first + length)))
        for n, (first, length, both) in enumerate(patients)
    ]  # fmt: skip
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cp_model.CpSolver, "solve", lambda *_args, **_kw: cp_model.UNKNOWN)
        result = plan(asks, slots, time_limit_seconds=1.0, workers=1)
    assert set(result.itineraries) | set(result.unplanned) == {a.key for a in asks}
    _one_slot_per_patient(result)
    free = {(s.resource_id, s.service, s.day, s.start_minute) for s in slots}
    for ask in asks:
        itinerary = result.itineraries.get(ask.key)
        if itinerary is None:
            continue
        assert respects_order(ask, itinerary)
        for a in itinerary.appointments:
            assert (a.resource_id, a.service, a.day, a.start_minute) in free
            assert ask.earliest_day <= a.day <= ask.latest_day


def test_suggested_windows_keep_the_patients_arrival_time_and_re_plan() -> None:
    # Consults at 10:00 on Tuesday and Wednesday, 13:00 from Thursday: the patient arrives
    # after 11:00, so only Thursday onward works for a one-day visit.
    slots = (
        _slots("ct", range(1, 8), range(8, 17))
        + _slots("medical_oncology", range(1, 3), range(10, 11))
        + _slots("medical_oncology", range(3, 8), range(13, 14))
    )
    ask = _ask(needs=(CT, CONSULT), latest_day=MONDAY, arrive_after_minute=11 * 60)
    assert "p1" not in plan([ask], slots).itineraries
    options = alternatives(ask, slots)
    assert [o.first_day for o in options] == [MONDAY + timedelta(days=d) for d in (3, 4, 5)]
    for option in options:
        stored = replace(ask, earliest_day=option.first_day, latest_day=option.last_day)
        again = plan([stored], slots).itineraries["p1"]
        assert min(a.start_minute for a in again.appointments) >= 11 * 60
        assert respects_order(stored, again)

"""SLA clocks: deadlines in business days on the program's own calendar."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from secondlook.accounts.models import Program
from secondlook.accounts.tests.factories import ProgramFactory
from secondlook.cases import services
from secondlook.cases.choices import CaseStatus, SlaClock, Urgency, WaitingOn
from secondlook.cases.services import CaseDetails, PatientDetails
from secondlook.cases.sla import clock_deadline, clock_state, risk_of
from secondlook.cases.tests.factories import CaseFactory
from secondlook.core.business_days import business_days_between
from secondlook.core.testing import Personas

PACIFIC = ZoneInfo("America/Los_Angeles")


def pacific(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PACIFIC)


@pytest.fixture
def program(db: None) -> Program:
    return ProgramFactory()


def test_first_contact_clock_skips_the_weekend(program: Program) -> None:
    friday_morning = pacific(2026, 3, 6, 9, 30)

    due = clock_deadline(program, Urgency.ROUTINE, SlaClock.FIRST_CONTACT, friday_morning)

    assert due == pacific(2026, 3, 9, 9, 30)  # Monday, same time of day


def test_a_friday_evening_call_is_due_monday_not_sunday(program: Program) -> None:
    """17:00 on a Friday in California is Saturday in UTC; the clock counts local days."""
    friday_evening_utc = pacific(2026, 3, 6, 17, 0).astimezone(dt.UTC)

    due = clock_deadline(program, Urgency.ROUTINE, SlaClock.FIRST_CONTACT, friday_evening_utc)

    assert due.astimezone(PACIFIC) == pacific(2026, 3, 9, 17, 0)


def test_clock_skips_thanksgiving_and_the_california_day_after(program: Program) -> None:
    wednesday_before = pacific(2026, 11, 25, 10, 0)

    due = clock_deadline(program, Urgency.ROUTINE, SlaClock.FIRST_CONTACT, wednesday_before)

    assert due == pacific(2026, 11, 30, 10, 0)


@pytest.mark.parametrize(
    ("clock", "routine_days", "urgent_days"),
    [
        (SlaClock.FIRST_CONTACT, 1, 1),
        (SlaClock.RECORDS_COMPLETE, 5, 3),
        (SlaClock.OPINION_DELIVERED, 10, 5),
    ],
)
def test_urgent_cases_run_on_shorter_clocks(
    program: Program, clock: str, routine_days: int, urgent_days: int
) -> None:
    monday = pacific(2026, 3, 2, 9, 0)

    routine = clock_deadline(program, Urgency.ROUTINE, clock, monday)
    urgent = clock_deadline(program, Urgency.URGENT, clock, monday)

    assert business_days_between(monday.date(), routine.date()) == routine_days
    assert business_days_between(monday.date(), urgent.date()) == urgent_days


def test_clocks_follow_the_programs_configuration(db: None) -> None:
    program = ProgramFactory(name="Fast program", records_complete_days=2)
    monday = pacific(2026, 3, 2, 9, 0)

    due = clock_deadline(program, Urgency.ROUTINE, SlaClock.RECORDS_COMPLETE, monday)

    assert due == pacific(2026, 3, 4, 9, 0)


@pytest.mark.parametrize(
    ("status", "clock", "waiting_on"),
    [
        (CaseStatus.REQUESTED, SlaClock.FIRST_CONTACT, WaitingOn.NAVIGATOR),
        (CaseStatus.INTAKE, SlaClock.RECORDS_COMPLETE, WaitingOn.NAVIGATOR),
        (CaseStatus.RECORDS_PENDING, SlaClock.RECORDS_COMPLETE, WaitingOn.PATIENT),
        (CaseStatus.RECORDS_COMPLETE, SlaClock.OPINION_DELIVERED, WaitingOn.NAVIGATOR),
        (CaseStatus.UNDER_REVIEW, SlaClock.OPINION_DELIVERED, WaitingOn.SPECIALIST),
        (CaseStatus.OPINION_DRAFTED, SlaClock.OPINION_DELIVERED, WaitingOn.SPECIALIST),
    ],
)
def test_each_open_state_runs_a_clock_and_says_whose_move_it_is(
    personas: Personas, status: str, clock: str, waiting_on: str
) -> None:
    start = pacific(2026, 3, 2, 9, 0)
    case = CaseFactory.build(
        status=status, requested_at=start, first_contact_at=start, records_complete_at=start
    )

    state = clock_state(case, personas.program)

    assert (state.clock, state.waiting_on) == (clock, waiting_on)
    assert state.due_at == clock_deadline(personas.program, case.urgency, clock, start)


@pytest.mark.parametrize(
    "status", [CaseStatus.OPINION_DELIVERED, CaseStatus.CLOSED, CaseStatus.CANCELLED]
)
def test_no_clock_runs_once_the_opinion_is_delivered_or_the_case_ends(
    personas: Personas, status: str
) -> None:
    case = CaseFactory.build(status=status)

    assert clock_state(case, personas.program).due_at is None


def test_risk_badge_reads_overdue_at_risk_on_track_or_none() -> None:
    now = pacific(2026, 3, 2, 12, 0)

    assert risk_of(now - dt.timedelta(minutes=1), now, 24) == "overdue"
    assert risk_of(now + dt.timedelta(hours=23), now, 24) == "at_risk"
    assert risk_of(now + dt.timedelta(hours=25), now, 24) == "on_track"
    assert risk_of(None, now, 24) == "none"


@pytest.mark.parametrize(("urgency", "days"), [(Urgency.ROUTINE, 5), (Urgency.URGENT, 3)])
def test_phone_intake_starts_the_records_clock_in_business_days(
    personas: Personas, urgency: str, days: int
) -> None:
    case = services.case_create_by_phone(
        actor=personas.nina,
        site=personas.pasadena,
        patient=PatientDetails("Ruth", "Synthetic", dt.date(1958, 1, 9), "555-010-2000"),
        details=CaseDetails(urgency=urgency),
    )

    called = case.first_contact_at.astimezone(PACIFIC)
    due = case.sla_due_at.astimezone(PACIFIC)
    assert case.sla_clock == SlaClock.RECORDS_COMPLETE
    assert business_days_between(called.date(), due.date(), subdivision="CA") == days
    assert due.time() == called.time()
    assert case.tasks.get().due_at == case.sla_due_at

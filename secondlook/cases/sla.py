"""SLA clocks: which deadline runs in each state, and whose move it is.

The running deadline is stored on the case (`sla_due_at`) so the worklist can be
ordered by risk with one indexed query, however many cases the program holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from secondlook.accounts.models import Program
from secondlook.cases.choices import CaseStatus, SlaClock, Urgency, WaitingOn
from secondlook.cases.models import Case
from secondlook.core.business_days import add_business_days


@dataclass(frozen=True)
class ClockState:
    clock: str
    due_at: datetime | None
    waiting_on: str


_WAITING_ON = {
    CaseStatus.REQUESTED: WaitingOn.NAVIGATOR,
    CaseStatus.INTAKE: WaitingOn.NAVIGATOR,
    CaseStatus.RECORDS_PENDING: WaitingOn.PATIENT,
    CaseStatus.RECORDS_COMPLETE: WaitingOn.NAVIGATOR,
    CaseStatus.UNDER_REVIEW: WaitingOn.SPECIALIST,
    CaseStatus.VISIT_SCHEDULED: WaitingOn.SPECIALIST,
    CaseStatus.OPINION_DRAFTED: WaitingOn.SPECIALIST,
    CaseStatus.OPINION_DELIVERED: WaitingOn.NAVIGATOR,
    CaseStatus.FOLLOW_UP: WaitingOn.NAVIGATOR,
}


def _days(program: Program, urgency: str, clock: str) -> int:
    urgent = urgency == Urgency.URGENT
    if clock == SlaClock.FIRST_CONTACT:
        return program.urgent_first_contact_days if urgent else program.first_contact_days
    if clock == SlaClock.RECORDS_COMPLETE:
        return program.urgent_records_complete_days if urgent else program.records_complete_days
    return program.urgent_opinion_days if urgent else program.opinion_days


def clock_deadline(program: Program, urgency: str, clock: str, start: datetime) -> datetime:
    """Business days are counted on the program's local calendar, not UTC's.

    A call at 17:00 on a Friday in California is already Saturday in UTC; counting on
    the UTC date would make a one-business-day clock fall due on Sunday evening.
    """
    return add_business_days(
        timezone.localtime(start),
        _days(program, urgency, clock),
        country=program.holiday_country,
        subdivision=program.holiday_subdivision or None,
    )


def clock_state(case: Case, program: Program) -> ClockState:
    """The clock that runs now; none once the opinion is delivered or the case ends."""
    status = case.status
    waiting_on = _WAITING_ON.get(status, WaitingOn.NOBODY)
    if status == CaseStatus.REQUESTED:
        start = case.requested_at
        clock = SlaClock.FIRST_CONTACT
    elif status in (CaseStatus.INTAKE, CaseStatus.RECORDS_PENDING):
        start = case.first_contact_at or case.requested_at
        clock = SlaClock.RECORDS_COMPLETE
    elif status in (
        CaseStatus.RECORDS_COMPLETE,
        CaseStatus.UNDER_REVIEW,
        CaseStatus.VISIT_SCHEDULED,
        CaseStatus.OPINION_DRAFTED,
    ):
        start = case.records_complete_at or case.requested_at
        clock = SlaClock.OPINION_DELIVERED
    else:
        return ClockState(clock="", due_at=None, waiting_on=waiting_on)
    return ClockState(
        clock=clock,
        due_at=clock_deadline(program, case.urgency, clock, start),
        waiting_on=waiting_on,
    )


def risk_of(due_at: datetime | None, now: datetime, at_risk_hours: int) -> str:
    """overdue / at_risk / on_track / none — what the worklist badge says."""
    if due_at is None:
        return "none"
    if due_at < now:
        return "overdue"
    if due_at < now + timedelta(hours=at_risk_hours):
        return "at_risk"
    return "on_track"

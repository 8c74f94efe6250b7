"""SLA clocks: which deadline runs in each state, and whose move it is.

The running deadline is stored on the case (`sla_due_at`) so the worklist can be
ordered by risk with one indexed query, however many cases the program holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import ngettext

from secondlook.accounts.models import Program
from secondlook.cases.choices import CaseStatus, SlaClock, Urgency, WaitingOn
from secondlook.cases.models import Case
from secondlook.core.business_days import add_business_days


@dataclass(frozen=True)
class ClockState:
    clock: str
    due_at: datetime | None
    waiting_on: str


# The Program fields a deadline is computed from: changing any of them moves open deadlines.
CLOCK_FIELDS = (
    "first_contact_days",
    "records_complete_days",
    "opinion_days",
    "urgent_first_contact_days",
    "urgent_records_complete_days",
    "urgent_opinion_days",
    "holiday_country",
    "holiday_subdivision",
)

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


def whose_move(status: str, *, opinion_signed: bool = False) -> str:
    """Who must act next. A drafted opinion waits on its specialist until it is signed;
    a signed one waits on the navigator, who delivers it to the patient."""
    if status == CaseStatus.OPINION_DRAFTED and opinion_signed:
        return WaitingOn.NAVIGATOR
    return _WAITING_ON.get(status, WaitingOn.NOBODY)


def clock_state(case: Case, program: Program, *, opinion_signed: bool = False) -> ClockState:
    """The clock that runs now; none once the opinion is delivered or the case ends.

    `opinion_signed` says whether the newest opinion version is signed: the caller knows
    (or reads) it, so this stays free of queries.
    """
    status = case.status
    waiting_on = whose_move(status, opinion_signed=opinion_signed)
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


def first_contact_days(program: Program | None, *, urgent: bool = False) -> int:
    """The business days the program gives itself to call a new requester back."""
    if program is None:
        field = "urgent_first_contact_days" if urgent else "first_contact_days"
        return int(Program._meta.get_field(field).get_default())
    return program.urgent_first_contact_days if urgent else program.first_contact_days


def first_contact_promise(program: Program | None, *, urgent: bool | None = None) -> str:
    """What we tell a requester about when they will hear from us, in the active language.

    It comes from the program's first-contact clock, so the promise and the worklist's
    deadline cannot disagree. With `urgent=None` (urgency not known yet, e.g. on the
    request form) a shorter urgent clock is promised too.
    """
    days = first_contact_days(program, urgent=bool(urgent))
    promise = ngettext(
        "A navigator will call you within one business day.",
        "A navigator will call you within %(days)d business days.",
        days,
    ) % {"days": days}
    urgent_days = first_contact_days(program, urgent=True)
    if urgent is None and urgent_days < days:
        promise += " " + ngettext(
            "Urgent requests: within one business day.",
            "Urgent requests: within %(days)d business days.",
            urgent_days,
        ) % {"days": urgent_days}
    return promise


def first_contact_promise_for(case: Case, program: Program | None) -> str:
    """The promise for one waiting request, on its own (routine or urgent) clock."""
    return first_contact_promise(program, urgent=case.urgency == Urgency.URGENT)

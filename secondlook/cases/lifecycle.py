"""The case lifecycle as data: which state may follow which.

DESIGN.md: REQUESTED → INTAKE → RECORDS_PENDING → RECORDS_COMPLETE → UNDER_REVIEW →
VISIT_SCHEDULED → OPINION_DRAFTED → OPINION_DELIVERED → FOLLOW_UP → CLOSED, with
CANCELLED from any open state. A records-only review may draft the opinion without a
visit, and a patient who wants no follow-up may be closed right after delivery.
"""

from __future__ import annotations

from secondlook.cases.choices import TERMINAL_STATUSES, CaseStatus

S = CaseStatus

NEXT_STATES: dict[str, tuple[str, ...]] = {
    S.REQUESTED: (S.INTAKE,),
    S.INTAKE: (S.RECORDS_PENDING,),
    S.RECORDS_PENDING: (S.RECORDS_COMPLETE,),
    S.RECORDS_COMPLETE: (S.UNDER_REVIEW,),
    S.UNDER_REVIEW: (S.VISIT_SCHEDULED, S.OPINION_DRAFTED),
    S.VISIT_SCHEDULED: (S.OPINION_DRAFTED,),
    S.OPINION_DRAFTED: (S.OPINION_DELIVERED,),
    S.OPINION_DELIVERED: (S.FOLLOW_UP, S.CLOSED),
    S.FOLLOW_UP: (S.CLOSED,),
    S.CLOSED: (),
    S.CANCELLED: (),
}


def allowed_next(status: str) -> tuple[str, ...]:
    forward = NEXT_STATES[status]
    if status in TERMINAL_STATUSES:
        return forward
    return (*forward, S.CANCELLED)


def label(status: str) -> str:
    return CaseStatus(status).label

"""What each step of a case means to the patient, in plain words.

Staff labels ("Records pending", "Opinion drafted") are shorthand for the team. A
patient reading the portal at home needs to know where their opinion stands and what,
if anything, they should do next, so every status gets a sentence and a next step.
"""

from __future__ import annotations

from dataclasses import dataclass

from secondlook.cases.choices import CaseStatus, EventKind, IntakeChannel


@dataclass(frozen=True)
class PlainStatus:
    headline: str
    next_step: str


STATUS_TEXT: dict[str, PlainStatus] = {
    CaseStatus.REQUESTED: PlainStatus(
        "We received your request.",
        "A navigator will call you within one business day to go over your request.",
    ),
    CaseStatus.INTAKE: PlainStatus(
        "Your navigator is setting up your second opinion.",
        "Your navigator may call you to check your details and insurance.",
    ),
    CaseStatus.RECORDS_PENDING: PlainStatus(
        "We are collecting your records.",
        "We are collecting your records from your doctors. "
        "You can upload any you have on this page.",
    ),
    CaseStatus.RECORDS_COMPLETE: PlainStatus(
        "We have the records we need.",
        "Your navigator is choosing the specialist who will review your case.",
    ),
    CaseStatus.UNDER_REVIEW: PlainStatus(
        "A specialist is reviewing your case.",
        "Nothing to do for now. Your navigator will call you if the specialist needs more.",
    ),
    CaseStatus.VISIT_SCHEDULED: PlainStatus(
        "Your visit is scheduled.",
        "Your navigator will call you with the date, time and place of your visit.",
    ),
    CaseStatus.OPINION_DRAFTED: PlainStatus(
        "Your specialist has written your opinion.",
        "It is being checked and signed. Your navigator will tell you when it is ready.",
    ),
    CaseStatus.OPINION_DELIVERED: PlainStatus(
        "Your second opinion is ready.",
        "Download your written opinion. Your navigator can go through it with you.",
    ),
    CaseStatus.FOLLOW_UP: PlainStatus(
        "We are following up with you.",
        "Your care team will check in with you. Call us if anything changes.",
    ),
    CaseStatus.CLOSED: PlainStatus(
        "This second opinion is finished.",
        "You can still read your opinion here, or ask for another opinion at any time.",
    ),
    CaseStatus.CANCELLED: PlainStatus(
        "This request was cancelled.",
        "If you still want a second opinion, ask for one again or call us.",
    ),
}

_TRANSITION_TEXT: dict[str, str] = {
    CaseStatus.INTAKE: "Your navigator called and took charge of your request.",
    CaseStatus.RECORDS_PENDING: "We asked your doctors for your records.",
    CaseStatus.RECORDS_COMPLETE: "We received all the records we need.",
    CaseStatus.UNDER_REVIEW: "A specialist started reviewing your case.",
    CaseStatus.VISIT_SCHEDULED: "Your visit was scheduled.",
    CaseStatus.OPINION_DRAFTED: "Your specialist wrote your opinion.",
    CaseStatus.OPINION_DELIVERED: "Your second opinion was delivered.",
    CaseStatus.FOLLOW_UP: "Follow-up started.",
    CaseStatus.CLOSED: "Your second opinion was closed.",
    CaseStatus.CANCELLED: "Your request was cancelled.",
}

# Staff notes are working notes about the patient, not messages to them; opinion drafts
# and corrections reach the patient when the navigator delivers them, not before.
HIDDEN_EVENT_KINDS = frozenset({EventKind.NOTE, EventKind.OPINION})


def status_text(status: str) -> PlainStatus:
    return STATUS_TEXT[status]


def event_text(*, kind: str, to_status: str, summary: str, channel: str) -> str:
    """One timeline line a patient can read; staff wording only where it is already plain."""
    if kind == EventKind.CREATED:
        if channel == IntakeChannel.WEB:
            return "You asked for a second opinion on our website."
        return "You asked us for a second opinion."
    if kind == EventKind.TRANSITION and to_status in _TRANSITION_TEXT:
        return _TRANSITION_TEXT[to_status]
    return summary

"""What each step of a case means to the patient, in plain words.

Staff labels ("Records pending", "Opinion drafted") are shorthand for the team. A
patient reading the portal at home needs to know where their opinion stands and what,
if anything, they should do next, so every status gets a sentence and a next step.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from secondlook.cases.choices import CaseStatus, EventKind, IntakeChannel

StrOrPromise = str | Promise


@dataclass(frozen=True)
class PlainStatus:
    headline: StrOrPromise
    next_step: StrOrPromise


STATUS_TEXT: dict[str, PlainStatus] = {
    CaseStatus.REQUESTED: PlainStatus(
        _("We received your request."),
        _("A navigator will call you to go over your request."),
    ),
    CaseStatus.INTAKE: PlainStatus(
        _("Your navigator is setting up your second opinion."),
        _("Your navigator may call you to check your details and insurance."),
    ),
    CaseStatus.RECORDS_PENDING: PlainStatus(
        _("We are collecting your records."),
        _(
            "We are collecting your records from your doctors. "
            "You can upload any you have on this page."
        ),
    ),
    CaseStatus.RECORDS_COMPLETE: PlainStatus(
        _("We have the records we need."),
        _("Your navigator is choosing the specialist who will review your case."),
    ),
    CaseStatus.UNDER_REVIEW: PlainStatus(
        _("A specialist is reviewing your case."),
        _("Nothing to do for now. Your navigator will call you if the specialist needs more."),
    ),
    CaseStatus.VISIT_SCHEDULED: PlainStatus(
        _("Your visit is scheduled."),
        _(
            "The date and place of your visit are on this page. "
            "Your navigator will call you if anything changes."
        ),
    ),
    CaseStatus.OPINION_DRAFTED: PlainStatus(
        _("Your specialist has written your opinion."),
        _("It is being checked and signed. Your navigator will tell you when it is ready."),
    ),
    CaseStatus.OPINION_DELIVERED: PlainStatus(
        _("Your second opinion is ready."),
        _("Download your written opinion. Your navigator can go through it with you."),
    ),
    CaseStatus.FOLLOW_UP: PlainStatus(
        _("We are following up with you."),
        _("Your care team will check in with you. Call us if anything changes."),
    ),
    CaseStatus.CLOSED: PlainStatus(
        _("This second opinion is finished."),
        _("You can still read your opinion here, or ask for another opinion at any time."),
    ),
    CaseStatus.CANCELLED: PlainStatus(
        _("This request was cancelled."),
        _("If you still want a second opinion, ask for one again or call us."),
    ),
}

_TRANSITION_TEXT: dict[str, str] = {
    CaseStatus.INTAKE: _("Your navigator called and took charge of your request."),
    CaseStatus.RECORDS_PENDING: _("We asked your doctors for your records."),
    CaseStatus.RECORDS_COMPLETE: _("We received all the records we need."),
    CaseStatus.UNDER_REVIEW: _("A specialist started reviewing your case."),
    CaseStatus.VISIT_SCHEDULED: _("Your visit was scheduled."),
    CaseStatus.OPINION_DRAFTED: _("Your specialist wrote your opinion."),
    CaseStatus.OPINION_DELIVERED: _("Your second opinion was delivered."),
    CaseStatus.FOLLOW_UP: _("Follow-up started."),
    CaseStatus.CLOSED: _("Your second opinion was closed."),
    CaseStatus.CANCELLED: _("Your request was cancelled."),
}

# The patient's timeline is an allow-list: only events with a line written for patients
# show. Staff summaries carry working shorthand and clinical findings ("diagnosis
# confirmed: stage IA", "13 facts found", who was assigned) that must reach the patient
# in the signed opinion, explained, and never before; an event kind added later stays
# hidden until someone writes its patient line here.
_RECORD_RECEIVED = _("We received a record for your second opinion.")
_NAVIGATOR_CHANGED = _("A new navigator is now looking after your request.")

PATIENT_EVENT_KINDS = frozenset(
    {EventKind.CREATED, EventKind.TRANSITION, EventKind.RECORD_ADDED, EventKind.HANDOFF}
)


def status_text(status: str) -> PlainStatus:
    return STATUS_TEXT[status]


def event_text(*, kind: str, to_status: str, channel: str) -> StrOrPromise | None:
    """One timeline line a patient can read, or None: the event is not for the patient.

    Never returns the staff summary: every line is one written for patients.
    """
    if kind == EventKind.CREATED:
        if channel == IntakeChannel.WEB:
            return _("You asked for a second opinion on our website.")
        return _("You asked us for a second opinion.")
    if kind == EventKind.TRANSITION:
        return _TRANSITION_TEXT.get(to_status)
    if kind == EventKind.RECORD_ADDED:
        return _RECORD_RECEIVED
    if kind == EventKind.HANDOFF:
        return _NAVIGATOR_CHANGED
    return None

"""Writes on cases: intake, lifecycle transitions, hand-offs, tasks.

Every function here is the only way its change happens: it checks who may do it and
whether the case may move, writes the timeline event and the audit row in the same
transaction, and refreshes the SLA clock so the worklist stays true.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from secondlook.accounts.choices import Role
from secondlook.accounts.models import Program, Site, User
from secondlook.accounts.selectors import program_current, site_ids_for
from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record
from secondlook.cases import lifecycle
from secondlook.cases.choices import (
    TERMINAL_STATUSES,
    CaseStatus,
    EventKind,
    IntakeChannel,
    PayerType,
    TaskKind,
    Urgency,
)
from secondlook.cases.models import Case, Patient, ReferringPhysician, Task, TimelineEvent
from secondlook.cases.permissions import can_coordinate, can_view_case, can_write_opinion
from secondlook.cases.sla import clock_state
from secondlook.core.errors import NotFound, PermissionDenied, TransitionRefused, ValidationFailed
from secondlook.core.extensions import review_started_hooks
from secondlook.oncology.oncotree import BY_CODE


@dataclass(frozen=True)
class PatientDetails:
    first_name: str
    last_name: str
    date_of_birth: date
    phone: str
    email: str = ""
    sex: str = "unknown"
    address: str = ""
    postal_code: str = ""
    preferred_language: str = "en"
    caregiver_name: str = ""
    caregiver_phone: str = ""


@dataclass(frozen=True)
class ReferringDetails:
    name: str
    practice: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""


@dataclass(frozen=True)
class CaseDetails:
    cancer_type_code: str = ""
    outside_diagnosis: str = ""
    patient_questions: str = ""
    payer_type: str = PayerType.UNKNOWN
    insurance_name: str = ""
    insurance_member_id: str = ""
    urgency: str = Urgency.ROUTINE


def _program() -> Program:
    program = program_current()
    if program is None:
        raise ValidationFailed("No program is configured yet: a program admin must create one.")
    return program


def _event(
    *,
    case: Case,
    actor: User | None,
    kind: str,
    summary: str,
    reason: str = "",
    from_status: str = "",
    to_status: str = "",
) -> TimelineEvent:
    return TimelineEvent.objects.create(
        case=case,
        actor=actor,
        kind=kind,
        summary=summary,
        reason=reason,
        from_status=from_status,
        to_status=to_status,
    )


def _opinion_signed(case: Case) -> bool:
    if case.status != CaseStatus.OPINION_DRAFTED:
        return False
    from secondlook.review.selectors import opinion_latest

    latest = opinion_latest(case=case)
    return latest is not None and latest.is_signed


def case_clock_refresh(case: Case) -> None:
    """Re-derive the running clock and whose move it is; the caller saves the case.

    The one place both come from: every transition calls it, and so does signing an
    opinion, which changes whose move it is (specialist → navigator) without a transition.
    """
    state = clock_state(case, _program(), opinion_signed=_opinion_signed(case))
    case.sla_clock = state.clock
    case.sla_due_at = state.due_at
    case.waiting_on = state.waiting_on


def _open_task(*, case: Case, kind: str, assignee: User | None, title: str = "") -> Task:
    return Task.objects.create(
        case=case,
        kind=kind,
        title=title or TaskKind(kind).label,
        assignee=assignee,
        due_at=case.sla_due_at,
    )


def _complete_tasks(*, case: Case, actor: User | None, kinds: tuple[str, ...]) -> None:
    Task.objects.filter(case=case, kind__in=kinds, completed_at__isnull=True).update(
        completed_at=timezone.now(), completed_by=actor
    )


def _validate_cancer_type(code: str) -> str:
    if not code:
        return ""
    cancer_type = BY_CODE.get(code)
    if cancer_type is None:
        raise ValidationFailed(f"'{code}' is not an OncoTree code this program knows.")
    return cancer_type.name


def _require_site_staff(actor: User, site: Site, roles: tuple[str, ...]) -> None:
    if actor.role not in roles or site.pk not in site_ids_for(actor):
        raise PermissionDenied("You do not work at this case's site in a role that may do this.")


def _provisional_reference() -> str:
    """A unique placeholder until the row has its id; replaced in the same transaction."""
    return f"new-{secrets.token_hex(7)}"


def _assign_reference(case: Case) -> None:
    case.reference = f"SL-{case.requested_at:%Y}-{case.pk:06d}"
    case.save(update_fields=["reference"])


def _full_clean(instance: Patient | ReferringPhysician, what: str, **kwargs: object) -> None:
    """Model validation errors become a ValidationFailed the caller can show, never a 500."""
    try:
        instance.full_clean(**kwargs)
    except ValidationError as exc:
        errors = {
            field: [str(message) for message in messages]
            for field, messages in exc.message_dict.items()
        }
        fields = ", ".join(field.replace("_", " ") for field in errors)
        raise ValidationFailed(f"Check the {what}: {fields}.", extra={"errors": errors}) from exc


def _patient_create(details: PatientDetails, user: User | None) -> Patient:
    patient = Patient(user=user, **details.__dict__)
    _full_clean(patient, "patient's details", exclude=["user"])
    patient.save()
    return patient


def _referring_create(details: ReferringDetails | None) -> ReferringPhysician | None:
    if details is None or not details.name.strip():
        return None
    physician = ReferringPhysician(**details.__dict__)
    _full_clean(physician, "referring physician's details")
    physician.save()
    return physician


def _case_fields(details: CaseDetails) -> dict[str, str]:
    return {
        "cancer_type_code": details.cancer_type_code,
        "cancer_type_name": _validate_cancer_type(details.cancer_type_code),
        "outside_diagnosis": details.outside_diagnosis,
        "patient_questions": details.patient_questions,
        "payer_type": details.payer_type,
        "insurance_name": details.insurance_name,
        "insurance_member_id": details.insurance_member_id,
        "urgency": details.urgency,
    }


@transaction.atomic
def case_create_by_phone(
    *,
    actor: User,
    site: Site,
    patient: PatientDetails | Patient,
    details: CaseDetails,
    referring: ReferringDetails | None = None,
    previous_case: Case | None = None,
) -> Case:
    """Phone intake: the navigator who takes the call owns the case from this moment.

    A follow-on opinion passes the existing `Patient` and the `previous_case`; both must
    be the same person, or the patient's history would link someone else's opinion.
    """
    _require_site_staff(actor, site, (Role.NAVIGATOR,))
    if previous_case is not None and (
        not isinstance(patient, Patient) or previous_case.patient_id != patient.pk
    ):
        raise ValidationFailed("A follow-on opinion must be for the same patient.")
    patient_row = patient if isinstance(patient, Patient) else _patient_create(patient, None)
    return _case_open(
        actor=actor,
        patient=patient_row,
        site=site,
        details=details,
        referring=referring,
        previous_case=previous_case,
        channel=IntakeChannel.PHONE,
    )


IDENTITY_CONFIRM_TITLE = (
    "Request made with a patient's portal e-mail: confirm identity at first contact"
)
IDENTITY_CONFLICT_TITLE = (
    "E-mail already belongs to another patient: confirm identity and contact details"
)


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def account_holder_matches(*, user: User, details: PatientDetails) -> bool:
    """Whether the typed patient is the person the account's e-mail already belongs to.

    A public form can be filled by anyone who knows an e-mail address, and families share
    addresses: only the same name and date of birth let a request join an existing
    patient's record. An account with no patient record yet is the requester's own.
    """
    existing = getattr(user, "patient", None)
    if existing is None:
        return True
    return (
        _name_key(existing.first_name) == _name_key(details.first_name)
        and _name_key(existing.last_name) == _name_key(details.last_name)
        and existing.date_of_birth == details.date_of_birth
    )


@transaction.atomic
def case_request_from_web(
    *,
    site: Site,
    patient: PatientDetails,
    details: CaseDetails,
    referring: ReferringDetails | None = None,
    user: User | None = None,
    previous_case: Case | None = None,
    account_verified: bool = False,
) -> Case:
    """A patient's web request; it waits, unowned, on the site's navigator worklist.

    `account_verified` is True only when the requester is logged in as `user`. Otherwise
    the account came from an e-mail typed on the public form, and identities are never
    merged silently: the same name and date of birth attach the case to that patient (a
    patient may have several opinions) with a task to confirm identity at first contact;
    anyone else becomes a new patient, not linked to the account, and the navigator is
    asked to sort out who is who. The existing patient's record is not changed either way.
    """
    if user is not None and user.role != Role.PATIENT:
        raise ValidationFailed("Only a patient account can request an opinion from the portal.")
    identity_task = ""
    if user is not None and hasattr(user, "patient"):
        if account_holder_matches(user=user, details=patient):
            patient_row = user.patient
            identity_task = "" if account_verified else IDENTITY_CONFIRM_TITLE
        else:
            # Someone else's address: the new patient has no e-mail until the navigator
            # confirms one, so no notice about this case can reach the account holder.
            patient_row = _patient_create(replace(patient, email=""), None)
            identity_task = IDENTITY_CONFLICT_TITLE
    else:
        patient_row = _patient_create(patient, user)
    if previous_case is not None and previous_case.patient_id != patient_row.pk:
        raise ValidationFailed("A follow-on opinion must be for the same patient.")
    case = _case_open(
        actor=user if patient_row.user_id == getattr(user, "pk", None) else None,
        patient=patient_row,
        site=site,
        details=details,
        referring=referring,
        previous_case=previous_case,
        channel=IntakeChannel.WEB,
    )
    if identity_task:
        _open_task(case=case, kind=TaskKind.OTHER, assignee=None, title=identity_task)
        _event(
            case=case,
            actor=None,
            kind=EventKind.NOTE,
            summary=identity_task,
            reason=(
                "The web request gave the e-mail address of an existing patient portal account."
                if identity_task == IDENTITY_CONFIRM_TITLE
                else f"The web request gave {patient.email}, the e-mail address of another "
                "patient's portal account: the request was not linked to it and no mail was "
                "sent there."
            ),
        )
    return case


def _case_open(
    *,
    actor: User | None,
    patient: Patient,
    site: Site,
    details: CaseDetails,
    referring: ReferringDetails | None,
    previous_case: Case | None,
    channel: str,
) -> Case:
    """A phone call opens the case in intake, owned by the navigator who took the call;
    a web request waits, unowned, on the site's worklist for first contact."""
    by_phone = channel == IntakeChannel.PHONE
    now = timezone.now()
    case = Case(
        reference=_provisional_reference(),
        patient=patient,
        site=site,
        navigator=actor if by_phone else None,
        previous_case=previous_case,
        referring_physician=_referring_create(referring),
        status=CaseStatus.INTAKE if by_phone else CaseStatus.REQUESTED,
        channel=channel,
        requested_at=now,
        first_contact_at=now if by_phone else None,
        **_case_fields(details),
    )
    case_clock_refresh(case)
    case.save()
    _assign_reference(case)
    _event(
        case=case,
        actor=actor,
        kind=EventKind.CREATED,
        summary="Case opened from a phone call" if by_phone else "Opinion requested on the web",
        to_status=case.status,
    )
    _open_task(
        case=case,
        kind=TaskKind.COLLECT_RECORDS if by_phone else TaskKind.FIRST_CONTACT,
        assignee=actor if by_phone else None,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=case,
        case_reference=case.reference,
        purpose="phone intake" if by_phone else "web request",
    )
    return case


@transaction.atomic
def case_details_update(*, actor: User, case: Case, details: CaseDetails, reason: str = "") -> Case:
    if not can_coordinate(actor, case):
        raise PermissionDenied("Only the case's navigator can change its intake details.")
    if not case.is_open:
        raise TransitionRefused(
            f"Case {case.reference} is {case.get_status_display()}; it can no longer change."
        )
    for field, value in _case_fields(details).items():
        setattr(case, field, value)
    old_due_at = case.sla_due_at
    case_clock_refresh(case)
    case.save()
    if case.sla_due_at != old_due_at:
        # Tasks opened on the running clock follow it (e.g. the case became urgent).
        Task.objects.filter(case=case, completed_at__isnull=True, due_at=old_due_at).update(
            due_at=case.sla_due_at
        )
    _event(
        case=case,
        actor=actor,
        kind=EventKind.UPDATED,
        summary="Intake details updated",
        reason=reason,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=case,
        case_reference=case.reference,
        purpose="intake",
    )
    return case


def _locked(case: Case) -> Case:
    """Re-read the case under a row lock so two people cannot move it at once."""
    return Case.objects.select_for_update().select_related("patient", "site").get(pk=case.pk)


def _check_move(case: Case, to: str) -> None:
    allowed = lifecycle.allowed_next(case.status)
    if to not in allowed:
        labels = [f"'{lifecycle.label(s)}'" for s in allowed]
        options = (
            " or ".join([", ".join(labels[:-1]), labels[-1]] if len(labels) > 1 else labels)
            or "nothing (the case has ended)"
        )
        raise TransitionRefused(
            f"Case {case.reference} is '{lifecycle.label(case.status)}': "
            f"it can move to {options}, not to '{lifecycle.label(to)}'."
        )


def _move(case: Case, *, actor: User, to: str, reason: str, summary: str = "") -> Case:
    from_status = case.status
    case.status = to
    case_clock_refresh(case)
    case.save()
    _event(
        case=case,
        actor=actor,
        kind=EventKind.TRANSITION,
        summary=summary or f"{lifecycle.label(from_status)} → {lifecycle.label(to)}",
        reason=reason,
        from_status=from_status,
        to_status=to,
    )
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        target=case,
        case_reference=case.reference,
        purpose=f"to {to}",
    )
    return case


def _require_coordinator(actor: User, case: Case) -> None:
    if not can_coordinate(actor, case):
        raise PermissionDenied(
            "Only the case's own navigator (or a program admin) can do this; "
            "ask for a hand-off first."
        )


@transaction.atomic
def case_intake_start(*, actor: User, case: Case, reason: str = "") -> Case:
    """A navigator takes a web request: first contact is made and they own the case."""
    case = _locked(case)
    if case.navigator is not None:
        # Two navigators pressing "Take case" at once: the second learns who has it.
        raise TransitionRefused(f"{case.navigator.display_name} has already taken this case.")
    _check_move(case, CaseStatus.INTAKE)
    _require_site_staff(actor, case.site, (Role.NAVIGATOR,))
    case.navigator = actor
    case.first_contact_at = timezone.now()
    _move(
        case,
        actor=actor,
        to=CaseStatus.INTAKE,
        reason=reason,
        summary=f"First contact; {actor.display_name} owns the case",
    )
    _complete_tasks(case=case, actor=actor, kinds=(TaskKind.FIRST_CONTACT,))
    # What waited for whoever took the request (e.g. confirming identity) is now theirs.
    Task.objects.filter(case=case, assignee__isnull=True, completed_at__isnull=True).update(
        assignee=actor
    )
    _open_task(case=case, kind=TaskKind.COLLECT_RECORDS, assignee=actor)
    return case


def _missing_intake(case: Case) -> list[str]:
    missing = []
    if not case.cancer_type_code:
        missing.append("cancer type")
    if not case.patient_questions.strip():
        missing.append("the patient's questions")
    if case.payer_type == PayerType.UNKNOWN:
        missing.append("insurance payer type")
    return missing


@transaction.atomic
def case_records_request(*, actor: User, case: Case, reason: str = "") -> Case:
    case = _locked(case)
    _check_move(case, CaseStatus.RECORDS_PENDING)
    _require_coordinator(actor, case)
    missing = _missing_intake(case)
    if missing:
        raise TransitionRefused(f"Intake is not finished: add {', '.join(missing)} first.")
    return _move(
        case,
        actor=actor,
        to=CaseStatus.RECORDS_PENDING,
        reason=reason,
        summary="Intake complete; outside records requested",
    )


def _has_pathology_report(case: Case) -> bool:
    from secondlook.records.selectors import case_has_pathology_report

    return case_has_pathology_report(case=case)


@transaction.atomic
def case_records_complete(*, actor: User, case: Case, reason: str = "") -> Case:
    case = _locked(case)
    _check_move(case, CaseStatus.RECORDS_COMPLETE)
    _require_coordinator(actor, case)
    if not _has_pathology_report(case):
        raise TransitionRefused(
            "Records cannot be complete without the outside pathology report: "
            "upload it and mark it as a pathology report."
        )
    case.records_complete_at = timezone.now()
    _move(case, actor=actor, to=CaseStatus.RECORDS_COMPLETE, reason=reason)
    _complete_tasks(case=case, actor=actor, kinds=(TaskKind.COLLECT_RECORDS,))
    _open_task(case=case, kind=TaskKind.START_REVIEW, assignee=case.navigator)
    return case


@transaction.atomic
def case_review_start(*, actor: User, case: Case, reviewer: User, reason: str = "") -> Case:
    """Hands the case to the attending specialist who will write and sign the opinion."""
    case = _locked(case)
    _check_move(case, CaseStatus.UNDER_REVIEW)
    _require_coordinator(actor, case)
    if reviewer.role != Role.SPECIALIST or case.site_id not in site_ids_for(reviewer):
        raise ValidationFailed("The reviewer must be a specialist who works at the case's site.")
    if not _has_pathology_report(case):
        raise TransitionRefused("Review cannot start before the pathology report is in.")
    case.reviewer = reviewer
    _move(
        case,
        actor=actor,
        to=CaseStatus.UNDER_REVIEW,
        reason=reason,
        summary=f"Review started by {reviewer.display_name}",
    )
    _event(
        case=case,
        actor=actor,
        kind=EventKind.ASSIGNMENT,
        summary=f"{reviewer.display_name} assigned as attending reviewer",
        reason=reason,
    )
    _complete_tasks(case=case, actor=actor, kinds=(TaskKind.START_REVIEW,))
    _open_task(case=case, kind=TaskKind.REVIEW, assignee=reviewer)
    for hook in review_started_hooks():
        hook(actor=actor, case=case)
    return case


@transaction.atomic
def case_visit_schedule(*, actor: User, case: Case, visit_at: datetime, reason: str = "") -> Case:
    case = _locked(case)
    _check_move(case, CaseStatus.VISIT_SCHEDULED)
    _require_coordinator(actor, case)
    if visit_at <= timezone.now():
        raise ValidationFailed("The visit must be in the future.")
    case.visit_at = visit_at
    local = timezone.localtime(visit_at)
    return _move(
        case,
        actor=actor,
        to=CaseStatus.VISIT_SCHEDULED,
        reason=reason,
        summary=f"Visit scheduled for {local:%a %d %b %Y %H:%M}",
    )


@transaction.atomic
def case_opinion_drafted(*, actor: User, case: Case, reason: str = "") -> Case:
    """Called by the review service when the attending saves the first draft."""
    case = _locked(case)
    _check_move(case, CaseStatus.OPINION_DRAFTED)
    if not can_write_opinion(actor, case):
        raise PermissionDenied("Only the case's attending reviewer writes its opinion.")
    from secondlook.review.selectors import opinion_latest

    if opinion_latest(case=case) is None:
        raise TransitionRefused("There is no opinion draft yet.")
    return _move(
        case, actor=actor, to=CaseStatus.OPINION_DRAFTED, reason=reason, summary="Opinion drafted"
    )


@transaction.atomic
def case_opinion_deliver(
    *, actor: User, case: Case, reason: str = "", start_follow_up: bool | None = None
) -> Case:
    """The navigator releases the signed opinion; the case then enters follow-up by itself.

    `start_follow_up` defaults to the program's rule (`follow_up_after_delivery`); False
    leaves the case delivered, for the navigator to start follow-up or close it by hand.
    """
    case = _locked(case)
    _check_move(case, CaseStatus.OPINION_DELIVERED)
    _require_coordinator(actor, case)
    from secondlook.review.selectors import opinion_latest

    latest = opinion_latest(case=case)
    if latest is None or not latest.is_signed:
        raise TransitionRefused(
            "The opinion must be signed by the attending before it is delivered."
        )
    case.opinion_delivered_at = timezone.now()
    _move(
        case,
        actor=actor,
        to=CaseStatus.OPINION_DELIVERED,
        reason=reason,
        summary=f"Opinion version {latest.number} delivered to the patient",
    )
    _complete_tasks(case=case, actor=actor, kinds=(TaskKind.REVIEW, TaskKind.DELIVER_OPINION))
    from secondlook.review.tasks import notify_opinion_delivered

    transaction.on_commit(lambda: notify_opinion_delivered(case.pk))
    if follow_up_after_delivery() if start_follow_up is None else start_follow_up:
        _enter_follow_up(
            case,
            actor=actor,
            reason="The program follows every patient up after delivery.",
            summary="Follow-up started on delivery",
        )
    return case


def follow_up_after_delivery() -> bool:
    """DESIGN.md: after delivery the case enters follow-up by itself, with check-ins.

    A program that follows patients up elsewhere turns this off with
    SECONDLOOK_FOLLOW_UP_AFTER_DELIVERY=False; its navigators then start follow-up (or
    close the case) by hand, as they do for cases delivered before this was automatic.
    """
    return bool(getattr(settings, "SECONDLOOK_FOLLOW_UP_AFTER_DELIVERY", True))


def _enter_follow_up(case: Case, *, actor: User, reason: str, summary: str = "") -> Case:
    """The named move to follow-up: timeline event, the 30/90/180-day check-ins, a task."""
    from secondlook.followup.services import check_ins_schedule

    _move(case, actor=actor, to=CaseStatus.FOLLOW_UP, reason=reason, summary=summary)
    check_ins_schedule(actor=actor, case=case)
    _open_task(
        case=case,
        kind=TaskKind.FOLLOW_UP,
        assignee=case.navigator,
        title="Follow-up check-in with the patient",
    )
    return case


@transaction.atomic
def case_follow_up_start(*, actor: User, case: Case, reason: str = "") -> Case:
    """The manual step, for a case delivered without automatic follow-up."""
    case = _locked(case)
    _check_move(case, CaseStatus.FOLLOW_UP)
    _require_coordinator(actor, case)
    return _enter_follow_up(case, actor=actor, reason=reason)


@transaction.atomic
def case_close(*, actor: User, case: Case, reason: str = "") -> Case:
    case = _locked(case)
    _check_move(case, CaseStatus.CLOSED)
    _require_coordinator(actor, case)
    case.closed_at = timezone.now()
    _move(case, actor=actor, to=CaseStatus.CLOSED, reason=reason)
    _complete_tasks(case=case, actor=actor, kinds=tuple(TaskKind.values))
    return case


@transaction.atomic
def case_cancel(*, actor: User, case: Case, reason: str) -> Case:
    case = _locked(case)
    _check_move(case, CaseStatus.CANCELLED)
    if not reason.strip():
        raise ValidationFailed("Say why the case is cancelled; the patient may ask.")
    if case.navigator_id is None:
        _require_site_staff(actor, case.site, (Role.NAVIGATOR, Role.PROGRAM_ADMIN))
    else:
        _require_coordinator(actor, case)
    case.cancel_reason = reason
    case.closed_at = timezone.now()
    _move(case, actor=actor, to=CaseStatus.CANCELLED, reason=reason)
    _complete_tasks(case=case, actor=actor, kinds=tuple(TaskKind.values))
    return case


TRANSITIONS: dict[str, Callable[..., Case]] = {
    CaseStatus.INTAKE: case_intake_start,
    CaseStatus.RECORDS_PENDING: case_records_request,
    CaseStatus.RECORDS_COMPLETE: case_records_complete,
    CaseStatus.UNDER_REVIEW: case_review_start,
    CaseStatus.VISIT_SCHEDULED: case_visit_schedule,
    CaseStatus.OPINION_DRAFTED: case_opinion_drafted,
    CaseStatus.OPINION_DELIVERED: case_opinion_deliver,
    CaseStatus.FOLLOW_UP: case_follow_up_start,
    CaseStatus.CLOSED: case_close,
    CaseStatus.CANCELLED: case_cancel,
}


def case_transition(
    *,
    actor: User,
    case: Case,
    to: str,
    reason: str = "",
    reviewer: User | None = None,
    visit_at: datetime | None = None,
) -> Case:
    """One entry point for the API and generic buttons; each target has its own service."""
    if not can_view_case(actor, case):
        raise NotFound("No such case.")
    if to not in TRANSITIONS:
        raise ValidationFailed(f"'{to}' is not a case status.")
    _check_move(case, to)
    if to == CaseStatus.UNDER_REVIEW:
        if reviewer is None:
            raise ValidationFailed("Choose the reviewing specialist to start the review.")
        return case_review_start(actor=actor, case=case, reviewer=reviewer, reason=reason)
    if to == CaseStatus.VISIT_SCHEDULED:
        if visit_at is None:
            raise ValidationFailed("Give the visit date and time.")
        return case_visit_schedule(actor=actor, case=case, visit_at=visit_at, reason=reason)
    return TRANSITIONS[to](actor=actor, case=case, reason=reason)


@transaction.atomic
def case_handoff(*, actor: User, case: Case, to_navigator: User, reason: str) -> Case:
    """Re-assignment is explicit: one owner at a time, and the timeline says why."""
    case = _locked(case)
    if case.navigator_id is None:
        raise TransitionRefused("Nobody owns this case yet: take it from the worklist instead.")
    _require_coordinator(actor, case)
    if not reason.strip():
        raise ValidationFailed("Give a reason for the hand-off.")
    if to_navigator.role != Role.NAVIGATOR or case.site_id not in site_ids_for(to_navigator):
        raise ValidationFailed("The new owner must be a navigator at the case's site.")
    if to_navigator.pk == case.navigator_id:
        raise ValidationFailed("That navigator already owns the case.")
    previous = case.navigator
    case.navigator = to_navigator
    case.save(update_fields=["navigator", "updated_at"])
    Task.objects.filter(case=case, assignee=previous, completed_at__isnull=True).update(
        assignee=to_navigator
    )
    _event(
        case=case,
        actor=actor,
        kind=EventKind.HANDOFF,
        summary=f"Hand-off from {previous.display_name if previous else 'nobody'} "
        f"to {to_navigator.display_name}",
        reason=reason,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=case,
        case_reference=case.reference,
        purpose="navigator hand-off",
    )
    return case


_CLOCK_BATCH = 2000


def _clocks_apply_batch(cases: list[Case], program: Program) -> int:
    """Moves the deadlines of one batch; open tasks due on the old deadline follow it."""
    moved: dict[int, tuple[datetime | None, datetime | None]] = {}
    for case in cases:
        due_at = clock_state(case, program).due_at
        if due_at != case.sla_due_at:
            moved[case.pk] = (case.sla_due_at, due_at)
            case.sla_due_at = due_at
    if not moved:
        return 0
    Case.objects.bulk_update([c for c in cases if c.pk in moved], ["sla_due_at"])
    tasks = [
        task
        for task in Task.objects.filter(case_id__in=moved, completed_at__isnull=True).only(
            "id", "case_id", "due_at"
        )
        if task.due_at is not None and task.due_at == moved[task.case_id][0]
    ]
    for task in tasks:
        task.due_at = moved[task.case_id][1]
    Task.objects.bulk_update(tasks, ["due_at"])
    return len(moved)


@transaction.atomic
def program_clocks_apply(*, actor: User | None, program: Program) -> int:
    """After a program's SLA clocks (or holiday calendar) change, re-derive the deadline of
    every open case whose clock runs, so the worklist orders by the rules now in force.

    Returns how many deadlines moved. The cases' timelines stay quiet (nothing happened to
    any one case); a single audit row records the recomputation and who caused it.
    """
    running = (
        Case.objects.filter(site__program=program)
        .exclude(sla_clock="")
        .exclude(status__in=TERMINAL_STATUSES)
        .only(
            "id",
            "status",
            "urgency",
            "requested_at",
            "first_contact_at",
            "records_complete_at",
            "sla_due_at",
        )
        .order_by("pk")
    )
    moved = 0
    batch: list[Case] = []
    for case in running.iterator(chunk_size=_CLOCK_BATCH):
        batch.append(case)
        if len(batch) == _CLOCK_BATCH:
            moved += _clocks_apply_batch(batch, program)
            batch = []
    moved += _clocks_apply_batch(batch, program)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=program,
        purpose=f"SLA clocks changed: {moved} open case deadlines recomputed",
    )
    return moved


@transaction.atomic
def task_complete(*, actor: User, task_id: int) -> Task:
    """Tasks are staff work: a patient who can see the case still cannot tick them off."""
    task = Task.objects.select_related("case", "case__patient").filter(pk=task_id).first()
    if task is None or not actor.is_clinic_staff or not can_view_case(actor, task.case):
        raise NotFound("No such task.")
    if task.assignee_id not in (None, actor.pk) and actor.role != Role.PROGRAM_ADMIN:
        raise PermissionDenied("This task is someone else's.")
    if task.completed_at is not None:
        return task
    task.completed_at = timezone.now()
    task.completed_by = actor
    task.save(update_fields=["completed_at", "completed_by", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=task,
        case_reference=task.case.reference,
        purpose="task completed",
    )
    return task


def case_for_update(*, actor: User, case_id: int) -> Case:
    case = Case.objects.select_related("patient", "site").filter(pk=case_id).first()
    if case is None or not can_view_case(actor, case):
        raise NotFound("No such case.")
    return case


def case_event_record(
    *, case: Case, actor: User | None, kind: str, summary: str, reason: str = ""
) -> TimelineEvent:
    """A timeline entry written by another app's service (e.g. records: "Record added").

    The caller has already checked permissions and runs inside its own transaction, so
    the event commits or rolls back with the change it describes.
    """
    return _event(case=case, actor=actor, kind=kind, summary=summary, reason=reason)

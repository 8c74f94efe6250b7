"""Writes from the patient portal: a request for a second opinion, first or again.

The public request form is open to anyone who knows an e-mail address, so it must not
tell the visitor whether that address already has an account or a request: the page
they see is the same either way, and only the mailbox owner learns more (an invitation
for a new account, a log-in reminder for an existing one).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from secondlook.accounts.choices import Role
from secondlook.accounts.models import Site, User
from secondlook.accounts.selectors import program_current
from secondlook.accounts.services import patient_account_create, patient_invitation_send
from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record
from secondlook.cases.choices import CaseStatus
from secondlook.cases.models import Case, Patient
from secondlook.cases.services import (
    CaseDetails,
    PatientDetails,
    ReferringDetails,
    account_holder_matches,
    case_request_from_web,
)
from secondlook.cases.sla import first_contact_promise
from secondlook.core.errors import Conflict, PermissionDenied, ValidationFailed
from secondlook.portal.choices import Agreement, Recommend
from secondlook.portal.models import Message, QuestionList, SurveyResponse


class RequestOutcome(enum.Enum):
    CREATED = "created"
    DUPLICATE = "duplicate"


@dataclass(frozen=True)
class RequestReceipt:
    """What happened to a public request; the case is the new one or the one already waiting."""

    case: Case
    outcome: RequestOutcome


def _waiting_request(user: User) -> Case | None:
    """A request no navigator has picked up yet: a second one would only add noise."""
    return (
        Case.objects.filter(patient__user=user, status=CaseStatus.REQUESTED)
        .order_by("-requested_at")
        .first()
    )


def _request_received_notice_send(*, user: User) -> None:
    """For an existing account: the new request is in, log in to follow it (no diagnosis)."""
    login_url = f"{settings.SECONDLOOK_SITE_URL.rstrip('/')}{reverse('accounts:login')}"
    send_mail(
        subject="We received your request for a second opinion",
        message=(
            f"Hello {user.first_name},\n\n"
            "We received your new request for a second opinion. It is linked to the patient "
            f"account you already have. Log in to follow it and upload records:\n\n{login_url}\n\n"
            f"{first_contact_promise(program_current())}"
        ),
        from_email=None,
        recipient_list=[user.email],
    )


def _welcome_send_on_commit(user: User) -> None:
    """New (or never activated) accounts get the invitation, others a log-in reminder.

    Mail goes out only once the request is committed, and a mail failure is logged
    rather than undoing a request the navigator can already see.
    """
    activated = user.has_usable_password()
    send = _request_received_notice_send if activated else patient_invitation_send
    transaction.on_commit(partial(send, user=user), robust=True)


@transaction.atomic
def opinion_request_submit(
    *,
    site: Site,
    patient: PatientDetails,
    details: CaseDetails,
    referring: ReferringDetails | None = None,
) -> RequestReceipt:
    """A public web request: account (new or existing) and case in one transaction."""
    try:
        user = patient_account_create(
            email=patient.email, first_name=patient.first_name, last_name=patient.last_name
        )
    except ValidationFailed:
        raise ValidationFailed(
            "We cannot use this e-mail address for a patient account. "
            "Use another address, or call us and we will help."
        ) from None
    # An address that belongs to someone else's patient record: the request becomes a new
    # patient for the navigator to sort out, and that mailbox hears nothing about it.
    account_is_theirs = account_holder_matches(user=user, details=patient)
    waiting = _waiting_request(user) if account_is_theirs else None
    if waiting is not None:
        return RequestReceipt(case=waiting, outcome=RequestOutcome.DUPLICATE)
    case = case_request_from_web(
        site=site, patient=patient, details=details, referring=referring, user=user
    )
    if account_is_theirs:
        _welcome_send_on_commit(user)
    return RequestReceipt(case=case, outcome=RequestOutcome.CREATED)


def _details_of(patient: Patient) -> PatientDetails:
    return PatientDetails(
        first_name=patient.first_name,
        last_name=patient.last_name,
        date_of_birth=patient.date_of_birth,
        phone=patient.phone,
        email=patient.email,
        sex=patient.sex,
        address=patient.address,
        postal_code=patient.postal_code,
        preferred_language=patient.preferred_language,
        caregiver_name=patient.caregiver_name,
        caregiver_phone=patient.caregiver_phone,
    )


@transaction.atomic
def another_opinion_request(
    *,
    user: User,
    previous_case: Case,
    site: Site,
    details: CaseDetails,
    referring: ReferringDetails | None = None,
) -> Case:
    """A logged-in patient asks again: a new case for the same patient, linked to the last."""
    waiting = _waiting_request(user)
    if waiting is not None:
        raise Conflict(
            f"Your request {waiting.reference} is still waiting for a navigator. "
            "They will call you soon; you can tell them about your new questions then."
        )
    return case_request_from_web(
        site=site,
        patient=_details_of(previous_case.patient),
        details=details,
        referring=referring,
        user=user,
        previous_case=previous_case,
        account_verified=True,
    )


# --- Messages, questions to ask, satisfaction survey --------------------------------

MESSAGE_MAX_CHARS = 4000


def _message_notice_send(*, case_id: int) -> None:
    """Tell the patient a message is waiting; the e-mail carries no content (not secure)."""
    case = Case.objects.select_related("patient").filter(pk=case_id).first()
    if case is None or not case.patient.email:
        return
    link = f"{settings.SECONDLOOK_SITE_URL.rstrip('/')}{reverse('portal:messages', args=[case.pk])}"
    send_mail(
        subject="You have a new message from your navigator",
        message=(
            f"Hello {case.patient.first_name},\n\nYour navigator sent you a message about your "
            f"second opinion. Log in to read it:\n\n{link}"
        ),
        from_email=None,
        recipient_list=[case.patient.email],
    )


@transaction.atomic
def message_send(*, actor: User, case: Case, body: str) -> Message:
    """A message in the case thread: the patient writes to their navigator or back."""
    from secondlook.cases.permissions import access_purpose, can_coordinate

    body = body.strip()
    if not body:
        raise ValidationFailed("Write your message before sending it.")
    if len(body) > MESSAGE_MAX_CHARS:
        raise ValidationFailed(f"Keep the message under {MESSAGE_MAX_CHARS} characters.")
    from_patient = actor.role == Role.PATIENT
    allowed = (
        access_purpose(actor, case) == "own record" if from_patient else can_coordinate(actor, case)
    )
    if not allowed:
        raise PermissionDenied("You cannot write in this case's messages.")
    message = Message.objects.create(case=case, sender=actor, from_patient=from_patient, body=body)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=message,
        case_reference=case.reference,
        purpose="portal message",
    )
    if not from_patient:
        case_id = case.pk
        transaction.on_commit(partial(_message_notice_send, case_id=case_id), robust=True)
    return message


@transaction.atomic
def messages_mark_read(*, actor: User, case: Case) -> int:
    """The reader marks the other side's messages read: patient reads staff's, staff patient's.

    Audited when it changes something: "read at" tells who knew what when, so a staff
    member marking a patient's message read is on the record; re-opening an already read
    thread changes nothing and writes nothing.
    """
    from_patient = actor.role != Role.PATIENT
    marked = Message.objects.filter(
        case=case, from_patient=from_patient, read_at__isnull=True
    ).update(read_at=timezone.now())
    if marked:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="portal.message",
            case_reference=case.reference,
            purpose="portal messages marked read",
        )
    return marked


@transaction.atomic
def question_list_save(*, actor: User, case: Case, text: str) -> QuestionList:
    """The patient's own edit: one question per line, blank lines dropped."""
    from secondlook.cases.permissions import access_purpose

    if access_purpose(actor, case) != "own record":
        raise PermissionDenied("Only the patient edits their own questions.")
    questions = [line.strip()[:500] for line in text.splitlines() if line.strip()][:40]
    question_list, _ = QuestionList.objects.update_or_create(
        case=case, defaults={"questions": questions, "edited": True}
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=question_list,
        case_reference=case.reference,
        purpose="questions to ask edited",
    )
    return question_list


@transaction.atomic
def question_list_reset(*, actor: User, case: Case) -> None:
    """Start again from the suggestions built from the case."""
    from secondlook.cases.permissions import access_purpose

    if access_purpose(actor, case) != "own record":
        raise PermissionDenied("Only the patient edits their own questions.")
    deleted, _rows = QuestionList.objects.filter(case=case).delete()
    if deleted:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="portal.questionlist",
            case_reference=case.reference,
            purpose="questions to ask reset to suggestions",
        )


@dataclass(frozen=True)
class SurveyAnswers:
    recommend: str
    explained_clearly: str = ""
    navigator_helpful: str = ""
    felt_heard: str = ""
    comments: str = ""


@transaction.atomic
def survey_submit(*, actor: User, case: Case, answers: SurveyAnswers) -> SurveyResponse:
    """One answer per second opinion, once the patient has it."""
    from secondlook.cases.permissions import access_purpose
    from secondlook.review.selectors import opinion_delivered_latest

    if access_purpose(actor, case) != "own record":
        raise PermissionDenied("Only the patient answers the survey.")
    opinion = opinion_delivered_latest(case=case)
    if opinion is None:
        raise ValidationFailed("The survey opens once you have your second opinion.")
    if answers.recommend not in Recommend.values:
        raise ValidationFailed("Choose whether you would recommend us.")
    for value in (answers.explained_clearly, answers.navigator_helpful, answers.felt_heard):
        if value and value not in Agreement.values:
            raise ValidationFailed("Choose one of the answers given.")
    Case.objects.select_for_update().filter(pk=case.pk).first()
    if SurveyResponse.objects.filter(case=case).exists():
        raise Conflict("You already answered the survey for this opinion. Thank you!")
    response = SurveyResponse.objects.create(
        case=case,
        opinion=opinion,
        respondent=actor,
        recommend=answers.recommend,
        explained_clearly=answers.explained_clearly,
        navigator_helpful=answers.navigator_helpful,
        felt_heard=answers.felt_heard,
        comments=answers.comments.strip()[:2000],
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=response,
        case_reference=case.reference,
        purpose="satisfaction survey",
    )
    return response

"""Writes on the patient's voice: goals and preferences, follow-up questions, addenda.

The patient writes in the portal, or the navigator records what the patient said on
the phone; either way it is shown to every reviewer and at the board. After delivery
the patient may ask a few follow-up questions (SECONDLOOK_FOLLOW_UP_QUESTIONS, default
three, per opinion); the attending answers each with a signed, immutable addendum.
"""

from __future__ import annotations

import hashlib
import json

from django.db import transaction
from django.utils import timezone

from secondlook.accounts.choices import Role
from secondlook.accounts.models import User
from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record
from secondlook.cases.choices import EventKind, TaskKind
from secondlook.cases.models import Case, Task
from secondlook.cases.permissions import access_purpose, can_coordinate, can_write_opinion
from secondlook.cases.services import case_event_record
from secondlook.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from secondlook.review.choices import VoiceSource
from secondlook.review.models import Addendum, FollowUpQuestion, PatientVoice
from secondlook.review.selectors import opinion_delivered_latest
from secondlook.review.services import PasswordNotAccepted
from secondlook.review.summary import follow_up_limit
from secondlook.review.team_services import review_task_due

VOICE_MAX = 4000
QUESTION_MAX = 2000


def _is_own_patient(actor: User, case: Case) -> bool:
    return actor.role == Role.PATIENT and access_purpose(actor, case) == "own record"


@transaction.atomic
def patient_voice_save(*, actor: User, case: Case, **fields: str) -> PatientVoice:
    """The patient (own case) or the case's navigator records goals and preferences.

    Only the fields given change, so the navigator adding the patient's view of the
    options after the consult does not erase what the patient wrote.
    """
    case = Case.objects.select_for_update().select_related("patient").get(pk=case.pk)
    if _is_own_patient(actor, case):
        source = VoiceSource.PORTAL
    elif can_coordinate(actor, case):
        source = VoiceSource.NAVIGATOR
    else:
        raise NotFound("No such case, or you do not have access to it.")
    unknown = set(fields) - set(PatientVoice.FIELDS)
    if unknown:
        raise ValidationFailed(f"Unknown fields: {', '.join(sorted(unknown))}.")
    too_long = [name for name, value in fields.items() if len(value) > VOICE_MAX]
    if too_long:
        raise ValidationFailed(f"Please keep each answer under {VOICE_MAX} characters.")
    voice = PatientVoice.objects.filter(case=case).first() or PatientVoice(
        case=case, source=source, updated_by=actor
    )
    for name, value in fields.items():
        setattr(voice, name, value.strip())
    voice.source = source
    voice.updated_by = actor
    voice.save()
    case_event_record(
        case=case,
        actor=actor,
        kind=EventKind.NOTE,
        summary="Patient's goals and preferences updated"
        + (" by the patient" if source == VoiceSource.PORTAL else " by the navigator"),
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=voice,
        case_reference=case.reference,
        purpose="patient voice",
    )
    return voice


def follow_up_questions_left(*, case: Case) -> int:
    opinion = opinion_delivered_latest(case=case)
    if opinion is None:
        return 0
    return max(0, follow_up_limit() - opinion.follow_up_questions.count())


@transaction.atomic
def follow_up_question_ask(*, actor: User, case: Case, question: str) -> FollowUpQuestion:
    """The patient asks about the opinion delivered to them; the attending gets a task."""
    case = Case.objects.select_for_update().select_related("patient").get(pk=case.pk)
    if not _is_own_patient(actor, case):
        raise NotFound("No such case, or you do not have access to it.")
    opinion = opinion_delivered_latest(case=case)
    if opinion is None:
        raise ValidationFailed("You can ask follow-up questions once your opinion is delivered.")
    question = question.strip()
    if not question:
        raise ValidationFailed("Write your question.")
    if len(question) > QUESTION_MAX:
        raise ValidationFailed(f"Please keep your question under {QUESTION_MAX} characters.")
    limit = follow_up_limit()
    if opinion.follow_up_questions.count() >= limit:
        raise ValidationFailed(
            f"You have asked the {limit} follow-up questions this opinion includes. "
            "Please call your navigator with anything else."
        )
    asked = FollowUpQuestion.objects.create(opinion=opinion, asked_by=actor, question=question)
    Task.objects.create(
        case=case,
        kind=TaskKind.OTHER,
        title="Answer the patient's follow-up question (addendum)",
        assignee=case.reviewer,
        due_at=review_task_due(case),
    )
    case_event_record(
        case=case, actor=actor, kind=EventKind.NOTE, summary="Patient asked a follow-up question"
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=asked,
        case_reference=case.reference,
        purpose="follow-up question",
    )
    return asked


def addendum_sha256(*, case: Case, question: FollowUpQuestion, answer: str) -> str:
    content = {
        "case": case.reference,
        "opinion_version": question.opinion.number,
        "question": question.question,
        "answer": answer,
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def addendum_sign(
    *, actor: User, question: FollowUpQuestion, answer: str, password: str
) -> Addendum:
    """The attending answers a follow-up question; the answer is signed and never changes.

    As at opinion signing, a refused password is audited outside the transaction so the
    refusal itself is kept.
    """
    case = question.opinion.case
    if not can_write_opinion(actor, case):
        raise PermissionDenied("Only the case's attending reviewer answers follow-up questions.")
    if not actor.check_password(password):
        audit_record(
            actor=actor,
            action=AuditAction.DENIED,
            target=question,
            case_reference=case.reference,
            purpose="addendum signature: password not accepted",
        )
        raise PasswordNotAccepted("Password not accepted; the answer was not signed.")
    return _addendum_create(actor=actor, question=question, answer=answer)


@transaction.atomic
def _addendum_create(*, actor: User, question: FollowUpQuestion, answer: str) -> Addendum:
    case = (
        Case.objects.select_for_update().select_related("patient").get(pk=question.opinion.case_id)
    )
    if Addendum.objects.filter(question=question).exists():
        raise Conflict("This question already has a signed answer.")
    answer = answer.strip()
    if not answer:
        raise ValidationFailed("Write the answer before signing.")
    addendum = Addendum.objects.create(
        opinion=question.opinion,
        question=question,
        answer=answer,
        signed_by=actor,
        signed_at=timezone.now(),
        content_sha256=addendum_sha256(case=case, question=question, answer=answer),
    )
    _complete_one_answer_task(case, actor)
    case_event_record(
        case=case,
        actor=actor,
        kind=EventKind.OPINION,
        summary=f"Follow-up answer signed by {actor.display_name} (addendum)",
    )
    audit_record(
        actor=actor,
        action=AuditAction.SIGN,
        target=addendum,
        case_reference=case.reference,
        purpose="addendum",
    )
    return addendum


def _complete_one_answer_task(case: Case, actor: User) -> None:
    task = (
        Task.objects.filter(
            case=case,
            kind=TaskKind.OTHER,
            title__startswith="Answer the patient's follow-up question",
            completed_at__isnull=True,
        )
        .order_by("created_at", "id")
        .first()
    )
    if task is not None:
        task.completed_at = timezone.now()
        task.completed_by = actor
        task.save(update_fields=["completed_at", "completed_by", "updated_at"])

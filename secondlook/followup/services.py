"""Writes for follow-up: check-ins after the opinion, and plan revisions from new results.

A revision is never an edit: it is a new, signed version of the opinion made through the
review app's correction flow (`opinion_draft_save` with a correction reason, then
`opinion_sign`, then `opinion_correction_deliver`), so the medical-legal record keeps
every version and says what changed and why. Delivering it e-mails the patient through
the review app's notification job (no clinical detail, a link to the portal).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from secondlook.accounts.models import User
from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record
from secondlook.cases.choices import CaseStatus, EventKind
from secondlook.cases.models import Case
from secondlook.cases.permissions import can_coordinate
from secondlook.cases.services import case_event_record
from secondlook.core.errors import Conflict, PermissionDenied, TransitionRefused, ValidationFailed
from secondlook.followup.choices import CHECK_IN_DAYS, CheckInStatus, RevisionStatus
from secondlook.followup.models import CheckIn, PlanRevision
from secondlook.review.models import OpinionVersion
from secondlook.review.services import (
    LetterContent,
    opinion_correction_deliver,
    opinion_draft_save,
)


def _start_day(case: Case) -> date:
    delivered = case.opinion_delivered_at or timezone.now()
    return timezone.localtime(delivered).date()


def _days(check_ins: list[CheckIn]) -> str:
    return ", ".join(str(check_in.day) for check_in in check_ins)


def _schedule(case: Case) -> list[CheckIn]:
    start = _start_day(case)
    existing = set(case.check_ins.values_list("day", flat=True))
    return [
        CheckIn.objects.create(case=case, day=day, due_on=start + timedelta(days=day))
        for day in CHECK_IN_DAYS
        if day not in existing
    ]


@transaction.atomic
def check_ins_schedule(*, actor: User, case: Case) -> list[CheckIn]:
    """The navigator starts the 30/90/180-day check-ins; running it twice adds nothing."""
    if not can_coordinate(actor, case):
        raise PermissionDenied("Only the case's navigator (or a program admin) schedules these.")
    if case.status != CaseStatus.FOLLOW_UP:
        raise TransitionRefused("Check-ins are scheduled once the case is in follow-up.")
    created = _schedule(case)
    if created:
        case_event_record(
            case=case,
            actor=actor,
            kind=EventKind.NOTE,
            summary=f"Follow-up check-ins scheduled ({_days(created)} days)",
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="followup.checkin",
            case_reference=case.reference,
            purpose="follow-up check-ins",
        )
    return created


@transaction.atomic
def check_ins_schedule_missing() -> int:
    """The daily job: every follow-up case without check-ins gets them (none forgotten)."""
    # NOT EXISTS rather than a join: PostgreSQL cannot lock rows of a DISTINCT or of the
    # nullable side of an outer join.
    cases = Case.objects.filter(status=CaseStatus.FOLLOW_UP).filter(
        ~Exists(CheckIn.objects.filter(case=OuterRef("pk")))
    )
    count = 0
    for case in cases.select_for_update():
        created = _schedule(case)
        if created:
            count += 1
            case_event_record(
                case=case,
                actor=None,
                kind=EventKind.NOTE,
                summary="Follow-up check-ins scheduled automatically (30, 90, 180 days)",
            )
            audit_record(
                actor=None,
                action=AuditAction.CREATE,
                object_type="followup.checkin",
                case_reference=case.reference,
                purpose="follow-up check-ins (scheduled job)",
            )
    return count


@transaction.atomic
def check_in_complete(*, actor: User, check_in_id: int, status: str, note: str) -> CheckIn:
    check_in = CheckIn.objects.select_for_update().select_related("case").filter(pk=check_in_id)
    found = check_in.first()
    if found is None or not can_coordinate(actor, found.case):
        raise PermissionDenied("Only the case's navigator records its check-ins.")
    if status not in (CheckInStatus.DONE, CheckInStatus.MISSED):
        raise ValidationFailed("Say whether you reached the patient.")
    found.status = status
    found.note = note.strip()
    found.completed_at = timezone.now()
    found.completed_by = actor
    found.save(update_fields=["status", "note", "completed_at", "completed_by", "updated_at"])
    case_event_record(
        case=found.case,
        actor=actor,
        kind=EventKind.NOTE,
        summary=f"Day-{found.day} follow-up check-in: {found.get_status_display().lower()}",
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=found,
        case_reference=found.case.reference,
        purpose="follow-up check-in",
    )
    return found


@transaction.atomic
def plan_revision_draft(
    *,
    actor: User,
    case: Case,
    what_changed: str,
    why: str,
    verdict: str,
    diagnosis: str,
    recommendations: str,
    answers: str,
    letter: LetterContent | None = None,
) -> PlanRevision:
    """The attending re-reviews with new results: a new opinion version, drafted.

    The new version starts from the structured content of the version it revises
    (concordance, stage, plan, tests, trials, options and the plan verdict) and applies
    only what the attending changed: the texts given here, and `letter` when the caller
    sends new structured content. It records what changed (`what_changed`) and why (the
    correction reason the review app requires); the attending then signs it on the opinion
    page as any version, and signing generates its patient summary from that content.
    """
    if case.status != CaseStatus.FOLLOW_UP:
        raise TransitionRefused("A plan is revised during follow-up, after the first opinion.")
    what_changed, why = what_changed.strip(), why.strip()
    if not what_changed or not why:
        raise ValidationFailed("Say what changed in the plan and why.")
    opinion = opinion_draft_save(
        actor=actor,
        case=case,
        verdict=verdict,
        diagnosis=diagnosis,
        recommendations=recommendations,
        answers=answers,
        correction_reason=f"Follow-up revision: {why}",
        letter=letter,
        what_changed=what_changed,
    )
    if PlanRevision.objects.filter(opinion=opinion).exists():
        revision = PlanRevision.objects.get(opinion=opinion)
        revision.what_changed, revision.why = what_changed, why
        revision.save(update_fields=["what_changed", "why", "updated_at"])
        return revision
    revision = PlanRevision.objects.create(
        case=case, opinion=opinion, what_changed=what_changed, why=why, revised_by=actor
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=revision,
        case_reference=case.reference,
        purpose="plan revision",
    )
    return revision


@transaction.atomic
def plan_revision_deliver(*, actor: User, revision_id: int) -> PlanRevision:
    """The navigator releases the signed revision; the patient is e-mailed to log in."""
    revision = (
        PlanRevision.objects.select_for_update().select_related("case").filter(pk=revision_id)
    ).first()
    if revision is None or not can_coordinate(actor, revision.case):
        raise PermissionDenied("Only the case's navigator (or a program admin) delivers it.")
    if revision.status == RevisionStatus.DELIVERED:
        raise Conflict("This revision has already been delivered to the patient.")
    opinion = OpinionVersion.objects.get(pk=revision.opinion_id)
    if not opinion.is_signed:
        raise TransitionRefused("The attending must sign the revised opinion first.")
    opinion_correction_deliver(actor=actor, opinion=opinion, note=revision.what_changed)
    revision.status = RevisionStatus.DELIVERED
    revision.delivered_at = timezone.now()
    revision.save(update_fields=["status", "delivered_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=revision,
        case_reference=revision.case.reference,
        purpose="plan revision delivered",
    )
    return revision

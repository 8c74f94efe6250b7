"""Writes on disease teams, specialist reviewers and their findings.

A case under review gets its specialist reviewers in two steps: the engine proposes them
from the disease team (cancer type and the patient's questions, see review/proposals.py),
then the navigator confirms. Each confirmed reviewer gets a task due inside the case's
SLA, and the case's board preparation clock starts. Timeline summaries name people and
specialties, never clinical content (the portal may show the timeline).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from secondlook.accounts.choices import CLINICAL_ROLES, Role, Specialty
from secondlook.accounts.models import Site, User
from secondlook.accounts.selectors import program_current, site_ids_for
from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record
from secondlook.cases.choices import TERMINAL_STATUSES, CaseStatus, EventKind, TaskKind
from secondlook.cases.models import Case, Task
from secondlook.cases.permissions import can_coordinate
from secondlook.cases.services import case_event_record
from secondlook.core.business_days import add_business_days, business_days_between
from secondlook.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from secondlook.review import proposals
from secondlook.review.choices import Agreement, Concordance, DiseaseTeamKind, ReviewerStatus
from secondlook.review.models import (
    BoardPreparation,
    CaseReviewer,
    DiseaseTeam,
    DiseaseTeamMember,
    PatientVoice,
    ReviewerFinding,
)
from secondlook.review.permissions import can_record_findings

REVIEW_STATUSES = frozenset(
    {CaseStatus.UNDER_REVIEW, CaseStatus.VISIT_SCHEDULED, CaseStatus.OPINION_DRAFTED}
)
# Re-reviews that grade concordance with the outside report.
CONCORDANCE_SPECIALTIES = frozenset({Specialty.PATHOLOGY, Specialty.RADIOLOGY})


def _require_admin(actor: User) -> None:
    if actor.role != Role.PROGRAM_ADMIN:
        raise PermissionDenied("Only a program admin manages disease teams.")


@transaction.atomic
def disease_team_create(*, actor: User, site: Site, kind: str, name: str = "") -> DiseaseTeam:
    _require_admin(actor)
    if kind not in DiseaseTeamKind.values:
        raise ValidationFailed("Choose the kind of disease team.")
    if DiseaseTeam.objects.filter(site=site, kind=kind).exists():
        raise Conflict(f"{site.name} already has a {DiseaseTeamKind(kind).label} team.")
    team = DiseaseTeam.objects.create(
        site=site, kind=kind, name=name.strip() or f"{DiseaseTeamKind(kind).label} team"
    )
    audit_record(actor=actor, action=AuditAction.CREATE, target=team, purpose="disease team")
    return team


@transaction.atomic
def disease_team_member_add(
    *, actor: User, team: DiseaseTeam, user: User, specialty: str = "", is_chair: bool = False
) -> DiseaseTeamMember:
    """Add a clinician who works at the team's site; the specialty defaults to theirs."""
    _require_admin(actor)
    if user.role not in CLINICAL_ROLES or team.site_id not in site_ids_for(user):
        raise ValidationFailed(
            f"{user.display_name} must be a clinician working at {team.site.name} to join."
        )
    specialty = specialty or user.specialty
    if not specialty or specialty not in Specialty.values:
        raise ValidationFailed(f"Give {user.display_name}'s specialty on this team.")
    if DiseaseTeamMember.objects.filter(team=team, user=user).exists():
        raise Conflict(f"{user.display_name} is already on the {team.name}.")
    member = DiseaseTeamMember.objects.create(
        team=team, user=user, specialty=specialty, is_chair=is_chair
    )
    audit_record(actor=actor, action=AuditAction.CREATE, target=member, purpose="team member")
    return member


@transaction.atomic
def disease_team_member_remove(*, actor: User, member: DiseaseTeamMember) -> None:
    _require_admin(actor)
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=member, purpose="team member removed"
    )
    member.delete()


def team_for_case(case: Case) -> DiseaseTeam | None:
    """The case site's team for its cancer type, else that site's general team."""
    kind = proposals.team_kind_for(case.cancer_type_code)
    teams = {t.kind: t for t in DiseaseTeam.objects.filter(site_id=case.site_id)}
    return teams.get(kind) or teams.get(DiseaseTeamKind.GENERAL)


def _patient_text(case: Case) -> str:
    voice = PatientVoice.objects.filter(case=case).first()
    parts = [case.patient_questions]
    if voice is not None:
        parts += [voice.questions, voice.what_matters, voice.fears]
    return "\n".join(parts)


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("site", "patient").get(pk=case.pk)


@transaction.atomic
def reviewers_propose(*, actor: User, case: Case) -> list[CaseReviewer]:
    """Propose the team's reviewers for a case under review; earlier proposals are kept."""
    case = _locked(case)
    if not can_coordinate(actor, case):
        raise PermissionDenied("Only the case's navigator (or a program admin) proposes reviewers.")
    if case.status not in REVIEW_STATUSES:
        raise ValidationFailed(f"Case {case.reference} is not under review yet.")
    team = team_for_case(case)
    if team is None:
        raise ValidationFailed(
            f"{case.site.name} has no disease team for this cancer type and no general team: "
            "ask a program admin to set one up."
        )
    # Load is the reviews still to do: once findings are in (the task completed) the
    # reviewer is free for the next case even though the case itself is still open.
    open_load = Count(
        "user__case_reviews",
        filter=Q(user__case_reviews__status=ReviewerStatus.CONFIRMED)
        & Q(user__case_reviews__task__completed_at__isnull=True)
        & ~Q(user__case_reviews__case__status__in=TERMINAL_STATUSES),
    )
    members = [
        proposals.Member(m.user_id, m.specialty, m.load)
        for m in team.members.select_related("user").annotate(load=open_load)
        if m.user.is_active
    ]
    on_case = set(CaseReviewer.objects.filter(case=case).values_list("reviewer_id", flat=True))
    if case.reviewer_id:
        on_case.add(case.reviewer_id)
    found = proposals.propose(
        proposals.ProposalInput(
            cancer_type_code=case.cancer_type_code,
            patient_text=_patient_text(case),
            members=tuple(members),
            already_on_case=frozenset(on_case),
        )
    )
    created = [
        CaseReviewer.objects.create(
            case=case,
            reviewer_id=proposal.user_id,
            specialty=proposal.specialty,
            reason=proposal.reason[:300],
        )
        for proposal in found
    ]
    case_event_record(
        case=case,
        actor=actor,
        kind=EventKind.ASSIGNMENT,
        summary=f"{len(created)} specialist reviewer(s) proposed from the {team.name}",
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=case,
        case_reference=case.reference,
        purpose="specialist reviewers proposed",
    )
    return created


def reviewers_propose_on_review_start(*, actor: User, case: Case) -> None:
    """When a case reaches review its team's reviewers are proposed at once, so the
    navigator only confirms. A site without a team for the cancer type proposes nobody
    here; the case page then says a program admin must set one up."""
    if team_for_case(case) is not None:
        reviewers_propose(actor=actor, case=case)


REVIEW_SHARE_OF_TIME_LEFT = 0.6


def review_task_due(case: Case) -> datetime:
    """Inside the SLA: 60% of the business days left to the opinion deadline, so the
    attending has the findings before writing; without a running clock, three business
    days. Counting business days keeps a Friday request from getting a Sunday due date."""
    now = timezone.localtime()
    program = program_current()
    calendar = {
        "country": program.holiday_country if program else "US",
        "subdivision": (program.holiday_subdivision or None) if program else None,
    }
    if case.sla_due_at is None:
        return add_business_days(now, 3, **calendar)
    if case.sla_due_at <= now:
        return case.sla_due_at
    left = business_days_between(now.date(), timezone.localdate(case.sla_due_at), **calendar)
    days = int(left * REVIEW_SHARE_OF_TIME_LEFT)
    if days < 1:
        return now + (case.sla_due_at - now) * REVIEW_SHARE_OF_TIME_LEFT
    return min(add_business_days(now, days, **calendar), case.sla_due_at)


@transaction.atomic
def reviewers_confirm(
    *, actor: User, case: Case, confirm: list[int], decline: list[int] | None = None
) -> list[CaseReviewer]:
    """The navigator confirms proposed reviewers (ids of CaseReviewer rows) and declines others.

    Each confirmed reviewer gets a task due inside the SLA; the first confirmation opens
    the case's board preparation.
    """
    case = _locked(case)
    if not can_coordinate(actor, case):
        raise PermissionDenied("Only the case's navigator (or a program admin) confirms reviewers.")
    now = timezone.now()
    rows = {
        row.pk: row
        for row in CaseReviewer.objects.filter(
            case=case, pk__in=[*confirm, *(decline or [])]
        ).select_related("reviewer")
    }
    confirmed = []
    for row_id in confirm:
        row = rows.get(row_id)
        if row is None or row.status == ReviewerStatus.CONFIRMED:
            continue
        row.status = ReviewerStatus.CONFIRMED
        row.decided_by = actor
        row.decided_at = now
        row.task = Task.objects.create(
            case=case,
            kind=TaskKind.REVIEW,
            title=f"{row.get_specialty_display()} review: record your findings",
            assignee=row.reviewer,
            due_at=review_task_due(case),
        )
        row.save()
        confirmed.append(row)
        case_event_record(
            case=case,
            actor=actor,
            kind=EventKind.ASSIGNMENT,
            summary=f"{row.reviewer.display_name} confirmed as "
            f"{row.get_specialty_display()} reviewer",
        )
    for row_id in decline or []:
        row = rows.get(row_id)
        if row is not None and row.status == ReviewerStatus.PROPOSED:
            row.status = ReviewerStatus.DECLINED
            row.decided_by = actor
            row.decided_at = now
            row.save()
    if confirmed:
        team = team_for_case(case)
        if team is not None:
            BoardPreparation.objects.get_or_create(
                case=case, defaults={"team": team, "opened_at": now}
            )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=case,
        case_reference=case.reference,
        purpose="specialist reviewers confirmed",
    )
    return confirmed


@transaction.atomic
def finding_save(
    *,
    actor: User,
    case: Case,
    diagnosis_agreement: str,
    plan_agreement: str,
    would_change: str = "",
    tests_wanted: str = "",
    options_favoured: str = "",
    reasoning: str = "",
    concordance: str = "",
    concordance_reason: str = "",
    submit: bool = False,
    options_picked: list[dict[str, object]] | None = None,
) -> ReviewerFinding:
    """Save (and optionally submit) the actor's findings; submitting completes their task.

    A pathologist's or radiologist's submission must grade concordance with the outside
    report, with a reason unless there is no difference.
    """
    case = _locked(case)
    if not can_record_findings(actor, case):
        raise NotFound("No such case, or you are not one of its reviewers.")
    if diagnosis_agreement not in Agreement.values or plan_agreement not in Agreement.values:
        raise ValidationFailed(
            "Say whether you agree with the outside diagnosis and with the plan."
        )
    if concordance and concordance not in Concordance.values:
        raise ValidationFailed("Choose none, minor or major for concordance.")
    specialty = (
        CaseReviewer.objects.filter(case=case, reviewer=actor)
        .values_list("specialty", flat=True)
        .first()
        or actor.specialty
    )
    if submit and specialty in CONCORDANCE_SPECIALTIES:
        if not concordance:
            raise ValidationFailed(
                "Grade the concordance with the outside report before submitting."
            )
        if concordance != Concordance.NONE and not concordance_reason.strip():
            raise ValidationFailed("Say what differs from the outside report, and why.")
    finding, created = ReviewerFinding.objects.select_for_update().get_or_create(
        case=case,
        reviewer=actor,
        defaults={"diagnosis_agreement": diagnosis_agreement, "plan_agreement": plan_agreement},
    )
    finding.specialty = specialty
    finding.diagnosis_agreement = diagnosis_agreement
    finding.plan_agreement = plan_agreement
    finding.would_change = would_change.strip()
    finding.tests_wanted = tests_wanted.strip()
    finding.options_favoured = options_favoured.strip()
    if options_picked is not None:
        finding.options_picked = options_picked
    finding.reasoning = reasoning.strip()
    finding.concordance = concordance
    finding.concordance_reason = concordance_reason.strip()
    if submit and finding.submitted_at is None:
        finding.submitted_at = timezone.now()
        Task.objects.filter(
            specialist_review__case=case, assignee=actor, completed_at__isnull=True
        ).update(completed_at=finding.submitted_at, completed_by=actor)
        case_event_record(
            case=case,
            actor=actor,
            kind=EventKind.NOTE,
            summary=f"Review findings submitted by {actor.display_name}",
        )
    finding.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        target=finding,
        case_reference=case.reference,
        purpose="reviewer findings",
    )
    return finding


@transaction.atomic
def board_ready_mark(*, actor: User, case: Case) -> BoardPreparation:
    """The navigator marks a case ready for board once every confirmed reviewer submitted."""
    case = _locked(case)
    if not can_coordinate(actor, case):
        raise PermissionDenied("Only the case's navigator (or a program admin) marks it ready.")
    preparation = BoardPreparation.objects.select_for_update().filter(case=case).first()
    if preparation is None:
        raise ValidationFailed(
            "Confirm the specialist reviewers first: that opens board preparation."
        )
    if preparation.ready_at is not None:
        return preparation
    submitted = set(
        ReviewerFinding.objects.filter(case=case, submitted_at__isnull=False).values_list(
            "reviewer_id", flat=True
        )
    )
    waiting = [
        row.reviewer.display_name
        for row in CaseReviewer.objects.filter(
            case=case, status=ReviewerStatus.CONFIRMED
        ).select_related("reviewer")
        if row.reviewer_id not in submitted
    ]
    if waiting:
        raise ValidationFailed(f"Still waiting for findings from {', '.join(waiting)}.")
    preparation.ready_at = timezone.now()
    preparation.ready_by = actor
    preparation.save()
    case_event_record(
        case=case, actor=actor, kind=EventKind.NOTE, summary="Case ready for tumor board"
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=preparation,
        case_reference=case.reference,
        purpose="ready for board",
    )
    return preparation

"""Reads on disease teams, a case's reviewers, their findings and the patient's voice.

The caller has already been allowed to see the case (cases.selectors.case_get_for writes
that audit row); these add the review-specific checks of review.permissions.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime
from importlib import import_module

from django.db.models import QuerySet

from secondlook.accounts.choices import Role
from secondlook.accounts.models import Site, User
from secondlook.accounts.selectors import site_ids_for
from secondlook.cases.models import Case
from secondlook.review.choices import ReviewerStatus
from secondlook.review.models import (
    BoardPreparation,
    CaseReviewer,
    DiseaseTeam,
    PatientVoice,
    ReviewerFinding,
)


def disease_teams_for(*, user: User) -> QuerySet[DiseaseTeam]:
    teams = DiseaseTeam.objects.select_related("site").prefetch_related("members__user")
    if user.role == Role.PROGRAM_ADMIN:
        return teams
    return teams.filter(site_id__in=site_ids_for(user))


@dataclass(frozen=True)
class ReviewerRow:
    user: User
    role: str
    finding: ReviewerFinding | None


def case_reviewers_with_findings(
    *, case: Case, case_reviewers: list[CaseReviewer] | None = None
) -> list[ReviewerRow]:
    """The attending first, then each confirmed specialist, each with their findings.

    A panel that already lists every reviewer row of the case (with its reviewer) passes
    them, so they are read once."""
    findings = {
        finding.reviewer_id: finding
        for finding in ReviewerFinding.objects.filter(case=case).select_related("reviewer")
    }
    rows = []
    if case.reviewer is not None:
        rows.append(ReviewerRow(case.reviewer, "Attending", findings.get(case.reviewer_id)))
    if case_reviewers is None:
        confirmed = list(
            CaseReviewer.objects.filter(case=case, status=ReviewerStatus.CONFIRMED)
            .exclude(reviewer_id=case.reviewer_id)
            .select_related("reviewer")
        )
    else:
        confirmed = sorted(
            (
                row
                for row in case_reviewers
                if row.status == ReviewerStatus.CONFIRMED and row.reviewer_id != case.reviewer_id
            ),
            key=lambda row: row.specialty,
        )
    for row in confirmed:
        rows.append(
            ReviewerRow(row.reviewer, row.get_specialty_display(), findings.get(row.reviewer_id))
        )
    return rows


def case_reviewer_proposals(*, case: Case) -> QuerySet[CaseReviewer]:
    return (
        CaseReviewer.objects.filter(case=case)
        .select_related("reviewer", "task")
        .order_by("status", "specialty")
    )


def finding_of(*, case: Case, user: User) -> ReviewerFinding | None:
    return ReviewerFinding.objects.filter(case=case, reviewer=user).first()


def patient_voice_of(*, case: Case) -> PatientVoice | None:
    return PatientVoice.objects.filter(case=case).first()


def board_preparation_of(*, case: Case) -> BoardPreparation | None:
    return BoardPreparation.objects.filter(case=case).select_related("team").first()


def _optional(module: str, name: str) -> object | None:
    """A selector another engineer's app provides, when it has landed."""
    try:
        return getattr(import_module(module), name, None)
    except ImportError:
        return None


def options_chosen_for(*, case: Case) -> list[str]:
    """Treatment options chosen for the case by the therapies app, as display strings."""
    selector = _optional("secondlook.therapies.selectors", "options_chosen_for")
    if not callable(selector):
        return []
    return [str(option) for option in selector(case)]


def trials_chosen_for(*, user: User, case: Case) -> list[str]:
    """Trials chosen for the case by the trials app, as display strings."""
    selector = _optional("secondlook.trials.selectors", "trials_chosen_for")
    if not callable(selector):
        return []
    return [str(trial) for trial in selector(user=user, case=case)]


@dataclass(frozen=True)
class PreparationFigures:
    cases: int
    median_minutes: float | None
    mean_minutes: float | None
    minutes: tuple[float, ...]


def board_preparation_minutes(
    *, site: Site | None, period: tuple[datetime, datetime]
) -> PreparationFigures:
    """Board preparation time (opened → ready) of cases made ready within `period`
    (start inclusive, end exclusive), at one site or all; for the analytics dashboard."""
    start, end = period
    preparations = BoardPreparation.objects.filter(ready_at__gte=start, ready_at__lt=end)
    if site is not None:
        preparations = preparations.filter(team__site=site)
    minutes = tuple(
        sorted(
            (ready - opened).total_seconds() / 60
            for opened, ready in preparations.values_list("opened_at", "ready_at")
        )
    )
    return PreparationFigures(
        cases=len(minutes),
        median_minutes=round(statistics.median(minutes), 1) if minutes else None,
        mean_minutes=round(statistics.fmean(minutes), 1) if minutes else None,
        minutes=minutes,
    )

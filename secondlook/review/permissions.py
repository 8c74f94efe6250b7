"""Who may do what in review, on top of the case rules of secondlook.cases.permissions.

Seeing a case (cases.permissions: a navigator or chair at its site, a clinician on it)
is not enough to see its review: the review forms and findings are for the people on
the review — the attending, the confirmed specialist reviewers, its navigator — and a
program admin.
"""

from __future__ import annotations

from secondlook.accounts.choices import Role
from secondlook.accounts.models import User
from secondlook.cases.models import Case
from secondlook.cases.permissions import can_coordinate, can_view_case
from secondlook.review.choices import ReviewerStatus


def is_confirmed_reviewer(user: User, case: Case) -> bool:
    from secondlook.review.models import CaseReviewer

    return CaseReviewer.objects.filter(
        case=case, reviewer_id=user.pk, status=ReviewerStatus.CONFIRMED
    ).exists()


def is_on_review(user: User, case: Case) -> bool:
    """The attending or a confirmed specialist reviewer of this case."""
    if not user.is_authenticated or not can_view_case(user, case):
        return False
    return case.reviewer_id == user.pk or is_confirmed_reviewer(user, case)


def can_record_findings(user: User, case: Case) -> bool:
    return user.role != Role.PATIENT and is_on_review(user, case)


def can_see_review(user: User, case: Case) -> bool:
    """Findings, the patient's voice and the board preparation of a case."""
    return is_on_review(user, case) or can_coordinate(user, case)


def can_run_board(user: User, chair_id: int) -> bool:
    """The session's chair, or a program admin covering."""
    return user.is_authenticated and (user.pk == chair_id or user.role == Role.PROGRAM_ADMIN)


def can_plan_board(user: User) -> bool:
    return user.is_authenticated and user.role in (
        Role.TUMOR_BOARD_CHAIR,
        Role.PROGRAM_ADMIN,
        Role.NAVIGATOR,
    )

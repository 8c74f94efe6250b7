"""Review panels on the staff and patient case pages (registered in apps.py).

Each context function returns None when the panel has nothing for this user and case,
so a staff member at the site who is not on the review sees no review panel at all.
"""

from __future__ import annotations

from secondlook.accounts.choices import Role
from secondlook.accounts.models import User
from secondlook.cases.choices import CaseStatus
from secondlook.cases.models import Case
from secondlook.cases.permissions import can_coordinate, can_view_case, can_write_opinion
from secondlook.core.extensions import read_once_per_render
from secondlook.review import team_selectors
from secondlook.review.choices import ReviewerStatus
from secondlook.review.delivery import patient_summary_document
from secondlook.review.forms import FollowUpQuestionForm, PatientVoiceForm
from secondlook.review.models import PatientVoice
from secondlook.review.permissions import is_on_review
from secondlook.review.selectors import (
    PATIENT_OPINION_STATUSES,
    opinion_delivered_latest,
    opinion_deliveries,
    opinion_versions,
)
from secondlook.review.team_services import REVIEW_STATUSES
from secondlook.review.voice_services import follow_up_questions_left

AFTER_CONSULT = frozenset(
    {
        CaseStatus.VISIT_SCHEDULED,
        CaseStatus.OPINION_DRAFTED,
        *PATIENT_OPINION_STATUSES,
    }
)


def staff_review_panel(user: User, case: Case) -> dict[str, object] | None:
    coordinates = can_coordinate(user, case)
    if coordinates:
        # A coordinator sees the panel anyway; whether they are also on the review is
        # read from the reviewer rows the panel lists, not asked of the database again.
        proposals = list(team_selectors.case_reviewer_proposals(case=case))
        on_review = can_view_case(user, case) and (
            case.reviewer_id == user.pk
            or any(
                row.reviewer_id == user.pk and row.status == ReviewerStatus.CONFIRMED
                for row in proposals
            )
        )
    else:
        on_review = is_on_review(user, case)
        if not on_review:  # can_see_review, without asking twice
            return None
        proposals = list(team_selectors.case_reviewer_proposals(case=case))
    # The newest signed version, from the versions the case page lists as well.
    versions = read_once_per_render(
        ("opinion_versions", case.pk), lambda: list(opinion_versions(case=case))
    )
    signed = next((version for version in versions if version.signed_at is not None), None)
    return {
        "can_coordinate": coordinates,
        "can_answer": can_write_opinion(user, case),
        "is_on_review": on_review,
        "in_review": case.status in REVIEW_STATUSES,
        "proposed": [row for row in proposals if row.status == ReviewerStatus.PROPOSED],
        "reviewers": team_selectors.case_reviewers_with_findings(
            case=case, case_reviewers=proposals
        ),
        "preparation": team_selectors.board_preparation_of(case=case),
        "voice": team_selectors.patient_voice_of(case=case),
        "signed": signed,
        "questions": list(signed.follow_up_questions.select_related("addendum"))
        if signed is not None
        else [],
        # The panel lists deliveries only under the signed opinion.
        "deliveries": opinion_deliveries(case=case) if signed is not None else [],
    }


def patient_voice_panel(user: User, case: Case) -> dict[str, object] | None:
    if user.role != Role.PATIENT or not case.is_open:
        return None
    voice = team_selectors.patient_voice_of(case=case)
    initial = {name: getattr(voice, name) for name in PatientVoice.FIELDS} if voice else {}
    return {
        "voice_form": PatientVoiceForm(initial=initial, after_consult=case.status in AFTER_CONSULT)
    }


def patient_opinion_panel(user: User, case: Case) -> dict[str, object] | None:
    if user.role != Role.PATIENT:
        return None
    opinion = opinion_delivered_latest(case=case)
    if opinion is None:
        return None
    return {
        "opinion": opinion,
        "summary": patient_summary_document(opinion, case.patient.preferred_language)
        or patient_summary_document(opinion, "en"),
        "questions": list(opinion.follow_up_questions.select_related("addendum")),
        "questions_left": follow_up_questions_left(case=case),
        "question_form": FollowUpQuestionForm(),
    }

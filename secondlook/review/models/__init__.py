"""Review models, one module per aggregate: opinions, teams and reviews, board, voice."""

from __future__ import annotations

from secondlook.review.models.board import (
    BoardAgendaItem,
    BoardDissent,
    BoardPreparation,
    BoardSession,
)
from secondlook.review.models.opinion import (
    Addendum,
    CorrectionDelivery,
    FollowUpQuestion,
    OpinionDelivery,
    OpinionVersion,
    PlanChange,
)
from secondlook.review.models.team import (
    CaseReviewer,
    DiseaseTeam,
    DiseaseTeamMember,
    ReviewerFinding,
)
from secondlook.review.models.voice import PatientVoice

__all__ = [
    "Addendum",
    "BoardAgendaItem",
    "BoardDissent",
    "BoardPreparation",
    "BoardSession",
    "CaseReviewer",
    "CorrectionDelivery",
    "DiseaseTeam",
    "DiseaseTeamMember",
    "FollowUpQuestion",
    "OpinionDelivery",
    "OpinionVersion",
    "PatientVoice",
    "PlanChange",
    "ReviewerFinding",
]

"""The patient summaries of an opinion: the Django side of review/plain_language.py.

Collects the structured content (opinion fields, the case's cancer type, how many
specialists reviewed, whether the board agreed, the patient's own goal) and asks the pure
engine for the summary in each language, with its measured reading grade.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from secondlook.review.choices import ReviewerStatus, SummaryLanguage
from secondlook.review.models import BoardAgendaItem, CaseReviewer, OpinionVersion, PatientVoice
from secondlook.review.plain_language import PatientSummary, SummaryInput, summarize
from secondlook.review.readability import Readability, measure


def follow_up_limit() -> int:
    """Follow-up questions a patient may ask per opinion (setting, default three)."""
    return int(getattr(settings, "SECONDLOOK_FOLLOW_UP_QUESTIONS", 3))


@dataclass(frozen=True)
class MeasuredSummary:
    summary: PatientSummary
    readability: Readability


def summary_input(opinion: OpinionVersion, language: str) -> SummaryInput:
    case = opinion.case
    voice = PatientVoice.objects.filter(case=case).first()
    specialists = CaseReviewer.objects.filter(case=case, status=ReviewerStatus.CONFIRMED).exclude(
        reviewer_id=case.reviewer_id
    )
    return SummaryInput(
        language=language,
        cancer_type_code=case.cancer_type_code,
        verdict=opinion.verdict,
        concordance=opinion.concordance,
        stage=opinion.stage,
        recommended=tuple(opinion.recommended_plan),
        alternatives=tuple(opinion.alternatives),
        tests=tuple(opinion.tests_recommended),
        supportive=tuple(opinion.supportive_care),
        trials_offered=bool(opinion.trials.strip()),
        reviewer_count=1 + specialists.count(),
        board_agreed=BoardAgendaItem.objects.filter(case=case).exclude(consensus="").exists(),
        patient_goal=voice.what_matters if voice is not None else "",
        follow_up_questions=follow_up_limit(),
    )


def opinion_summaries(opinion: OpinionVersion) -> dict[str, MeasuredSummary]:
    """English and Spanish summaries with their reading grades, generated now."""
    result = {}
    for language in SummaryLanguage.values:
        summary = summarize(summary_input(opinion, language))
        result[language] = MeasuredSummary(summary, measure(summary.measured_text, language))
    return result

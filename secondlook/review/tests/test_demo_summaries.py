"""Every patient summary the demo generates reads at Flesch–Kincaid grade 8 or lower, in
English and Spanish.

The demo drafts each opinion with `demo_letter(cancer type)` (and Wendy's board plan),
so each signed demo opinion carries a generated summary. Loading the whole demo takes
about a minute, so the summaries are generated here from the same content through the
same code (`summary_input`, `summarize`), in every context the demo puts them in: one or
several reviewers, with or without a board consensus, with or without the patient's own
goal, with follow-up questions left or not, and each diagnosis verdict.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

from secondlook.cases.models import Case
from secondlook.core.testing import Personas
from secondlook.demo.program import CANCER_MIX
from secondlook.review.choices import DiagnosisVerdict, SummaryLanguage
from secondlook.review.demo import DEMO_LETTERS, WENDY_LETTER, demo_letter
from secondlook.review.plain_language import summarize
from secondlook.review.readability import TARGET_GRADE, measure
from secondlook.review.services import LetterContent
from secondlook.review.summary import opinion_summaries, summary_input
from secondlook.review.tests.helpers import draft

CONTEXTS = list(
    itertools.product(
        (1, 4),  # reviewers
        (False, True),  # board consensus
        ("", "I want to keep working."),  # the patient's own goal
        (0, 3),  # follow-up questions left
        DiagnosisVerdict.values,
    )
)


def _demo_opinions() -> list[tuple[str, LetterContent]]:
    wendy = replace(WENDY_LETTER, board_consensus="Vaginal brachytherapy alone.")
    return [(code, demo_letter(code)) for code in CANCER_MIX] + [("UEC", wendy)]


def test_every_demo_cancer_type_has_a_plan_of_its_own() -> None:
    assert set(CANCER_MIX) <= set(DEMO_LETTERS)


def test_every_demo_opinion_has_a_summary_in_both_languages(personas: Personas, case: Case) -> None:
    for code, letter in _demo_opinions():
        case.cancer_type_code = code
        case.save(update_fields=["cancer_type_code"])
        summaries = opinion_summaries(draft(personas, case, letter=letter))
        assert set(summaries) == set(SummaryLanguage.values), code
        for measured in summaries.values():
            assert measured.summary.sections[1].sentences, f"{code}: no plan in the summary"


def test_demo_summaries_read_at_grade_eight_or_lower_in_both_languages(
    personas: Personas, case: Case
) -> None:
    grades: dict[str, list[tuple[float, str, tuple[object, ...]]]] = {"en": [], "es": []}
    for code, letter in _demo_opinions():
        case.cancer_type_code = code
        case.save(update_fields=["cancer_type_code"])
        opinion = draft(personas, case, letter=letter)
        for language in SummaryLanguage.values:
            base = summary_input(opinion, language)
            for reviewers, board, goal, questions, verdict in CONTEXTS:
                summary = summarize(
                    replace(
                        base,
                        reviewer_count=reviewers,
                        board_agreed=board,
                        patient_goal=goal,
                        follow_up_questions=questions,
                        verdict=verdict,
                    )
                )
                grade = measure(summary.measured_text, language).grade
                grades[language].append((grade, code, (reviewers, board, goal, verdict)))
    for language, measured in grades.items():
        assert len(measured) == len(_demo_opinions()) * len(CONTEXTS)
        worst = max(measured)
        assert worst[0] <= TARGET_GRADE, f"{language}: hardest demo summary {worst}"

"""The plain-language patient summary: generated from structured content, short and
plain (reading grade ≤ 8 in English and Spanish across cancer types), fixed at signing."""

from __future__ import annotations

import itertools

import pytest
from django.test import Client

from secondlook.accounts.tests.factories import TEST_PASSWORD
from secondlook.cases.models import Case
from secondlook.core.errors import ValidationFailed
from secondlook.core.testing import Personas
from secondlook.oncology.oncotree import CANCER_TYPES
from secondlook.review import services
from secondlook.review.choices import DiagnosisVerdict, Modality, SupportiveNeed, WorkupTest
from secondlook.review.models import OpinionVersion
from secondlook.review.plain_language import TEMPLATES, SummaryInput, summarize
from secondlook.review.readability import TARGET_GRADE, measure
from secondlook.review.summary import opinion_summaries
from secondlook.review.tests.helpers import draft

# Synthetic opinions across the cancer types a program sees, from the simplest to the
# fullest plan (every treatment, test and support need at once).
PLANS = (
    dict(recommended=("surgery",), tests=("ct",)),
    dict(
        recommended=("chemotherapy", "radiation"),
        alternatives=("clinical_trial",),
        tests=("mri", "biopsy"),
        supportive=("nutrition", "emotional"),
        trials_offered=True,
    ),
    dict(
        recommended=tuple(Modality.values[:5]),
        alternatives=tuple(Modality.values[5:]),
        tests=tuple(WorkupTest.values),
        supportive=tuple(SupportiveNeed.values),
        trials_offered=True,
        board_agreed=True,
        reviewer_count=5,
    ),
)


@pytest.mark.parametrize("language", ["en", "es"])
def test_generated_summaries_read_at_grade_eight_or_lower_for_every_cancer_type(
    language: str,
) -> None:
    grades = []
    for cancer, verdict, concordance, plan in itertools.product(
        CANCER_TYPES, DiagnosisVerdict.values, ("", "none", "minor", "major"), PLANS
    ):
        summary = summarize(
            SummaryInput(
                language=language,
                cancer_type_code=cancer.code,
                verdict=verdict,
                concordance=concordance,
                stage="IIIB",
                patient_goal="I want to keep working.",
                **plan,  # type: ignore[arg-type]
            )
        )
        grades.append((measure(summary.measured_text, language).grade, cancer.code, verdict))
    worst = max(grades)
    assert worst[0] <= TARGET_GRADE, f"hardest summary: {worst}"


def test_every_treatment_test_and_need_has_patient_words_in_both_languages() -> None:
    for language, table in TEMPLATES.items():
        for key in Modality.values:
            assert key in table["modality"], (language, key)  # type: ignore[operator]
        for key in WorkupTest.values:
            assert key in table["test"], (language, key)  # type: ignore[operator]
        for key in SupportiveNeed.values:
            assert key in table["support_names"], (language, key)  # type: ignore[operator]


def test_medical_words_used_are_explained_in_the_glossary() -> None:
    summary = summarize(
        SummaryInput(
            language="en",
            cancer_type_code="LUAD",
            verdict="confirmed",
            stage="IIA",
            recommended=("immunotherapy",),
            tests=("pet",),
        )
    )
    terms = dict(summary.glossary)
    assert set(terms) == {"Stage", "Immune therapy", "PET scan"}


def _structured(personas: Personas, case: Case) -> OpinionVersion:
    return draft(
        personas,
        case,
        letter=services.LetterContent(  # type: ignore[arg-type]
            concordance="minor",
            concordance_reason="Outside report called it grade 3; we read grade 2.",
            stage="IIIB",
            recommended_plan=("surgery", "chemotherapy"),
            alternatives=("clinical_trial",),
            tests_recommended=("ct",),
            supportive_care=("nutrition",),
            evidence="NCCN Colon Cancer v2.2026; IDEA collaboration.",
        ),
    )


def test_summary_is_generated_not_copied_from_the_letter(personas: Personas, case: Case) -> None:
    opinion = services.opinion_sign(
        actor=personas.olivia, opinion=_structured(personas, case), password=TEST_PASSWORD
    )
    assert "We suggest surgery and chemo." in opinion.patient_summary_en
    assert "Lo que le sugerimos es cirugía y quimio." in opinion.patient_summary_es
    # Nothing of the clinician's free text is pasted into the patient summary.
    for letter_text in (opinion.diagnosis, opinion.recommendations, opinion.evidence):
        assert letter_text not in opinion.patient_summary_en
    assert opinion.summary_grade_en is not None and opinion.summary_grade_en <= TARGET_GRADE
    assert opinion.summary_grade_es is not None and opinion.summary_grade_es <= TARGET_GRADE


def test_signing_page_shows_the_reading_grade_before_signing(
    personas: Personas, case: Case, client: Client
) -> None:
    summaries = opinion_summaries(_structured(personas, case))
    client.force_login(personas.olivia)
    page = client.get(f"/staff/cases/{case.pk}/opinion/sign/").content.decode()
    # Both languages' Flesch–Kincaid grades, each beside its language's reading ease.
    assert page.count("Flesch–Kincaid grade:") == 2
    for language, ease_formula in (
        ("en", "Flesch reading ease"),
        ("es", "Fernández-Huerta reading ease"),
    ):
        readability = summaries[language].readability
        assert readability.within_target
        assert f'<span class="badge on_track">{readability.grade}</span>' in page
        assert f"{ease_formula} {readability.ease}" in page
    assert "Your second opinion in plain words" in page
    assert "Su segunda opinión en palabras simples" in page


def test_the_signed_summary_is_covered_by_the_content_hash(personas: Personas, case: Case) -> None:
    from secondlook.review.documents import opinion_content_sha256

    opinion = services.opinion_sign(
        actor=personas.olivia, opinion=_structured(personas, case), password=TEST_PASSWORD
    )
    assert opinion_content_sha256(opinion) == opinion.content_sha256
    opinion.patient_summary_en += " Tampered."
    assert opinion_content_sha256(opinion) != opinion.content_sha256


def test_unknown_plan_keys_are_refused(personas: Personas, case: Case) -> None:
    with pytest.raises(ValidationFailed, match="Unknown treatment"):
        draft(personas, case, letter=services.LetterContent(recommended_plan=("leeches",)))  # type: ignore[arg-type]

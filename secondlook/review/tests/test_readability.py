"""The reading grade is textstat's Flesch–Kincaid in both languages, measured offline."""

from __future__ import annotations

import nltk
import pytest
from textstat.textstat import textstatistics

from secondlook.review.readability import TARGET_GRADE, measure

ENGLISH = (
    "We looked again at your tests. We agree with your first diagnosis. You have cancer of "
    "the colon or rectum. We suggest surgery and chemo.\nSurgery: an operation to take out "
    "the cancer.\nChemo: drugs that kill cancer cells."
)
SPANISH = (
    "Vimos otra vez sus pruebas. Estamos de acuerdo con su primer diagnóstico. Usted tiene "
    "cáncer de colon o recto. Le sugerimos cirugía y quimio.\nCirugía: una operación para "
    "sacar el cáncer.\nQuimio: medicinas que matan las células del cáncer."
)


def test_english_grade_is_textstats_flesch_kincaid_with_its_pyphen_syllables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # textstat counts a word's syllables with Pyphen when its dictionary has no entry;
    # with no dictionary at all, its grade is the one we compute.
    monkeypatch.setattr(
        "textstat.backend.counts._count_syllables.get_cmudict", lambda language: None
    )
    stats = textstatistics()
    stats.set_lang("en_US")
    measured = measure(ENGLISH, "en")
    assert measured.grade == round(stats.flesch_kincaid_grade(ENGLISH), 1)
    assert measured.ease == round(stats.flesch_reading_ease(ENGLISH), 1)
    assert (measured.grade_formula, measured.ease_formula) == (
        "Flesch–Kincaid grade",
        "Flesch reading ease",
    )


def test_english_grade_needs_no_dictionary_download(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> bool:
        raise AssertionError("the reading grade tried to download an NLTK corpus")

    monkeypatch.setattr(nltk, "download", no_network)
    assert measure(ENGLISH + " We kept it in mind.", "en").within_target


def test_spanish_grade_is_textstats_flesch_kincaid_beside_fernandez_huerta() -> None:
    stats = textstatistics()
    stats.set_lang("es")
    measured = measure(SPANISH, "es")
    assert measured.grade == round(stats.flesch_kincaid_grade(SPANISH), 1)
    assert measured.ease == round(stats.fernandez_huerta(SPANISH), 1)
    assert (measured.grade_formula, measured.ease_formula) == (
        "Flesch–Kincaid grade",
        "Fernández-Huerta reading ease",
    )


def test_a_long_winded_text_is_over_the_target_in_both_languages() -> None:
    english = (
        "Notwithstanding considerable heterogeneity, multidisciplinary consensus "
        "recommendations prioritize individualized therapeutic interventions."
    )
    spanish = (
        "No obstante la considerable heterogeneidad, las recomendaciones multidisciplinarias "
        "priorizan intervenciones terapéuticas individualizadas."
    )
    assert measure(english, "en").grade > TARGET_GRADE
    assert measure(spanish, "es").grade > TARGET_GRADE
    assert not measure(spanish, "es").within_target


def test_an_empty_text_has_no_grade() -> None:
    assert measure("", "en").grade == 0.0

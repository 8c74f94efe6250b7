"""The staging engine gives the AJCC 8 / FIGO stage a tumor board would, and says what is
missing when it cannot."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from secondlook.oncology.facts import Biomarker, DiagnosisFacts
from secondlook.oncology.staging import (
    StagingInput,
    grade_group_from_gleason,
    normalize_stage_group,
    stage,
    stage_from_facts,
)
from secondlook.oncology.staging_core import is_category, parse_category


def staged(code: str, t: str, n: str, m: str = "cM0", **factors: object) -> str:
    return stage(StagingInput(code, t, n, m, **factors)).stage_group  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("axis", "raw", "code", "prefix"),
    [
        ("T", "pT3", "T3", "p"),
        ("T", "ypT2", "T2", "yp"),
        ("T", "T1mi", "T1mi", ""),
        ("T", "pTis (DCIS)", "Tis", "p"),
        ("T", "TX", "TX", ""),
        ("T", "pT4b", "T4b", "p"),
        ("T", "3a", "T3a", ""),
        ("N", "pN1a", "N1a", "p"),
        ("N", "pN0(i+)", "N0(i+)", "p"),
        ("N", "N1mi", "N1mi", ""),
        ("M", "cM0", "M0", "c"),
        ("M", "M1c(1)", "M1c", ""),
        ("M", "pM1a(0)", "M1a", "p"),
        ("T", "N1", "", ""),
        ("T", "banana", "", ""),
    ],
)
def test_categories_are_read_with_prefixes_and_suffixes(axis, raw, code, prefix):
    category = parse_category(axis, raw)
    assert (category.code, category.prefix) == (code, prefix)


@pytest.mark.parametrize(
    ("t", "n", "m", "expected"),
    [
        ("pTis", "pN0", "cM0", "0"),
        ("pT1", "pN0", "cM0", "I"),
        ("pT2", "pN0", "cM0", "I"),
        ("pT3", "pN0", "cM0", "IIA"),
        ("pT4a", "pN0", "cM0", "IIB"),
        ("pT4b", "pN0", "cM0", "IIC"),
        ("pT2", "pN1c", "cM0", "IIIA"),
        ("pT1", "pN2a", "cM0", "IIIA"),
        ("pT3", "pN1b", "cM0", "IIIB"),
        ("pT2", "pN2b", "cM0", "IIIB"),
        ("pT4a", "pN2a", "cM0", "IIIC"),
        ("pT4b", "pN1a", "cM0", "IIIC"),
        ("pT3", "pN0", "cM1b", "IVB"),
        ("pT3", "pN2", "cM0", "III"),
    ],
)
def test_colorectal_stage_groups(t, n, m, expected):
    assert staged("COAD", t, n, m) == expected


@pytest.mark.parametrize(
    ("t", "n", "m", "expected"),
    [
        ("T1mi", "N0", "M0", "IA1"),
        ("T1b", "N0", "M0", "IA2"),
        ("T1c", "N0", "M0", "IA3"),
        ("T1", "N0", "M0", "IA"),
        ("T2a", "N0", "M0", "IB"),
        ("T2b", "N0", "M0", "IIA"),
        ("T3", "N0", "M0", "IIB"),
        ("T2a", "N2", "M0", "IIIA"),
        ("T4", "N3", "M0", "IIIC"),
        ("T1a", "N0", "M1b", "IVA"),
        ("T1a", "N0", "M1c", "IVB"),
        ("TX", "N0", "M0", "Occult carcinoma"),
        ("T4", "NX", "M0", "III"),
    ],
)
def test_lung_stage_groups(t, n, m, expected):
    assert staged("LUAD", t, n, m) == expected


def test_lung_t2_without_letter_cannot_be_staged_and_says_why():
    result = stage(StagingInput("NSCLC", "pT2", "pN0", "cM0"))
    assert not result.can_stage
    assert result.stage_group == ""
    assert result.missing == ("T2 subcategory (T2a, T2b)",)


def test_missing_n_category_is_named():
    result = stage(StagingInput("COAD", "pT3", "", "cM0"))
    assert not result.can_stage
    assert result.missing == ("N category",)
    assert "needs N category" in result.explanation


def test_missing_metastasis_status_is_named():
    result = stage(StagingInput("STAD", "pT2", "pN1", ""))
    assert not result.can_stage
    assert "M category" in result.missing


def test_in_situ_with_positive_nodes_is_not_a_valid_combination():
    result = stage(StagingInput("COAD", "Tis", "N1a", "M0"))
    assert not result.can_stage
    assert "not a combination" in result.explanation


def test_post_therapy_categories_are_staged_and_said_so():
    result = stage(StagingInput("READ", "ypT3", "ypN1a", "cM0"))
    assert result.stage_group == "IIIB"
    assert "post-therapy (y)" in result.explanation


def test_unknown_cancer_type_is_refused_plainly():
    result = stage(StagingInput("GBM", "T1", "N0", "M0"))
    assert not result.can_stage
    assert "does not cover GBM" in result.explanation


@pytest.mark.parametrize(
    ("t", "n", "psa", "group", "expected"),
    [
        ("cT1c", "cN0", 5.0, 1, "I"),
        ("cT1c", "cN0", 9.99, 1, "I"),
        ("cT1c", "cN0", 10.0, 1, "IIA"),
        ("cT2b", "cN0", 5.0, 1, "IIA"),
        ("cT2a", "cN0", 5.0, 2, "IIB"),
        ("cT2a", "cN0", 5.0, 4, "IIC"),
        ("cT2a", "cN0", 20.0, 2, "IIIA"),
        ("pT3a", "pN0", 5.0, 3, "IIIB"),
        ("pT2", "pN0", 5.0, 5, "IIIC"),
        ("pT2", "pN1", 5.0, 1, "IVA"),
    ],
)
def test_prostate_uses_psa_and_grade_group(t, n, psa, group, expected):
    assert staged("PRAD", t, n, "cM0", psa=psa, gleason_grade_group=group) == expected


def test_prostate_without_psa_is_grouped_as_ajcc_allows_and_lists_it():
    result = stage(StagingInput("PRAD", "cT1c", "cN0", "cM0", gleason_grade_group=1))
    assert result.stage_group == "I"
    assert any(item.startswith("PSA") for item in result.missing)


def test_prostate_outside_localized_rows_only_states_what_is_certain():
    locally_advanced = stage(StagingInput("PRAD", "pT3a", "pN0", "cM0", psa=6.0))
    assert locally_advanced.stage_group == "III"
    assert locally_advanced.missing == ("Grade Group (Gleason)",)
    assert not stage(StagingInput("PRAD", "cT2b", "cN0", "cM0", psa=6.0)).can_stage


@pytest.mark.parametrize(
    ("code", "t", "n", "m", "expected"),
    [
        ("PAAD", "pT1c", "pN0", "cM0", "IA"),
        ("PAAD", "pT3", "pN1", "cM0", "IIB"),
        ("PAAD", "pT2", "pN2", "cM0", "III"),
        ("BLCA", "pTa", "pN0", "cM0", "0a"),
        ("BLCA", "pTis", "pN0", "cM0", "0is"),
        ("BLCA", "pT2b", "pN0", "cM0", "II"),
        ("BLCA", "pT4b", "pN0", "cM0", "IVA"),
        ("BLCA", "pT2a", "pN2", "cM0", "IIIB"),
        ("CCRCC", "pT1b", "pN0", "cM0", "I"),
        ("CCRCC", "pT3a", "pN0", "cM0", "III"),
        ("CCRCC", "pT2a", "pN1", "cM0", "III"),
        ("CCRCC", "pT4", "pN0", "cM0", "IV"),
        ("STAD", "pT1a", "pN1", "cM0", "IB"),
        ("STAD", "pT3", "pN3a", "cM0", "IIIB"),
        ("STAD", "cT3", "cN1", "cM0", "III"),
        ("STAD", "ypT3", "ypN0", "cM0", "II"),
        ("SKCM", "pT1b", "pN0", "cM0", "IA"),
        ("SKCM", "cT1b", "cN0", "cM0", "IB"),
        ("SKCM", "pT4b", "pN3a", "cM0", "IIID"),
        ("SKCM", "pT2a", "pN1a", "cM0", "IIIA"),
        ("SKCM", "cT3a", "cN2b", "cM0", "III"),
        ("SKCM", "pT2a", "pN0", "cM1c(1)", "IV"),
        ("HNSC", "pT2", "pN0", "cM0", "II"),
        ("HNSC", "pT1", "pN1", "cM0", "III"),
        ("HNSC", "pT3", "pN2b", "cM0", "IVA"),
        ("HNSC", "pT1", "pN3b", "cM0", "IVB"),
        ("HNSC", "pT2", "pN0", "cM1", "IVC"),
    ],
)
def test_site_stage_groups(code, t, n, m, expected):
    assert staged(code, t, n, m) == expected


def test_p16_positive_oropharynx_uses_its_own_table():
    p16 = "p16-positive squamous cell carcinoma"
    assert staged("OPHSC", "cT3", "cN2", "cM0", histology=p16) == "II"
    assert staged("OPHSC", "pT3", "pN2", "cM0", histology=p16) == "III"
    assert staged("OPHSC", "pT3", "pN2a", "cM0", histology="squamous cell carcinoma") == "IVA"


@pytest.mark.parametrize(
    ("t", "n", "m", "age", "expected"),
    [
        ("pT3a", "pN1b", "cM0", 40, "I"),
        ("pT4a", "pN1b", "cM1", 54, "II"),
        ("pT2", "pN0", "cM0", 55, "I"),
        ("pT2", "pNX", "cM0", 60, "I"),
        ("pT2", "pN1a", "cM0", 60, "II"),
        ("pT4a", "pN0", "cM0", 70, "III"),
        ("pT4b", "pN0", "cM0", 70, "IVA"),
        ("pT1a", "pN0", "cM1", 70, "IVB"),
    ],
)
def test_thyroid_depends_on_age_55(t, n, m, age, expected):
    assert staged("THPA", t, n, m, age=age) == expected


def test_thyroid_without_age_asks_for_it_when_it_matters():
    result = stage(StagingInput("THPA", "pT4a", "pN0", "cM0"))
    assert not result.can_stage
    assert result.missing == ("age at diagnosis",)
    assert staged("THPA", "pT1a", "pN0", "cM0") == "I"


@pytest.mark.parametrize(
    ("code", "t", "n", "m", "expected"),
    [
        ("UCEC", "pT1a", "pN0", "cM0", "IA"),
        ("UCEC", "pT1b", "pN1mi", "cM0", "IIIC1"),
        ("UCEC", "pT3a", "pN2a", "cM0", "IIIC2"),
        ("UCEC", "pT4", "pN0", "cM0", "IVA"),
        ("CESC", "pT1b2", "pN0", "cM0", "IB2"),
        ("CESC", "pT2a1", "pN1", "cM0", "IIA1"),
        ("CESC", "pT3b", "pN0", "cM0", "IIIB"),
        ("HGSOC", "pT1c2", "pN0", "cM0", "IC"),
        ("HGSOC", "pT2a", "pN1a", "cM0", "IIIA1"),
        ("HGSOC", "pT3a", "pN0", "cM0", "IIIA2"),
        ("HGSOC", "pT3c", "pN1b", "cM1b", "IVB"),
    ],
)
def test_figo_stage_derived_from_tnm(code, t, n, m, expected):
    result = stage(StagingInput(code, t, n, m))
    assert result.stage_group == expected
    assert "FIGO" in result.system


def test_stated_figo_is_used_when_tnm_cannot_stage():
    result = stage(StagingInput("UCEC", "", "", "", figo="FIGO stage 3c1"))
    assert result.stage_group == "IIIC1"
    assert result.system == "FIGO (as stated)"


def test_stated_figo_that_disagrees_with_tnm_is_flagged():
    result = stage(StagingInput("CESC", "pT1b1", "pN0", "cM0", figo="IIB"))
    assert result.stage_group == "IB1"
    assert "differs" in result.explanation


@pytest.mark.parametrize(
    ("t", "n", "m", "expected"),
    [
        ("pTis", "pN0", "cM0", "0"),
        ("pT1c", "pN0", "cM0", "IA"),
        ("pT1mi", "pN1mi", "cM0", "IB"),
        ("pT0", "pN1a", "cM0", "IIA"),
        ("pT2", "pN1a", "cM0", "IIB"),
        ("pT3", "pN0", "cM0", "IIB"),
        ("pT3", "pN1a", "cM0", "IIIA"),
        ("pT4b", "pN2a", "cM0", "IIIB"),
        ("pT1c", "pN3a", "cM0", "IIIC"),
        ("pT2", "pN0(i+)", "cM0(i+)", "IIA"),
        ("pT2", "pN1", "cM1", "IV"),
    ],
)
def test_breast_anatomic_stage_when_markers_unknown(t, n, m, expected):
    result = stage(StagingInput("BRCA", t, n, m))
    assert (result.stage_group, result.kind) == (expected, "anatomic")


def test_breast_anatomic_result_says_what_prognostic_stage_needs():
    result = stage(StagingInput("IDC", "pT2", "pN0", "cM0", grade="2", er="positive"))
    assert "PR status (for the prognostic stage)" in result.missing
    assert "HER2 status (for the prognostic stage)" in result.missing


@pytest.mark.parametrize(
    ("t", "n", "grade", "her2", "er", "pr", "expected"),
    [
        ("cT1c", "cN0", "3", "negative", "negative", "negative", "IB"),
        ("cT2", "cN0", "2", "negative", "positive", "positive", "IB"),
        ("cT2", "cN1", "3", "negative", "negative", "negative", "IIIB"),
        ("cT3", "cN1", "1", "positive", "positive", "positive", "IIA"),
        ("cT4b", "cN0", "3", "negative", "negative", "negative", "IIIC"),
        ("pT2", "pN0", "1", "negative", "positive", "positive", "IA"),
        ("pT2", "pN1a", "3", "negative", "negative", "negative", "IIIA"),
        ("pT3", "pN1a", "3", "positive", "positive", "positive", "IIA"),
        ("pT1c", "pN0", "3", "negative", "negative", "negative", "IB"),
        ("pT1b", "pN0", "1", "negative", "negative", "negative", "IA"),
    ],
)
def test_breast_prognostic_stage_examples(t, n, grade, her2, er, pr, expected):
    result = stage(StagingInput("BRCA", t, n, "cM0", grade=grade, er=er, pr=pr, her2=her2))
    assert (result.stage_group, result.kind) == (expected, "prognostic")


def test_low_recurrence_score_moves_node_negative_tumor_to_ia():
    common = {"grade": "3", "er": "positive", "pr": "negative", "her2": "negative"}
    without = stage(StagingInput("BRCA", "pT2", "pN0", "cM0", **common))
    low = stage(StagingInput("BRCA", "pT2", "pN0", "cM0", oncotype_recurrence_score=8, **common))
    assert (without.stage_group, low.stage_group) == ("IIA", "IA")


def test_breast_after_neoadjuvant_gets_anatomic_stage_only():
    markers = {"grade": "3", "er": "negative", "pr": "negative", "her2": "negative"}
    result = stage(StagingInput("BRCA", "ypT1c", "ypN1a", "cM0", **markers))
    assert (result.stage_group, result.kind) == ("IIA", "anatomic")
    assert "after neoadjuvant" in result.explanation


def test_stage_from_facts_reads_markers_and_gleason():
    facts = DiagnosisFacts(
        cancer_type_code="PRAD",
        grade="Gleason 4+3=7",
        t="pT2",
        n="pN0",
        m="cM0",
        biomarkers=(Biomarker("PSA", status="positive", value="6.1 ng/mL"),),
    )
    assert stage_from_facts(facts).stage_group == "IIC"
    breast = DiagnosisFacts(
        cancer_type_code="IDC",
        grade="Nottingham grade 3",
        t="pT1c",
        n="pN0",
        m="cM0",
        biomarkers=(
            Biomarker("ER", status="negative"),
            Biomarker("PR", status="negative"),
            Biomarker("HER2", status="negative", value="1+"),
        ),
    )
    result = stage_from_facts(breast)
    assert (result.stage_group, result.kind) == ("IB", "prognostic")


@pytest.mark.parametrize(
    ("text", "group"),
    [("Gleason 3+3=6", 1), ("3+4", 2), ("4+3=7", 3), ("4+4", 4), ("5+4", 5), ("Grade Group 2", 2)],
)
def test_gleason_is_read_as_grade_group(text, group):
    assert grade_group_from_gleason(text) == group


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Stage IIIB", "IIIB"), ("3b", "IIIB"), ("stage IIIc1", "IIIC1"), ("0is", "0is"), ("V", "")],
)
def test_stage_group_text_is_normalized(text, expected):
    assert normalize_stage_group(text) == expected


CODES = ["BRCA", "COAD", "LUAD", "PRAD", "PAAD", "SKCM", "BLCA", "CCRCC", "STAD", "HNSC"]
CODES += ["THPA", "UCEC", "CESC", "HGSOC", "OPHSC", "GBM", ""]
CATEGORY = st.one_of(
    st.text(max_size=12),
    st.from_regex(
        r"(y?[cp])?[TNM](X|is|0|[1-4](mi|[a-d][0-3]?)?)(\((i\+|[01])\))?", fullmatch=True
    ),
)


@settings(max_examples=300, deadline=None)
@given(
    code=st.sampled_from(CODES),
    t=CATEGORY,
    n=CATEGORY,
    m=CATEGORY,
    age=st.one_of(st.none(), st.integers(-5, 120)),
    psa=st.one_of(st.none(), st.floats(allow_nan=True)),
)
def test_stage_never_crashes_and_can_stage_means_a_group(code, t, n, m, age, psa):
    result = stage(StagingInput(code, t, n, m, age=age, psa=psa, histology="p16 positive"))
    assert result.can_stage == bool(result.stage_group)
    assert result.explanation
    if not result.can_stage:
        assert result.stage_group == ""


@pytest.mark.parametrize(
    ("code", "histology", "t", "n", "m", "age", "expected"),
    [
        ("THME", "", "pT1b", "pN0", "cM0", 40, "I"),
        ("THME", "", "pT3a", "pN0", "cM0", 70, "II"),
        ("THME", "", "pT2", "pN1a", "cM0", 70, "III"),
        ("THME", "", "pT1a", "pN1b", "cM0", 70, "IVA"),
        ("THME", "", "pT4b", "pN0", "cM0", 70, "IVB"),
        # Differentiated thyroid under 55 with metastases is stage II; medullary is IVC.
        ("THME", "", "pT1a", "pN0", "pM1", 40, "IVC"),
        ("THPA", "Medullary carcinoma", "pT1a", "pN0", "pM1", 40, "IVC"),
        ("THPA", "8345/3", "pT2", "pN1a", "cM0", 40, "III"),
        ("THPA", "Papillary carcinoma", "pT1a", "pN0", "pM1", 40, "II"),
        # An unknown N cannot be staged in medullary cancer (it can in young DTC patients).
        ("THME", "", "pT1a", "pNX", "cM0", 40, ""),
    ],
)
def test_medullary_thyroid_has_its_own_table(
    code: str, histology: str, t: str, n: str, m: str, age: int, expected: str
) -> None:
    assert staged(code, t, n, m, histology=histology, age=age) == expected


@pytest.mark.parametrize(
    ("code", "site", "t", "n", "expected"),
    [
        ("NPC", "", "cT1", "cN1", "II"),
        ("NPC", "", "cT0", "cN2", "III"),
        ("NPC", "", "cT2", "cN3", "IVA"),
        ("NPC", "", "cT4", "cN0", "IVA"),
        ("NPC", "", "cT0", "cN0", ""),
        ("HNSC", "Nasopharynx", "cT1", "cN1", "II"),
        # The same T1 N1 elsewhere in the head and neck is stage III.
        ("HNSC", "Oral tongue", "cT1", "cN1", "III"),
    ],
)
def test_nasopharynx_is_staged_by_its_own_table(
    code: str, site: str, t: str, n: str, expected: str
) -> None:
    assert staged(code, t, n, "cM0", primary_site=site) == expected
    assert staged(code, t, n, "cM1", primary_site=site) in ("IVB", "IVC")


@pytest.mark.parametrize(
    ("axis", "raw", "whole"),
    [
        ("T", "pT2", True),
        ("T", "ypT1c", True),
        ("T", "pTis", True),
        ("T", "T1a2", True),
        ("T", "pT2(m)", True),
        ("N", "pN0(i+)", True),
        ("N", "pN1mi", True),
        ("N", "pN1a(sn)", True),
        ("M", "cM0", True),
        ("M", "pM1c(1)", True),
        ("T", "T5", False),
        ("T", "T2 maybe", False),
        ("T", "N1", False),
        ("N", "N-one", False),
        ("N", "pN4", False),
        ("M", "M2", False),
        ("T", "", False),
    ],
)
def test_a_category_typed_by_hand_must_be_whole(axis: str, raw: str, whole: bool) -> None:
    assert is_category(axis, raw) is whole

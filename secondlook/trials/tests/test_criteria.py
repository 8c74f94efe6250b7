"""Eligibility text split into criteria rows, each read into checks where possible."""

from __future__ import annotations

from secondlook.trials.criteria import Check, parse_checks, parse_eligibility, split_criteria


def test_eligibility_is_split_under_its_headings_one_row_per_item() -> None:
    text = (
        "Inclusion Criteria:\n\n1. Age 18 years or older\n2. Measurable disease per RECIST 1.1,\n"
        "   confirmed by central review\n\nExclusion Criteria:\n\n* Pregnant or breastfeeding\n"
        "* Known HIV infection"
    )
    rows = split_criteria(text)
    assert rows == [
        ("inclusion", "Age 18 years or older"),
        ("inclusion", "Measurable disease per RECIST 1.1, confirmed by central review"),
        ("exclusion", "Pregnant or breastfeeding"),
        ("exclusion", "Known HIV infection"),
    ]


def test_text_without_headings_counts_as_inclusion() -> None:
    assert split_criteria("- Adults with melanoma\n- Able to swallow pills") == [
        ("inclusion", "Adults with melanoma"),
        ("inclusion", "Able to swallow pills"),
    ]


def test_original_words_are_kept_and_criteria_numbered() -> None:
    parsed = parse_eligibility(
        "Inclusion Criteria:\n* ECOG 0-1\nExclusion Criteria:\n* Prior PD-1 therapy"
    )
    assert [(c.order, c.kind, c.text) for c in parsed] == [
        (1, "inclusion", "ECOG 0-1"),
        (2, "exclusion", "Prior PD-1 therapy"),
    ]


def test_common_checks_are_read() -> None:
    assert parse_checks("ECOG performance status 0-1") == (Check(kind="ecog", op="<=", value=1.0),)
    assert parse_checks("Age 18-75 years") == (
        Check(kind="age", op=">=", value=18.0),
        Check(kind="age", op="<=", value=75.0),
    )
    assert Check(kind="biomarker", name="EGFR", present=True) in parse_checks("EGFR-mutant tumor")
    assert Check(kind="biomarker", name="HER2", present=False) in parse_checks(
        "HER2-negative disease"
    )
    stage = parse_checks("Histologically confirmed breast cancer, stage II-III")
    assert Check(kind="cancer_type", values=("breast",)) in stage
    assert Check(kind="stage", values=("II", "III")) in stage
    assert parse_checks("Platelets >= 100000/mm3") == (
        Check(kind="lab", name="platelets", op=">=", value=100000.0),
    )
    assert parse_checks("Untreated brain metastases")[0].kind == "brain_metastases"
    assert parse_checks("Pregnant or breastfeeding")[0].kind == "pregnancy"
    assert Check(kind="prior_therapy", name="immunotherapy", present=True) in parse_checks(
        "Prior treatment with pembrolizumab"
    )


def test_a_criterion_we_cannot_read_has_no_checks() -> None:
    assert parse_checks("Able to give written informed consent") == ()


def test_checks_survive_a_json_round_trip() -> None:
    check = Check(kind="stage", values=("III", "IV"))
    assert Check.from_json(check.as_json()) == check

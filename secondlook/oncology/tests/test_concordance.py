"""Concordance grades the change between the outside and the second-opinion diagnosis
and explains every difference."""

from __future__ import annotations

from dataclasses import replace

from secondlook.oncology.concordance import compare
from secondlook.oncology.facts import Biomarker, DiagnosisFacts

BREAST = DiagnosisFacts(
    cancer_type_code="IDC",
    histology="Invasive ductal carcinoma",
    grade="2",
    t="pT2",
    n="pN0",
    m="cM0",
    biomarkers=(
        Biomarker("ER", status="positive", value="95%"),
        Biomarker("PR", status="positive", value="80%"),
        Biomarker("HER2", status="negative", value="IHC 0"),
    ),
)
LUNG = DiagnosisFacts(
    cancer_type_code="LUAD",
    t="pT1c",
    n="pN0",
    m="cM0",
    biomarkers=(
        Biomarker("EGFR", alteration="exon 19 deletion", status="positive"),
        Biomarker("PD-L1", status="positive", value="TPS 30%"),
    ),
)


def with_marker(facts: DiagnosisFacts, marker: Biomarker) -> DiagnosisFacts:
    others = tuple(m for m in facts.biomarkers if m.name != marker.name)
    return replace(facts, biomarkers=(*others, marker))


def test_identical_diagnoses_are_concordant():
    result = compare(BREAST, BREAST)
    assert (result.grade, result.changes_management, result.differences) == ("none", False, ())
    assert "agrees" in result.reason


def test_grade_change_alone_is_minor():
    outside = replace(LUNG, grade="2")
    result = compare(outside, replace(LUNG, grade="3"))
    assert result.grade == "minor"
    assert not result.changes_management
    assert [d.field for d in result.differences] == ["grade"]


def test_substage_letter_change_is_minor():
    result = compare(BREAST, BREAST, stage_outside="IIA", stage_review="IIB")
    assert result.grade == "minor"
    assert "substage" in result.differences[0].reason


def test_stage_group_change_is_major():
    result = compare(BREAST, BREAST, stage_outside="Stage IIB", stage_review="IIIA")
    assert result.grade == "major"
    assert result.changes_management
    assert "from II to III" in result.reason


def test_stage_is_computed_from_tnm_when_not_stated():
    review = replace(LUNG, n="pN2")
    result = compare(LUNG, review)
    fields = {d.field: d for d in result.differences}
    assert fields["n"].severity == "minor"
    assert fields["stage_group"].severity == "major"
    assert result.grade == "major"


def test_breast_prognostic_stage_can_absorb_a_node_change():
    result = compare(BREAST, replace(BREAST, n="pN2a"))
    fields = {d.field: d.severity for d in result.differences}
    assert fields == {"n": "minor", "stage_group": "minor"}


def test_new_distant_metastasis_is_major():
    result = compare(LUNG, replace(LUNG, m="cM1b"))
    assert result.grade == "major"
    assert any(d.field == "m" and d.severity == "major" for d in result.differences)


def test_her2_negative_to_positive_is_major():
    review = with_marker(BREAST, Biomarker("HER2", status="positive", value="IHC 3+"))
    result = compare(BREAST, review)
    assert result.grade == "major"
    assert "HER2-directed therapy" in result.reason


def test_her2_zero_to_her2_low_is_major():
    review = with_marker(BREAST, Biomarker("HER2", status="negative", value="IHC 1+"))
    result = compare(BREAST, review)
    assert result.grade == "major"
    assert "trastuzumab deruxtecan" in result.reason


def test_er_value_change_on_the_same_side_is_minor():
    review = with_marker(BREAST, Biomarker("ER", status="positive", value="60%"))
    result = compare(BREAST, review)
    assert result.grade == "minor"


def test_pd_l1_crossing_50_percent_is_major():
    review = with_marker(LUNG, Biomarker("PD-L1", status="positive", value="TPS 60%"))
    result = compare(LUNG, review)
    assert result.grade == "major"
    assert "cut-off" in result.reason


def test_pd_l1_change_within_a_band_is_minor():
    review = with_marker(LUNG, Biomarker("PD-L1", status="positive", value="TPS 40%"))
    assert compare(LUNG, review).grade == "minor"


def test_pd_l1_crossing_1_percent_is_major():
    outside = with_marker(LUNG, Biomarker("PD-L1", status="negative", value="TPS 0%"))
    review = with_marker(LUNG, Biomarker("PD-L1", status="positive", value="TPS 5%"))
    assert compare(outside, review).grade == "major"


def test_kras_g12c_versus_other_kras_is_major():
    outside = with_marker(LUNG, Biomarker("KRAS", alteration="G12D", status="positive"))
    review = with_marker(LUNG, Biomarker("KRAS", alteration="G12C", status="positive"))
    result = compare(outside, review)
    assert result.grade == "major"
    assert "G12C" in result.reason


def test_egfr_variant_within_sensitizing_class_is_minor():
    review = with_marker(LUNG, Biomarker("EGFR", alteration="L858R", status="positive"))
    assert compare(LUNG, review).grade == "minor"


def test_actionable_marker_found_only_on_review_is_major():
    review = with_marker(LUNG, Biomarker("ALK", alteration="fusion", status="positive"))
    result = compare(LUNG, review)
    assert result.grade == "major"
    assert "only by the review" in result.reason


def test_negative_marker_added_by_review_is_minor():
    review = with_marker(LUNG, Biomarker("ROS1", status="negative"))
    assert compare(LUNG, review).grade == "minor"


def test_msi_change_is_major():
    outside = with_marker(LUNG, Biomarker("MSI", status="negative"))
    review = with_marker(LUNG, Biomarker("MSI", status="positive", value="MSI-H"))
    assert compare(outside, review).grade == "major"


def test_different_histologic_family_is_major():
    result = compare(LUNG, replace(LUNG, cancer_type_code="LUSC"))
    assert result.grade == "major"
    assert "histologic family" in result.reason


def test_different_organ_is_major():
    result = compare(replace(LUNG, cancer_type_code="COAD"), LUNG)
    assert result.grade == "major"


def test_more_specific_code_is_minor():
    result = compare(replace(LUNG, cancer_type_code="NSCLC"), LUNG)
    assert result.grade == "minor"
    assert "more exactly" in result.reason


def test_ductal_versus_lobular_is_minor():
    assert compare(BREAST, replace(BREAST, cancer_type_code="ILC")).grade == "minor"


def test_in_situ_versus_invasive_is_major():
    assert compare(replace(BREAST, cancer_type_code="DCIS"), BREAST).grade == "major"


def test_prostate_grade_group_1_to_2_is_major():
    outside = DiagnosisFacts(cancer_type_code="PRAD", grade="Gleason 3+3=6")
    result = compare(outside, replace(outside, grade="Gleason 3+4=7"))
    assert result.grade == "major"
    assert "active surveillance" in result.reason


def test_prefix_only_difference_is_not_a_difference():
    result = compare(replace(LUNG, t="cT1c"), LUNG)
    assert result.grade == "none"


def test_every_difference_has_a_reason():
    review = replace(BREAST, grade="3", t="pT3", histology="Invasive carcinoma, NST")
    result = compare(BREAST, review)
    assert result.differences
    assert all(d.reason for d in result.differences)

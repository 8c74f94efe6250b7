"""The pathology extraction engine on small synthetic report snippets.

Each test reads like a line a pathologist writes and checks the fact a reviewer would see
proposed: the category, where it points in the text, and how sure the report is.
"""

from __future__ import annotations

import pytest

from secondlook.oncology.extraction import extract
from secondlook.oncology.facts import ExtractedFact, ExtractionResult

BREAST = (
    "FINAL DIAGNOSIS: A. Breast, left, lumpectomy: Invasive ductal carcinoma, Nottingham "
    "grade 2, measuring 2.3 cm in greatest dimension. Margins negative. Lymphovascular "
    "invasion: not identified. B. Sentinel lymph node, left axilla: Metastatic carcinoma in "
    "1 of 3 lymph nodes (1/3). Pathologic stage: pT2 pN1a(sn) M0 (AJCC 8th edition)."
)


def first(result: ExtractionResult, field: str) -> ExtractedFact:
    standing = result.current(field)
    assert standing, f"no {field} extracted"
    return standing[0]


def values(result: ExtractionResult, field: str) -> set[str]:
    return {fact.value for fact in result.current(field)}


def assert_spans_true(text: str, result: ExtractionResult) -> None:
    for fact in result.facts:
        assert 0 <= fact.start <= fact.end <= len(text)
        assert text[fact.start : fact.end] == fact.display, fact


def test_breast_report_gives_site_histology_grade_size_margins_and_lvi():
    result = extract(BREAST)

    assert first(result, "primary_site").value == "C50.9"
    assert first(result, "primary_site").code_system == "ICD-O-3 topography"
    assert first(result, "histology").value == "8500/3"
    assert first(result, "grade").value == "G2"
    assert first(result, "tumor_size_mm").value == "23"
    assert first(result, "margins").value == "negative"
    assert first(result, "lvi").value == "absent"
    assert first(result, "laterality").value == "left"
    assert first(result, "ajcc_edition").value == "8"
    assert result.cancer_type_code == "IDC"
    assert first(result, "cancer_type").value == "IDC"
    assert first(result, "cancer_type").code_system == "OncoTree"


def test_lymph_node_counts_are_read_from_fractions_and_words():
    result = extract(BREAST)

    assert values(result, "nodes_positive") == {"1"}
    assert values(result, "nodes_examined") == {"3"}


def test_every_span_points_at_the_words_it_displays():
    for text in (
        BREAST,
        "Prostate: adenocarcinoma, Gleason 4+3=7. pT3a pN0.",
        "EGFR L858R detected.",
    ):
        assert_spans_true(text, extract(text))


@pytest.mark.parametrize(
    ("line", "t", "n", "system"),
    [
        ("Stage: pT3 N1b M0.", "T3", "N1b", "AJCC pTNM"),
        ("Final: ypT1c pN0(sn).", "T1c", "N0(sn)", "AJCC ypTNM"),
        ("TNM: pT2a/N0/M0", "T2a", "N0", "AJCC pTNM"),
        ("corresponds to a tumor stage of p T 4, p N 0, M X.", "T4", "N0", "AJCC pTNM"),
        ("The stage is T4 NO MX.", "T4", "N0", "AJCC pTNM"),
        ("Clinical stage cT2 cN1.", "T2", "N1", "AJCC cTNM"),
        ("AJCC Staging: pTla pNx.", "T1a", "", "AJCC pTNM"),
        ("Recurrence: rpT2 pN1mi.", "T2", "N1mi", "AJCC rpTNM"),
        ("Sentinel node: pT1b pN0(i+).", "T1b", "N0(i+)", "AJCC pTNM"),
    ],
)
def test_tnm_is_read_in_its_many_written_forms(line, t, n, system):
    result = extract(line)

    assert first(result, "t").value == t
    assert first(result, "t").code_system == system
    if n:
        assert first(result, "n").value == n
    assert_spans_true(line, result)


def test_carcinoma_in_situ_is_tis():
    assert first(extract("Ductal carcinoma in situ, pTis pN0."), "t").value == "Tis"


def test_a_block_label_is_not_taken_for_a_t_category():
    result = extract("Summary of sections: T1 largest nodule. T2 smaller nodule.")

    assert not [fact for fact in result.current("t") if fact.code_system == "AJCC pTNM"]


def test_a_staging_word_frames_a_bare_t_category():
    result = extract("Pathological T. T2, NOS. Primary tumor: T2")

    assert first(result, "t").value == "T2"


def test_the_highest_t_of_two_tumors_is_the_one_the_registry_takes():
    result = extract("Tumor 1 (upper outer): pT1c. Tumor 2 (lower inner): pT2. pN0.")

    assert first(result, "t").value == "T2"
    assert values(result, "t") == {"T1c", "T2"}


def test_an_unassessed_n_ranks_below_the_node_count():
    text = "Colon, sigmoid: adenocarcinoma. Metastatic carcinoma in 5 of 14 lymph nodes. pT3 pNX."
    result = extract(text)

    assert first(result, "n").value == "N2"
    assert "NX" in values(result, "n")


def test_figo_stage_is_read_and_figo_grade_is_not_a_stage():
    result = extract("Cervix, radical hysterectomy: squamous cell carcinoma, FIGO stage IB1.")
    graded = extract("Endometrium: endometrioid adenocarcinoma, FIGO grade 2.")

    assert first(result, "figo_stage").value == "IB1"
    assert not graded.current("figo_stage")


def test_negated_carcinoma_gives_no_histology_or_cancer_type():
    result = extract("Lymph node, excision: negative for carcinoma. No evidence of malignancy.")

    assert not result.current("histology")
    assert result.cancer_type_code == ""


@pytest.mark.parametrize(
    "line",
    [
        "Lymphovascular invasion: not identified.",
        "No evidence of lymphovascular invasion.",
        "Angiolymphatic invasion is absent.",
    ],
)
def test_absent_lymphovascular_invasion_is_recorded_as_absent(line):
    assert first(extract(line), "lvi").value == "absent"


def test_present_lymphovascular_invasion_is_recorded_as_present():
    assert first(extract("Lymphovascular invasion: present."), "lvi").value == "present"


def test_suspicious_wording_makes_the_histology_uncertain():
    result = extract(
        "Lung, right lower lobe, biopsy: atypical cells suspicious for adenocarcinoma."
    )

    fact = first(result, "histology")
    assert fact.certainty == "uncertain"
    assert fact.confidence < 0.8


def test_cannot_be_excluded_makes_a_finding_uncertain():
    result = extract("Lymphovascular invasion cannot be excluded.")

    assert first(result, "lvi").certainty == "uncertain"


def test_a_stain_that_cannot_be_assessed_is_not_assessable():
    result = extract("HER2 (IHC): cannot be assessed due to fixation artifact.")

    fact = first(result, "biomarker")
    assert fact.certainty == "not_assessable"
    assert fact.biomarker is not None and fact.biomarker.status == "unknown"


def test_an_addendum_supersedes_the_stage_it_restates():
    text = (
        "DIAGNOSIS: Prostate, radical prostatectomy: adenocarcinoma, Gleason score 4+3=7. "
        "pT3a pN0. ADDENDUM: Seminal vesicle sections reviewed; revised stage pT3b."
    )
    result = extract(text)

    assert first(result, "t").value == "T3b"
    old = [fact for fact in result.facts if fact.field == "t" and fact.value == "T3a"]
    assert old and old[0].superseded
    assert first(result, "n").value == "N0"
    assert not first(result, "n").superseded


def test_an_amended_report_supersedes_an_earlier_biomarker_result():
    text = "Estrogen receptor: negative (0%). AMENDED REPORT: Estrogen receptor: positive (80%)."
    result = extract(text)

    standing = [f for f in result.current("biomarker") if f.biomarker and f.biomarker.name == "ER"]
    replaced = [f for f in result.facts if f.field == "biomarker" and f.superseded]
    assert [f.biomarker.status for f in standing if f.biomarker] == ["positive"]
    assert replaced and replaced[0].biomarker and replaced[0].biomarker.status == "negative"


def test_an_addendum_without_a_part_header_replaces_the_result_in_its_part():
    text = (
        "A. Breast, left, core biopsy: invasive ductal carcinoma. HER2 (IHC): 2+. "
        "B. Lymph node, left axilla: negative for carcinoma (0/2). "
        "ADDENDUM: HER2 FISH: amplified."
    )
    her2 = [f for f in extract(text).facts if f.biomarker and f.biomarker.name == "HER2"]

    assert [(f.biomarker.value, f.superseded) for f in her2 if f.biomarker] == [
        ("IHC 2+", True),
        ("ISH amplified", False),
    ]
    assert her2[0].specimen == "A"


def test_multi_part_reports_keep_each_part_apart():
    result = extract(BREAST)

    assert first(result, "histology").specimen == "A"
    assert {fact.specimen for fact in result.current("nodes_positive")} == {"B"}


def test_numbered_parts_are_labelled_by_number():
    text = (
        "PART 1: Lymph node, subcarinal: negative for tumor (0/2). "
        "PART 2: Lung, left upper lobe: squamous cell carcinoma, 2.5 cm."
    )
    result = extract(text)

    assert first(result, "histology").specimen == "2"
    assert result.cancer_type_code == "LUSC"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Breast, right, mastectomy: invasive lobular carcinoma, 3.1 cm.", "ILC"),
        ("Lung, left upper lobe, lobectomy: squamous cell carcinoma, keratinizing.", "LUSC"),
        ("Lung, right lower lobe, lobectomy: adenocarcinoma, acinar predominant.", "LUAD"),
        ("Colon, sigmoid, resection: adenocarcinoma, moderately differentiated.", "COAD"),
        ("Rectum, low anterior resection: adenocarcinoma invading perirectal fat.", "READ"),
        ("Liver, segmentectomy: hepatocellular carcinoma, 4.2 cm.", "HCC"),
        ("Kidney, left, radical nephrectomy: clear cell renal cell carcinoma.", "CCRCC"),
        ("Kidney, right, nephrectomy: papillary renal cell carcinoma, type 2.", "PRCC"),
        ("Kidney, partial nephrectomy: chromophobe renal cell carcinoma.", "CHRCC"),
        ("Thyroid, total thyroidectomy: papillary thyroid carcinoma, classic type.", "THPA"),
        ("Prostate, radical prostatectomy: adenocarcinoma, Gleason score 3+4=7.", "PRAD"),
        ("Pancreas, Whipple resection: ductal adenocarcinoma of the pancreatic head.", "PAAD"),
        ("Stomach, distal gastrectomy: adenocarcinoma, intestinal type.", "STAD"),
        ("Tongue, partial glossectomy: squamous cell carcinoma, 2.1 cm.", "HNSC"),
        ("Cervix, radical hysterectomy: squamous cell carcinoma of the cervix.", "CESC"),
        ("Testis, radical orchiectomy: seminoma, classic type, confined to the testis.", "SEM"),
        ("Eye, enucleation: choroidal melanoma, mixed cell type.", "UM"),
        ("Pleura, decortication: malignant mesothelioma, epithelioid type.", "PLMESO"),
        ("Adrenal gland, adrenalectomy: adrenal cortical carcinoma, 11 cm.", "ACC"),
        (
            "Bladder and prostate, cystoprostatectomy: urothelial carcinoma invading the "
            "muscularis propria. Prostate: incidental adenocarcinoma, Gleason 3+3=6.",
            "BLCA",
        ),
    ],
)
def test_cancer_type_follows_the_organ_and_histology(text, code):
    result = extract(text)

    assert result.cancer_type_code == code
    assert first(result, "cancer_type").value == code
    assert_spans_true(text, result)


def test_lung_lobe_gives_the_topography_subsite():
    result = extract("Lung, left lower lobe, lobectomy: adenocarcinoma.")

    assert first(result, "primary_site").value == "C34.3"


def test_a_t_the_report_does_not_state_is_derived_from_size_and_flagged():
    result = extract(
        "Breast, left, lumpectomy: invasive ductal carcinoma "
        "measuring 2.3 cm in greatest dimension."
    )

    fact = first(result, "t")
    assert fact.value == "T2"
    assert fact.code_system == "AJCC pTNM (derived)"
    assert fact.confidence <= 0.5
    assert fact.display == "2.3 cm"


def test_depth_of_invasion_gives_the_t_of_a_colon_cancer():
    result = extract(
        "Colon, sigmoid: adenocarcinoma invading through the muscularis propria into pericolic fat."
    )

    assert first(result, "t").value == "T3"


def test_an_extension_the_report_denies_does_not_raise_t():
    result = extract(
        "Prostate, radical prostatectomy: adenocarcinoma, Gleason 3+4=7. "
        "Extraprostatic extension: not identified. Seminal vesicle invasion: not identified. "
        "Tumor is confined to the prostate."
    )

    assert first(result, "t").value == "T2"


def test_derived_size_thresholds_follow_the_ajcc_edition():
    text = "Lung, right upper lobe, lobectomy: adenocarcinoma. Tumor size: 6.0 x 4.0 x 3.0 cm."

    assert first(extract(text), "t").value == "T3"
    assert first(extract(text, default_edition=7), "t").value == "T2b"
    stated = extract(text + " Staged per AJCC 7th edition.")
    assert first(stated, "t").value == "T2b"


def test_n_is_derived_from_the_number_of_positive_nodes():
    result = extract(
        "Breast, mastectomy: invasive ductal carcinoma. "
        "Metastatic carcinoma in 4 of 12 lymph nodes."
    )

    assert first(result, "n").value == "N2"


def test_negative_nodes_give_n0():
    result = extract(
        "Colon: adenocarcinoma. Twelve lymph nodes, negative for metastatic carcinoma (0/12)."
    )

    assert first(result, "n").value == "N0"


def test_an_empty_report_gives_no_facts():
    assert extract("").facts == ()
    assert extract("   \n ").cancer_type_code == ""

"""More site rules for a T the report does not state, and the size wordings they rest on.

Each rule has a snippet worded the way reports word the finding (OCR line breaks turned
into ". " included) and a snippet that denies or only names it, which must not raise T.
Categories are the ones a registrar abstracts under the AJCC 7th edition.
"""

from __future__ import annotations

import pytest

from secondlook.oncology.extraction import extract
from secondlook.oncology.extraction_derived import DERIVED
from secondlook.oncology.facts import ExtractedFact


def derived_t(text: str) -> ExtractedFact:
    standing = extract(text, default_edition=7).current("t")
    assert standing, "no t extracted"
    fact = standing[0]
    assert fact.code_system == DERIVED
    assert fact.confidence < 0.8
    assert text[fact.start : fact.end] == fact.display
    return fact


def tumor_sizes(text: str) -> list[str]:
    return [fact.value for fact in extract(text).current("tumor_size_mm")]


# Size wordings.


@pytest.mark.parametrize(
    ("text", "category", "display"),
    [
        (
            "Breast, mastectomy: invasive ductal carcinoma. Size of tumor: Maximum dimension "
            "invasive component: 2.2 cm.",
            "T2",
            "2.2 cm",
        ),
        (
            "Breast: invasive lobular carcinoma with angioinvasion (tumor diameter 3.0 cm).",
            "T2",
            "3.0 cm",
        ),
        (
            "Breast, mastectomy: invasive ductal carcinoma. Tumor nodules ranges from 0.2 to "
            "4.8 cm.",
            "T2",
            "4.8 cm",
        ),
        (
            "Lung, lobectomy: adenocarcinoma. Tumor Size: Greatest dimensions: 4.1 x 4 x 3,7 cm.",
            "T2a",
            "4.1 x 4 x 3,7 cm",
        ),
    ],
)
def test_size_wordings_of_checklists_and_gross_descriptions(text, category, display):
    fact = derived_t(text)

    assert fact.value == category
    assert fact.display == display


def test_an_ocr_stop_between_dimensions_keeps_the_size_whole():
    fact = derived_t(
        "Kidney, nephrectomy: renal cell carcinoma. Bivalved to reveal a 7.2 x. 5.0 x 6.0 cm "
        "tan mass in the renal cortex."
    )

    assert fact.value == "T2a"
    assert fact.display == "7.2 x. 5.0 x 6.0 cm"


def test_a_decimal_comma_is_a_decimal_point():
    assert tumor_sizes("Lung: adenocarcinoma. Tumor size: 3,7 cm.") == ["37"]


@pytest.mark.parametrize(
    "text",
    [
        # A node, a specimen, a metastasis, a sum of foci, a category's definition.
        "Lung: squamous cell carcinoma. Subcarinal LN (station 7): 1.5 cm lesioned node.",
        "Oral cavity: squamous cell carcinoma. Specimen size: Greatest dimensions: 4.8 cm.",
        "Breast: metastatic tumor measures 2.5 cm in greatest dimension (ranging from 0.7 cm "
        "to 2.5 cm).",
        "Breast: carcinoma. Tumor aggregate size: Sum of the sizes of multiple invasive "
        "tumors: 14.3 cm.",
        "Oral cavity: carcinoma. Primary tumor (pT). pT2: Tumor more than 2 cm but not more "
        "than 4 cm in greatest dimension.",
        "Breast: one lymph node with metastatic carcinoma. Extranodal extension is present, "
        "measuring 0.1 cm in maximum dimension.",
        "Lung, wedge: adenocarcinoma. There is a staple line present measuring 55 mm in length "
        "and tumour extends to within 2 mm of it.",
    ],
)
def test_sizes_that_are_not_the_tumor_are_left_out(text):
    assert tumor_sizes(text) == []


# Breast: direct extension into the skin.


@pytest.mark.parametrize(
    "text",
    [
        "Right breast, mastectomy: infiltrating ductal carcinoma, 6.4 cm. Skin status, direct "
        "invasion by tumor.",
        "Breast, mastectomy: a firm region adjacent to the nipple is sectioned to show tumor "
        "extension into the skin. Invasive ductal carcinoma, 3 cm.",
    ],
)
def test_breast_carcinoma_extending_into_the_skin_is_t4b(text):
    assert derived_t(text).value == "T4b"


@pytest.mark.parametrize(
    "text",
    [
        "Breast, mastectomy: invasive ductal carcinoma, 3 cm. No skin involvement by "
        "carcinoma is identified. Skin: uninvolved.",
        "Breast, mastectomy: invasive ductal carcinoma, 3 cm. The tumor does not extend into "
        "the skin.",
        "Breast, mastectomy: invasive ductal carcinoma, 3 cm. Skin involved (ulceration): "
        "Non-neoplastic breast tissue: ADH.",
    ],
)
def test_breast_skin_denied_or_only_named_stays_at_size(text):
    assert derived_t(text).value == "T2"


# Lung: visceral pleura.


@pytest.mark.parametrize(
    "text",
    [
        "Lung, lobectomy: squamous cell carcinoma, 1.5 cm. The carcinoma has infiltrated the "
        "paracentral visceral pleura.",
        "Lung: adenocarcinoma, 1.2 cm. Pleural status: carcinoma invades into but not through "
        "visceral. pleura.",
        "Lung: adenocarcinoma, 1.2 cm. Visceral pleural invasion: PL1.",
    ],
)
def test_lung_visceral_pleural_invasion_is_t2(text):
    assert derived_t(text).value == "T2"


def test_lung_pleura_denied_stays_at_size():
    fact = derived_t(
        "Lung, lobectomy: squamous cell carcinoma, 1.5 cm. Invasion of the pleura is not "
        "found in the samples examined. Visceral pleura: PL0."
    )

    assert fact.value == "T1a"


def test_lung_pl3_is_parietal_pleural_invasion():
    assert derived_t("Lung: adenocarcinoma, 1.2 cm. Pleural invasion: PL3.").value == "T3"


# Head and neck.


def test_oral_cavity_deep_tongue_muscle_is_t4a():
    fact = derived_t(
        "Oral cavity, tongue, resection: squamous cell carcinoma involving the tongue, with "
        "invasion into the deep tongue muscles, 5.0 cm in greatest dimension."
    )

    assert fact.value == "T4a"
    assert "deep tongue muscles" in fact.display


def test_oral_cavity_deep_tongue_muscle_denied_stays_at_size():
    fact = derived_t(
        "Oral cavity, tongue, resection: squamous cell carcinoma, 3.0 cm in greatest "
        "dimension. No invasion into the deep tongue muscles."
    )

    assert fact.value == "T2"


def test_larynx_hyoid_bone_and_pre_epiglottic_space_across_ocr_breaks():
    hyoid = derived_t(
        "Larynx, total laryngectomy: supraglottic squamous cell carcinoma, 5.4 cm, involving "
        "base of tongue, hyoid bone, glottis and pyriform sinuses."
    )
    space = derived_t(
        "Larynx, laryngectomy: squamous cell carcinoma of the supraglottic region with "
        "invasion. of the. pre-epiglottic space."
    )

    assert hyoid.value == "T4a"
    assert space.value == "T3"


def test_larynx_hyoid_bone_free_of_tumor_is_not_t4a():
    result = extract(
        "Larynx, laryngectomy: supraglottic squamous cell carcinoma. Hyoid bone: uninvolved by "
        "tumor.",
        default_edition=7,
    )

    assert result.current("t") == []


# Prostate, bladder.


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Prostate, prostatectomy: adenocarcinoma, confined within the capsule.", "T2"),
        ("Prostate, prostatectomy: adenocarcinoma. Extra-capsular tumor extension: Yes.", "T3a"),
        ("Prostate, prostatectomy: adenocarcinoma. Extra-capsular tumor extension: No.", "T2"),
    ],
)
def test_prostate_capsule_wordings(text, category):
    assert derived_t(text).value == category


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "Bladder, cystectomy: urothelial carcinoma which shows extension into the outer 1/3 "
            "of the muscularis.",
            "T2b",
        ),
        (
            "Bladder, cystectomy: urothelial carcinoma invading the inner 1/2 of the muscularis "
            "propria.",
            "T2a",
        ),
    ],
)
def test_bladder_muscularis_propria_half_written_as_a_fraction(text, category):
    assert derived_t(text).value == category


# Liver and intrahepatic bile ducts.


def test_liver_checklist_focality_multiple_with_a_large_tumor_is_t3():
    fact = derived_t(
        "Liver, resection: hepatocellular carcinoma. Tumor Size: 19.0 cm in greatest "
        "dimension. Tumor Focality: Multiple."
    )

    assert fact.value == "T3"


def test_liver_focality_single_stays_t1():
    fact = derived_t(
        "Liver, resection: hepatocellular carcinoma. Tumor Size: 4.0 cm. Tumor Focality: Single."
    )

    assert fact.value == "T1"


@pytest.mark.parametrize(
    ("answer", "category"), [("Present (small vessel)", "T2"), ("Not identified", "T1")]
)
def test_liver_lymph_vascular_invasion_field(answer, category):
    fact = derived_t(
        f"Liver, resection: hepatocellular carcinoma, 6.0 cm. Lymph-vascular invasion: {answer}."
    )

    assert fact.value == category


def test_intrahepatic_cholangiocarcinoma_satellite_lesions_are_multiple_tumors():
    fact = derived_t(
        "Liver, right hepatectomy: intrahepatic cholangiocarcinoma, a whitish nodule of "
        "12 x 12 x 12 cm arising from the right hepatic duct. Multiple satellite. lesions are "
        "also present."
    )

    assert fact.value == "T2"


# Colon and stomach.


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "Colon, right hemicolectomy: adenocarcinoma with infiltration of the pericecal fatty "
            "tissue and circumscribed penetration of the covering. serosa.",
            "T4a",
        ),
        (
            "Colon: A. adenocarcinoma of the ascending colon, 3.5 cm, invasive into. subserosa "
            "with perforation of the visceral peritoneum: B. Margins are free of tumor.",
            "T4a",
        ),
        (
            "Colon: infiltration in the layers of the sigmoid colon wall as far as the. "
            "pericolic fatty connective tissue.",
            "T3",
        ),
        (
            "Stomach, gastrectomy: adenocarcinoma. Depth of infiltration: up to serosa.",
            "T4a",
        ),
    ],
)
def test_colon_and_stomach_depth_wordings(text, category):
    assert derived_t(text).value == category


def test_serosa_free_of_tumor_is_not_t4a():
    fact = derived_t(
        "Colon, sigmoid resection: adenocarcinoma invading through the muscularis propria into "
        "pericolic fat. Serosa: free of tumor."
    )

    assert fact.value == "T3"


# Breast microinvasion, melanoma thickness.


def test_breast_microinvasion_without_an_invasive_size_is_t1mi():
    fact = derived_t("Breast, lumpectomy: ductal carcinoma in situ with microinvasion.")

    assert fact.value == "T1mi"
    assert fact.display == "microinvasion"


def test_breast_microinvasion_denied_gives_no_t():
    result = extract(
        "Breast, lumpectomy: ductal carcinoma in situ, no microinvasion identified.",
        default_edition=7,
    )

    assert result.current("t") == []


def test_breast_invasive_size_outranks_a_microinvasive_focus():
    fact = derived_t(
        "Breast: ductal carcinoma in situ with foci of microinvasion. Invasive ductal "
        "carcinoma, 1.5 cm."
    )

    assert fact.value == "T1c"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Skin, back, excision: malignant melanoma. Breslow thickness: 2,5 mm.", "T3"),
        ("Skin, arm, excision: malignant melanoma, 4.5 mm in thickness, ulcerated.", "T4"),
        ("Skin, excision: malignant melanoma. Depth of invasion: 0.8 mm.", "T1"),
    ],
)
def test_melanoma_thickness_wordings(text, category):
    assert derived_t(text).value == category


def test_squamous_carcinoma_depth_of_the_skin_is_not_a_breslow_thickness():
    result = extract(
        "Skin, cheek, excision: invasive squamous cell carcinoma. Depth of invasion: 4.5 mm.",
        default_edition=7,
    )

    assert not [fact for fact in result.current("t") if fact.value == "T4"]


# Hollow organs: the wall layers in other words.


@pytest.mark.parametrize(
    "text",
    [
        "Rectum, anterior resection: adenocarcinoma with infiltration of all parietal layers.",
        "Colon: adenocarcinoma with tumor infiltration in the parietal layers of the colon as far "
        "as the extramuscular, subserous fatty connective tissue.",
        "Esophagus, esophagectomy: squamous cell carcinoma infiltrating the wall until "
        "periesophagic adipose tissue.",
    ],
)
def test_wall_layer_wordings_beyond_the_muscularis_propria_are_t3(text):
    assert derived_t(text).value == "T3"


def test_a_named_layer_without_a_verb_of_invasion_is_not_a_depth():
    result = extract(
        "Colon, right hemicolectomy: adenocarcinoma. Lipoma of the subserous fatty tissue.",
        default_edition=7,
    )

    assert result.current("t") == []


def test_stomach_depth_field_answered_with_a_verb():
    fact = derived_t("Stomach, gastrectomy: adenocarcinoma. Depth of invasion : invades serosa.")

    assert fact.value == "T4a"


@pytest.mark.parametrize(
    ("answer", "category"),
    [("Perivesical fat. Prostatic stroma.", "T4"), ("Perivesical fat.", "T3")],
)
def test_bladder_direct_extension_field(answer, category):
    fact = derived_t(
        "Bladder, cystoprostatectomy: invasive urothelial carcinoma. Direct extension of invasive "
        f"tumor: {answer}"
    )

    assert fact.value == category


def test_a_finding_answered_absent_is_denied():
    fact = derived_t(
        "Cervix, radical hysterectomy: squamous cell carcinoma. Parametrium/serosal involvement : "
        "absent. Tumor size: 5.8 cm."
    )

    assert fact.value == "T1b2"


def test_a_denial_before_the_verb_it_governs():
    fact = derived_t(
        "Pancreas, Whipple: ductal adenocarcinoma, 2.5 cm. It is not seen to extend beyond the "
        "pancreas."
    )

    assert fact.value == "T2"


# Lung: chest wall and satellite nodules; a size field with its unit in the label.


def test_lung_ribs_and_intercostal_tissue_are_the_chest_wall():
    fact = derived_t(
        "Lung and chest wall, resection: squamous cell carcinoma (7 cm). Carcinoma invades into "
        "adjacent ribs and intercostal soft tissue."
    )

    assert fact.value == "T3"


def test_lung_ribs_free_of_tumor_stay_at_size():
    fact = derived_t(
        "Lung and chest wall, resection: squamous cell carcinoma, 2.5 cm. Ribs: uninvolved by "
        "carcinoma."
    )

    assert fact.value == "T1b"


def test_lung_satellite_nodules_are_in_the_same_lobe():
    fact = derived_t(
        "Lung, lobectomy: adenocarcinoma, measuring 6.5 cm. Additional satellite nodules of "
        "adenocarcinoma are present."
    )

    assert fact.value == "T3"


def test_a_size_field_with_its_unit_in_the_label():
    fact = derived_t("Left lower lobe. Squamous cell carcinoma. Tumour Size (cm). 3.5. Grade II.")

    assert fact.value == "T2a"
    assert fact.display == "Tumour Size (cm). 3.5"


@pytest.mark.parametrize(
    "text",
    [
        "Rectum: adenocarcinoma (G2) with superficial invasion of the lamina muscularis propria.",
        "Colon: invasive spread of the tumor to the layers of the muscularis. propria.",
        "Stomach, total gastrectomy: adenocarcinoma; the tumour infiltrates deep into the "
        "muscular membrane.",
    ],
)
def test_muscularis_propria_in_translated_and_ocr_wordings_is_t2(text):
    assert derived_t(text).value == "T2"


def test_the_mucosas_own_muscle_layer_is_not_the_muscularis_propria():
    fact = derived_t(
        "Stomach, gastrectomy: adenocarcinoma infiltrating into the muscular layer of the mucosa "
        "and the submucosa."
    )

    assert fact.value == "T1b"

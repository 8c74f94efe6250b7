"""Site rules that derive T and N when a report gives findings but no category.

Each snippet is written the way a pathologist words the finding, with no pT or pN line,
and checks the category a registrar would abstract under the AJCC 7th edition, that the
fact is flagged as derived with a lower confidence, and that it points at its words.
"""

from __future__ import annotations

import pytest

from secondlook.oncology.extraction import extract
from secondlook.oncology.extraction_derived import DERIVED
from secondlook.oncology.facts import ExtractedFact, ExtractionResult


def first(result: ExtractionResult, field: str) -> ExtractedFact:
    standing = result.current(field)
    assert standing, f"no {field} extracted"
    return standing[0]


def derived_t(text: str) -> ExtractedFact:
    fact = first(extract(text, default_edition=7), "t")
    assert fact.code_system == DERIVED
    assert fact.confidence < 0.8
    assert text[fact.start : fact.end] == fact.display
    return fact


def derived_n(text: str) -> ExtractedFact:
    fact = first(extract(text, default_edition=7), "n")
    assert fact.code_system == DERIVED
    assert text[fact.start : fact.end] == fact.display
    return fact


@pytest.mark.parametrize(
    ("text", "category", "display"),
    [
        (
            "Left breast, mastectomy: infiltrating duct carcinoma, 9.0 by 8.5 by 4.0 cm. "
            "Margins negative.",
            "T3",
            "9.0 by 8.5 by 4.0 cm",
        ),
        (
            "Right breast, mastectomy: invasive ductal carcinoma, 4.5 cm. Tumor extends to "
            "involve the nipple and epidermis of overlying ulcerated skin.",
            "T4b",
            "ulcerated skin",
        ),
    ],
)
def test_breast_t_from_size_after_the_diagnosis_and_from_skin_ulceration(text, category, display):
    fact = derived_t(text)

    assert fact.value == category
    assert fact.display == display


def test_lung_t_from_pleural_extent_field_and_from_mediastinal_invasion():
    pleura = derived_t(
        "Lung, right upper lobe, lobectomy: adenocarcinoma, 2.5 cm. Tumor extent: Visceral pleura."
    )
    mediastinum = derived_t(
        "Lung, left lower lobe, lobectomy: squamous cell carcinoma forming a 6 cm mass "
        "extending through the pleura to involve mediastinal fat."
    )

    assert pleura.value == "T2"
    assert mediastinum.value == "T4"
    assert "mediastinal" in mediastinum.display


def test_lung_mediastinal_pleura_is_not_read_as_the_mediastinum():
    fact = derived_t(
        "Lung, left upper lobe, lobectomy: squamous cell carcinoma, 2.0 cm, invading the "
        "mediastinal pleura."
    )

    assert fact.value != "T4"


def test_lung_size_alone_uses_the_7th_edition_cut_offs():
    fact = derived_t(
        "Lung, left lower lobe, lobectomy: squamous cell carcinoma forming a 3.5 x 2.4 x 2.0 cm "
        "mass. There is no pleural involvement."
    )

    assert fact.value == "T2a"
    assert fact.display == "3.5 x 2.4 x 2.0 cm"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "Thyroid, total thyroidectomy: papillary thyroid carcinoma. Tumor size: 1.2 cm. "
            "Extrathyroid Extension: Invades perithyroid fibroadipose tissue.",
            "T3",
        ),
        (
            "Thyroid, total thyroidectomy: papillary thyroid carcinoma, 1.5 cm, invading the "
            "strap muscle.",
            "T3",
        ),
        (
            "Thyroid, total thyroidectomy: papillary thyroid carcinoma, 2.5 cm, which invades "
            "into the trachea.",
            "T4a",
        ),
    ],
)
def test_thyroid_t_from_extrathyroidal_extension_in_the_7th_edition(text, category):
    assert derived_t(text).value == category


def test_liver_multiple_tumors_with_one_over_5_cm_are_t3():
    fact = derived_t(
        "Liver, right lobe, lobectomy: hepatocellular carcinoma, two foci (7.2 and 0.7 cm "
        "greatest dimensions)."
    )

    assert fact.value == "T3"
    assert fact.display.lower() == "two foci"


def test_liver_multifocal_spread_to_a_margin_is_not_several_tumors():
    fact = derived_t(
        "Liver, partial hepatectomy: hepatocellular carcinoma. The tumor measures 10 x 9 x 7 cm. "
        "Hepatocellular carcinoma with multifocal extension to surgical margins."
    )

    assert fact.value == "T1"


def test_liver_size_field_after_the_lesion_is_a_tumor_size():
    result = extract(
        "Specimen: liver, segmentectomy. Lesion: a well-defined mass. Size: 3.5 x 3.4 x 3.0 cm. "
        "Hepatocellular carcinoma. Portal vein invasion: No.",
        default_edition=7,
    )

    assert first(result, "tumor_size_mm").value == "35"
    assert first(result, "t").value == "T1"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "Left kidney, radical nephrectomy: clear cell renal cell carcinoma, 5.0 cm, with tumor "
            "thrombus extending into the renal vein.",
            "T3a",
        ),
        (
            "Right kidney, radical nephrectomy: clear cell renal cell carcinoma, 9 cm, directly "
            "invading the ipsilateral adrenal gland.",
            "T4",
        ),
    ],
)
def test_kidney_t_from_renal_vein_and_adrenal_invasion(text, category):
    assert derived_t(text).value == category


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Adrenocortical carcinoma. Tumor Size: 4 x 3 x 3 cm. Capsular Invasion: No.", "T1"),
        (
            "Adrenocortical carcinoma. Tumor Size: 10 x 8 x 6 cm. Extra-adrenal Extension: Yes.",
            "T3",
        ),
        (
            "Adrenocortical carcinoma, 12 cm, with extension into the kidney. Adrenalectomy.",
            "T4",
        ),
    ],
)
def test_adrenal_cortical_carcinoma_t_from_size_and_invasion(text, category):
    assert derived_t(text).value == category


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # Basal diameter 16.8 mm, height 9 mm: the 15.1-18 mm column, 6.1-9 mm row.
        ("Left eye, enucleation: choroidal melanoma. Tumour size. LBD 16.8mm, Height 9mm.", "T3"),
        # Basal diameter 18 mm, height 4 mm.
        (
            "Right globe: choroidal melanoma, 18 mm base. The tumor has a maximum height "
            "of 4.0 mm.",
            "T3",
        ),
        ("Enucleation: uveal melanoma, largest basal diameter 8 mm, thickness 2.5 mm.", "T1"),
        ("Enucleation: uveal melanoma, largest basal diameter 19 mm, thickness 5 mm.", "T4"),
    ],
)
def test_uveal_melanoma_t_from_basal_diameter_and_thickness(text, category):
    assert derived_t(text).value == category


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "Pleura, decortication: malignant mesothelioma, epithelioid type, involving the "
            "parietal pleura.",
            "T1",
        ),
        (
            "Pleura, decortication: malignant mesothelioma invading the underlying lung "
            "parenchyma.",
            "T2",
        ),
        (
            "Pleurectomy: malignant mesothelioma. Tumor invades fibroadipose soft tissues of chest "
            "wall.",
            "T3",
        ),
        ("Extrapleural pneumonectomy: malignant mesothelioma invading the rib.", "T4"),
    ],
)
def test_pleural_mesothelioma_t_from_extent(text, category):
    assert derived_t(text).value == category


def test_a_checklist_question_answered_no_is_node_negative():
    fact = derived_n(
        "Liver, lobectomy: hepatocellular carcinoma, 3 cm. Lymph node metastases?: No."
    )

    assert fact.value == "N0"


@pytest.mark.parametrize("answer", ["None", "0", "o"])
def test_a_node_count_field_answered_none_or_zero_is_node_negative(answer):
    fact = derived_n(
        "Prostate, radical prostatectomy: adenocarcinoma. Number of lymph nodes containing "
        f"metastatic carcinoma: {answer}"
    )

    assert fact.value == "N0"


def test_mesothelioma_positive_station_seven_node_is_n2():
    fact = derived_n(
        "Pleura, right, resection: malignant mesothelioma, biphasic type. Lymph nodes, level "
        "seven: metastatic mesothelioma in 4 of 12 lymph nodes (4/12)."
    )

    assert fact.value == "N2"


def test_lung_n2_when_a_mediastinal_station_sentence_reports_metastasis():
    fact = derived_n(
        "Lung, left lower lobe, lobectomy: squamous cell carcinoma. Lymph nodes, peribronchial: "
        "metastatic carcinoma in 2 of 6 lymph nodes (2/6). Subcarinal lymph node with metastatic "
        "squamous cell carcinoma."
    )

    assert fact.value == "N2"


@pytest.mark.parametrize(
    ("text", "t", "n"),
    [
        ("Tumor classification: NOS, G II, pT2N3a(15/19)L1V0R0.", "T2", "N3a"),
        ("Tumor classification: NOS, G II, pT2NOi+(sn)LOVORO.", "T2", "N0(i+)(sn)"),
        ("Urothelial cell carcinoma, T3aN2Mx.", "T3a", "N2"),
    ],
)
def test_tnm_written_without_spaces_keeps_its_n(text, t, n):
    result = extract(text, default_edition=7)

    assert first(result, "t").value == t
    assert first(result, "n").value == n
    assert first(result, "n").code_system == "AJCC pTNM"


def test_tnm_written_as_labelled_stage_fields():
    text = "Grade: 2. T Stage: 2 N Stage: 0 M Stage: 0 Treatment: none."
    result = extract(text, default_edition=7)

    t = first(result, "t")
    assert (t.value, t.display) == ("T2", "T Stage: 2")
    assert first(result, "n").value == "N0"
    assert first(result, "m").value == "M0"
    assert t.confidence < 0.95


@pytest.mark.parametrize(
    "finding",
    ["-NO EXTRAPROSTATIC EXTENSION IDENTIFIED.", "Extraprostatic extension: Not identified."],
)
def test_prostatectomy_that_rules_out_extraprostatic_extension_is_t2(finding):
    fact = derived_t(
        f"Prostate, radical prostatectomy: adenocarcinoma, Gleason 3+4=7. {finding} "
        "Seminal vesicles negative."
    )

    assert fact.value == "T2"


def test_prostatectomy_with_extraprostatic_extension_stays_t3a():
    fact = derived_t(
        "Prostate, radical prostatectomy: adenocarcinoma, Gleason 4+3=7. Extraprostatic "
        "extension: Present, focal."
    )

    assert fact.value == "T3a"


def test_liver_separate_tumor_nodule_beside_a_large_mass_is_t3():
    fact = derived_t(
        "Liver, hepatectomy: hepatocellular carcinoma forming a mass, 13 x 10 x 5.0 cm. A separate "
        "tumor nodule measuring 3.5 cm also shows hepatocellular carcinoma."
    )

    assert fact.value == "T3"


def test_upper_case_ocr_tnm_is_read():
    result = extract("PATHOLOGIC STAGE: PT1C PN0 MX", default_edition=7)

    assert first(result, "t").value == "T1c"
    assert first(result, "n").value == "N0"


@pytest.mark.parametrize(("thickness", "category"), [("0.8", "T1"), ("2.3", "T3"), ("5.1", "T4")])
def test_melanoma_t_from_the_checklist_tumor_thickness(thickness, category):
    fact = derived_t(
        f"Skin, back, wide excision: malignant melanoma. Tumor thickness: {thickness} mm. "
        "Ulceration: absent."
    )

    assert fact.value == category


def test_cervix_invading_the_pelvic_wall_is_t3():
    fact = derived_t(
        "Cervix, radical hysterectomy: invasive squamous cell carcinoma invading the parametrium "
        "and the pelvic side wall."
    )

    assert fact.value == "T3"


def test_testis_epididymal_spread_is_t1_in_the_7th_edition_and_t2_in_the_8th():
    text = (
        "Left testis, radical orchiectomy: seminoma, 3 cm, limited to the testis and invading "
        "the epididymis."
    )

    assert first(extract(text, default_edition=7), "t").value == "T1"
    assert first(extract(text, default_edition=8), "t").value == "T2"


def test_testis_structure_named_but_not_invaded_does_not_raise_t():
    result = extract(
        "Left orchidectomy; seminoma; diameter 9.0 cm; no angio-invasion; epididymis, rete testis "
        "and spermatic cord not present in the available slides.",
        default_edition=8,
    )

    assert not [fact for fact in result.current("t") if fact.value.startswith("T2")]


def standing_t(text: str) -> list[ExtractedFact]:
    return extract(text, default_edition=7).current("t")


@pytest.mark.parametrize(
    "text",
    [
        "Left kidney, radical nephrectomy: clear cell renal cell carcinoma, 3.5 cm. Perinephric "
        "fat is not involved. Renal sinus fat: uninvolved.",
        "Left kidney, radical nephrectomy: clear cell renal cell carcinoma, 3.5 cm. Renal sinus "
        "adipose tissue is not involved by tumor.",
    ],
)
def test_kidney_fat_the_report_calls_uninvolved_does_not_make_t3(text):
    fact = derived_t(text)

    assert fact.value == "T1a"
    assert fact.display == "3.5 cm"


@pytest.mark.parametrize(
    ("size", "category"), [("3.5", "T1a"), ("5.0", "T1b"), ("8.5", "T2a"), ("11.0", "T2b")]
)
def test_kidney_size_gives_the_7th_edition_subcategory(size, category):
    fact = derived_t(f"Right kidney, nephrectomy: clear cell renal cell carcinoma, {size} cm.")

    assert fact.value == category


@pytest.mark.parametrize(
    ("text", "category", "display"),
    [
        (
            "Kidney, nephrectomy: renal cell carcinoma, 5 cm; the tumor extends into perinephric "
            "fat.",
            "T3a",
            "extends into perinephric fat",
        ),
        (
            "Kidney, nephrectomy: renal cell carcinoma, 8 cm, with tumor thrombus in the inferior "
            "vena cava.",
            "T3b",
            "tumor thrombus in the inferior vena cava",
        ),
    ],
)
def test_kidney_t3_subcategories_from_fat_and_vena_cava(text, category, display):
    fact = derived_t(text)

    assert fact.value == category
    assert fact.display == display


def test_stomach_serosal_surface_described_as_smooth_is_not_t4():
    facts = standing_t(
        "Stomach, gastrectomy: adenocarcinoma invading into the muscularis propria. The serosal "
        "surface is smooth and glistening. Perigastric lymph nodes: 0/12."
    )

    assert [fact.value for fact in facts] == ["T2"]


def test_a_wall_layer_merely_named_is_not_the_depth_of_invasion():
    fact = derived_t(
        "Stomach, gastrectomy: adenocarcinoma invading the submucosa. Twelve perigastric lymph "
        "nodes, negative (0/12). Lipoma of the subserosa."
    )

    assert fact.value == "T1b"
    assert fact.display == "submucosa"


def test_stomach_checklist_adjacent_structures_is_t4b():
    fact = derived_t(
        "STOMACH CHECKLIST. Specimen type: Gastrectomy. Tumor extent: Adjacent. structures "
        "(specify) -. Lesser omentum. Lymph nodes: 2/7 positive."
    )

    assert fact.value == "T4b"
    assert fact.display == "extent: Adjacent. structures"


def test_checklist_depth_outranks_free_text_elsewhere():
    fact = derived_t(
        "Colon, sigmoid resection: adenocarcinoma. Gross: the tumor appears to extend through the "
        "muscularis propria. Checklist. Depth of invasion: muscularis propria."
    )

    assert fact.value == "T2"
    assert fact.display == "Depth of invasion: muscularis propria"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "Colon, resection. Adenocarcinoma tubulare (G2). Infiltratio carcinomatosa tunicae "
            "muscularis propriae et telae. adiposae pericolicae.",
            "T3",
        ),
        (
            "Stomach, gastrectomy. Adenocarcinoma tubulare (G2). Infiltratio carcinomatosa "
            "profunda tunicae muscularis propriae ventriculi.",
            "T2",
        ),
    ],
)
def test_depth_of_invasion_written_in_latin(text, category):
    assert derived_t(text).value == category


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "Cervix, radical hysterectomy: squamous cell carcinoma of the cervix, 4.5 cm. FIGO "
            "stage IB1.",
            "T1b1",
        ),
        ("Uterine cervix, biopsy: squamous cell carcinoma. FIGO IIB.", "T2b"),
        ("Uterine cervix, biopsy: squamous cell carcinoma. FIGO stage IVA.", "T4"),
    ],
)
def test_cervix_t_from_the_stated_figo_stage(text, category):
    fact = derived_t(text)

    assert fact.value == category
    assert fact.display.startswith("FIGO")


@pytest.mark.parametrize(
    "text",
    [
        "Uterine cervix, biopsy: squamous cell carcinoma. FIGO stage IVB.",
        "Endometrium, hysterectomy: endometrioid adenocarcinoma. FIGO stage IIIC1.",
    ],
)
def test_figo_stages_set_by_nodes_or_distant_spread_give_no_t(text):
    assert standing_t(text) == []


@pytest.mark.parametrize(
    ("text", "category", "display"),
    [
        (
            "Larynx, total laryngectomy: squamous cell carcinoma of the glottis, invading the "
            "paraglottic space. Thyroid cartilage is free of tumor.",
            "T3",
            "invading the paraglottic space",
        ),
        (
            "Larynx, total laryngectomy: squamous cell carcinoma invading the inner cortex of the "
            "thyroid cartilage.",
            "T3",
            "invading the inner cortex",
        ),
        (
            "Larynx, total laryngectomy: transglottic squamous cell carcinoma invading through the "
            "thyroid cartilage into extralaryngeal soft tissue.",
            "T4a",
            "invading through the thyroid cartilage",
        ),
    ],
)
def test_larynx_t_from_extent(text, category, display):
    fact = derived_t(text)

    assert fact.value == category
    assert fact.display == display


def test_larynx_t_is_not_taken_from_size():
    assert standing_t("Larynx, laryngectomy: squamous cell carcinoma, tumor size: 1.5 cm.") == []


def test_oral_cavity_deep_extrinsic_muscle_is_t4a():
    fact = derived_t(
        "Oral tongue, partial glossectomy: squamous cell carcinoma, 1.5 cm, invading the extrinsic "
        "muscle of the tongue."
    )

    assert fact.value == "T4a"


def test_oral_cavity_invading_but_free_of_bone_is_not_t4():
    fact = derived_t(
        "Floor of mouth, resection: squamous cell carcinoma, 2.5 cm, invading skeletal muscle, "
        "free of bone."
    )

    assert fact.value == "T2"


def test_oral_cavity_depth_of_invasion_counts_in_the_8th_edition_only():
    text = (
        "Tongue, partial glossectomy: invasive squamous cell carcinoma, tumor size 1.8 cm. "
        "Depth of invasion: 7 mm."
    )

    assert first(extract(text, default_edition=7), "t").value == "T1"
    assert first(extract(text, default_edition=8), "t").value == "T2"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "Bladder, cystectomy: papillary urothelial high grade carcinoma with infiltration to "
            "the outer third of the muscular. propria.",
            "T2b",
        ),
        (
            "Bladder, TURBT: urothelial carcinoma invading the inner half of the muscularis "
            "propria.",
            "T2a",
        ),
        (
            "Bladder, TURBT: urothelial carcinoma invading the lamina propria. Muscularis propria "
            "is present and free of tumor.",
            "T1",
        ),
    ],
)
def test_bladder_depth_in_the_muscularis_propria(text, category):
    result = extract(text, default_edition=7)

    assert result.cancer_type_code == "BLCA"
    assert derived_t(text).value == category


def test_lung_mediastinal_lymph_node_metastasis_is_not_t4():
    fact = derived_t(
        "Lung, lobectomy: squamous cell carcinoma, 2.5 cm. Metastatic carcinoma involving two "
        "mediastinal lymph nodes (2/5)."
    )

    assert fact.value == "T1b"


def test_breast_size_range_of_several_foci_takes_the_largest():
    fact = derived_t(
        "Breast, mastectomy: multiple foci of invasive ductal carcinoma, ranging in size from "
        "0.3 cm up to 1.8 cm."
    )

    assert fact.value == "T1c"
    assert fact.display == "1.8 cm"


def test_breast_in_situ_extent_is_not_the_tumor_size():
    fact = derived_t(
        "Breast, lumpectomy: invasive ductal carcinoma, 1.5 cm. Ductal carcinoma in situ spans "
        "4.5 cm."
    )

    assert fact.value == "T1c"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "Breast, mastectomy: invasive ductal carcinoma, 2.5 cm. Deep margin (chest wall) "
            "free of tumor.",
            "T2",
        ),
        ("Breast, mastectomy: invasive ductal carcinoma, 2.5 cm, invading the chest wall.", "T4a"),
        ("Breast, mastectomy: inflammatory carcinoma, 6 cm.", "T4d"),
    ],
)
def test_breast_chest_wall_counts_only_when_invaded(text, category):
    assert derived_t(text).value == category


def test_esophagus_t4a_from_the_pericardium():
    fact = derived_t(
        "Esophagus, esophagectomy: adenocarcinoma invading through the muscularis propria and "
        "invading the pericardium."
    )

    assert fact.value == "T4a"


def test_thyroid_size_on_the_diagnosis_line_beats_another_lesion_measured():
    fact = derived_t(
        "Thyroid, total thyroidectomy: papillary carcinoma of thyroid, left lobe (3.5 cm), tumor "
        "confined to the thyroid. Skin ellipse with two raised lesions measuring 0.5 and 0.2 cm."
    )

    assert fact.value == "T2"
    assert fact.display == "3.5 cm"


def test_size_before_a_lymphovascular_invasion_field_is_kept():
    fact = derived_t(
        "Liver, hepatectomy: hepatocellular carcinoma, 3 cm. Lymphovascular invasion: not "
        "identified."
    )

    assert fact.value == "T1"
    assert fact.display == "3 cm"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "Colon, sigmoid resection: adenocarcinoma invading into but not through the "
            "muscularis propria.",
            "T2",
        ),
        ("Colon, polypectomy: adenocarcinoma with submucosal invasion.", "T1"),
    ],
)
def test_colon_depth_phrasings(text, category):
    assert derived_t(text).value == category


def test_a_hyphenated_size_is_read():
    fact = derived_t(
        "Tongue, glossectomy: squamous cell carcinoma. There is a 2.5-cm ulcerated tumor."
    )

    assert fact.value == "T2"
    assert fact.display == "2.5-cm"


def test_a_size_followed_by_a_sentence_about_the_nodes_is_the_tumor_size():
    fact = derived_t(
        "Breast, mastectomy: invasive ductal carcinoma, 1.2 cm. Lymph node with metastatic "
        "carcinoma measuring 2.5 cm."
    )

    assert fact.value == "T1c"
    assert fact.display == "1.2 cm"


def test_kidney_t_ignores_an_adrenal_nodule_size():
    fact = derived_t(
        "Kidney, nephrectomy: clear cell renal cell carcinoma, 3.0 cm. Adrenal gland with a "
        "cortical nodule measuring 4.5 cm."
    )

    assert fact.value == "T1a"
    assert fact.display == "3.0 cm"


@pytest.mark.parametrize(
    ("text", "category", "display"),
    [
        (
            "Breast, mastectomy: invasive ductal carcinoma. Size of invasive component: 1.5 cm.",
            "T1c",
            "1.5 cm",
        ),
        ("Lung, lobectomy: a 2.4 cm adenocarcinoma.", "T1b", "2.4 cm"),
    ],
)
def test_size_phrasings_of_the_checklist_and_the_diagnosis(text, category, display):
    fact = derived_t(text)

    assert fact.value == category
    assert fact.display == display


@pytest.mark.parametrize(
    ("text", "display"),
    [
        (
            "Sigmoid colon, resection: adenocarcinoma invading through the muscularis propria and "
            "directly invading the urinary bladder wall.",
            "invading the urinary bladder",
        ),
        (
            "Stomach, gastrectomy: adenocarcinoma invading through the serosa; the tumor extends "
            "into the pancreas.",
            "extends into the pancreas",
        ),
    ],
)
def test_colon_and_stomach_invading_an_adjacent_organ_is_t4b(text, display):
    fact = derived_t(text)

    assert fact.value == "T4b"
    assert fact.display == display


@pytest.mark.parametrize("wording", ["angio-invasion present", "angio-. invasion present"])
def test_testis_angioinvasion_is_t2(wording):
    fact = derived_t(
        f"Summary pathology report. Left orchidectomy; nonseminoma; diameter 2.5 cm; tumor "
        f"confined to testis; {wording}; no invasion of rete testis."
    )

    assert fact.value == "T2"

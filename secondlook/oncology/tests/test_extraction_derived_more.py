"""Further AJCC site rules and size wordings for a T the report does not state.

Each rule has a synthetic snippet worded the way reports word the finding, and one that
denies it or only names the structure, which must not raise T. Categories are the AJCC
7th edition's (TCGA-era reports) unless a test names the 8th.
"""

from __future__ import annotations

import pytest

from secondlook.oncology.extraction import extract
from secondlook.oncology.extraction_derived import DERIVED
from secondlook.oncology.facts import ExtractedFact


def derived_t(text: str, edition: int = 7) -> ExtractedFact:
    standing = extract(text, default_edition=edition).current("t")
    assert standing, "no t extracted"
    fact = standing[0]
    assert fact.code_system == DERIVED
    assert text[fact.start : fact.end] == fact.display
    return fact


# Kidney: the perinephric and renal sinus (hilar) fat, however spelt, is T3a.


@pytest.mark.parametrize(
    "text",
    [
        "Kidney, nephrectomy: papillary renal cell carcinoma. Tumor measures 4.5 x 4.0 cm. "
        "Tumor invades the peri-renal adipose tissue.",
        "Kidney, nephrectomy: clear cell renal cell carcinoma, 4.5 cm. The tumor involves "
        "renal hilar fat.",
    ],
)
def test_kidney_perirenal_or_hilar_fat_is_t3a(text):
    assert derived_t(text).value == "T3a"


def test_kidney_peri_renal_fat_denied_keeps_the_size_category():
    text = (
        "Kidney, nephrectomy: papillary renal cell carcinoma. Tumor measures 4.5 x 4.0 cm. "
        "Tumor does not invade the peri-renal adipose tissue."
    )
    assert derived_t(text).value == "T1b"


# Bladder: beyond the wall (T3), neighbouring organs (T4a), pelvic or abdominal wall (T4b).


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "Urinary bladder, cystectomy: urothelial carcinoma with infiltration of all "
            "parietal. layers.",
            "T3",
        ),
        (
            "Urinary bladder, cystectomy: invasive urothelial carcinoma, high grade. "
            "Extravesical mass macroscopically present.",
            "T3",
        ),
        (
            "Urinary bladder, cystectomy: urothelial carcinoma invading the muscularis propria "
            "and infiltrating the right seminal vesicle.",
            "T4a",
        ),
        (
            "Urinary bladder, cystectomy: urothelial carcinoma invading the muscularis propria. "
            "Infiltration of the pelvic wall is present.",
            "T4b",
        ),
    ],
)
def test_bladder_extension_beyond_the_wall(text, category):
    assert derived_t(text).value == category


@pytest.mark.parametrize(
    "text",
    [
        "Urinary bladder, cystectomy: urothelial carcinoma invading the muscularis propria. "
        "Extravesical extension: not identified.",
        "Urinary bladder, cystectomy: urothelial carcinoma invading the muscularis propria. "
        "Seminal vesicles: free of tumor.",
        "Urinary bladder, cystectomy: urothelial carcinoma invading the muscularis propria. "
        "There is no infiltration of the pelvic wall.",
    ],
)
def test_bladder_extension_denied_or_only_named_stays_t2(text):
    assert derived_t(text).value == "T2"


# Thyroid: minimal extrathyroidal extension (7th: T3); gross extension to the trachea,
# larynx, esophagus or subcutaneous tissue (7th and 8th: T4a).


def test_thyroid_tumor_penetrating_to_the_surrounding_soft_tissue_is_t3():
    text = (
        "Thyroid checklist. Histologic type: Papillary thyroid carcinoma. Tumor size: 1 x 0.7 "
        "cm. Tumor extent: penetrates to regional soft tissue."
    )
    assert derived_t(text).value == "T3"


def test_thyroid_tumor_that_does_not_reach_the_soft_tissue_keeps_its_size():
    text = (
        "Thyroid, lobectomy: papillary thyroid carcinoma, 0.8 cm. The tumor does not extend "
        "into the surrounding soft tissue."
    )
    assert derived_t(text).value == "T1a"


@pytest.mark.parametrize("edition", [7, 8])
def test_thyroid_tumor_invading_the_trachea_is_t4a_in_both_editions(edition):
    text = (
        "Thyroid, total thyroidectomy: papillary thyroid carcinoma, 2.5 cm. The tumor invades "
        "the trachea."
    )
    assert derived_t(text, edition).value == "T4a"


# Oral cavity: a tumor involving the cortical bone is T4a.


def test_oral_cavity_tumor_involving_cortical_bone_is_t4a():
    text = (
        "Floor of mouth and mandible, resection: squamous cell carcinoma, 2.0 cm. Tumor "
        "involves cortical bone."
    )
    assert derived_t(text).value == "T4a"


def test_oral_cavity_bone_uninvolved_keeps_the_size_category():
    text = (
        "Floor of mouth and mandible, resection: squamous cell carcinoma, 2.0 cm. The cortical "
        "bone is uninvolved by tumor."
    )
    assert derived_t(text).value == "T1"


# Size wordings.


def test_a_size_field_giving_the_largest_focus_outranks_a_smaller_field():
    text = (
        "Thyroid, right lobe: papillary carcinoma, follicular variant. Tumor size: Largest "
        "focus measures 4.5 x 3.0 x 3.0 cm. Thyroid, left lobe: papillary carcinoma. Tumor "
        "size: 0.9 cm."
    )
    fact = derived_t(text)
    assert fact.value == "T3"
    assert fact.display == "4.5 x 3.0 x 3.0 cm"


def test_a_tumor_given_its_maximum_extent_is_sized():
    text = (
        "Lung, middle lobe: squamous cell carcinoma. Grayish vitreous tumor, max. 3.2 cm in "
        "size, with an arcuate demarcation."
    )
    fact = derived_t(text)
    assert fact.value == "T2a"
    assert fact.display == "3.2 cm"

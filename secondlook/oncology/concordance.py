"""Compare the outside diagnosis with the second-opinion diagnosis and grade the change
(pure, no Django import).

Published second-opinion series report a changed diagnosis in 15–28% of cases; the
program has to show that rate and, per case, say exactly what changed. The grade follows
the usual convention: **major** when the change alters what the patient is offered
(cancer type or histologic family, stage group at the roman-numeral level, metastatic
status, or a biomarker that decides eligibility for a targeted or immune therapy);
**minor** for everything else that differs (grade, a substage letter, wording, a marker
value on the same side of its threshold); **none** when nothing differs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from secondlook.oncology.facts import Biomarker, DiagnosisFacts
from secondlook.oncology.oncotree import BY_CODE
from secondlook.oncology.staging import (
    grade_group_from_gleason,
    normalize_stage_group,
    roman_group,
    stage_from_facts,
)

MAJOR = "major"
MINOR = "minor"

# OncoTree code → (organ, histologic family). A code and its more general parent share
# both (COADREAD and COAD); codes in different families change management (LUAD/LUSC).
FAMILIES: dict[str, tuple[str, str]] = {
    "BRCA": ("breast", "invasive carcinoma"),
    "IDC": ("breast", "invasive carcinoma"),
    "ILC": ("breast", "invasive carcinoma"),
    "MDLC": ("breast", "invasive carcinoma"),
    "DCIS": ("breast", "carcinoma in situ"),
    "COADREAD": ("colorectum", "adenocarcinoma"),
    "COAD": ("colon", "adenocarcinoma"),
    "READ": ("rectum", "adenocarcinoma"),
    "NSCLC": ("lung", "non-small cell carcinoma"),
    "LUAD": ("lung", "adenocarcinoma"),
    "LUSC": ("lung", "squamous cell carcinoma"),
    "SCLC": ("lung", "small cell carcinoma"),
    "PRAD": ("prostate", "adenocarcinoma"),
    "PAAD": ("pancreas", "adenocarcinoma"),
    "UCEC": ("endometrium", "carcinoma"),
    "UEC": ("endometrium", "endometrioid carcinoma"),
    "USC": ("endometrium", "serous carcinoma"),
    "CESC": ("cervix", "squamous cell carcinoma"),
    "HGSOC": ("ovary", "high-grade serous carcinoma"),
    "OVT": ("ovary", "carcinoma"),
    "SKCM": ("skin", "melanoma"),
    "MEL": ("skin", "melanoma"),
    "BLCA": ("bladder", "urothelial carcinoma"),
    "CCRCC": ("kidney", "clear cell renal cell carcinoma"),
    "PRCC": ("kidney", "papillary renal cell carcinoma"),
    "STAD": ("stomach", "adenocarcinoma"),
    "ESCA": ("esophagus", "adenocarcinoma"),
    "HNSC": ("head and neck", "squamous cell carcinoma"),
    "THPA": ("thyroid", "differentiated carcinoma"),
    "THFO": ("thyroid", "differentiated carcinoma"),
}
# General codes: a more specific code under them refines, it does not change, the type.
PARENTS = {
    "COAD": "COADREAD",
    "READ": "COADREAD",
    "LUAD": "NSCLC",
    "LUSC": "NSCLC",
    "IDC": "BRCA",
    "ILC": "BRCA",
    "MDLC": "BRCA",
    "UEC": "UCEC",
    "USC": "UCEC",
    "HGSOC": "OVT",
    "SKCM": "MEL",
}

TARGETABLE = {
    "EGFR": "EGFR-targeted therapy",
    "ALK": "ALK inhibitors",
    "ROS1": "ROS1 inhibitors",
    "BRAF": "BRAF/MEK inhibitors",
    "KRAS": "KRAS G12C inhibitors",
    "NTRK": "TRK inhibitors",
    "RET": "RET inhibitors",
    "MET": "MET inhibitors",
    "ERBB2": "HER2-directed therapy",
    "HER2": "HER2-directed therapy",
    "ER": "endocrine therapy",
    "PR": "endocrine therapy",
    "BRCA1": "PARP inhibitors",
    "BRCA2": "PARP inhibitors",
    "MSI": "immune checkpoint inhibitors",
    "MMR": "immune checkpoint inhibitors",
    "MLH1": "immune checkpoint inhibitors",
    "MSH2": "immune checkpoint inhibitors",
    "MSH6": "immune checkpoint inhibitors",
    "PMS2": "immune checkpoint inhibitors",
    "PIK3CA": "PI3K inhibitors",
    "IDH1": "IDH inhibitors",
    "IDH2": "IDH inhibitors",
    "FGFR2": "FGFR inhibitors",
    "FGFR3": "FGFR inhibitors",
}
PD_L1_THRESHOLDS = (1.0, 50.0)
TMB_HIGH = 10.0


@dataclass(frozen=True)
class FieldDifference:
    field: str
    outside: str
    review: str
    severity: str
    reason: str


@dataclass(frozen=True)
class ConcordanceResult:
    grade: str
    changes_management: bool
    differences: tuple[FieldDifference, ...]
    reason: str


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").strip().lower())


def _code_name(code: str) -> str:
    cancer_type = BY_CODE.get(code)
    return f"{cancer_type.name} ({code})" if cancer_type else code


def _cancer_type(outside: str, review: str) -> FieldDifference | None:
    a, b = outside.strip().upper(), review.strip().upper()
    if a == b or not a or not b:
        return None
    shown = (_code_name(a), _code_name(b))
    if PARENTS.get(a) == b or PARENTS.get(b) == a:
        return FieldDifference(
            "cancer_type", *shown, MINOR, "The cancer type is the same; one names it more exactly."
        )
    family_a, family_b = FAMILIES.get(a), FAMILIES.get(b)
    if family_a and family_a == family_b:
        return FieldDifference(
            "cancer_type", *shown, MINOR, "Same organ and histologic family; subtype differs."
        )
    if family_a and family_b and family_a[0] == family_b[0]:
        reason = (
            f"Same organ ({family_a[0]}) but a different histologic family "
            f"({family_a[1]} → {family_b[1]}), which changes treatment."
        )
    else:
        reason = "A different cancer type, which changes the whole treatment plan."
    return FieldDifference("cancer_type", *shown, MAJOR, reason)


def _stage(facts: DiagnosisFacts, given: str) -> str:
    stated = normalize_stage_group(given or facts.stage_group)
    if stated:
        return stated
    result = stage_from_facts(facts)
    return result.stage_group if result.can_stage else ""


def _stage_difference(outside: str, review: str) -> FieldDifference | None:
    if outside == review or not outside or not review:
        return None
    if roman_group(outside) != roman_group(review):
        reason = (
            f"The stage group changes from {roman_group(outside) or outside} to "
            f"{roman_group(review) or review}, which changes the treatment options."
        )
        return FieldDifference("stage_group", outside, review, MAJOR, reason)
    reason = f"Same stage group {roman_group(review)}; only the substage letter differs."
    return FieldDifference("stage_group", outside, review, MINOR, reason)


def _metastatic(m: str) -> bool | None:
    text = m.strip().upper().lstrip("CPYR")
    if text.startswith("M1"):
        return True
    if text.startswith("M0"):
        return False
    return None


def _tnm(field: str, outside: str, review: str) -> FieldDifference | None:
    a, b = outside.strip(), review.strip()
    strip = "cpyrCPYR"
    if not a or not b or a.lstrip(strip).upper() == b.lstrip(strip).upper():
        return None
    if field == "m" and {_metastatic(a), _metastatic(b)} == {True, False}:
        return FieldDifference(
            field, a, b, MAJOR, "Distant metastasis is found by one review and not the other."
        )
    return FieldDifference(field, a, b, MINOR, f"The {field.upper()} category differs ({a} → {b}).")


def _grade(outside: DiagnosisFacts, review: DiagnosisFacts) -> FieldDifference | None:
    a, b = outside.grade.strip(), review.grade.strip()
    if not a or not b or _norm(a) == _norm(b):
        return None
    if review.cancer_type_code.upper() == "PRAD":
        group_a, group_b = grade_group_from_gleason(a), grade_group_from_gleason(b)
        if group_a and group_b and (group_a == 1) != (group_b == 1):
            return FieldDifference(
                "grade",
                a,
                b,
                MAJOR,
                "Grade Group 1 versus higher decides whether active surveillance is an option.",
            )
    return FieldDifference("grade", a, b, MINOR, "The tumor grade differs.")


def _number(value: str) -> float | None:
    match = re.search(r"[0-9]+(?:\.[0-9]+)?", value or "")
    return float(match.group(0)) if match else None


def _band(value: float, thresholds: tuple[float, ...]) -> int:
    return sum(value >= threshold for threshold in thresholds)


def _alteration_class(marker: Biomarker) -> str:
    """The part of an alteration that decides the drug (KRAS G12C, BRAF V600, EGFR ex20)."""
    name, text = marker.name.upper(), marker.alteration.upper()
    if name == "KRAS":
        return "G12C" if "G12C" in text else "other"
    if name == "BRAF":
        return "V600" if "V600" in text else "other"
    if name == "EGFR":
        return "exon 20 insertion" if "20" in text and "INS" in text else "sensitizing"
    if name in ("HER2", "ERBB2") and marker.status == "negative":
        return "HER2-low" if re.search(r"\b[12]\+", marker.value) else "HER2 0"
    return ""


def _shown(marker: Biomarker | None) -> str:
    if marker is None:
        return "not reported"
    parts = [marker.status, marker.alteration, marker.value]
    return " ".join(part for part in parts if part)


def _biomarker(name: str, a: Biomarker | None, b: Biomarker | None) -> FieldDifference | None:
    field = f"biomarker:{name}"
    shown = (_shown(a), _shown(b))
    therapy = TARGETABLE.get(name)
    if a is None or b is None:
        present = a or b
        if present is None or present.status not in ("positive",) or not therapy:
            return FieldDifference(field, *shown, MINOR, f"{name} is reported by only one review.")
        who = "the review" if b is not None else "the outside report"
        return FieldDifference(
            field,
            *shown,
            MAJOR,
            f"{name} positive is reported only by {who}; it decides {therapy}.",
        )
    if name in ("PD-L1", "PDL1"):
        return _threshold(field, a, b, PD_L1_THRESHOLDS, "PD-L1", "immunotherapy eligibility")
    if name == "TMB":
        return _threshold(field, a, b, (TMB_HIGH,), "TMB", "eligibility for pembrolizumab (TMB-H)")
    if a.status != b.status:
        decided = {a.status, b.status} == {"positive", "negative"}
        if decided and therapy:
            reason = f"{name} changes from {a.status} to {b.status}; this decides {therapy}."
            return FieldDifference(field, *shown, MAJOR, reason)
        return FieldDifference(
            field, *shown, MINOR, f"{name} result differs ({a.status} → {b.status})."
        )
    class_a, class_b = _alteration_class(a), _alteration_class(b)
    if class_a != class_b and therapy:
        reason = f"{name}: {class_a} versus {class_b} changes eligibility for {therapy}."
        if name in ("HER2", "ERBB2"):
            reason = "HER2 0 versus HER2-low decides eligibility for trastuzumab deruxtecan."
        return FieldDifference(field, *shown, MAJOR, reason)
    if _norm(a.alteration) != _norm(b.alteration) or _norm(a.value) != _norm(b.value):
        return FieldDifference(
            field, *shown, MINOR, f"{name} detail differs; same treatment group."
        )
    return None


def _threshold(
    field: str,
    a: Biomarker,
    b: Biomarker,
    thresholds: tuple[float, ...],
    label: str,
    decides: str,
) -> FieldDifference | None:
    value_a, value_b = _number(a.value), _number(b.value)
    if value_a is None or value_b is None:
        if a.status != b.status and {a.status, b.status} == {"positive", "negative"}:
            reason = f"{label} changes from {a.status} to {b.status}; it decides {decides}."
            return FieldDifference(field, _shown(a), _shown(b), MAJOR, reason)
        if _norm(a.value) == _norm(b.value) and a.status == b.status:
            return None
        return FieldDifference(field, _shown(a), _shown(b), MINOR, f"{label} result differs.")
    if value_a == value_b:
        return None
    if _band(value_a, thresholds) != _band(value_b, thresholds):
        cuts = " or ".join(f"{t:g}" for t in thresholds)
        reason = f"{label} crosses the {cuts} cut-off ({value_a:g} → {value_b:g}): {decides}."
        return FieldDifference(field, _shown(a), _shown(b), MAJOR, reason)
    reason = (
        f"{label} differs ({value_a:g} → {value_b:g}) but stays on the same side of the cut-off."
    )
    return FieldDifference(field, _shown(a), _shown(b), MINOR, reason)


def compare(
    outside: DiagnosisFacts,
    review: DiagnosisFacts,
    *,
    stage_outside: str = "",
    stage_review: str = "",
) -> ConcordanceResult:
    """Compare the two diagnoses field by field and grade the case."""
    differences: list[FieldDifference] = []
    cancer_type = _cancer_type(outside.cancer_type_code, review.cancer_type_code)
    if cancer_type:
        differences.append(cancer_type)
    if (
        _norm(outside.histology) != _norm(review.histology)
        and outside.histology
        and review.histology
    ):
        differences.append(
            FieldDifference(
                "histology",
                outside.histology,
                review.histology,
                MINOR,
                "The histology is worded differently.",
            )
        )
    grade = _grade(outside, review)
    if grade:
        differences.append(grade)
    for field in ("t", "n", "m"):
        tnm = _tnm(field, getattr(outside, field), getattr(review, field))
        if tnm:
            differences.append(tnm)
    stage = _stage_difference(_stage(outside, stage_outside), _stage(review, stage_review))
    if stage:
        differences.append(stage)
    names = {m.name.upper() for m in outside.biomarkers} | {
        m.name.upper() for m in review.biomarkers
    }
    for name in sorted(names):
        difference = _biomarker(name, outside.biomarker(name), review.biomarker(name))
        if difference:
            differences.append(difference)
    return _grade_case(tuple(differences))


def _grade_case(differences: tuple[FieldDifference, ...]) -> ConcordanceResult:
    major = [d for d in differences if d.severity == MAJOR]
    if major:
        reason = "Major change: " + " ".join(d.reason for d in major)
        return ConcordanceResult(MAJOR, True, differences, reason)
    if differences:
        reason = "Minor change only: " + " ".join(d.reason for d in differences)
        return ConcordanceResult(MINOR, False, differences, reason)
    return ConcordanceResult(
        "none", False, (), "The second opinion agrees with the outside diagnosis."
    )

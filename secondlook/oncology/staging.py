"""Stage a cancer from its T, N and M categories: AJCC 8th edition, and FIGO for the
gynecologic cancers (pure, no Django import).

The second opinion's promise is an accurate stage. The engine therefore never guesses: a
combination it cannot stage comes back with can_stage=False and the items that would
settle it, and every answer carries the sentence a tumor board can check against the
AJCC table. Site tables live in staging_sites / staging_headneck / staging_gyn /
staging_breast; the shared expansion logic in staging_core.
"""

from __future__ import annotations

import re

from secondlook.oncology.facts import DiagnosisFacts
from secondlook.oncology.staging_breast import BREAST_ANATOMIC, BREAST_PROGNOSTIC
from secondlook.oncology.staging_core import (
    Category,
    ExtraAxis,
    SiteRules,
    StageResult,
    StagingInput,
    group_all,
    parse_category,
    stage_parts,
)
from secondlook.oncology.staging_gyn import CERVIX, ENDOMETRIUM, OVARY, normalize_figo
from secondlook.oncology.staging_headneck import (
    HEAD_NECK,
    NASOPHARYNX,
    OROPHARYNX_P16,
    THYROID,
    THYROID_ANAPLASTIC,
    THYROID_MEDULLARY,
)
from secondlook.oncology.staging_sites import (
    BLADDER,
    COLORECTAL,
    KIDNEY,
    LUNG,
    MELANOMA,
    PANCREAS,
    PROSTATE,
    STOMACH,
)

__all__ = [
    "StageResult",
    "StagingInput",
    "normalize_stage_group",
    "site_for",
    "stage",
    "stage_from_facts",
]

SITES_BY_CODE: dict[str, SiteRules] = {}
for _codes, _site in (
    ("BRCA IDC ILC DCIS MDLC IMMC BREAST", BREAST_ANATOMIC),
    ("COAD READ COADREAD BOWEL MACR", COLORECTAL),
    ("LUAD LUSC NSCLC SCLC LUNG LCLC LUAS", LUNG),
    ("PRAD PROSTATE", PROSTATE),
    ("PAAD PANCREAS", PANCREAS),
    ("SKCM MEL ACRM", MELANOMA),
    ("BLCA BLADDER", BLADDER),
    ("CCRCC PRCC CHRCC RCC KIDNEY", KIDNEY),
    ("STAD STOMACH", STOMACH),
    ("HNSC OCSC LXSC HPHSC OPHSC OPHARYNX", HEAD_NECK),
    ("THPA THFO THHC THYROID WDTC PDTC", THYROID),
    ("THAP ATC", THYROID_ANAPLASTIC),
    ("THME", THYROID_MEDULLARY),
    ("NPC NASOPHARYNX", NASOPHARYNX),
    ("UCEC UEC USC UCCC UMEC UTERUS", ENDOMETRIUM),
    ("CESC CEAD CERVIX", CERVIX),
    ("HGSOC LGSOC OVT OCCC OEC MOV SOC OVARY HGSFT", OVARY),
):
    SITES_BY_CODE.update(dict.fromkeys(_codes.split(), _site))

GYN_SITES = {ENDOMETRIUM.key, CERVIX.key, OVARY.key}
_THYROID_CODES = frozenset({"THPA", "THFO", "THHC", "THYROID", "WDTC", "PDTC"})
# ICD-O-3 morphologies of anaplastic (undifferentiated) thyroid carcinoma.
_ANAPLASTIC_THYROID_ICDO = frozenset({"8020", "8021"})
# ICD-O-3 morphologies of medullary thyroid carcinoma (8345-8347) and medullary carcinoma NOS.
_MEDULLARY_THYROID_ICDO = frozenset({"8345", "8346", "8347", "8510"})
_P16_RE = re.compile(r"\b(p16|hpv)[\s-]*(positive|\+|mediated|associated|related)", re.IGNORECASE)
_STAGE_RE = re.compile(r"^(?:STAGE)?\s*(IV|III|II|I|0|4|3|2|1)\s*(.*)$", re.IGNORECASE)
_ARABIC = {"1": "I", "2": "II", "3": "III", "4": "IV"}


def site_for(data: StagingInput) -> SiteRules | None:
    """The stage table for this cancer type, or None when the engine does not cover it.

    Some cancer types need a closer look: thyroid reports coded as papillary or follicular
    may say anaplastic or medullary, which AJCC stages by other tables, and a head and neck
    squamous carcinoma of the nasopharynx or a p16-positive oropharynx has its own.
    """
    code = (data.cancer_type_code or "").strip().upper()
    histology = data.histology.lower()
    if code in _THYROID_CODES:
        if "anaplastic" in histology or histology[:4] in _ANAPLASTIC_THYROID_ICDO:
            return THYROID_ANAPLASTIC
        if "medullary" in histology or histology[:4] in _MEDULLARY_THYROID_ICDO:
            return THYROID_MEDULLARY
    site = SITES_BY_CODE.get(code)
    if site is HEAD_NECK and "nasophar" in data.primary_site.lower():
        return NASOPHARYNX
    if (
        site is HEAD_NECK
        and code in ("OPHSC", "OPHARYNX", "HNSC")
        and _P16_RE.search(data.histology)
    ):
        return OROPHARYNX_P16
    return site


def _basis(t: Category, n: Category, m: Category) -> str:
    """Which stage table the categories belong to: post-therapy, pathological, clinical."""
    prefixes = (t.prefix, n.prefix)
    if any("y" in prefix for prefix in prefixes):
        return "post_therapy"
    if "p" in n.prefix or ("p" in t.prefix and "c" not in n.prefix):
        return "pathological"
    return "clinical"


def _marker(value: str) -> str:
    text = (value or "").strip().lower()
    if text in ("positive", "pos", "+", "present", "detected", "amplified"):
        return "+"
    if text in ("negative", "neg", "-", "absent", "not detected", "not amplified"):
        return "-"
    return ""


def normalize_grade(value: str) -> str:
    """Nottingham/histologic grade 1-3 from "G2", "grade 3", "poorly differentiated"…"""
    text = (value or "").strip().lower()
    words = {"well": "1", "low": "1", "moderate": "2", "intermediate": "2", "poor": "3"}
    for word, grade in words.items():
        if word in text:
            return grade
    if "high" in text:
        return "3"
    match = re.search(r"(?:^|[^0-9])([123])(?:$|[^0-9/])", text)
    return match.group(1) if match else ""


def grade_group_from_gleason(text: str) -> int | None:
    """ISUP grade group from "Grade Group 2", "GG 3" or "Gleason 4+3=7"."""
    value = (text or "").lower()
    match = re.search(r"(?:grade\s*group|gg|isup)\s*:?\s*([1-5])", value)
    if match:
        return int(match.group(1))
    match = re.search(r"([1-5])\s*\+\s*([1-5])", value)
    if not match:
        return None
    primary, secondary = int(match.group(1)), int(match.group(2))
    total = primary + secondary
    if total <= 6:
        return 1
    if total == 7:
        return 2 if primary == 3 else 3
    return 4 if total == 8 else 5


def normalize_stage_group(text: str) -> str:
    """ "Stage 3B", "IIIb", "stage IIIC1" → "IIIB"/"IIIC1"; "" when it is not a stage."""
    match = _STAGE_RE.match((text or "").strip())
    if not match:
        return ""
    numeral = _ARABIC.get(match.group(1), match.group(1).upper())
    rest = match.group(2).strip()
    if numeral == "0":
        return "0" + rest.lower() if rest.lower() in ("", "a", "is") else ""
    sub = re.match(r"^([A-Da-d])?([0-9])?$", rest)
    if not sub:
        return ""
    return numeral + (sub.group(1) or "").upper() + (sub.group(2) or "")


def _written(category: Category) -> str:
    return f"{category.prefix}{category.code}" if category.code else f"{category.axis} unknown"


def _breast_factors(data: StagingInput) -> tuple[dict[str, str], tuple[str, ...]]:
    factors = {
        "grade": normalize_grade(data.grade),
        "er": _marker(data.er),
        "pr": _marker(data.pr),
        "her2": _marker(data.her2),
    }
    names = {"grade": "grade", "er": "ER status", "pr": "PR status", "her2": "HER2 status"}
    missing = tuple(names[key] for key, value in factors.items() if not value)
    score = data.oncotype_recurrence_score
    if score is not None:
        factors["oncotype"] = "<11" if score < 11 else ">=11"
    return factors, missing


def stage(data: StagingInput) -> StageResult:
    """Stage one diagnosis. Never raises on odd input: it says what it could not read."""
    site = site_for(data)
    code = (data.cancer_type_code or "").strip() or "an unknown cancer type"
    if site is None:
        return StageResult(
            "AJCC 8",
            "",
            "anatomic",
            False,
            ("a cancer type this engine stages",),
            f"Automatic staging does not cover {code}; stage it by hand from the AJCC chapter.",
        )
    t, n, m = parse_category("T", data.t), parse_category("N", data.n), parse_category("M", data.m)
    basis = _basis(t, n, m)
    extras: list[ExtraAxis] = site.extras(data) if site.extras else []
    notes: list[str] = []
    if site.key == "breast":
        factors, absent = _breast_factors(data)
        if basis == "post_therapy":
            notes.append("prognostic stage does not apply after neoadjuvant therapy")
        elif absent:
            notes.append("prognostic stage needs " + ", ".join(absent))
        else:
            site = BREAST_PROGNOSTIC
            extras = [ExtraAxis(key, (value,)) for key, value in factors.items()]
    result = _run(site, t, n, m, basis, extras, notes)
    if site.key in GYN_SITES and data.figo:
        return _with_stated_figo(result, normalize_figo(data.figo), data.figo)
    if site.key == "breast" and result.kind == "anatomic" and result.can_stage:
        missing_for_prognosis = _breast_factors(data)[1] if basis != "post_therapy" else ()
        extra = tuple(f"{item} (for the prognostic stage)" for item in missing_for_prognosis)
        return StageResult(
            result.system,
            result.stage_group,
            result.kind,
            True,
            result.missing + extra,
            result.explanation,
        )
    return result


def _run(
    site: SiteRules,
    t: Category,
    n: Category,
    m: Category,
    basis: str,
    extras: list[ExtraAxis],
    notes: list[str],
) -> StageResult:
    variant_name, variant = site.variant(basis)
    written = f"{_written(t)} {_written(n)} {_written(m)}"
    if t.post_therapy or n.post_therapy:
        notes.append("post-therapy (y) categories: this is the stage after neoadjuvant treatment")
    table = f"{site.system} {variant.note or 'stage table'} for {site.name}"
    exact = (site.exact or {}).get((t.code, n.code, m.code))
    if exact:
        return StageResult(
            site.system, exact, variant.kind, True, (), _sentence(table, written, exact, notes)
        )
    axes = [site.t.resolve(t.code), site.n.resolve(n.code), site.m.resolve(m.code)]
    outcome = group_all(variant.grouping, axes, extras)
    if outcome.invalid:
        text = f"{table}: {written} is not a combination the table stages."
        return StageResult(site.system, "", variant.kind, False, (), _append(text, notes))
    if not outcome.stage_group:
        what = ", ".join(outcome.missing) or "more detail"
        text = f"{table}: cannot stage {written}; needs {what}."
        return StageResult(
            site.system, "", variant.kind, False, outcome.missing, _append(text, notes)
        )
    if not outcome.exact:
        what = ", ".join(outcome.missing)
        notes.append(f"only stage {outcome.stage_group} is certain; the substage needs {what}")
    elif outcome.missing:
        notes.append("not available: " + ", ".join(outcome.missing))
    text = _sentence(table, written, outcome.stage_group, notes)
    return StageResult(site.system, outcome.stage_group, variant.kind, True, outcome.missing, text)


def _sentence(table: str, written: str, stage_group: str, notes: list[str]) -> str:
    label = stage_group if stage_group.startswith("Occult") else f"stage {stage_group}"
    return _append(f"{table}: {written} is {label}.", notes)


def _append(text: str, notes: list[str]) -> str:
    return text + "".join(f" Note: {note}." for note in notes)


def _with_stated_figo(result: StageResult, stated: str, written: str) -> StageResult:
    """A FIGO stage the report states is kept when TNM cannot give the full stage."""
    if not stated:
        note = f" The stated FIGO stage '{written}' could not be read."
        return StageResult(**{**result.__dict__, "explanation": result.explanation + note})
    if result.can_stage and not result.missing:
        if result.stage_group != stated:
            note = f" The report states FIGO {stated}, which differs from the TNM-derived stage."
            return StageResult(**{**result.__dict__, "explanation": result.explanation + note})
        return result
    text = f"FIGO stage {stated} as stated in the report. {result.explanation}"
    return StageResult("FIGO (as stated)", stated, "anatomic", True, (), text)


def _biomarker_status(facts: DiagnosisFacts, *names: str) -> str:
    for name in names:
        marker = facts.biomarker(name)
        if marker is not None:
            return marker.status if marker.status in ("positive", "negative") else ""
    return ""


def _psa(facts: DiagnosisFacts) -> float | None:
    marker = facts.biomarker("PSA")
    if marker is None:
        return None
    match = re.search(r"[0-9]+(?:\.[0-9]+)?", marker.value)
    return float(match.group(0)) if match else None


def stage_from_facts(facts: DiagnosisFacts) -> StageResult:
    """Stage the structured diagnosis every engine shares."""
    return stage(
        StagingInput(
            cancer_type_code=facts.cancer_type_code,
            t=facts.t,
            n=facts.n,
            m=facts.m,
            grade=facts.grade,
            er=_biomarker_status(facts, "ER"),
            pr=_biomarker_status(facts, "PR"),
            her2=_biomarker_status(facts, "HER2", "ERBB2"),
            psa=_psa(facts),
            gleason_grade_group=grade_group_from_gleason(facts.grade),
            figo=facts.stage_group if normalize_figo(facts.stage_group) else "",
            histology=facts.histology,
            primary_site=facts.primary_site,
            age=facts.age,
        )
    )


def roman_group(stage_group: str) -> str:
    """The roman-numeral level of a stage ("IIIB" → "III", "0is" → "0")."""
    return stage_parts(stage_group)[0] if stage_group else ""

"""The vignette format of the command line and the benchmark (pure, no Django import).

A vignette is one case as JSON: `{"id", "cancer_type", "stage_group", "setting",
"biomarkers": [{"gene", "alteration"} or {"name", "value"}], "age", "ecog",
"prior_therapies", "goals", "expected_therapies", "not_expected",
"expected_missing_tests"}`, optionally "resectable" (true/false), "metastatic_sites"
(["bone", "liver"]), "histology" and "sex". This module turns one into the matcher's input, and the
matcher's plan into the JSON the command prints.
"""

from __future__ import annotations

import re
from typing import Any

from secondlook.oncology.facts import Biomarker, DiagnosisFacts
from secondlook.oncology.oncotree import BY_CODE
from secondlook.therapies.kb import is_negative, is_unsettled
from secondlook.therapies.matcher import TherapyPlan

_NEGATIVE_VALUES = re.compile(
    r"^(negative|neg|not detected|wild[ -]?type|wt|absent|mss|pmmr|msi-?l|0|1\+|intact)$", re.I
)
_UNKNOWN_VALUES = re.compile(r"^(unknown|pending|not tested|equivocal|indeterminate|)$", re.I)

# Names a reader may write for the same medicine or procedure; the benchmark compares
# expected and proposed names through this table, both lower case.
THERAPY_SYNONYMS: dict[str, str] = {
    "5-fu": "fluorouracil",
    "5-fluorouracil": "fluorouracil",
    "radiotherapy": "radiation therapy",
    "radiation": "radiation therapy",
    "external beam radiation therapy": "radiation therapy",
    "sbrt": "stereotactic body radiation therapy",
    "t-dm1": "ado-trastuzumab emtansine",
    "trastuzumab emtansine": "ado-trastuzumab emtansine",
    "fam-trastuzumab deruxtecan": "trastuzumab deruxtecan",
    "t-dxd": "trastuzumab deruxtecan",
    "nab paclitaxel": "nab-paclitaxel",
    "protein-bound paclitaxel": "nab-paclitaxel",
    "lu-177-psma-617": "lutetium lu 177 vipivotide tetraxetan",
    "177lu-psma-617": "lutetium lu 177 vipivotide tetraxetan",
    "trifluridine-tipiracil": "trifluridine/tipiracil",
    "tas-102": "trifluridine/tipiracil",
    "liposomal irinotecan": "irinotecan liposome",
    "nal-iri": "irinotecan liposome",
    "bcg": "bcg",
    "bacillus calmette-guerin": "bcg",
    "ev": "enfortumab vedotin",
    "observation": "surveillance",
    "watchful waiting": "surveillance",
    "best supportive care": "palliative care",
    "goserelin": "leuprolide",
    "adt": "leuprolide",
    "androgen deprivation therapy": "leuprolide",
    "tace": "transarterial chemoembolization",
}


def therapy_name(raw: str) -> str:
    name = " ".join(raw.strip().lower().split())
    return THERAPY_SYNONYMS.get(name, name)


def _biomarker(raw: dict[str, Any]) -> Biomarker:
    name = str(raw.get("gene") or raw.get("name") or "").strip().upper()
    alteration = str(raw.get("alteration") or "").strip()
    value = str(raw.get("value") or "").strip()
    status = str(raw.get("status") or "").strip().lower()
    if not status:
        word = alteration or value
        # The engine's own reading decides the rest: "0%" or "<1%" ER is negative, an MMR
        # protein "negative" (lost) means deficient, "retained" proficient.
        reported = Biomarker(name=name, alteration=alteration, status="", value=value)
        if _UNKNOWN_VALUES.match(word) or is_unsettled(reported):
            status = "unknown"
        elif _NEGATIVE_VALUES.match(word) or is_negative(reported):
            status = "negative"
        else:
            status = "positive"
    return Biomarker(
        name=name, alteration=alteration, status=status, value=value, source="vignette"
    )


def _int_or_none(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def vignette_facts(vignette: dict[str, Any]) -> DiagnosisFacts:
    code = str(vignette.get("cancer_type") or "").strip().upper()
    known = BY_CODE.get(code)
    return DiagnosisFacts(
        cancer_type_code=code,
        cancer_type_name=known.name if known else code,
        histology=str(vignette.get("histology") or ""),
        stage_group=str(vignette.get("stage_group") or "").strip(),
        biomarkers=tuple(_biomarker(b) for b in vignette.get("biomarkers") or []),
        age=_int_or_none(vignette.get("age")),
        sex=str(vignette.get("sex") or ""),
        ecog=_int_or_none(vignette.get("ecog")),
        prior_therapies=tuple(str(p) for p in vignette.get("prior_therapies") or []),
        confirmed=True,
        sources={"cancer_type_code": "vignette"},
    )


def vignette_request(vignette: dict[str, Any]) -> tuple[DiagnosisFacts, str, tuple[str, ...]]:
    goals = tuple(str(g) for g in vignette.get("goals") or [])
    return vignette_facts(vignette), str(vignette.get("setting") or ""), goals


def vignette_sites(vignette: dict[str, Any]) -> tuple[str, ...] | None:
    """The optional "metastatic_sites" list (bone, liver…); None when the vignette is silent."""
    sites = vignette.get("metastatic_sites")
    if not isinstance(sites, list):
        return None
    return tuple(str(site) for site in sites)


def vignette_resectable(vignette: dict[str, Any]) -> bool | None:
    """The optional "resectable" key: true, false, or a word ("unresectable", "borderline")."""
    value = vignette.get("resectable")
    if isinstance(value, bool):
        return value
    word = str(value or "").strip().lower()
    if word in ("unresectable", "no", "false", "not resectable"):
        return False
    if word in ("resectable", "yes", "true"):
        return True
    return None


def plan_json(plan: TherapyPlan) -> dict[str, Any]:
    """The issue's output shape, exactly these keys."""
    return {
        "options": [
            {
                "category": option.category,
                "therapies": list(option.therapies),
                "evidence_level": option.evidence_level,
                "why": option.why,
                "source": option.source,
            }
            for option in plan.options
        ],
        "not_indicated": [
            {"therapies": list(item.therapies), "why": item.why} for item in plan.not_indicated
        ],
        "missing_tests": [{"test": m.test, "why": m.why} for m in plan.missing_tests],
        "cannot_decide": list(plan.cannot_decide),
    }


def proposed_therapies(plan: TherapyPlan) -> set[str]:
    return {therapy_name(t) for option in plan.options for t in option.therapies}


def _test_tokens(text: str) -> set[str]:
    cleaned = text.upper().replace("BRCA1/2", "BRCA").replace("GERMLINE", " ")
    cleaned = cleaned.replace("(", " ").replace(")", " ")
    tokens = {t for t in re.split(r"[/,\s]+", cleaned) if t}
    aliases = {
        "MMR": "MSI",
        "DMMR": "MSI",
        "MSI-H": "MSI",
        "PDL1": "PD-L1",
        "P16": "HPV",
        "ERBB2": "HER2",
    }
    tokens |= {aliases[t] for t in tokens if t in aliases}
    if {"BRCA1", "BRCA2", "BRCA1/2"} & tokens:
        tokens.add("BRCA")
    return tokens


# A gene family a reader writes as one test, and the genes a report lists separately:
# "RAS" testing is KRAS and NRAS (extended RAS), "NTRK" is NTRK1–3.
TEST_FAMILIES: dict[str, frozenset[str]] = {
    "RAS": frozenset({"KRAS", "NRAS", "HRAS"}),
    "NTRK": frozenset({"NTRK1", "NTRK2", "NTRK3"}),
    "FGFR": frozenset({"FGFR1", "FGFR2", "FGFR3", "FGFR4"}),
    "HRR": frozenset({"BRCA", "ATM", "PALB2", "CHEK2", "CDK12", "BARD1", "BRIP1", "RAD51C"}),
}


def _family_covered(token: str, reported: set[str]) -> bool:
    return token in reported or bool(TEST_FAMILIES.get(token, frozenset()) & reported)


def missing_test_reported(expected: str, reported: list[str]) -> bool:
    """Whether an expected missing test is among those reported (MSI ≈ MMR, BRCA1/2 ≈ BRCA,
    and a family name such as RAS ≈ its members KRAS and NRAS)."""
    wanted = _test_tokens(expected)
    if not wanted:
        return False
    if any(wanted <= _test_tokens(name) for name in reported):
        return True
    everything = {token for name in reported for token in _test_tokens(name)}
    families = {t for t in wanted if t in TEST_FAMILIES}
    return bool(families) and all(_family_covered(t, everything) for t in families)

"""The treatment-options knowledge base as plain data (pure, no Django import).

The database keeps the curated, versioned entries; the matcher and the benchmark read
them as these frozen dataclasses, so the same rules run in the staff page, on the
command line and in `bench/therapies.py`. This module also holds the small condition
language curators write ("HER2+", "HR+", "histology:squamous", "ecog<=2") and the
alteration patterns of biomarker assertions ("V600E", "exon 19 deletion", "fusion",
"amplification", "TMB>=10", "TPS>=50"), with the functions that test them against a
case's facts. Both are validated here so a curator's typo is refused when saved, not
silently ignored when matching.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from secondlook.oncology.facts import Biomarker, DiagnosisFacts

CATEGORIES = ("standard_of_care", "targeted_therapy", "immunotherapy", "clinical_trial")
MODALITIES = ("surgery", "radiation", "systemic", "surveillance", "supportive")
SETTINGS = ("neoadjuvant", "adjuvant", "definitive", "first_line_metastatic", "later_line")
EVIDENCE_LEVELS = (
    "fda_approved",
    "guideline",
    "clinical_trial",
    "clinical_evidence",
    "preclinical",
)
EFFECTS = ("sensitivity", "resistance")
GOALS = (
    "cure",
    "longer_life",
    "quality_of_life",
    "fertility",
    "avoid_surgery",
    "stay_near_home",
)

# OncoTree's tree (oncotree.mskcc.org), child → parent, for the subtypes a second-opinion
# program sees, so an entry written for a parent applies to every subtype under it. The
# chain is followed to the top (CHL → HL → LYMPH; LGSOC → SOC → OVT). Where OncoTree
# puts the nodes under a tissue rather than one parent, the parent is the family the
# starter set treats as one disease: colorectal (COADREAD), melanoma of the skin (MEL),
# ovarian and tubal carcinoma (OVT), kidney (RCC), lymphoma (LYMPH). Carcinoma in situ
# (DCIS) and uveal melanoma are left out on purpose: they are treated differently.
ONCOTREE_PARENT: dict[str, str] = {
    # breast
    "IDC": "BRCA",
    "ILC": "BRCA",
    "MDLC": "BRCA",
    "BRCANOS": "BRCA",
    "BRCNOS": "BRCA",
    "IMMC": "BRCA",
    "MBC": "BRCA",
    "ACBC": "BRCA",
    # colorectal
    "COAD": "COADREAD",
    "READ": "COADREAD",
    "MACR": "COADREAD",
    "SRCCR": "COADREAD",
    # lung
    "LUAD": "NSCLC",
    "LUSC": "NSCLC",
    "LCLC": "NSCLC",
    "LUAS": "NSCLC",
    "NSCLCPD": "NSCLC",
    "LUMEC": "NSCLC",
    # uterus
    "UEC": "UCEC",
    "USC": "UCEC",
    "UCCC": "UCEC",
    "UMEC": "UCEC",
    "UDDC": "UCEC",
    "UCS": "UCEC",
    # ovary and fallopian tube
    "SOC": "OVT",
    "HGSOC": "SOC",
    "LGSOC": "SOC",
    "HGSFT": "OVT",
    "OCCC": "OVT",
    "EOV": "OVT",
    "MOV": "OVT",
    "PSEC": "OVT",
    # prostate
    "PRSCC": "PRAD",
    # melanoma of the skin
    "SKCM": "MEL",
    "ACRM": "MEL",
    "DESM": "MEL",
    "SSM": "MEL",
    "NMM": "MEL",
    "LMM": "MEL",
    "MUP": "MEL",
    # head and neck squamous cell carcinoma
    "OPHSC": "HNSC",
    "OCSC": "HNSC",
    "LXSC": "HNSC",
    "HPHSC": "HNSC",
    "SNSC": "HNSC",
    "HNSCUP": "HNSC",
    # kidney
    "CCRCC": "RCC",
    "PRCC": "RCC",
    "CHRCC": "RCC",
    "URCC": "RCC",
    # bladder and urinary tract urothelial carcinoma
    "UTUC": "BLCA",
    "BLSC": "BLCA",
    # pancreas
    "PAASC": "PAAD",
    # lymphoma
    "CHL": "HL",
    "NSCHL": "CHL",
    "MCCHL": "CHL",
    "LRCHL": "CHL",
    "LDCHL": "CHL",
    "NLPHL": "HL",
    "DLBCL": "LYMPH",
    "DLBCLNOS": "DLBCL",
    "FL": "LYMPH",
    "MCL": "LYMPH",
    "MZL": "LYMPH",
    "HL": "LYMPH",
}

# The same marker is written many ways in reports; entries use the first name.
MARKER_ALIASES: dict[str, tuple[str, ...]] = {
    "HER2": ("HER2", "ERBB2", "HER-2", "HER2/NEU"),
    "ER": ("ER", "ESR1", "ESTROGEN RECEPTOR"),
    "PR": ("PR", "PGR", "PROGESTERONE RECEPTOR"),
    "MSI": ("MSI", "MMR", "DMMR", "MSI-H", "MLH1", "MSH2", "MSH6", "PMS2"),
    "MMR": ("MSI", "MMR", "DMMR", "MSI-H", "MLH1", "MSH2", "MSH6", "PMS2"),
    "PD-L1": ("PD-L1", "PDL1", "CD274"),
    "TMB": ("TMB", "TUMOR MUTATIONAL BURDEN"),
    "BRCA": ("BRCA", "BRCA1", "BRCA2", "GBRCA", "BRCA1/2"),
    "HPV": ("HPV", "P16"),
    "PSMA": ("PSMA", "PSMA PET"),
    "CD20": ("CD20", "MS4A1"),
    "HRD": ("HRD", "HOMOLOGOUS RECOMBINATION DEFICIENCY"),
    "KRAS": ("KRAS",),
    "NRAS": ("NRAS",),
    "RAS": ("RAS", "KRAS", "NRAS"),
}

_POSITIVE_WORDS = ("positive", "detected", "high", "present", "deficient", "mutated", "amplified")
_NEGATIVE_WORDS = (
    "negative",
    "not detected",
    "wild type",
    "wildtype",
    "wild-type",
    "absent",
    "stable",
    "proficient",
    "intact",
    "retained",
    "no mutation",
    "not amplified",
    "non-amplified",
    "no amplification",
)


@dataclass(frozen=True)
class CareOption:
    """A standard-of-care entry: where it applies and what it offers."""

    key: str
    cancer_types: tuple[str, ...]
    label: str
    modality: str
    therapies: tuple[str, ...]
    source: str
    evidence_level: str = "guideline"
    stage_groups: tuple[str, ...] = ()
    settings: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    goal_tags: tuple[str, ...] = ()
    curated_on: str = ""


@dataclass(frozen=True)
class BiomarkerAssertion:
    """A biomarker → therapy statement: sensitivity proposes, resistance warns.

    `stage_groups` carries the label's stage limits for curative settings (adjuvant
    dabrafenib with trametinib is for resected stage III melanoma, not stage IB): an
    assertion with stages never applies to a case staged outside them.
    """

    key: str
    gene: str
    alteration: str
    therapies: tuple[str, ...]
    effect: str
    evidence_level: str
    citation: str
    cancer_types: tuple[str, ...] = ()  # empty: tumor-agnostic
    category: str = "targeted_therapy"
    settings: tuple[str, ...] = ("first_line_metastatic", "later_line")
    conditions: tuple[str, ...] = ()
    label: str = ""
    curated_on: str = ""
    stage_groups: tuple[str, ...] = ()

    @property
    def tumor_agnostic(self) -> bool:
        return not self.cancer_types


@dataclass(frozen=True)
class WorkupRule:
    """A test a case of this type and stage should have had, and why it matters."""

    key: str
    cancer_types: tuple[str, ...]
    test: str
    why: str
    markers: tuple[str, ...] = ()  # biomarker names that count as the test done
    stage_groups: tuple[str, ...] = ()
    settings: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class KnowledgeBase:
    version: int
    options: tuple[CareOption, ...] = ()
    assertions: tuple[BiomarkerAssertion, ...] = ()
    workup: tuple[WorkupRule, ...] = ()
    covered_types: frozenset[str] = field(default_factory=frozenset)


# Stage IV groups still treated with curative intent (surgery, neoadjuvant or adjuvant
# treatment): locoregional head and neck IVA/IVB, and ovarian IV (cytoreduction). Blood
# cancers' advanced stages are likewise treated with curative first-line therapy.
CURATIVE_STAGE_IV: dict[str, tuple[str, ...]] = {
    "HNSC": ("IVA", "IVB"),
    "OVT": ("IV", "IVA", "IVB"),
}
HEMATOLOGIC = frozenset({"LYMPH"})


def lineage(code: str) -> tuple[str, ...]:
    """The code and its parents, so an entry for NSCLC applies to LUAD."""
    chain = [code.upper()]
    while chain[-1] in ONCOTREE_PARENT:
        chain.append(ONCOTREE_PARENT[chain[-1]])
    return tuple(chain)


def applies_to(cancer_types: tuple[str, ...], code: str) -> bool:
    return any(c in cancer_types for c in lineage(code))


# ---------------------------------------------------------------- biomarker reading


def _aliases(name: str) -> tuple[str, ...]:
    upper = name.upper()
    return MARKER_ALIASES.get(upper, (upper,))


def markers_named(facts: DiagnosisFacts, name: str) -> list[Biomarker]:
    names = _aliases(name)
    return [b for b in facts.biomarkers if b.name.upper() in names]


def _text(biomarker: Biomarker) -> str:
    return f"{biomarker.alteration} {biomarker.value}".strip().lower()


# Mismatch-repair proteins are read the other way round: immunohistochemistry that is
# "negative" (no nuclear staining, lost, absent) means the protein is missing — the
# tumor is MMR-deficient (dMMR, the counterpart of MSI-H); "retained", "intact" or
# "positive" staining means MMR-proficient.
MMR_PROTEINS = ("MLH1", "MSH2", "MSH6", "PMS2")
_MMR_NO_LOSS = re.compile(r"\b(?:no|without)\s+loss\b|\bnot\s+lost\b")
_MMR_KEPT = re.compile(
    r"\bintact\b|\bretained\b|\bpreserved\b|\bproficient\b|\bpmmr\b|\bnormal\b"
    r"|\bpresent\b|(?<!not )\bexpressed\b|\bpositive\b|\bpos\b|\bwild[- ]?type\b"
)
_MMR_LOST = re.compile(
    r"\blost\b|\bloss\b|\babsent\b|\bdeficien|\bdmmr\b|\bnot\s+expressed\b|\bnegative\b"
    r"|\bneg\b|\bno\s+(?:nuclear\s+)?(?:staining|expression)\b|\bmutat|\bdeleted\b"
)
# Receptors whose result is a share of stained cells: under 1% is negative (ASCO/CAP:
# ER/PR 1–10% is "ER-low positive", still positive; PD-L1 expression <1% is negative).
_PERCENT_MARKERS = ("ER", "PR", "PD-L1")


def _mmr_protein_lost(biomarker: Biomarker) -> bool | None:
    """True: the protein is lost (dMMR); False: retained (pMMR); None: the report does not say."""
    for text in (biomarker.value, biomarker.alteration):
        lowered = text.lower()
        if _MMR_NO_LOSS.search(lowered):
            return False
        kept, lost = _MMR_KEPT.search(lowered), _MMR_LOST.search(lowered)
        if kept and lost:
            return None
        if kept or lost:
            return bool(lost)
    return True if biomarker.status.lower() == "negative" else None


def _is_mmr_protein(biomarker: Biomarker) -> bool:
    return biomarker.name.upper() in MMR_PROTEINS


def _percent_negative(biomarker: Biomarker) -> bool | None:
    """For ER, PR and PD-L1: below 1% is negative, 1% or more positive; None without a number."""
    names = {alias for name in _PERCENT_MARKERS for alias in MARKER_ALIASES[name]}
    if biomarker.name.upper() not in names:
        return None
    reading = _reading(_text(biomarker))
    if reading is None:
        return None
    at_least_one = _compare(reading, ">=", 1.0)
    return None if at_least_one is None else not at_least_one


def er_low(facts: DiagnosisFacts) -> bool:
    """ER stained in 1–10% of cells ("ER-low positive", ASCO/CAP 2020) and no stronger ER
    report: positive, but its endocrine benefit is uncertain and it often behaves like TNBC."""
    readings = [_reading(_text(b)) for b in markers_named(facts, "ER")]
    readings = [r for r in readings if r is not None]
    return bool(readings) and all(
        _compare(r, ">=", 1.0) is True and _compare(r, "<=", 10.0) is True for r in readings
    )


def is_negative(biomarker: Biomarker) -> bool:
    if _is_mmr_protein(biomarker):
        return _mmr_protein_lost(biomarker) is False
    percent = _percent_negative(biomarker)
    if percent is not None:
        return percent
    if biomarker.status.lower() == "negative":
        return True
    text = _text(biomarker)
    # HER2-low (and ultralow) is HER2-negative for every HER2-positive treatment; a low
    # tumor mutational burden is below the TMB-high threshold.
    low_means_negative = MARKER_ALIASES["HER2"] + MARKER_ALIASES["TMB"]
    if biomarker.name.upper() in low_means_negative and re.search(r"\blow\b|ultra-?low", text):
        return True
    return any(word in text for word in _NEGATIVE_WORDS) or bool(
        re.search(r"\bpmmr\b|\bmss\b|\bmsi-?l\b|\b[01]\+", text)
    )


def is_unsettled(biomarker: Biomarker) -> bool:
    """Unknown or equivocal — including HER2 IHC 2+ without an ISH result."""
    if biomarker.status.lower() in ("unknown", "equivocal"):
        return True
    if _is_mmr_protein(biomarker):
        return _mmr_protein_lost(biomarker) is None
    text = _text(biomarker)
    her2 = biomarker.name.upper() in MARKER_ALIASES["HER2"]
    ish = re.search(r"amplif|\b(?:f|s|c|d)?ish\b", text)
    return her2 and bool(re.search(r"\b2\+", text)) and not ish


def is_positive(biomarker: Biomarker) -> bool:
    return not (is_unsettled(biomarker) or is_negative(biomarker))


def marker_state(facts: DiagnosisFacts, name: str) -> bool | None:
    """True/False when the reports settle it; None when absent, equivocal or conflicting."""
    found = [b for b in markers_named(facts, name) if not is_unsettled(b)]
    if name.upper() == "HER2":
        found = [b for b in found if not _is_point_mutation(b)]
    states = {True if is_positive(b) else False if is_negative(b) else None for b in found}
    proteins = [b for b in found if _is_mmr_protein(b)]
    if proteins:
        # One lost mismatch-repair protein makes the tumor deficient; the partners
        # retained alongside it (MSH2/MSH6 with MLH1/PMS2 loss) do not contradict it.
        others = [b for b in found if not _is_mmr_protein(b)]
        states.clear()
        states.update(is_positive(b) for b in others)
        states.add(any(is_positive(b) for b in proteins))
    if len(states) != 1:
        return None
    return states.pop()


def conflicting_markers(facts: DiagnosisFacts) -> list[str]:
    """Markers reported both positive and negative for the same alteration."""
    seen: dict[tuple[str, str], set[bool]] = {}
    for b in facts.biomarkers:
        if b.status.lower() in ("unknown", "equivocal"):
            continue
        key = (b.name.upper(), _norm_alteration(b.alteration) if is_positive(b) else "")
        seen.setdefault(key, set()).add(is_positive(b))
    names = {name for (name, _), states in seen.items() if len(states) > 1}
    for name in {b.name.upper() for b in facts.biomarkers}:
        states = {is_positive(b) for b in facts.biomarkers if b.name.upper() == name}
        positives = [b for b in facts.biomarkers if b.name.upper() == name and is_positive(b)]
        if len(states) > 1 and not any(b.alteration for b in positives):
            names.add(name)
    return sorted(names)


def _is_point_mutation(biomarker: Biomarker) -> bool:
    return bool(re.search(r"\b[a-z]\d+[a-z*]|\bexon\b|\bmutation\b|\bins\b", _text(biomarker)))


def _norm_alteration(text: str) -> str:
    return re.sub(r"^p\.", "", text.strip().lower()).replace(" ", "")


# A measured value as an interval, so a comparator in the report is kept: "<1%" is
# [-inf, 1), "≥50%" is [50, inf), "1-49%" is [1, 49], "60%" is [60, 60].
_CLONE = re.compile(r"\b(?:22c3|28-8|sp263|sp142|73-10|e1l3n|pd-?l1|cd274)\b", re.I)
_MEASURE = re.compile(
    r"(?P<op><=|>=|≤|≥|=<|=>|<|>|less\s+than|under|below|greater\s+than|more\s+than|over"
    r"|above|at\s+least|up\s+to)?\s*(?<![\d.])(?P<low>\d+(?:\.\d+)?)\s*%?"
    r"(?:\s*(?:-|–|to)\s*(?P<high>\d+(?:\.\d+)?)\s*%?)?",
    re.I,
)
_OP_WORDS = {
    "≤": "<=",
    "=<": "<=",
    "up to": "<=",
    "≥": ">=",
    "=>": ">=",
    "at least": ">=",
    "less than": "<",
    "under": "<",
    "below": "<",
    "greater than": ">",
    "more than": ">",
    "over": ">",
    "above": ">",
}

Reading = tuple[float, float, bool, bool]  # low, high, low included, high included


def _reading(text: str) -> Reading | None:
    match = _MEASURE.search(_CLONE.sub(" ", text))
    if match is None:
        return None
    low = float(match.group("low"))
    if match.group("high"):
        return (low, float(match.group("high")), True, True)
    op = " ".join((match.group("op") or "").lower().split())
    op = _OP_WORDS.get(op, op)
    inf = float("inf")
    return {
        "<": (-inf, low, False, False),
        "<=": (-inf, low, False, True),
        ">": (low, inf, False, False),
        ">=": (low, inf, True, False),
    }.get(op, (low, low, True, True))


def _compare(reading: Reading, op: str, limit: float) -> bool | None:
    """Whether every value the reading allows meets `op limit` (True), none does (False),
    or some do and some do not (None: "<50%" says nothing about TPS ≥ 1)."""
    low, high, low_in, high_in = reading
    if op in (">=", ">"):
        all_meet = low > limit or (low == limit and (low_in if op == ">=" else False))
        none_meet = high < limit or (high == limit and (not high_in if op == ">=" else True))
    else:
        all_meet = high < limit or (high == limit and (high_in if op == "<=" else False))
        none_meet = low > limit or (low == limit and (not low_in if op == "<=" else True))
    if all_meet:
        return True
    if none_meet:
        return False
    return None


_THRESHOLD = re.compile(r"^(TMB|TPS|CPS|PD-L1)\s*(>=|>|<=|<)\s*(\d+(?:\.\d+)?)%?$", re.I)
_PROTEIN = re.compile(r"^[A-Z]\d+[A-Z*]?$")
_KEYWORDS = (
    "any",
    "mutation",
    "fusion",
    "amplification",
    "overexpression",
    "msi-h",
    "deficient",
    "exon 19 deletion",
    "exon 20 insertion",
    "exon 14 skipping",
    "germline",
    "loss",
    "low",
)


def alteration_pattern_valid(pattern: str) -> bool:
    """Whether a curator's alteration pattern is one the matcher understands."""
    for part in (p.strip() for p in pattern.split("|")):
        if not (part.lower() in _KEYWORDS or _PROTEIN.match(part) or _THRESHOLD.match(part)):
            return False
    return bool(pattern.strip())


def _threshold_met(pattern: str, biomarker: Biomarker) -> bool | None:
    match = _THRESHOLD.match(pattern)
    assert match is not None
    kind, op, limit = match.group(1).upper(), match.group(2), float(match.group(3))
    text = _text(biomarker)
    reading = _reading(text)
    if reading is None:
        if is_negative(biomarker):
            return op in ("<", "<=")
        if kind == "TMB" and "high" in f"{text} {biomarker.status.lower()}":
            return op in (">=", ">")
        return None
    # A combined positive score is not a tumor proportion score: never compare across.
    if (kind == "CPS" and "cps" not in text) or (kind == "TPS" and "cps" in text):
        return None
    return _compare(reading, op, limit)


def alteration_matches(pattern: str, biomarker: Biomarker) -> bool | None:
    """Whether this report of a marker carries the alteration; None when it cannot tell."""
    results = [_one_pattern(p.strip(), biomarker) for p in pattern.split("|")]
    if any(r is True for r in results):
        return True
    if any(r is None for r in results):
        return None
    return False


def her2_low(biomarker: Biomarker) -> bool | None:
    """HER2-low: IHC 1+, or IHC 2+ with a negative ISH (DESTINY-Breast04's definition)."""
    text = _text(biomarker)
    if re.search(r"\b3\+|(?<!not )(?<!non-)amplified\b|\bpositive\b", text) and not is_negative(
        biomarker
    ):
        return False
    if re.search(r"\b1\+|her2[- ]?low|\blow\b", text):
        return True
    if re.search(r"\b2\+", text):
        return True if is_negative(biomarker) else None
    if re.search(r"\b0\b|\b0\+|ultralow|null", text) or is_negative(biomarker):
        return False
    return None


def _one_pattern(pattern: str, biomarker: Biomarker) -> bool | None:
    if _THRESHOLD.match(pattern):
        return _threshold_met(pattern, biomarker)
    if pattern.lower() == "low":
        return her2_low(biomarker)
    if not is_positive(biomarker):
        return False if is_negative(biomarker) else None
    text = _text(biomarker)
    alteration = _norm_alteration(biomarker.alteration)
    key = pattern.lower()
    if key == "any":
        return True
    if key == "mutation":
        return not re.search(r"amplif|fusion|rearrang|overexpress|\b[23]\+", text)
    bare = text in ("", "positive", "pos", "detected", "present")
    if key == "fusion":
        return bare or bool(
            re.search(r"fusion|rearrang|translocation|::|[a-z0-9]+-[a-z0-9]+$", text)
        )
    if key in ("amplification", "overexpression"):
        return bare or bool(re.search(r"amplif|overexpress|\b3\+|\bamp\b", text))
    if key in ("msi-h", "deficient"):
        return True
    if key == "loss":
        return bare or bool(re.search(r"loss|deletion|deficien|absent", text))
    if key == "germline":
        return "germline" in text or "gbrca" in text or biomarker.name.upper() == "GBRCA"
    if key == "exon 19 deletion":
        return bool(re.search(r"exon\s*19|ex19|e746|del19|19del", text))
    if key == "exon 20 insertion":
        return bool(re.search(r"exon\s*20\s*ins|ex20ins|20ins|insertion", text))
    if key == "exon 14 skipping":
        return bool(re.search(r"exon\s*14|ex14", text))
    wanted = _norm_alteration(pattern)
    if not alteration:
        return None
    if wanted == alteration:
        return True
    # "V600" matches V600E and V600K; "G12C" matches only G12C.
    return bool(re.fullmatch(r"[a-z]\d+", wanted) and re.match(rf"{wanted}[a-z*]", alteration))


# ---------------------------------------------------------------- conditions

_STAGE = re.compile(r"^(0|IV|I{1,3})([A-D]\d?|IS)?$")
_CONDITION = re.compile(
    r"^(?P<word>HR\+|HR-|TNBC|driver_negative|resectable|unresectable)$"
    r"|^(?P<site_key>site|no_site):(?P<site>[a-z_]+)$"
    r"|^(?P<marker>[A-Z0-9-]+)(?P<sign>[+-])$"
    r"|^(?P<key>histology|sex|prior|no_prior|germline):(?P<value>[a-z0-9_ -]+)$"
    r"|^(?P<num>age|ecog)(?P<op>>=|<=|<|>)(?P<limit>\d+)$"
)

DRIVERS = ("EGFR", "ALK", "ROS1", "BRAF", "RET", "MET", "NTRK", "ERBB2", "KRAS")
_DRIVER_PATTERNS = {
    "EGFR": "L858R|exon 19 deletion|exon 20 insertion|G719X|L861Q|S768I|mutation",
    "ALK": "fusion",
    "ROS1": "fusion",
    "BRAF": "V600",
    "RET": "fusion",
    "MET": "exon 14 skipping",
    "NTRK": "fusion",
    "ERBB2": "mutation",
    "KRAS": "G12C",
}


def condition_valid(condition: str) -> bool:
    return bool(_CONDITION.match(condition.strip()))


def stage_base(stage: str) -> str:
    """'IIIA' → 'III'; 'limited'/'extensive' stay as words; '' when unreadable."""
    value = stage.strip().upper().removeprefix("STAGE").strip()
    if value.lower() in ("limited", "extensive", "localized", "advanced"):
        return value.lower()
    match = _STAGE.match(value)
    return match.group(1) if match else ""


def stage_matches(stage_groups: tuple[str, ...], stage: str) -> bool | None:
    if not stage_groups:
        return True
    if not stage:
        return None
    value = stage.strip().upper().removeprefix("STAGE").strip()
    base = stage_base(stage)
    for group in stage_groups:
        wanted = group.upper()
        if wanted == value or wanted.lower() == base or (wanted == base and wanted):
            return True
    return False


def driver_state(facts: DiagnosisFacts) -> tuple[list[str], list[str]]:
    """(drivers found, drivers not tested) for advanced non-small-cell lung cancer."""
    found, untested = [], []
    for gene in DRIVERS:
        reports = markers_named(facts, gene)
        if gene == "ERBB2":
            reports = [b for b in reports if _is_point_mutation(b)]
        if not reports:
            untested.append(gene)
            continue
        if any(alteration_matches(_DRIVER_PATTERNS[gene], b) for b in reports):
            found.append(gene)
    return found, untested


# Sites of metastasis that count as visceral (radium-223 is for bone-only disease).
VISCERAL_SITES = frozenset(
    {"visceral", "liver", "lung", "adrenal", "brain", "peritoneum", "pleura", "kidney", "spleen"}
)


def _site_present(site: str, sites: tuple[str, ...]) -> bool:
    named = {s.strip().lower().replace(" ", "_") for s in sites}
    if site == "visceral":
        return bool(named & VISCERAL_SITES) or any("visceral" in s for s in named)
    return any(site in s for s in named)


def condition_holds(
    condition: str,
    facts: DiagnosisFacts,
    *,
    resectable: bool | None = None,
    sites: tuple[str, ...] | None = None,
) -> bool | None:
    """True/False from the facts, or None when the facts do not say.

    `resectable` is the surgeon's judgement (or what the setting's words imply); the
    "resectable" and "unresectable" conditions read it. `sites` are the sites of
    metastasis when the reader gave them ("site:bone", "no_site:visceral").
    """
    match = _CONDITION.match(condition.strip())
    if match is None:
        return False
    if match.group("site_key"):
        if sites is None:
            return None
        present = _site_present(match.group("site"), sites)
        return present if match.group("site_key") == "site" else not present
    word = match.group("word")
    if word in ("resectable", "unresectable"):
        if resectable is None:
            return None
        return resectable if word == "resectable" else not resectable
    if word:
        return _word_condition(word, facts)
    if match.group("marker"):
        state = marker_state(facts, match.group("marker"))
        if state is None:
            return None
        return state if match.group("sign") == "+" else not state
    if match.group("num"):
        value = facts.age if match.group("num") == "age" else facts.ecog
        if value is None:
            return None
        limit, op = int(match.group("limit")), match.group("op")
        return {">=": value >= limit, "<=": value <= limit, "<": value < limit, ">": value > limit}[
            op
        ]
    key, wanted = match.group("key"), match.group("value").strip()
    if key == "histology":
        return _histology(facts, wanted)
    if key == "sex":
        return None if not facts.sex else facts.sex == wanted
    if key == "germline":
        reports = markers_named(facts, wanted)
        if not reports:
            return None
        return any(_one_pattern("germline", b) and is_positive(b) for b in reports) or None
    received = _received(facts, wanted)
    return received if key == "prior" else not received


def _received(facts: DiagnosisFacts, wanted: str) -> bool:
    words = wanted.replace("_", " ")
    return any(words in prior.lower() for prior in facts.prior_therapies)


def _histology(facts: DiagnosisFacts, wanted: str) -> bool | None:
    text = f"{facts.histology} {facts.cancer_type_code}".lower()
    squamous = "squamous" in text or facts.cancer_type_code.upper() == "LUSC"
    if wanted == "squamous":
        return True if squamous else (None if not facts.histology and _bare(facts) else False)
    if wanted == "nonsquamous":
        if squamous:
            return False
        return None if not facts.histology and _bare(facts) else True
    return wanted in text if facts.histology else None


def _bare(facts: DiagnosisFacts) -> bool:
    return facts.cancer_type_code.upper() == "NSCLC"


def _word_condition(word: str, facts: DiagnosisFacts) -> bool | None:
    if word in ("HR+", "HR-"):
        er, pr = marker_state(facts, "ER"), marker_state(facts, "PR")
        # ER or PR positive makes the tumor HR+; ER negative (PR unknown) is read as HR-.
        positive: bool | None = True if (er or pr) else (False if er is False else None)
        if positive is None:
            return None
        return positive if word == "HR+" else not positive
    if word == "TNBC":
        hr_negative = _word_condition("HR-", facts)
        her2 = marker_state(facts, "HER2")
        if hr_negative is False or her2 is True:
            return False
        if hr_negative is None or her2 is None:
            return None
        return True
    found, untested = driver_state(facts)
    if found:
        return False
    core_untested = [g for g in untested if g in ("EGFR", "ALK")]
    return None if core_untested else True

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

# OncoTree children a second-opinion program sees, to the parent an entry may name.
ONCOTREE_PARENT: dict[str, str] = {
    "IDC": "BRCA",
    "BRCANOS": "BRCA",
    "ILC": "BRCA",
    "COAD": "COADREAD",
    "READ": "COADREAD",
    "LUAD": "NSCLC",
    "LUSC": "NSCLC",
    "UEC": "UCEC",
    "USC": "UCEC",
    "HGSOC": "OVT",
    "SKCM": "MEL",
    "PRCC": "RCC",
    "CCRCC": "RCC",
    "DLBCLNOS": "LYMPH",
    "HL": "LYMPH",
}

# The same marker is written many ways in reports; entries use the first name.
MARKER_ALIASES: dict[str, tuple[str, ...]] = {
    "HER2": ("HER2", "ERBB2", "HER-2", "HER2/NEU"),
    "ER": ("ER", "ESR1", "ESTROGEN RECEPTOR"),
    "PR": ("PR", "PGR", "PROGESTERONE RECEPTOR"),
    "MSI": ("MSI", "MMR", "DMMR", "MSI-H", "MLH1", "MSH2", "MSH6", "PMS2"),
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
    """A biomarker → therapy statement: sensitivity proposes, resistance warns."""

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


def is_negative(biomarker: Biomarker) -> bool:
    if biomarker.status.lower() == "negative":
        return True
    text = _text(biomarker)
    return any(word in text for word in _NEGATIVE_WORDS) or bool(
        re.search(r"\bpmmr\b|\bmss\b|\bmsi-?l\b|\b[01]\+", text)
    )


def is_unsettled(biomarker: Biomarker) -> bool:
    """Unknown or equivocal — including HER2 IHC 2+ without an ISH result."""
    if biomarker.status.lower() in ("unknown", "equivocal"):
        return True
    text = _text(biomarker)
    her2 = biomarker.name.upper() in MARKER_ALIASES["HER2"]
    return her2 and bool(re.search(r"\b2\+", text)) and "amplif" not in text


def is_positive(biomarker: Biomarker) -> bool:
    return not (is_unsettled(biomarker) or is_negative(biomarker))


def marker_state(facts: DiagnosisFacts, name: str) -> bool | None:
    """True/False when the reports settle it; None when absent, equivocal or conflicting."""
    found = [b for b in markers_named(facts, name) if not is_unsettled(b)]
    if name.upper() == "HER2":
        found = [b for b in found if not _is_point_mutation(b)]
    states = {True if is_positive(b) else False if is_negative(b) else None for b in found}
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


def _number(text: str) -> float | None:
    match = re.search(r"(\d+(?:\.\d+)?)", text)
    return float(match.group(1)) if match else None


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
    number = _number(text)
    if number is None:
        if is_negative(biomarker):
            return op in ("<", "<=")
        if kind == "TMB" and "high" in f"{text} {biomarker.status.lower()}":
            return op in (">=", ">")
        return None
    # A combined positive score is not a tumor proportion score: never compare across.
    if (kind == "CPS" and "cps" not in text) or (kind == "TPS" and "cps" in text):
        return None
    compare = {">=": number >= limit, ">": number > limit, "<=": number <= limit}
    return compare.get(op, number < limit)


def alteration_matches(pattern: str, biomarker: Biomarker) -> bool | None:
    """Whether this report of a marker carries the alteration; None when it cannot tell."""
    results = [_one_pattern(p.strip(), biomarker) for p in pattern.split("|")]
    if any(r is True for r in results):
        return True
    if any(r is None for r in results):
        return None
    return False


def _one_pattern(pattern: str, biomarker: Biomarker) -> bool | None:
    if _THRESHOLD.match(pattern):
        return _threshold_met(pattern, biomarker)
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
    r"^(?P<word>HR\+|HR-|TNBC|driver_negative)$"
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


def condition_holds(condition: str, facts: DiagnosisFacts) -> bool | None:
    """True/False from the facts, or None when the facts do not say."""
    match = _CONDITION.match(condition.strip())
    if match is None:
        return False
    if match.group("word"):
        return _word_condition(match.group("word"), facts)
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

"""Eligibility text split into criteria, each parsed into checks where we can (pure).

ClinicalTrials.gov keeps eligibility as one free-text block ("Inclusion Criteria: 1. …
Exclusion Criteria: * …"). A navigator needs one row per criterion with a verdict, so
the block is split into numbered or bulleted items under their heading, and each item
is read for the few things a structured case can answer: cancer type, stage, biomarker
present or absent, prior therapy, ECOG, age, lab thresholds, brain metastases,
pregnancy. The original words are always kept; a criterion we cannot read is shown as
"unknown", never guessed.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from secondlook.trials.vocabulary import (
    BIOMARKER_PATTERN,
    THERAPY_CLASSES,
    cancer_families_in,
    canonical_biomarker,
)

INCLUSION = "inclusion"
EXCLUSION = "exclusion"

_HEADING = re.compile(
    r"^\s*(?:key\s+)?(inclusion|exclusion)\s+criteria\b[^:\n]*:?\s*$|^\s*(?:key\s+)?(inclusion|exclusion)\s+criteria\s*:",
    re.IGNORECASE,
)
_ITEM = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.)]|[a-z][.)]|\(\w{1,3}\))\s+")


@dataclass(frozen=True)
class Check:
    """One machine-readable condition inside a criterion.

    kind: cancer_type | stage | biomarker | prior_therapy | ecog | age | lab |
    brain_metastases | pregnancy.
    name: the biomarker, therapy class, lab or cancer family the check is about.
    present: True when the criterion asks for it to be there, False when absent.
    op/value: a numeric threshold ("<=", 1 for ECOG 0-1; ">=", 18 for age).
    values: the stage groups or families accepted.
    """

    kind: str
    name: str = ""
    present: bool = True
    op: str = ""
    value: float | None = None
    values: tuple[str, ...] = ()

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["values"] = list(self.values)
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Check:
        return cls(
            kind=str(data.get("kind", "")),
            name=str(data.get("name", "")),
            present=bool(data.get("present", True)),
            op=str(data.get("op", "")),
            value=float(data["value"]) if data.get("value") is not None else None,  # type: ignore[arg-type]
            values=tuple(str(v) for v in data.get("values") or ()),  # type: ignore[union-attr]
        )


@dataclass(frozen=True)
class ParsedCriterion:
    kind: str  # inclusion | exclusion
    order: int
    text: str
    checks: tuple[Check, ...] = ()


def split_criteria(text: str) -> list[tuple[str, str]]:
    """(kind, text) for each criterion, in the order written.

    Lines before any heading count as inclusion (many local protocols list only what a
    patient needs). Continuation lines are joined to the item above them.
    """
    items: list[tuple[str, str]] = []
    kind = INCLUSION
    current: list[str] = []

    def flush() -> None:
        joined = " ".join(part.strip() for part in current if part.strip())
        if joined and not _is_filler(joined):
            items.append((kind, joined))
        current.clear()

    for raw in text.replace("\r\n", "\n").split("\n"):
        heading = _HEADING.match(raw)
        if heading:
            flush()
            kind = (heading.group(1) or heading.group(2)).lower()
            rest = raw[heading.end() :].strip()
            if rest:
                current.append(rest)
            continue
        if not raw.strip():
            flush()
            continue
        if _ITEM.match(raw):
            flush()
            current.append(_ITEM.sub("", raw, count=1))
        else:
            current.append(raw)
    flush()
    return items


def _is_filler(text: str) -> bool:
    lowered = text.lower().rstrip(":")
    return lowered in {"none", "n/a", "-"} or (len(lowered) < 3)


_NEGATIVE_WORDS = re.compile(
    r"\b(negative|absence|absent|wild[- ]type|without|no|not|non)\b", re.IGNORECASE
)
_STAGE = re.compile(
    r"\bstage\s+(0|I{1,3}V?|IV|[1-4])([ABC]?)(?:\s*(?:-|to|or|/)\s*(I{1,3}V?|IV|[1-4])([ABC]?))?",
    re.IGNORECASE,
)
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
_ECOG_RANGE = re.compile(
    r"\b(?:ecog|performance status|ps)\b[^.;\d]{0,40}?(\d)\s*(?:-|–|to|or)\s*(\d)", re.IGNORECASE
)
_ECOG_MAX = re.compile(
    r"\b(?:ecog|performance status)\b[^.;\d]{0,40}?(?:≤|<=|less than or equal to|of)\s*(\d)",
    re.IGNORECASE,
)
_AGE = re.compile(
    r"\bage[ds]?\b[^.;\d]{0,25}?"
    r"(≥|>=|>|at least|over|older than|≤|<=|<|under|younger than)?\s*(\d{1,3})\s*"
    r"(?:years|yrs|y)?(?:\s*(?:-|–|to)\s*(\d{1,3}))?",
    re.IGNORECASE,
)
_AGE_SPAN = re.compile(r"\b(\d{1,3})\s*(?:-|–|to)\s*(\d{1,3})\s*years", re.IGNORECASE)
_AGE_BOUND = re.compile(
    r"(≥|>=|>|≤|<=|<|at least|older than|younger than)\s*(\d{1,3})\s*years", re.IGNORECASE
)
_AGE_OR_OLDER = re.compile(
    r"\b(\d{1,3})\s*years(?: of age)?\s*(?:or|and)\s*(?:older|over|above)", re.IGNORECASE
)
_LAB = re.compile(
    r"\b(hemoglobin|haemoglobin|platelets?|anc|absolute neutrophil count|creatinine clearance"
    r"|creatinine|bilirubin|ast|alt|albumin|egfr \(?glomerular|lvef|ejection fraction)\b"
    r"[^.;\d]{0,30}?(≥|>=|>|≤|<=|<)\s*(\d+(?:\.\d+)?)",
    re.IGNORECASE,
)
_BRAIN = re.compile(
    r"\b(brain|cns|central nervous system|leptomeningeal)\s+"
    r"(metasta\w*|disease|involvement|lesions?)",
    re.IGNORECASE,
)
_PREGNANT = re.compile(r"\b(pregnan\w*|breast[- ]?feeding|lactating|nursing)\b", re.IGNORECASE)
_PRIOR = re.compile(
    r"\b(prior|previous|previously|received|progress\w* (?:on|after)|treated with"
    r"|refractory to|failed)\b",
    re.IGNORECASE,
)


def _op(word: str | None) -> str:
    if not word:
        return ""
    word = word.lower()
    if word in ("≥", ">=", "at least", "over", "older than", ">"):
        return ">="
    return "<="


def _stage_values(match: re.Match[str]) -> tuple[str, ...]:
    first = _ROMAN.get(match.group(1), match.group(1).upper())
    last = _ROMAN.get(match.group(3), match.group(3).upper()) if match.group(3) else first
    order = ["0", "I", "II", "III", "IV"]
    if first in order and last in order and order.index(last) >= order.index(first):
        return tuple(order[order.index(first) : order.index(last) + 1])
    return (first,)


def _age_checks(text: str) -> list[Check]:
    span = _AGE_SPAN.search(text)
    if span:
        return [
            Check(kind="age", op=">=", value=float(span.group(1))),
            Check(kind="age", op="<=", value=float(span.group(2))),
        ]
    age = _AGE.search(text)
    if age and age.group(3):
        return [
            Check(kind="age", op=">=", value=float(age.group(2))),
            Check(kind="age", op="<=", value=float(age.group(3))),
        ]
    if age and age.group(1):
        return [Check(kind="age", op=_op(age.group(1)), value=float(age.group(2)))]
    older = _AGE_OR_OLDER.search(text)
    if older:
        return [Check(kind="age", op=">=", value=float(older.group(1)))]
    bound = _AGE_BOUND.search(text)
    if bound:
        return [Check(kind="age", op=_op(bound.group(1)), value=float(bound.group(2)))]
    return []


def parse_checks(text: str) -> tuple[Check, ...]:
    """The structured checks one criterion states; () when it states none we can read."""
    checks: list[Check] = []
    lowered = text.lower()
    families = cancer_families_in(text)
    if families and re.search(
        r"\b(diagnos\w*|histolog\w*|confirmed|cancer|carcinoma|tumou?r)\b", lowered
    ):
        checks.append(Check(kind="cancer_type", values=tuple(sorted(families))))
    stage = _STAGE.search(text)
    if stage:
        checks.append(Check(kind="stage", values=_stage_values(stage)))
    for match in BIOMARKER_PATTERN.finditer(text):
        name = canonical_biomarker(match.group(1))
        if name in ("ER", "PR", "AR", "MET", "ALL") and not match.group(1).isupper():
            continue
        window = text[max(0, match.start() - 25) : match.end() + 40]
        present = not _NEGATIVE_WORDS.search(window)
        if not any(c.kind == "biomarker" and c.name == name for c in checks):
            checks.append(Check(kind="biomarker", name=name, present=present))
    if _PRIOR.search(text):
        for therapy_class, words in THERAPY_CLASSES.items():
            if any(re.search(rf"\b{re.escape(w)}\b", lowered) for w in words):
                absent = bool(re.search(r"\b(no|without|not have|naive|naïve)\b", lowered))
                checks.append(Check(kind="prior_therapy", name=therapy_class, present=not absent))
    ecog = _ECOG_RANGE.search(text)
    if ecog:
        checks.append(
            Check(kind="ecog", op="<=", value=float(max(int(ecog.group(1)), int(ecog.group(2)))))
        )
    else:
        ecog_max = _ECOG_MAX.search(text)
        if ecog_max:
            checks.append(Check(kind="ecog", op="<=", value=float(ecog_max.group(1))))
    checks.extend(_age_checks(text))
    for lab in _LAB.finditer(text):
        checks.append(
            Check(
                kind="lab",
                name=lab.group(1).lower(),
                op=_op(lab.group(2)),
                value=float(lab.group(3)),
            )
        )
    if _BRAIN.search(text):
        untreated_ok = bool(re.search(r"\b(stable|treated|asymptomatic)\b", lowered))
        checks.append(
            Check(
                kind="brain_metastases",
                present=True,
                values=("stable_allowed",) if untreated_ok else (),
            )
        )
    if _PREGNANT.search(text):
        checks.append(Check(kind="pregnancy", present=True))
    return tuple(checks)


def parse_eligibility(text: str) -> list[ParsedCriterion]:
    """Every criterion of an eligibility block with its checks, numbered from 1."""
    return [
        ParsedCriterion(kind=kind, order=order, text=item, checks=parse_checks(item))
        for order, (kind, item) in enumerate(split_criteria(text), start=1)
    ]

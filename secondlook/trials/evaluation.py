"""Each eligibility criterion judged against the case's facts, with the reason (pure).

A criterion is "met" when the patient satisfies it (for an exclusion: the exclusion
does not apply to them), "not met" when the facts contradict it (for an exclusion: the
patient has what it excludes), and "unknown" otherwise — with the fact and its source
as evidence, or what is missing. A trial with any exclusion not met is shown as
excluded, naming that criterion; nothing is decided on a guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from secondlook.oncology.facts import DiagnosisFacts
from secondlook.trials.criteria import EXCLUSION, Check, ParsedCriterion
from secondlook.trials.vocabulary import FAMILY_OF_CODE

MET = "met"
NOT_MET = "not_met"
UNKNOWN = "unknown"

ELIGIBLE = "possibly_eligible"
NOT_ELIGIBLE = "not_eligible"
EXCLUDED = "excluded"


@dataclass(frozen=True)
class CriterionResult:
    order: int
    kind: str
    text: str
    status: str
    evidence: str = ""
    reason: str = ""


@dataclass(frozen=True)
class _Answer:
    holds: bool | None  # does the condition the check describes hold for this patient?
    evidence: str = ""
    missing: str = ""


def _source(facts: DiagnosisFacts, name: str) -> str:
    source = facts.sources.get(name, "")
    return f" ({source})" if source else ""


def _compare(actual: float, op: str, value: float) -> bool:
    return actual <= value if op == "<=" else actual >= value


def _answer(check: Check, facts: DiagnosisFacts) -> _Answer:
    """Whether the condition a check names is true of the patient, and why."""
    if check.kind == "cancer_type":
        family = FAMILY_OF_CODE.get(facts.cancer_type_code.upper())
        if not family:
            return _Answer(None, missing="cancer type not recorded")
        label = facts.cancer_type_name or facts.cancer_type_code
        return _Answer(
            family in check.values, f"cancer type {label}{_source(facts, 'cancer_type_code')}"
        )
    if check.kind == "stage":
        if not facts.stage_group:
            return _Answer(None, missing="stage not recorded")
        group = facts.stage_group.upper().rstrip("ABC") or facts.stage_group.upper()
        return _Answer(
            group in check.values, f"stage {facts.stage_group}{_source(facts, 'stage_group')}"
        )
    if check.kind == "biomarker":
        marker = facts.biomarker(check.name)
        if marker is None or marker.status not in ("positive", "negative"):
            return _Answer(None, missing=f"{check.name} result not recorded")
        found = marker.status == "positive"
        detail = f"{marker.name} {marker.alteration or marker.status}".strip()
        source = f" ({marker.source})" if marker.source else ""
        return _Answer(found == check.present, f"{detail}{source}")
    if check.kind == "prior_therapy":
        if not facts.prior_therapies:
            return _Answer(None, missing="prior treatments not recorded")
        had = check.name in facts.prior_therapies
        listed = ", ".join(facts.prior_therapies)
        return _Answer(
            had == check.present, f"prior treatment: {listed}{_source(facts, 'prior_therapies')}"
        )
    if check.kind == "ecog":
        if facts.ecog is None or check.value is None:
            return _Answer(None, missing="ECOG performance status not recorded")
        return _Answer(
            _compare(facts.ecog, check.op, check.value),
            f"ECOG {facts.ecog}{_source(facts, 'ecog')}",
        )
    if check.kind == "age":
        if facts.age is None or check.value is None:
            return _Answer(None, missing="age not recorded")
        return _Answer(
            _compare(facts.age, check.op, check.value), f"age {facts.age}{_source(facts, 'age')}"
        )
    if check.kind == "brain_metastases":
        if facts.brain_metastases is None:
            return _Answer(None, missing="brain metastases not assessed in the record")
        word = "present" if facts.brain_metastases else "absent"
        return _Answer(
            facts.brain_metastases, f"brain metastases {word}{_source(facts, 'brain_metastases')}"
        )
    if check.kind == "pregnancy":
        if facts.sex == "male":
            return _Answer(False, f"sex male{_source(facts, 'sex')}")
        return _Answer(None, missing="pregnancy status not recorded")
    if check.kind == "lab":
        return _Answer(None, missing=f"{check.name} value not recorded")
    return _Answer(None, missing="criterion not understood")


def evaluate_criterion(criterion: ParsedCriterion, facts: DiagnosisFacts) -> CriterionResult:
    """One row of the criteria table.

    An inclusion holds when all its checks hold. An exclusion lists conditions joined by
    "or" in practice ("pregnant or breastfeeding"), so it applies when any check holds.
    """

    def row(status: str, evidence: str = "", reason: str = "") -> CriterionResult:
        return CriterionResult(
            criterion.order, criterion.kind, criterion.text, status, evidence, reason
        )

    if not criterion.checks:
        return row(UNKNOWN, reason="needs a clinician's reading")
    answers = [_answer(check, facts) for check in criterion.checks]
    evidence = "; ".join(dict.fromkeys(a.evidence for a in answers if a.evidence))
    missing = "; ".join(dict.fromkeys(a.missing for a in answers if a.missing))
    if criterion.kind == EXCLUSION:
        if any(a.holds is True for a in answers):
            return row(NOT_MET, evidence=evidence)
        if all(a.holds is False for a in answers):
            return row(MET, evidence=evidence)
        return row(UNKNOWN, evidence=evidence, reason=missing)
    if any(a.holds is False for a in answers):
        return row(NOT_MET, evidence=evidence)
    if all(a.holds is True for a in answers):
        return row(MET, evidence=evidence)
    return row(UNKNOWN, evidence=evidence, reason=missing)


def evaluate_trial(
    criteria: tuple[ParsedCriterion, ...], facts: DiagnosisFacts
) -> tuple[str, tuple[CriterionResult, ...]]:
    """The verdict (possibly eligible / not eligible / excluded) and every row behind it."""
    results = tuple(evaluate_criterion(criterion, facts) for criterion in criteria)
    if any(r.kind == EXCLUSION and r.status == NOT_MET for r in results):
        return EXCLUDED, results
    if any(r.kind != EXCLUSION and r.status == NOT_MET for r in results):
        return NOT_ELIGIBLE, results
    return ELIGIBLE, results

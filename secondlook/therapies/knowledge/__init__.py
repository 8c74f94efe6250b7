"""The curated starter set: JSON files the team writes from public facts (pure).

Each file holds `options` (standard of care), `assertions` (biomarker → therapy) and
`workup` (tests a case should have had). Keys are short so a curator can read a whole
entry on one line: `types` (OncoTree codes), `stages`, `settings`, `if` (conditions),
`drugs` (generic names, lower case), `level` (evidence level), `tags` (goal tags).
`load_knowledge` copies them into the database as one knowledge-base version; the
benchmark reads them straight from here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from secondlook.therapies.kb import (
    CATEGORIES,
    EFFECTS,
    EVIDENCE_LEVELS,
    MODALITIES,
    SETTINGS,
    BiomarkerAssertion,
    CareOption,
    KnowledgeBase,
    WorkupRule,
    alteration_pattern_valid,
    condition_valid,
)

HERE = Path(__file__).parent
CURATED_ON = "2026-11-27"


class KnowledgeError(ValueError):
    """A starter or imported entry the matcher could not use; the message says which."""


@dataclass(frozen=True)
class StarterSet:
    options: tuple[CareOption, ...]
    assertions: tuple[BiomarkerAssertion, ...]
    workup: tuple[WorkupRule, ...]


def _tuple(raw: dict[str, Any], key: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise KnowledgeError(f"{raw.get('key', '?')}: '{key}' must be a list of text")
    return tuple(value)


def check_common(
    *, key: str, settings: tuple[str, ...], conditions: tuple[str, ...], level: str = "guideline"
) -> None:
    """Refuse what the matcher would silently misread: unknown settings, conditions, levels."""
    for setting in settings:
        if setting not in SETTINGS:
            raise KnowledgeError(f"{key}: unknown setting '{setting}'")
    for condition in conditions:
        if not condition_valid(condition):
            raise KnowledgeError(f"{key}: condition '{condition}' is not understood")
    if level not in EVIDENCE_LEVELS:
        raise KnowledgeError(f"{key}: unknown evidence level '{level}'")


def option_from(raw: dict[str, Any]) -> CareOption:
    option = CareOption(
        key=raw["key"],
        cancer_types=_tuple(raw, "types"),
        label=raw["label"],
        modality=raw.get("modality", "systemic"),
        therapies=tuple(t.lower() for t in _tuple(raw, "drugs")),
        source=raw["source"],
        evidence_level=raw.get("level", "guideline"),
        stage_groups=_tuple(raw, "stages"),
        settings=_tuple(raw, "settings"),
        conditions=_tuple(raw, "if"),
        goal_tags=_tuple(raw, "tags"),
        curated_on=raw.get("curated_on", CURATED_ON),
    )
    check_common(
        key=option.key,
        settings=option.settings,
        conditions=option.conditions,
        level=option.evidence_level,
    )
    if option.modality not in MODALITIES:
        raise KnowledgeError(f"{option.key}: unknown modality '{option.modality}'")
    if not option.cancer_types:
        raise KnowledgeError(f"{option.key}: a standard-of-care entry needs a cancer type")
    return option


def assertion_from(raw: dict[str, Any]) -> BiomarkerAssertion:
    assertion = BiomarkerAssertion(
        key=raw["key"],
        gene=raw["gene"].upper(),
        alteration=raw["alteration"],
        therapies=tuple(t.lower() for t in _tuple(raw, "drugs")),
        effect=raw["effect"],
        evidence_level=raw["level"],
        citation=raw["citation"],
        cancer_types=_tuple(raw, "types"),
        category=raw.get("category", "targeted_therapy"),
        settings=_tuple(raw, "settings")
        if "settings" in raw
        else ("first_line_metastatic", "later_line"),
        conditions=_tuple(raw, "if"),
        label=raw.get("label", ""),
        curated_on=raw.get("curated_on", CURATED_ON),
        stage_groups=_tuple(raw, "stages"),
    )
    check_common(
        key=assertion.key,
        settings=assertion.settings,
        conditions=assertion.conditions,
        level=assertion.evidence_level,
    )
    if assertion.effect not in EFFECTS:
        raise KnowledgeError(f"{assertion.key}: effect must be sensitivity or resistance")
    if assertion.category not in CATEGORIES:
        raise KnowledgeError(f"{assertion.key}: unknown category '{assertion.category}'")
    if not alteration_pattern_valid(assertion.alteration):
        raise KnowledgeError(f"{assertion.key}: alteration '{assertion.alteration}' not understood")
    return assertion


def workup_from(raw: dict[str, Any]) -> WorkupRule:
    rule = WorkupRule(
        key=raw["key"],
        cancer_types=_tuple(raw, "types"),
        test=raw["test"],
        why=raw["why"],
        markers=_tuple(raw, "markers"),
        stage_groups=_tuple(raw, "stages"),
        settings=_tuple(raw, "settings"),
        conditions=_tuple(raw, "if"),
        source=raw.get("source", ""),
    )
    check_common(key=rule.key, settings=rule.settings, conditions=rule.conditions)
    return rule


def starter_set(folder: Path = HERE) -> StarterSet:
    options: list[CareOption] = []
    assertions: list[BiomarkerAssertion] = []
    workup: list[WorkupRule] = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        options += [option_from(raw) for raw in data.get("options", [])]
        assertions += [assertion_from(raw) for raw in data.get("assertions", [])]
        workup += [workup_from(raw) for raw in data.get("workup", [])]
    for kind in (options, assertions, workup):
        keys = [entry.key for entry in kind]
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        if duplicates:
            raise KnowledgeError(f"duplicate keys: {', '.join(duplicates)}")
    return StarterSet(tuple(options), tuple(assertions), tuple(workup))


def knowledge_base(
    *,
    version: int,
    options: tuple[CareOption, ...],
    assertions: tuple[BiomarkerAssertion, ...],
    workup: tuple[WorkupRule, ...],
) -> KnowledgeBase:
    covered = frozenset(c for option in options for c in option.cancer_types)
    return KnowledgeBase(
        version=version,
        options=options,
        assertions=assertions,
        workup=workup,
        covered_types=covered,
    )


def starter_knowledge_base() -> KnowledgeBase:
    """The starter set as version 0, for the benchmark and the command line without a DB."""
    starter = starter_set()
    return knowledge_base(
        version=0, options=starter.options, assertions=starter.assertions, workup=starter.workup
    )

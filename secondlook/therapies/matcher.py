"""Treatment options for one case from the knowledge base (pure, no Django import).

Input: the case's diagnosis facts, the treatment setting (or none: inferred from the
stage), the patient's goals, and the knowledge base as plain dataclasses. Output: the
options grouped standard of care / targeted therapy / immunotherapy / clinical trial,
each saying which facts it used, its evidence level and source; the therapies that
resistance markers or earlier treatment rule out; the tests the work-up still lacks;
and, whenever the facts are missing or contradict each other, an explicit "cannot
decide because …" — the matcher never answers with a silent empty list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from secondlook.oncology.facts import DiagnosisFacts
from secondlook.therapies.goals import annotate, sort_key
from secondlook.therapies.kb import (
    CURATIVE_STAGE_IV,
    EVIDENCE_LEVELS,
    GOALS,
    HEMATOLOGIC,
    SETTINGS,
    BiomarkerAssertion,
    CareOption,
    KnowledgeBase,
    WorkupRule,
    alteration_matches,
    applies_to,
    condition_holds,
    conflicting_markers,
    er_low,
    is_unsettled,
    lineage,
    markers_named,
    stage_base,
    stage_matches,
)

METASTATIC = ("first_line_metastatic", "later_line")
CURATIVE = ("neoadjuvant", "adjuvant", "definitive")
SETTING_WORDS: dict[str, str] = {
    "neoadjuvant": "neoadjuvant",
    "preoperative": "neoadjuvant",
    "perioperative": "neoadjuvant",
    "adjuvant": "adjuvant",
    "postoperative": "adjuvant",
    "definitive": "definitive",
    "localized": "definitive",
    "local": "definitive",
    "primary": "definitive",
    "curative": "definitive",
    "first_line_metastatic": "first_line_metastatic",
    "first_line": "first_line_metastatic",
    "metastatic": "first_line_metastatic",
    "advanced": "first_line_metastatic",
    "1l": "first_line_metastatic",
    "later_line": "later_line",
    "later_lines": "later_line",
    "second_line": "later_line",
    "2l": "later_line",
    "refractory": "later_line",
    "relapsed": "later_line",
    "recurrent": "later_line",
    "subsequent": "later_line",
    "salvage": "later_line",
    "progressive": "later_line",
    "progression": "later_line",
    "pre_operative": "neoadjuvant",
    "peri_operative": "neoadjuvant",
    "induction": "neoadjuvant",
    "post_operative": "adjuvant",
    "consolidation": "definitive",
    "curative_intent": "definitive",
    "radical": "definitive",
    "unresectable": "definitive",
    "borderline_resectable": "neoadjuvant",
    "locally_advanced_unresectable": "definitive",
    "unresectable_locally_advanced": "definitive",
    "stage_iv": "first_line_metastatic",
    "palliative": "first_line_metastatic",
    "maintenance": "first_line_metastatic",
    "first_line_maintenance": "first_line_metastatic",
    "switch_maintenance": "first_line_metastatic",
}
# Maintenance follows a first treatment by definition, so it never contradicts a stage.
MAINTENANCE = frozenset({"maintenance", "first_line_maintenance", "switch_maintenance"})
# Non-metastatic disease whose curative treatment is not named: every curative setting.
LOCOREGIONAL = frozenset({"locally_advanced", "locoregional", "locally_advanced_resectable"})
UNRESECTABLE = frozenset({"unresectable", "locally_advanced_unresectable"})
_LINE = re.compile(
    r"^(?:metastatic_)?(?:(?P<first>first|1st|1|front)|second|2nd|2|third|3rd|3|fourth|4th|4"
    r"|fifth|5th|5|later|subsequent|salvage)_?(?:line|l)s?"
    r"(?:_?(?:or_later|or_beyond|and_beyond|plus|\+))?(?:_metastatic|_therapy)?$"
)
_SUFFIXES = ("_setting", "_therapy", "_treatment", "_disease", "_intent", "_stage")
_LOCAL_TREATMENTS = ("surgery", "ectomy", "radiation", "radiotherapy", "resection", "sbrt")


@dataclass(frozen=True)
class Option:
    category: str
    label: str
    therapies: tuple[str, ...]
    evidence_level: str
    why: str
    source: str
    modality: str = "systemic"
    goal_notes: tuple[str, ...] = ()
    entry_key: str = ""
    tags: tuple[str, ...] = ()  # the entry's goal tags (fertility_sparing, gonadotoxic…)


@dataclass(frozen=True)
class NotIndicated:
    therapies: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class MissingTest:
    test: str
    why: str


@dataclass(frozen=True)
class TherapyPlan:
    options: tuple[Option, ...]
    not_indicated: tuple[NotIndicated, ...]
    missing_tests: tuple[MissingTest, ...]
    cannot_decide: tuple[str, ...]
    setting: str
    knowledge_version: int


@dataclass
class _Work:
    facts: DiagnosisFacts
    setting: str | None
    goals: tuple[str, ...]
    kb: KnowledgeBase
    resectable: bool | None = None
    sites: tuple[str, ...] | None = None
    locoregional: bool = False
    options: list[Option] = field(default_factory=list)
    not_indicated: list[NotIndicated] = field(default_factory=list)
    cannot: list[str] = field(default_factory=list)
    resistant: dict[str, tuple[str, str]] = field(default_factory=dict)

    def cannot_decide(self, reason: str) -> None:
        if reason not in self.cannot:
            self.cannot.append(reason)


def setting_key(raw: str) -> str:
    """A clinician's spelling of a setting as one key: "2nd-line therapy" → "2nd_line"."""
    key = re.sub(r"[\s\-/,;]+", "_", raw.strip().lower()).strip("_")
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and key != suffix.strip("_"):
            key = key.removesuffix(suffix)
    return key


def normalize_setting(raw: str) -> str | None:
    """The canonical setting, '' when none was given or it is only "locally advanced"
    (the stage decides), None when it is not understood."""
    key = setting_key(raw)
    if not key or key in LOCOREGIONAL:
        return ""
    if key in SETTING_WORDS:
        return SETTING_WORDS[key]
    line = _LINE.match(key)
    if line:
        return "first_line_metastatic" if line.group("first") else "later_line"
    return None


def normalize_goal(raw: str) -> str | None:
    key = raw.strip().lower().replace("-", "_").replace(" ", "_")
    aliases = {"longevity": "longer_life", "qol": "quality_of_life", "near_home": "stay_near_home"}
    key = aliases.get(key, key)
    return key if key in GOALS else None


def match_options(
    *,
    facts: DiagnosisFacts,
    kb: KnowledgeBase,
    setting: str = "",
    goals: tuple[str, ...] = (),
    resectable: bool | None = None,
    metastatic_sites: tuple[str, ...] | None = None,
) -> TherapyPlan:
    """The plan for one case. `resectable` is the surgeon's judgement when known; without
    it the setting's words decide, else it stays unknown. `metastatic_sites` (bone,
    liver…) when the reader gave them; None when not known."""
    work = _Work(facts=facts, setting="", goals=(), kb=kb)
    work.resectable = resectability(facts, setting, resectable)
    work.sites = metastatic_sites
    work.goals = _read_goals(work, goals)
    code = facts.cancer_type_code.strip().upper()
    if not code:
        work.cannot_decide(
            "Cannot decide: the cancer type is unknown. "
            "Confirm the diagnosis (OncoTree code) first."
        )
        return _finish(work, [])
    covered = any(applies_to(tuple(kb.covered_types), c) for c in (code,))
    if not covered:
        work.cannot_decide(
            f"Cannot decide standard of care: knowledge base version {kb.version} has no curated "
            f"entries for cancer type {code}. Only tumor-agnostic biomarker options are shown."
        )
    work.setting = _resolve_setting(work, setting)
    if facts.age is not None and facts.age < 18:
        work.cannot_decide(
            "Cannot decide: the patient is under 18; the knowledge base holds adult practice only."
        )
    for name in conflicting_markers(facts):
        work.cannot_decide(
            f"Cannot decide on {name}-directed treatment: the reports give conflicting {name} "
            "results. Re-test or reconcile the reports."
        )
    _resistance(work)
    if covered and work.setting is not None:
        _standard_of_care(work)
    _biomarker_options(work)
    _trial_suggestion(work, covered)
    _performance_status(work)
    missing = _missing_tests(work)
    if not work.options and not work.cannot:
        work.cannot_decide(
            f"Cannot decide: no entry of knowledge base version {kb.version} matches {code}, "
            f"stage {facts.stage_group or 'unknown'}, setting {work.setting or 'not given'}."
        )
    return _finish(work, missing)


def _read_goals(work: _Work, goals: tuple[str, ...]) -> tuple[str, ...]:
    known = []
    for raw in goals:
        goal = normalize_goal(raw)
        if goal is None:
            work.cannot_decide(
                f"Goal '{raw}' is not understood; goals are {', '.join(GOALS)}. "
                "The options are not weighed against it."
            )
        elif goal not in known:
            known.append(goal)
    return tuple(known)


def _has_systemic_prior(facts: DiagnosisFacts) -> bool:
    return any(
        not any(word in prior.lower() for word in _LOCAL_TREATMENTS)
        for prior in facts.prior_therapies
    )


def _resected(facts: DiagnosisFacts) -> bool:
    """Whether the records show an operation (resection, -ectomy): the disease was resectable."""
    return any(
        word in prior.lower()
        for prior in facts.prior_therapies
        for word in ("surgery", "ectomy", "resect", "excision", "metastasectomy")
    )


def resectability(facts: DiagnosisFacts, raw_setting: str, stated: bool | None) -> bool | None:
    """Resectable (True), unresectable (False) or not known (None): stated by the reader, or
    implied by the setting's words ("unresectable"; "resectable", or neoadjuvant treatment,
    which plans an operation). An operation already done says nothing of what remains."""
    if stated is not None:
        return stated
    key = setting_key(raw_setting)
    if key in UNRESECTABLE or "unresectable" in key:
        return False
    if ("resectable" in key and "borderline" not in key) or normalize_setting(
        raw_setting
    ) == "neoadjuvant":
        return True
    return None


def _resolve_setting(work: _Work, raw: str) -> str | None:
    facts = work.facts
    setting = normalize_setting(raw)
    key = setting_key(raw)
    work.locoregional = key in LOCOREGIONAL
    base = stage_base(facts.stage_group)
    family = set(lineage(facts.cancer_type_code))
    stage = facts.stage_group.strip().upper().removeprefix("STAGE").strip()
    curative_iv = any(stage in CURATIVE_STAGE_IV.get(code, ()) for code in family)
    if curative_iv:
        base = "III"
    metastatic_stage = base in ("IV", "extensive", "advanced") or facts.m.upper().startswith("M1")
    if setting is None:
        work.cannot_decide(
            f"Cannot decide: the setting '{raw}' is not understood; use one of "
            f"{', '.join(SETTINGS)}."
        )
        return None
    if facts.stage_group and not base:
        work.cannot_decide(
            f"Cannot decide: stage group '{facts.stage_group}' is not a stage the knowledge base "
            "reads (0, I–IV with letters, limited or extensive)."
        )
        return None
    if work.locoregional and metastatic_stage and not (family & HEMATOLOGIC or curative_iv):
        work.cannot_decide(
            f"Cannot decide standard of care: stage {facts.stage_group} is metastatic but the "
            "setting says locally advanced. Confirm the stage."
        )
        return None
    if setting:
        local_stage = base in ("0", "I", "II", "III", "limited", "localized")
        if family & HEMATOLOGIC or curative_iv or key in MAINTENANCE:
            return setting
        # Stage IV disease made free of disease by an operation (resected metastases) is
        # treated in the adjuvant setting: resected stage IV melanoma, kidney cancer.
        resected_iv = setting == "adjuvant" and _resected(facts)
        if (setting in METASTATIC and local_stage and not _has_systemic_prior(facts)) or (
            setting in ("neoadjuvant", "adjuvant") and metastatic_stage and not resected_iv
        ):
            work.cannot_decide(
                f"Cannot decide standard of care: stage {facts.stage_group} and setting "
                f"{setting.replace('_', ' ')} contradict each other. Confirm the stage."
            )
            return None
        return setting
    if not base and not work.locoregional:
        work.cannot_decide(
            "Cannot decide standard of care: neither the stage group nor the treatment setting "
            "is known. Stage the disease (or state the setting)."
        )
        return None
    if metastatic_stage:
        return "later_line" if _has_systemic_prior(facts) else "first_line_metastatic"
    return ""


def _setting_ok(settings: tuple[str, ...], setting: str, curative_known: bool) -> bool:
    """A setting-bound entry applies in its setting; with none given, a stage short of
    metastatic (or "locally advanced") puts the case in the curative settings."""
    if not settings:
        return True
    if setting:
        return setting in settings
    return curative_known and any(s in CURATIVE for s in settings)


def _curative_known(work: _Work) -> bool:
    return work.setting == "" and (bool(work.facts.stage_group) or work.locoregional)


def _assumable(condition: str) -> bool:
    """An unrecorded ECOG is read as fit enough (ecog<=N): outside records rarely state it
    and the reviewer sees the patient; the option's reason says what it assumed."""
    return condition.startswith("ecog<")


def _conditions(
    conditions: tuple[str, ...],
    facts: DiagnosisFacts,
    resectable: bool | None = None,
    sites: tuple[str, ...] | None = None,
) -> tuple[bool, list[str]]:
    """(none is false, the conditions the facts leave unknown).

    Unknown age or ECOG never proposes what needs them (fertility-sparing care for the
    young, palliative care for ECOG 3-4), except the assumable fitness conditions.
    """
    unknown = []
    for condition in conditions:
        held = condition_holds(condition, facts, resectable=resectable, sites=sites)
        if held is False:
            return False, []
        if held is None and _assumable(condition):
            continue
        if held is None and condition.startswith(("ecog", "age")):
            return False, []
        if held is None:
            unknown.append(condition)
    return True, unknown


def _assumed(conditions: tuple[str, ...], facts: DiagnosisFacts) -> str:
    assumed = [c for c in conditions if _assumable(c) and condition_holds(c, facts) is None]
    return f". Assumes {', '.join(assumed)} (not recorded)" if assumed else ""


def _facts_text(facts: DiagnosisFacts, setting: str, conditions: tuple[str, ...]) -> str:
    parts = [facts.cancer_type_name or facts.cancer_type_code]
    if facts.stage_group:
        parts.append(f"stage {facts.stage_group}")
    if setting:
        parts.append(setting.replace("_", " ") + " setting")
    if conditions:
        parts.append("meets " + ", ".join(conditions))
    return "; ".join(parts)


def _unknown_reason(option_label: str, unknown: list[str]) -> str:
    return (
        f"Cannot decide on '{option_label}': the facts do not say {', '.join(unknown)} "
        "(missing, equivocal or conflicting)."
    )


def _strip_resistant(work: _Work, therapies: tuple[str, ...], gene: str = "") -> tuple[str, ...]:
    """Therapies a resistance marker rules out are dropped, unless the option targets that
    same marker (KRAS G12C inhibitors are given with panitumumab in KRAS-mutant cancer)."""
    return tuple(
        t for t in therapies if t not in work.resistant or work.resistant[t][0] == gene.upper()
    )


def _already_received(work: _Work, therapies: tuple[str, ...]) -> list[str]:
    priors = " ".join(work.facts.prior_therapies).lower()
    return [t for t in therapies if t in priors]


def _standard_of_care(work: _Work) -> None:
    facts, setting = work.facts, work.setting
    for entry in work.kb.options:
        if not applies_to(entry.cancer_types, facts.cancer_type_code):
            continue
        stage_ok = stage_matches(entry.stage_groups, facts.stage_group)
        if stage_ok is False or (stage_ok is None and setting not in entry.settings):
            continue
        if not _setting_ok(entry.settings, setting, _curative_known(work)):
            continue
        ok, unknown = _conditions(entry.conditions, facts, work.resectable, work.sites)
        if not ok:
            continue
        if unknown:
            work.cannot_decide(_unknown_reason(entry.label, unknown))
            continue
        _add_entry(work, entry)


def _add_entry(work: _Work, entry: CareOption) -> None:
    therapies = _strip_resistant(work, entry.therapies)
    if entry.therapies and not therapies:
        return
    why = _facts_text(work.facts, work.setting, entry.conditions)
    why += _assumed(entry.conditions, work.facts)
    if "HR+" in entry.conditions and er_low(work.facts):
        why += (
            ". ER-low (1–10%): counted as positive (ASCO/CAP), but the benefit of endocrine "
            "therapy is uncertain and the tumor may behave like triple-negative disease"
        )
    dropped = [t for t in entry.therapies if t not in therapies]
    if dropped:
        why += f". Without {', '.join(dropped)}: {work.resistant[dropped[0]][1]}"
    if work.setting == "later_line" and entry.modality == "systemic":
        received = _already_received(work, therapies)
        if received and len(received) == len(therapies):
            why = f"Already received ({', '.join(received)}); '{entry.label}'"
            work.not_indicated.append(NotIndicated(therapies, why))
            return
    work.options.append(
        Option(
            category="standard_of_care",
            label=entry.label,
            therapies=therapies,
            evidence_level=entry.evidence_level,
            why=why,
            source=entry.source,
            modality=entry.modality,
            entry_key=entry.key,
            tags=entry.goal_tags,
        )
    )


def _assertion_hits(work: _Work, assertion: BiomarkerAssertion) -> list[str]:
    facts = work.facts
    if assertion.cancer_types and not applies_to(assertion.cancer_types, facts.cancer_type_code):
        return []
    if assertion.gene.upper() in conflicting_markers(facts):
        return []
    hits = []
    for biomarker in markers_named(facts, assertion.gene):
        if alteration_matches(assertion.alteration, biomarker):
            shown = " ".join(x for x in (biomarker.alteration, biomarker.value) if x)
            hits.append(f"{biomarker.name} {shown or biomarker.status}".strip())
    return hits


def _resistance(work: _Work) -> None:
    for assertion in work.kb.assertions:
        if assertion.effect != "resistance":
            continue
        hits = _assertion_hits(work, assertion)
        ok, _ = _conditions(assertion.conditions, work.facts, work.resectable, work.sites)
        if not hits or not ok:
            continue
        why = (
            f"{', '.join(hits)}: {assertion.label or 'resistance'} "
            f"({_level_words(assertion.evidence_level)}; {assertion.citation})"
        )
        work.not_indicated.append(NotIndicated(assertion.therapies, why))
        for therapy in assertion.therapies:
            work.resistant.setdefault(therapy, (assertion.gene.upper(), why))


def _level_words(level: str) -> str:
    return level.replace("_", " ")


def _biomarker_options(work: _Work) -> None:
    setting = work.setting or ""
    specific_genes = set()
    ordered = sorted(work.kb.assertions, key=lambda a: a.tumor_agnostic)
    for assertion in ordered:
        if assertion.effect != "sensitivity":
            continue
        if not _setting_ok(assertion.settings, setting, _curative_known(work)):
            continue
        if assertion.tumor_agnostic and assertion.gene.upper() in specific_genes:
            continue
        hits = _assertion_hits(work, assertion)
        if not hits:
            continue
        ok, unknown = _conditions(assertion.conditions, work.facts, work.resectable, work.sites)
        if not ok:
            continue
        label = assertion.label or f"{assertion.gene} {assertion.alteration}"
        stage_ok = stage_matches(assertion.stage_groups, work.facts.stage_group)
        if stage_ok is False:
            work.not_indicated.append(
                NotIndicated(
                    assertion.therapies,
                    f"{', '.join(hits)}: {label} is for stage {', '.join(assertion.stage_groups)}"
                    f" ({assertion.citation}); this case is stage {work.facts.stage_group}",
                )
            )
            continue
        if unknown:
            work.cannot_decide(_unknown_reason(label, unknown))
            continue
        therapies = _strip_resistant(work, assertion.therapies, assertion.gene)
        if not therapies:
            continue
        if not assertion.tumor_agnostic:
            specific_genes.add(assertion.gene.upper())
        investigational = assertion.evidence_level not in ("fda_approved", "guideline")
        category = "clinical_trial" if investigational else assertion.category
        scope = "any solid tumor" if assertion.tumor_agnostic else "this cancer type"
        why = f"{', '.join(hits)} in {scope}; {setting.replace('_', ' ') or 'setting by stage'}"
        if stage_ok is None:
            why += (
                f". The label limits it to stage {', '.join(assertion.stage_groups)}; "
                "the stage is not recorded — confirm it"
            )
        if setting == "later_line" and _already_received(work, therapies) == list(therapies):
            work.not_indicated.append(
                NotIndicated(therapies, f"Already received; {label} (progression on it)")
            )
            continue
        work.options.append(
            Option(
                category=category,
                label=label,
                therapies=therapies,
                evidence_level=assertion.evidence_level,
                why=why,
                source=assertion.citation,
                modality="systemic",
                entry_key=assertion.key,
            )
        )


def _trial_suggestion(work: _Work, covered: bool) -> None:
    reasons = []
    if not covered:
        reasons.append("no curated standard of care for this cancer type")
    if work.setting == "later_line":
        reasons.append("disease that progressed after earlier treatment")
    if work.setting in METASTATIC and not any(
        o.category in ("targeted_therapy", "immunotherapy") for o in work.options
    ):
        reasons.append("advanced disease without an approved biomarker-directed option")
    if not reasons:
        return
    work.options.append(
        Option(
            category="clinical_trial",
            label="Consider a clinical trial",
            therapies=(),
            evidence_level="clinical_trial",
            why="; ".join(reasons).capitalize() + ". Search the trial matches for this case.",
            source="NCCN and ASCO advise trial participation whenever one fits",
            modality="systemic",
        )
    )


def _performance_status(work: _Work) -> None:
    ecog = work.facts.ecog
    if ecog is None or ecog < 3:
        return
    for index, option in enumerate(work.options):
        if option.modality == "systemic" and option.therapies:
            work.options[index] = replace(
                option,
                why=option.why + f". ECOG {ecog}: most trials enrolled ECOG 0–2; weigh benefit "
                "against toxicity",
            )


def _applies(rule: WorkupRule, work: _Work) -> bool:
    facts = work.facts
    if not applies_to(rule.cancer_types, facts.cancer_type_code):
        return False
    if stage_matches(rule.stage_groups, facts.stage_group) is False:
        return False
    # A rule for a setting applies only when the setting is known: stated, or derived
    # from a stage short of metastatic (then only the curative settings).
    if rule.settings and work.setting and work.setting not in rule.settings:
        return False
    if rule.settings and not work.setting:
        if work.setting is None or not _curative_known(work):
            return False
        if not any(s in CURATIVE for s in rule.settings):
            return False
    return all(
        condition_holds(c, facts, resectable=work.resectable, sites=work.sites) is not False
        for c in rule.conditions
    )


def _missing_tests(work: _Work) -> list[MissingTest]:
    missing: dict[str, MissingTest] = {}
    for rule in work.kb.workup:
        if not _applies(rule, work):
            continue
        names = rule.markers or (rule.test,)
        done = any(not is_unsettled(b) for name in names for b in markers_named(work.facts, name))
        if not done and rule.test not in missing:
            missing[rule.test] = MissingTest(rule.test, rule.why)
    return list(missing.values())


def _merge(options: list[Option]) -> list[Option]:
    """One option per therapy set: the best-evidenced statement wins, reasons are kept."""
    merged: dict[tuple[str, tuple[str, ...]], Option] = {}
    for option in options:
        key = (option.category, tuple(sorted(option.therapies)) or (option.label,))
        held = merged.get(key)
        if held is None:
            merged[key] = option
        elif EVIDENCE_LEVELS.index(option.evidence_level) < EVIDENCE_LEVELS.index(
            held.evidence_level
        ):
            merged[key] = replace(option, why=f"{option.why}; also {held.why}")
    return list(merged.values())


def _finish(work: _Work, missing: list[MissingTest]) -> TherapyPlan:
    options = [annotate(o, work.goals) for o in _merge(work.options)]
    options.sort(key=lambda o: sort_key(o, work.goals))
    if "cure" in work.goals and work.setting in METASTATIC:
        work.cannot_decide(
            "The goal of cure and metastatic disease pull apart: for most metastatic cancers "
            "treatment aims at control, not cure. Discuss this openly with the patient."
        )
    return TherapyPlan(
        options=tuple(options),
        not_indicated=tuple(work.not_indicated),
        missing_tests=tuple(missing),
        cannot_decide=tuple(work.cannot),
        setting=work.setting or "",
        knowledge_version=work.kb.version,
    )

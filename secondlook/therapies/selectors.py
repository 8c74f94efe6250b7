"""Reads of the knowledge base, of a case's treatment options and of the chosen options.

`knowledge_version_current()` is what an opinion cites; `options_chosen_for(case)` is
what the opinion lists. The knowledge base is turned into the pure engine's dataclasses
once per version and kept in memory: a version never changes once written.
"""

from __future__ import annotations

from functools import lru_cache

from django.db.models import Q, QuerySet

from secondlook.accounts.models import User
from secondlook.cases.models import Case
from secondlook.core.errors import NotFound
from secondlook.oncology.selectors import case_diagnosis_facts
from secondlook.therapies import kb
from secondlook.therapies.choices import EntryKind
from secondlook.therapies.knowledge import knowledge_base
from secondlook.therapies.matcher import TherapyPlan, match_options
from secondlook.therapies.models import (
    BiomarkerAssertion,
    ChosenOption,
    KnowledgeVersion,
    StandardOfCare,
    VersionedEntry,
    WorkupRule,
)
from secondlook.therapies.permissions import can_see_options

MODELS: dict[str, type[VersionedEntry]] = {
    EntryKind.STANDARD_OF_CARE: StandardOfCare,
    EntryKind.BIOMARKER: BiomarkerAssertion,
    EntryKind.WORKUP: WorkupRule,
}


def knowledge_version_current() -> KnowledgeVersion | None:
    """The newest knowledge-base version (None before any is loaded)."""
    return KnowledgeVersion.objects.order_by("-number").first()


def knowledge_versions() -> QuerySet[KnowledgeVersion]:
    return KnowledgeVersion.objects.select_related("created_by").order_by("-number")


def _as_of(model: type[VersionedEntry], number: int) -> QuerySet[VersionedEntry]:
    return model.objects.filter(introduced_in__number__lte=number).filter(
        Q(retired_in__isnull=True) | Q(retired_in__number__gt=number)
    )


def soc_entry(row: StandardOfCare) -> kb.CareOption:
    return kb.CareOption(
        key=row.key,
        cancer_types=tuple(row.cancer_types),
        label=row.label,
        modality=row.modality,
        therapies=tuple(row.therapies),
        source=row.source,
        evidence_level=row.evidence_level,
        stage_groups=tuple(row.stage_groups),
        settings=tuple(row.settings),
        conditions=tuple(row.conditions),
        goal_tags=tuple(row.goal_tags),
        curated_on=row.curated_on.isoformat(),
    )


def assertion_entry(row: BiomarkerAssertion) -> kb.BiomarkerAssertion:
    return kb.BiomarkerAssertion(
        key=row.key,
        gene=row.gene,
        alteration=row.alteration,
        therapies=tuple(row.therapies),
        effect=row.effect,
        evidence_level=row.evidence_level,
        citation=row.citation,
        cancer_types=tuple(row.cancer_types),
        category=row.category,
        settings=tuple(row.settings),
        conditions=tuple(row.conditions),
        label=row.label,
        curated_on=row.curated_on.isoformat(),
        stage_groups=tuple(row.stage_groups),
    )


def workup_entry(row: WorkupRule) -> kb.WorkupRule:
    return kb.WorkupRule(
        key=row.key,
        cancer_types=tuple(row.cancer_types),
        test=row.test,
        why=row.why,
        markers=tuple(row.markers),
        stage_groups=tuple(row.stage_groups),
        settings=tuple(row.settings),
        conditions=tuple(row.conditions),
        source=row.source,
    )


def _cached(version: KnowledgeVersion) -> kb.KnowledgeBase:
    # Keyed by creation time too: a rebuilt database (tests, a reset demo) reuses numbers.
    return _knowledge_base_at(version.number, version.created_at.isoformat())


@lru_cache(maxsize=8)
def _knowledge_base_at(number: int, stamp: str) -> kb.KnowledgeBase:
    return knowledge_base(
        version=number,
        options=tuple(soc_entry(r) for r in _as_of(StandardOfCare, number).order_by("key")),
        assertions=tuple(
            assertion_entry(r) for r in _as_of(BiomarkerAssertion, number).order_by("key")
        ),
        workup=tuple(workup_entry(r) for r in _as_of(WorkupRule, number).order_by("key")),
    )


def knowledge_base_at(number: int) -> kb.KnowledgeBase:
    """The knowledge base exactly as it stood at a version (what an opinion cited)."""
    version = KnowledgeVersion.objects.filter(number=number).first()
    if version is None:
        raise NotFound(f"There is no knowledge-base version {number}.")
    return _cached(version)


def knowledge_base_current() -> kb.KnowledgeBase | None:
    current = knowledge_version_current()
    return _cached(current) if current else None


def therapy_plan_for(
    *, user: User, case: Case, setting: str = "", goals: tuple[str, ...] = ()
) -> tuple[TherapyPlan, KnowledgeVersion | None]:
    """The options for a case the user may see (the caller has audited the case read)."""
    if not can_see_options(user, case):
        raise NotFound("No such case, or you do not have access to it.")
    version = knowledge_version_current()
    if version is None:
        empty = TherapyPlan(
            options=(),
            not_indicated=(),
            missing_tests=(),
            cannot_decide=(
                "Cannot decide: no knowledge base is loaded. "
                "Run `python manage.py load_knowledge`.",
            ),
            setting="",
            knowledge_version=0,
        )
        return empty, None
    facts = case_diagnosis_facts(case=case)
    plan = match_options(facts=facts, kb=_cached(version), setting=setting, goals=goals)
    return plan, version


def options_chosen_for(case: Case) -> QuerySet[ChosenOption]:
    """The options the attending put in the draft opinion, oldest first, withdrawn left out."""
    return (
        ChosenOption.objects.filter(case=case, withdrawn_at__isnull=True)
        .select_related("knowledge_version", "chosen_by")
        .order_by("created_at", "id")
    )


def knowledge_entries(*, kind: str, query: str = "") -> QuerySet[VersionedEntry]:
    model = MODELS.get(kind)
    if model is None:
        raise NotFound("No such kind of knowledge-base entry.")
    rows = model.objects.filter(retired_in__isnull=True).select_related("introduced_in")
    if query:
        rows = rows.filter(
            Q(key__icontains=query)
            | Q(cancer_types__icontains=query.upper())
            | _text_q(kind, query)
        )
    return rows.order_by("key")


def _text_q(kind: str, query: str) -> Q:
    if kind == EntryKind.BIOMARKER:
        return Q(gene__iexact=query) | Q(label__icontains=query)
    if kind == EntryKind.WORKUP:
        return Q(test__icontains=query)
    return Q(label__icontains=query)


def knowledge_entry_history(*, kind: str, key: str) -> list[VersionedEntry]:
    """Every row an entry has had, newest first; NotFound when the key never existed."""
    model = MODELS.get(kind)
    if model is None:
        raise NotFound("No such kind of knowledge-base entry.")
    rows = list(
        model.objects.filter(key=key)
        .select_related("introduced_in", "retired_in", "edited_by")
        .order_by("-introduced_in__number")
    )
    if not rows:
        raise NotFound(f"No knowledge-base entry '{key}'.")
    return rows

"""Writes: knowledge-base versions and edits, CIViC import, options chosen for an opinion.

Every change to the knowledge base makes exactly one new KnowledgeVersion, retires the
rows it replaces and adds the new rows, all in one transaction with its audit row.
Entries are validated by the same pure functions that read the starter set, so what a
curator saves is what the matcher can read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from secondlook.accounts.models import User
from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record
from secondlook.cases.choices import EventKind
from secondlook.cases.models import Case
from secondlook.cases.services import case_event_record
from secondlook.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from secondlook.review.services import opinion_options_refresh
from secondlook.therapies import kb
from secondlook.therapies.choices import EntryKind, EntryOrigin
from secondlook.therapies.civic import (
    CivicFormatError,
    CivicImport,
    parse_assertions,
    parse_evidence,
)
from secondlook.therapies.knowledge import (
    KnowledgeError,
    assertion_from,
    option_from,
    starter_set,
    workup_from,
)
from secondlook.therapies.matcher import Option
from secondlook.therapies.models import (
    BiomarkerAssertion,
    ChosenOption,
    KnowledgeVersion,
    StandardOfCare,
    VersionedEntry,
    WorkupRule,
)
from secondlook.therapies.permissions import can_choose_options, can_curate
from secondlook.therapies.selectors import MODELS

Entry = kb.CareOption | kb.BiomarkerAssertion | kb.WorkupRule


@dataclass(frozen=True)
class SyncResult:
    version: KnowledgeVersion | None
    added: int
    replaced: int


def _fields(entry: Entry) -> dict[str, Any]:
    """The model fields of a pure entry (JSON lists for tuples)."""
    common = {
        "cancer_types": list(entry.cancer_types),
        "settings": list(entry.settings),
        "conditions": list(entry.conditions),
    }
    if isinstance(entry, kb.CareOption):
        return {
            **common,
            "stage_groups": list(entry.stage_groups),
            "label": entry.label,
            "modality": entry.modality,
            "therapies": list(entry.therapies),
            "evidence_level": entry.evidence_level,
            "source": entry.source,
            "goal_tags": list(entry.goal_tags),
            "curated_on": dt.date.fromisoformat(entry.curated_on),
        }
    if isinstance(entry, kb.BiomarkerAssertion):
        return {
            **common,
            "stage_groups": list(entry.stage_groups),
            "gene": entry.gene,
            "alteration": entry.alteration,
            "therapies": list(entry.therapies),
            "effect": entry.effect,
            "evidence_level": entry.evidence_level,
            "category": entry.category,
            "label": entry.label,
            "citation": entry.citation,
            "curated_on": dt.date.fromisoformat(entry.curated_on),
        }
    return {
        **common,
        "stage_groups": list(entry.stage_groups),
        "test": entry.test,
        "why": entry.why,
        "markers": list(entry.markers),
        "source": entry.source,
    }


def _model_of(entry: Entry) -> type[VersionedEntry]:
    if isinstance(entry, kb.CareOption):
        return StandardOfCare
    if isinstance(entry, kb.BiomarkerAssertion):
        return BiomarkerAssertion
    return WorkupRule


def _same(row: VersionedEntry, fields: dict[str, Any]) -> bool:
    return all(
        getattr(row, name) == value for name, value in fields.items() if name != "curated_on"
    )


def _version_create(*, actor: User | None, note: str) -> KnowledgeVersion:
    latest = KnowledgeVersion.objects.select_for_update().order_by("-number").first()
    try:
        with transaction.atomic():
            version = KnowledgeVersion.objects.create(
                number=(latest.number if latest else 0) + 1, created_by=actor, note=note[:300]
            )
    except IntegrityError as exc:
        raise Conflict(
            "Someone else changed the knowledge base at the same moment: retry."
        ) from exc
    audit_record(actor=actor, action=AuditAction.CREATE, target=version, purpose=note[:120])
    return version


def _with_defaults(
    model: type[VersionedEntry], fields: dict[str, Any], origin: str
) -> dict[str, Any]:
    extra: dict[str, Any] = {"origin": origin} if origin and model is BiomarkerAssertion else {}
    if model is WorkupRule:
        extra["curated_on"] = timezone.localdate()
    return {**fields, **extra}


def _replace(
    *,
    model: type[VersionedEntry],
    key: str,
    fields: dict[str, Any],
    version: KnowledgeVersion,
    actor: User | None,
    note: str,
    origin: str = "",
) -> VersionedEntry:
    model.objects.filter(key=key, retired_in__isnull=True).update(retired_in=version)
    return model.objects.create(
        key=key,
        introduced_in=version,
        edited_by=actor,
        change_note=note[:300],
        **_with_defaults(model, fields, origin),
    )


@transaction.atomic
def knowledge_sync(
    *,
    actor: User | None,
    note: str,
    entries: list[Entry],
    replace_changed: bool,
    origin: str = EntryOrigin.CURATED,
) -> SyncResult:
    """Add entries whose key is new (and, if asked, replace changed ones) as one version.

    Nothing changes — and no version is made — when every entry is already there as is,
    so loading the starter set twice is harmless and never undoes a curator's edit
    unless `replace_changed` says so.
    """
    current: dict[tuple[type[VersionedEntry], str], VersionedEntry] = {}
    for model in {_model_of(entry) for entry in entries}:
        keys = [entry.key for entry in entries if _model_of(entry) is model]
        for row in model.objects.filter(key__in=keys, retired_in__isnull=True):
            current[(model, row.key)] = row
    plan: list[tuple[Entry, dict[str, Any], bool]] = []
    for entry in entries:
        fields = _fields(entry)
        row = current.get((_model_of(entry), entry.key))
        if row is None:
            plan.append((entry, fields, False))
        elif replace_changed and not _same(row, fields):
            plan.append((entry, fields, True))
    if not plan:
        return SyncResult(None, 0, 0)
    version = _version_create(actor=actor, note=note)
    for model in {_model_of(entry) for entry, _, _ in plan}:
        replaced_keys = [e.key for e, _, was in plan if was and _model_of(e) is model]
        model.objects.filter(key__in=replaced_keys, retired_in__isnull=True).update(
            retired_in=version
        )
        model.objects.bulk_create(
            [
                model(
                    key=entry.key,
                    introduced_in=version,
                    edited_by=actor,
                    change_note=note[:300],
                    **_with_defaults(model, fields, origin),
                )
                for entry, fields, _ in plan
                if _model_of(entry) is model
            ]
        )
    replaced = sum(1 for *_, was in plan if was)
    return SyncResult(version, len(plan) - replaced, replaced)


def knowledge_starter_load(*, actor: User | None = None, update: bool = False) -> SyncResult:
    starter = starter_set()
    return knowledge_sync(
        actor=actor,
        note="Starter set: curated from public FDA labels and guideline practice",
        entries=[*starter.options, *starter.assertions, *starter.workup],
        replace_changed=update,
    )


def _entry_from(kind: str, raw: dict[str, Any]) -> Entry:
    builders = {
        EntryKind.STANDARD_OF_CARE: option_from,
        EntryKind.BIOMARKER: assertion_from,
        EntryKind.WORKUP: workup_from,
    }
    builder = builders.get(kind)
    if builder is None:
        raise NotFound("No such kind of knowledge-base entry.")
    try:
        return builder(raw)
    except KnowledgeError as exc:
        raise ValidationFailed(str(exc).split(": ", 1)[-1]) from exc
    except (KeyError, ValueError) as exc:
        raise ValidationFailed(f"The entry is incomplete or not valid: {exc}") from exc


@transaction.atomic
def knowledge_entry_save(
    *, actor: User, kind: str, raw: dict[str, Any], note: str, creating: bool
) -> VersionedEntry:
    """A curator's new or edited entry, as a new knowledge-base version."""
    if not can_curate(actor):
        raise PermissionDenied("Only knowledge-base curators edit entries.")
    if not note.strip():
        raise ValidationFailed("Say in a few words why you change this entry.")
    entry = _entry_from(kind, raw)
    model = MODELS[kind]
    exists = model.objects.filter(key=entry.key, retired_in__isnull=True).exists()
    if creating and exists:
        raise Conflict(f"An entry '{entry.key}' already exists: edit it instead.")
    if not creating and not exists:
        raise NotFound(f"No current entry '{entry.key}' to edit.")
    version = _version_create(actor=actor, note=f"{entry.key}: {note}")
    row = _replace(
        model=model, key=entry.key, fields=_fields(entry), version=version, actor=actor, note=note
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        target=row,
        purpose="knowledge base curation",
    )
    return row


@transaction.atomic
def knowledge_entry_retire(*, actor: User, kind: str, key: str, note: str) -> KnowledgeVersion:
    if not can_curate(actor):
        raise PermissionDenied("Only knowledge-base curators retire entries.")
    if not note.strip():
        raise ValidationFailed("Say in a few words why this entry no longer applies.")
    model = MODELS.get(kind)
    row = model.objects.filter(key=key, retired_in__isnull=True).first() if model else None
    if model is None or row is None:
        raise NotFound(f"No current entry '{key}'.")
    version = _version_create(actor=actor, note=f"{key} retired: {note}")
    model.objects.filter(pk=row.pk).update(retired_in=version)
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=row, purpose="knowledge entry retired"
    )
    return version


def civic_import(*, actor: User | None, text: str, kind: str) -> tuple[SyncResult, CivicImport]:
    """Import a CIViC nightly TSV ('evidence' or 'assertions') as one new version."""
    if actor is not None and not can_curate(actor):
        raise PermissionDenied("Only knowledge-base curators import CIViC data.")
    parse = {"evidence": parse_evidence, "assertions": parse_assertions}.get(kind)
    if parse is None:
        raise ValidationFailed("Choose 'evidence' or 'assertions'.")
    try:
        parsed = parse(text, curated_on=timezone.localdate().isoformat())
    except CivicFormatError as exc:
        raise ValidationFailed(str(exc)) from exc
    result = knowledge_sync(
        actor=actor,
        note=f"CIViC {kind} import: {len(parsed.assertions)} of {parsed.rows} rows",
        entries=list(parsed.assertions),
        replace_changed=True,
        origin=EntryOrigin.CIVIC,
    )
    return result, parsed


@transaction.atomic
def option_choose(
    *, actor: User, case: Case, option: Option, version: KnowledgeVersion, note: str = ""
) -> ChosenOption:
    """Put one matcher option into the case's draft opinion, citing the KB version.

    Refused once the newest opinion version is signed (its options were signed with it)
    until a correction or follow-up revision is started; see `opinion_options_refresh`.
    """
    if not can_choose_options(actor, case):
        raise PermissionDenied("Only the case's attending reviewer adds options to its opinion.")
    if ChosenOption.objects.filter(
        case=case, category=option.category, label=option.label, withdrawn_at__isnull=True
    ).exists():
        raise Conflict("This option is already in the draft opinion.")
    chosen = ChosenOption.objects.create(
        case=case,
        category=option.category,
        label=option.label,
        therapies=list(option.therapies),
        evidence_level=option.evidence_level,
        why=option.why,
        source=option.source,
        entry_key=option.entry_key,
        knowledge_version=version,
        chosen_by=actor,
        note=note,
    )
    case_event_record(
        case=case,
        actor=actor,
        kind=EventKind.OPINION,
        summary=f"Treatment option added to the draft opinion: {option.label[:150]}",
    )
    opinion_options_refresh(case=case)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=chosen,
        case_reference=case.reference,
        purpose="treatment option chosen",
    )
    return chosen


@transaction.atomic
def option_withdraw(*, actor: User, case: Case, chosen_id: int) -> ChosenOption:
    """Take an option out of the case's draft opinion; refused like `option_choose` once
    the newest version is signed."""
    if not can_choose_options(actor, case):
        raise PermissionDenied("Only the case's attending reviewer changes its opinion options.")
    chosen = (
        ChosenOption.objects.select_for_update()
        .filter(pk=chosen_id, case=case, withdrawn_at__isnull=True)
        .first()
    )
    if chosen is None:
        raise NotFound("That option is not in the draft opinion.")
    chosen.withdrawn_at = timezone.now()
    chosen.withdrawn_by = actor
    chosen.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
    case_event_record(
        case=case,
        actor=actor,
        kind=EventKind.OPINION,
        summary=f"Treatment option removed from the draft opinion: {chosen.label[:150]}",
    )
    opinion_options_refresh(case=case)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=chosen,
        case_reference=case.reference,
        purpose="treatment option withdrawn",
    )
    return chosen

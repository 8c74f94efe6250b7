"""Writes on the structured diagnosis: proposals from records, decisions, confirmation.

The path of a fact: a record is read (records.ingestion) → each fact it states becomes a
`FactProposal` and the outside diagnosis is rebuilt from what the outside reports say →
a pathologist or specialist confirms, corrects or rejects each proposal with the source
text beside it → confirming builds the second-opinion (review) diagnosis from the
decided facts, computes its stage, and grades its concordance with the outside one.

Only a pathologist, specialist or program admin who may see the case may decide or
confirm; every write carries its audit row, and case-level changes a timeline event.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from secondlook.accounts.choices import Role
from secondlook.accounts.models import User
from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record
from secondlook.cases.choices import EventKind
from secondlook.cases.models import Case
from secondlook.cases.permissions import can_coordinate, can_view_case
from secondlook.cases.services import case_event_record
from secondlook.core.errors import NotFound, PermissionDenied, ValidationFailed
from secondlook.oncology.choices import (
    Certainty,
    DiagnosisKind,
    DiagnosisStatus,
    FactField,
    ProposalStatus,
)
from secondlook.oncology.facts import Biomarker, DiagnosisFacts, ExtractedFact
from secondlook.oncology.models import (
    ConcordanceAssessment,
    Diagnosis,
    DiagnosisBiomarker,
    FactEdit,
    FactProposal,
)
from secondlook.oncology.oncotree import BY_CODE
from secondlook.oncology.staging_core import is_category
from secondlook.records.models import Document

CONFIRMING_ROLES = frozenset({Role.PATHOLOGIST, Role.SPECIALIST, Role.PROGRAM_ADMIN})
DECISIONS = ("confirm", "edit", "reject")
MARKER_STATUSES = ("positive", "negative", "equivocal", "unknown")
VALUE_MAX_LENGTH = 120
_PREFIX = re.compile(r"AJCC\s+([a-z]*)TNM")

# Diagnosis fields set from a fact of the same name, as text.
_TEXT_FIELDS = ("grade", "laterality", "margins", "lvi", "ajcc_edition", "stage_group")


def can_confirm_diagnosis(user: User, case: Case) -> bool:
    return user.role in CONFIRMING_ROLES and can_view_case(user, case)


def _require_confirmer(actor: User, case: Case) -> None:
    if not can_view_case(actor, case):
        raise NotFound("No such case, or you do not have access to it.")
    if actor.role not in CONFIRMING_ROLES:
        raise PermissionDenied(
            "Only a pathologist or specialist at the case's site may confirm the diagnosis."
        )


def fact_proposals_record(*, document: Document, facts: Iterable[ExtractedFact]) -> int:
    """Store the facts a record states as proposals; runs inside the ingestion transaction.

    A fact already proposed for this record (same field, span and marker) is not added
    again. The outside diagnosis is rebuilt from every outside record's facts.
    """
    existing = set(
        FactProposal.objects.filter(document=document).values_list(
            "field", "start", "end", "biomarker_name"
        )
    )
    created = []
    for fact in facts:
        marker = fact.biomarker
        key = (fact.field, fact.start, fact.end, marker.name if marker else "")
        if key in existing or fact.field not in FactField.values:
            continue
        existing.add(key)
        created.append(
            FactProposal(
                case=document.case,
                document=document,
                field=fact.field,
                value=fact.value[:VALUE_MAX_LENGTH],
                display=fact.display[:300],
                start=fact.start,
                end=fact.end,
                confidence=fact.confidence,
                certainty=fact.certainty,
                specimen=fact.specimen[:8],
                code_system=fact.code_system[:40],
                superseded=fact.superseded,
                biomarker_name=(marker.name if marker else "")[:20],
                biomarker_alteration=(marker.alteration if marker else "")[:80],
                biomarker_status=(marker.status if marker else "")[:12],
                biomarker_value=(marker.value if marker else "")[:60],
            )
        )
    FactProposal.objects.bulk_create(created)
    if created:
        _outside_diagnosis_rebuild(document.case)
    return len(created)


def _outside_diagnosis_rebuild(case: Case) -> None:
    """The outside diagnosis as the outside records state it, unless entered by hand."""
    outside = Diagnosis.objects.filter(case=case, kind=DiagnosisKind.OUTSIDE).first()
    if outside is not None and outside.status == DiagnosisStatus.ENTERED:
        return
    proposals = FactProposal.objects.filter(case=case, superseded=False).exclude(
        certainty__in=[Certainty.UNCERTAIN, Certainty.NOT_ASSESSABLE]
    )
    values = _fields_from(proposals, use_decisions=False)
    markers = _markers_from(proposals, use_decisions=False)
    _diagnosis_save(case, DiagnosisKind.OUTSIDE, DiagnosisStatus.AS_REPORTED, values, markers)


def _tnm(proposal: FactProposal, value: str) -> str:
    """A category with its classification prefix ("T3" from "AJCC pTNM" → "pT3")."""
    found = _PREFIX.search(proposal.code_system)
    prefix = found.group(1) if found else ""
    if not prefix or value[:1].islower():
        return value
    return f"{prefix}{value}"


def _by_confidence(proposals: Iterable[FactProposal]) -> list[FactProposal]:
    return sorted(proposals, key=lambda p: (-p.confidence, p.start))


def _fields_from(proposals: Iterable[FactProposal], *, use_decisions: bool) -> dict[str, Any]:
    """One value per diagnosis field: the most confident proposal that still stands."""
    values: dict[str, Any] = {}
    for proposal in _by_confidence(proposals):
        if proposal.field == FactField.BIOMARKER:
            continue
        value = proposal.current_value if use_decisions else proposal.value
        if not value:
            continue
        field = proposal.field
        if field == FactField.CANCER_TYPE and "cancer_type_code" not in values:
            known = BY_CODE.get(value)
            values["cancer_type_code"] = value
            values["cancer_type_name"] = known.name if known else proposal.display
        elif field == FactField.PRIMARY_SITE and "primary_site_code" not in values:
            values.update(primary_site_code=value[:8], primary_site_name=proposal.display[:200])
        elif field == FactField.HISTOLOGY and "histology_code" not in values:
            values.update(histology_code=value[:8], histology_name=proposal.display[:200])
        elif field in ("t", "n", "m") and field not in values:
            values[field] = _tnm(proposal, value)[:16]
        elif field == FactField.FIGO_STAGE and "stage_group" not in values:
            values.update(stage_group=value[:16], stage_system="FIGO")
        elif field == FactField.TUMOR_SIZE and "tumor_size_mm" not in values:
            values["tumor_size_mm"] = _decimal(value)
        elif field in ("nodes_examined", "nodes_positive") and field not in values:
            values[field] = int(value) if value.isdigit() else None
        elif field in _TEXT_FIELDS and field not in values:
            values[field] = value[:40]
    return values


def _decimal(value: str) -> Decimal | None:
    try:
        return Decimal(value).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        return None


def _markers_from(proposals: Iterable[FactProposal], *, use_decisions: bool) -> list[Biomarker]:
    """One result per marker and alteration, the most confident one."""
    markers: dict[tuple[str, str], Biomarker] = {}
    for proposal in _by_confidence(proposals):
        if proposal.field != FactField.BIOMARKER or not proposal.biomarker_name:
            continue
        key = (proposal.biomarker_name.upper(), proposal.biomarker_alteration.lower())
        if key in markers:
            continue
        status = proposal.biomarker_status or "unknown"
        if use_decisions and proposal.status == ProposalStatus.EDITED:
            status = proposal.confirmed_value
        markers[key] = Biomarker(
            name=proposal.biomarker_name,
            alteration=proposal.biomarker_alteration,
            status=status,
            value=proposal.biomarker_value,
            source=f"record #{proposal.document_id} [{proposal.start}:{proposal.end}]",
        )
    return list(markers.values())


def _diagnosis_save(
    case: Case,
    kind: str,
    status: str,
    values: dict[str, Any],
    markers: list[Biomarker],
    *,
    actor: User | None = None,
) -> Diagnosis:
    blank = {
        field.name: None if field.null else ""
        for field in Diagnosis._meta.concrete_fields
        if field.name in _STRUCTURED_FIELDS
    }
    diagnosis, _ = Diagnosis.objects.update_or_create(
        case=case,
        kind=kind,
        defaults={
            **blank,
            **values,
            "status": status,
            "confirmed_by": actor if status == DiagnosisStatus.CONFIRMED else None,
            "confirmed_at": timezone.now() if status == DiagnosisStatus.CONFIRMED else None,
        },
    )
    diagnosis.biomarkers.all().delete()
    DiagnosisBiomarker.objects.bulk_create(
        DiagnosisBiomarker(
            diagnosis=diagnosis,
            name=marker.name[:20],
            alteration=marker.alteration[:80],
            status=marker.status[:12],
            value=marker.value[:60],
            source=marker.source[:60],
        )
        for marker in markers
    )
    _stage_compute(diagnosis, markers)
    return diagnosis


_STRUCTURED_FIELDS = frozenset(
    {
        "cancer_type_code", "cancer_type_name", "primary_site_code", "primary_site_name",
        "histology_code", "histology_name", "grade", "laterality", "tumor_size_mm", "margins",
        "nodes_examined", "nodes_positive", "lvi", "t", "n", "m", "ajcc_edition",
        "stage_group", "stage_system", "stage_note",
    }
)  # fmt: skip


def patient_age(case: Case) -> int | None:
    born = case.patient.date_of_birth
    today = timezone.localdate()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def diagnosis_facts(
    diagnosis: Diagnosis, markers: Iterable[Biomarker] | None = None
) -> DiagnosisFacts:
    """The engines' view of a stored diagnosis."""
    if markers is None:
        markers = [
            Biomarker(name=b.name, alteration=b.alteration, status=b.status, value=b.value)
            for b in diagnosis.biomarkers.all()
        ]
    case = diagnosis.case
    return DiagnosisFacts(
        cancer_type_code=diagnosis.cancer_type_code or case.cancer_type_code,
        cancer_type_name=diagnosis.cancer_type_name or case.cancer_type_name,
        histology=diagnosis.histology_code or diagnosis.histology_name,
        primary_site=diagnosis.primary_site_name or diagnosis.primary_site_code,
        grade=diagnosis.grade,
        t=diagnosis.t,
        n=diagnosis.n,
        m=diagnosis.m,
        stage_group=diagnosis.stage_group,
        biomarkers=tuple(markers),
        age=patient_age(case),
        sex=case.patient.sex if case.patient.sex in ("female", "male") else "",
        confirmed=diagnosis.is_confirmed,
        sources={"diagnosis": f"{diagnosis.kind} diagnosis #{diagnosis.pk}"},
    )


def _stage_compute(diagnosis: Diagnosis, markers: list[Biomarker]) -> None:
    """Stage from T/N/M (a stated FIGO stage is passed on); say what is missing if it cannot.

    Pathology reports rarely state M. As AJCC stage grouping does when there is no
    clinical or radiographic evidence of distant metastasis, an unstated M is staged as
    cM0 — and the note says so, so the reviewer confirms it rather than discovers it.
    """
    from secondlook.oncology.staging import stage_from_facts

    facts = diagnosis_facts(diagnosis, markers)
    stated = diagnosis.stage_group if diagnosis.stage_system == "FIGO" else ""
    facts = dataclasses.replace(facts, stage_group=stated)
    result = stage_from_facts(facts)
    assumed = ""
    if not result.stage_group and not facts.m and "M category" in result.missing:
        with_m0 = stage_from_facts(dataclasses.replace(facts, m="cM0"))
        if with_m0.stage_group:
            result = with_m0
            assumed = "M not stated in the records: staged as cM0 (no known distant metastasis). "
    diagnosis.stage_group = result.stage_group[:16]
    diagnosis.stage_system = result.system[:40] if result.stage_group else ""
    if result.stage_group:
        diagnosis.stage_note = f"{assumed}{result.explanation}"[:300]
    else:
        missing = ", ".join(result.missing)
        note = f"Cannot stage: needs {missing}." if missing else "Cannot stage."
        diagnosis.stage_note = f"{note} {result.explanation}".strip()[:300]
    diagnosis.save(update_fields=["stage_group", "stage_system", "stage_note", "updated_at"])


@transaction.atomic
def fact_proposal_decide(
    *, actor: User, proposal: FactProposal, decision: str, value: str = ""
) -> FactProposal:
    """Confirm a proposal as stated, correct its value, or reject it; each decision is kept."""
    proposal = FactProposal.objects.select_for_update().select_related("case").get(pk=proposal.pk)
    case = proposal.case
    _require_confirmer(actor, case)
    if decision not in DECISIONS:
        raise ValidationFailed("Choose confirm, correct or reject.")
    value = (value or "").strip()
    if decision == "edit" and not value:
        raise ValidationFailed("Type the corrected value, or confirm the fact as stated.")
    if len(value) > VALUE_MAX_LENGTH:
        raise ValidationFailed(f"Keep the value to {VALUE_MAX_LENGTH} characters or fewer.")
    if decision == "edit" and proposal.field == FactField.BIOMARKER:
        value = value.lower()
        if value not in MARKER_STATUSES:
            raise ValidationFailed(
                f"For {proposal.biomarker_name or 'a marker'}, type one of: "
                f"{', '.join(MARKER_STATUSES)}."
            )
    old_status, old_value = proposal.status, proposal.current_value
    stated = proposal.biomarker_status if proposal.field == FactField.BIOMARKER else proposal.value
    new_status, new_value = {
        "confirm": (ProposalStatus.CONFIRMED, stated),
        "edit": (ProposalStatus.EDITED, value),
        "reject": (ProposalStatus.REJECTED, ""),
    }[decision]
    if (old_status, old_value) == (new_status, new_value):
        return proposal
    proposal.status = new_status
    proposal.confirmed_value = new_value
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.save(
        update_fields=["status", "confirmed_value", "decided_by", "decided_at", "updated_at"]
    )
    FactEdit.objects.create(
        proposal=proposal,
        actor=actor,
        from_status=old_status,
        to_status=new_status,
        old_value=old_value,
        new_value=new_value,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=proposal,
        case_reference=case.reference,
        purpose=f"diagnosis fact {new_status}",
    )
    return proposal


@transaction.atomic
def review_diagnosis_confirm(*, actor: User, case: Case) -> Diagnosis:
    """Build the second-opinion diagnosis from the decided facts, stage it, grade concordance."""
    case = Case.objects.select_for_update().select_related("patient").get(pk=case.pk)
    _require_confirmer(actor, case)
    decided = FactProposal.objects.filter(
        case=case, status__in=[ProposalStatus.CONFIRMED, ProposalStatus.EDITED]
    )
    if not decided.exists():
        raise ValidationFailed(
            "Confirm or correct at least one fact before confirming the diagnosis."
        )
    values = _fields_from(decided, use_decisions=True)
    markers = _markers_from(decided, use_decisions=True)
    review = _diagnosis_save(
        case, DiagnosisKind.REVIEW, DiagnosisStatus.CONFIRMED, values, markers, actor=actor
    )
    waiting = FactProposal.objects.filter(case=case, status=ProposalStatus.PROPOSED).count()
    summary = "Second-opinion diagnosis confirmed"
    if review.stage_group:
        summary += f": stage {review.stage_group}"
    assessment = _concordance_assess(actor=actor, case=case, review=review)
    if assessment is not None:
        summary += f"; {assessment.get_grade_display().lower()} from the outside diagnosis"
    case_event_record(
        case=case,
        actor=actor,
        kind=EventKind.UPDATED,
        summary=summary[:300],
        reason=f"{waiting} extracted fact(s) left undecided." if waiting else "",
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=review,
        case_reference=case.reference,
        purpose="diagnosis confirmed",
    )
    return review


def _concordance_assess(
    *, actor: User, case: Case, review: Diagnosis
) -> ConcordanceAssessment | None:
    outside = Diagnosis.objects.filter(case=case, kind=DiagnosisKind.OUTSIDE).first()
    if outside is None:
        return None
    from secondlook.oncology.concordance import compare

    result = compare(
        diagnosis_facts(outside),
        diagnosis_facts(review),
        stage_outside=outside.stage_group,
        stage_review=review.stage_group,
    )
    assessment = ConcordanceAssessment.objects.create(
        case=case,
        grade=result.grade,
        changes_management=bool(result.changes_management),
        reason=result.reason,
        differences=[_plain(difference) for difference in result.differences],
        stage_outside=outside.stage_group,
        stage_review=review.stage_group,
        assessed_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=assessment,
        case_reference=case.reference,
        purpose="concordance graded",
    )
    return assessment


def _plain(difference: object) -> object:
    """A difference as JSON: dataclasses become dicts, anything else its text."""
    if dataclasses.is_dataclass(difference) and not isinstance(difference, type):
        return dataclasses.asdict(difference)
    if isinstance(difference, dict | str | int | float):
        return difference
    return str(difference)


def can_enter_outside_diagnosis(user: User, case: Case) -> bool:
    """Transcribing the referral is navigator work as much as a clinician's."""
    return can_confirm_diagnosis(user, case) or can_coordinate(user, case)


def _outside_values_check(values: dict[str, Any]) -> None:
    """Refuse what a hand-typed referral cannot mean, so the stage is not built on a typo."""
    unknown = set(values) - _STRUCTURED_FIELDS
    if unknown:
        raise ValidationFailed(f"Unknown diagnosis fields: {', '.join(sorted(unknown))}.")
    for field in ("t", "n", "m"):
        value = str(values.get(field) or "").strip()
        if value and not is_category(field.upper(), value):
            raise ValidationFailed(
                f"{field.upper()} category '{value}' is not a TNM category "
                f"(for example p{field.upper()}1, c{field.upper()}0, y{field.upper()}2)."
            )
    code = values.get("cancer_type_code", "")
    if code and code not in BY_CODE:
        raise ValidationFailed(f"'{code}' is not a cancer type this program knows.")
    examined, positive = values.get("nodes_examined"), values.get("nodes_positive")
    if examined is not None and positive is not None and positive > examined:
        raise ValidationFailed(
            f"{positive} positive lymph nodes cannot be more than the {examined} examined."
        )
    size = values.get("tumor_size_mm")
    if size is not None and not 0 < size <= 2000:
        raise ValidationFailed("Tumor size must be between 0 and 2000 mm.")


@transaction.atomic
def outside_diagnosis_enter(
    *, actor: User, case: Case, values: dict[str, Any], markers: Iterable[Biomarker] = ()
) -> Diagnosis:
    """The outside diagnosis typed from the referral when no readable report states it."""
    if not can_view_case(actor, case):
        raise NotFound("No such case, or you do not have access to it.")
    if not can_enter_outside_diagnosis(actor, case):
        raise PermissionDenied(
            "Only the case's navigator, a pathologist or a specialist may enter the outside "
            "diagnosis."
        )
    _outside_values_check(values)
    code = values.get("cancer_type_code", "")
    if code and code in BY_CODE and not values.get("cancer_type_name"):
        values = {**values, "cancer_type_name": BY_CODE[code].name}
    diagnosis = _diagnosis_save(
        case, DiagnosisKind.OUTSIDE, DiagnosisStatus.ENTERED, values, list(markers)
    )
    case_event_record(
        case=case, actor=actor, kind=EventKind.UPDATED, summary="Outside diagnosis entered"
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=diagnosis,
        case_reference=case.reference,
        purpose="outside diagnosis entered",
    )
    return diagnosis

"""Reads on the structured diagnosis, scoped to who may see the case; staff reads audited."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from secondlook.accounts.models import Site, User
from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record
from secondlook.cases.models import Case
from secondlook.cases.permissions import access_purpose
from secondlook.core.errors import NotFound
from secondlook.core.extensions import read_once_per_render
from secondlook.oncology import mcode
from secondlook.oncology.choices import ConcordanceGrade, DiagnosisKind, DiagnosisStatus
from secondlook.oncology.facts import Biomarker, DiagnosisFacts
from secondlook.oncology.models import ConcordanceAssessment, Diagnosis, FactProposal
from secondlook.records.models import Document, DocumentText
from secondlook.records.selectors import case_documents

EXCERPT_CONTEXT = 90


def case_diagnosis_facts(*, case: Case) -> DiagnosisFacts:
    """The case's disease as engines should read it.

    The confirmed second-opinion diagnosis when there is one; else the outside diagnosis
    as the referring reports state it; else what intake recorded (the cancer type).
    The patient's age and sex always come from intake.
    """
    from secondlook.oncology.services import diagnosis_facts, patient_age

    age = patient_age(case)
    diagnoses = {
        d.kind: d for d in Diagnosis.objects.filter(case=case).prefetch_related("biomarkers")
    }
    review = diagnoses.get(DiagnosisKind.REVIEW)
    chosen = review if review is not None and review.is_confirmed else None
    chosen = chosen or diagnoses.get(DiagnosisKind.OUTSIDE)
    if chosen is not None and chosen.cancer_type_code:
        facts = diagnosis_facts(chosen)
        return dataclasses.replace(
            facts, sources={**facts.sources, "age": "intake", "sex": "intake"}
        )
    return DiagnosisFacts(
        cancer_type_code=case.cancer_type_code,
        cancer_type_name=case.cancer_type_name,
        age=age,
        sex=case.patient.sex if case.patient.sex in ("female", "male") else "",
        sources={"cancer_type_code": "intake", "age": "intake", "sex": "intake"},
    )


def _audited(user: User, case: Case, what: str) -> str:
    purpose = access_purpose(user, case)
    if purpose is None:
        raise NotFound("No such case, or you do not have access to it.")
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        object_type="oncology.diagnosis",
        object_id=str(case.pk),
        case_reference=case.reference,
        purpose=f"{what}: {purpose}"[:120],
    )
    return purpose


def highlighted(text: str, start: int, end: int, *, context: int | None = None) -> SafeString:
    """The text with `<mark>` around [start, end), everything escaped; an excerpt if asked."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    left, right = 0, len(text)
    if context is not None:
        left, right = max(0, start - context), min(len(text), end + context)
    before = ("…" if left else "") + text[left:start]
    after = text[end:right] + ("…" if right < len(text) else "")
    return mark_safe(  # noqa: S308 - every piece is escaped here
        f"{escape(before)}<mark>{escape(text[start:end])}</mark>{escape(after)}"
    )


@dataclass(frozen=True)
class ProposalView:
    proposal: FactProposal
    excerpt: SafeString


@dataclass(frozen=True)
class DiagnosisOverview:
    """What the case page's diagnosis panel shows."""

    documents: list[Document]
    proposals: list[ProposalView]
    outside: Diagnosis | None
    review: Diagnosis | None
    concordance: ConcordanceAssessment | None
    waiting: int

    @property
    def reading(self) -> bool:
        return any(d.ingestion_status == "pending" for d in self.documents)


def diagnosis_overview_for(
    *, user: User, case: Case, purpose: str = "diagnosis"
) -> DiagnosisOverview:
    """Documents' reading status, extracted facts with their source, diagnoses, grade."""
    _audited(user, case, purpose)
    documents = read_once_per_render(
        ("case_documents", case.pk), lambda: list(case_documents(case=case))
    )
    texts = {t.document_id: t.text for t in DocumentText.objects.filter(document__case=case)}
    proposals = [
        ProposalView(
            proposal=p,
            excerpt=highlighted(
                texts.get(p.document_id, ""), p.start, p.end, context=EXCERPT_CONTEXT
            ),
        )
        for p in FactProposal.objects.filter(case=case)
        .select_related("decided_by")
        .order_by("document_id", "start", "id")
    ]
    diagnoses = {
        d.kind: d for d in Diagnosis.objects.filter(case=case).prefetch_related("biomarkers")
    }
    return DiagnosisOverview(
        documents=documents,
        proposals=proposals,
        outside=diagnoses.get(DiagnosisKind.OUTSIDE),
        review=diagnoses.get(DiagnosisKind.REVIEW),
        concordance=ConcordanceAssessment.objects.filter(case=case).first(),
        waiting=sum(1 for view in proposals if view.proposal.status == "proposed"),
    )


OUTSIDE_FORM_FIELDS = (
    "cancer_type_code", "histology_name", "primary_site_name", "laterality", "grade",
    "tumor_size_mm", "nodes_examined", "nodes_positive", "t", "n", "m", "ajcc_edition",
)  # fmt: skip


def outside_diagnosis_for(*, user: User, case: Case, purpose: str) -> Diagnosis | None:
    """The outside diagnosis as recorded so far (read from reports or typed); audited."""
    _audited(user, case, purpose)
    return Diagnosis.objects.filter(case=case, kind=DiagnosisKind.OUTSIDE).first()


def outside_diagnosis_initial(diagnosis: Diagnosis | None) -> dict[str, object]:
    """What the entry form starts from, so correcting one field keeps the others."""
    if diagnosis is None:
        return {}
    return {field: getattr(diagnosis, field) for field in OUTSIDE_FORM_FIELDS}


def fact_proposal_get_for(*, user: User, proposal_id: int) -> FactProposal:
    proposal = FactProposal.objects.select_related("case__patient").filter(pk=proposal_id).first()
    if proposal is None or access_purpose(user, proposal.case) is None:
        raise NotFound("No such fact, or you do not have access to it.")
    return proposal


def document_text_for(*, user: User, document_id: int) -> DocumentText:
    """A record's read text for staff who may see the case; the read is audited."""
    text = (
        DocumentText.objects.select_related("document__case__patient")
        .filter(document_id=document_id)
        .first()
    )
    if text is None or access_purpose(user, text.document.case) is None:
        raise NotFound("No text for this record, or you do not have access to it.")
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        target=text.document,
        case_reference=text.document.case.reference,
        purpose="record text",
    )
    return text


def mcode_bundle_for(*, user: User, case: Case) -> dict[str, Any]:
    """The confirmed diagnosis as an mCODE FHIR bundle; the export is in the audit log.

    Raises NotFound when the user may not see the case, or nothing is confirmed yet.
    """
    if access_purpose(user, case) is None:
        raise NotFound("No such case, or you do not have access to it.")
    review = (
        Diagnosis.objects.filter(
            case=case, kind=DiagnosisKind.REVIEW, status=DiagnosisStatus.CONFIRMED
        )
        .prefetch_related("biomarkers")
        .first()
    )
    if review is None:
        raise NotFound("This case has no confirmed diagnosis yet: confirm it first.")
    patient = case.patient
    bundle = mcode.bundle_write(
        patient=mcode.PatientRecord(
            identifier=f"patient-{patient.pk}",
            given=patient.first_name,
            family=patient.last_name,
            birth_date=patient.date_of_birth.isoformat(),
            gender=patient.sex,
        ),
        diagnosis=diagnosis_record(review),
        bundle_id=f"secondlook-{case.reference}".replace("_", "-")[:64],
        issued=(review.confirmed_at or timezone.now()).isoformat(timespec="seconds"),
    )
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        target=review,
        case_reference=case.reference,
        purpose="mCODE export",
    )
    return bundle


def diagnosis_record(diagnosis: Diagnosis) -> mcode.DiagnosisRecord:
    return mcode.DiagnosisRecord(
        cancer_type_code=diagnosis.cancer_type_code,
        cancer_type_name=diagnosis.cancer_type_name,
        primary_site_code=diagnosis.primary_site_code,
        primary_site_name=diagnosis.primary_site_name,
        laterality=diagnosis.laterality,
        histology_code=diagnosis.histology_code,
        histology_name=diagnosis.histology_name,
        grade=diagnosis.grade,
        tumor_size_mm=float(diagnosis.tumor_size_mm)
        if diagnosis.tumor_size_mm is not None
        else None,
        t=diagnosis.t,
        n=diagnosis.n,
        m=diagnosis.m,
        stage_group=diagnosis.stage_group,
        stage_system=diagnosis.stage_system,
        biomarkers=tuple(
            Biomarker(name=b.name, alteration=b.alteration, status=b.status, value=b.value)
            for b in diagnosis.biomarkers.all()
        ),
    )


def diagnosis_change_rate(
    *, site: Site | None = None, period: tuple[date, date] | None = None
) -> dict[str, float | int]:
    """How often the second opinion changed the diagnosis, for the analytics dashboard.

    Counts each case once, by its latest concordance assessment, among cases assessed in
    `period` (inclusive dates, local time) at `site` (all sites when None). `rate` is
    the share graded minor or major; `major_rate` the share graded major.
    """
    latest = ConcordanceAssessment.objects.filter(case=OuterRef("case")).order_by(
        "-created_at", "-id"
    )
    assessments: QuerySet[ConcordanceAssessment] = ConcordanceAssessment.objects.filter(
        pk=Subquery(latest.values("pk")[:1])
    )
    if site is not None:
        assessments = assessments.filter(case__site=site)
    if period is not None:
        first, last = period
        zone = timezone.get_current_timezone()
        assessments = assessments.filter(
            created_at__gte=datetime.combine(first, time.min, zone),
            created_at__lte=datetime.combine(last, time.max, zone),
        )
    grades = list(assessments.values_list("grade", flat=True))
    assessed = len(grades)
    minor = grades.count(ConcordanceGrade.MINOR)
    major = grades.count(ConcordanceGrade.MAJOR)
    return {
        "assessed": assessed,
        "minor": minor,
        "major": major,
        "rate": (minor + major) / assessed if assessed else 0.0,
        "major_rate": major / assessed if assessed else 0.0,
    }

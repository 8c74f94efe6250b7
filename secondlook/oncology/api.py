"""Oncology API, mounted at /api/oncology: a case's diagnosis and its mCODE bundle.

Errors are JSON `{"message": ...}` (config/api.py): 404 for a case the token's user
cannot see or one without a confirmed diagnosis.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from secondlook.cases.selectors import case_get_for
from secondlook.oncology import selectors

router = Router(tags=["oncology"])


class BiomarkerOut(Schema):
    name: str
    alteration: str
    status: str
    value: str


class DiagnosisOut(Schema):
    kind: str
    status: str
    cancer_type_code: str
    cancer_type_name: str
    primary_site_code: str
    histology_code: str
    histology_name: str
    grade: str
    t: str
    n: str
    m: str
    stage_group: str
    stage_system: str
    stage_note: str
    biomarkers: list[BiomarkerOut]

    @staticmethod
    def resolve_biomarkers(diagnosis: Any) -> list[Any]:
        return list(diagnosis.biomarkers.all())


class ConcordanceOut(Schema):
    grade: str
    changes_management: bool
    reason: str
    differences: list[Any]


class CaseDiagnosisOut(Schema):
    outside: DiagnosisOut | None
    review: DiagnosisOut | None
    concordance: ConcordanceOut | None
    facts_waiting: int


@router.get(
    "/cases/{case_id}/diagnosis",
    response=CaseDiagnosisOut,
    summary="The outside and second-opinion diagnoses of a case and their concordance",
)
def case_diagnosis(request: HttpRequest, case_id: int) -> dict[str, Any]:
    case = case_get_for(user=request.user, case_id=case_id, purpose="diagnosis (API)")
    overview = selectors.diagnosis_overview_for(user=request.user, case=case)
    return {
        "outside": overview.outside,
        "review": overview.review,
        "concordance": overview.concordance,
        "facts_waiting": overview.waiting,
    }


@router.get(
    "/cases/{case_id}/mcode",
    summary="The confirmed diagnosis as an mCODE (FHIR R4) Bundle",
    response={200: dict[str, Any]},
)
def case_mcode(request: HttpRequest, case_id: int) -> dict[str, Any]:
    case = case_get_for(user=request.user, case_id=case_id, purpose="mCODE export (API)")
    return selectors.mcode_bundle_for(user=request.user, case=case)

"""The whole path with the real engines: a pathology PDF in, a staged, confirmed and
graded diagnosis out, and the browser flow a navigator and a pathologist walk."""

from __future__ import annotations

import json

import pytest
from fhir.resources.R4B.bundle import Bundle

from secondlook.core.testing import Personas
from secondlook.oncology.models import ConcordanceAssessment, Diagnosis, FactProposal
from secondlook.oncology.tests import helpers
from secondlook.records import ingestion

REAL_EXTRACT = ingestion._extract


@pytest.fixture
def real_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingestion, "_extract", REAL_EXTRACT)


def test_real_extraction_stages_the_outside_report(
    personas: Personas, real_extraction: None
) -> None:
    helpers.read_report(personas)
    fields = set(
        FactProposal.objects.filter(case=personas.pat_case).values_list("field", flat=True)
    )
    assert {"histology", "grade", "t", "n", "biomarker"} <= fields
    outside = Diagnosis.objects.get(case=personas.pat_case, kind="outside")
    assert (outside.cancer_type_code, outside.t, outside.n) == ("IDC", "pT1c", "pN0")
    assert outside.stage_group == "IA"


def test_an_unstated_m_is_staged_as_cm0_and_the_note_says_so(
    personas: Personas, real_extraction: None
) -> None:
    pages = (tuple(line for line in helpers.PATHOLOGY_PAGES[0]) + ("pT1c pN0",),)
    helpers.read_report(personas, helpers.text_pdf_bytes(pages))
    outside = Diagnosis.objects.get(case=personas.pat_case, kind="outside")
    assert outside.m == ""
    assert outside.stage_group == "IA"
    assert "staged as cM0" in outside.stage_note


def test_confirmed_real_diagnosis_exports_and_grades(
    personas: Personas, real_extraction: None
) -> None:
    helpers.read_report(personas)
    helpers.confirm_all(personas)
    assert ConcordanceAssessment.objects.get(case=personas.pat_case).grade == "none"
    from secondlook.oncology.selectors import mcode_bundle_for

    bundle = mcode_bundle_for(user=personas.paul, case=personas.pat_case)
    Bundle.model_validate(json.loads(json.dumps(bundle)))

"""mCODE export of the confirmed diagnosis, and import of such a bundle (round trip)."""

from __future__ import annotations

import json

from django.test import Client
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from secondlook.audit.models import AuditEvent
from secondlook.core.testing import Personas
from secondlook.oncology import mcode, selectors
from secondlook.oncology.models import Diagnosis
from secondlook.oncology.tests import helpers
from secondlook.records.ingestion import document_ingest
from secondlook.records.services import document_upload


def _profiles(bundle: dict) -> list[str]:
    return [
        profile.rsplit("/", 1)[-1]
        for entry in bundle["entry"]
        for profile in entry["resource"].get("meta", {}).get("profile", [])
    ]


def test_export_is_a_valid_fhir_bundle_shaped_like_mcode(personas: Personas) -> None:
    helpers.read_report(personas)
    helpers.confirm_all(personas)
    bundle = selectors.mcode_bundle_for(user=personas.paul, case=personas.pat_case)
    parsed = Bundle.model_validate(bundle)
    assert parsed.type == "collection"
    profiles = _profiles(bundle)
    for expected in (
        "mcode-cancer-patient",
        "mcode-primary-cancer-condition",
        "mcode-tnm-stage-group",
        "mcode-tnm-primary-tumor-category",
        "mcode-tnm-regional-nodes-category",
        "mcode-tnm-distant-metastases-category",
        "mcode-tumor-marker-test",
        "mcode-human-specimen",
    ):
        assert expected in profiles
    assert AuditEvent.objects.filter(actor=personas.paul, action="export").exists()


def test_genomic_variants_are_exported_as_genomic_variant_observations() -> None:
    bundle = helpers.fhir_bundle()
    variants = [
        entry["resource"]
        for entry in bundle["entry"]
        if "mcode-genomic-variant" in _profiles({"entry": [entry]})
    ]
    assert len(variants) == 1
    gene = variants[0]["component"][0]["valueCodeableConcept"]["text"]
    assert gene == "EGFR"


def test_importing_an_exported_bundle_gives_back_the_same_diagnosis(personas: Personas) -> None:
    helpers.read_report(personas)
    helpers.confirm_all(personas)
    bundle = selectors.mcode_bundle_for(user=personas.paul, case=personas.pat_case)
    review = Diagnosis.objects.get(case=personas.pat_case, kind="review")
    # The bundle arrives as an outside record of Quinn's case at Chicago.
    document = document_upload(
        actor=personas.nate,
        case=personas.quinn_case,
        uploaded=helpers.upload("export.json", json.dumps(bundle).encode()),
        kind="pathology",
    )
    document_ingest(document_id=document.pk)
    imported = Diagnosis.objects.get(case=personas.quinn_case, kind="outside")
    same = ("cancer_type_code", "histology_code", "primary_site_code", "grade", "t", "n", "m")
    assert [getattr(imported, f) for f in same] == [getattr(review, f) for f in same]
    assert imported.stage_group == review.stage_group == "IA"
    assert [(b.name, b.status, b.value) for b in imported.biomarkers.all()] == [
        (b.name, b.status, b.value) for b in review.biomarkers.all()
    ]


def test_bundle_read_round_trips_every_exported_field() -> None:
    bundle = helpers.fhir_bundle()
    diagnosis = mcode.bundle_read(bundle).diagnosis
    assert diagnosis.cancer_type_code == "LUAD"
    assert (diagnosis.t, diagnosis.n, diagnosis.m) == ("cT2a", "cN2", "cM0")
    assert [(b.name, b.alteration, b.value) for b in diagnosis.biomarkers] == [
        ("EGFR", "exon 19 deletion", ""),
        ("PD-L1", "", "TPS 60%"),
    ]


def test_case_page_download_is_a_json_attachment(personas: Personas) -> None:
    helpers.read_report(personas)
    helpers.confirm_all(personas)
    client = Client()
    client.force_login(personas.nina)
    response = client.get(reverse("oncology:mcode", args=[personas.pat_case.pk]))
    assert response["Content-Type"] == "application/fhir+json"
    assert "attachment" in response["Content-Disposition"]
    Bundle.model_validate(json.loads(response.content))


def test_no_download_before_the_diagnosis_is_confirmed(personas: Personas) -> None:
    helpers.read_report(personas)
    client = Client()
    client.force_login(personas.nina)
    response = client.get(reverse("oncology:mcode", args=[personas.pat_case.pk]), follow=True)
    assert "no confirmed diagnosis yet" in response.content.decode()

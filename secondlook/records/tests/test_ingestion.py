"""Reading uploaded records: text with page offsets, failures a navigator can act on,
idempotent re-reads, and nothing half-imported."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image, ImageDraw, ImageFont

from secondlook.cases.choices import TaskKind
from secondlook.cases.models import Task
from secondlook.core.errors import ValidationFailed
from secondlook.core.testing import Personas
from secondlook.oncology.models import FactProposal
from secondlook.oncology.tests import helpers
from secondlook.records import ingestion, readers
from secondlook.records.choices import IngestionStatus
from secondlook.records.models import Document, DocumentText
from secondlook.records.services import document_upload
from secondlook.records.tests import samples


@pytest.fixture
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingestion, "_extract", lambda text: helpers.fake_extract(text).facts)


def _upload(personas: Personas, name: str, content: bytes, kind: str = "pathology") -> Document:
    return document_upload(
        actor=personas.nina,
        case=personas.pat_case,
        uploaded=helpers.upload(name, content),
        kind=kind,
    )


def _read(document: Document) -> Document:
    ingestion.document_ingest(document_id=document.pk)
    return Document.objects.get(pk=document.pk)


@pytest.mark.django_db(transaction=True)
def test_upload_queues_reading_and_the_record_shows_its_facts(
    personas: Personas, fake_engine: None
) -> None:
    # A real commit: the upload's on-commit job runs (immediate mode in tests).
    document = _upload(personas, "report.pdf", helpers.text_pdf_bytes())
    document.refresh_from_db()
    assert document.ingestion_status == IngestionStatus.READ
    text = DocumentText.objects.get(document=document)
    assert "Invasive ductal carcinoma" in text.text
    assert FactProposal.objects.filter(document=document, field="histology").exists()


def test_pdf_text_layer_keeps_page_offsets(personas: Personas, fake_engine: None) -> None:
    document = _read(_upload(personas, "report.pdf", helpers.text_pdf_bytes()))
    text = document.text
    first, second = text.pages.all()
    assert text.method == "text_layer"
    assert "SURGICAL PATHOLOGY REPORT" in text.text[first.start : first.end]
    assert "Estrogen receptor" in text.text[second.start : second.end]
    assert "Estrogen receptor" not in text.text[first.start : first.end]


def test_fact_spans_point_at_the_words_of_the_record(personas: Personas, fake_engine: None) -> None:
    document = _read(_upload(personas, "report.pdf", helpers.text_pdf_bytes()))
    proposal = FactProposal.objects.get(document=document, field="grade")
    assert document.text.text[proposal.start : proposal.end] == "grade 2"


def test_reading_the_same_file_again_changes_nothing(personas: Personas, fake_engine: None) -> None:
    document = _read(_upload(personas, "report.pdf", helpers.text_pdf_bytes()))
    facts = FactProposal.objects.count()
    first_read_at = document.ingested_at
    again = _read(document)
    assert FactProposal.objects.count() == facts
    assert again.ingested_at == first_read_at
    assert DocumentText.objects.filter(document=document).count() == 1


def test_password_protected_pdf_becomes_a_navigator_task(personas: Personas) -> None:
    locked = samples.pdf_bytes(user_password="secret")
    document = _read(_upload(personas, "locked.pdf", locked))
    assert document.ingestion_status == IngestionStatus.FAILED
    assert "password" in document.ingestion_failure
    task = Task.objects.get(case=personas.pat_case, kind=TaskKind.OTHER)
    assert task.assignee == personas.nina
    assert "password" in task.title
    assert not DocumentText.objects.filter(document=document).exists()


def test_a_second_failure_of_the_same_file_adds_no_second_task(personas: Personas) -> None:
    document = _upload(personas, "locked.pdf", samples.pdf_bytes(user_password="secret"))
    _read(document)
    ingestion.document_ingest_failed(document_id=document.pk, reason="again")
    assert Task.objects.filter(case=personas.pat_case, kind=TaskKind.OTHER).count() == 1


def test_blank_scan_says_ocr_found_nothing(personas: Personas) -> None:
    document = _read(_upload(personas, "scan.png", samples.image_bytes("PNG")))
    assert document.ingestion_status == IngestionStatus.FAILED
    assert "OCR found nothing" in document.ingestion_failure


def _text_image(lines: list[str]) -> bytes:
    image = Image.new("L", (1400, 120 + 70 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=44)
    for number, line in enumerate(lines):
        draw.text((40, 40 + 70 * number), line, fill=0, font=font)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_scanned_image_is_read_by_ocr(personas: Personas, fake_engine: None) -> None:
    content = _text_image(["SURGICAL PATHOLOGY REPORT", "Invasive ductal carcinoma"])
    document = _read(_upload(personas, "scan.png", content))
    assert document.ingestion_status == IngestionStatus.READ
    assert document.text.method == "ocr"
    assert "ductal carcinoma" in document.text.text.lower()


def test_scanned_pdf_without_a_text_layer_is_read_by_ocr(
    personas: Personas, fake_engine: None
) -> None:
    page = Image.open(io.BytesIO(_text_image(["SURGICAL PATHOLOGY REPORT", "Tubular adenoma"])))
    scan = io.BytesIO()
    page.convert("RGB").save(scan, format="PDF", resolution=150)
    document = _read(_upload(personas, "scan.pdf", scan.getvalue()))
    assert document.ingestion_status == IngestionStatus.READ
    assert "tubular adenoma" in document.text.text.lower()


def test_plain_text_and_its_kind_suggestion_for_an_other_upload(
    personas: Personas, fake_engine: None
) -> None:
    content = helpers.pathology_text().encode()
    document = _read(_upload(personas, "note.txt", content, kind="other"))
    assert document.kind == "other"  # a suggestion only: the uploader's choice stands
    assert document.suggested_kind == "pathology"


def test_fhir_bundle_is_imported_with_its_coded_facts(personas: Personas) -> None:
    document = _read(_upload(personas, "outside.json", helpers.fhir_bytes()))
    assert document.media_type == "application/fhir+json"
    assert document.text.method == "fhir"
    markers = FactProposal.objects.filter(document=document, field="biomarker")
    assert {p.biomarker_name for p in markers} == {"EGFR", "PD-L1"}
    t_fact = FactProposal.objects.get(document=document, field="t")
    assert document.text.text[t_fact.start : t_fact.end] == "cT2a"


def test_malformed_fhir_bundle_is_marked_with_the_reason(personas: Personas) -> None:
    # An Observation without its required status and code.
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": {"resourceType": "Observation", "id": "x"}}],
    }
    document = _read(_upload(personas, "bad.json", json.dumps(bundle).encode()))
    assert document.ingestion_status == IngestionStatus.FAILED
    assert "malformed" in document.ingestion_failure
    assert not FactProposal.objects.filter(document=document).exists()


def test_hl7_pathology_message_is_read_from_its_text_segments(
    personas: Personas, fake_engine: None
) -> None:
    document = _read(_upload(personas, "result.hl7", helpers.hl7_bytes()))
    assert document.text.method == "hl7v2"
    assert document.text.text.startswith("Invasive ductal carcinoma")
    assert "18" not in document.text.text  # a numeric OBX is not report text
    assert FactProposal.objects.filter(document=document, field="grade").exists()


def test_hl7_message_that_is_not_a_result_is_refused_with_its_type(tmp_path) -> None:
    path = tmp_path / "adt.hl7"
    path.write_bytes(b"MSH|^~\\&|A|B|C|D|202601011200||ADT^A01|1|P|2.5\rPID|1||X\r")
    with pytest.raises(readers.Unreadable, match="ADT"):
        readers.read_hl7_message(path)


def test_a_failure_while_saving_leaves_nothing_half_imported(
    personas: Personas, monkeypatch: pytest.MonkeyPatch, fake_engine: None
) -> None:
    document = _upload(personas, "report.pdf", helpers.text_pdf_bytes())

    def broken(**kwargs: object) -> int:
        raise RuntimeError("database went away")

    monkeypatch.setattr("secondlook.oncology.services.fact_proposals_record", broken)
    with pytest.raises(RuntimeError):
        ingestion.document_ingest(document_id=document.pk)
    document.refresh_from_db()
    assert document.ingestion_status == IngestionStatus.PENDING
    assert not DocumentText.objects.filter(document=document).exists()


def test_last_failed_try_of_the_job_tells_the_navigator(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    from secondlook.records.tasks import ingest_document, retry_delay

    document = _upload(personas, "report.pdf", helpers.text_pdf_bytes())
    monkeypatch.setattr(ingestion, "_extract", lambda text: 1 / 0)
    task = type("FinalTry", (), {"retries": 0})()
    with pytest.raises(ZeroDivisionError):
        ingest_document.call_local(document.pk, task=task)
    document.refresh_from_db()
    assert document.ingestion_status == IngestionStatus.FAILED
    assert Task.objects.filter(case=personas.pat_case, kind=TaskKind.OTHER).exists()
    assert [retry_delay(left) for left in (4, 3, 2, 1)] == [15, 30, 60, 120]


@pytest.mark.parametrize(
    ("name", "content", "media_type"),
    [
        ("outside.json", helpers.fhir_bytes(), "application/fhir+json"),
        ("export", helpers.fhir_bytes(), "application/fhir+json"),
        ("result.hl7", helpers.hl7_bytes(), "x-application/hl7-v2+er7"),
        ("result.txt", helpers.hl7_bytes(), "x-application/hl7-v2+er7"),
    ],
)
def test_fhir_and_hl7_uploads_are_accepted_by_content(
    personas: Personas, name: str, content: bytes, media_type: str
) -> None:
    assert _upload(personas, name, content).media_type == media_type


def test_json_that_is_not_a_fhir_bundle_is_refused_with_advice(personas: Personas) -> None:
    with pytest.raises(ValidationFailed, match="not a FHIR bundle"):
        _upload(personas, "data.json", b'{"resourceType": "Patient"}')


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("SURGICAL PATHOLOGY REPORT\nFinal diagnosis: adenocarcinoma", "pathology"),
        ("CT CHEST WITH CONTRAST\nFINDINGS: 2 cm nodule\nIMPRESSION: suspicious", "radiology"),
        ("Next-generation sequencing: KRAS G12C, variant allele fraction 31%", "molecular"),
        ("CBC: hemoglobin 11.2 g/dL, platelets 210 (reference range 150-400)", "lab"),
        ("History of present illness: 58-year-old woman. Assessment and plan: ...", "clinic_note"),
        ("Parking validation for the visit", "other"),
    ],
)
def test_records_are_classified_by_keyword_rules(text: str, kind: str) -> None:
    assert readers.classify(text) == kind

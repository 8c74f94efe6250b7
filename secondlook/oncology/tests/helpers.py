"""Small synthetic records the diagnosis tests write themselves (no files on disk).

`fake_extract` stands in for the extraction engine where a test is about the pipeline,
not about extraction: it finds a handful of fixed phrases, so the facts are predictable.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from secondlook.oncology import mcode
from secondlook.oncology.facts import Biomarker, ExtractedFact, ExtractionResult

PATHOLOGY_PAGES = (
    (
        "SURGICAL PATHOLOGY REPORT",
        "Specimen: Left breast, lumpectomy with sentinel lymph node biopsy",
        "FINAL DIAGNOSIS:",
        "Invasive ductal carcinoma, Nottingham grade 2 of 3.",
        "Tumor size 1.8 cm (pT1c).",
    ),
    (
        "Sentinel lymph nodes: 0 of 3 positive (pN0).",
        "Distant metastasis: cM0 (clinical).",
        "Estrogen receptor: Positive, 95%",
        "HER2 (IHC): 1+ (negative)",
    ),
)


def _escape_pdf(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def text_pdf_bytes(pages: tuple[tuple[str, ...], ...] = PATHOLOGY_PAGES) -> bytes:
    """A real PDF with a text layer (Helvetica), one page per tuple of lines."""
    objects: list[bytes] = []
    page_ids = [4 + 2 * index for index in range(len(pages))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{pid} 0 R" for pid in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for index, lines in enumerate(pages):
        stream = "BT /F1 11 Tf 14 TL 72 740 Td " + " ".join(
            f"({_escape_pdf(line)}) Tj T*" for line in lines
        )
        stream += " ET"
        content_id = page_ids[index] + 1
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
            f"<< /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>".encode()
        )
        data = stream.encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def pathology_text() -> str:
    return "\n".join(line for page in PATHOLOGY_PAGES for line in page) + "\n"


_FAKE_RULES: tuple[tuple[str, str, str, str], ...] = (
    (r"Invasive ductal carcinoma", "cancer_type", "IDC", ""),
    (r"Invasive ductal carcinoma", "histology", "8500/3", "ICD-O-3"),
    (r"Left breast", "primary_site", "C50.9", "ICD-O-3"),
    (r"grade (\d)", "grade", "", ""),
    (r"pT(1c|2|3)", "t", "", "AJCC pTNM"),
    (r"pN(0|1)", "n", "", "AJCC pTNM"),
    (r"cM(0|1)", "m", "", "AJCC cTNM"),
)


def fake_extract(text: str) -> ExtractionResult:
    """Facts for a few fixed phrases, with their exact spans."""
    facts: list[ExtractedFact] = []
    for pattern, field, value, system in _FAKE_RULES:
        for match in re.finditer(pattern, text):
            found = value or (field.upper() if field in ("t", "n", "m") else "") + match.group(1)
            facts.append(
                ExtractedFact(
                    field=field,
                    value=found,
                    display=match.group(0),
                    start=match.start(),
                    end=match.end(),
                    confidence=0.9,
                    code_system=system,
                )
            )
    for match in re.finditer(r"Estrogen receptor: Positive, (\d+%)", text):
        marker = Biomarker(name="ER", status="positive", value=match.group(1))
        facts.append(
            ExtractedFact(
                field="biomarker",
                value="positive",
                display=match.group(0),
                start=match.start(),
                end=match.end(),
                confidence=0.85,
                biomarker=marker,
            )
        )
    return ExtractionResult(facts=tuple(facts), cancer_type_code="IDC" if facts else "")


def fhir_bundle() -> dict[str, Any]:
    return mcode.bundle_write(
        patient=mcode.PatientRecord("p1", "Pat", "Synthetic", "1961-04-02", "female"),
        diagnosis=mcode.DiagnosisRecord(
            cancer_type_code="LUAD",
            cancer_type_name="Lung Adenocarcinoma",
            primary_site_code="C34.1",
            primary_site_name="Upper lobe, lung",
            histology_code="8140/3",
            histology_name="Adenocarcinoma, NOS",
            t="cT2a",
            n="cN2",
            m="cM0",
            biomarkers=(
                Biomarker(name="EGFR", alteration="exon 19 deletion", status="positive"),
                Biomarker(name="PD-L1", status="positive", value="TPS 60%"),
            ),
        ),
        bundle_id="outside-export",
        issued="2026-03-01T09:00:00+00:00",
    )


def fhir_bytes() -> bytes:
    return json.dumps(fhir_bundle()).encode()


def hl7_bytes() -> bytes:
    segments = (
        "MSH|^~\\&|PATH|VALLEY LAB|SECONDLOOK|CC|202603011200||ORU^R01|MSG0001|P|2.5",
        "PID|1||SYN-0001||Synthetic^Pat",
        "OBR|1||SP-26-0001|88305^Surgical pathology",
        "OBX|1|TX|22637-3^Final diagnosis^LN||Invasive ductal carcinoma, Nottingham grade 2 "
        "of 3.||||||F",
        "OBX|2|TX|22637-3^Final diagnosis^LN||Estrogen receptor: Positive, 95%||||||F",
        "OBX|3|NM|21889-1^Size^LN||18|mm|||||F",
    )
    return "\r".join(segments).encode() + b"\r"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/octet-stream")


def read_report(personas: object, content: bytes | None = None, name: str = "report.pdf") -> int:
    """Nina uploads an outside report to Pat's case and it is read; returns the record id."""
    from secondlook.records.ingestion import document_ingest
    from secondlook.records.services import document_upload

    document = document_upload(
        actor=personas.nina,  # type: ignore[attr-defined]
        case=personas.pat_case,  # type: ignore[attr-defined]
        uploaded=upload(name, content or text_pdf_bytes()),
        kind="pathology",
    )
    document_ingest(document_id=document.pk)
    return document.pk


def confirm_all(personas: object) -> None:
    """Paul confirms every fact of Pat's case as stated, then the diagnosis."""
    from secondlook.oncology import services
    from secondlook.oncology.models import FactProposal

    paul = personas.paul  # type: ignore[attr-defined]
    case = personas.pat_case  # type: ignore[attr-defined]
    for proposal in FactProposal.objects.filter(case=case):
        services.fact_proposal_decide(actor=paul, proposal=proposal, decision="confirm")
    services.review_diagnosis_confirm(actor=paul, case=case)

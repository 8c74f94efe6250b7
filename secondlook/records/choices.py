from __future__ import annotations

from django.db import models


class DocumentKind(models.TextChoices):
    PATHOLOGY = "pathology", "Pathology report"
    RADIOLOGY = "radiology", "Radiology report"
    CLINIC_NOTE = "clinic_note", "Clinic note"
    LAB = "lab", "Lab results"
    MOLECULAR = "molecular", "Molecular / genomic report"
    OTHER = "other", "Other"


class DocumentSource(models.TextChoices):
    """Who sent a record: it tells the reviewer how far to trust its provenance."""

    CARE_TEAM = "care_team", "Care team"
    PATIENT = "patient", "Patient"
    REFERRING_PHYSICIAN = "referring", "Referring physician"


class MediaType(models.TextChoices):
    PDF = "application/pdf", "PDF"
    JPEG = "image/jpeg", "JPEG image"
    PNG = "image/png", "PNG image"
    TIFF = "image/tiff", "TIFF image"
    TEXT = "text/plain", "Plain text"
    FHIR = "application/fhir+json", "FHIR bundle"
    HL7V2 = "x-application/hl7-v2+er7", "HL7 v2 message"


class IngestionStatus(models.TextChoices):
    """How far reading a record has got; "failed" always carries a reason a navigator can act on."""

    PENDING = "pending", "Waiting to be read"
    READ = "read", "Read"
    FAILED = "failed", "Cannot be read"


class ReadingMethod(models.TextChoices):
    TEXT_LAYER = "text_layer", "PDF text"
    OCR = "ocr", "Scanned (OCR)"
    PLAIN_TEXT = "plain_text", "Plain text"
    FHIR = "fhir", "FHIR bundle"
    HL7V2 = "hl7v2", "HL7 v2 message"

from __future__ import annotations

from django.db import models


class DocumentKind(models.TextChoices):
    PATHOLOGY = "pathology", "Pathology report"
    RADIOLOGY = "radiology", "Radiology report"
    CLINIC_NOTE = "clinic_note", "Clinic note"
    LAB = "lab", "Lab results"
    MOLECULAR = "molecular", "Molecular / genomic report"
    OTHER = "other", "Other"


class MediaType(models.TextChoices):
    PDF = "application/pdf", "PDF"
    JPEG = "image/jpeg", "JPEG image"
    PNG = "image/png", "PNG image"
    TIFF = "image/tiff", "TIFF image"
    TEXT = "text/plain", "Plain text"

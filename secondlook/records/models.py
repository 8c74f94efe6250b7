from __future__ import annotations

from django.conf import settings
from django.db import models

from secondlook.cases.models import Case
from secondlook.core.models import BaseModel
from secondlook.records.choices import (
    DocumentKind,
    DocumentSource,
    IngestionStatus,
    MediaType,
    ReadingMethod,
)


class Document(BaseModel):
    """An outside record attached to a case.

    The file lives outside the web root under a random name; `sha256` detects the same
    file uploaded twice to one case.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=DocumentKind.choices, default=DocumentKind.OTHER)
    source = models.CharField(
        max_length=12,
        choices=DocumentSource.choices,
        default=DocumentSource.CARE_TEAM,
        help_text="Who sent the record; a referring physician's upload link has no account.",
    )
    description = models.CharField(max_length=200, blank=True)
    original_name = models.CharField(max_length=255)
    media_type = models.CharField(max_length=40, choices=MediaType.choices)
    size_bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=80, unique=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    ingestion_status = models.CharField(
        max_length=12, choices=IngestionStatus.choices, default=IngestionStatus.PENDING
    )
    ingestion_failure = models.CharField(
        max_length=300, blank=True, help_text="Why the record cannot be read, in plain words."
    )
    ingested_sha256 = models.CharField(
        max_length=64,
        blank=True,
        help_text="The content hash last read; reading the same bytes again changes nothing.",
    )
    ingested_at = models.DateTimeField(null=True, blank=True)
    suggested_kind = models.CharField(
        max_length=16,
        choices=DocumentKind.choices,
        blank=True,
        help_text="What the text looks like; shown as a suggestion when filed as Other.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "sha256"], name="document_unique_per_case"),
        ]
        indexes = [models.Index(fields=["case", "kind"])]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Document #{self.pk}"

    @property
    def is_encrypted_pdf(self) -> bool:
        """A PDF is stored without a page count only when a password hides its pages."""
        return self.media_type == MediaType.PDF and self.page_count is None


class DocumentText(BaseModel):
    """The words of a record as read (text layer, OCR, or rendered from a FHIR/HL7 message).

    Extracted facts point into `text` by character span, so the page can highlight the
    words each fact came from; `pages` gives where each page starts and ends.
    """

    document = models.OneToOneField(Document, on_delete=models.CASCADE, related_name="text")
    method = models.CharField(max_length=16, choices=ReadingMethod.choices)
    text = models.TextField()
    sha256 = models.CharField(max_length=64, help_text="The content hash the text was read from.")

    def __str__(self) -> str:
        return f"Text of record #{self.document_id}"


class DocumentPage(models.Model):
    """Where one page sits in the read text (`start` inclusive, `end` exclusive)."""

    document_text = models.ForeignKey(DocumentText, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["document_text", "number"], name="page_unique_number"),
        ]

    def __str__(self) -> str:
        return f"Page {self.number}"

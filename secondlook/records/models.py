from __future__ import annotations

from django.conf import settings
from django.db import models

from secondlook.cases.models import Case
from secondlook.core.models import BaseModel
from secondlook.records.choices import DocumentKind, MediaType


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
    description = models.CharField(max_length=200, blank=True)
    original_name = models.CharField(max_length=255)
    media_type = models.CharField(max_length=40, choices=MediaType.choices)
    size_bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=80, unique=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)

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

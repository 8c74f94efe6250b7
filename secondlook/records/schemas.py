"""API shapes for records. No storage name or disk path ever leaves the server."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from ninja import Field, Schema

from secondlook.records.choices import DocumentKind
from secondlook.records.models import Document
from secondlook.records.services import DESCRIPTION_MAX_LENGTH


class DocumentIn(Schema):
    """Form fields sent beside the file in a multipart upload."""

    kind: DocumentKind = DocumentKind.OTHER
    description: str = Field("", max_length=DESCRIPTION_MAX_LENGTH)


class DocumentOut(Schema):
    id: int
    case_id: int
    kind: DocumentKind
    kind_label: str
    description: str
    original_name: str
    media_type: str
    size_bytes: int
    sha256: str
    page_count: int | None = Field(
        description="Pages of a PDF or frames of a TIFF; null for single images, text, "
        "and PDFs whose password hides their pages."
    )
    uploaded_by_id: int | None
    uploaded_by_name: str
    created_at: datetime
    download_url: str = Field(description="Staff download link (session log-in); audited.")

    @staticmethod
    def resolve_kind_label(obj: Document) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_uploaded_by_name(obj: Document) -> str:
        return obj.uploaded_by.display_name if obj.uploaded_by else ""

    @staticmethod
    def resolve_download_url(obj: Document) -> str:
        return reverse("records:download", kwargs={"pk": obj.pk})

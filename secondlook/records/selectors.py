"""Reads on records, scoped to who may see the case; opening a record is audited."""

from __future__ import annotations

import logging
from typing import BinaryIO

from django.db.models import QuerySet

from secondlook.accounts.choices import Role
from secondlook.accounts.models import User
from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record
from secondlook.cases.models import Case
from secondlook.cases.permissions import access_purpose
from secondlook.cases.selectors import case_get_for
from secondlook.core.errors import NotFound
from secondlook.records import storage
from secondlook.records.choices import DocumentKind, MediaType
from secondlook.records.models import Document

logger = logging.getLogger(__name__)

_EXTENSIONS = {
    MediaType.PDF: "pdf",
    MediaType.JPEG: "jpg",
    MediaType.PNG: "png",
    MediaType.TIFF: "tif",
    MediaType.TEXT: "txt",
    MediaType.FHIR: "json",
    MediaType.HL7V2: "hl7",
}


def case_has_pathology_report(*, case: Case) -> bool:
    return Document.objects.filter(case=case, kind=DocumentKind.PATHOLOGY).exists()


def case_documents(*, case: Case) -> QuerySet[Document]:
    return (
        Document.objects.filter(case=case)
        .select_related("uploaded_by")
        .order_by("-created_at", "-id")
    )


def document_get_for(*, user: User, document_id: int, download: bool = False) -> Document:
    """One record for a user who may see its case, with the read in the audit log.

    A record the user may not see is reported as missing (NotFound), never as
    forbidden, so its existence leaks nothing; the refused attempt is logged.
    Staff reads are logged with the reason for access; a download is logged for
    everyone, patients included (purpose "own record"), because the file leaves the
    system.
    """
    document = (
        Document.objects.select_related("case__patient", "uploaded_by")
        .filter(pk=document_id)
        .first()
    )
    purpose = access_purpose(user, document.case) if document is not None else None
    if document is None or purpose is None:
        if document is not None and user.is_authenticated:
            audit_record(
                actor=user,
                action=AuditAction.DENIED,
                target=document,
                case_reference=document.case.reference,
                purpose="no access",
            )
        raise NotFound("No such record, or you do not have access to it.")
    if download or user.role != Role.PATIENT:
        audit_record(
            actor=user,
            action=AuditAction.DOWNLOAD if download else AuditAction.VIEW,
            target=document,
            case_reference=document.case.reference,
            purpose=purpose,
        )
    return document


def document_open(document: Document) -> BinaryIO:
    """The stored bytes of a record, for streaming; the caller closes the file.

    A row whose file is gone is an operations problem (restore from backup), logged by
    id only; the user is told the record cannot be opened.
    """
    try:
        return storage.path_for(document.storage_name).open("rb")
    except (OSError, ValueError) as exc:
        logger.error("Stored file missing for record #%s", document.pk)
        raise NotFound(
            "This record's file cannot be found. Please tell the program's support team."
        ) from exc


def download_filename(document: Document) -> str:
    """A file name for the browser that carries no patient name.

    The uploader's own file name often contains the patient's name and ends up in a
    shared workstation's Downloads folder; the case reference, kind and id do not.
    """
    extension = _EXTENSIONS[document.media_type]
    return f"{document.case.reference}-{document.kind}-{document.pk}.{extension}"


def case_documents_for(*, user: User, case_id: int) -> QuerySet[Document]:
    """A case's records for a user who may see the case; the case read is audited."""
    case = case_get_for(user=user, case_id=case_id)
    return case_documents(case=case)

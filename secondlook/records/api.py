"""Records API, mounted at /api/cases: upload a record to a case and list a case's records.

Errors are JSON `{"message": ...}` (config/api.py): 400 for a file we do not accept,
413 for one over `SECONDLOOK_MAX_UPLOAD_MB`, 409 for a file already in the case's
records, 404 for a case the token's user cannot see, 403 for a role that may not add
records, 422 for a malformed request (e.g. an unknown `kind`).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import File, Form, Router, Status, UploadedFile

from secondlook.cases.services import case_for_update
from secondlook.records import selectors, services
from secondlook.records.models import Document
from secondlook.records.schemas import DocumentIn, DocumentOut

router = Router(tags=["records"])


@router.post(
    "/{case_id}/records",
    response={201: DocumentOut},
    summary="Add a record (PDF, JPEG/PNG/TIFF image or UTF-8 text) to a case",
)
def records_upload(
    request: HttpRequest,
    case_id: int,
    file: File[UploadedFile],
    payload: Form[DocumentIn],
) -> Status[Document]:
    case = case_for_update(actor=request.user, case_id=case_id)
    document = services.document_upload(
        actor=request.user,
        case=case,
        uploaded=file,
        kind=payload.kind,
        description=payload.description,
    )
    return Status(201, document)


@router.get(
    "/{case_id}/records",
    response=list[DocumentOut],
    summary="The records of a case, newest first",
)
def records_list(request: HttpRequest, case_id: int) -> QuerySet[Document]:
    return selectors.case_documents_for(user=request.user, case_id=case_id)

"""Opinions API: the signed opinion as a PDF. Mounted at /api/cases.

Staff tokens only (patients have none and read their opinion in the portal); the same
selector as the staff download decides access and writes the audit row.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from secondlook.accounts.models import User
from secondlook.core.errors import PermissionDenied
from secondlook.review.schemas import MessageOut
from secondlook.review.selectors import opinion_pdf_for_case_id
from secondlook.review.views import pdf_response

router = Router(tags=["opinions"])

_PDF_RESPONSE = {
    "200": {
        "description": "The newest signed version of the opinion.",
        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@router.get(
    "/{case_id}/opinion.pdf",
    response={401: MessageOut, 403: MessageOut, 404: MessageOut},
    summary="The signed opinion as a PDF (the download is audited)",
    description="404 when the case does not exist, you may not see it, or no version is "
    "signed yet.",
    openapi_extra={"responses": _PDF_RESPONSE},
)
def opinion_pdf(request: HttpRequest, case_id: int) -> HttpResponse:
    user: User = request.auth  # type: ignore[attr-defined]
    if not user.is_clinic_staff:
        raise PermissionDenied("The API is for staff accounts; patients use the portal.")
    data, filename = opinion_pdf_for_case_id(user=user, case_id=case_id)
    return pdf_response(data, filename)

"""Record pages: download, upload (staff and patient) and re-classify.

Each view checks the request shape, calls one service or selector and redirects back to
the case page with a message; the services decide who may do what and why not.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from secondlook.accounts.choices import Role
from secondlook.cases.access import case_for_action
from secondlook.cases.models import Case
from secondlook.core.errors import ApplicationError, NotFound
from secondlook.records import selectors, services
from secondlook.records.forms import DocumentKindForm, DocumentUploadForm, first_error
from secondlook.records.models import Document


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """Staff of the case's site and the case's own patient may download; both are audited."""
    try:
        document = selectors.document_get_for(user=request.user, document_id=pk, download=True)
        handle = selectors.document_open(document)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=selectors.download_filename(document),
        content_type=document.media_type,
    )
    # The bytes came from outside: never let a browser guess a type, run anything in
    # them or keep a copy in a shared cache.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def document_upload(request: HttpRequest, case_pk: int) -> HttpResponse:
    """Staff add a record from the case page."""
    if not request.user.is_clinic_staff:
        raise PermissionDenied
    case = case_for_action(request, case_pk)
    _upload(request, case)
    return redirect("cases:detail", pk=case.pk)


@login_required
@require_POST
def patient_upload(request: HttpRequest, case_pk: int) -> HttpResponse:
    """A patient adds a record to their own open case from the portal."""
    if request.user.role != Role.PATIENT:
        raise PermissionDenied
    case = case_for_action(request, case_pk)
    _upload(request, case)
    return redirect("portal:case", pk=case.pk)


@login_required
@require_POST
def document_reclassify(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff re-file a record, e.g. a patient's "Other" upload as the pathology report."""
    if not request.user.is_clinic_staff:
        raise PermissionDenied
    document = _document_or_404(request, pk)
    form = DocumentKindForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
    else:
        try:
            services.document_kind_set(
                actor=request.user, document=document, kind=form.cleaned_data["kind"]
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                f"Record #{document.pk} is now filed as {document.get_kind_display().lower()}.",
            )
    return redirect("cases:detail", pk=document.case_id)


def _upload(request: HttpRequest, case: Case) -> None:
    form = DocumentUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return
    try:
        document = services.document_upload(
            actor=request.user,
            case=case,
            uploaded=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
            description=form.cleaned_data["description"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{document.get_kind_display()} added to the records.")


def _document_or_404(request: HttpRequest, pk: int) -> Document:
    try:
        return selectors.document_get_for(user=request.user, document_id=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc

"""The referring physician's upload page (no account: the signed link is the key) and
the navigator's buttons to issue and revoke such links from the staff case page."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from secondlook.cases.selectors import case_get_for
from secondlook.cases.views import staff_required
from secondlook.core.errors import ApplicationError, NotFound
from secondlook.portal import referring
from secondlook.portal.models import ReferringUploadLink
from secondlook.records.forms import DocumentUploadForm, first_error


def _private(response: HttpResponse) -> HttpResponse:
    """The token is in the address: never send it on as a referrer or keep a cached copy."""
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def referring_upload(request: HttpRequest, token: str) -> HttpResponse:
    """One page per link: the physician sends records, one file at a time."""
    try:
        link = referring.referring_link_resolve(token)
    except NotFound as exc:
        return _private(
            render(request, "portal/referring_upload.html", {"invalid": exc.message}, status=404)
        )
    form = DocumentUploadForm(request.POST or None, request.FILES or None)
    status = 200
    sent = None
    if request.method == "POST":
        if not form.is_valid():
            form.add_error(None, first_error(form))
            status = 400
        else:
            try:
                document = referring.referring_upload(
                    token=token,
                    uploaded=form.cleaned_data["file"],
                    kind=form.cleaned_data["kind"],
                    description=form.cleaned_data["description"],
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
                status = exc.status_code
            else:
                sent = document
                form = DocumentUploadForm()
    return _private(
        render(
            request,
            "portal/referring_upload.html",
            {"link": link, "form": form, "sent": sent},
            status=status,
        )
    )


@staff_required
@require_POST
def referring_link_issue(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        case = case_get_for(user=request.user, case_id=pk, purpose="referring upload link")
    except NotFound as exc:
        raise Http404(exc.message) from None
    try:
        days = int(request.POST.get("days") or referring.LINK_DAYS)
    except ValueError:
        days = 0
    try:
        issued = referring.referring_link_issue(
            actor=request.user,
            case=case,
            physician_name=request.POST.get("physician_name", ""),
            days=days,
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"Upload link for {issued.link.physician_name} (valid until "
            f"{issued.link.expires_at:%d %b %Y}): {referring.referring_link_url(issued.link)}",
        )
    return redirect("cases:detail", pk=case.pk)


@staff_required
@require_POST
def referring_link_revoke(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    try:
        case = case_get_for(user=request.user, case_id=pk, purpose="referring upload link")
    except NotFound as exc:
        raise Http404(exc.message) from None
    link = ReferringUploadLink.objects.filter(pk=link_pk, case=case).first()
    if link is None:
        raise Http404
    try:
        referring.referring_link_revoke(actor=request.user, link=link)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Upload link for {link.physician_name} revoked.")
    return redirect("cases:detail", pk=case.pk)

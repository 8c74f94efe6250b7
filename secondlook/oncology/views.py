"""Diagnosis pages: the case panel, the fact review page, a record's text, mCODE download.

Each view checks the request, calls one service or selector and renders or redirects;
the services decide who may confirm and the selectors audit every read.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from secondlook.accounts.models import User
from secondlook.cases.access import case_for_reading
from secondlook.cases.models import Case
from secondlook.core.errors import ApplicationError, NotFound
from secondlook.oncology import selectors, services
from secondlook.oncology.forms import FactDecisionForm, OutsideDiagnosisForm


def _staff(request: HttpRequest) -> User:
    if not request.user.is_clinic_staff:
        raise PermissionDenied
    return request.user


def panel_context(user: User, case: Case) -> dict[str, object] | None:
    """The staff case page's diagnosis panel (registered in OncologyConfig.ready)."""
    if not user.is_clinic_staff:
        return None
    return {
        "overview": selectors.diagnosis_overview_for(user=user, case=case),
        "can_confirm": services.can_confirm_diagnosis(user, case),
        "can_enter_outside": services.can_enter_outside_diagnosis(user, case),
    }


@login_required
@require_GET
def diagnosis_panel(request: HttpRequest, case_pk: int) -> HttpResponse:
    """The panel alone, for htmx to refresh while records are being read."""
    user = _staff(request)
    case = case_for_reading(request, case_pk, "diagnosis panel")
    context = panel_context(user, case)
    return render(request, "oncology/partials/case_panel.html", {"case": case, **(context or {})})


@login_required
@require_GET
def diagnosis_review(request: HttpRequest, case_pk: int) -> HttpResponse:
    """Every extracted fact with its source words highlighted, and what to do with it."""
    user = _staff(request)
    case = case_for_reading(request, case_pk, "diagnosis review")
    overview = selectors.diagnosis_overview_for(user=user, case=case, purpose="fact review")
    return render(
        request,
        "oncology/review.html",
        {
            "case": case,
            "overview": overview,
            "can_confirm": services.can_confirm_diagnosis(user, case),
        },
    )


@login_required
@require_POST
def fact_decide(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    try:
        proposal = selectors.fact_proposal_get_for(user=request.user, proposal_id=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    form = FactDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.first_error())
    else:
        try:
            services.fact_proposal_decide(
                actor=request.user,
                proposal=proposal,
                decision=form.cleaned_data["decision"],
                value=form.cleaned_data["value"],
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"{proposal.label}: saved.")
    url = reverse("oncology:review", kwargs={"case_pk": proposal.case_id})
    return redirect(f"{url}#fact-{proposal.pk}")


@login_required
@require_POST
def diagnosis_confirm(request: HttpRequest, case_pk: int) -> HttpResponse:
    _staff(request)
    case = case_for_reading(request, case_pk, "diagnosis confirmation")
    try:
        review = services.review_diagnosis_confirm(actor=request.user, case=case)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("oncology:review", case_pk=case.pk)
    stage = f", stage {review.stage_group}" if review.stage_group else ""
    messages.success(request, f"Second-opinion diagnosis confirmed{stage}.")
    return redirect("cases:detail", pk=case.pk)


@login_required
@require_http_methods(["GET", "POST"])
def outside_diagnosis(request: HttpRequest, case_pk: int) -> HttpResponse:
    """Type the outside diagnosis from the referral when no readable report states it."""
    user = _staff(request)
    case = case_for_reading(request, case_pk, "outside diagnosis entry")
    if not services.can_enter_outside_diagnosis(user, case):
        raise PermissionDenied
    outside = selectors.outside_diagnosis_for(user=user, case=case, purpose="outside diagnosis")
    if request.method == "POST":
        form = OutsideDiagnosisForm(request.POST)
        if form.is_valid():
            try:
                services.outside_diagnosis_enter(
                    actor=user, case=case, values=form.structured_values()
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Outside diagnosis saved; the stage was recomputed.")
                return redirect("cases:detail", pk=case.pk)
    else:
        form = OutsideDiagnosisForm(initial=selectors.outside_diagnosis_initial(outside))
    return render(
        request,
        "oncology/outside_diagnosis.html",
        {"case": case, "form": form, "outside": outside},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def document_text(request: HttpRequest, pk: int) -> HttpResponse:
    """A record's text as read, with the words of one fact highlighted (?start=&end=)."""
    _staff(request)
    try:
        text = selectors.document_text_for(user=request.user, document_id=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    start = _int(request.GET.get("start"))
    end = _int(request.GET.get("end"))
    body = selectors.highlighted(text.text, start, end) if end > start else text.text
    return render(
        request,
        "oncology/document_text.html",
        {"document": text.document, "text": text, "body": body, "case": text.document.case},
    )


def _int(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() else 0


@login_required
@require_GET
def mcode_download(request: HttpRequest, case_pk: int) -> HttpResponse:
    """The confirmed diagnosis as an mCODE FHIR bundle (JSON file); the export is audited."""
    _staff(request)
    case = case_for_reading(request, case_pk, "mCODE export")
    try:
        bundle = selectors.mcode_bundle_for(user=request.user, case=case)
    except NotFound as exc:
        messages.error(request, exc.message)
        return redirect("cases:detail", pk=case.pk)
    response = HttpResponse(json.dumps(bundle, indent=2), content_type="application/fhir+json")
    response["Content-Disposition"] = f'attachment; filename="{case.reference}-mcode.json"'
    response["Cache-Control"] = "private, no-store"
    return response

"""Follow-up actions from the staff case page: thin, each calls one service."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from secondlook.cases.access import case_for_reading, staff_required
from secondlook.core.errors import ApplicationError
from secondlook.followup import services
from secondlook.followup.forms import CheckInForm, PlanRevisionForm


@staff_required
@require_POST
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_reading(request, pk)
    try:
        created = services.check_ins_schedule(actor=request.user, case=case)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{len(created)} check-in(s) scheduled.")
    return redirect("cases:detail", pk=case.pk)


@staff_required
@require_POST
def check_in_complete(request: HttpRequest, pk: int, check_in_id: int) -> HttpResponse:
    case = case_for_reading(request, pk)
    form = CheckInForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say whether you reached the patient.")
        return redirect("cases:detail", pk=case.pk)
    try:
        services.check_in_complete(
            actor=request.user,
            check_in_id=check_in_id,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Check-in recorded.")
    return redirect("cases:detail", pk=case.pk)


@staff_required
@require_POST
def revise(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_reading(request, pk)
    form = PlanRevisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Fill every part of the revision: what changed, why, and the plan.")
        return redirect("cases:detail", pk=case.pk)
    try:
        revision = services.plan_revision_draft(actor=request.user, case=case, **form.cleaned_data)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"Revision drafted as opinion version {revision.opinion.number}. "
            "Sign it on the opinion page; the navigator then delivers it.",
        )
    return redirect("cases:detail", pk=case.pk)


@staff_required
@require_POST
def deliver(request: HttpRequest, pk: int, revision_id: int) -> HttpResponse:
    case = case_for_reading(request, pk)
    try:
        services.plan_revision_deliver(actor=request.user, revision_id=revision_id)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Revised opinion delivered; the patient has been e-mailed.")
    return redirect("cases:detail", pk=case.pk)

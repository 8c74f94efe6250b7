"""Supportive-care pages: the patient's distress screen, the staff screen, the worklist."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from secondlook.accounts.choices import Role
from secondlook.cases.access import case_for_reading, staff_required
from secondlook.core.errors import ApplicationError
from secondlook.portal.i18n import in_patient_language, portal_render
from secondlook.portal.views import patient_required
from secondlook.supportive import selectors, services
from secondlook.supportive.forms import DistressScreenForm, ReferralOutcomeForm
from secondlook.supportive.permissions import can_record_screen


@patient_required
@in_patient_language
@require_http_methods(["GET", "POST"])
def patient_screen(request: HttpRequest, pk: int) -> HttpResponse:
    """The thermometer in the portal; urgent answers see crisis help on the next page."""
    case = case_for_reading(request, pk)
    if not can_record_screen(request.user, case):
        raise Http404
    form = DistressScreenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            screen = services.distress_screen_record(
                actor=request.user, case=case, answers=form.answers()
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            return portal_render(
                request,
                "supportive/patient_screen_done.html",
                {"case": case, "screen": screen, "referrals": list(screen.referrals.all())},
            )
    return portal_render(request, "supportive/patient_screen.html", {"case": case, "form": form})


@staff_required
@require_POST
def staff_screen(request: HttpRequest, pk: int) -> HttpResponse:
    """The navigator (or supportive clinician) fills the screen with the patient."""
    case = case_for_reading(request, pk)
    form = DistressScreenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the distress score (0 to 10) before saving the screen.")
        return redirect("cases:detail", pk=case.pk)
    try:
        screen = services.distress_screen_record(
            actor=request.user, case=case, answers=form.answers()
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        count = screen.referrals.count()
        if screen.urgent:
            messages.error(
                request,
                "URGENT: the patient reported thoughts of self-harm. Stay with them, give them "
                "the 988 Suicide & Crisis Lifeline, and call the on-call clinician now.",
            )
        messages.success(request, f"Distress screen saved: {count} referral(s) made.")
    return redirect("cases:detail", pk=case.pk)


@staff_required
def worklist(request: HttpRequest) -> HttpResponse:
    if request.user.role not in (Role.SUPPORTIVE_CARE, Role.PROGRAM_ADMIN):
        raise DjangoPermissionDenied
    referrals = list(selectors.referral_worklist(user=request.user))
    return render(
        request,
        "supportive/worklist.html",
        {"referrals": referrals, "outcome_form": ReferralOutcomeForm()},
    )


def _back(request: HttpRequest, referral_case_id: int) -> HttpResponse:
    if request.POST.get("next") == "case":
        return redirect("cases:detail", pk=referral_case_id)
    return redirect("supportive:worklist")


@staff_required
@require_POST
def referral_claim(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.referral_get_for(user=request.user, referral_id=pk)
    if referral is None:
        raise Http404
    try:
        services.referral_claim(actor=request.user, referral_id=pk)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "The referral is yours now.")
    return _back(request, referral.case_id)


@staff_required
@require_POST
def referral_update(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.referral_get_for(user=request.user, referral_id=pk)
    if referral is None:
        raise Http404
    form = ReferralOutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a status for the referral.")
        return _back(request, referral.case_id)
    try:
        services.referral_update(
            actor=request.user,
            referral_id=pk,
            status=form.cleaned_data["status"],
            outcome=form.cleaned_data["outcome"],
        )
    except ApplicationError as exc:
        if exc.status_code == 403:
            raise DjangoPermissionDenied(exc.message) from None
        messages.error(request, exc.message)
    else:
        messages.success(request, "Referral updated.")
    return _back(request, referral.case_id)

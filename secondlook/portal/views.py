"""Patient portal pages: ask for an opinion, follow it, read it.

Staff never use these pages (they have the console), and a patient only ever reaches
their own cases: anything else is a 404, so a guessed case number reveals nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from secondlook.accounts.choices import Role
from secondlook.accounts.selectors import program_current
from secondlook.cases.models import Case
from secondlook.cases.permissions import can_upload_records
from secondlook.cases.selectors import case_get_for
from secondlook.cases.sla import first_contact_promise_for
from secondlook.core.errors import ApplicationError, NotFound
from secondlook.core.extensions import render_case_panels
from secondlook.portal import selectors
from secondlook.portal.forms import CaseQuestionsForm, OpinionRequestForm
from secondlook.portal.i18n import in_patient_language, portal_render
from secondlook.portal.plain_language import status_text
from secondlook.portal.services import (
    RequestOutcome,
    another_opinion_request,
    opinion_request_submit,
)
from secondlook.records.selectors import case_documents
from secondlook.review.selectors import opinion_delivered_latest

_SUBMITTED = "portal_submitted_case_ids"

ViewFunc = Callable[..., HttpResponse]


def patient_required(view: ViewFunc) -> ViewFunc:
    """Logged-in patients only; staff are sent to their own start page."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.user.role != Role.PATIENT:
            return redirect("home")
        return view(request, *args, **kwargs)

    return wrapper


def _own_case(request: HttpRequest, pk: int) -> Case:
    try:
        return case_get_for(user=request.user, case_id=pk)
    except NotFound as exc:
        raise Http404(exc.message) from None


@require_http_methods(["GET", "POST"])
@in_patient_language
def request_opinion(request: HttpRequest) -> HttpResponse:
    """The public request form; anyone may fill it, for themselves or someone they care for.

    It speaks the language picked with the switcher, and someone reading it in Spanish is
    offered Spanish as the patient's language to speak with the navigator.
    """
    if request.user.is_authenticated:
        return redirect("home")
    form = OpinionRequestForm(
        request.POST or None, initial={"preferred_language": translation.get_language()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            receipt = opinion_request_submit(
                site=form.cleaned_data["site"],
                patient=form.patient_details(),
                details=form.case_details(),
                referring=form.referring_details(),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            submitted: list[int] = request.session.get(_SUBMITTED, [])
            if receipt.outcome is RequestOutcome.DUPLICATE and receipt.case.pk in submitted:
                # Only this browser sent the first request, so saying so reveals nothing new.
                form.add_error(
                    None,
                    _(
                        "You already sent us this request and it is waiting for a navigator. "
                        "You do not need to send it again."
                    )
                    + " "
                    + first_contact_promise_for(receipt.case, program_current()),
                )
            else:
                request.session[_SUBMITTED] = [*submitted, receipt.case.pk][-10:]
                return redirect("portal:request_done")
    return portal_render(request, "portal/request.html", {"form": form})


@in_patient_language
def request_done(request: HttpRequest) -> HttpResponse:
    """What happens next, the same words whoever sent the request (no account enumeration)."""
    return portal_render(request, "portal/request_done.html")


@patient_required
@in_patient_language
def home(request: HttpRequest) -> HttpResponse:
    cases = [
        (case, status_text(case.status)) for case in selectors.patient_cases(user=request.user)
    ]
    latest_case = cases[0][0] if cases else None
    return portal_render(request, "portal/home.html", {"cases": cases, "latest_case": latest_case})


@patient_required
@in_patient_language
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _own_case(request, pk)
    return portal_render(
        request,
        "portal/case.html",
        {
            "case": case,
            "plain": status_text(case.status),
            "timeline": selectors.patient_timeline(case=case),
            "documents": case_documents(case=case),
            "can_upload": can_upload_records(request.user, case),
            "opinion_ready": opinion_delivered_latest(case=case) is not None,
            "unread": selectors.unread_for(user=request.user, case=case),
            "articles": selectors.education_for(case=case, language=translation.get_language())[:3],
            "survey_open": selectors.survey_open_for(case=case),
            "extra_panels": render_case_panels(request=request, case=case, audience="patient"),
        },
    )


@patient_required
@require_http_methods(["GET", "POST"])
@in_patient_language
def request_another(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask again (as many opinions as the patient wants), starting from an earlier case."""
    previous_case = _own_case(request, pk)
    form = CaseQuestionsForm(
        request.POST or None, initial=CaseQuestionsForm.initial_from(previous_case)
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = another_opinion_request(
                user=request.user,
                previous_case=previous_case,
                site=form.cleaned_data["site"],
                details=form.case_details(),
                referring=form.referring_details(),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("We received your request.")
                + " "
                + first_contact_promise_for(case, program_current()),
            )
            return redirect("portal:case", pk=case.pk)
    return portal_render(
        request, "portal/request_another.html", {"form": form, "previous_case": previous_case}
    )

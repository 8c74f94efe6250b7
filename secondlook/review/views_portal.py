"""The patient's side of review: their goals, follow-up questions and summary PDFs.

The forms live in panels on the portal's case page (registered in apps.py); these views
take the posts and redirect back to the portal case page with a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from secondlook.cases.access import case_for_reading
from secondlook.cases.models import Case
from secondlook.core.errors import ApplicationError
from secondlook.review import selectors, voice_services
from secondlook.review.choices import SummaryLanguage
from secondlook.review.forms import FollowUpQuestionForm, PatientVoiceForm
from secondlook.review.views import _download, patient_required, staff_required


def _back(case: Case) -> HttpResponse:
    return redirect("portal:case", pk=case.pk)


@patient_required
@require_POST
def voice_save(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_reading(request, pk)
    form = PatientVoiceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please keep each answer under 4,000 characters.")
        return _back(case)
    submitted = {name: value for name, value in form.cleaned_data.items() if name in request.POST}
    try:
        voice_services.patient_voice_save(actor=request.user, case=case, **submitted)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Thank you. Your care team will read this.")
    return _back(case)


@patient_required
@require_POST
def question_ask(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_reading(request, pk)
    form = FollowUpQuestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write your question (2,000 characters at most).")
        return _back(case)
    try:
        voice_services.follow_up_question_ask(
            actor=request.user, case=case, question=form.cleaned_data["question"]
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Your question is sent. Your doctor will answer in writing.")
    return _back(case)


def _language(language: str) -> str:
    if language not in SummaryLanguage.values:
        raise Http404("No summary in that language.")
    return language


@patient_required
@require_GET
def patient_summary_pdf(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    language = _language(language)
    return _download(
        lambda: selectors.opinion_summary_pdf_for(user=request.user, case_id=pk, language=language)
    )


@staff_required
@require_GET
def staff_summary_pdf(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    language = _language(language)
    return _download(
        lambda: selectors.opinion_summary_pdf_for(user=request.user, case_id=pk, language=language)
    )

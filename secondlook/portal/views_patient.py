"""The patient's own pages around their opinion: education, questions to ask, messages
with the navigator and the satisfaction survey. All in the patient's language."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from secondlook.cases.models import Case
from secondlook.cases.permissions import can_coordinate
from secondlook.cases.selectors import case_get_for
from secondlook.cases.views import staff_required
from secondlook.core.errors import ApplicationError, NotFound
from secondlook.portal import selectors, services
from secondlook.portal.education import article_by_slug
from secondlook.portal.forms import MessageForm, QuestionListForm, SurveyForm
from secondlook.portal.i18n import in_patient_language, portal_render
from secondlook.portal.views import _own_case, patient_required


@patient_required
@in_patient_language
def education(request: HttpRequest, pk: int) -> HttpResponse:
    case = _own_case(request, pk)
    return portal_render(
        request,
        "portal/education.html",
        {
            "case": case,
            "articles": selectors.education_for(case=case, language=translation.get_language()),
        },
    )


@patient_required
@in_patient_language
def article(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    case = _own_case(request, pk)
    found = article_by_slug(slug, language=translation.get_language())
    if found is None:
        raise Http404
    return portal_render(request, "portal/article.html", {"case": case, "article": found})


@patient_required
@in_patient_language
@require_http_methods(["GET", "POST"])
def questions(request: HttpRequest, pk: int) -> HttpResponse:
    """The list to bring: suggested from the case, then the patient's own once edited."""
    case = _own_case(request, pk)
    if request.method == "POST":
        if request.POST.get("action") == "reset":
            services.question_list_reset(actor=request.user, case=case)
            messages.success(request, _("We started your list again from our suggestions."))
            return redirect("portal:questions", pk=case.pk)
        form = QuestionListForm(request.POST)
        if form.is_valid():
            services.question_list_save(
                actor=request.user, case=case, text=form.cleaned_data["text"]
            )
            messages.success(request, _("Your questions are saved."))
            return redirect("portal:questions", pk=case.pk)
    question_list, edited = selectors.questions_to_ask(case=case)
    form = QuestionListForm(initial={"text": "\n".join(question_list)})
    return portal_render(
        request,
        "portal/questions.html",
        {"case": case, "questions": question_list, "edited": edited, "form": form},
    )


@patient_required
@in_patient_language
def questions_print(request: HttpRequest, pk: int) -> HttpResponse:
    case = _own_case(request, pk)
    question_list, _edited = selectors.questions_to_ask(case=case)
    return portal_render(
        request, "portal/questions_print.html", {"case": case, "questions": question_list}
    )


@patient_required
@in_patient_language
@require_http_methods(["GET", "POST"])
def message_thread(request: HttpRequest, pk: int) -> HttpResponse:
    """The patient's conversation with their navigator; opening it marks replies read."""
    case = _own_case(request, pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_send(actor=request.user, case=case, body=form.cleaned_data["body"])
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Message sent. Your navigator will answer soon."))
            return redirect("portal:messages", pk=case.pk)
    services.messages_mark_read(actor=request.user, case=case)
    return portal_render(
        request,
        "portal/messages.html",
        {"case": case, "thread": selectors.message_thread(case=case), "form": form},
    )


def _staff_case(request: HttpRequest, pk: int) -> Case:
    try:
        return case_get_for(user=request.user, case_id=pk, purpose="patient messages")
    except NotFound as exc:
        raise Http404(exc.message) from None


@staff_required
@require_POST
def staff_reply(request: HttpRequest, pk: int) -> HttpResponse:
    """The navigator answers from the case page; the patient gets a content-free e-mail."""
    case = _staff_case(request, pk)
    form = MessageForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write the reply before sending it.")
    else:
        try:
            services.message_send(actor=request.user, case=case, body=form.cleaned_data["body"])
            services.messages_mark_read(actor=request.user, case=case)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Reply sent to the patient.")
    return redirect("cases:detail", pk=case.pk)


@staff_required
@require_POST
def staff_mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    case = _staff_case(request, pk)
    if can_coordinate(request.user, case):
        services.messages_mark_read(actor=request.user, case=case)
    return redirect("cases:detail", pk=case.pk)


@patient_required
@in_patient_language
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, pk: int) -> HttpResponse:
    case = _own_case(request, pk)
    if not selectors.survey_open_for(case=case):
        return portal_render(request, "portal/survey_closed.html", {"case": case})
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_submit(actor=request.user, case=case, answers=form.answers())
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Thank you! Your answers help us care for others."))
            return redirect("portal:case", pk=case.pk)
    return portal_render(request, "portal/survey.html", {"case": case, "form": form})

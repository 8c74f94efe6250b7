"""Case-level review pages: reviewers, findings, the patient's voice, addenda, sending.

Thin: check access, validate a form, call one service or selector, then redirect back
to the case page (whose review panel shows the result) or render the form again with
the service's message. Someone who may see the case but is not on its review gets a 404
on the review forms, as if they did not exist.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from secondlook.accounts.models import User
from secondlook.cases.access import case_for_reading
from secondlook.cases.models import Case
from secondlook.cases.permissions import can_coordinate, can_write_opinion
from secondlook.core.errors import ApplicationError, NotFound
from secondlook.review import delivery, team_selectors, team_services, voice_services
from secondlook.review.forms import AddendumForm, FindingForm, PatientVoiceForm
from secondlook.review.models import FollowUpQuestion, PatientVoice, ReviewerFinding
from secondlook.review.permissions import can_record_findings
from secondlook.review.selectors import opinion_latest_signed
from secondlook.review.services import PasswordNotAccepted
from secondlook.review.views import staff_required
from secondlook.therapies.choices import EvidenceLevel, OptionCategory
from secondlook.therapies.selectors import options_chosen_for, therapy_plan_for


def _back(case: Case) -> HttpResponse:
    return redirect("cases:detail", pk=case.pk)


def _int_list(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit()]


@staff_required
@require_POST
def reviewers_propose(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_reading(request, pk)
    try:
        created = team_services.reviewers_propose(actor=request.user, case=case)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{len(created)} reviewer(s) proposed for {case.reference}.")
    return _back(case)


@staff_required
@require_POST
def reviewers_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_reading(request, pk)
    try:
        confirmed = team_services.reviewers_confirm(
            actor=request.user,
            case=case,
            confirm=_int_list(request.POST.getlist("confirm")),
            decline=_int_list(request.POST.getlist("decline")),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"{len(confirmed)} reviewer(s) confirmed; each has a task with a due date."
        )
    return _back(case)


@staff_required
@require_POST
def board_ready(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_reading(request, pk)
    try:
        team_services.board_ready_mark(actor=request.user, case=case)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{case.reference} is ready for the tumor board.")
    return _back(case)


def _option_key(option: dict[str, object]) -> str:
    return f"{option['category']}|{option['label']}"


def _option_text(option: dict[str, object]) -> str:
    therapies = option.get("therapies") or []
    listed = f" ({', '.join(str(t) for t in therapies)})" if therapies else ""
    return (
        f"{option['category_label']}: {option['label']}{listed} · {option['evidence_label']}, "
        f"{option['source']}"
    )


def _options_offered(
    user: User, case: Case, finding: ReviewerFinding | None
) -> dict[str, dict[str, object]]:
    """The options a reviewer may pick: those the attending put in the draft opinion, the
    matcher's current list for the case, and any the reviewer picked before that neither
    offers now (so re-saving keeps them).

    The attending's picks come first: the matcher needs a treatment setting to propose
    most options, and the attending chose them with one. Empty when no knowledge base is
    loaded: the free-text field then carries what the reviewer favours.
    """
    try:
        plan, version = therapy_plan_for(user=user, case=case)
    except NotFound:
        plan, version = None, None
    categories, levels = dict(OptionCategory.choices), dict(EvidenceLevel.choices)
    offered: dict[str, dict[str, object]] = {}
    for chosen in options_chosen_for(case):
        snapshot: dict[str, object] = {
            "category": chosen.category,
            "category_label": str(chosen.get_category_display()),
            "label": chosen.label,
            "therapies": list(chosen.therapies),
            "evidence_level": chosen.evidence_level,
            "evidence_label": str(chosen.get_evidence_level_display()),
            "source": chosen.source,
            "entry_key": chosen.entry_key,
            "knowledge_version": chosen.knowledge_version.number,
        }
        offered[_option_key(snapshot)] = snapshot
    for option in plan.options if plan is not None and version is not None else ():
        snapshot = {
            "category": option.category,
            "category_label": str(categories.get(option.category, option.category)),
            "label": option.label,
            "therapies": list(option.therapies),
            "evidence_level": option.evidence_level,
            "evidence_label": str(levels.get(option.evidence_level, option.evidence_level)),
            "source": option.source,
            "entry_key": option.entry_key,
            "knowledge_version": version.number,
        }
        offered.setdefault(_option_key(snapshot), snapshot)
    for picked in finding.options_picked if finding is not None else ():
        offered.setdefault(_option_key(picked), picked)
    return offered


@staff_required
@require_http_methods(["GET", "POST"])
def findings_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The reviewer's structured findings, beside the patient's voice and the options."""
    case = case_for_reading(request, pk)
    if not can_record_findings(request.user, case):
        raise Http404("No such case, or you are not one of its reviewers.")
    finding = team_selectors.finding_of(case=case, user=request.user)
    offered = _options_offered(request.user, case, finding)
    initial: dict[str, object] = {}
    if finding is not None:
        initial = {name: getattr(finding, name) for name in FindingForm.base_fields}
        initial["options_picked"] = [_option_key(option) for option in finding.options_picked]
    form = FindingForm(
        request.POST or None,
        initial=initial,
        options=[(key, _option_text(option)) for key, option in offered.items()],
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        picked = [offered[key] for key in data.pop("options_picked") if key in offered]
        try:
            team_services.finding_save(
                actor=request.user,
                case=case,
                submit="submit" in request.POST,
                options_picked=picked,
                **data,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Your findings on {case.reference} are saved.")
            return _back(case)
    return render(
        request,
        "review/findings_edit.html",
        {
            "case": case,
            "form": form,
            "finding": finding,
            "voice": team_selectors.patient_voice_of(case=case),
            "options": team_selectors.options_chosen_for(case=case),
        },
        status=400 if form.errors else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def voice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The navigator records the patient's goals from a conversation."""
    case = case_for_reading(request, pk)
    if not can_coordinate(request.user, case):
        raise Http404("Only the case's navigator records the patient's goals here.")
    voice = team_selectors.patient_voice_of(case=case)
    initial = {name: getattr(voice, name) for name in PatientVoice.FIELDS} if voice else {}
    form = PatientVoiceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            voice_services.patient_voice_save(actor=request.user, case=case, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "The patient's goals and preferences are saved.")
            return _back(case)
    return render(
        request,
        "review/voice_edit.html",
        {"case": case, "form": form},
        status=400 if form.errors else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def addendum_write(request: HttpRequest, pk: int, question_id: int) -> HttpResponse:
    case = case_for_reading(request, pk)
    if not can_write_opinion(request.user, case):
        raise Http404("Only the attending answers follow-up questions.")
    question = (
        FollowUpQuestion.objects.filter(pk=question_id, opinion__case=case)
        .select_related("opinion__case")
        .first()
    )
    if question is None:
        raise Http404("No such question on this case.")
    form = AddendumForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            voice_services.addendum_sign(
                actor=request.user,
                question=question,
                answer=form.cleaned_data["answer"],
                password=form.cleaned_data["password"],
            )
        except PasswordNotAccepted as exc:
            form.add_error("password", exc.message)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Your answer is signed and added to the opinion.")
            return _back(case)
    return render(
        request,
        "review/addendum_write.html",
        {"case": case, "question": question, "form": form},
        status=400 if form.errors else 200,
    )


def _signed(case: Case) -> object:
    opinion = opinion_latest_signed(case=case)
    if opinion is None:
        raise Http404("No signed opinion yet.")
    opinion.case = case
    return opinion


@staff_required
@require_POST
def send_to_referring(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_reading(request, pk)
    opinion = _signed(case)
    try:
        sent = delivery.opinion_email_to_referring(actor=request.user, opinion=opinion)  # type: ignore[arg-type]
    except ApplicationError as exc:
        messages.error(request, exc.message)
    except OSError:
        messages.error(request, "The e-mail could not be sent; nothing was recorded. Try again.")
    else:
        messages.success(request, f"Letter e-mailed to {sent.recipient}.")
    return _back(case)


@staff_required
@require_POST
def fhir_export(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_reading(request, pk)
    opinion = _signed(case)
    try:
        resource = delivery.opinion_fhir_export(actor=request.user, opinion=opinion)  # type: ignore[arg-type]
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return _back(case)
    response = HttpResponse(json.dumps(resource, indent=2), content_type="application/fhir+json")
    response["Content-Disposition"] = (
        f'attachment; filename="document-reference-{case.reference}.json"'
    )
    response["Cache-Control"] = "no-store, private"
    return response

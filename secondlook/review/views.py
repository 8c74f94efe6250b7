"""Opinion pages: write the draft, sign it, read versions, download PDFs.

Thin: check the role, validate a form, call one service or selector, render. A service's
refusal becomes a message or a form error on the page; messages name cases by reference
only (they travel in a cookie).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from secondlook.accounts.models import User
from secondlook.cases.access import case_for_reading
from secondlook.cases.models import Case
from secondlook.cases.permissions import can_coordinate, can_write_opinion
from secondlook.core.errors import ApplicationError, NotFound
from secondlook.review import selectors, services, team_selectors
from secondlook.review.choices import Agreement
from secondlook.review.documents import has_structured_content, opinion_document_context
from secondlook.review.forms import CorrectionDeliverForm, LetterForm, OpinionForm, SignForm
from secondlook.review.models import BoardAgendaItem, OpinionVersion, PlanChange
from secondlook.review.summary import opinion_summaries
from secondlook.therapies.selectors import options_chosen_for

View = Callable[..., HttpResponse]


def _role_required(*, staff: bool) -> Callable[[View], View]:
    """Staff pages refuse patients and the patient download refuses staff, with a 404:
    neither learns the other's addresses exist."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.user.is_clinic_staff != staff:
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = _role_required(staff=True)
patient_required = _role_required(staff=False)


def _writable_case(request: HttpRequest, pk: int) -> Case:
    case = case_for_reading(request, pk)
    if not can_write_opinion(request.user, case):
        raise PermissionDenied("Only the case's attending reviewer writes its opinion.")
    return case


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    """A download that no browser or proxy keeps a copy of (the API uses it too)."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    return response


def plan_change_suggested(reviewers: list[team_selectors.ReviewerRow]) -> str:
    """The plan verdict the submitted findings point to, for the attending to confirm.

    Any reviewer (the attending's own findings included) who disagrees with the outside
    plan, or agrees only with changes, means the plan changes; everyone agreeing means it
    is confirmed; nothing said yet (or only "cannot say") suggests nothing.
    """
    agreements = {
        row.finding.plan_agreement
        for row in reviewers
        if row.finding is not None and row.finding.submitted_at is not None
    } - {Agreement.CANNOT_SAY}
    if agreements & {Agreement.DISAGREE, Agreement.PARTLY}:
        return PlanChange.CHANGED
    if agreements == {Agreement.AGREE}:
        return PlanChange.CONFIRMED
    return ""


def _initial(
    opinion: OpinionVersion | None, reviewers: list[team_selectors.ReviewerRow]
) -> dict[str, str]:
    """A draft opens with its own text; a correction starts from the signed text."""
    if opinion is None:
        return {"plan_change": plan_change_suggested(reviewers)}
    initial = {
        "verdict": opinion.verdict,
        "plan_change": opinion.plan_change or plan_change_suggested(reviewers),
        "diagnosis": opinion.diagnosis,
        "recommendations": opinion.recommendations,
        "answers": opinion.answers,
    }
    if not opinion.is_signed:
        initial["correction_reason"] = opinion.correction_reason
    return initial


def _letter_initial(user: User, case: Case, opinion: OpinionVersion | None) -> dict[str, object]:
    """The structured content of the newest version; a first draft starts from the
    board's consensus and the trials chosen for the case."""
    if opinion is not None:
        return {name: getattr(opinion, name) for name in LetterForm.base_fields}
    board = (
        BoardAgendaItem.objects.filter(case=case)
        .exclude(consensus="")
        .order_by("-discussed_at")
        .first()
    )
    return {
        "board_consensus": board.consensus if board else "",
        "trials": "\n".join(team_selectors.trials_chosen_for(user=user, case=case)),
    }


@staff_required
@require_http_methods(["GET", "POST"])
def opinion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The attending's draft, with the patient's questions beside the answers."""
    case = _writable_case(request, pk)
    latest = selectors.opinion_latest(case=case)
    correcting = latest is not None and (latest.is_signed or latest.is_correction)
    reviewers = team_selectors.case_reviewers_with_findings(case=case)
    form = OpinionForm(
        request.POST or None, initial=_initial(latest, reviewers), correcting=correcting
    )
    letter_form = LetterForm(
        request.POST or None, initial=_letter_initial(request.user, case, latest), prefix="letter"
    )
    if request.method == "POST" and form.is_valid() and letter_form.is_valid():
        try:
            data = form.cleaned_data
            letter = letter_form.cleaned_data
            opinion = services.opinion_draft_save(
                actor=request.user,
                case=case,
                verdict=data["verdict"],
                diagnosis=data["diagnosis"],
                recommendations=data["recommendations"],
                answers=data["answers"],
                correction_reason=data.get("correction_reason", ""),
                plan_change=data["plan_change"],
                letter=services.LetterContent(
                    **{
                        name: tuple(value) if isinstance(value, list) else value
                        for name, value in letter.items()
                    }
                ),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Draft version {opinion.number} of {case.reference} saved.")
            return redirect("review:opinion_edit", pk=case.pk)
    return render(
        request,
        "review/opinion_edit.html",
        {
            "case": case,
            "latest": latest,
            "correcting": correcting,
            "form": form,
            "letter_form": letter_form,
            "voice": team_selectors.patient_voice_of(case=case),
            "reviewers": reviewers,
            "chosen_options": list(options_chosen_for(case)),
        },
        status=400 if form.errors or letter_form.errors else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def opinion_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """Read the opinion exactly as it will print, then re-enter the password to sign."""
    case = _writable_case(request, pk)
    opinion = selectors.opinion_latest(case=case)
    if opinion is None or opinion.is_signed:
        messages.info(request, f"{case.reference} has no unsigned draft to sign.")
        return redirect("review:opinion_versions", pk=case.pk)
    form = SignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            signed = services.opinion_sign(
                actor=request.user, opinion=opinion, password=form.cleaned_data["password"]
            )
        except services.PasswordNotAccepted as exc:
            form.add_error("password", exc.message)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                f"Version {signed.number} of {case.reference} is signed; "
                "the navigator has a task to deliver it.",
            )
            return redirect("review:opinion_versions", pk=case.pk)
    opinion.case = case
    context = {
        **opinion_document_context(opinion),
        "form": form,
        "summaries": opinion_summaries(opinion) if has_structured_content(opinion) else None,
    }
    return render(request, "review/opinion_sign.html", context, status=400 if form.errors else 200)


def _versions_context(request: HttpRequest, case: Case) -> dict[str, object]:
    """The context of partials/case_opinion.html, also used by the case page."""
    return {
        "case": case,
        "opinion_versions": selectors.opinion_versions(case=case),
        "can_write_opinion": can_write_opinion(request.user, case),
        "can_coordinate": can_coordinate(request.user, case),
    }


@staff_required
@require_GET
def opinion_versions(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_reading(request, pk)
    return render(request, "review/opinion_versions.html", _versions_context(request, case))


@staff_required
@require_GET
def opinion_version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """One version, read-only: a signed one as signed, a draft as it stands."""
    case = case_for_reading(request, pk)
    try:
        opinion = selectors.opinion_get(case=case, number=number)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(request, "review/opinion_version.html", opinion_document_context(opinion))


@staff_required
@require_POST
def correction_deliver(request: HttpRequest, pk: int) -> HttpResponse:
    """The navigator releases a signed correction to a patient who had the earlier one."""
    case = case_for_reading(request, pk)
    form = CorrectionDeliverForm(request.POST)
    opinion = selectors.opinion_latest(case=case)
    if not form.is_valid():
        messages.error(request, "The note is too long: 2,000 characters at most.")
        return redirect("review:opinion_versions", pk=case.pk)
    if opinion is None:
        messages.error(request, f"{case.reference} has no opinion to deliver.")
        return redirect("review:opinion_versions", pk=case.pk)
    try:
        services.opinion_correction_deliver(
            actor=request.user, opinion=opinion, note=form.cleaned_data["note"]
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"Version {opinion.number} of {case.reference} delivered to the patient."
        )
    return redirect("review:opinion_versions", pk=case.pk)


def _download(pdf: Callable[[], tuple[bytes, str]]) -> HttpResponse:
    try:
        data, filename = pdf()
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return pdf_response(data, filename)


@staff_required
@require_GET
def opinion_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The newest signed version, for staff who may see the case (audited)."""
    return _download(lambda: selectors.opinion_pdf_for_case_id(user=request.user, case_id=pk))


@staff_required
@require_GET
def opinion_version_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Any signed version, superseded ones included (audited)."""
    return _download(
        lambda: selectors.opinion_version_pdf_for(user=request.user, case_id=pk, number=number)
    )


@patient_required
@require_GET
def patient_opinion_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The patient's own opinion, once delivered; the portal links here."""
    return _download(lambda: selectors.opinion_pdf_for_case_id(user=request.user, case_id=pk))

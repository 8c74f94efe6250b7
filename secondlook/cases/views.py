"""Staff pages of a case: worklists, phone intake, the case page and its actions.

Views stay thin: check the role, validate a form, call a service or selector, render.
A service's refusal (`ApplicationError`) becomes a message on the page, never a 500.
Messages name cases by reference only: they travel in a cookie, so no patient names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from secondlook.accounts.choices import Role
from secondlook.accounts.models import Program, User
from secondlook.accounts.selectors import site_ids_for
from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record
from secondlook.cases import lifecycle, permissions, selectors, services
from secondlook.cases.access import case_for_action, case_for_reading, staff_required
from secondlook.cases.choices import CaseStatus
from secondlook.cases.forms import (
    CaseDetailsEditForm,
    CaseFilterForm,
    FollowOnIntakeForm,
    HandoffForm,
    PhoneIntakeForm,
    TransitionForm,
)
from secondlook.cases.models import Case
from secondlook.core.context_processors import program as program_of_request
from secondlook.core.errors import ApplicationError, NotFound
from secondlook.core.extensions import case_page_reads, read_once_per_render, render_case_panels
from secondlook.records.selectors import case_documents
from secondlook.review.selectors import opinion_versions

PAGE_SIZE = 50
TASK_LIMIT = 100

View = Callable[..., HttpResponse]

# What each move's button says, in the words of the person pressing it.
MOVE_LABELS: dict[str, str] = {
    CaseStatus.RECORDS_PENDING: "Intake done: request outside records",
    CaseStatus.RECORDS_COMPLETE: "Records are complete",
    CaseStatus.UNDER_REVIEW: "Start the review",
    CaseStatus.VISIT_SCHEDULED: "Schedule the visit",
    CaseStatus.FOLLOW_UP: "Start follow-up",
    CaseStatus.CLOSED: "Close the case",
    CaseStatus.CANCELLED: "Cancel the case",
}
MAIN_PATH = [status for status in CaseStatus if status != CaseStatus.CANCELLED]
# Moves with their own button elsewhere on the case page: "Take case" starts intake, the
# review service marks the opinion drafted when the first draft is saved, and the opinion
# panel offers delivery once a signed version exists.
MOVES_ELSEWHERE = frozenset(
    {CaseStatus.INTAKE, CaseStatus.OPINION_DRAFTED, CaseStatus.OPINION_DELIVERED}
)


def navigator_required(view: View) -> View:
    """Intake and the worklist are a navigator's work; they own the cases they take."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.role != Role.NAVIGATOR:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _page(request: HttpRequest, cases: QuerySet[Case]) -> tuple[Page, list[Case]]:
    """One page of cases with their SLA risk badges; the query count does not grow."""
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return page, selectors.with_risk(list(page.object_list))


def _audit_list(request: HttpRequest, purpose: str) -> None:
    """A list of patients' names is patient data too: one audit row per page shown."""
    audit_record(
        actor=request.user, action=AuditAction.LIST, object_type="cases.case", purpose=purpose
    )


def _back_to(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


# Lists ---------------------------------------------------------------------------------


@navigator_required
@require_GET
def worklist(request: HttpRequest) -> HttpResponse:
    """The navigator's open cases and the unowned web requests, most at risk first."""
    page, cases = _page(request, selectors.navigator_worklist(user=request.user))
    _audit_list(request, "navigator worklist")
    return render(request, "cases/worklist.html", {"page": page, "cases": cases})


@staff_required
@require_GET
def my_reviews(request: HttpRequest) -> HttpResponse:
    """Cases the user is the attending reviewer on, and every open task assigned to them."""
    page, cases = _page(request, selectors.reviewer_worklist(user=request.user))
    tasks = list(selectors.tasks_for(user=request.user)[:TASK_LIMIT])
    _audit_list(request, "my reviews")
    return render(
        request,
        "cases/my_reviews.html",
        {"page": page, "cases": cases, "tasks": tasks, "task_limit": TASK_LIMIT},
    )


@staff_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    """Every case the user may see, searchable; HTMX swaps in just the results."""
    form = CaseFilterForm(request.GET or None, user=request.user)
    cases_found = selectors.case_list_for(user=request.user, filters=form.to_filter())
    page, cases = _page(request, cases_found)
    _audit_list(request, "case list")
    template = "cases/partials/case_table.html" if request.htmx else "cases/list.html"
    response = render(request, template, {"form": form, "page": page, "cases": cases})
    patch_vary_headers(response, ("HX-Request",))
    return response


# Intake --------------------------------------------------------------------------------


@navigator_required
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest) -> HttpResponse:
    """Phone intake: one screen filled while talking; the navigator owns the new case."""
    form = PhoneIntakeForm(request.POST or None, navigator=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create_by_phone(
                actor=request.user,
                site=form.cleaned_data["site"],
                patient=form.patient_details(),
                details=form.case_details(),
                referring=form.referring_details(),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Case {case.reference} opened. You are its navigator.")
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/intake.html", {"form": form, "previous": None})


@navigator_required
@require_http_methods(["GET", "POST"])
def follow_on(request: HttpRequest, pk: int) -> HttpResponse:
    """A new opinion for a patient who had one: their details carry over, linked."""
    previous = case_for_reading(request, pk, purpose="follow-on opinion intake")
    form = FollowOnIntakeForm(
        request.POST or None,
        navigator=request.user,
        initial=FollowOnIntakeForm.initial_from(previous),
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create_by_phone(
                actor=request.user,
                site=form.cleaned_data["site"],
                patient=previous.patient,
                details=form.case_details(),
                referring=form.referring_details(),
                previous_case=previous,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                f"Case {case.reference} opened as a new opinion after {previous.reference}.",
            )
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/intake.html", {"form": form, "previous": previous})


@staff_required
@require_http_methods(["GET", "POST"])
def case_details_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The owning navigator corrects or completes what was gathered at intake."""
    if request.method == "POST":
        case = case_for_action(request, pk)
    else:
        case = case_for_reading(request, pk, purpose="edit intake details")
    if not permissions.can_coordinate(request.user, case):
        raise PermissionDenied
    form = CaseDetailsEditForm(request.POST or None, initial=CaseDetailsEditForm.initial_from(case))
    if request.method == "POST" and form.is_valid():
        try:
            services.case_details_update(
                actor=request.user,
                case=case,
                details=form.case_details(),
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Intake details of {case.reference} saved.")
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/details_edit.html", {"form": form, "case": case})


# The case page -------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    to: str
    label: str
    form: TransitionForm

    @property
    def needs_reviewer(self) -> bool:
        return self.to == CaseStatus.UNDER_REVIEW

    @property
    def needs_visit_time(self) -> bool:
        return self.to == CaseStatus.VISIT_SCHEDULED

    @property
    def is_cancel(self) -> bool:
        return self.to == CaseStatus.CANCELLED


def _moves_for(user: User, case: Case) -> list[Move]:
    """Buttons for the moves this user may make now; the services still guard every one."""
    coordinator = permissions.can_coordinate(user, case)
    moves = []
    for to in lifecycle.allowed_next(case.status):
        if to in MOVES_ELSEWHERE:
            continue
        if to == CaseStatus.CANCELLED and case.navigator_id is None:
            allowed = user.role in (Role.NAVIGATOR, Role.PROGRAM_ADMIN)
        else:
            allowed = coordinator
        if allowed:
            form = TransitionForm(case=case, initial={"to": to}, auto_id=f"id_{to}_%s")
            moves.append(Move(to=to, label=MOVE_LABELS[to], form=form))
    return moves


def _steps(status: str) -> list[tuple[str, str]]:
    """The lifecycle bar: each step's label and whether it is done or current."""
    if status == CaseStatus.CANCELLED:
        return [(step.label, "") for step in MAIN_PATH] + [("Cancelled", "current")]
    current = MAIN_PATH.index(CaseStatus(status))
    return [
        (step.label, "done" if i < current else "current" if i == current else "")
        for i, step in enumerate(MAIN_PATH)
    ]


@staff_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about one case on one page, and the buttons for what can happen next."""
    case = case_for_reading(request, pk)
    # The program the page's templates read through the context processor: one read.
    program = cast("Program | None", program_of_request(request)["program"])
    with case_page_reads():
        context = _case_page_context(request, case, program)
    return render(request, "cases/detail.html", context)


def _case_page_context(request: HttpRequest, case: Case, program: Program | None) -> dict[str, Any]:
    """The case page's context; its documents and opinion versions are read once and
    shared with the panels that show them too (oncology, review)."""
    user = request.user
    can_coordinate = permissions.can_coordinate(user, case)
    can_hand_off = can_coordinate and case.navigator_id is not None and case.is_open
    can_take = (
        case.status == CaseStatus.REQUESTED
        and user.role == Role.NAVIGATOR
        and case.site_id in site_ids_for(user)
    )
    return {
        "case": selectors.with_risk([case], program)[0],
        "steps": _steps(case.status),
        "moves": _moves_for(user, case),
        "can_take": can_take,
        "can_coordinate": can_coordinate,
        "can_follow_on": user.role == Role.NAVIGATOR,
        "can_upload": permissions.can_upload_records(user, case),
        "can_write_opinion": permissions.can_write_opinion(user, case),
        "handoff_form": HandoffForm(case=case) if can_hand_off else None,
        "tasks": selectors.case_open_tasks(case=case),
        "timeline": selectors.case_timeline(case=case),
        "history": selectors.case_history_for_patient(user=user, case=case),
        "documents": read_once_per_render(
            ("case_documents", case.pk), lambda: list(case_documents(case=case))
        ),
        "opinion_versions": read_once_per_render(
            ("opinion_versions", case.pk), lambda: list(opinion_versions(case=case))
        ),
        "extra_panels": render_case_panels(request=request, case=case, audience="staff"),
    }


@staff_required
@require_POST
def case_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """One lifecycle move; a refusal says why on the case page."""
    case = case_for_action(request, pk)
    form = TransitionForm(request.POST, case=case)
    if not form.is_valid():
        messages.error(request, form.error_summary())
        return redirect("cases:detail", pk=case.pk)
    data = form.cleaned_data
    try:
        case = services.case_transition(
            actor=request.user,
            case=case,
            to=data["to"],
            reason=data["reason"],
            reviewer=data["reviewer"],
            visit_at=data["visit_at"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{case.reference} is now '{case.get_status_display()}'.")
    return redirect("cases:detail", pk=case.pk)


@navigator_required
@require_POST
def case_take(request: HttpRequest, pk: int) -> HttpResponse:
    """A navigator takes a web request from the worklist and owns it from now on."""
    case = case_for_action(request, pk)
    try:
        services.case_intake_start(actor=request.user, case=case)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(_back_to(request, reverse("cases:worklist")))
    messages.success(request, f"You own {case.reference} now. Call the patient to start intake.")
    return redirect("cases:detail", pk=case.pk)


@staff_required
@require_POST
def case_handoff(request: HttpRequest, pk: int) -> HttpResponse:
    """Give the case to another navigator at its site; the reason goes on the timeline."""
    case = case_for_action(request, pk)
    form = HandoffForm(request.POST, case=case)
    if not form.is_valid():
        messages.error(request, form.error_summary())
        return redirect("cases:detail", pk=case.pk)
    try:
        services.case_handoff(
            actor=request.user,
            case=case,
            to_navigator=form.cleaned_data["to_navigator"],
            reason=form.cleaned_data["reason"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"{case.reference} handed off to {form.cleaned_data['to_navigator'].display_name}.",
        )
    return redirect("cases:detail", pk=case.pk)


@staff_required
@require_POST
def task_complete(request: HttpRequest, pk: int) -> HttpResponse:
    """Tick a task off and go back to the page it was ticked on."""
    try:
        task = services.task_complete(actor=request.user, task_id=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(_back_to(request, reverse("home")))
    messages.success(request, f"Task marked done on {task.case.reference}.")
    return redirect(_back_to(request, reverse("cases:detail", args=[task.case_id])))

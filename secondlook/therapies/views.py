"""Staff pages: the case's treatment-options panel and the knowledge-base pages.

Thin: check the role, validate a form, call one selector or service, render. The panel
is registered on the staff case page (apps.py) and re-renders itself with htmx when the
specialist changes the setting or the patient's goals, or adds an option to the draft.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from secondlook.accounts.models import User
from secondlook.cases.access import case_for_reading, staff_required_hidden
from secondlook.cases.models import Case
from secondlook.core.errors import ApplicationError, NotFound
from secondlook.therapies import selectors, services
from secondlook.therapies.choices import EntryKind, OptionCategory
from secondlook.therapies.forms import FORMS, ChooseOptionForm, OptionsFilterForm, RetireForm
from secondlook.therapies.matcher import TherapyPlan
from secondlook.therapies.permissions import can_choose_options, can_curate, can_see_options

View = Callable[..., HttpResponse]
PANEL = "therapies/partials/options_panel.html"


def _case(request: HttpRequest, pk: int) -> Case:
    case = case_for_reading(request, pk, "treatment options")
    if not can_see_options(request.user, case):
        raise Http404
    return case


def _groups(plan: TherapyPlan) -> list[tuple[str, str, list[Any]]]:
    return [
        (value, label, [o for o in plan.options if o.category == value])
        for value, label in OptionCategory.choices
        if any(o.category == value for o in plan.options)
    ]


def panel_context(
    user: User, case: Case, *, setting: str = "", goals: tuple[str, ...] = ()
) -> dict[str, object] | None:
    """The options panel for the staff case page; None for those who may not see it."""
    if not can_see_options(user, case):
        return None
    plan, version = selectors.therapy_plan_for(user=user, case=case, setting=setting, goals=goals)
    chosen = list(selectors.options_chosen_for(case))
    return {
        "plan": plan,
        "groups": _groups(plan),
        "version": version,
        "chosen": chosen,
        "chosen_labels": {(c.category, c.label) for c in chosen},
        "can_choose": can_choose_options(user, case),
        "filter_form": OptionsFilterForm(initial={"setting": setting, "goals": list(goals)}),
        "setting": setting,
        "goals": goals,
    }


def _filters(data: Any) -> tuple[str, tuple[str, ...]]:
    form = OptionsFilterForm(data)
    if not form.is_valid():
        return "", ()
    return form.cleaned_data["setting"], tuple(form.cleaned_data["goals"])


def _panel(request: HttpRequest, case: Case, setting: str, goals: tuple[str, ...]) -> HttpResponse:
    context = panel_context(request.user, case, setting=setting, goals=goals)
    return render(request, PANEL, {"case": case, **(context or {})})


@require_GET
@staff_required_hidden
def options_panel(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    setting, goals = _filters(request.GET)
    return _panel(request, case, setting, goals)


def _done(request: HttpRequest, case: Case, setting: str, goals: tuple[str, ...]) -> HttpResponse:
    if request.headers.get("HX-Request"):
        return _panel(request, case, setting, goals)
    return redirect("cases:detail", pk=case.pk)


@require_POST
@staff_required_hidden
def option_choose(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = ChooseOptionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That option could not be read; reload the page and try again.")
        return _done(request, case, "", ())
    setting, goals = form.cleaned_data["setting"], tuple(form.cleaned_data["goals"])
    plan, version = selectors.therapy_plan_for(
        user=request.user, case=case, setting=setting, goals=goals
    )
    wanted = (form.cleaned_data["category"], form.cleaned_data["label"])
    option = next((o for o in plan.options if (o.category, o.label) == wanted), None)
    try:
        if option is None or version is None:
            raise NotFound("That option no longer applies to this case: the list was refreshed.")
        services.option_choose(
            actor=request.user,
            case=case,
            option=option,
            version=version,
            note=form.cleaned_data["note"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Added to the draft opinion of {case.reference}.")
    return _done(request, case, setting, goals)


@require_POST
@staff_required_hidden
def option_withdraw(request: HttpRequest, pk: int, chosen_id: int) -> HttpResponse:
    case = _case(request, pk)
    setting, goals = _filters(request.POST)
    try:
        services.option_withdraw(actor=request.user, case=case, chosen_id=chosen_id)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Removed from the draft opinion of {case.reference}.")
    return _done(request, case, setting, goals)


def _kind(kind: str) -> str:
    if kind not in EntryKind.values:
        raise Http404
    return kind


@require_GET
@staff_required_hidden
def knowledge_home(request: HttpRequest) -> HttpResponse:
    kind = _kind(request.GET.get("kind", EntryKind.STANDARD_OF_CARE))
    query = request.GET.get("q", "").strip()[:80]
    return render(
        request,
        "therapies/knowledge_home.html",
        {
            "kind": kind,
            "kinds": EntryKind.choices,
            "query": query,
            "entries": selectors.knowledge_entries(kind=kind, query=query)[:300],
            "version": selectors.knowledge_version_current(),
            "can_curate": can_curate(request.user),
        },
    )


@require_GET
@staff_required_hidden
def knowledge_versions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "therapies/knowledge_versions.html",
        {"versions": selectors.knowledge_versions()[:200]},
    )


@require_GET
@staff_required_hidden
def knowledge_entry(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    try:
        history = selectors.knowledge_entry_history(kind=_kind(kind), key=key)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(
        request,
        "therapies/knowledge_entry.html",
        {
            "kind": kind,
            "kind_label": EntryKind(kind).label,
            "entry": history[0],
            "history": history,
            "can_curate": can_curate(request.user),
            "retire_form": RetireForm(),
        },
    )


def _curator(request: HttpRequest) -> None:
    if not can_curate(request.user):
        raise Http404


@require_http_methods(["GET", "POST"])
@staff_required_hidden
def knowledge_entry_edit(request: HttpRequest, kind: str, key: str = "") -> HttpResponse:
    _curator(request)
    form_class = FORMS[_kind(kind)]
    creating = not key
    initial: dict[str, Any] = {}
    if not creating:
        try:
            current = selectors.knowledge_entry_history(kind=kind, key=key)[0]
        except NotFound as exc:
            raise Http404(exc.message) from exc
        if not current.is_current:
            raise Http404("This entry was retired.")
        initial = form_class.initial_from(current)
    form = form_class(request.POST or None, initial=initial, editing=not creating)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.knowledge_entry_save(
                actor=request.user,
                kind=kind,
                raw=form.raw(),
                note=form.cleaned_data["note"],
                creating=creating,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, f"Saved as knowledge-base version {row.introduced_in.number}."
            )
            return redirect("therapies:knowledge_entry", kind=kind, key=row.key)
    return render(
        request,
        "therapies/knowledge_edit.html",
        {"form": form, "kind": kind, "kind_label": EntryKind(kind).label, "key": key},
    )


@require_POST
@staff_required_hidden
def knowledge_entry_retire(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    _curator(request)
    form = RetireForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why the entry no longer applies.")
        return redirect("therapies:knowledge_entry", kind=kind, key=key)
    try:
        version = services.knowledge_entry_retire(
            actor=request.user, kind=_kind(kind), key=key, note=form.cleaned_data["note"]
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("therapies:knowledge_entry", kind=kind, key=key)
    messages.success(request, f"Retired in knowledge-base version {version.number}.")
    return redirect("therapies:knowledge_home")

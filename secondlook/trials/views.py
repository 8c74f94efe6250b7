"""Trial pages: the registry, a trial, a local trial form, and the case panel's actions.

Thin: check the role, validate a form, call one service or selector, render or redirect.
Patients get a 404 on every page here; staff of another site get a 404 on a case's
actions (case_get_for), as on the case page itself.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from secondlook.accounts.models import Site
from secondlook.accounts.selectors import site_ids_for
from secondlook.cases.access import case_for_reading, staff_required_hidden
from secondlook.core.errors import ApplicationError, NotFound
from secondlook.trials import selectors, services
from secondlook.trials.choices import TrialStatus
from secondlook.trials.forms import LocalTrialForm, ReferralForm

View = Callable[..., HttpResponse]


def _my_sites(request: HttpRequest) -> list[Site]:
    return list(Site.objects.filter(pk__in=site_ids_for(request.user)).order_by("name"))


@staff_required_hidden
@require_GET
def registry(request: HttpRequest) -> HttpResponse:
    filters = selectors.TrialFilter(
        query=request.GET.get("q", ""),
        status=request.GET.get("status", ""),
        run_here=request.GET.get("ours") == "1",
    )
    page = Paginator(
        selectors.trial_list_for(user=request.user, filters=filters).prefetch_related(
            "run_at_sites"
        ),
        50,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "trials/registry.html",
        {"page": page, "filters": filters, "statuses": TrialStatus.choices},
    )


@staff_required_hidden
@require_GET
def trial_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        trial = selectors.trial_get_for(user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    running = {s.pk for s in trial.run_at_sites.all()}
    sites = [(site, site.pk in running) for site in _my_sites(request)]
    return render(request, "trials/detail.html", {"trial": trial, "sites": sites})


@staff_required_hidden
@require_POST
def trial_site_runs(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        trial = selectors.trial_get_for(user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    site = Site.objects.filter(
        pk=request.POST.get("site"), pk__in=site_ids_for(request.user)
    ).first()
    if site is None:
        raise Http404
    try:
        services.trial_site_runs_set(
            actor=request.user, trial=trial, site=site, runs=request.POST.get("runs") == "1"
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("trials:detail", pk=trial.pk)


@staff_required_hidden
@require_http_methods(["GET", "POST"])
def local_trial_new(request: HttpRequest) -> HttpResponse:
    sites = [(str(s.pk), s.name) for s in _my_sites(request)]
    form = LocalTrialForm(request.POST or None, sites=sites)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        site = Site.objects.get(pk=data["site"])
        try:
            trial = services.trial_local_create(
                actor=request.user,
                site=site,
                title=data["title"],
                summary=data["summary"],
                conditions=form.conditions_list(),
                eligibility_text=data["eligibility_text"],
                minimum_age=data["minimum_age"],
                maximum_age=data["maximum_age"],
                sex=data["sex"],
                overall_status=data["overall_status"],
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
                contact_email=data["contact_email"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, f"Trial {trial.nct_id} added and marked as run at {site.name}."
            )
            return redirect("trials:detail", pk=trial.pk)
    return render(request, "trials/local_new.html", {"form": form})


@staff_required_hidden
@require_POST
def case_rerun(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_reading(request, pk, "clinical trials")
    try:
        services.case_trials_match(case=case, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Trial matching re-run on the case's current facts.")
    return redirect("cases:detail", pk=case.pk)


@staff_required_hidden
@require_POST
def referral_record(request: HttpRequest, pk: int, trial_pk: int) -> HttpResponse:
    case = case_for_reading(request, pk, "clinical trials")
    trial = selectors.trial_listed_for_case(case=case, pk=trial_pk)
    if trial is None:
        raise Http404("This trial is not listed for this case.")
    form = ReferralForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose what happened with this trial.")
        return redirect("cases:detail", pk=case.pk)
    try:
        services.trial_referral_record(
            actor=request.user,
            case=case,
            trial=trial,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
        )
    except ApplicationError as exc:
        if exc.status_code == 403:
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Trial {trial.nct_id} recorded for {case.reference}.")
    return redirect("cases:detail", pk=case.pk)

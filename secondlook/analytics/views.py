"""The program dashboard and its CSV export; program admins only."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from secondlook.accounts.choices import Role
from secondlook.analytics.charts import chart_data
from secondlook.analytics.exports import dashboard_csv
from secondlook.analytics.forms import DashboardFilterForm
from secondlook.analytics.selectors import Dashboard, program_dashboard
from secondlook.cases.access import staff_required


def _dashboard(request: HttpRequest) -> tuple[DashboardFilterForm, Dashboard | None]:
    if request.user.role != Role.PROGRAM_ADMIN:
        raise PermissionDenied
    form = DashboardFilterForm(request.GET or None, initial=DashboardFilterForm.defaults())
    if not request.GET:
        form = DashboardFilterForm(DashboardFilterForm.defaults())
    if not form.is_valid():
        return form, None
    return form, program_dashboard(
        user=request.user, site=form.cleaned_data["site"], period=form.period()
    )


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form, figures = _dashboard(request)
    return render(
        request,
        "analytics/dashboard.html",
        {
            "form": form,
            "d": figures,
            "charts": chart_data(figures) if figures else None,
            "csv_query": request.GET.urlencode(),
        },
    )


@staff_required
def export_csv(request: HttpRequest) -> HttpResponse:
    form, figures = _dashboard(request)
    if figures is None:
        return HttpResponse("Check the site and dates.", status=400, content_type="text/plain")
    response = HttpResponse(dashboard_csv(figures), content_type="text/csv; charset=utf-8")
    name = f"secondlook-program-{figures.period.since}-{figures.period.until}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

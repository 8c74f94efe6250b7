from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from config.api import api, is_api_request, not_found_json, server_error_json
from secondlook.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("secondlook.accounts.urls")),
    path("staff/", include("secondlook.cases.urls")),
    path("", include("secondlook.records.urls")),
    path("", include("secondlook.review.urls")),
    path("staff/audit/", include("secondlook.audit.urls")),
    path("portal/", include("secondlook.portal.urls")),
    path("", include("secondlook.oncology.urls")),
    path("", include("secondlook.therapies.urls")),
    path("", include("secondlook.trials.urls")),
    path("", include("secondlook.scheduling.urls")),
    path("", include("secondlook.logistics.urls")),
    path("", include("secondlook.supportive.urls")),
    path("", include("secondlook.followup.urls")),
    path("", include("secondlook.analytics.urls")),
    path("api/", api.urls),
    path("django-admin/", admin.site.urls),
]

handler403 = "secondlook.core.views.forbidden"


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """API clients read JSON even when the error happens outside the API's own views."""
    if is_api_request(request):
        return not_found_json()
    return core_views.not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api_request(request):
        return server_error_json()
    return core_views.server_error(request)


handler404 = not_found
handler500 = server_error

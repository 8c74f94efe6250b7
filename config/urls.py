from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from config.api import api
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
handler404 = "secondlook.core.views.not_found"
handler500 = "secondlook.core.views.server_error"

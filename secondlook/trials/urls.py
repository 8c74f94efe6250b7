from __future__ import annotations

from django.urls import path

from secondlook.trials import views

app_name = "trials"

urlpatterns = [
    path("staff/trials/", views.registry, name="registry"),
    path("staff/trials/new/", views.local_trial_new, name="local_new"),
    path("staff/trials/<int:pk>/", views.trial_detail, name="detail"),
    path("staff/trials/<int:pk>/site/", views.trial_site_runs, name="site_runs"),
    path("staff/cases/<int:pk>/trials/rerun/", views.case_rerun, name="case_rerun"),
    path(
        "staff/cases/<int:pk>/trials/<int:trial_pk>/referral/",
        views.referral_record,
        name="referral",
    ),
]

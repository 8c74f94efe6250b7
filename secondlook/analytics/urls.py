from __future__ import annotations

from django.urls import path

from secondlook.analytics import views

app_name = "analytics"

urlpatterns = [
    path("staff/dashboard/", views.dashboard, name="dashboard"),
    path("staff/dashboard/export.csv", views.export_csv, name="export_csv"),
]

"""Diagnosis routes, all staff-only under /staff/oncology/."""

from __future__ import annotations

from django.urls import path

from secondlook.oncology import views

app_name = "oncology"

urlpatterns = [
    path("staff/oncology/cases/<int:case_pk>/panel/", views.diagnosis_panel, name="panel"),
    path("staff/oncology/cases/<int:case_pk>/diagnosis/", views.diagnosis_review, name="review"),
    path(
        "staff/oncology/cases/<int:case_pk>/diagnosis/confirm/",
        views.diagnosis_confirm,
        name="confirm",
    ),
    path(
        "staff/oncology/cases/<int:case_pk>/diagnosis/outside/",
        views.outside_diagnosis,
        name="outside",
    ),
    path("staff/oncology/facts/<int:pk>/decide/", views.fact_decide, name="decide"),
    path("staff/oncology/records/<int:pk>/text/", views.document_text, name="text"),
    path("staff/oncology/cases/<int:case_pk>/mcode/", views.mcode_download, name="mcode"),
]

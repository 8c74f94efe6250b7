"""Record routes. Staff routes live under /staff/ and the patient's under /portal/, so a
hospital can keep /staff/ on its internal network; every view checks the user against
the case. Downloads serve both (each checks access)."""

from __future__ import annotations

from django.urls import path

from secondlook.records import views

app_name = "records"

urlpatterns = [
    path("staff/records/<int:pk>/download/", views.document_download, name="download"),
    path("staff/records/<int:pk>/kind/", views.document_reclassify, name="reclassify"),
    path("staff/records/case/<int:case_pk>/upload/", views.document_upload, name="upload"),
    path("portal/cases/<int:case_pk>/records/", views.patient_upload, name="patient_upload"),
    path("portal/records/<int:pk>/download/", views.document_download, name="patient_download"),
]

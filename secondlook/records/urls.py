"""Mounted under /staff/ (config/urls.py); patients use the download and patient-upload
routes too, each of which checks the user against the case."""

from __future__ import annotations

from django.urls import path

from secondlook.records import views

app_name = "records"

urlpatterns = [
    path("records/<int:pk>/download/", views.document_download, name="download"),
    path("records/<int:pk>/kind/", views.document_reclassify, name="reclassify"),
    path("records/case/<int:case_pk>/upload/", views.document_upload, name="upload"),
    path(
        "records/case/<int:case_pk>/patient-upload/",
        views.patient_upload,
        name="patient_upload",
    ),
]

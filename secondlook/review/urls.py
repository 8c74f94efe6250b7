"""Opinion pages under /staff/ beside the case pages; the patient's download under /portal/."""

from __future__ import annotations

from django.urls import path

from secondlook.review import views

app_name = "review"

urlpatterns = [
    path("staff/cases/<int:pk>/opinion/", views.opinion_edit, name="opinion_edit"),
    path("staff/cases/<int:pk>/opinion/sign/", views.opinion_sign, name="opinion_sign"),
    path("staff/cases/<int:pk>/opinion/versions/", views.opinion_versions, name="opinion_versions"),
    path(
        "staff/cases/<int:pk>/opinion/versions/<int:number>/",
        views.opinion_version,
        name="opinion_version",
    ),
    path("staff/cases/<int:pk>/opinion.pdf", views.opinion_pdf, name="opinion_pdf"),
    path(
        "staff/cases/<int:pk>/opinion/versions/<int:number>.pdf",
        views.opinion_version_pdf,
        name="opinion_version_pdf",
    ),
    path(
        "staff/cases/<int:pk>/opinion/deliver-correction/",
        views.correction_deliver,
        name="correction_deliver",
    ),
    # The patient's download; the portal links to it (staff get a 404 here).
    path(
        "portal/cases/<int:pk>/opinion.pdf", views.patient_opinion_pdf, name="patient_opinion_pdf"
    ),
]

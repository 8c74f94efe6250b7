from __future__ import annotations

from django.urls import path

from secondlook.supportive import views

app_name = "supportive"

urlpatterns = [
    path("portal/cases/<int:pk>/distress/", views.patient_screen, name="patient_screen"),
    path("staff/supportive/", views.worklist, name="worklist"),
    path("staff/supportive/cases/<int:pk>/screen/", views.staff_screen, name="staff_screen"),
    path("staff/supportive/referrals/<int:pk>/take/", views.referral_claim, name="claim"),
    path("staff/supportive/referrals/<int:pk>/", views.referral_update, name="update"),
]

from __future__ import annotations

from django.urls import path

from secondlook.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("request/", views.request_opinion, name="request"),
    path("request/thank-you/", views.request_done, name="request_done"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/another-opinion/", views.request_another, name="request_another"),
]

from __future__ import annotations

from django.urls import path

from secondlook.logistics import views

app_name = "logistics"

urlpatterns = [
    path("staff/cases/<int:pk>/travel/transport/", views.transport_create, name="transport"),
    path("staff/cases/<int:pk>/travel/lodging/", views.lodging_create, name="lodging"),
    path(
        "staff/cases/<int:pk>/travel/<int:booking_id>/confirm/",
        views.booking_confirm,
        name="confirm",
    ),
    path(
        "staff/cases/<int:pk>/travel/<int:booking_id>/cancel/",
        views.booking_cancel,
        name="cancel",
    ),
]

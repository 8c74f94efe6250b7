from __future__ import annotations

from django.urls import path

from secondlook.scheduling import views

app_name = "scheduling"

urlpatterns = [
    path("staff/cases/<int:pk>/visit/request/", views.request_create, name="request_create"),
    path("staff/cases/<int:pk>/visit/<int:request_id>/plan/", views.plan, name="plan"),
    path(
        "staff/cases/<int:pk>/visit/<int:request_id>/window/",
        views.window_change,
        name="window_change",
    ),
    path(
        "staff/cases/<int:pk>/visit/itinerary/<int:itinerary_id>/accept/",
        views.accept,
        name="accept",
    ),
    path(
        "staff/cases/<int:pk>/visit/appointment/<int:appointment_id>/move/",
        views.appointment_move,
        name="appointment_move",
    ),
    path("staff/scheduling/week/", views.week_plan, name="week_plan"),
]

from __future__ import annotations

from django.urls import path

from secondlook.followup import views

app_name = "followup"

urlpatterns = [
    path("staff/follow-up/cases/<int:pk>/schedule/", views.schedule, name="schedule"),
    path(
        "staff/follow-up/cases/<int:pk>/check-ins/<int:check_in_id>/",
        views.check_in_complete,
        name="check_in",
    ),
    path("staff/follow-up/cases/<int:pk>/revise/", views.revise, name="revise"),
    path(
        "staff/follow-up/cases/<int:pk>/revisions/<int:revision_id>/deliver/",
        views.deliver,
        name="deliver",
    ),
]

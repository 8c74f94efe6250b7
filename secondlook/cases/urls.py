"""Staff pages of cases, mounted under /staff/ (base.html links the first four)."""

from __future__ import annotations

from django.urls import path

from secondlook.cases import views

app_name = "cases"

urlpatterns = [
    path("worklist/", views.worklist, name="worklist"),
    path("intake/", views.intake, name="intake"),
    path("my-reviews/", views.my_reviews, name="my_reviews"),
    path("cases/", views.case_list, name="list"),
    path("cases/<int:pk>/", views.case_detail, name="detail"),
    path("cases/<int:pk>/details/", views.case_details_edit, name="details_edit"),
    path("cases/<int:pk>/take/", views.case_take, name="take"),
    path("cases/<int:pk>/transition/", views.case_transition, name="transition"),
    path("cases/<int:pk>/handoff/", views.case_handoff, name="handoff"),
    path("cases/<int:pk>/follow-on/", views.follow_on, name="follow_on"),
    path("tasks/<int:pk>/complete/", views.task_complete, name="task_complete"),
]

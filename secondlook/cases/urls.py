from __future__ import annotations

from django.http import HttpResponse
from django.urls import path

app_name = "cases"

urlpatterns = [
    path("cases-worklist/", lambda r: HttpResponse("todo"), name="worklist"),
    path("cases-intake/", lambda r: HttpResponse("todo"), name="intake"),
    path("cases-my_reviews/", lambda r: HttpResponse("todo"), name="my_reviews"),
    path("cases-list/", lambda r: HttpResponse("todo"), name="list"),
]

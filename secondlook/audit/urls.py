from __future__ import annotations

from django.http import HttpResponse
from django.urls import path

app_name = "audit"

urlpatterns = [
    path("audit-search/", lambda r: HttpResponse("todo"), name="search"),
]

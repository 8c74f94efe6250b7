from __future__ import annotations

from django.http import HttpResponse
from django.urls import path

app_name = "portal"

urlpatterns = [
    path("portal-home/", lambda r: HttpResponse("todo"), name="home"),
    path("portal-request/", lambda r: HttpResponse("todo"), name="request"),
]

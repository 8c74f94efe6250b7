from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader

from secondlook.accounts.choices import Role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands where its work is."""
    role = request.user.role
    if role == Role.PATIENT:
        return redirect("portal:home")
    if role == Role.NAVIGATOR:
        return redirect("cases:worklist")
    if role == Role.PROGRAM_ADMIN:
        return redirect("cases:list")
    return redirect("cases:my_reviews")


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """No detail at all: an error page must never show patient data.

    Rendered without the request, so no context processor runs: the error may be the
    database itself, and the page must still appear.
    """
    return HttpResponseServerError(loader.render_to_string("errors/500.html"))

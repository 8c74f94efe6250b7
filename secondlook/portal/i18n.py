"""The portal speaks the patient's language: English or Spanish.

The project has no LocaleMiddleware (staff pages are English only), so portal views
activate the language themselves: the one the patient picked with the switcher (the
standard `django_language` cookie set by Django's `set_language` view), else the
language the patient told us they prefer, else English.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

PORTAL_LANGUAGES = (("en", "English"), ("es", "Español"))
_CODES = frozenset(code for code, _ in PORTAL_LANGUAGES)


def portal_language(request: HttpRequest) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in _CODES:
        return chosen
    user = getattr(request, "user", None)
    patient = getattr(user, "patient", None) if user is not None and user.is_authenticated else None
    preferred = getattr(patient, "preferred_language", "")
    return preferred if preferred in _CODES else "en"


def in_patient_language(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Run the view, and render its page, in the patient's language."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        language = portal_language(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = view(request, *args, **kwargs)
        response.headers.setdefault("Content-Language", language)
        return response

    return wrapper


def portal_render(
    request: HttpRequest, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    """render() with the page's language for <html lang> and the switcher."""
    return render(
        request,
        template,
        {
            **(context or {}),
            "LANGUAGE_CODE": translation.get_language() or "en",
            "portal_languages": PORTAL_LANGUAGES,
        },
        status=status,
    )

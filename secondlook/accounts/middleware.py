"""HIPAA automatic log-off and staff MFA enforcement."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device

_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/api/", "/healthz")
_LAST_SEEN = "secondlook_last_seen"


class IdleSessionTimeoutMiddleware:
    """Ends a session after SECONDLOOK_IDLE_TIMEOUT_MINUTES without a request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(_LAST_SEEN)
            limit = settings.SECONDLOOK_IDLE_TIMEOUT_MINUTES * 60
            if last_seen is not None and now - float(last_seen) > limit:
                logout(request)
                return redirect(f"{reverse('accounts:login')}?timeout=1")
            request.session[_LAST_SEEN] = now
        return self.get_response(request)


class RequireStaffMfaMiddleware:
    """Staff who enrolled a device must use it; with SECONDLOOK_REQUIRE_MFA all staff must."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "is_clinic_staff", False)
            and not request.path.startswith(_EXEMPT_PREFIXES)
            and not user.is_verified()
        ):
            if user_has_device(user, confirmed=True):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('accounts:mfa_verify')}?{query}")
            if settings.SECONDLOOK_REQUIRE_MFA:
                return redirect("accounts:mfa_setup")
        return self.get_response(request)

"""HIPAA automatic log-off and staff MFA enforcement."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django_otp import user_has_device

from secondlook.accounts.mfa import second_step_required

# The API authenticates each call by bearer token, never by session, so the second step
# is checked where a token is minted and where it is accepted (api_token_authenticate).
_EXEMPT_PREFIXES = ("/static/", "/api/", "/healthz")
# What a password-only session may reach: log in and out, pass the second step, enrol a
# first device (mfa_setup itself refuses to replace a device before verification), and
# the patient invitation that sets a password. Everything else under /accounts/ (the
# security page with its API tokens) waits for the code.
_OPEN_BEFORE_SECOND_STEP = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:mfa_verify",
        "accounts:mfa_setup",
        "accounts:invitation",
        "accounts:invitation_done",
    }
)
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
        # Cheap tests first: the device lookup runs only for an unverified staff session.
        if (
            user.is_authenticated
            and getattr(user, "is_clinic_staff", False)
            and not user.is_verified()
            and not request.path.startswith(_EXEMPT_PREFIXES)
            and not _open_before_second_step(request)
            and second_step_required(user)
        ):
            if user_has_device(user, confirmed=True):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('accounts:mfa_verify')}?{query}")
            return redirect("accounts:mfa_setup")
        return self.get_response(request)


def _open_before_second_step(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in _OPEN_BEFORE_SECOND_STEP

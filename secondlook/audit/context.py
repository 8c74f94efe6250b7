"""Where the current request came from, for audit rows written deep inside services."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class RequestOrigin:
    ip_address: str | None
    user_agent: str
    path: str


current_origin: ContextVar[RequestOrigin | None] = ContextVar("current_origin", default=None)


def client_ip_address(request: HttpRequest) -> str | None:
    """The address a request came from: the audit's "from where" and the log-in throttle's key.

    Behind the program's reverse proxy (SECONDLOOK_BEHIND_PROXY) REMOTE_ADDR is the proxy.
    Each proxy appends the address it received the request from to X-Forwarded-For, so
    with SECONDLOOK_TRUSTED_PROXIES proxies in front the client is that many entries from
    the right; anything further left is whatever the client chose to send. With the
    setting off the header is ignored altogether, for the same reason.
    """
    remote = _ip_or_none(request.META.get("REMOTE_ADDR", ""))
    if not settings.SECONDLOOK_BEHIND_PROXY:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    trusted = settings.SECONDLOOK_TRUSTED_PROXIES
    if trusted < 1 or len(hops) < trusted:
        return remote
    return _ip_or_none(hops[-trusted]) or remote


def _ip_or_none(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


class AuditOriginMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_origin.set(
            RequestOrigin(
                ip_address=client_ip_address(request),
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:200],
                path=request.path[:300],
            )
        )
        try:
            return self.get_response(request)
        finally:
            current_origin.reset(token)

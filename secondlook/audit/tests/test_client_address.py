"""The audit's "from where" is the client, not the reverse proxy, and never a forged header."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from secondlook.audit.context import client_ip_address
from secondlook.audit.models import AuditEvent
from secondlook.core.testing import Personas

PROXY = "10.0.0.5"
CLIENT = "203.0.113.7"
FORGED = "198.51.100.66"


def address(remote: str, forwarded: str | None = None) -> str | None:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip_address(RequestFactory().get("/", **extra))


@override_settings(SECONDLOOK_BEHIND_PROXY=False)
def test_without_a_proxy_the_header_is_ignored() -> None:
    assert address(CLIENT, FORGED) == CLIENT


@override_settings(SECONDLOOK_BEHIND_PROXY=True, SECONDLOOK_TRUSTED_PROXIES=1)
@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        (CLIENT, CLIENT),
        (f"{FORGED}, {CLIENT}", CLIENT),  # the client sent a header; the proxy appended
        (f" {FORGED} ,{CLIENT} ", CLIENT),
        ("", PROXY),
        ("not-an-address", PROXY),
    ],
)
def test_behind_one_proxy_the_right_most_entry_is_the_client(forwarded: str, expected: str) -> None:
    assert address(PROXY, forwarded) == expected


@override_settings(SECONDLOOK_BEHIND_PROXY=True)
def test_without_the_header_behind_a_proxy_the_proxy_is_recorded() -> None:
    assert address(PROXY) == PROXY


@override_settings(SECONDLOOK_BEHIND_PROXY=True, SECONDLOOK_TRUSTED_PROXIES=2)
def test_with_two_proxies_the_entry_the_outer_proxy_wrote_is_the_client() -> None:
    assert address(PROXY, f"{FORGED}, {CLIENT}, 10.0.0.9") == CLIENT
    assert address(PROXY, CLIENT) == PROXY  # fewer hops than proxies: do not guess


@override_settings(SECONDLOOK_BEHIND_PROXY=True, SECONDLOOK_TRUSTED_PROXIES=1)
def test_audit_row_of_a_case_read_records_the_client_behind_the_proxy(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.nina)

    client.get(
        reverse("cases:detail", args=[personas.pat_case.pk]),
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"{FORGED}, {CLIENT}",
    )

    row = AuditEvent.objects.filter(actor=personas.nina).latest("pk")
    assert row.ip_address == CLIENT


@override_settings(SECONDLOOK_BEHIND_PROXY=False)
def test_audit_row_without_a_proxy_records_the_connecting_address(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.nina)

    client.get(
        reverse("cases:detail", args=[personas.pat_case.pk]),
        REMOTE_ADDR=CLIENT,
        HTTP_X_FORWARDED_FOR=FORGED,
    )

    row = AuditEvent.objects.filter(actor=personas.nina).latest("pk")
    assert row.ip_address == CLIENT

"""A password alone opens nothing but log-in, log-out, the code step and a first enrolment.

Each test plays the attacker who has a staff member's password but not their phone, or
checks that the staff member with both still gets through.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from secondlook.accounts.models import ApiToken, User
from secondlook.accounts.services import api_token_authenticate, api_token_create
from secondlook.accounts.tests.factories import TEST_PASSWORD
from secondlook.accounts.tests.test_security import current_code, log_in
from secondlook.audit.models import AuditEvent
from secondlook.core.errors import PermissionDenied
from secondlook.core.testing import Personas

SETUP = reverse("accounts:mfa_setup")
SECURITY = reverse("accounts:security")
VERIFY = reverse("accounts:mfa_verify")

require_mfa = override_settings(SECONDLOOK_REQUIRE_MFA=True)


def enrolled(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def verified_client(client: Client, user: User, device: TOTPDevice) -> Client:
    log_in(client, user.username)
    response = client.post(VERIFY, {"token": current_code(device)})
    assert response.status_code == 302
    return client


def new_token_from(response_text: str) -> str:
    shown = re.search(r'data-testid="new-token">([^<]+)<', response_text)
    assert shown is not None
    return shown.group(1)


@require_mfa
def test_password_only_session_cannot_open_the_set_up_page_of_an_enrolled_user(
    client: Client, personas: Personas
) -> None:
    enrolled(personas.nina)
    log_in(client, "nina")

    response = client.get(SETUP)

    assert response.status_code == 302
    assert response.url.startswith(VERIFY)
    assert not TOTPDevice.objects.filter(user=personas.nina, confirmed=False).exists()


@require_mfa
def test_password_only_session_cannot_swap_in_its_own_phone(
    client: Client, personas: Personas
) -> None:
    original = enrolled(personas.nina)
    attackers_phone = TOTPDevice.objects.create(user=personas.nina, name="x", confirmed=False)
    log_in(client, "nina")

    response = client.post(
        SETUP, {"token": current_code(attackers_phone), "password": TEST_PASSWORD}
    )

    assert response.status_code == 302 and response.url.startswith(VERIFY)
    assert TOTPDevice.objects.filter(pk=original.pk, confirmed=True).exists()
    attackers_phone.refresh_from_db()
    assert not attackers_phone.confirmed
    assert client.get(reverse("cases:list")).url.startswith(VERIFY)


@require_mfa
def test_password_only_session_cannot_open_the_security_page_or_mint_a_token(
    client: Client, personas: Personas
) -> None:
    enrolled(personas.nina)
    log_in(client, "nina")

    page = client.get(SECURITY)
    minted = client.post(SECURITY, {"name": "exfiltrate"})

    assert page.status_code == 302 and page.url.startswith(VERIFY)
    assert minted.status_code == 302 and minted.url.startswith(VERIFY)
    assert not ApiToken.objects.exists()


@require_mfa
def test_staff_without_a_device_may_enrol_but_not_mint_a_token(
    client: Client, personas: Personas
) -> None:
    log_in(client, "nina")

    setup_page = client.get(SETUP)
    security_page = client.post(SECURITY, {"name": "exfiltrate"})

    assert setup_page.status_code == 200
    assert b"Set up two-step log-in" in setup_page.content
    assert security_page.status_code == 302 and security_page.url == SETUP
    assert not ApiToken.objects.exists()


@require_mfa
def test_log_out_and_the_code_step_stay_reachable_before_the_code(
    client: Client, personas: Personas
) -> None:
    enrolled(personas.nina)
    log_in(client, "nina")

    assert client.get(VERIFY).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.session.get("_auth_user_id") is None


@require_mfa
def test_a_verified_session_mints_a_token_that_reads_the_api(
    client: Client, personas: Personas
) -> None:
    verified_client(client, personas.nina, enrolled(personas.nina))

    raw = new_token_from(client.post(SECURITY, {"name": "Worklist sync"}).content.decode())
    api = Client().get("/api/cases", headers={"Authorization": f"Bearer {raw}"})

    assert api.status_code == 200
    assert ApiToken.objects.get(user=personas.nina).minted_after_second_step


def test_the_service_refuses_a_token_without_the_second_step_when_it_is_due(
    personas: Personas,
) -> None:
    enrolled(personas.nina)

    with pytest.raises(PermissionDenied):
        api_token_create(user=personas.nina, name="script")
    with override_settings(SECONDLOOK_REQUIRE_MFA=True), pytest.raises(PermissionDenied):
        api_token_create(user=personas.nate, name="script")
    assert not ApiToken.objects.exists()


def test_with_mfa_required_a_token_minted_without_it_is_refused_by_the_api(
    personas: Personas,
) -> None:
    _, old = api_token_create(user=personas.nina, name="from before MFA was required")
    enrolled(personas.nina)
    with override_settings(SECONDLOOK_REQUIRE_MFA=False):
        assert api_token_authenticate(old) == personas.nina

    with override_settings(SECONDLOOK_REQUIRE_MFA=True):
        refused = Client().get("/api/cases", headers={"Authorization": f"Bearer {old}"})

    assert refused.status_code == 401
    assert "message" in refused.json()


@require_mfa
def test_a_token_stops_working_when_its_owner_has_no_device_any_more(
    personas: Personas,
) -> None:
    device = enrolled(personas.nina)
    _, raw = api_token_create(user=personas.nina, name="script", second_step_passed=True)
    assert api_token_authenticate(raw) == personas.nina

    device.delete()

    assert api_token_authenticate(raw) is None


@require_mfa
def test_moving_to_a_new_phone_needs_the_code_and_the_password_again(
    client: Client, personas: Personas
) -> None:
    old_phone = enrolled(personas.nina)
    verified_client(client, personas.nina, old_phone)
    page = client.get(SETUP)
    new_phone = TOTPDevice.objects.get(user=personas.nina, confirmed=False)

    wrong_password = client.post(
        SETUP, {"token": current_code(new_phone), "password": "not-the-password"}
    )
    still_old = TOTPDevice.objects.filter(pk=old_phone.pk).exists()
    moved = client.post(SETUP, {"token": current_code(new_phone), "password": TEST_PASSWORD})

    assert b"Your password" in page.content
    assert b"That password is not right" in wrong_password.content
    assert still_old
    assert moved.status_code == 302
    assert list(TOTPDevice.objects.filter(user=personas.nina).values_list("pk", "confirmed")) == [
        (new_phone.pk, True)
    ]
    assert AuditEvent.objects.filter(actor=personas.nina, purpose="MFA device replaced").exists()


def test_creating_a_token_writes_an_audit_row(client: Client, personas: Personas) -> None:
    client.force_login(personas.nina)

    client.post(SECURITY, {"name": "Worklist sync"}, REMOTE_ADDR="198.51.100.4")

    token = ApiToken.objects.get(user=personas.nina)
    row = AuditEvent.objects.get(object_type="accounts.apitoken", object_id=str(token.pk))
    assert row.actor == personas.nina
    assert row.action == "create"
    assert row.purpose == "API token created"
    assert row.ip_address == "198.51.100.4"


def test_revoking_a_token_stops_it_and_writes_an_audit_row(
    client: Client, personas: Personas
) -> None:
    token, raw = api_token_create(user=personas.nina, name="old laptop")
    client.force_login(personas.nina)

    response = client.post(reverse("accounts:api_token_revoke", args=[token.pk]))

    token.refresh_from_db()
    assert response.status_code == 302
    assert token.revoked_at is not None
    assert api_token_authenticate(raw) is None
    assert AuditEvent.objects.filter(
        actor=personas.nina, object_id=str(token.pk), purpose="API token revoked"
    ).exists()


def test_staff_cannot_revoke_someone_elses_token(client: Client, personas: Personas) -> None:
    token, raw = api_token_create(user=personas.nate, name="nate's script")
    client.force_login(personas.nina)

    response = client.post(reverse("accounts:api_token_revoke", args=[token.pk]))

    assert response.status_code == 404
    assert api_token_authenticate(raw) == personas.nate


@require_mfa
def test_password_only_session_cannot_revoke_tokens(client: Client, personas: Personas) -> None:
    enrolled(personas.nina)
    token, raw = api_token_create(user=personas.nina, name="script", second_step_passed=True)
    log_in(client, "nina")

    response = client.post(reverse("accounts:api_token_revoke", args=[token.pk]))

    assert response.status_code == 302 and response.url.startswith(VERIFY)
    assert api_token_authenticate(raw) == personas.nina


@require_mfa
@pytest.mark.parametrize(
    ("route", "reachable"),
    [
        ("accounts:mfa_verify", True),
        ("accounts:invitation_done", True),
        ("accounts:security", False),
        ("cases:list", False),
        ("audit:search", False),
    ],
)
def test_only_the_log_in_steps_open_before_the_code(
    client: Client, personas: Personas, route: str, reachable: bool
) -> None:
    enrolled(personas.ada)
    log_in(client, "ada")

    response = client.get(reverse(route))

    sent_to_verify = response.status_code == 302 and response.url.startswith(VERIFY)
    assert sent_to_verify is not reachable

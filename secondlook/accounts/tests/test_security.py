"""Log-in, lock-out, automatic log-off, staff two-step log-in, headers and API tokens."""

from __future__ import annotations

import hashlib
import re
import time

from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from secondlook.accounts.models import ApiToken
from secondlook.accounts.services import api_token_authenticate
from secondlook.accounts.tests.factories import TEST_PASSWORD
from secondlook.core.testing import Personas

LOGIN_URL = reverse("accounts:login")
LAST_SEEN = "secondlook_last_seen"


def current_code(device: TOTPDevice) -> str:
    """The code the staff member's authenticator app shows right now."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(current_code(device)) + 1) % 10**device.digits:0{device.digits}d}"


def log_in(client: Client, username: str, password: str = TEST_PASSWORD) -> Client:
    client.post(LOGIN_URL, {"username": username, "password": password})
    return client


def logged_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def test_log_in_with_the_right_password_lands_on_the_start_page(
    client: Client, personas: Personas
) -> None:
    response = client.post(LOGIN_URL, {"username": "pat", "password": TEST_PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("portal:home")
    assert logged_in_user_id(client) == str(personas.pat.pk)


def test_wrong_password_is_refused_with_a_message(client: Client, personas: Personas) -> None:
    response = client.post(LOGIN_URL, {"username": "pat", "password": "not-the-password"})

    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content
    assert logged_in_user_id(client) is None


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(
    client: Client, personas: Personas
) -> None:
    responses = [
        client.post(LOGIN_URL, {"username": "nina", "password": f"guess-{attempt}"})
        for attempt in range(settings.AXES_FAILURE_LIMIT)
    ]
    right_password = client.post(LOGIN_URL, {"username": "nina", "password": TEST_PASSWORD})

    assert b"Too many failed log-ins" not in responses[0].content
    assert b"Too many failed log-ins" in responses[-1].content
    assert right_password.status_code == 429
    assert b"Too many failed log-ins" in right_password.content
    assert logged_in_user_id(client) is None


def test_idle_session_is_logged_out_after_the_configured_time(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.pat)
    assert client.get(reverse("portal:home")).status_code == 200
    session = client.session
    idle_seconds = settings.SECONDLOOK_IDLE_TIMEOUT_MINUTES * 60
    session[LAST_SEEN] = time.time() - idle_seconds - 5
    session.save()

    response = client.get(reverse("portal:home"), follow=True)

    assert response.redirect_chain[0][0] == f"{LOGIN_URL}?timeout=1"
    assert b"You were logged out after a period without activity" in response.content
    assert logged_in_user_id(client) is None


def test_activity_within_the_idle_time_keeps_the_session(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.pat)
    client.get(reverse("portal:home"))
    session = client.session
    session[LAST_SEEN] = time.time() - settings.SECONDLOOK_IDLE_TIMEOUT_MINUTES * 60 + 60
    session.save()

    assert client.get(reverse("portal:home")).status_code == 200


@override_settings(SECONDLOOK_REQUIRE_MFA=True)
def test_staff_must_set_up_two_step_log_in_before_opening_staff_pages(
    client: Client, personas: Personas
) -> None:
    staff_page = reverse("audit:search")
    client.force_login(personas.ada)

    before = client.get(staff_page)
    setup_page = client.get(before.url)
    device = TOTPDevice.objects.get(user=personas.ada, confirmed=False)
    confirmed = client.post(reverse("accounts:mfa_setup"), {"token": current_code(device)})
    after = client.get(staff_page)

    assert before.status_code == 302 and before.url == reverse("accounts:mfa_setup")
    assert b"Set up two-step log-in" in setup_page.content
    assert confirmed.status_code == 302
    assert after.status_code == 200
    assert TOTPDevice.objects.get(user=personas.ada).confirmed


@override_settings(SECONDLOOK_REQUIRE_MFA=True)
def test_a_wrong_set_up_code_keeps_staff_pages_closed(client: Client, personas: Personas) -> None:
    client.force_login(personas.ada)
    client.get(reverse("accounts:mfa_setup"))
    device = TOTPDevice.objects.get(user=personas.ada, confirmed=False)

    wrong = client.post(reverse("accounts:mfa_setup"), {"token": wrong_code(device)})

    assert b"That code does not match" in wrong.content
    assert client.get(reverse("audit:search")).status_code == 302
    assert not TOTPDevice.objects.filter(user=personas.ada, confirmed=True).exists()


@override_settings(SECONDLOOK_REQUIRE_MFA=True)
def test_patients_are_not_forced_into_two_step_log_in(client: Client, personas: Personas) -> None:
    client.force_login(personas.pat)

    assert client.get(reverse("portal:home")).status_code == 200


def test_staff_with_a_confirmed_device_must_enter_a_code_at_log_in(
    client: Client, personas: Personas
) -> None:
    device = TOTPDevice.objects.create(user=personas.ada, name="phone", confirmed=True)
    staff_page = reverse("audit:search")
    log_in(client, "ada")

    asked = client.get(staff_page)
    verified = client.post(asked.url, {"token": current_code(device), "next": staff_page})

    assert asked.status_code == 302
    assert asked.url.startswith(reverse("accounts:mfa_verify"))
    assert verified.status_code == 302 and verified.url == staff_page
    assert client.get(staff_page).status_code == 200


def test_a_wrong_code_at_log_in_keeps_staff_pages_closed(
    client: Client, personas: Personas
) -> None:
    device = TOTPDevice.objects.create(user=personas.ada, name="phone", confirmed=True)
    log_in(client, "ada")

    response = client.post(reverse("accounts:mfa_verify"), {"token": wrong_code(device)})

    assert b"That code is not right" in response.content
    assert client.get(reverse("audit:search")).status_code == 302


def test_responses_carry_security_headers_and_a_content_security_policy(
    client: Client, personas: Personas
) -> None:
    response = client.get(LOGIN_URL)

    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_api_token_is_shown_once_and_only_its_hash_is_stored(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.nina)

    created = client.post(reverse("accounts:security"), {"name": "Worklist sync"})
    shown = re.search(r'data-testid="new-token">([^<]+)<', created.content.decode())
    assert shown is not None
    raw = shown.group(1)
    again = client.get(reverse("accounts:security"))

    token = ApiToken.objects.get(user=personas.nina)
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {token.name, token.token_hash}
    assert raw not in again.content.decode()
    assert b"Worklist sync" in again.content
    assert api_token_authenticate(raw) == personas.nina


def test_patients_cannot_create_api_tokens(client: Client, personas: Personas) -> None:
    client.force_login(personas.pat)

    response = client.post(reverse("accounts:security"), {"name": "mine"})

    assert response.status_code == 302
    assert not ApiToken.objects.exists()


def test_a_patient_can_log_in_with_her_email_address(client: Client, personas: Personas) -> None:
    response = client.post(
        reverse("accounts:login"),
        {"username": personas.pat.email.upper(), "password": TEST_PASSWORD},
    )

    assert response.status_code == 302
    assert client.get(reverse("portal:home")).status_code == 200

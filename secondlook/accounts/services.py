from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from secondlook.accounts.choices import Role
from secondlook.accounts.models import ApiToken, User
from secondlook.core.errors import ValidationFailed


def _unique_username(base: str) -> str:
    stem = "".join(ch for ch in base.lower() if ch.isalnum() or ch in "._-")[:120] or "patient"
    candidate = stem
    suffix = 1
    while User.objects.filter(username=candidate).exists():
        suffix += 1
        candidate = f"{stem}{suffix}"
    return candidate


@transaction.atomic
def patient_account_create(*, email: str, first_name: str, last_name: str) -> User:
    """An account with no usable password: the patient sets one from the invitation."""
    if not email:
        raise ValidationFailed("An e-mail address is needed to invite the patient to the portal.")
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        if existing.role != Role.PATIENT:
            raise ValidationFailed("That e-mail address belongs to a staff account.")
        return existing
    user = User(
        username=_unique_username(email.split("@")[0]),
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=Role.PATIENT,
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


def invitation_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:invitation", kwargs={"uidb64": uid, "token": token})
    return f"{settings.SECONDLOOK_SITE_URL.rstrip('/')}{path}"


def patient_invitation_send(*, user: User) -> None:
    """Mail a set-your-password link; the message names no diagnosis, only the program."""
    link = invitation_link(user)
    send_mail(
        subject="Your second-opinion portal account",
        message=(
            f"Hello {user.first_name},\n\n"
            "We received your request for a second opinion. Set a password to follow "
            f"your case, upload records and read your opinion:\n\n{link}\n\n"
            "Your navigator will call you within one business day."
        ),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Returns the token and its raw value; the raw value is shown once and never stored."""
    if not user.is_clinic_staff:
        raise ValidationFailed("Only staff accounts can have API tokens.")
    raw = f"sl_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(user=user, name=name, token_hash=ApiToken.hash(raw))
    return token, raw


def api_token_authenticate(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=ApiToken.hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user

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
from django_otp import user_has_device

from secondlook.accounts.choices import Role
from secondlook.accounts.mfa import second_step_required
from secondlook.accounts.models import ApiToken, User
from secondlook.accounts.selectors import program_current
from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record
from secondlook.cases.sla import first_contact_promise
from secondlook.core.errors import PermissionDenied, ValidationFailed


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
            f"{first_contact_promise(program_current())}"
        ),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def api_token_create(
    *, user: User, name: str, second_step_passed: bool = False
) -> tuple[ApiToken, str]:
    """Returns the token and its raw value; the raw value is shown once and never stored.

    A token reads patient data without any further log-in, so minting one asks for the
    same proof as a staff page: the TOTP step when this person must pass it. The token
    remembers that proof, and with SECONDLOOK_REQUIRE_MFA only such tokens are accepted.
    """
    if not user.is_clinic_staff:
        raise ValidationFailed("Only staff accounts can have API tokens.")
    if second_step_required(user) and not second_step_passed:
        raise PermissionDenied("Enter a code from your authenticator app before creating a token.")
    raw = f"sl_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user,
        name=name,
        token_hash=ApiToken.hash(raw),
        minted_after_second_step=second_step_passed,
    )
    audit_record(actor=user, action=AuditAction.CREATE, target=token, purpose="API token created")
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User) -> None:
    """Stop a token working at once; the row stays so the audit trail keeps its name."""
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, target=token, purpose="API token revoked")


def api_token_authenticate(raw: str) -> User | None:
    """The token's owner, or None; with SECONDLOOK_REQUIRE_MFA the token must carry MFA.

    A token minted before MFA was required, or whose owner has no confirmed device any
    more, would be a way around the second step, so it is refused until re-minted.
    """
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=ApiToken.hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if settings.SECONDLOOK_REQUIRE_MFA and not (
        token.minted_after_second_step and user_has_device(token.user, confirmed=True)
    ):
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user

"""TOTP enrolment and verification on top of django-otp."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from secondlook.accounts.models import User
from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record


def second_step_required(user: User) -> bool:
    """Whether this person must enter a TOTP code before staff pages, tokens or device changes.

    Staff who enrolled a device always use it; with SECONDLOOK_REQUIRE_MFA every staff
    member must, and one without a device may do nothing but enrol one.
    """
    if not user.is_authenticated or not user.is_clinic_staff:
        return False
    return settings.SECONDLOOK_REQUIRE_MFA or user_has_device(user, confirmed=True)


def second_step_passed(user: User) -> bool:
    """The session passed the TOTP step, or this person is not asked for one."""
    return not second_step_required(user) or user.is_verified()


def totp_pending_device(*, user: User) -> TOTPDevice:
    """The unconfirmed device being enrolled, created once so a page reload keeps its secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def totp_qr_data_uri(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@transaction.atomic
def totp_confirm(*, request: HttpRequest, user: User, token: str) -> bool:
    """Confirm the pending device; it replaces a confirmed one only in a verified session.

    Without that rule a stolen password alone would let someone swap in their own phone
    and so pass the second step that exists to stop them.
    """
    replacing = TOTPDevice.objects.filter(user=user, confirmed=True)
    is_replacement = replacing.exists()
    if is_replacement and not request.user.is_verified():
        return False
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(token):
        return False
    replacing.delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    purpose = "MFA device replaced" if is_replacement else "MFA enrolled"
    audit_record(actor=user, action=AuditAction.UPDATE, target=user, purpose=purpose)
    return True


def totp_verify(*, request: HttpRequest, user: User, token: str) -> bool:
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):
            otp_login(request, device)
            return True
    return False

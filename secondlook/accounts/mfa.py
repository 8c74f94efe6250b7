"""TOTP enrolment and verification on top of django-otp."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from secondlook.accounts.models import User
from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record


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
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    audit_record(actor=user, action=AuditAction.UPDATE, target=user, purpose="MFA enrolled")
    return True


def totp_verify(*, request: HttpRequest, user: User, token: str) -> bool:
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):
            otp_login(request, device)
            return True
    return False

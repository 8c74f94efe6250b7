"""Upload links for referring physicians: records for one case, without an account.

The navigator issues a link for the physician who cares for the patient. Its token is
signed with the site's secret (Django's signing, salted for this use) and names both
the link row and the case, so a forged or edited token is refused before any database
read, and a valid one only ever reaches its own case. The row carries the expiry (also
enforced by the signature's age), the revocation and the rate limit; every refused use
of a known link is audited, and the upload itself goes through the records service with
the same checks as any other upload.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from secondlook.accounts.models import User
from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record
from secondlook.cases.choices import EventKind
from secondlook.cases.models import Case
from secondlook.cases.permissions import can_coordinate
from secondlook.cases.services import case_event_record
from secondlook.core.errors import ApplicationError, NotFound, PermissionDenied, ValidationFailed
from secondlook.portal.models import ReferringUploadLink
from secondlook.records.models import Document
from secondlook.records.services import document_upload_from_referring

SALT = "secondlook.portal.referring-upload"
LINK_DAYS = 14
MAX_LINK_DAYS = 30
ATTEMPTS_PER_HOUR = 20
PHYSICIAN_NAME_MAX = 200

INVALID_LINK = (
    "This upload link is not valid or has expired. Please ask the patient's navigator "
    "for a new link."
)


class TooManyAttempts(ApplicationError):
    """More uploads through one link in an hour than a physician's office sends."""

    status_code = 429


@dataclass(frozen=True)
class IssuedLink:
    link: ReferringUploadLink
    token: str


def referring_link_token(link: ReferringUploadLink) -> str:
    return signing.dumps({"link": link.pk, "case": link.case_id}, salt=SALT, compress=True)


def referring_link_url(link: ReferringUploadLink) -> str:
    """The full address to send the physician (the site's public address, not the request's)."""
    path = reverse("portal:referring_upload", args=[referring_link_token(link)])
    return f"{settings.SECONDLOOK_SITE_URL.rstrip('/')}{path}"


def referring_links_active(*, case: Case) -> list[ReferringUploadLink]:
    return list(
        case.referring_upload_links.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())
    )


@transaction.atomic
def referring_link_issue(
    *, actor: User, case: Case, physician_name: str, days: int = LINK_DAYS
) -> IssuedLink:
    """The case's navigator (or a program admin) issues a link for the referring physician."""
    if not can_coordinate(actor, case):
        raise PermissionDenied("Only the case navigator (or a program admin) issues upload links.")
    if not case.is_open:
        raise ValidationFailed("This case is closed, so records can no longer be added.")
    physician_name = physician_name.strip()
    if not physician_name:
        raise ValidationFailed("Say which physician the link is for.")
    if len(physician_name) > PHYSICIAN_NAME_MAX:
        raise ValidationFailed(f"Keep the name under {PHYSICIAN_NAME_MAX} characters.")
    if not 1 <= days <= MAX_LINK_DAYS:
        raise ValidationFailed(f"A link lasts between 1 and {MAX_LINK_DAYS} days.")
    link = ReferringUploadLink.objects.create(
        case=case,
        issued_by=actor,
        physician_name=physician_name,
        expires_at=timezone.now() + timedelta(days=days),
    )
    case_event_record(
        case=case,
        actor=actor,
        kind=EventKind.NOTE,
        summary=f"Upload link #{link.pk} issued for the referring physician ({days} days)",
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=link,
        case_reference=case.reference,
        purpose="referring physician upload link",
    )
    return IssuedLink(link=link, token=referring_link_token(link))


@transaction.atomic
def referring_link_revoke(*, actor: User, link: ReferringUploadLink) -> ReferringUploadLink:
    if not can_coordinate(actor, link.case):
        raise PermissionDenied("Only the case's navigator (or a program admin) revokes links.")
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            target=link,
            case_reference=link.case.reference,
            purpose="referring physician upload link revoked",
        )
    return link


def _refused(link: ReferringUploadLink, why: str) -> NotFound:
    audit_record(
        actor=None,
        action=AuditAction.DENIED,
        target=link,
        case_reference=link.case.reference,
        purpose=f"referring upload link refused: {why}",
    )
    return NotFound(INVALID_LINK)


def referring_link_resolve(token: str) -> ReferringUploadLink:
    """The link a token names, if it is genuine, unexpired, unrevoked and its case open.

    Every failure reads the same to the visitor, so the page tells a stranger nothing
    about which cases or links exist.
    """
    try:
        payload = signing.loads(token, salt=SALT, max_age=timedelta(days=MAX_LINK_DAYS))
        link_id, case_id = int(payload["link"]), int(payload["case"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise NotFound(INVALID_LINK) from None
    link = ReferringUploadLink.objects.select_related("case").filter(pk=link_id).first()
    if link is None or link.case_id != case_id:
        raise NotFound(INVALID_LINK)
    if link.revoked_at is not None:
        raise _refused(link, "revoked")
    if link.expires_at <= timezone.now():
        raise _refused(link, "expired")
    if not link.case.is_open:
        raise _refused(link, "case closed")
    return link


def _attempt_count(link_id: int) -> None:
    """Count this attempt in the link's hourly window; refuse beyond the limit."""
    with transaction.atomic():
        link = ReferringUploadLink.objects.select_for_update().get(pk=link_id)
        now = timezone.now()
        if link.window_started_at is None or now - link.window_started_at >= timedelta(hours=1):
            link.window_started_at = now
            link.window_attempts = 0
        link.window_attempts += 1
        link.save(update_fields=["window_started_at", "window_attempts", "updated_at"])
        over = link.window_attempts > ATTEMPTS_PER_HOUR
    if over:
        raise TooManyAttempts(
            "Too many uploads through this link in the last hour. Please wait an hour, "
            "or call the patient's navigator."
        )


def referring_upload(
    *, token: str, uploaded: UploadedFile, kind: str, description: str = ""
) -> Document:
    """A referring physician sends one record through their link."""
    link = referring_link_resolve(token)
    _attempt_count(link.pk)
    document = document_upload_from_referring(
        case=link.case,
        uploaded=uploaded,
        kind=kind,
        description=description,
        link_label=f"link #{link.pk}",
    )
    ReferringUploadLink.objects.filter(pk=link.pk).update(uploads=F("uploads") + 1)
    return document

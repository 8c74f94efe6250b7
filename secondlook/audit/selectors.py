"""Reads on the audit log: program admins only, and exporting it is itself audited.

The log answers "who opened which case, when, from where and why" with identifiers,
never patient data, so searching or exporting it does not spread the record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from secondlook.accounts.choices import Role
from secondlook.accounts.models import User
from secondlook.audit.choices import AuditAction
from secondlook.audit.models import AuditEvent
from secondlook.audit.services import audit_record
from secondlook.core.errors import PermissionDenied

AUDIT_LOG = "audit.auditevent"


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    case_reference: str = ""
    action: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def describe(self) -> str:
        """The filter in a few words, kept as the purpose of an export."""
        parts = [
            f"actor={self.actor}" if self.actor else "",
            f"case={self.case_reference}" if self.case_reference else "",
            f"action={self.action}" if self.action else "",
            f"from={self.date_from:%Y-%m-%d}" if self.date_from else "",
            f"to={self.date_to:%Y-%m-%d}" if self.date_to else "",
        ]
        return " ".join(part for part in parts if part) or "all rows"


def can_search_audit(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.role == Role.PROGRAM_ADMIN


def _require_auditor(user: User) -> None:
    """Refuse, and leave a trace: someone trying to read the access log is worth knowing."""
    if not can_search_audit(user):
        if user.is_authenticated:
            audit_record(
                actor=user, action=AuditAction.DENIED, object_type=AUDIT_LOG, purpose="no access"
            )
        raise PermissionDenied("Only program administrators can read the audit log.")


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_events_for(*, user: User, filters: AuditFilter) -> QuerySet[AuditEvent]:
    """Matching rows, newest first; date bounds are whole local days, on the indexed column."""
    _require_auditor(user)
    events = AuditEvent.objects.select_related("actor")
    if filters.actor.startswith("#") and filters.actor[1:].isdigit():
        events = events.filter(actor_id=int(filters.actor[1:]))
    elif filters.actor:
        events = events.filter(actor__username__iexact=filters.actor)
    if filters.case_reference:
        events = events.filter(case_reference__iexact=filters.case_reference)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.date_from:
        events = events.filter(at__gte=_day_start(filters.date_from))
    if filters.date_to:
        events = events.filter(at__lt=_day_start(filters.date_to + dt.timedelta(days=1)))
    return events.order_by("-at", "-id")


def audit_events_export(*, user: User, filters: AuditFilter) -> QuerySet[AuditEvent]:
    """The rows for a CSV export, after recording who exported what."""
    events = audit_events_for(user=user, filters=filters)
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        object_type=AUDIT_LOG,
        purpose=f"audit log export: {filters.describe()}",
    )
    return events


def actor_label(event: AuditEvent) -> str:
    """Staff by username; a patient acting on their own record by account number only,
    because a patient's username is often made from their name."""
    if event.actor is None:
        return "system"
    if Role.PATIENT in (event.actor_role, event.actor.role):
        return f"patient account #{event.actor_id}"
    return event.actor.username

from __future__ import annotations

from django.db import models

from secondlook.accounts.models import User
from secondlook.audit.context import current_origin
from secondlook.audit.models import AuditEvent


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    case_reference: str = "",
    purpose: str = "",
) -> AuditEvent:
    """Write one audit row; callers inside a transaction get it committed with their change."""
    origin = current_origin.get()
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk)
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_role=getattr(actor, "role", "") or "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        case_reference=case_reference,
        purpose=purpose[:120],
        ip_address=origin.ip_address if origin else None,
        user_agent=origin.user_agent if origin else "",
        path=origin.path if origin else "",
    )

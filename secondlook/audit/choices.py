from __future__ import annotations

from django.db import models


class AuditAction(models.TextChoices):
    VIEW = "view", "Viewed"
    LIST = "list", "Listed"
    DOWNLOAD = "download", "Downloaded"
    CREATE = "create", "Created"
    UPDATE = "update", "Updated"
    TRANSITION = "transition", "Changed status"
    SIGN = "sign", "Signed"
    EXPORT = "export", "Exported"
    DENIED = "denied", "Access denied"

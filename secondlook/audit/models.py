from __future__ import annotations

from django.conf import settings
from django.db import models

from secondlook.audit.choices import AuditAction


class AuditEvent(models.Model):
    """Who looked at or changed which patient's data, when, from where, and why.

    Rows hold identifiers, never the patient data itself, so the log can be searched
    and exported without becoming a second copy of the record.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_role = models.CharField(max_length=32, blank=True)
    action = models.CharField(max_length=16, choices=AuditAction.choices)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40, blank=True)
    case_reference = models.CharField(max_length=20, blank=True, db_index=True)
    purpose = models.CharField(max_length=120, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)
    path = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["actor", "-at"]), models.Index(fields=["action", "-at"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}#{self.object_id} by user #{self.actor_id}"

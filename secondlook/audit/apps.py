from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "secondlook.audit"
    label = "audit"
    verbose_name = "PHI access log"

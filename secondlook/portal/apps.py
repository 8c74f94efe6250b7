from __future__ import annotations

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "secondlook.portal"
    label = "portal"

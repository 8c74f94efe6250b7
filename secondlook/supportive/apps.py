from __future__ import annotations

from django.apps import AppConfig


class SupportiveConfig(AppConfig):
    name = "secondlook.supportive"
    label = "supportive"

from __future__ import annotations

from django.apps import AppConfig


class LogisticsConfig(AppConfig):
    name = "secondlook.logistics"
    label = "logistics"

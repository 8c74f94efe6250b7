from __future__ import annotations

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "secondlook.demo"
    label = "demo"
    verbose_name = "Synthetic demo program"

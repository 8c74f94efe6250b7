from __future__ import annotations

from django.apps import AppConfig


class OncologyConfig(AppConfig):
    name = "secondlook.oncology"
    label = "oncology"

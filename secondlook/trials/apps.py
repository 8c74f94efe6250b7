from __future__ import annotations

from django.apps import AppConfig


class TrialsConfig(AppConfig):
    name = "secondlook.trials"
    label = "trials"

from __future__ import annotations

from django.apps import AppConfig


class TherapiesConfig(AppConfig):
    name = "secondlook.therapies"
    label = "therapies"

from __future__ import annotations

from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "secondlook.records"
    label = "records"

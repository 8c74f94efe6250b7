from __future__ import annotations

from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "secondlook.records"
    label = "records"

    def ready(self) -> None:
        from secondlook.records import checks  # noqa: F401  (registers the system check)

from __future__ import annotations

from django.apps import AppConfig


class OncologyConfig(AppConfig):
    name = "secondlook.oncology"
    label = "oncology"

    def ready(self) -> None:
        from secondlook.core.extensions import CasePanel, register_case_panel
        from secondlook.oncology.views import panel_context

        register_case_panel(
            CasePanel(
                name="oncology-diagnosis",
                template="oncology/partials/case_panel.html",
                context=panel_context,
                order=20,
            )
        )

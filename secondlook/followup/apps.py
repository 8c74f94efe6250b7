from __future__ import annotations

from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "secondlook.followup"
    label = "followup"

    def ready(self) -> None:
        from secondlook.core.extensions import CasePanel, register_case_panel
        from secondlook.followup import panels

        register_case_panel(
            CasePanel(
                name="followup.staff",
                template="followup/partials/staff_panel.html",
                context=panels.staff_panel,
                order=80,
            )
        )
        register_case_panel(
            CasePanel(
                name="followup.patient",
                template="followup/partials/patient_panel.html",
                context=panels.patient_panel,
                audience="patient",
                order=20,
            )
        )

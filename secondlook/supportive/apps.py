from __future__ import annotations

from django.apps import AppConfig


class SupportiveConfig(AppConfig):
    name = "secondlook.supportive"
    label = "supportive"

    def ready(self) -> None:
        from secondlook.accounts.choices import Role
        from secondlook.core.extensions import (
            CasePanel,
            NavLink,
            register_case_panel,
            register_nav_link,
        )
        from secondlook.supportive import panels

        register_case_panel(
            CasePanel(
                name="supportive.staff",
                template="supportive/partials/staff_panel.html",
                context=panels.staff_panel,
                order=70,
            )
        )
        register_case_panel(
            CasePanel(
                name="supportive.patient",
                template="supportive/partials/patient_panel.html",
                context=panels.patient_panel,
                audience="patient",
                order=70,
            )
        )
        register_nav_link(
            NavLink(
                label="Supportive care",
                url_name="supportive:worklist",
                roles=frozenset({Role.SUPPORTIVE_CARE, Role.PROGRAM_ADMIN}),
                order=60,
            )
        )

from __future__ import annotations

from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "secondlook.scheduling"
    label = "scheduling"

    def ready(self) -> None:
        from secondlook.accounts.choices import Role
        from secondlook.core.extensions import (
            CasePanel,
            NavLink,
            register_case_panel,
            register_nav_link,
        )
        from secondlook.scheduling import panels

        register_case_panel(
            CasePanel(
                name="scheduling.visit",
                template="scheduling/partials/case_visit.html",
                context=panels.staff_panel,
                order=40,
            )
        )
        register_case_panel(
            CasePanel(
                name="scheduling.patient_itinerary",
                template="scheduling/partials/patient_itinerary.html",
                context=panels.patient_panel,
                audience="patient",
                order=40,
            )
        )
        register_nav_link(
            NavLink(
                label="Plan a week",
                url_name="scheduling:week_plan",
                roles=frozenset({Role.NAVIGATOR, Role.PROGRAM_ADMIN}),
                order=40,
            )
        )

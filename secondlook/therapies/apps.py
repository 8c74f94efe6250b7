from __future__ import annotations

from django.apps import AppConfig


class TherapiesConfig(AppConfig):
    name = "secondlook.therapies"
    label = "therapies"

    def ready(self) -> None:
        from secondlook.core.extensions import (
            CasePanel,
            NavLink,
            register_case_panel,
            register_nav_link,
        )
        from secondlook.therapies.views import panel_context

        register_case_panel(
            CasePanel(
                name="treatment-options",
                template="therapies/partials/options_panel.html",
                context=lambda user, case: panel_context(user, case),
                order=40,
            )
        )
        register_nav_link(
            NavLink(
                label="Treatment knowledge",
                url_name="therapies:knowledge_home",
                roles=frozenset({"specialist", "program_admin", "tumor_board_chair"}),
                order=60,
            )
        )

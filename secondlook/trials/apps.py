from __future__ import annotations

from django.apps import AppConfig


class TrialsConfig(AppConfig):
    name = "secondlook.trials"
    label = "trials"

    def ready(self) -> None:
        """The trials panel on the staff case page and the registry in the staff navigation."""
        from secondlook.accounts.choices import STAFF_ROLES
        from secondlook.core.extensions import (
            CasePanel,
            NavLink,
            register_case_panel,
            register_nav_link,
        )
        from secondlook.trials import panels

        register_case_panel(
            CasePanel(
                name="trials.matches",
                template="trials/partials/panel_trials.html",
                context=panels.staff_trials_panel,
                order=60,
            )
        )
        register_nav_link(
            NavLink(
                label="Trials", url_name="trials:registry", roles=frozenset(STAFF_ROLES), order=60
            )
        )

from __future__ import annotations

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "secondlook.portal"
    label = "portal"

    def ready(self) -> None:
        from secondlook.core.extensions import CasePanel, register_case_panel
        from secondlook.portal import panels

        register_case_panel(
            CasePanel(
                name="portal.messages",
                template="portal/partials/staff_messages.html",
                context=panels.staff_messages_panel,
                order=15,
            )
        )
        register_case_panel(
            CasePanel(
                name="portal.referring_links",
                template="portal/partials/staff_referring_links.html",
                context=panels.staff_referring_links_panel,
                order=16,
            )
        )

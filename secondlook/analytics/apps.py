from __future__ import annotations

from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "secondlook.analytics"
    label = "analytics"

    def ready(self) -> None:
        from secondlook.accounts.choices import Role
        from secondlook.core.extensions import NavLink, register_nav_link

        register_nav_link(
            NavLink(
                label="Program dashboard",
                url_name="analytics:dashboard",
                roles=frozenset({Role.PROGRAM_ADMIN}),
                order=10,
            )
        )

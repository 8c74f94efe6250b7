from __future__ import annotations

from django.apps import AppConfig


class LogisticsConfig(AppConfig):
    name = "secondlook.logistics"
    label = "logistics"

    def ready(self) -> None:
        """The travel panels on the case pages, and lodging that follows a re-planned visit."""
        from secondlook.core.extensions import (
            CasePanel,
            register_case_panel,
            register_itinerary_accepted,
        )
        from secondlook.logistics import panels, services

        register_itinerary_accepted(
            "logistics.bookings_follow_itinerary", services.bookings_follow_itinerary
        )
        register_case_panel(
            CasePanel(
                name="logistics.travel",
                template="logistics/partials/case_travel.html",
                context=panels.staff_panel,
                order=45,
            )
        )
        register_case_panel(
            CasePanel(
                name="logistics.patient_costs",
                template="logistics/partials/patient_costs.html",
                context=panels.patient_panel,
                audience="patient",
                order=45,
            )
        )

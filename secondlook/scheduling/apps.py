from __future__ import annotations

from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "secondlook.scheduling"
    label = "scheduling"

    def ready(self) -> None:
        """The visit panels on the staff and patient case pages, week planning in the top
        navigation, and the review task brought forward to a walkthrough booked before
        review starts."""
        from secondlook.accounts.choices import Role
        from secondlook.core.extensions import (
            CasePanel,
            NavLink,
            register_case_panel,
            register_nav_link,
            register_review_started,
        )
        from secondlook.scheduling import panels, services

        register_review_started(
            "scheduling.review_task_due_at_walkthrough",
            services.review_task_due_at_walkthrough_on_review_start,
        )
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

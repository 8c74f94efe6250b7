from __future__ import annotations

from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "secondlook.review"
    label = "review"

    def ready(self) -> None:
        """The review panels on the staff and patient case pages, and the board and team
        pages in the top navigation."""
        from secondlook.accounts.choices import STAFF_ROLES, Role
        from secondlook.core.extensions import (
            CasePanel,
            NavLink,
            register_case_panel,
            register_nav_link,
            register_review_started,
        )
        from secondlook.review import panels, team_services

        register_review_started(
            "review.propose_reviewers", team_services.reviewers_propose_on_review_start
        )

        register_case_panel(
            CasePanel(
                name="review.team",
                template="review/partials/panel_review.html",
                context=panels.staff_review_panel,
                order=30,
            )
        )
        register_case_panel(
            CasePanel(
                name="review.patient_opinion",
                template="review/partials/panel_patient_opinion.html",
                context=panels.patient_opinion_panel,
                audience="patient",
                order=20,
            )
        )
        register_case_panel(
            CasePanel(
                name="review.patient_voice",
                template="review/partials/panel_patient_voice.html",
                context=panels.patient_voice_panel,
                audience="patient",
                order=30,
            )
        )
        register_nav_link(
            NavLink(
                label="Tumor board",
                url_name="review:board_sessions",
                roles=frozenset(STAFF_ROLES - {Role.SUPPORTIVE_CARE}),
                order=50,
            )
        )
        register_nav_link(
            NavLink(
                label="Disease teams",
                url_name="review:teams",
                roles=frozenset({Role.PROGRAM_ADMIN}),
                order=90,
            )
        )

"""Plan a week of waiting visit requests at once, as a program admin would from the page."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from secondlook.accounts.models import User
from secondlook.scheduling.services import visit_week_plan


class Command(BaseCommand):
    help = "Plan every waiting visit request for the week starting on --week (YYYY-MM-DD)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--week", required=True, help="Monday of the week, YYYY-MM-DD")
        parser.add_argument("--as", dest="username", required=True, help="program admin username")

    def handle(self, *args: object, **options: str) -> None:
        try:
            week = date.fromisoformat(options["week"])
        except ValueError as exc:
            raise CommandError("--week must be a date like 2026-12-07.") from exc
        actor = User.objects.filter(username=options["username"], is_active=True).first()
        if actor is None:
            raise CommandError(f"No active user {options['username']!r}.")
        outcome = visit_week_plan(actor=actor, week_start=week)
        self.stdout.write(
            f"Planned {outcome.planned} complete itineraries in {outcome.solve_seconds:.1f} s."
        )
        for reference, reasons in outcome.unplanned.items():
            self.stdout.write(f"Not planned {reference}: {' '.join(reasons)}")

"""Fill or refresh the trial registry from ClinicalTrials.gov (API v2) or a downloaded file.

manage.py import_trials --file studies.json
manage.py import_trials --query "breast cancer" --status RECRUITING --status NOT_YET_RECRUITING
manage.py import_trials --query "lung cancer" --updated-since 2026-10-01
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from secondlook.trials.ctgov import DEFAULT_BASE_URL, CtgovClient, CtgovError
from secondlook.trials.services import trials_import_file, trials_import_query


class Command(BaseCommand):
    help = "Import clinical trials from a v2 JSON file or from the ClinicalTrials.gov API."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file", type=Path, help="a v2 studies page, a list, one study or JSONL"
        )
        parser.add_argument("--query", default="", help="condition to search for (query.cond)")
        parser.add_argument(
            "--status", action="append", default=[], help="overall status, repeatable"
        )
        parser.add_argument("--location", default="", help="location terms (query.locn)")
        parser.add_argument(
            "--updated-since", type=date.fromisoformat, help="only trials updated on or after"
        )
        parser.add_argument("--max-pages", type=int, help="stop after this many pages")
        parser.add_argument("--base-url", default=DEFAULT_BASE_URL)
        parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
        parser.add_argument("--retries", type=int, default=4, help="retries on 429/5xx/timeouts")

    def handle(self, *args: object, **options: object) -> None:
        path = options["file"]
        try:
            if path:
                if not Path(str(path)).exists():
                    raise CommandError(f"No such file: {path}")
                summary = trials_import_file(path=Path(str(path)))
            elif options["query"] or options["location"] or options["updated_since"]:
                client = CtgovClient(
                    base_url=str(options["base_url"]), timeout=float(options["timeout"])
                )  # type: ignore[arg-type]
                summary = trials_import_query(
                    client=client,
                    condition=str(options["query"]),
                    statuses=tuple(options["status"]),  # type: ignore[arg-type]
                    location=str(options["location"]),
                    updated_since=options["updated_since"],  # type: ignore[arg-type]
                    max_pages=options["max_pages"],  # type: ignore[arg-type]
                )
            else:
                raise CommandError(
                    "Give --file PATH, or --query/--location/--updated-since for the API."
                )
        except CtgovError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{summary.total} trials read: {summary.created} new, {summary.updated} updated, "
            f"{summary.unchanged} unchanged."
        )

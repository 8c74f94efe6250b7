"""`python manage.py import_civic FILE.tsv [--kind evidence|assertions]`: CIViC import.

Reads a CIViC nightly dump (ClinicalEvidenceSummaries or AssertionSummaries, CC0) and
adds the usable predictive entries as one new knowledge-base version, printing how many
rows were left out and why.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from secondlook.core.errors import ApplicationError
from secondlook.therapies.services import civic_import


class Command(BaseCommand):
    help = "Import a CIViC nightly evidence or assertion TSV into the knowledge base."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", choices=("evidence", "assertions"), default="evidence")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"No such file: {path}")
        try:
            result, parsed = civic_import(
                actor=None, text=path.read_text(encoding="utf-8"), kind=options["kind"]
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"{parsed.rows} rows read, {len(parsed.assertions)} usable.")
        for reason, count in parsed.skipped.most_common():
            self.stdout.write(f"  left out ({reason}): {count}")
        if result.version is None:
            self.stdout.write("Nothing new: no knowledge-base version made.")
        else:
            self.stdout.write(
                f"Knowledge base version {result.version.number}: {result.added} added, "
                f"{result.replaced} replaced."
            )

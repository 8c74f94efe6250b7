"""`python manage.py load_knowledge [--update]`: load the curated starter set.

Adds the starter entries whose key is not in the database yet, as one new
knowledge-base version. With --update it also replaces entries whose shipped text
changed (a curator's later edit of such an entry would be replaced, so it is opt-in).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from secondlook.therapies.services import knowledge_starter_load


class Command(BaseCommand):
    help = "Load the treatment-options starter knowledge base (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--update", action="store_true", help="also replace entries whose text changed"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = knowledge_starter_load(update=options["update"])
        if result.version is None:
            self.stdout.write("Knowledge base already up to date: no new version.")
            return
        self.stdout.write(
            f"Knowledge base version {result.version.number}: {result.added} entries added, "
            f"{result.replaced} replaced."
        )

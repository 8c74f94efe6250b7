"""`python manage.py therapy_options FILE.json`: treatment options for vignettes.

Reads one vignette (or a list) in the benchmark's format and prints, for each, the
options, the therapies not indicated, the missing tests and the cannot-decide reasons
as JSON. It uses the database's current knowledge-base version when one is loaded,
otherwise the starter set shipped with the code (and says so on stderr) — also on a
fresh clone whose database was never migrated, so a reader can try a vignette at once.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from secondlook.therapies.matcher import match_options
from secondlook.therapies.vignettes import (
    plan_json,
    vignette_request,
    vignette_resectable,
    vignette_sites,
)


class Command(BaseCommand):
    help = "Print treatment options (JSON) for a vignette file: one case or a list."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--starter",
            action="store_true",
            help="use the starter set shipped with the code, not the database's current KB",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise CommandError(f"No such file: {path}") from exc
        except json.JSONDecodeError as exc:
            raise CommandError(f"{path} is not valid JSON: {exc}") from exc
        vignettes = data if isinstance(data, list) else [data]
        if not all(isinstance(v, dict) for v in vignettes):
            raise CommandError("The file must hold one vignette object or a list of them.")
        kb = self._knowledge(starter=options["starter"])
        results = []
        for vignette in vignettes:
            facts, setting, goals = vignette_request(vignette)
            plan = match_options(
                facts=facts,
                kb=kb,
                setting=setting,
                goals=goals,
                resectable=vignette_resectable(vignette),
                metastatic_sites=vignette_sites(vignette),
            )
            results.append(plan_json(plan))
        output = results[0] if isinstance(data, dict) else results
        self.stdout.write(json.dumps(output, indent=2, ensure_ascii=False))

    def _knowledge(self, *, starter: bool):  # noqa: ANN202 - KnowledgeBase
        from secondlook.therapies.knowledge import starter_knowledge_base
        from secondlook.therapies.selectors import knowledge_base_current

        if not starter:
            try:
                current = knowledge_base_current()
            except DatabaseError:
                self.stderr.write(
                    "The database has no knowledge-base tables (run `python manage.py migrate` "
                    "and `load_knowledge` to use a curated version): using the starter set."
                )
                return starter_knowledge_base()
            if current is not None:
                return current
            self.stderr.write("No knowledge base loaded in the database: using the starter set.")
        return starter_knowledge_base()

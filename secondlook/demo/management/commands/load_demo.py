from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from secondlook.demo.program import DEMO_PASSWORD, demo_is_loaded, demo_load, demo_logins


class Command(BaseCommand):
    help = "Load the synthetic demo program (staff, patients, cases in every state)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="Erase the database first and load afresh."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reset"]:
            call_command("flush", interactive=False, verbosity=0)
        if demo_is_loaded():
            self.stdout.write("The demo program is already loaded (use --reset to reload).")
        else:
            started = time.monotonic()
            count = demo_load()
            self.stdout.write(
                f"Loaded the demo program: {count} cases in {time.monotonic() - started:.1f} s."
            )
        self._print_logins()

    def _print_logins(self) -> None:
        url = settings.SECONDLOOK_SITE_URL.rstrip("/")
        self.stdout.write("")
        self.stdout.write(
            f"  Open {url}/ and log in with one of these (password for all: {DEMO_PASSWORD})"
        )
        self.stdout.write("")
        for login in demo_logins():
            self.stdout.write(f"    {login.username:<20} {login.role:<34} {login.where}")
        self.stdout.write("")
        self.stdout.write("  All people, records and numbers in the demo are synthetic.")

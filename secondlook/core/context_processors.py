from __future__ import annotations

from django.http import HttpRequest

from secondlook.accounts.selectors import program_current


def program(request: HttpRequest) -> dict[str, object]:
    return {"program": program_current()}

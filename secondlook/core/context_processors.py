from __future__ import annotations

from django.http import HttpRequest

from secondlook.accounts.selectors import program_current
from secondlook.core.extensions import nav_links_for


def program(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    role = getattr(user, "role", "") if user is not None and user.is_authenticated else ""
    return {
        "program": program_current(),
        "extra_nav_links": nav_links_for(role) if role else [],
    }

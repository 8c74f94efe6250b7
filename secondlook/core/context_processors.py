from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from secondlook.accounts.selectors import program_current
from secondlook.core.extensions import nav_links_for


def program(request: HttpRequest) -> dict[str, object]:
    """The program and the role's extra links for every template.

    A case page renders a dozen panels, each through this processor; the program is
    read at most once per request, and only if a template asks for it."""
    user = getattr(request, "user", None)
    role = getattr(user, "role", "") if user is not None and user.is_authenticated else ""
    current = getattr(request, "_secondlook_program", None)
    if current is None:
        current = SimpleLazyObject(program_current)
        request._secondlook_program = current  # type: ignore[attr-defined]
    return {
        "program": current,
        "extra_nav_links": nav_links_for(role) if role else [],
    }

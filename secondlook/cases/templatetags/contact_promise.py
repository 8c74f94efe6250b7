"""`{% first_contact_promise %}`: when a requester will hear from us, from the program's clock.

Pages and messages used to say "within one business day" whatever the program's clock
said; this tag reads the `program` the context processor puts in every page.
"""

from __future__ import annotations

from typing import Any

from django import template

from secondlook.accounts.selectors import program_current
from secondlook.cases.models import Case
from secondlook.cases.sla import first_contact_promise, first_contact_promise_for

register = template.Library()


@register.simple_tag(takes_context=True, name="first_contact_promise")
def first_contact_promise_tag(context: template.Context, case: Case | None = None) -> str:
    """For a case, its own (routine or urgent) clock; without one, both clocks."""
    program: Any = context.get("program") or program_current()
    if case is not None:
        return first_contact_promise_for(case, program)
    return first_contact_promise(program)

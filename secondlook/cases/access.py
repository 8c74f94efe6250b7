"""How a staff or portal view gets hold of a case, in one place for every domain app.

A user who may not see a case gets a 404, never a 403, so nobody learns that a case
they cannot see exists; reads go through the audited selector, writes through the
service that audits the change itself.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from secondlook.cases.models import Case
from secondlook.cases.selectors import case_get_for
from secondlook.cases.services import case_for_update
from secondlook.core.errors import NotFound

View = Callable[..., HttpResponse]


def case_for_reading(request: HttpRequest, pk: int, purpose: str = "") -> Case:
    """The case, with the read written to the audit log (and the reason for access)."""
    try:
        return case_get_for(user=request.user, case_id=pk, purpose=purpose)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def case_for_action(request: HttpRequest, pk: int) -> Case:
    """The case for a write; the service called next writes the audit row."""
    try:
        return case_for_update(actor=request.user, case_id=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _staff_only(denial: type[Exception]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_clinic_staff:
                raise denial
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = _staff_only(PermissionDenied)
"""Staff pages a patient may know of (the worklist…): a patient gets a 403 there."""

staff_required_hidden = _staff_only(Http404)
"""Staff pages whose addresses a patient should not learn exist: a patient gets a 404."""

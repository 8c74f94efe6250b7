"""The audit log search and its CSV export, for program administrators."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from secondlook.audit.forms import AuditFilterForm
from secondlook.audit.models import AuditEvent
from secondlook.audit.selectors import (
    AuditFilter,
    actor_label,
    audit_events_export,
    audit_events_for,
)
from secondlook.core.errors import ApplicationError

PAGE_SIZE = 100

CSV_COLUMNS = (
    "at",
    "actor",
    "actor_role",
    "action",
    "object_type",
    "object_id",
    "case_reference",
    "purpose",
    "ip_address",
    "user_agent",
    "path",
)


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    filters = form.to_filter() if form.is_valid() else AuditFilter()
    try:
        events = audit_events_for(user=request.user, filters=filters)
    except ApplicationError:
        raise PermissionDenied from None
    if form.errors:
        # Never show (or export) everything when the admin asked for something narrower.
        events = events.none()
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(event, actor_label(event)) for event in page]
    return render(request, "audit/search.html", {"form": form, "page": page, "rows": rows})


class _Echo:
    """A file-like object csv.writer can write to, handing each line back to the stream."""

    def write(self, value: str) -> str:
        return value


def _cell(value: object) -> str:
    """Neutralise spreadsheet formulas: user agents and paths come from outside."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_lines(events: Iterable[AuditEvent]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for event in events:
        yield writer.writerow(
            [
                _cell(value)
                for value in (
                    event.at.isoformat(),
                    actor_label(event),
                    event.actor_role,
                    event.action,
                    event.object_type,
                    event.object_id,
                    event.case_reference,
                    event.purpose,
                    event.ip_address,
                    event.user_agent,
                    event.path,
                )
            ]
        )


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """Every matching row (not one page), streamed so a large export stays small in memory."""
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest("Correct the search filters before exporting.")
    try:
        events = audit_events_export(user=request.user, filters=form.to_filter())
    except ApplicationError:
        raise PermissionDenied from None
    filename = f"audit-log-{timezone.localdate():%Y%m%d}.csv"
    return StreamingHttpResponse(
        _csv_lines(events.iterator(chunk_size=2000)),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )

"""Reads for the patient portal, always through the patient's own cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from secondlook.accounts.models import Site, User
from secondlook.cases.models import Case
from secondlook.cases.selectors import case_timeline, cases_visible_to
from secondlook.portal.plain_language import HIDDEN_EVENT_KINDS, event_text


@dataclass(frozen=True)
class PatientTimelineEntry:
    at: datetime
    text: str


def patient_cases(*, user: User) -> QuerySet[Case]:
    """The patient's own opinions, newest first, with what the home page shows about each."""
    return (
        cases_visible_to(user=user)
        .select_related("site", "navigator")
        .order_by("-requested_at", "-id")
    )


def patient_timeline(*, case: Case) -> list[PatientTimelineEntry]:
    """The case history without staff notes, reasons or internal wording."""
    events = case_timeline(case=case).exclude(kind__in=HIDDEN_EVENT_KINDS)
    return [
        PatientTimelineEntry(
            at=event.created_at,
            text=event_text(
                kind=event.kind,
                to_status=event.to_status,
                summary=event.summary,
                channel=case.channel,
            ),
        )
        for event in events
    ]


def request_sites() -> QuerySet[Site]:
    """The locations a patient may choose for their opinion."""
    return Site.objects.order_by("name")

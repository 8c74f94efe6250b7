"""The staff case page asks the database the same number of questions however much a
case holds: a case with many documents, tasks, events, messages and reviewers must not
cost one query per row (the page every navigator opens all day)."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from secondlook.cases.choices import CaseStatus, EventKind
from secondlook.cases.models import Case, TimelineEvent
from secondlook.cases.tests.conftest import LogIn
from secondlook.cases.tests.factories import CaseFactory, PathologyReportFactory, TaskFactory
from secondlook.core.testing import Personas
from secondlook.portal.models import Message
from secondlook.review.choices import Agreement, ReviewerStatus
from secondlook.review.models import CaseReviewer, ReviewerFinding


def _case_holding(personas: Personas, rows: int) -> Case:
    """A case in review with `rows` of each kind of thing the case page lists."""
    case = CaseFactory(
        site=personas.pasadena,
        navigator=personas.nina,
        reviewer=personas.olivia,
        status=CaseStatus.UNDER_REVIEW,
    )
    for i in range(rows):
        PathologyReportFactory(
            case=case, uploaded_by=personas.nina, original_name=f"outside-report-{i}.pdf"
        )
        TaskFactory(case=case, assignee=personas.nina, title=f"Call back {i}")
        TimelineEvent.objects.create(
            case=case, actor=personas.nina, kind=EventKind.NOTE, summary=f"Note {i}"
        )
        Message.objects.create(
            case=case, sender=personas.nina, from_patient=False, body=f"Message {i}"
        )
    for reviewer in (personas.paul, personas.rita, personas.carmen)[:rows]:
        CaseReviewer.objects.create(
            case=case,
            reviewer=reviewer,
            specialty=reviewer.specialty,
            reason="On the disease team",
            status=ReviewerStatus.CONFIRMED,
        )
        ReviewerFinding.objects.create(
            case=case,
            reviewer=reviewer,
            specialty=reviewer.specialty,
            diagnosis_agreement=Agreement.AGREE,
            plan_agreement=Agreement.AGREE,
            submitted_at=timezone.now(),
        )
    return case


def _queries_for(client: Client, case: Case) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_case_page_query_count_does_not_grow_with_what_the_case_holds(
    personas: Personas, log_in: LogIn
) -> None:
    client = log_in(personas.nina)
    small, large = _case_holding(personas, 1), _case_holding(personas, 3)
    _queries_for(client, small)  # the first request also loads the session and caches

    small_count, _ = _queries_for(client, small)
    large_count, page = _queries_for(client, large)

    assert large_count == small_count, (small_count, large_count)
    # The rows were really listed, so the equal counts are not an empty page's.
    for shown in ("Call back 2", "Note 2", "Message 2", "Rita Synthetic"):
        assert shown in page, shown
    assert page.count("Waiting to be read") == 3

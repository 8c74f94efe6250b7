"""Program admins search and export the PHI access log; nobody else reads it."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from secondlook.audit.choices import AuditAction
from secondlook.audit.models import AuditEvent
from secondlook.audit.services import audit_record
from secondlook.cases.selectors import case_get_for
from secondlook.cases.services import CaseDetails, PatientDetails
from secondlook.core.testing import Personas, put_on_case
from secondlook.portal.services import opinion_request_submit

SEARCH_URL = reverse("audit:search")
EXPORT_URL = reverse("audit:export")


def csv_rows(response: StreamingHttpResponse) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def shown_rows(response: StreamingHttpResponse) -> int:
    return response.context["page"].paginator.count


@pytest.fixture
def admin_client(client: Client, personas: Personas) -> Client:
    client.force_login(personas.ada)
    return client


@pytest.mark.parametrize(
    "username", ["nina", "nate", "olivia", "raj", "paul", "rita", "carmen", "sam", "pat", "quinn"]
)
def test_only_program_admins_can_read_the_audit_log(
    client: Client, personas: Personas, username: str
) -> None:
    user = getattr(personas, username)
    client.force_login(user)

    search = client.get(SEARCH_URL)
    export = client.get(EXPORT_URL)

    assert search.status_code == export.status_code == 403
    assert b"You do not have access to this page" in search.content
    assert AuditEvent.objects.filter(actor=user, action=AuditAction.DENIED).count() == 2
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_audit_log_needs_a_log_in(client: Client, personas: Personas) -> None:
    response = client.get(SEARCH_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_admin_sees_who_opened_which_case_newest_first(
    admin_client: Client, personas: Personas
) -> None:
    put_on_case(personas.pat_case, personas.olivia)
    case_get_for(user=personas.nina, case_id=personas.pat_case.pk)
    case_get_for(user=personas.olivia, case_id=personas.pat_case.pk)

    response = admin_client.get(SEARCH_URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert page.index(">olivia<") < page.index(">nina<")
    assert personas.pat_case.reference in page
    assert "owning navigator" in page


def test_filters_narrow_by_actor_case_action_and_dates(
    admin_client: Client, personas: Personas
) -> None:
    case_get_for(user=personas.nina, case_id=personas.pat_case.pk)
    case_get_for(user=personas.nate, case_id=personas.quinn_case.pk)
    old = audit_record(
        actor=personas.nina,
        action=AuditAction.UPDATE,
        target=personas.pat_case,
        case_reference=personas.pat_case.reference,
    )
    AuditEvent.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=30))
    today = timezone.localdate()

    by_actor = admin_client.get(SEARCH_URL, {"actor": "NINA"})
    by_case = admin_client.get(SEARCH_URL, {"case_reference": personas.quinn_case.reference})
    by_action = admin_client.get(SEARCH_URL, {"action": AuditAction.UPDATE})
    recent = admin_client.get(SEARCH_URL, {"actor": "nina", "date_from": today.isoformat()})
    old_only = admin_client.get(
        SEARCH_URL, {"date_to": (today - dt.timedelta(days=29)).isoformat()}
    )

    assert shown_rows(by_actor) == 2
    assert shown_rows(by_case) == 1
    assert shown_rows(by_action) == 1
    assert shown_rows(recent) == 1
    assert [event.pk for event in old_only.context["page"]] == [old.pk]


def test_an_impossible_date_range_is_explained_and_shows_nothing(
    admin_client: Client, personas: Personas
) -> None:
    case_get_for(user=personas.nina, case_id=personas.pat_case.pk)

    response = admin_client.get(SEARCH_URL, {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    export = admin_client.get(EXPORT_URL, {"date_from": "2026-02-01", "date_to": "2026-01-01"})

    assert b"The end date is before the start date" in response.content
    assert shown_rows(response) == 0
    assert export.status_code == 400


def test_results_come_in_pages_of_one_hundred(admin_client: Client, personas: Personas) -> None:
    AuditEvent.objects.bulk_create(
        AuditEvent(actor=personas.nina, action=AuditAction.VIEW, object_type="cases.case")
        for _ in range(150)
    )

    first = admin_client.get(SEARCH_URL)
    second = admin_client.get(SEARCH_URL, {"page": 2})

    assert len(first.context["page"]) == 100
    assert len(second.context["page"]) == 50
    assert b"page 1 of 2" in first.content


def test_search_page_query_count_does_not_grow_with_rows(
    admin_client: Client,
    personas: Personas,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    for user in personas.staff:
        audit_record(actor=user, action=AuditAction.VIEW, target=personas.pat_case)

    with django_assert_max_num_queries(9):
        response = admin_client.get(SEARCH_URL)

    assert shown_rows(response) == len(personas.staff)


def test_csv_export_holds_the_filtered_rows_and_is_itself_audited(
    admin_client: Client, personas: Personas
) -> None:
    case_get_for(user=personas.nina, case_id=personas.pat_case.pk)
    case_get_for(user=personas.nate, case_id=personas.quinn_case.pk)

    response = admin_client.get(EXPORT_URL, {"actor": "nina"})

    rows = csv_rows(response)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert [(row["actor"], row["case_reference"]) for row in rows] == [
        ("nina", personas.pat_case.reference)
    ]
    export = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert export.actor == personas.ada
    assert export.purpose == "audit log export: actor=nina"


def test_csv_cells_cannot_smuggle_spreadsheet_formulas(
    admin_client: Client, personas: Personas
) -> None:
    AuditEvent.objects.create(
        actor=personas.nina,
        action=AuditAction.VIEW,
        object_type="cases.case",
        user_agent='=HYPERLINK("http://attacker.invalid","click")',
    )

    [row] = csv_rows(admin_client.get(EXPORT_URL, {"actor": "nina"}))

    assert row["user_agent"].startswith("'=")


def test_audit_log_and_export_never_show_patient_names(
    admin_client: Client, personas: Personas
) -> None:
    receipt = opinion_request_submit(
        site=personas.pasadena,
        patient=PatientDetails(
            first_name="Zelda",
            last_name="Quokka",
            date_of_birth=dt.date(1970, 5, 6),
            phone="555-010-2222",
            email="zelda.quokka@example.test",
        ),
        details=CaseDetails(patient_questions="Is surgery an option?"),
    )
    case_get_for(user=personas.nina, case_id=receipt.case.pk)

    page = admin_client.get(SEARCH_URL).content.decode().lower()
    export = admin_client.get(EXPORT_URL)
    exported = b"".join(export.streaming_content).decode().lower()

    assert receipt.case.reference.lower() in page
    assert receipt.case.reference.lower() in exported
    for text in (page, exported):
        assert "zelda" not in text
        assert "quokka" not in text
        assert "patient account #" in text  # the patient's own action, by account number

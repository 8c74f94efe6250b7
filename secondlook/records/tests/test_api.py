"""Records over the JSON API: upload and list, with errors as JSON messages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from secondlook.accounts.models import User
from secondlook.accounts.services import api_token_create
from secondlook.audit.choices import AuditAction
from secondlook.audit.models import AuditEvent
from secondlook.core.testing import Personas
from secondlook.records import services
from secondlook.records.tests import samples

StoredFiles = Callable[[], list[Path]]


class ApiClient:
    def __init__(self, user: User | None) -> None:
        self.client = Client()
        self.headers: dict[str, str] = {}
        if user is not None:
            _, raw = api_token_create(user=user, name="tests")
            self.headers["Authorization"] = f"Bearer {raw}"

    def upload(self, case_id: int, name: str, content: bytes, **fields: str) -> Any:
        return self.client.post(
            f"/api/cases/{case_id}/records",
            {"file": samples.upload(name, content), **fields},
            headers=self.headers,
        )

    def records(self, case_id: int) -> Any:
        return self.client.get(f"/api/cases/{case_id}/records", headers=self.headers)


def test_upload_returns_the_new_record_without_any_storage_detail(
    personas: Personas, stored_files: StoredFiles
) -> None:
    response = ApiClient(personas.nina).upload(
        personas.pat_case.pk, "report.pdf", samples.pdf_bytes(2), kind="pathology"
    )

    assert response.status_code == 201
    body = response.json()
    assert body["kind"] == "pathology"
    assert body["kind_label"] == "Pathology report"
    assert body["media_type"] == "application/pdf"
    assert body["page_count"] == 2
    assert body["uploaded_by_name"] == personas.nina.display_name
    assert body["download_url"] == f"/staff/records/{body['id']}/download/"
    assert "storage_name" not in body
    (stored,) = stored_files()
    assert stored.name not in response.content.decode()
    assert str(stored.parent) not in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "fields", "status", "said"),
    [
        ("report.pdf", samples.exe_bytes(), {}, 400, "actually a Windows program"),
        ("empty.txt", b"", {}, 400, "This file is empty"),
        ("note.txt", samples.text_bytes(), {"kind": "x-ray"}, 422, "not valid"),
    ],
)
def test_a_refused_upload_says_why_in_json(
    personas: Personas,
    stored_files: StoredFiles,
    name: str,
    content: bytes,
    fields: dict[str, str],
    status: int,
    said: str,
) -> None:
    response = ApiClient(personas.nina).upload(personas.pat_case.pk, name, content, **fields)
    assert response.status_code == status
    assert said in response.json()["message"]
    assert stored_files() == []


@override_settings(SECONDLOOK_MAX_UPLOAD_MB=1)
def test_a_file_over_the_limit_is_413(personas: Personas) -> None:
    response = ApiClient(personas.nina).upload(
        personas.pat_case.pk, "note.txt", b"a" * (1024 * 1024 + 1)
    )
    assert response.status_code == 413
    assert "larger than 1 MB" in response.json()["message"]


def test_the_same_file_twice_is_409(personas: Personas) -> None:
    api = ApiClient(personas.nina)
    api.upload(personas.pat_case.pk, "note.txt", samples.text_bytes())
    response = api.upload(personas.pat_case.pk, "note.txt", samples.text_bytes())
    assert response.status_code == 409
    assert "already in the case's records" in response.json()["message"]


def test_a_case_at_another_site_is_404_for_upload_and_list(personas: Personas) -> None:
    api = ApiClient(personas.nate)
    assert api.upload(personas.pat_case.pk, "note.txt", samples.text_bytes()).status_code == 404
    assert api.records(personas.pat_case.pk).status_code == 404


def test_a_role_that_does_not_handle_records_is_403(personas: Personas) -> None:
    response = ApiClient(personas.sam).upload(personas.pat_case.pk, "n.txt", samples.text_bytes())
    assert response.status_code == 403
    assert response.json()["message"]


def test_without_a_token_both_routes_are_401(personas: Personas) -> None:
    api = ApiClient(None)
    upload = api.upload(personas.pat_case.pk, "note.txt", samples.text_bytes())
    listing = api.records(personas.pat_case.pk)
    assert (upload.status_code, listing.status_code) == (401, 401)
    assert "API token" in listing.json()["message"]


def test_the_list_shows_the_cases_records_newest_first_and_the_read_is_audited(
    personas: Personas,
) -> None:
    first = services.document_upload(
        actor=personas.pat,
        case=personas.pat_case,
        uploaded=samples.upload("note.txt", samples.text_bytes()),
        kind="clinic_note",
    )
    second = services.document_upload(
        actor=personas.nina,
        case=personas.pat_case,
        uploaded=samples.upload("report.pdf", samples.pdf_bytes(1)),
        kind="pathology",
    )

    response = ApiClient(personas.olivia).records(personas.pat_case.pk)

    assert response.status_code == 200
    body = response.json()
    assert [row["id"] for row in body] == [second.pk, first.pk]
    assert all("storage_name" not in row for row in body)
    audit = AuditEvent.objects.get(actor=personas.olivia, action=AuditAction.VIEW)
    assert audit.case_reference == personas.pat_case.reference
    assert audit.path == f"/api/cases/{personas.pat_case.pk}/records"


def test_the_list_costs_the_same_queries_for_one_record_or_many(personas: Personas) -> None:
    api = ApiClient(personas.nina)

    def add_note(number: int) -> None:
        services.document_upload(
            actor=personas.pat if number % 2 else personas.nina,
            case=personas.pat_case,
            uploaded=samples.upload("note.txt", f"Synthetic note {number}".encode()),
            kind="clinic_note",
        )

    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.records(personas.pat_case.pk).status_code == 200
        return len(captured)

    add_note(0)
    with_one = queries_for_list()
    for number in range(1, 8):
        add_note(number)
    # token, token last-used, case, staff sites, audit row, records with their uploaders
    assert with_one == queries_for_list() == 6


def test_the_openapi_document_describes_both_routes(db: None) -> None:
    schema = Client().get("/api/openapi.json").json()
    operations = schema["paths"]["/api/cases/{case_id}/records"]
    assert set(operations) == {"get", "post"}
    assert "storage_name" not in schema["components"]["schemas"]["DocumentOut"]["properties"]

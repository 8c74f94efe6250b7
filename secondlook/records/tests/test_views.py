"""Record pages over HTTP: who may download, upload and re-file, and what they are told."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

from secondlook.accounts.models import User
from secondlook.audit.choices import AuditAction
from secondlook.audit.models import AuditEvent
from secondlook.core.testing import Personas
from secondlook.records import services
from secondlook.records.models import Document
from secondlook.records.selectors import case_documents
from secondlook.records.tests import samples

StoredFiles = Callable[[], list[Path]]

# Pat's case is at Pasadena: its staff, the program admin and Pat may open its records.
MAY_DOWNLOAD = ["nina", "olivia", "paul", "rita", "carmen", "sam", "ada", "pat"]
MAY_NOT_DOWNLOAD = ["nate", "raj", "quinn"]


@pytest.fixture
def document(personas: Personas) -> Document:
    return services.document_upload(
        actor=personas.nina,
        case=personas.pat_case,
        uploaded=samples.upload("Pat Synthetic biopsy.pdf", samples.pdf_bytes(2)),
        kind="pathology",
    )


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _messages(response: HttpResponse) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("username", MAY_DOWNLOAD)
def test_the_case_team_and_the_patient_download_the_file_as_an_attachment(
    personas: Personas, document: Document, username: str
) -> None:
    user = getattr(personas, username)
    response = _client(user).get(reverse("records:download", args=[document.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.pdf_bytes(2)
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"{personas.pat_case.reference}-pathology-{document.pk}.pdf" in disposition
    assert "Synthetic" not in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    audit = AuditEvent.objects.get(action=AuditAction.DOWNLOAD, actor=user)
    assert audit.object_id == str(document.pk)
    assert audit.case_reference == personas.pat_case.reference
    assert audit.purpose


def test_a_patients_own_download_is_audited_as_their_own_record(
    personas: Personas, document: Document
) -> None:
    _client(personas.pat).get(reverse("records:download", args=[document.pk]))
    audit = AuditEvent.objects.get(action=AuditAction.DOWNLOAD)
    assert (audit.actor, audit.purpose) == (personas.pat, "own record")


@pytest.mark.parametrize("username", MAY_NOT_DOWNLOAD)
def test_anyone_else_is_told_the_record_does_not_exist_and_the_attempt_is_logged(
    personas: Personas, document: Document, username: str
) -> None:
    user = getattr(personas, username)
    response = _client(user).get(reverse("records:download", args=[document.pk]))

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.DOWNLOAD).exists()
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, actor=user).exists()


def test_a_visitor_who_is_not_logged_in_is_sent_to_log_in(document: Document) -> None:
    response = Client().get(reverse("records:download", args=[document.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_record_whose_file_is_lost_is_a_not_found_not_a_crash(
    personas: Personas, document: Document, records_root: Path
) -> None:
    for stored in records_root.rglob("*"):
        if stored.is_file():
            stored.unlink()
    response = _client(personas.nina).get(reverse("records:download", args=[document.pk]))
    assert response.status_code == 404


def test_staff_upload_from_the_case_page_adds_the_record_and_returns_to_the_case(
    personas: Personas,
) -> None:
    response = _client(personas.nina).post(
        reverse("records:upload", args=[personas.pat_case.pk]),
        {
            "kind": "radiology",
            "description": "CT chest",
            "file": samples.upload("ct.pdf", samples.pdf_bytes(1)),
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", kwargs={"pk": personas.pat_case.pk})
    assert _messages(response) == ["Radiology report added to the records."]
    assert Document.objects.get().description == "CT chest"


def test_a_refused_staff_upload_shows_the_reason_on_the_case_page(
    personas: Personas, stored_files: StoredFiles
) -> None:
    response = _client(personas.nina).post(
        reverse("records:upload", args=[personas.pat_case.pk]),
        {"kind": "other", "file": samples.upload("report.pdf", samples.exe_bytes())},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", kwargs={"pk": personas.pat_case.pk})
    (message,) = _messages(response)
    assert "actually a Windows program" in message
    assert stored_files() == []


def test_a_staff_upload_without_a_file_asks_for_one(personas: Personas) -> None:
    response = _client(personas.nina).post(
        reverse("records:upload", args=[personas.pat_case.pk]), {"kind": "other"}
    )
    assert _messages(response) == ["Choose a file to upload."]


def test_staff_of_another_site_cannot_upload_to_the_case(personas: Personas) -> None:
    response = _client(personas.nate).post(
        reverse("records:upload", args=[personas.pat_case.pk]),
        {"kind": "other", "file": samples.upload("note.txt", samples.text_bytes())},
    )
    assert response.status_code == 404
    assert not Document.objects.exists()


def test_patients_use_the_portal_upload_not_the_staff_one(personas: Personas) -> None:
    response = _client(personas.pat).post(
        reverse("records:upload", args=[personas.pat_case.pk]),
        {"kind": "other", "file": samples.upload("note.txt", samples.text_bytes())},
    )
    assert response.status_code == 403
    assert not Document.objects.exists()


def test_the_patient_uploads_to_their_own_case_and_returns_to_the_portal(
    personas: Personas,
) -> None:
    response = _client(personas.pat).post(
        reverse("records:patient_upload", args=[personas.pat_case.pk]),
        {"kind": "other", "file": samples.upload("letter.png", samples.image_bytes("PNG"))},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:case", kwargs={"pk": personas.pat_case.pk})
    assert Document.objects.get().uploaded_by == personas.pat


def test_a_patient_cannot_upload_to_another_patients_case(
    personas: Personas, stored_files: StoredFiles
) -> None:
    response = _client(personas.quinn).post(
        reverse("records:patient_upload", args=[personas.pat_case.pk]),
        {"kind": "other", "file": samples.upload("note.txt", samples.text_bytes())},
    )
    assert response.status_code == 404
    assert stored_files() == []


def test_staff_cannot_use_the_patient_upload(personas: Personas) -> None:
    response = _client(personas.nina).post(
        reverse("records:patient_upload", args=[personas.pat_case.pk]),
        {"kind": "other", "file": samples.upload("note.txt", samples.text_bytes())},
    )
    assert response.status_code == 403


def test_uploads_must_be_posted(personas: Personas) -> None:
    client = _client(personas.nina)
    assert client.get(reverse("records:upload", args=[personas.pat_case.pk])).status_code == 405


def test_staff_re_file_a_record_from_the_case_page(personas: Personas, document: Document) -> None:
    response = _client(personas.nina).post(
        reverse("records:reclassify", args=[document.pk]), {"kind": "molecular"}
    )

    assert response["Location"] == reverse("cases:detail", kwargs={"pk": personas.pat_case.pk})
    document.refresh_from_db()
    assert document.kind == "molecular"
    assert _messages(response) == [
        f"Record #{document.pk} is now filed as molecular / genomic report."
    ]


def test_re_filing_needs_a_known_kind(personas: Personas, document: Document) -> None:
    response = _client(personas.nina).post(
        reverse("records:reclassify", args=[document.pk]), {"kind": "x-ray"}
    )
    assert _messages(response) == ["Choose what kind of record this is."]
    document.refresh_from_db()
    assert document.kind == "pathology"


@pytest.mark.parametrize(("username", "status"), [("pat", 403), ("nate", 404)])
def test_patients_and_other_sites_cannot_re_file_records(
    personas: Personas, document: Document, username: str, status: int
) -> None:
    response = _client(getattr(personas, username)).post(
        reverse("records:reclassify", args=[document.pk]), {"kind": "other"}
    )
    assert response.status_code == status
    document.refresh_from_db()
    assert document.kind == "pathology"


def test_the_case_page_table_lists_each_record_with_its_download_link(
    personas: Personas, document: Document, django_assert_max_num_queries: Callable
) -> None:
    for number in range(4):
        services.document_upload(
            actor=personas.pat,
            case=personas.pat_case,
            uploaded=samples.upload("note.txt", f"Synthetic note {number}".encode()),
            kind="clinic_note",
        )
    request = RequestFactory().get("/")
    request.user = personas.nina
    documents = case_documents(case=personas.pat_case)

    # One query for the program (context processor), one for the records and uploaders.
    with django_assert_max_num_queries(2):
        html = render_to_string(
            "records/partials/case_documents.html",
            {"case": personas.pat_case, "documents": documents, "can_upload": True},
            request=request,
        )

    assert reverse("records:download", args=[document.pk]) in html
    assert 'enctype="multipart/form-data"' in html
    assert reverse("records:upload", args=[personas.pat_case.pk]) in html
    assert reverse("records:reclassify", args=[document.pk]) in html
    assert f'<label for="record-file-{personas.pat_case.pk}">' in html
    assert "Pathology report" in html
    assert "style=" not in html
    assert "<script" not in html


def test_without_upload_rights_the_table_has_no_forms(
    personas: Personas, document: Document
) -> None:
    html = render_to_string(
        "records/partials/case_documents.html",
        {"case": personas.pat_case, "documents": [document], "can_upload": False},
    )
    assert "<form" not in html
    assert "Pathology report" in html


def test_the_patient_upload_form_posts_to_the_given_url(personas: Personas) -> None:
    url = reverse("records:patient_upload", args=[personas.pat_case.pk])
    html = render_to_string(
        "records/partials/patient_upload_form.html",
        {"case": personas.pat_case, "upload_url": url},
    )
    assert f'action="{url}"' in html
    assert 'enctype="multipart/form-data"' in html
    assert f'<label for="patient-record-file-{personas.pat_case.pk}">' in html
    assert "style=" not in html

"""Adding and re-classifying records: what is stored, and that a refusal stores nothing."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import override_settings

from secondlook.audit.choices import AuditAction
from secondlook.audit.models import AuditEvent
from secondlook.cases.choices import CaseStatus, EventKind
from secondlook.cases.models import Case, TimelineEvent
from secondlook.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from secondlook.core.testing import Personas
from secondlook.records import services, storage
from secondlook.records.models import Document
from secondlook.records.selectors import case_has_pathology_report
from secondlook.records.tests import samples

StoredFiles = Callable[[], list[Path]]


def _upload(
    personas: Personas,
    name: str,
    content: bytes,
    *,
    actor_name: str = "nina",
    case: Case | None = None,
    kind: str = "other",
) -> Document:
    return services.document_upload(
        actor=getattr(personas, actor_name),
        case=case or personas.pat_case,
        uploaded=samples.upload(name, content),
        kind=kind,
        description="Outside report",
    )


@pytest.mark.parametrize(
    ("name", "content", "media_type"),
    [
        ("Pat Synthetic biopsy.pdf", samples.pdf_bytes(3), "application/pdf"),
        ("scan.jpg", samples.image_bytes("JPEG"), "image/jpeg"),
        ("scan.png", samples.image_bytes("PNG"), "image/png"),
        ("fax.tiff", samples.image_bytes("TIFF", frames=2), "image/tiff"),
        ("note.txt", samples.text_bytes(), "text/plain"),
    ],
)
def test_an_accepted_file_is_stored_under_a_random_name_with_its_checksum(
    personas: Personas, stored_files: StoredFiles, name: str, content: bytes, media_type: str
) -> None:
    document = _upload(personas, name, content)

    (stored,) = stored_files()
    assert stored == storage.path_for(document.storage_name)
    assert re.fullmatch(r"[0-9a-f]{32}", stored.name)
    assert stored.read_bytes() == content
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.media_type == media_type
    assert document.size_bytes == len(content)
    assert document.original_name == name
    assert document.uploaded_by == personas.nina


def test_stored_records_are_readable_by_the_service_account_only(
    personas: Personas, records_root: Path
) -> None:
    document = _upload(personas, "note.txt", samples.text_bytes())
    stored = storage.path_for(document.storage_name)
    assert stored.stat().st_mode & 0o777 == 0o600
    assert stored.parent.stat().st_mode & 0o777 == 0o700


def test_a_pdf_upload_counts_its_pages_and_tells_the_timeline_without_the_file_name(
    personas: Personas,
) -> None:
    document = _upload(personas, "Pat Synthetic biopsy.pdf", samples.pdf_bytes(3), kind="pathology")

    assert document.page_count == 3
    assert case_has_pathology_report(case=personas.pat_case)
    event = TimelineEvent.objects.get(case=personas.pat_case, kind=EventKind.RECORD_ADDED)
    assert event.summary == "Pathology report added (PDF, 3 pages)"
    assert event.actor == personas.nina
    audit = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(document.pk))
    assert audit.object_type == "records.document"
    assert audit.case_reference == personas.pat_case.reference
    for row_text in (event.summary, event.reason, audit.purpose, audit.object_id):
        assert "Synthetic" not in row_text


def test_a_password_protected_pdf_is_kept_with_its_page_count_unknown(personas: Personas) -> None:
    document = _upload(personas, "locked.pdf", samples.pdf_bytes(2, user_password="secret"))
    assert document.page_count is None
    assert document.is_encrypted_pdf
    event = TimelineEvent.objects.get(case=personas.pat_case, kind=EventKind.RECORD_ADDED)
    assert event.summary == "Record added (PDF, password-protected)"


def test_the_patient_can_add_a_record_to_their_own_open_case(personas: Personas) -> None:
    document = _upload(personas, "note.txt", samples.text_bytes(), actor_name="pat")
    assert document.uploaded_by == personas.pat


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("report.pdf", samples.exe_bytes(), "named as a PDF document (.pdf) but it is actually"),
        ("note.txt", samples.html_bytes(), "actually a web page (HTML)"),
        ("scan.pdf", samples.image_bytes("PNG"), "actually a PNG image"),
        ("letter.docx", samples.docx_bytes(), "This file is a Word document"),
        ("report.pdf", b"%PDF-1.4\nnot really", "cannot be opened"),
        ("empty.pdf", b"", "This file is empty"),
    ],
)
def test_a_refused_file_leaves_nothing_behind(
    personas: Personas, stored_files: StoredFiles, name: str, content: bytes, reason: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        _upload(personas, name, content)

    assert reason in refused.value.message
    assert stored_files() == []
    assert not Document.objects.exists()
    assert not TimelineEvent.objects.filter(kind=EventKind.RECORD_ADDED).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="records.document")


@override_settings(SECONDLOOK_MAX_UPLOAD_MB=1)
def test_a_file_over_the_size_limit_is_refused_and_not_stored(
    personas: Personas, stored_files: StoredFiles
) -> None:
    with pytest.raises(services.FileTooLarge) as refused:
        _upload(personas, "note.txt", b"a" * (1024 * 1024 + 1))

    assert "larger than 1 MB" in refused.value.message
    assert refused.value.status_code == 413
    assert stored_files() == []
    assert not Document.objects.exists()


def test_a_stream_longer_than_the_limit_is_cut_off_and_removed(records_root: Path) -> None:
    """The limit holds even if the declared size lies: staging counts the bytes itself."""
    with pytest.raises(storage.SizeLimitExceeded):
        storage.stage(iter([b"a" * 600, b"b" * 600]), max_bytes=1000)
    assert [p for p in records_root.rglob("*") if p.is_file()] == []


def test_a_patient_cannot_add_records_to_another_patients_case(
    personas: Personas, stored_files: StoredFiles
) -> None:
    with pytest.raises(NotFound):
        _upload(
            personas, "note.txt", samples.text_bytes(), actor_name="pat", case=personas.quinn_case
        )
    assert stored_files() == []
    assert not Document.objects.exists()


def test_staff_of_another_site_cannot_add_records(personas: Personas) -> None:
    with pytest.raises(NotFound):
        _upload(personas, "note.txt", samples.text_bytes(), actor_name="nate")


@pytest.mark.parametrize("actor_name", ["carmen", "sam"])
def test_roles_that_do_not_handle_records_cannot_add_them(
    personas: Personas, stored_files: StoredFiles, actor_name: str
) -> None:
    with pytest.raises(PermissionDenied):
        _upload(personas, "note.txt", samples.text_bytes(), actor_name=actor_name)
    assert stored_files() == []


def test_records_cannot_be_added_to_a_closed_case(
    personas: Personas, stored_files: StoredFiles
) -> None:
    Case.objects.filter(pk=personas.pat_case.pk).update(status=CaseStatus.CLOSED)
    personas.pat_case.refresh_from_db()

    with pytest.raises(ValidationFailed) as refused:
        _upload(personas, "note.txt", samples.text_bytes())

    assert "closed" in refused.value.message
    assert stored_files() == []


def test_the_same_file_twice_on_one_case_is_a_conflict_naming_the_first_upload(
    personas: Personas, stored_files: StoredFiles
) -> None:
    content = samples.pdf_bytes(1)
    _upload(personas, "report.pdf", content)

    with pytest.raises(Conflict) as refused:
        _upload(personas, "copy of report.pdf", content, actor_name="olivia")

    assert refused.value.message.startswith("This file is already in the case's records (uploaded ")
    assert len(stored_files()) == 1
    assert Document.objects.count() == 1


def test_a_duplicate_that_races_past_the_check_is_still_a_conflict(
    personas: Personas, stored_files: StoredFiles
) -> None:
    content = samples.text_bytes()
    _upload(personas, "note.txt", content)
    real_check = services._refuse_duplicate
    calls: list[str] = []

    def check_sees_nothing_the_first_time(case: Case, sha256: str) -> None:
        # The first check runs before the other upload commits; the database constraint
        # then refuses the row and the second check names the winner.
        calls.append(sha256)
        if len(calls) > 1:
            real_check(case, sha256)

    with (
        mock.patch.object(services, "_refuse_duplicate", check_sees_nothing_the_first_time),
        pytest.raises(Conflict),
    ):
        _upload(personas, "note again.txt", content)
    assert len(stored_files()) == 1


def test_the_same_file_may_be_added_to_another_patients_case(personas: Personas) -> None:
    content = samples.text_bytes()
    _upload(personas, "note.txt", content)
    document = _upload(personas, "note.txt", content, actor_name="nate", case=personas.quinn_case)
    assert document.case == personas.quinn_case


def test_a_database_failure_after_the_file_is_written_leaves_no_orphan_file(
    personas: Personas, stored_files: StoredFiles
) -> None:
    with (
        mock.patch.object(services, "audit_record", side_effect=DatabaseError("disk full")),
        pytest.raises(DatabaseError),
    ):
        _upload(personas, "report.pdf", samples.pdf_bytes(1))

    assert stored_files() == []
    assert not Document.objects.exists()


def test_a_failure_after_the_final_rename_removes_the_published_file(
    personas: Personas, stored_files: StoredFiles
) -> None:
    real_publish = storage.publish

    def publish_then_fail(staged: storage.StagedFile, storage_name: str) -> Path:
        real_publish(staged, storage_name)
        raise OSError("lost the disk")

    with (
        mock.patch.object(storage, "publish", side_effect=publish_then_fail),
        pytest.raises(OSError),
    ):
        _upload(personas, "report.pdf", samples.pdf_bytes(1))

    assert stored_files() == []
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("kind", "description", "reason"),
    [
        ("x-ray", "", "Say what kind of record this is"),
        ("other", "x" * 201, "200 characters or fewer"),
    ],
)
def test_bad_form_values_are_refused_before_anything_is_stored(
    personas: Personas, stored_files: StoredFiles, kind: str, description: str, reason: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.document_upload(
            actor=personas.nina,
            case=personas.pat_case,
            uploaded=samples.upload("note.txt", samples.text_bytes()),
            kind=kind,
            description=description,
        )
    assert reason in refused.value.message
    assert stored_files() == []


def test_staff_can_file_a_record_as_the_pathology_report(personas: Personas) -> None:
    document = _upload(personas, "report.pdf", samples.pdf_bytes(2))

    services.document_kind_set(actor=personas.paul, document=document, kind="pathology")

    document.refresh_from_db()
    assert document.kind == "pathology"
    assert case_has_pathology_report(case=personas.pat_case)
    event = TimelineEvent.objects.get(case=personas.pat_case, kind=EventKind.UPDATED)
    assert event.summary == f"Record #{document.pk} re-classified: Other → Pathology report"
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_id=str(document.pk), actor=personas.paul
    ).exists()


def test_filing_a_record_under_its_current_kind_changes_nothing(personas: Personas) -> None:
    document = _upload(personas, "report.pdf", samples.pdf_bytes(1), kind="pathology")
    services.document_kind_set(actor=personas.nina, document=document, kind="pathology")
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


def test_a_patient_cannot_re_classify_records(personas: Personas) -> None:
    document = _upload(personas, "note.txt", samples.text_bytes(), actor_name="pat")
    with pytest.raises(PermissionDenied):
        services.document_kind_set(actor=personas.pat, document=document, kind="pathology")


def test_staff_of_another_site_cannot_re_classify_records(personas: Personas) -> None:
    document = _upload(personas, "note.txt", samples.text_bytes())
    with pytest.raises(NotFound):
        services.document_kind_set(actor=personas.nate, document=document, kind="pathology")

"""Signing: re-authentication, a real PDF kept outside the web root, immutability."""

from __future__ import annotations

import io
import json
from hashlib import sha256
from pathlib import Path

import pytest
from pypdf import PdfReader

from secondlook.accounts.tests.factories import TEST_PASSWORD
from secondlook.audit.choices import AuditAction
from secondlook.audit.models import AuditEvent
from secondlook.cases.choices import EventKind, TaskKind
from secondlook.cases.models import Case, Task
from secondlook.core.errors import Conflict, PermissionDenied, ValidationFailed
from secondlook.core.testing import Personas
from secondlook.review import services
from secondlook.review.documents import opinion_pdf_read
from secondlook.review.models import OpinionVersion
from secondlook.review.tests.helpers import draft, pdf_files, signed


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_wrong_password_signs_nothing_and_the_refusal_is_audited(
    personas: Personas, case: Case, records_root: Path
) -> None:
    opinion = draft(personas, case)

    with pytest.raises(ValidationFailed, match="Password not accepted"):
        services.opinion_sign(actor=personas.olivia, opinion=opinion, password="not-my-password")

    opinion.refresh_from_db()
    assert not opinion.is_signed
    assert opinion.content_sha256 == ""
    assert pdf_files(records_root) == []
    assert AuditEvent.objects.filter(
        action=AuditAction.DENIED, object_id=str(opinion.pk), actor=personas.olivia
    ).exists()


def test_signing_produces_a_real_pdf_naming_the_case_and_the_signer(
    personas: Personas, case: Case, records_root: Path
) -> None:
    opinion = signed(personas, case)

    opinion.refresh_from_db()
    assert opinion.signed_by == personas.olivia
    assert opinion.signed_at is not None
    assert [p.relative_to(records_root).as_posix() for p in pdf_files(records_root)] == [
        opinion.pdf_storage_name
    ]
    pdf = opinion_pdf_read(opinion.pdf_storage_name)
    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    assert case.reference in text
    assert "Olivia Synthetic" in text
    assert "Pat Synthetic" in text
    assert "Dr. Rhea Synthetic" in text
    assert "Is surgery or chemotherapy first the better choice for me?" in text
    assert "Surgery first is the better choice for you" in text


def test_pdf_file_name_is_random_and_private(personas: Personas, case: Case) -> None:
    opinion = signed(personas, case)

    assert case.reference not in opinion.pdf_storage_name
    assert "Synthetic" not in opinion.pdf_storage_name


def test_content_hash_is_sha256_of_the_canonical_content(personas: Personas, case: Case) -> None:
    opinion = signed(personas, case)

    canonical = json.dumps(
        {
            "answers": opinion.answers,
            "case": case.reference,
            "correction_reason": "",
            "diagnosis": opinion.diagnosis,
            "plan_change": "confirmed",
            "recommendations": opinion.recommendations,
            "supersedes": None,
            "verdict": opinion.verdict,
            "version": 1,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    assert opinion.content_sha256 == sha256(canonical.encode()).hexdigest()
    assert opinion.content_sha256 in _text(opinion_pdf_read(opinion.pdf_storage_name)).replace(
        "\n", ""
    )


def test_signing_writes_timeline_and_audit_and_gives_the_navigator_a_delivery_task(
    personas: Personas, case: Case
) -> None:
    opinion = signed(personas, case)

    assert case.events.filter(kind=EventKind.OPINION, summary__contains="signed").exists()
    assert AuditEvent.objects.filter(action=AuditAction.SIGN, object_id=str(opinion.pk)).exists()
    task = Task.objects.get(case=case, kind=TaskKind.DELIVER_OPINION, completed_at__isnull=True)
    case.refresh_from_db()
    assert task.assignee == personas.nina
    assert task.due_at == case.sla_due_at


def test_only_the_attending_reviewer_may_sign(personas: Personas, case: Case) -> None:
    opinion = draft(personas, case)

    with pytest.raises(PermissionDenied):
        services.opinion_sign(actor=personas.nina, opinion=opinion, password=TEST_PASSWORD)

    opinion.refresh_from_db()
    assert not opinion.is_signed


def test_an_incomplete_opinion_cannot_be_signed(
    personas: Personas, case: Case, records_root: Path
) -> None:
    opinion = draft(personas, case, answers="")

    with pytest.raises(ValidationFailed, match="answers to the patient's questions"):
        services.opinion_sign(actor=personas.olivia, opinion=opinion, password=TEST_PASSWORD)

    assert pdf_files(records_root) == []


def test_a_signed_version_cannot_be_signed_again(personas: Personas, case: Case) -> None:
    opinion = signed(personas, case)
    first_hash = opinion.content_sha256

    with pytest.raises(Conflict, match="already signed"):
        services.opinion_sign(actor=personas.olivia, opinion=opinion, password=TEST_PASSWORD)

    opinion.refresh_from_db()
    assert opinion.content_sha256 == first_hash


def test_a_signed_version_refuses_any_change_even_outside_the_services(
    personas: Personas, case: Case
) -> None:
    opinion = signed(personas, case)
    loaded = OpinionVersion.objects.get(pk=opinion.pk)
    loaded.diagnosis = "Quietly rewritten."

    with pytest.raises(Conflict, match="signed and cannot change"):
        loaded.save()

    assert OpinionVersion.objects.get(pk=opinion.pk).diagnosis != "Quietly rewritten."


def test_a_copy_read_before_signing_cannot_overwrite_the_signed_version(
    personas: Personas, case: Case
) -> None:
    stale = draft(personas, case)
    services.opinion_sign(actor=personas.olivia, opinion=stale, password=TEST_PASSWORD)
    stale.diagnosis = "Saved from a tab opened before signing."

    with pytest.raises(Conflict):
        stale.save()

    stale.refresh_from_db()
    assert stale.is_signed
    assert stale.diagnosis != "Saved from a tab opened before signing."


def test_editing_after_signing_without_a_reason_is_refused_and_changes_nothing(
    personas: Personas, case: Case
) -> None:
    opinion = signed(personas, case)

    with pytest.raises(ValidationFailed, match="signed and cannot change"):
        draft(personas, case, diagnosis="Rewritten after signing.")

    assert OpinionVersion.objects.filter(case=case).count() == 1
    opinion.refresh_from_db()
    assert opinion.diagnosis != "Rewritten after signing."


def test_no_pdf_is_left_behind_when_the_database_write_fails(
    personas: Personas, case: Case, records_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opinion = draft(personas, case)

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "_open_deliver_task", fail)
    with pytest.raises(RuntimeError):
        services.opinion_sign(actor=personas.olivia, opinion=opinion, password=TEST_PASSWORD)

    assert pdf_files(records_root) == []
    opinion.refresh_from_db()
    assert not opinion.is_signed
    assert not AuditEvent.objects.filter(action=AuditAction.SIGN).exists()

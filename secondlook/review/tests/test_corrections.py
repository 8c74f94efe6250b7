"""Corrections: a new version that says what it supersedes and why, delivered again."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core import mail
from pypdf import PdfReader

from secondlook.accounts.tests.factories import TEST_PASSWORD
from secondlook.cases.choices import CaseStatus, TaskKind
from secondlook.cases.models import Case, Task
from secondlook.cases.services import case_opinion_deliver
from secondlook.core.errors import PermissionDenied, TransitionRefused, ValidationFailed
from secondlook.core.testing import Personas
from secondlook.review import selectors, services
from secondlook.review.documents import opinion_pdf_read
from secondlook.review.models import OpinionVersion
from secondlook.review.tests.helpers import draft, pdf_files, signed

REASON = "Lymph node count was misread; the stage is IIIC."


def _correct(personas: Personas, case: Case, reason: str = REASON) -> OpinionVersion:
    return draft(personas, case, diagnosis="Stage IIIC.", correction_reason=reason)


def _sign(personas: Personas, opinion: OpinionVersion) -> OpinionVersion:
    return services.opinion_sign(actor=personas.olivia, opinion=opinion, password=TEST_PASSWORD)


def test_a_correction_needs_a_reason(personas: Personas, case: Case) -> None:
    signed(personas, case)

    with pytest.raises(ValidationFailed, match="say why"):
        _correct(personas, case, reason="   ")


def test_a_correction_is_version_2_superseding_the_signed_version_1(
    personas: Personas, case: Case
) -> None:
    v1 = signed(personas, case)

    v2 = _correct(personas, case)

    assert v2.number == 2
    assert v2.supersedes == v1
    assert v2.correction_reason == REASON
    assert not v2.is_signed
    v1.refresh_from_db()
    assert v1.diagnosis != "Stage IIIC."
    case.refresh_from_db()
    assert case.status == CaseStatus.OPINION_DRAFTED


def test_a_correction_draft_keeps_needing_its_reason(personas: Personas, case: Case) -> None:
    signed(personas, case)
    _correct(personas, case)

    with pytest.raises(ValidationFailed, match="reason is required"):
        draft(personas, case, diagnosis="Stage IIIC, node count 5.")


def test_signed_correction_pdf_says_what_it_supersedes_and_why(
    personas: Personas, case: Case, records_root: Path
) -> None:
    signed(personas, case)
    v2 = _sign(personas, _correct(personas, case))

    text = " ".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(opinion_pdf_read(v2.pdf_storage_name))).pages
    )
    assert "supersedes version 1" in text
    assert "Lymph node count was misread" in text
    assert len(pdf_files(records_root)) == 2


def test_correction_signed_before_delivery_is_the_one_delivered(
    personas: Personas, case: Case
) -> None:
    signed(personas, case)
    v2 = _sign(personas, _correct(personas, case))
    assert Task.objects.filter(case=case, kind=TaskKind.DELIVER_OPINION).count() == 1

    case_opinion_deliver(actor=personas.nina, case=case)

    case.refresh_from_db()
    assert selectors.opinion_delivered_latest(case=case) == v2


def test_patient_keeps_the_delivered_version_until_the_navigator_delivers_the_correction(
    personas: Personas, case: Case, django_capture_on_commit_callbacks
) -> None:
    v1 = signed(personas, case)
    case_opinion_deliver(actor=personas.nina, case=case)
    case.refresh_from_db()

    v2 = _sign(personas, _correct(personas, case))

    case.refresh_from_db()
    assert case.status == CaseStatus.FOLLOW_UP  # delivery started follow-up by itself
    assert selectors.opinion_delivered_latest(case=case) == v1
    task = Task.objects.get(case=case, kind=TaskKind.DELIVER_OPINION, completed_at__isnull=True)
    assert task.assignee == personas.nina
    assert task.due_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        services.opinion_correction_deliver(actor=personas.nina, opinion=v2, note="Called Pat.")

    assert selectors.opinion_delivered_latest(case=case) == v2
    task.refresh_from_db()
    assert task.completed_by == personas.nina
    assert [m.subject for m in mail.outbox] == ["An updated second opinion is ready in your portal"]


def test_only_the_navigator_delivers_a_correction(personas: Personas, case: Case) -> None:
    signed(personas, case)
    case_opinion_deliver(actor=personas.nina, case=case)
    v2 = _sign(personas, _correct(personas, case))

    with pytest.raises(PermissionDenied):
        services.opinion_correction_deliver(actor=personas.olivia, opinion=v2)


def test_an_unsigned_correction_cannot_be_delivered(personas: Personas, case: Case) -> None:
    signed(personas, case)
    case_opinion_deliver(actor=personas.nina, case=case)
    v2 = _correct(personas, case)

    with pytest.raises(TransitionRefused, match="once signed"):
        services.opinion_correction_deliver(actor=personas.nina, opinion=v2)


def test_before_the_first_delivery_the_case_transition_delivers_not_the_correction_service(
    personas: Personas, case: Case
) -> None:
    v1 = signed(personas, case)

    with pytest.raises(TransitionRefused, match="Deliver to patient"):
        services.opinion_correction_deliver(actor=personas.nina, opinion=v1)

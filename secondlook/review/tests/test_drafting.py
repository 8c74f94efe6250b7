"""Writing the opinion: who may, what the first save does to the case, drafts change."""

from __future__ import annotations

import pytest

from secondlook.audit.choices import AuditAction
from secondlook.audit.models import AuditEvent
from secondlook.cases.choices import CaseStatus, EventKind
from secondlook.cases.models import Case
from secondlook.core.errors import PermissionDenied, TransitionRefused, ValidationFailed
from secondlook.core.testing import Personas
from secondlook.review import services
from secondlook.review.models import OpinionVersion
from secondlook.review.tests.helpers import DIAGNOSIS, draft


def test_first_draft_creates_version_1_and_moves_the_case_to_opinion_drafted(
    personas: Personas, case: Case
) -> None:
    opinion = draft(personas, case)

    case.refresh_from_db()
    assert opinion.number == 1
    assert opinion.author == personas.olivia
    assert not opinion.is_signed
    assert case.status == CaseStatus.OPINION_DRAFTED
    assert case.events.filter(kind=EventKind.TRANSITION, to_status="opinion_drafted").exists()
    assert case.events.filter(kind=EventKind.OPINION, summary__contains="version 1").exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="review.opinionversion", object_id=str(opinion.pk)
    ).exists()


def test_draft_can_be_written_after_the_visit_is_scheduled(personas: Personas, case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.VISIT_SCHEDULED)
    case.refresh_from_db()

    draft(personas, case)

    case.refresh_from_db()
    assert case.status == CaseStatus.OPINION_DRAFTED


def test_draft_is_refused_before_the_review_starts_and_nothing_is_kept(
    personas: Personas, case: Case
) -> None:
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.RECORDS_COMPLETE)
    case.refresh_from_db()

    with pytest.raises(TransitionRefused, match="Records complete"):
        draft(personas, case)

    assert not OpinionVersion.objects.filter(case=case).exists()


@pytest.mark.parametrize("who", ["nina", "paul", "carmen", "raj", "pat"])
def test_only_the_attending_reviewer_may_write_the_opinion(
    personas: Personas, case: Case, who: str
) -> None:
    with pytest.raises(PermissionDenied):
        services.opinion_draft_save(
            actor=getattr(personas, who),
            case=case,
            verdict="confirmed",
            diagnosis=DIAGNOSIS,
            recommendations="",
            answers="",
        )
    assert not OpinionVersion.objects.filter(case=case).exists()


def test_saving_again_updates_the_draft_in_place(personas: Personas, case: Case) -> None:
    first = draft(personas, case)

    second = draft(personas, case, verdict="refined", diagnosis="Stage IIIC, not IIIB.")

    assert second.pk == first.pk
    assert OpinionVersion.objects.filter(case=case).count() == 1
    first.refresh_from_db()
    assert first.verdict == "refined"
    assert first.diagnosis == "Stage IIIC, not IIIB."
    assert case.events.filter(kind=EventKind.OPINION).count() == 2
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_id=str(first.pk), object_type="review.opinionversion"
    ).exists()


def test_a_draft_may_leave_sections_empty_while_it_is_written(
    personas: Personas, case: Case
) -> None:
    opinion = draft(personas, case, recommendations="", answers="  ")

    assert opinion.recommendations == ""
    assert opinion.answers == ""


def test_an_unknown_verdict_is_refused(personas: Personas, case: Case) -> None:
    with pytest.raises(ValidationFailed, match="confirmed, changed or refined"):
        draft(personas, case, verdict="probably")


def test_a_cancelled_cases_opinion_cannot_be_edited(personas: Personas, case: Case) -> None:
    opinion = draft(personas, case)
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CANCELLED)

    with pytest.raises(TransitionRefused, match="cancelled"):
        draft(personas, case, diagnosis="changed after cancellation")

    opinion.refresh_from_db()
    assert opinion.diagnosis == DIAGNOSIS

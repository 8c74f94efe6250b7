"""A follow-up revision starts from the signed opinion's structured content and changes
only what the attending changed; it records what changed and why, and its patient
summary is generated like any signed version's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from secondlook.accounts.tests.factories import TEST_PASSWORD
from secondlook.cases.choices import CaseStatus
from secondlook.cases.models import Case
from secondlook.cases.tests.factories import CaseFactory
from secondlook.core.testing import Personas
from secondlook.followup.services import plan_revision_draft
from secondlook.review.documents import AUTHORED_FIELDS
from secondlook.review.services import LetterContent, opinion_draft_save, opinion_sign

pytestmark = pytest.mark.django_db

LETTER = LetterContent(
    concordance="minor",
    concordance_reason="Outside report called it grade 3; we read grade 2.",
    stage="IIA",
    recommended_plan=("surgery",),
    alternatives=("clinical_trial",),
    tests_recommended=("ct",),
    supportive_care=("nutrition",),
    evidence="NCCN Colon Cancer v2.2026.",
    trials="NCT00000000 (synthetic) if node-positive.",
    board_consensus="Surgery alone; chemotherapy only if nodes are involved.",
)


@pytest.fixture
def signed_case(personas: Personas, settings: object, tmp_path: object) -> Case:
    settings.SECONDLOOK_RECORDS_ROOT = tmp_path  # type: ignore[attr-defined]
    case = CaseFactory(
        patient=personas.pat_case.patient,
        site=personas.pasadena,
        navigator=personas.nina,
        reviewer=personas.olivia,
        status=CaseStatus.UNDER_REVIEW,
    )
    v1 = opinion_draft_save(
        actor=personas.olivia,
        case=case,
        verdict="confirmed",
        plan_change="confirmed",
        diagnosis="Colon adenocarcinoma, stage IIA.",
        recommendations="Surgery alone.",
        answers="Surgery is the right first step for you.",
        letter=LETTER,
    )
    opinion_sign(actor=personas.olivia, opinion=v1, password=TEST_PASSWORD)
    delivered = timezone.now() + dt.timedelta(minutes=1)
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.FOLLOW_UP, opinion_delivered_at=delivered
    )
    return Case.objects.get(pk=case.pk)


def test_revision_keeps_the_signed_content_except_what_changed(
    personas: Personas, signed_case: Case
) -> None:
    v1 = signed_case.opinion_versions.get(number=1)

    revision = plan_revision_draft(
        actor=personas.olivia,
        case=signed_case,
        what_changed="Add adjuvant chemotherapy after surgery.",
        why="New pathology shows 2 of 14 lymph nodes involved.",
        verdict="refined",
        diagnosis="Colon adenocarcinoma, stage IIIB after surgery.",
        recommendations="Adjuvant chemotherapy for 3 to 6 months.",
        answers="Yes, chemotherapy now lowers the chance of the cancer coming back.",
    )
    v2 = revision.opinion

    for field in AUTHORED_FIELDS:
        assert getattr(v2, field) == getattr(v1, field), field
    assert v2.plan_change == v1.plan_change == "confirmed"
    assert v2.verdict == "refined" and "IIIB" in v2.diagnosis
    assert v2.what_changed == "Add adjuvant chemotherapy after surgery."
    assert "lymph nodes" in v2.correction_reason

    v2 = opinion_sign(actor=personas.olivia, opinion=v2, password=TEST_PASSWORD)

    assert v2.patient_summary_en and v2.patient_summary_es
    assert v2.summary_grade_en is not None and v2.summary_grade_es is not None
    assert v2.content_sha256 != v1.content_sha256

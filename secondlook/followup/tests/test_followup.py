from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from secondlook.accounts.tests.factories import TEST_PASSWORD
from secondlook.cases.choices import CaseStatus
from secondlook.cases.models import Case
from secondlook.cases.tests.factories import OpinionVersionFactory
from secondlook.core.errors import PermissionDenied, TransitionRefused, ValidationFailed
from secondlook.core.testing import Personas
from secondlook.followup.choices import CheckInStatus, RevisionStatus
from secondlook.followup.models import CheckIn
from secondlook.followup.services import (
    check_in_complete,
    check_ins_schedule,
    check_ins_schedule_missing,
    plan_revision_deliver,
    plan_revision_draft,
)
from secondlook.review.models import OpinionVersion
from secondlook.review.selectors import opinion_delivered_latest
from secondlook.review.services import opinion_sign


def _in_follow_up(personas: Personas) -> Case:
    delivered = timezone.now() - timedelta(days=2)
    OpinionVersionFactory(
        case=personas.pat_case,
        author=personas.olivia,
        signed=True,
        signed_at=delivered,
        plan_change="confirmed",
    )
    Case.objects.filter(pk=personas.pat_case.pk).update(
        status=CaseStatus.FOLLOW_UP, reviewer=personas.olivia, opinion_delivered_at=delivered
    )
    return Case.objects.get(pk=personas.pat_case.pk)


def test_navigator_schedules_30_90_180_day_check_ins_once(personas: Personas) -> None:
    case = _in_follow_up(personas)

    created = check_ins_schedule(actor=personas.nina, case=case)
    again = check_ins_schedule(actor=personas.nina, case=case)

    start = timezone.localtime(case.opinion_delivered_at).date()
    assert [(c.day, c.due_on) for c in created] == [
        (30, start + timedelta(days=30)),
        (90, start + timedelta(days=90)),
        (180, start + timedelta(days=180)),
    ]
    assert again == []


def test_check_ins_wait_for_follow_up_and_for_the_cases_navigator(personas: Personas) -> None:
    with pytest.raises(TransitionRefused):
        check_ins_schedule(actor=personas.nina, case=personas.pat_case)
    case = _in_follow_up(personas)
    with pytest.raises(PermissionDenied):
        check_ins_schedule(actor=personas.olivia, case=case)


def test_daily_job_finds_follow_up_cases_nobody_scheduled(personas: Personas) -> None:
    case = _in_follow_up(personas)

    assert check_ins_schedule_missing() == 1
    assert check_ins_schedule_missing() == 0
    assert CheckIn.objects.filter(case=case).count() == 3


def test_navigator_records_a_check_in(personas: Personas) -> None:
    case = _in_follow_up(personas)
    first = check_ins_schedule(actor=personas.nina, case=case)[0]

    done = check_in_complete(
        actor=personas.nina, check_in_id=first.pk, status=CheckInStatus.DONE, note="Doing well"
    )

    assert done.status == CheckInStatus.DONE and done.completed_by == personas.nina


def _revise(personas: Personas, case: Case) -> Any:
    return plan_revision_draft(
        actor=personas.olivia,
        case=case,
        what_changed="Add adjuvant chemotherapy after surgery.",
        why="New pathology shows 2 of 14 lymph nodes involved.",
        verdict="refined",
        diagnosis="Colon adenocarcinoma, stage IIIB after surgery.",
        recommendations="Adjuvant chemotherapy for 3 to 6 months.",
        answers="Yes, chemotherapy now lowers the chance of the cancer coming back.",
    )


def test_follow_up_revision_is_a_new_opinion_version_and_the_patient_is_told(
    personas: Personas, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    case = _in_follow_up(personas)

    revision = _revise(personas, case)

    assert revision.opinion.number == 2
    assert revision.opinion.supersedes.number == 1
    assert "lymph nodes" in revision.opinion.correction_reason
    assert opinion_delivered_latest(case=case).number == 1  # not before the navigator
    with pytest.raises(TransitionRefused):
        plan_revision_deliver(actor=personas.nina, revision_id=revision.pk)

    opinion_sign(actor=personas.olivia, opinion=revision.opinion, password=TEST_PASSWORD)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        delivered = plan_revision_deliver(actor=personas.nina, revision_id=revision.pk)

    assert delivered.status == RevisionStatus.DELIVERED
    assert opinion_delivered_latest(case=case).number == 2
    assert OpinionVersion.objects.filter(case=case).count() == 2
    assert [m.to for m in mail.outbox] == [[case.patient.email]]
    assert "lymph" not in mail.outbox[0].body


def test_revision_needs_what_changed_and_why(personas: Personas) -> None:
    case = _in_follow_up(personas)
    with pytest.raises(ValidationFailed):
        plan_revision_draft(
            actor=personas.olivia,
            case=case,
            what_changed="",
            why="",
            verdict="confirmed",
            diagnosis="x",
            recommendations="y",
            answers="z",
        )


def test_only_the_attending_revises_the_plan(personas: Personas) -> None:
    case = _in_follow_up(personas)
    with pytest.raises(PermissionDenied):
        plan_revision_draft(
            actor=personas.nina,
            case=case,
            what_changed="a",
            why="b",
            verdict="confirmed",
            diagnosis="x",
            recommendations="y",
            answers="z",
        )


def test_staff_case_page_shows_check_ins_and_the_revision_form_to_the_attending(
    client: Client, personas: Personas
) -> None:
    case = _in_follow_up(personas)
    check_ins_schedule(actor=personas.nina, case=case)
    client.force_login(personas.olivia)

    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()

    assert "Day 30" in page and "Revise the plan with new results" in page

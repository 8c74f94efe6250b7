"""After delivery the case enters follow-up by itself, with its 30/90/180-day check-ins."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings

from secondlook.cases import services
from secondlook.cases.choices import CaseStatus, EventKind, TaskKind, WaitingOn
from secondlook.cases.models import Case
from secondlook.cases.tests.factories import CaseFactory, OpinionVersionFactory
from secondlook.core.testing import Personas
from secondlook.followup.choices import CHECK_IN_DAYS


@pytest.fixture(autouse=True)
def records_root(settings: Settings, tmp_path: Path) -> Path:
    settings.SECONDLOOK_RECORDS_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def signed_case(personas: Personas) -> Case:
    """A drafted case whose opinion the attending has signed: the navigator delivers it."""
    case = CaseFactory(
        site=personas.pasadena,
        patient=personas.pat_case.patient,
        navigator=personas.nina,
        reviewer=personas.olivia,
        status=CaseStatus.OPINION_DRAFTED,
        records_complete_at=timezone.now(),
    )
    OpinionVersionFactory(
        case=case,
        author=personas.olivia,
        signed_by=personas.olivia,
        signed_at=timezone.now(),
        content_sha256="0" * 64,
    )
    return case


def test_delivery_starts_follow_up_with_its_check_ins(
    personas: Personas, signed_case: Case
) -> None:
    case = services.case_opinion_deliver(actor=personas.nina, case=signed_case)

    case.refresh_from_db()
    assert case.status == CaseStatus.FOLLOW_UP
    assert case.opinion_delivered_at is not None
    assert case.waiting_on == WaitingOn.NAVIGATOR
    moves = list(
        case.events.filter(kind=EventKind.TRANSITION)
        .order_by("created_at", "id")
        .values_list("from_status", "to_status")
    )
    assert moves[-2:] == [
        (CaseStatus.OPINION_DRAFTED, CaseStatus.OPINION_DELIVERED),
        (CaseStatus.OPINION_DELIVERED, CaseStatus.FOLLOW_UP),
    ]
    assert sorted(case.check_ins.values_list("day", flat=True)) == list(CHECK_IN_DAYS)
    delivered_on = timezone.localtime(case.opinion_delivered_at).date()
    assert min(case.check_ins.values_list("due_on", flat=True)) > delivered_on
    assert case.tasks.filter(kind=TaskKind.FOLLOW_UP, completed_at__isnull=True).count() == 1


def test_a_program_that_turns_it_off_keeps_the_manual_step(
    personas: Personas, signed_case: Case, settings: Settings
) -> None:
    settings.SECONDLOOK_FOLLOW_UP_AFTER_DELIVERY = False

    case = services.case_opinion_deliver(actor=personas.nina, case=signed_case)
    assert case.status == CaseStatus.OPINION_DELIVERED
    assert not case.check_ins.exists()

    case = services.case_follow_up_start(actor=personas.nina, case=case, reason="Agreed by phone")

    assert case.status == CaseStatus.FOLLOW_UP
    assert sorted(case.check_ins.values_list("day", flat=True)) == list(CHECK_IN_DAYS)


def test_a_case_delivered_before_enters_follow_up_by_the_manual_step(
    personas: Personas,
) -> None:
    case = CaseFactory(
        site=personas.pasadena,
        navigator=personas.nina,
        status=CaseStatus.OPINION_DELIVERED,
        opinion_delivered_at=timezone.now(),
    )

    case = services.case_follow_up_start(actor=personas.nina, case=case)

    assert case.status == CaseStatus.FOLLOW_UP
    assert case.check_ins.count() == len(CHECK_IN_DAYS)

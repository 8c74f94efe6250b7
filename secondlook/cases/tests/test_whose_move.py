"""Whose move: a drafted opinion waits on its specialist, a signed one on the navigator."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from secondlook.accounts.tests.factories import TEST_PASSWORD
from secondlook.cases.choices import CaseStatus, WaitingOn
from secondlook.cases.models import Case
from secondlook.cases.sla import whose_move
from secondlook.cases.tests.conftest import LogIn
from secondlook.cases.tests.factories import CaseFactory
from secondlook.core.testing import Personas
from secondlook.review.models.opinion import PlanChange
from secondlook.review.services import opinion_sign
from secondlook.review.tests.helpers import draft


@pytest.fixture(autouse=True)
def records_root(settings: Settings, tmp_path: Path) -> Path:
    settings.SECONDLOOK_RECORDS_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def case(personas: Personas) -> Case:
    return CaseFactory(
        patient=personas.pat_case.patient,
        site=personas.pasadena,
        navigator=personas.nina,
        reviewer=personas.olivia,
        status=CaseStatus.UNDER_REVIEW,
        patient_questions="Is surgery first the better choice for me?",
        records_complete_at=timezone.now() - dt.timedelta(days=2),
        sla_due_at=timezone.now() + dt.timedelta(days=8),
        waiting_on=WaitingOn.SPECIALIST,
    )


def whose_move_on_worklist(log_in: LogIn, personas: Personas, case: Case) -> str:
    page = log_in(personas.nina).get(reverse("cases:worklist")).content.decode()
    row = re.search(rf"{re.escape(case.reference)}</a>.*?</tr>", page, re.S)
    assert row is not None, "the case is on its navigator's worklist"
    cell = re.search(r'data-label="Whose move">([^<]*)<', row.group(0))
    assert cell is not None
    return cell.group(1).strip()


def test_a_drafted_opinion_is_the_specialists_move(
    personas: Personas, case: Case, log_in: LogIn
) -> None:
    draft(personas, case)

    case.refresh_from_db()
    assert case.status == CaseStatus.OPINION_DRAFTED
    assert whose_move_on_worklist(log_in, personas, case) == WaitingOn.SPECIALIST.label


def test_a_signed_opinion_awaiting_delivery_is_the_navigators_move(
    personas: Personas, case: Case, log_in: LogIn
) -> None:
    opinion_sign(
        actor=personas.olivia,
        opinion=draft(personas, case, plan_change=PlanChange.CONFIRMED),
        password=TEST_PASSWORD,
    )

    case.refresh_from_db()
    assert case.status == CaseStatus.OPINION_DRAFTED
    assert case.waiting_on == WaitingOn.NAVIGATOR
    assert whose_move_on_worklist(log_in, personas, case) == WaitingOn.NAVIGATOR.label


def test_a_correction_started_before_delivery_is_the_specialists_move_again(
    personas: Personas, case: Case, log_in: LogIn
) -> None:
    opinion_sign(
        actor=personas.olivia,
        opinion=draft(personas, case, plan_change=PlanChange.CONFIRMED),
        password=TEST_PASSWORD,
    )
    case.refresh_from_db()

    draft(personas, case, correction_reason="Stage misread.", diagnosis="Stage IIIC.")

    assert whose_move_on_worklist(log_in, personas, case) == WaitingOn.SPECIALIST.label


def test_whose_move_depends_on_the_signature_only_while_the_opinion_is_drafted() -> None:
    assert whose_move(CaseStatus.OPINION_DRAFTED) == WaitingOn.SPECIALIST
    assert whose_move(CaseStatus.OPINION_DRAFTED, opinion_signed=True) == WaitingOn.NAVIGATOR
    assert whose_move(CaseStatus.UNDER_REVIEW, opinion_signed=True) == WaitingOn.SPECIALIST

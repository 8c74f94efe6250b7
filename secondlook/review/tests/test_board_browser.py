"""In the browser: the chair runs a board session with two cases, reorders the agenda,
and records a consensus and a dissent."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from secondlook.accounts.choices import Specialty
from secondlook.cases.choices import CaseStatus, Urgency
from secondlook.cases.tests.factories import CaseFactory
from secondlook.core.testing import Personas
from secondlook.core.tests.browser_steps import log_in, message
from secondlook.review.models import BoardAgendaItem, BoardDissent, BoardPreparation
from secondlook.review.tests.factories import clinician, gi_team, session_for

if TYPE_CHECKING:
    from playwright.sync_api import Page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_chair_runs_a_board_session_with_two_cases(personas: Personas, page: Page) -> None:
    team = gi_team(personas, clinician("rose", personas.pasadena, Specialty.RADIATION_ONCOLOGY))
    cases = []
    for urgency in (Urgency.URGENT, Urgency.ROUTINE):
        case = CaseFactory(
            site=personas.pasadena,
            navigator=personas.nina,
            reviewer=personas.olivia,
            status=CaseStatus.UNDER_REVIEW,
            urgency=urgency,
            sla_due_at=timezone.now() + dt.timedelta(days=3),
        )
        BoardPreparation.objects.create(
            case=case, team=team, opened_at=timezone.now(), ready_at=timezone.now()
        )
        cases.append(case)
    urgent, routine = cases
    session = session_for(team, personas.carmen)

    log_in(page, "carmen")
    page.goto(f"/staff/board/{session.pk}/")
    page.get_by_role("button", name="Add cases ready for board").click()
    agenda = page.locator("#board-agenda > li")
    expect(agenda.nth(0)).to_contain_text(urgent.reference)
    page.get_by_role("button", name=f"Move {routine.reference} up").click()
    expect(agenda.nth(0)).to_contain_text(routine.reference)

    page.get_by_role("button", name="Start the session").click()
    page.get_by_label("Carmen Synthetic").check()
    page.get_by_label("Olivia Synthetic").check()
    page.get_by_role("button", name="Record attendance").click()
    expect(message(page)).to_contain_text("2 present")

    page.get_by_role("link", name=f"{urgent.reference}").click()
    page.get_by_label("Consensus recommendation").fill("Chemotherapy first, then surgery.")
    page.get_by_role("button", name="Record consensus").click()
    expect(message(page)).to_contain_text("Consensus recorded")
    page.get_by_label("Member who disagrees").select_option(label="Olivia Synthetic")
    page.get_by_label("Their reason").fill("Surgery first: the tumour is resectable now.")
    page.get_by_role("button", name="Record dissent").click()
    expect(page.get_by_text("Dissent — Olivia Synthetic")).to_be_visible()

    item = BoardAgendaItem.objects.get(session=session, case=urgent)
    assert item.consensus == "Chemotherapy first, then surgery."
    assert BoardDissent.objects.get(item=item).member == personas.olivia

"""In the browser: the attending picks a setting, sees options and adds one to the draft."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from secondlook.cases.choices import CaseStatus
from secondlook.core.testing import Personas
from secondlook.core.tests.browser_steps import log_in
from secondlook.therapies.selectors import options_chosen_for
from secondlook.therapies.services import knowledge_starter_load


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_attending_adds_a_treatment_option_to_the_draft_opinion(
    page: Page, personas: Personas
) -> None:
    knowledge_starter_load(actor=personas.ada)
    case = personas.pat_case
    case.reviewer = personas.olivia
    case.status = CaseStatus.UNDER_REVIEW
    case.save(update_fields=["reviewer", "status"])
    log_in(page, "olivia")
    page.goto(reverse("cases:detail", args=[case.pk]))
    panel = page.locator("#treatment-options")

    panel.get_by_label("Treatment setting").select_option("first_line_metastatic")
    panel.get_by_role("button", name="Update options").click()
    option = panel.locator(".therapy-option", has_text="FOLFOX, CAPOX or FOLFIRI")
    expect(option).to_contain_text("NCCN Colon Cancer 2025")
    option.get_by_role("button", name="Add to draft opinion").click()

    expect(page.locator("#treatment-options")).to_contain_text("knowledge base version 1, added")
    assert [c.label for c in options_chosen_for(case)] == [
        "FOLFOX, CAPOX or FOLFIRI with bevacizumab"
    ]

"""In a browser: Nina opens a case, reads why a trial fits, and records a referral."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from secondlook.core.testing import make_personas
from secondlook.core.tests.browser_steps import log_in, message
from secondlook.trials.models import Criterion, TrialReferral
from secondlook.trials.services import case_trials_match
from secondlook.trials.tests.factories import TrialFactory, TrialLocationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_navigator_reads_criterion_reasons_and_records_a_referral(page: Page) -> None:
    people = make_personas()
    trial = TrialFactory(brief_title="FOLFOX plus antibody for colon adenocarcinoma")
    TrialLocationFactory(trial=trial, contact_name="Colon trial nurse (synthetic)")
    Criterion.objects.create(
        trial=trial,
        kind="exclusion",
        order=1,
        text="Pregnant or breastfeeding",
        checks=[{"kind": "pregnancy"}],
    )
    case_trials_match(case=people.pat_case)

    log_in(page, "nina")
    page.goto(reverse("cases:detail", args=[people.pat_case.pk]))
    page.get_by_text("FOLFOX plus antibody for colon adenocarcinoma").click()
    expect(page.get_by_text("pregnancy status not recorded")).to_be_visible()
    page.get_by_label("What happened").select_option("referred")
    page.get_by_role("button", name="Save trial step").click()

    expect(message(page)).to_contain_text(f"Trial {trial.nct_id} recorded")
    assert TrialReferral.objects.get(case=people.pat_case).status == "referred"

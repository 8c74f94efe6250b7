"""Follow-up in Chromium: the patient uploads a new result, the navigator and attending
get tasks, the attending re-reviews (a new, signed opinion version with what changed and
why), the navigator delivers it and the patient's portal says so."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from secondlook.cases.choices import CaseStatus, TaskKind
from secondlook.cases.models import Case, Task
from secondlook.cases.tests.factories import OpinionVersionFactory
from secondlook.core.testing import make_personas
from secondlook.core.tests.browser_steps import log_in, message, pathology_report_pdf
from secondlook.followup.models import PlanRevision
from secondlook.portal.tests.axe import assert_accessible
from secondlook.review.selectors import opinion_delivered_latest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def person_browser(browser: Browser, live_server: LiveServer) -> Iterator[Callable[[], Page]]:
    contexts = []

    def _page() -> Page:
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield _page
    for context in contexts:
        context.close()


def test_new_result_leads_to_a_re_review_and_a_new_opinion_version(
    person_browser: Callable[[], Page], settings: Settings, tmp_path: Path
) -> None:
    settings.SECONDLOOK_RECORDS_ROOT = tmp_path / "records"
    people = make_personas()
    delivered = timezone.now() - timedelta(days=40)
    OpinionVersionFactory(
        case=people.pat_case,
        author=people.olivia,
        signed=True,
        signed_at=delivered,
        plan_change="confirmed",
    )
    Case.objects.filter(pk=people.pat_case.pk).update(
        status=CaseStatus.FOLLOW_UP, reviewer=people.olivia, opinion_delivered_at=delivered
    )
    case_pk = people.pat_case.pk
    portal_url = reverse("portal:case", args=[case_pk])
    staff_url = reverse("cases:detail", args=[case_pk])

    patient = person_browser()
    log_in(patient, "pat")
    patient.goto(portal_url)
    patient.get_by_label("Choose a file").set_input_files(
        pathology_report_pdf(tmp_path, "Repeat biopsy, day 35 of follow-up")
    )
    patient.get_by_label("What is it?").select_option("pathology")
    patient.get_by_role("button", name="Send", exact=True).click()
    expect(message(patient)).to_contain_text("added to the records")
    follow_up_tasks = Task.objects.filter(case_id=case_pk, kind=TaskKind.FOLLOW_UP)
    assert {task.assignee for task in follow_up_tasks} == {people.nina, people.olivia}

    attending = person_browser()
    log_in(attending, "olivia")
    attending.goto(staff_url)
    attending.get_by_text("Revise the plan with new results").click()
    attending.get_by_label("What changes in the plan").fill("Add radiotherapy after surgery.")
    attending.get_by_label("Why (the new results or events)").fill(
        "Repeat biopsy shows a positive margin."
    )
    attending.locator("select[name=verdict]").select_option("confirmed")
    attending.get_by_label("Diagnosis text").fill("Invasive ductal carcinoma, as reported.")
    attending.get_by_label("Revised recommendations").fill("Re-excision, then radiotherapy.")
    attending.get_by_label("Answers to the patient's questions").fill(
        "The new biopsy changes the plan: radiotherapy is added."
    )
    attending.get_by_role("button", name="Draft the revised opinion").click()
    expect(message(attending)).to_contain_text("opinion version 2")
    attending.goto(reverse("review:opinion_sign", args=[case_pk]))
    attending.get_by_label("Your password").fill("correct-horse-battery-staple")
    attending.get_by_role("button", name="Sign opinion").click()
    expect(message(attending)).to_contain_text("Version 2 of")

    navigator = person_browser()
    log_in(navigator, "nina")
    navigator.goto(staff_url)
    navigator.get_by_role("button", name="Deliver the revised opinion to the patient").click()
    expect(message(navigator)).to_contain_text("Revised opinion delivered")

    latest = opinion_delivered_latest(case=Case.objects.get(pk=case_pk))
    assert latest is not None and latest.number == 2 and latest.supersedes.number == 1
    revision = PlanRevision.objects.get(case_id=case_pk)
    assert revision.what_changed == "Add radiotherapy after surgery."

    patient.goto(portal_url)
    expect(patient.get_by_text("(version 2)", exact=False)).to_be_visible()
    assert_accessible(patient)

"""The patient's side and the program dashboard in Chromium, with axe-core on every portal
page: distress screen and its referral, tailored education, the printable questions
list, the survey; then the admin's dashboard charts and CSV export."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from secondlook.cases.choices import CaseStatus
from secondlook.cases.models import Case
from secondlook.cases.tests.factories import OpinionVersionFactory
from secondlook.core.testing import make_personas
from secondlook.core.tests.browser_steps import log_in, message
from secondlook.portal.models import SurveyResponse
from secondlook.portal.tests.axe import assert_accessible
from secondlook.supportive.models import Referral

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def other_browser(browser: Browser, live_server: LiveServer) -> Iterator[Callable[[], Page]]:
    contexts = []

    def _page() -> Page:
        context = browser.new_context(base_url=live_server.url, accept_downloads=True)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield _page
    for context in contexts:
        context.close()


def test_patient_screens_learns_prints_and_answers_then_admin_sees_dashboard(
    page: Page, other_browser: Callable[[], Page]
) -> None:
    people = make_personas()
    delivered = timezone.now()
    OpinionVersionFactory(
        case=people.pat_case,
        author=people.olivia,
        signed=True,
        signed_at=delivered - timedelta(hours=1),
    )
    Case.objects.filter(pk=people.pat_case.pk).update(
        status=CaseStatus.OPINION_DELIVERED,
        reviewer=people.olivia,
        opinion_delivered_at=delivered,
        cancer_type_code="IDC",
        cancer_type_name="Breast Invasive Ductal Carcinoma",
        requested_at=delivered - timedelta(days=12),
    )
    case_url = reverse("portal:case", args=[people.pat_case.pk])

    log_in(page, "pat")
    page.goto(case_url)
    assert_accessible(page)

    page.get_by_role("link", name="Tell us how you are feeling").click()
    assert_accessible(page)
    page.locator("input[name=score][value='6']").check()
    page.get_by_label("Eating, appetite or weight loss").check()
    page.get_by_label("Worry or fear").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Who will contact you")).to_be_visible()
    expect(page.get_by_text("Nutrition", exact=True)).to_be_visible()
    assert_accessible(page)
    assert set(Referral.objects.values_list("service", flat=True)) == {
        "nutrition",
        "psycho_oncology",
    }

    page.goto(case_url)
    page.get_by_role("link", name="A second opinion for breast cancer").click()
    expect(page.get_by_role("heading", name="A second opinion for breast cancer")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Your questions to ask the doctor").click()
    assert_accessible(page)
    page.get_by_role("link", name="Print or save my list").click()
    expect(page.get_by_text("Are you sure my cancer is Breast Invasive Ductal")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator("header.topbar")).to_be_hidden()
    page.emulate_media(media="screen")
    assert_accessible(page)

    page.goto(case_url)
    page.get_by_role("link", name="Tell us how we did").click()
    assert_accessible(page)
    page.get_by_label("Definitely yes").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(message(page)).to_contain_text("Thank you!")
    assert SurveyResponse.objects.get().recommend == "definitely_yes"

    admin = other_browser()
    errors: list[str] = []
    admin.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    admin.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(admin, "ada")
    admin.get_by_role("link", name="Program dashboard").click()
    expect(admin.locator("canvas#chart-weekly")).to_be_visible()
    admin.wait_for_function("() => window.Chart && Chart.getChart('chart-recommend')")
    assert errors == []
    with admin.expect_download() as download:
        admin.get_by_role("link", name="Export CSV").click()
    body = Path(download.value.path()).read_text()
    assert "would definitely recommend,definitely_yes,1" in body

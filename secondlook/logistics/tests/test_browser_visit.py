"""The issue's story in a browser: plan the colorectal visit, book travel and lodging for
a commercial patient, see Medicare travel refused with the reason, and the patient sees
the itinerary and cost estimate."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from secondlook.cases.choices import CaseStatus, PayerType
from secondlook.cases.tests.factories import CaseFactory
from secondlook.core.testing import make_personas
from secondlook.core.tests.browser_steps import log_in, message
from secondlook.logistics.choices import RateKind
from secondlook.logistics.models import PartnerHotel
from secondlook.scheduling.tests.factories import clinic_week, open_week

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def other_browser(browser: Browser, live_server: LiveServer) -> Callable[[], Page]:
    contexts = []

    def _page() -> Page:
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield _page
    for context in contexts:
        context.close()


def test_navigator_plans_visit_books_travel_and_patient_sees_it(
    page: Page, other_browser: Callable[[], Page]
) -> None:
    people = make_personas()
    clinic_week(people.pasadena, oncologist=people.olivia)
    PartnerHotel.objects.create(
        site=people.pasadena,
        name="Hope Lodge",
        rate_kind=RateKind.COMPLIMENTARY,
        nightly_rate=Decimal("120"),
        program_pays_per_night=Decimal("120"),
    )
    medicare = CaseFactory(
        site=people.pasadena,
        navigator=people.nina,
        status=CaseStatus.UNDER_REVIEW,
        payer_type=PayerType.MEDICARE,
    )
    monday = open_week()

    log_in(page, "nina")
    page.goto(reverse("cases:detail", args=[people.pat_case.pk]))
    page.get_by_label("First day the patient can be here").fill(monday.isoformat())
    page.get_by_label("Last day the patient can be here").fill(
        (monday + timedelta(days=2)).isoformat()
    )
    page.get_by_role("button", name="Save visit request").click()
    page.get_by_role("button", name="Plan the visit").click()
    expect(page.get_by_role("heading", name="Proposed itinerary")).to_be_visible()
    page.get_by_role("button", name="Accept and book this itinerary").click()
    expect(message(page)).to_contain_text("Itinerary booked")

    page.get_by_text("Request transport…").click()
    page.get_by_label("How").select_option(label="Flight")
    page.get_by_label("From (city)").fill("Fresno")
    page.get_by_label("Outbound").fill((monday - timedelta(days=1)).isoformat())
    page.get_by_label("Return").fill((monday + timedelta(days=1)).isoformat())
    page.get_by_label("A caregiver travels too").check()
    page.get_by_label("Estimated cost ($, if known)").fill("380")
    page.get_by_role("button", name="Request transport").click()
    expect(message(page)).to_contain_text("Transport requested")
    page.get_by_text("Request lodging…").click()
    page.get_by_label("Partner hotel").select_option(label="Hope Lodge (complimentary)")
    page.get_by_label("A caregiver stays too").check()
    page.get_by_role("button", name="Request lodging").click()
    expect(message(page)).to_contain_text("Lodging requested")

    page.goto(reverse("cases:detail", args=[medicare.pk]))
    expect(page.get_by_text("Not eligible")).to_be_visible()
    page.get_by_text("Request transport…").click()
    page.get_by_label("From (city)").fill("Bakersfield")
    page.get_by_role("button", name="Request transport").click()
    expect(message(page)).to_contain_text("Travel request refused")
    expect(message(page)).to_contain_text("Medicare")

    patient = other_browser()
    log_in(patient, "pat")
    patient.goto(reverse("portal:case", args=[people.pat_case.pk]))
    expect(patient.get_by_role("heading", name="Your visit itinerary")).to_be_visible()
    expect(patient.get_by_text("Plan walkthrough").first).to_be_visible()
    expect(patient.get_by_role("heading", name="Your cost estimate")).to_be_visible()
    expect(patient.get_by_role("cell", name="Hope Lodge, 2 nights (complimentary)")).to_be_visible()

"""The issue's story in a browser: plan the colorectal visit (CT and consult, the
walkthrough a day later), book and confirm travel and lodging for a commercial patient
and a caregiver, see both refused with the reason for a Medicare patient, and the patient
sees the itinerary and every line of the cost estimate."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from secondlook.cases.choices import CaseStatus, PayerType
from secondlook.cases.tests.factories import CaseFactory
from secondlook.core.testing import make_personas
from secondlook.core.tests.browser_steps import log_in, message
from secondlook.logistics.choices import ChargeItem, RateKind
from secondlook.logistics.models import PartnerHotel, ServiceCharge
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


def _row(scope: Page | Locator, cell: str) -> Locator:
    """The table row that has a cell reading exactly `cell`."""
    page = scope if isinstance(scope, Page) else scope.page
    return scope.get_by_role("row").filter(has=page.get_by_role("cell", name=cell, exact=True))


def _day_shown(row: Locator, window: list[date]) -> date:
    """The day a row's first cell shows ("Mon 7 Dec, 09:00–09:30"), read off the page."""
    shown = row.get_by_role("cell").first.inner_text().split(",")[0].strip()
    days = {f"{day:%a} {day.day} {day:%b}": day for day in window}
    assert shown in days, f"{shown!r} is not a day of the travel window"
    return days[shown]


def _expect_cost_line(table: Locator, label: str, patient_pays: str, program_pays: str) -> None:
    cells = _row(table, label).get_by_role("cell")
    expect(cells.nth(1)).to_have_text(patient_pays)
    expect(cells.nth(2)).to_have_text(program_pays)


def _confirm(row: Locator, confirmation: str, final_cost: str | None = None) -> None:
    row.get_by_label("Confirmation number").fill(confirmation)
    if final_cost is not None:
        row.get_by_label("Final cost ($)").fill(final_cost)
    row.get_by_role("button", name="Confirm booking").click()


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
    for item, amount in (
        (ChargeItem.CONSULT, "40"),
        (ChargeItem.IMAGING, "75"),
        (ChargeItem.PATHOLOGY_REVIEW, "0"),
    ):
        ServiceCharge.objects.create(
            site=people.pasadena,
            item=item,
            payer_type=PayerType.COMMERCIAL,
            patient_amount=Decimal(amount),
        )
    medicare = CaseFactory(
        site=people.pasadena,
        navigator=people.nina,
        status=CaseStatus.UNDER_REVIEW,
        payer_type=PayerType.MEDICARE,
    )
    monday = open_week()
    window = [monday + timedelta(days=i) for i in range(3)]

    # The navigator plans CT, consult and the walkthrough a day later, and accepts.
    log_in(page, "nina")
    page.goto(reverse("cases:detail", args=[people.pat_case.pk]))
    visit = page.locator("section[aria-labelledby=visit-heading]")
    page.get_by_label("First day the patient can be here").fill(window[0].isoformat())
    page.get_by_label("Last day the patient can be here").fill(window[-1].isoformat())
    for need in ("CT scan", "Medical oncologist consult", "Plan walkthrough"):
        visit.get_by_label(need, exact=True).check()
    page.get_by_label("Plan walkthrough at least a day after the consults").check()
    page.get_by_role("button", name="Save visit request").click()
    expect(visit).to_contain_text("Plan walkthrough (a day later)")
    page.get_by_role("button", name="Plan the visit").click()
    expect(page.get_by_role("heading", name="Proposed itinerary")).to_be_visible()
    page.get_by_role("button", name="Accept and book this itinerary").click()
    expect(message(page)).to_contain_text("Itinerary booked")
    expect(visit.get_by_text("Booked", exact=True)).to_be_visible()
    ct_day = _day_shown(_row(visit, "CT scan"), window)
    consult_day = _day_shown(_row(visit, "Medical oncologist consult"), window)
    walkthrough_day = _day_shown(_row(visit, "Plan walkthrough"), window)
    assert ct_day == consult_day, "CT and consult belong on the same day"
    assert walkthrough_day > consult_day, "the walkthrough comes on a later day"
    nights = (walkthrough_day - ct_day).days + 1

    # Transport (no price yet) and lodging for the patient and a caregiver.
    travel = page.locator("section[aria-labelledby=travel-heading]")
    expect(travel.get_by_text("Eligible", exact=True)).to_be_visible()
    page.get_by_text("Request transport…").click()
    page.get_by_label("How").select_option(label="Flight")
    page.get_by_label("From (city)").fill("Fresno")
    page.get_by_label("Outbound").fill((ct_day - timedelta(days=1)).isoformat())
    page.get_by_label("Return").fill(walkthrough_day.isoformat())
    page.get_by_label("A caregiver travels too").check()
    page.get_by_role("button", name="Request transport").click()
    expect(message(page)).to_contain_text("Transport requested")
    page.get_by_text("Request lodging…").click()
    page.get_by_label("Partner hotel").select_option(label="Hope Lodge (complimentary)")
    page.get_by_label("A caregiver stays too").check()
    page.get_by_role("button", name="Request lodging").click()
    expect(message(page)).to_contain_text("Lodging requested")
    flight = _row(travel, "Flight from Fresno")
    lodging = _row(travel, f"Hope Lodge, {nights} nights (complimentary)")
    for booking in (flight, lodging):
        expect(booking.get_by_role("cell").nth(2)).to_have_text("You and one caregiver")
        expect(booking.get_by_role("cell").nth(3)).to_have_text("Requested")
    expect(travel.locator("p.status")).to_have_text(
        "Known so far: $155.00. Not known yet: Travel. "
        "We will tell you these amounts before your visit."
    )

    # The patient sees the estimate is still open while the flight has no price.
    patient = other_browser()
    log_in(patient, "pat")
    patient.goto(reverse("portal:case", args=[people.pat_case.pk]))
    costs = patient.locator("section[aria-labelledby=costs-title]")
    expect(_row(costs, "Travel").get_by_role("cell").nth(1)).to_have_text("Not known yet")
    expect(costs.locator("p.status")).to_have_text(
        "Known so far: $155.00. Not known yet: Travel. "
        "We will tell you these amounts before your visit."
    )

    # The navigator confirms both bookings once the agent and the hotel answer.
    _confirm(flight, "FLT-2231", final_cost="380")
    expect(message(page)).to_contain_text("Booking confirmed")
    expect(flight.get_by_role("cell").nth(3)).to_have_text("Booked · FLT-2231")
    _confirm(lodging, "HTL-0457")
    expect(message(page)).to_contain_text("Booking confirmed")
    expect(lodging.get_by_role("cell").nth(3)).to_have_text("Booked · HTL-0457")
    expect(travel.get_by_role("button", name="Confirm booking")).to_have_count(0)

    # A Medicare patient: transport and lodging are both refused, with the reason.
    reason = "The patient is covered by Medicare, a government health program."
    page.goto(reverse("cases:detail", args=[medicare.pk]))
    refused = page.locator("section[aria-labelledby=travel-heading]")
    expect(refused.get_by_text("Not eligible", exact=True)).to_be_visible()
    expect(refused).to_contain_text(reason)
    page.get_by_text("Request transport…").click()
    page.get_by_label("From (city)").fill("Bakersfield")
    page.get_by_label("A caregiver travels too").check()
    page.get_by_role("button", name="Request transport").click()
    expect(message(page)).to_contain_text(f"Travel request refused. {reason}")
    page.get_by_text("Request lodging…").click()
    page.get_by_label("Partner hotel").select_option(label="Hope Lodge (complimentary)")
    page.get_by_label("A caregiver stays too").check()
    page.get_by_role("button", name="Request lodging").click()
    expect(message(page)).to_contain_text(f"Lodging request refused. {reason}")
    expect(message(page)).to_contain_text("Federal rules do not allow us")
    expect(refused.get_by_text("No travel or lodging arranged.")).to_be_visible()

    # The patient sees the itinerary and every line of the estimate, now all known.
    patient.reload()
    itinerary = patient.locator("section[aria-labelledby=itinerary-title]")
    expect(itinerary.get_by_role("heading", name="Your visit itinerary")).to_be_visible()
    assert _day_shown(_row(itinerary, "CT scan"), window) == ct_day
    assert _day_shown(_row(itinerary, "Medical oncologist consult"), window) == consult_day
    assert _day_shown(_row(itinerary, "Plan walkthrough"), window) == walkthrough_day
    for row, status in (
        (_row(costs, "Flight from Fresno"), "Booked · FLT-2231"),
        (_row(costs, f"Hope Lodge, {nights} nights (Complimentary)"), "Booked · HTL-0457"),
    ):
        expect(row.get_by_role("cell").nth(2)).to_have_text("You and one caregiver")
        expect(row.get_by_role("cell").nth(3)).to_have_text(status)
    expect(costs.get_by_role("heading", name="Your cost estimate")).to_be_visible()
    estimate = costs.get_by_role("table", name="What you may be billed for this second opinion.")
    _expect_cost_line(estimate, "Specialist consult ×2", "$80.00", "—")
    _expect_cost_line(estimate, "Imaging", "$75.00", "—")
    _expect_cost_line(estimate, "Pathology review", "$0.00", "—")
    _expect_cost_line(estimate, "Travel", "$0.00", "$380.00")
    _expect_cost_line(estimate, "Lodging", "$0.00", f"${120 * nights:.2f}")
    expect(estimate.get_by_text("Not known yet")).to_have_count(0)
    expect(costs.locator("p.status")).to_have_text(
        "Total you pay: $155.00. No hidden costs: every charge you may see is listed above."
    )

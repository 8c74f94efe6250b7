"""axe-core on every portal page, in English and Spanish, on a desktop and on a phone
(375 px wide), for a case as full as the demo's; any WCAG 2.1 A/AA violation fails.
Also the print button of the questions list, which runs from a static script."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from secondlook.cases.models import Case
from secondlook.core.testing import Personas, make_personas
from secondlook.core.tests.browser_steps import log_in
from secondlook.portal.referring import referring_link_issue
from secondlook.portal.tests.axe import assert_accessible
from secondlook.portal.tests.demo_like import demo_like_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def full_case(settings: Settings, tmp_path: Path) -> tuple[Personas, Case]:
    settings.SECONDLOOK_RECORDS_ROOT = tmp_path / "records"
    people = make_personas()
    return people, demo_like_case(people)


@pytest.fixture(params=["desktop", "phone"])
def sized_page(
    request: pytest.FixtureRequest, browser: Browser, live_server: LiveServer
) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server.url,
        viewport=PHONE if request.param == "phone" else DESKTOP,
        is_mobile=request.param == "phone",
        has_touch=request.param == "phone",
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def _patient_pages(case: Case) -> list[str]:
    names = ("case", "education", "questions", "questions_print", "messages", "survey")
    return [
        reverse("portal:home"),
        *(reverse(f"portal:{name}", args=[case.pk]) for name in names),
        reverse("portal:article", args=[case.pk, "after-your-opinion"]),
        reverse("portal:request_another", args=[case.pk]),
        reverse("supportive:patient_screen", args=[case.pk]),
    ]


def _check_all(page: Page, urls: list[str]) -> None:
    for url in urls:
        page.goto(url)
        assert_accessible(page)


def test_every_patient_page_passes_axe_in_english_and_spanish(
    sized_page: Page, full_case: tuple[Personas, Case]
) -> None:
    _people, case = full_case
    log_in(sized_page, "pat")
    urls = _patient_pages(case)

    _check_all(sized_page, urls)

    sized_page.goto(urls[1])
    sized_page.get_by_role("button", name="Español").click()
    expect(sized_page.locator("html")).to_have_attribute("lang", "es")
    expect(sized_page.get_by_role("heading", name="Cómo va su caso")).to_be_visible()
    _check_all(sized_page, urls)


def test_public_pages_pass_axe_in_english_and_spanish(
    sized_page: Page, full_case: tuple[Personas, Case]
) -> None:
    people, case = full_case
    issued = referring_link_issue(actor=people.nina, case=case, physician_name="Dr. Lee")
    urls = [
        reverse("portal:request"),
        reverse("portal:request_done"),
        reverse("portal:referring_upload", args=[issued.token]),
    ]

    _check_all(sized_page, urls)

    sized_page.goto(urls[0])
    sized_page.get_by_role("button", name="Español").click()
    expect(sized_page.locator("html")).to_have_attribute("lang", "es")
    _check_all(sized_page, urls[:2])


def test_questions_list_has_a_working_print_button(
    page: Page, full_case: tuple[Personas, Case]
) -> None:
    _people, case = full_case
    log_in(page, "pat")
    page.goto(reverse("portal:questions_print", args=[case.pk]))
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")

    page.get_by_role("button", name="Print or save as PDF").click()

    assert page.evaluate("() => window.printed") == 1
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_hidden()


def test_focus_ring_is_two_tone(page: Page, full_case: tuple[Personas, Case]) -> None:
    """Dark outer ring (contrast on white) and yellow inner ring (contrast on blue)."""
    _people, case = full_case
    log_in(page, "pat")
    page.goto(reverse("portal:case", args=[case.pk]))

    page.keyboard.press("Tab")
    style = page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
                   return [s.outlineColor, s.outlineStyle, s.boxShadow]; }"""
    )

    assert style[0] == "rgb(27, 31, 36)" and style[1] == "solid"
    assert "rgb(255, 191, 71)" in style[2]

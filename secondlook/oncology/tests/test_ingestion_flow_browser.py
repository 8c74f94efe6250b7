"""In Chromium: Nina uploads a real-looking pathology PDF; within seconds the case shows
the facts with their source highlighted and the stage; Paul confirms; the grade shows and
the mCODE bundle downloads and validates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from fhir.resources.R4B.bundle import Bundle
from playwright.sync_api import expect

from secondlook.core.testing import make_personas, put_on_case
from secondlook.core.tests.browser_steps import log_in
from secondlook.demo.reports import report_pdf
from secondlook.oncology.tests.test_ingestion_flow import REAL_EXTRACT
from secondlook.records import ingestion

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page
    from pytest_django.live_server_helper import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_to_confirmed_graded_and_exported_diagnosis(
    page: Page,
    browser: Browser,
    live_server: LiveServer,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(ingestion, "_extract", REAL_EXTRACT)
    people = make_personas()
    case = people.pat_case
    put_on_case(case, people.paul)  # the pathologist re-reviewing this case
    report = tmp_path / "outside-pathology.pdf"
    report.write_bytes(report_pdf("IDC", "Pat Synthetic", 0))

    log_in(page, "nina")
    page.goto(f"/staff/cases/{case.pk}/")
    page.get_by_label("What is it?").select_option("pathology")
    page.get_by_label("File").set_input_files(report)
    page.get_by_role("button", name="Upload", exact=True).click()
    panel = page.locator("#diagnosis-panel")
    expect(panel.locator("mark").first).to_be_visible()
    expect(panel.locator(".stage").first).to_have_text("IA")

    paul = browser.new_context(base_url=live_server.url, accept_downloads=True).new_page()
    log_in(paul, "paul")
    paul.goto(f"/staff/oncology/cases/{case.pk}/diagnosis/")
    confirm_buttons = paul.locator("button[name=decision][value=confirm]")
    for index in range(confirm_buttons.count()):
        with paul.expect_navigation():
            confirm_buttons.nth(index).click()
    paul.get_by_role("button", name="Confirm the second-opinion diagnosis").click()
    expect(paul.locator(".concordance")).to_contain_text("No change")
    with paul.expect_download() as download:
        paul.get_by_role("link", name="Download mCODE bundle (FHIR)").click()
    Bundle.model_validate(json.loads(Path(download.value.path()).read_text()))

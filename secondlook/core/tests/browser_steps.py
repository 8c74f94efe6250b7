"""Small steps the browser tests repeat: log in, read the page's message, make a PDF.

Each person works in their own browser context (their own computer), so nobody has to
log out for the next person to log in.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from django.urls import reverse
from playwright.sync_api import expect

from secondlook.accounts.tests.factories import TEST_PASSWORD

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Locator, Page


def log_in(page: Page, username: str, password: str = TEST_PASSWORD) -> None:
    """Log in through the real log-in page; the home page sends each role to its work."""
    page.goto(reverse("accounts:login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def message(page: Page) -> Locator:
    """The flash messages at the top of the page (role=status)."""
    return page.locator("main > .messages[role=status]")


def path_of(page: Page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)


def pathology_report_pdf(folder: Path, reference_text: str) -> Path:
    """A small, real one-page PDF with a text layer, as an outside lab would send it."""
    from weasyprint import HTML

    html = (
        "<h1>Surgical pathology report</h1>"
        f"<p>{reference_text}</p>"
        "<p>Final diagnosis: adenocarcinoma of the sigmoid colon, moderately "
        "differentiated, pT3 N1a. Margins negative. (Synthetic test document.)</p>"
    )
    path = folder / "outside-pathology-report.pdf"
    path.write_bytes(HTML(string=html).write_pdf())
    return path


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)

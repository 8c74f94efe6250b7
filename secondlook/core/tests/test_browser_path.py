"""The whole path of a second opinion, in real Chromium, through the real pages.

A patient asks for an opinion on the portal, sets her password from the invitation,
Nina takes and works the case, Olivia writes and signs the opinion, Nina delivers it and
the patient downloads the PDF. Only the program, its sites and its staff are made with
factories (the personas); everything else is clicked.

Each person uses their own browser context, as they would their own computer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from secondlook.cases.choices import CaseStatus
from secondlook.cases.models import Case
from secondlook.core.testing import Personas, make_personas
from secondlook.core.tests.browser_steps import (
    log_in,
    message,
    path_of,
    pathology_report_pdf,
    pdf_text,
)
from secondlook.review.models import OpinionVersion

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page
    from pytest_django.fixtures import Settings
    from pytest_django.live_server_helper import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PATIENT_EMAIL = "rosa.synthetic@example.test"
PATIENT_PASSWORD = "a-long-synthetic-passphrase-42"
QUESTIONS = "Should I have surgery before chemotherapy? Is there a clinical trial for me?"

NewPage = Callable[[], "Page"]


@pytest.fixture
def people(settings: Settings, live_server: LiveServer) -> Personas:
    """The program and its staff; invitation links point at the live server."""
    settings.SECONDLOOK_SITE_URL = live_server.url
    return make_personas()


@pytest.fixture
def new_page(browser: Browser, live_server: LiveServer) -> Iterator[NewPage]:
    """Another person's browser: a fresh context with its own cookies."""
    contexts = []

    def _new_page() -> Page:
        context = browser.new_context(base_url=live_server.url, accept_downloads=True)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield _new_page
    for context in contexts:
        context.close()


def request_an_opinion(page: Page, people: Personas) -> Case:
    """The public request form, answered the way a patient would; payer 'Not sure'."""
    page.goto(reverse("portal:request"))
    page.get_by_label("Patient's first name").fill("Rosa")
    page.get_by_label("Patient's last name").fill("Synthetic")
    page.get_by_label("Patient's date of birth").fill("1961-03-05")
    page.get_by_label("Patient's sex").select_option(label="Female")
    page.get_by_label("Best phone number to reach the patient").fill("555-010-4242")
    page.get_by_label("E-mail address").fill(PATIENT_EMAIL)
    page.get_by_label("Where would you like your second opinion?").select_option(
        label=people.pasadena.name
    )
    page.get_by_label("What type of cancer is it?").select_option(label="Colon Adenocarcinoma")
    page.get_by_label("What have your doctors told you so far?").fill(
        "Sigmoid colon cancer found at colonoscopy; CT scan done last week."
    )
    page.get_by_label("What questions do you want the second opinion to answer?").fill(QUESTIONS)
    page.get_by_role("group", name="Has your doctor said treatment must start").get_by_label(
        "No", exact=True
    ).check()
    page.get_by_role("group", name="How will you pay for your care?").get_by_label(
        "Not sure"
    ).check()
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("heading", name="Thank you. We have your request.")).to_be_visible()
    return Case.objects.select_related("patient__user").get(patient__email=PATIENT_EMAIL)


def accept_invitation(page: Page) -> None:
    """Follow the link in the (locmem) invitation e-mail and choose a password."""
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    invitation = mail.outbox[0]
    assert invitation.to == [PATIENT_EMAIL]
    assert "Colon" not in invitation.body  # e-mail is not a secure channel: no diagnosis
    link = re.search(r"https?://\S+/", invitation.body)
    assert link is not None, invitation.body
    page.goto(link.group(0))
    expect(page.get_by_role("heading", name="Set your password")).to_be_visible()
    page.get_by_label("New password:", exact=True).fill(PATIENT_PASSWORD)
    page.get_by_label("New password confirmation").fill(PATIENT_PASSWORD)
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_role("heading", name="Your password is set")).to_be_visible()


def press(page: Page, button: str) -> None:
    page.get_by_role("button", name=button, exact=True).click()


def test_a_web_request_ends_with_the_patient_downloading_her_signed_opinion(
    page: Page, new_page: NewPage, people: Personas, tmp_path: Path
) -> None:
    # The patient asks for an opinion; the invitation arrives by e-mail.
    case = request_an_opinion(page, people)
    assert case.status == CaseStatus.REQUESTED
    assert case.navigator is None
    reference = case.reference
    accept_invitation(page)

    # She sees her request on the portal.
    page.get_by_role("link", name="Go to your opinions").click()
    expect(page.get_by_role("heading", name="Your second opinions")).to_be_visible()
    page.get_by_role("link", name=f"Open this opinion ({reference})").click()
    expect(page.get_by_text(f"Reference {reference}")).to_be_visible()
    expect(page.get_by_text("not assigned yet")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    # Nina finds the request on her worklist and takes it.
    nina = new_page()
    log_in(nina, "nina")
    assert path_of(nina) == reverse("cases:worklist")
    row = nina.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text("Rosa Synthetic")
    row.get_by_role("button", name="Take case").click()
    expect(message(nina)).to_contain_text(f"You own {reference} now")
    assert path_of(nina) == reverse("cases:detail", args=[case.pk])

    # Intake is not finished without the payer type: the page says so.
    press(nina, "Intake done: request outside records")
    expect(message(nina)).to_contain_text("Intake is not finished: add insurance payer type first.")
    nina.get_by_role("link", name="Edit intake details").click()
    nina.get_by_label("Insurance type").select_option(label="Commercial")
    nina.get_by_label("Insurance company or plan").fill("Synthetic Health PPO")
    nina.get_by_label("What changed, and why").fill("Insurance confirmed on the first call.")
    press(nina, "Save")
    expect(message(nina)).to_contain_text(f"Intake details of {reference} saved.")
    press(nina, "Intake done: request outside records")
    expect(message(nina)).to_contain_text(f"{reference} is now 'Records pending'.")

    # Records cannot be complete before the pathology report: the reason is on the page.
    press(nina, "Records are complete")
    expect(message(nina)).to_contain_text(
        "Records cannot be complete without the outside pathology report"
    )
    nina.get_by_label("What is it?").select_option(label="Pathology report")
    nina.get_by_label("File", exact=True).set_input_files(
        pathology_report_pdf(tmp_path, "Outside lab accession S26-00042")
    )
    nina.get_by_label("Description (optional)").fill("Outside biopsy report")
    press(nina, "Upload")
    expect(message(nina)).to_contain_text("Pathology report added to the records.")
    press(nina, "Records are complete")
    expect(message(nina)).to_contain_text(f"{reference} is now 'Records complete'.")

    # She starts the review with Olivia as the attending.
    olivia_label = f"{people.olivia.display_name} — {people.olivia.get_specialty_display()}"
    nina.get_by_label("Reviewing specialist").select_option(label=olivia_label)
    press(nina, "Start the review")
    expect(message(nina)).to_contain_text(f"{reference} is now 'Under review'.")

    # Olivia writes the draft and signs it, re-entering her password.
    olivia = new_page()
    log_in(olivia, "olivia")
    olivia.get_by_role("link", name=reference).first.click()
    olivia.get_by_role("link", name="Write the opinion").click()
    expect(olivia.get_by_text(QUESTIONS)).to_be_visible()
    olivia.get_by_label("Diagnosis confirmed", exact=True).check()
    olivia.get_by_label("Outside plan confirmed", exact=True).check()
    olivia.get_by_label("Diagnosis as this review finds it").fill(
        "Adenocarcinoma of the sigmoid colon, pT3 N1a, stage IIIB."
    )
    olivia.get_by_label("Recommendations").fill("Surgery first, then adjuvant chemotherapy.")
    olivia.get_by_label("Answers to the patient's questions").fill(
        "Yes: surgery first is the better choice for you. No trial fits better today."
    )
    press(olivia, "Save draft")
    expect(message(olivia)).to_contain_text(f"Draft version 1 of {reference} saved.")
    olivia.get_by_role("link", name="Review and sign").click()
    olivia.get_by_label("Your password").fill("correct-horse-battery-staple")
    press(olivia, "Sign opinion")
    expect(message(olivia)).to_contain_text(f"Version 1 of {reference} is signed")

    # Nina delivers it.
    nina.reload()
    press(nina, "Deliver to patient")
    # Delivery starts follow-up by itself (check-ins at 30, 90 and 180 days).
    expect(message(nina)).to_contain_text(f"{reference} is now 'Follow-up'.")

    # The patient logs in again and downloads her opinion.
    case.refresh_from_db()
    assert case.status == CaseStatus.FOLLOW_UP
    assert case.opinion_delivered_at is not None
    assert case.navigator == people.nina
    assert case.reviewer == people.olivia
    assert OpinionVersion.objects.get(case=case).is_signed
    username = case.patient.user.username
    log_in(page, username, PATIENT_PASSWORD)
    assert path_of(page) == reverse("portal:home")
    page.get_by_role("link", name=f"Open this opinion ({reference})").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your opinion (PDF)").click()
    saved = tmp_path / "opinion.pdf"
    download_info.value.save_as(saved)
    data = saved.read_bytes()
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert reference in text
    assert "Surgery first, then adjuvant chemotherapy." in text


def test_a_patient_logs_in_again_with_the_email_address_she_gave(
    page: Page, people: Personas
) -> None:
    """Her username was made from her e-mail address and never told to her (not in the
    invitation, not on any page); the e-mail address is what she knows."""
    case = request_an_opinion(page, people)
    accept_invitation(page)
    page.get_by_role("button", name="Log out").click()

    page.goto(reverse("accounts:login"))
    page.get_by_label("Username").fill(PATIENT_EMAIL)
    page.get_by_label("Password").fill(PATIENT_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_text("Please enter a correct username and password")).to_have_count(0)
    expect(page.get_by_role("link", name=f"Open this opinion ({case.reference})")).to_be_visible()


def test_a_phone_intake_opens_a_case_the_navigator_owns(page: Page, people: Personas) -> None:
    log_in(page, "nina")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Phone intake").click()
    expect(page.get_by_role("heading", name="Phone intake")).to_be_visible()
    page.get_by_label("First name").fill("Maria")
    page.get_by_label("Last name").fill("Synthetic")
    page.get_by_label("Date of birth").fill("1958-11-20")
    page.get_by_label("Patient's phone").fill("555-010-7777")
    page.get_by_label("Cancer type").select_option(label="Colon Adenocarcinoma (COAD)")
    page.get_by_label("The patient's questions").fill("Is surgery first right for me?")
    expect(page.get_by_role("combobox", name=re.compile(r"^Site\b"))).to_have_value(
        str(people.pasadena.pk)
    )
    press(page, "Open the case")

    case = Case.objects.get(patient__first_name="Maria", patient__last_name="Synthetic")
    expect(message(page)).to_contain_text(f"Case {case.reference} opened. You are its navigator.")
    assert path_of(page) == reverse("cases:detail", args=[case.pk])
    expect(page.get_by_role("heading", level=1)).to_contain_text("Maria Synthetic")
    summary = page.get_by_role("region", name="Case summary")
    expect(summary).to_contain_text(people.nina.display_name)
    assert case.navigator == people.nina
    assert case.site == people.pasadena
    assert case.status == CaseStatus.INTAKE

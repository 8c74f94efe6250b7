"""The "done when" story of the expert review, in real Chromium, through the real pages.

Nina moves Pat's case into review and confirms the reviewers the disease team proposes;
the radiation oncologist and the pathologist submit their findings; Carmen chairs a board
session with Pat's case and one other, and records the consensus and a dissent; Olivia
signs the opinion with her password; Nina delivers it; Pat reads the plain-language
summary and asks a follow-up question; Olivia answers it as an addendum; Pat reads the
answer. Only the starting state (team, second board case, session, opinion draft) is made
with factories and services; every step of the story is clicked.

Each person works in their own browser context, as on their own computer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from secondlook.accounts.choices import Specialty
from secondlook.accounts.tests.factories import TEST_PASSWORD
from secondlook.cases.choices import CaseStatus, Urgency
from secondlook.cases.models import Case
from secondlook.cases.tests.factories import CaseFactory, PathologyReportFactory
from secondlook.core.testing import Personas
from secondlook.core.tests.browser_steps import log_in, message
from secondlook.review import services
from secondlook.review.choices import ReviewerStatus
from secondlook.review.models import (
    BoardAgendaItem,
    BoardDissent,
    BoardPreparation,
    CaseReviewer,
    DiseaseTeam,
    OpinionVersion,
)
from secondlook.review.tests.factories import clinician, gi_team, session_for

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page
    from pytest_django.live_server_helper import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTIONS = "Would radiation help me, or is chemotherapy enough?"
CONSENSUS = "Chemotherapy first, then surgery; radiation is not needed."
DISSENT = "Short-course radiation first: the tumour is close to the margin."
FOLLOW_UP = "Can I keep working during chemotherapy?"
ANSWER = "Yes, most people can work part time. Rest on the days after each treatment."

NewPage = Callable[[], "Page"]


@pytest.fixture
def new_page(browser: Browser, live_server: LiveServer) -> Iterator[NewPage]:
    """Another person's browser: a fresh context with its own cookies."""
    contexts = []

    def _new_page() -> Page:
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield _new_page
    for context in contexts:
        context.close()


def pats_case_with_records_complete(personas: Personas) -> Case:
    case = personas.pat_case
    PathologyReportFactory(case=case)
    case.status = CaseStatus.RECORDS_COMPLETE
    case.patient_questions = QUESTIONS
    case.records_complete_at = timezone.now()
    case.sla_due_at = timezone.now() + dt.timedelta(days=8)
    case.save()
    return case


def another_case_ready_for_board(personas: Personas, team: DiseaseTeam) -> Case:
    """The board's second case: its reviews are done (made directly, not the story)."""
    case = CaseFactory(
        site=personas.pasadena,
        navigator=personas.nina,
        reviewer=personas.olivia,
        status=CaseStatus.UNDER_REVIEW,
        urgency=Urgency.ROUTINE,
        sla_due_at=timezone.now() + dt.timedelta(days=10),
    )
    BoardPreparation.objects.create(
        case=case, team=team, opened_at=timezone.now(), ready_at=timezone.now()
    )
    return case


def submit_findings(page: Page, case: Case, **fields: str) -> None:
    """A reviewer opens the case page and submits the findings form."""
    reference = case.reference
    page.goto(reverse("cases:detail", args=[case.pk]))
    page.get_by_role("link", name="Record my findings").click()
    page.get_by_role("group", name="The outside diagnosis").get_by_label(
        fields["diagnosis"], exact=True
    ).check()
    page.get_by_role("group", name="The outside treatment plan").get_by_label(
        fields["plan"], exact=True
    ).check()
    if "concordance" in fields:
        page.get_by_label("Concordance with the outside report").select_option(
            label=fields["concordance"]
        )
    page.get_by_label("Your reasoning").fill(fields["reasoning"])
    page.get_by_role("button", name="Submit findings").click()
    expect(message(page)).to_contain_text(f"Your findings on {reference} are saved.")


def test_a_case_goes_from_review_to_an_answered_follow_up_question(
    personas: Personas, page: Page, new_page: NewPage
) -> None:
    rose = clinician("rose", personas.pasadena, Specialty.RADIATION_ONCOLOGY)
    team = gi_team(personas, rose)
    case = pats_case_with_records_complete(personas)
    reference = case.reference
    other = another_case_ready_for_board(personas, team)
    session = session_for(team, personas.carmen)

    # Nina starts the review with Olivia as attending and confirms the proposed reviewers.
    nina = new_page()
    log_in(nina, "nina")
    case_page = reverse("cases:detail", args=[case.pk])
    nina.goto(case_page)
    olivia_label = f"{personas.olivia.display_name} — {personas.olivia.get_specialty_display()}"
    nina.get_by_label("Reviewing specialist").select_option(label=olivia_label)
    nina.get_by_role("button", name="Start the review").click()
    expect(message(nina)).to_contain_text(f"{reference} is now 'Under review'.")
    # Starting the review proposed the disease team's reviewers; Nina only confirms.
    proposed = nina.get_by_role("group", name="Proposed reviewers")
    expect(proposed.get_by_label("Rose Synthetic")).to_be_checked()
    expect(proposed.get_by_label("Paul Synthetic")).to_be_checked()
    expect(proposed).to_contain_text("the patient asks about radiation")
    nina.get_by_role("button", name="Confirm reviewers").click()
    expect(message(nina)).to_contain_text("2 reviewer(s) confirmed")
    assert set(
        CaseReviewer.objects.filter(case=case, status=ReviewerStatus.CONFIRMED).values_list(
            "reviewer__username", flat=True
        )
    ) == {"rose", "paul"}

    # Board preparation waits for both reviewers.
    nina.get_by_role("button", name="Mark ready for tumor board").click()
    expect(message(nina)).to_contain_text("Still waiting for findings from")

    # Each reviewer submits their findings; the pathologist grades concordance.
    rose_page = new_page()
    log_in(rose_page, "rose")
    submit_findings(
        rose_page,
        case,
        diagnosis="Agree",
        plan="Agree with changes",
        reasoning="Radiation adds little after a clear resection; keep it in reserve.",
    )
    paul_page = new_page()
    log_in(paul_page, "paul")
    submit_findings(
        paul_page,
        case,
        diagnosis="Agree",
        plan="Agree",
        concordance="No difference",
        reasoning="Slides reviewed: moderately differentiated adenocarcinoma, as reported.",
    )

    nina.reload()
    review = nina.get_by_role("region", name="Specialist review")
    expect(review).to_contain_text("Concordance with the outside report: No difference")
    nina.get_by_role("button", name="Mark ready for tumor board").click()
    expect(message(nina)).to_contain_text(f"{reference} is ready for the tumor board.")

    # Carmen runs the board with both cases and records consensus and a dissent.
    carmen = new_page()
    log_in(carmen, "carmen")
    carmen.goto(reverse("review:board_session", args=[session.pk]))
    carmen.get_by_role("button", name="Add cases ready for board").click()
    expect(message(carmen)).to_contain_text("Agenda updated with the cases ready for board.")
    agenda = carmen.locator("#board-agenda > li")
    expect(agenda).to_have_count(2)
    expect(agenda.filter(has_text=reference)).to_have_count(1)
    expect(agenda.filter(has_text=other.reference)).to_have_count(1)
    carmen.get_by_role("button", name="Start the session").click()
    for present in ("Carmen Synthetic", "Olivia Synthetic", "Rose Synthetic"):
        carmen.get_by_label(present).check()
    carmen.get_by_role("button", name="Record attendance").click()
    expect(message(carmen)).to_contain_text("3 present")
    carmen.get_by_role("link", name=reference).click()
    expect(carmen.get_by_text(QUESTIONS).first).to_be_visible()
    carmen.get_by_label("Consensus recommendation").fill(CONSENSUS)
    carmen.get_by_role("button", name="Record consensus").click()
    expect(message(carmen)).to_contain_text("Consensus recorded")
    carmen.get_by_label("Member who disagrees").select_option(label="Rose Synthetic")
    carmen.get_by_label("Their reason").fill(DISSENT)
    carmen.get_by_role("button", name="Record dissent").click()
    expect(carmen.get_by_text("Dissent — Rose Synthetic")).to_be_visible()
    item = BoardAgendaItem.objects.get(session=session, case=case)
    assert item.consensus == CONSENSUS
    assert BoardDissent.objects.get(item=item).member == rose

    # Olivia's draft (written on the opinion page, covered elsewhere) carries the board's
    # consensus; she reads the generated summary's grade and signs with her password.
    services.opinion_draft_save(
        actor=personas.olivia,
        case=case,
        verdict="confirmed",
        plan_change="changed",
        diagnosis="Adenocarcinoma of the sigmoid colon, pT3 N1a, stage IIIB.",
        recommendations="Chemotherapy first, then surgery.",
        answers="Radiation is not needed for you. Chemotherapy comes first.",
        letter=services.LetterContent(
            concordance="none",
            stage="IIIB",
            recommended_plan=("chemotherapy", "surgery"),
            board_consensus=CONSENSUS,
        ),
    )
    olivia = new_page()
    log_in(olivia, "olivia")
    olivia.goto(reverse("review:opinion_sign", args=[case.pk]))
    expect(
        olivia.get_by_role("region", name="The patient summary, as it will be generated")
    ).to_contain_text("target 8 or lower")
    olivia.get_by_label("Your password").fill("not-my-password")
    olivia.get_by_role("button", name="Sign opinion").click()
    expect(olivia.get_by_text("Password not accepted")).to_be_visible()
    assert not OpinionVersion.objects.get(case=case).is_signed
    olivia.get_by_label("Your password").fill(TEST_PASSWORD)
    olivia.get_by_role("button", name="Sign opinion").click()
    expect(message(olivia)).to_contain_text(f"Version 1 of {reference} is signed")

    # Nina delivers it.
    nina.reload()
    nina.get_by_role("button", name="Deliver to patient", exact=True).click()
    # Delivery starts follow-up by itself.
    expect(message(nina)).to_contain_text(f"{reference} is now 'Follow-up'.")

    # Pat reads the summary in plain words and asks a follow-up question.
    log_in(page, "pat")
    page.get_by_role("link", name=f"Open this opinion ({reference})").click()
    plain = page.get_by_role("region", name="Your opinion in plain words")
    signed = OpinionVersion.objects.get(case=case)
    assert signed.patient_summary_en
    assert signed.summary_grade_en is not None
    assert signed.summary_grade_en <= 8
    expect(plain).to_contain_text("Your cancer is stage IIIB.")
    expect(plain).to_contain_text("A team of cancer doctors met.")
    plain.get_by_label("Your question").fill(FOLLOW_UP)
    plain.get_by_role("button", name="Send my question").click()
    expect(plain).to_contain_text(FOLLOW_UP)
    expect(plain).to_contain_text("Your doctor will answer soon.")

    # Olivia answers as a signed addendum.
    olivia.goto(case_page)
    olivia.get_by_role("link", name="Answer as an addendum").click()
    expect(olivia.get_by_text(FOLLOW_UP)).to_be_visible()
    olivia.get_by_label("Your answer").fill(ANSWER)
    olivia.get_by_label("Your password").fill(TEST_PASSWORD)
    olivia.get_by_role("button", name="Sign and send the answer").click()
    expect(message(olivia)).to_contain_text("Your answer is signed and added to the opinion.")
    expect(olivia.get_by_text("Answered (signed addendum")).to_be_visible()

    # Pat sees the answer.
    page.reload()
    plain = page.get_by_role("region", name="Your opinion in plain words")
    expect(plain).to_contain_text("Olivia Synthetic answered")
    expect(plain).to_contain_text(ANSWER)

"""The diagnosis panel and pages over HTTP: who sees what, and what they can do."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from secondlook.accounts.models import User
from secondlook.core.testing import Personas
from secondlook.oncology.models import ConcordanceAssessment, FactProposal
from secondlook.oncology.tests import helpers


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_case_page_shows_facts_with_their_source_highlighted(personas: Personas) -> None:
    helpers.read_report(personas)
    page = _client(personas.nina).get(reverse("cases:detail", args=[personas.pat_case.pk]))
    html = page.content.decode()
    assert "Diagnosis: type, stage and extent" in html
    assert "<mark>Invasive ductal carcinoma</mark>" in html
    assert "IA" in html  # the computed stage of the outside diagnosis
    assert "Read" in html


def test_panel_refreshes_itself_while_a_record_is_being_read(personas: Personas) -> None:
    from secondlook.records.services import document_upload

    document_upload(
        actor=personas.nina,
        case=personas.pat_case,
        uploaded=helpers.upload("report.pdf", helpers.text_pdf_bytes()),
        kind="pathology",
    )
    url = reverse("oncology:panel", args=[personas.pat_case.pk])
    html = _client(personas.nina).get(url).content.decode()
    assert 'hx-trigger="every 3s"' in html
    assert "Waiting to be read" in html


def test_unreadable_record_shows_its_reason_and_a_task(personas: Personas) -> None:
    from secondlook.records.tests import samples

    helpers.read_report(personas, samples.pdf_bytes(user_password="x"), name="locked.pdf")
    html = _client(personas.nina).get(reverse("cases:detail", args=[personas.pat_case.pk]))
    text = html.content.decode()
    assert "Cannot be read" in text
    assert "password-protected" in text


def test_pathologist_confirms_through_the_review_page(personas: Personas) -> None:
    helpers.read_report(personas)
    client = _client(personas.paul)
    review = client.get(reverse("oncology:review", args=[personas.pat_case.pk]))
    assert "Confirm the second-opinion diagnosis" in review.content.decode()
    for proposal in FactProposal.objects.filter(case=personas.pat_case):
        client.post(reverse("oncology:decide", args=[proposal.pk]), {"decision": "confirm"})
    response = client.post(reverse("oncology:confirm", args=[personas.pat_case.pk]), follow=True)
    html = response.content.decode()
    assert "Second-opinion diagnosis confirmed, stage IA." in html
    assert ConcordanceAssessment.objects.get(case=personas.pat_case).grade == "none"
    assert "No change" in html
    assert "Download mCODE bundle" in html


def test_a_correction_without_a_value_is_explained(personas: Personas) -> None:
    helpers.read_report(personas)
    proposal = FactProposal.objects.filter(case=personas.pat_case).first()
    response = _client(personas.paul).post(
        reverse("oncology:decide", args=[proposal.pk]), {"decision": "edit"}, follow=True
    )
    assert "Type the corrected value" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "proposed"


def test_navigator_sees_the_facts_but_no_confirm_buttons(personas: Personas) -> None:
    helpers.read_report(personas)
    html = _client(personas.nina).get(reverse("oncology:review", args=[personas.pat_case.pk]))
    assert "Confirm the second-opinion diagnosis" not in html.content.decode()
    proposal = FactProposal.objects.filter(case=personas.pat_case).first()
    response = _client(personas.nina).post(
        reverse("oncology:decide", args=[proposal.pk]), {"decision": "confirm"}, follow=True
    )
    assert "Only a pathologist or specialist" in response.content.decode()


def test_record_text_page_highlights_the_fact_and_escapes_the_record(
    personas: Personas,
) -> None:
    content = b"Final diagnosis: <img src=x onerror=alert(1)> grade 2 carcinoma\n"
    document_id = helpers.read_report(personas, content, name="note.txt")
    proposal = FactProposal.objects.get(document_id=document_id, field="grade")
    url = reverse("oncology:text", args=[document_id])
    html = _client(personas.paul).get(url, {"start": proposal.start, "end": proposal.end})
    text = html.content.decode()
    assert "<mark>grade 2</mark>" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "<img src=x" not in text


@pytest.mark.parametrize("who", ["nate", "raj"])
def test_staff_of_another_site_are_told_the_case_does_not_exist(
    personas: Personas, who: str
) -> None:
    document_id = helpers.read_report(personas)
    client = _client(getattr(personas, who))
    assert client.get(reverse("oncology:review", args=[personas.pat_case.pk])).status_code == 404
    assert client.get(reverse("oncology:text", args=[document_id])).status_code == 404


def test_a_patient_cannot_open_the_staff_pages(personas: Personas) -> None:
    helpers.read_report(personas)
    client = _client(personas.pat)
    assert client.get(reverse("oncology:review", args=[personas.pat_case.pk])).status_code == 403

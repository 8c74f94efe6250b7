"""The logged-in portal: a patient follows their own opinions, and only theirs."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from secondlook.cases.choices import CaseStatus, EventKind, PayerType
from secondlook.cases.models import Case, TimelineEvent
from secondlook.cases.tests.factories import CaseFactory, OpinionVersionFactory
from secondlook.core.testing import Personas
from secondlook.portal.plain_language import STATUS_TEXT


def test_every_case_status_has_plain_words_and_a_next_step() -> None:
    assert set(STATUS_TEXT) == set(CaseStatus.values)
    assert all(text.headline and text.next_step for text in STATUS_TEXT.values())


def test_portal_needs_a_log_in(client: Client, personas: Personas) -> None:
    response = client.get(reverse("portal:home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_patient_home_shows_plain_status_next_step_and_navigator(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.pat)

    page = client.get(reverse("portal:home")).content.decode()

    assert "We are collecting your records from your doctors." in page
    assert "You can upload any you have" in page
    assert personas.nina.display_name in page
    assert personas.program.phone in page
    assert "records_pending" not in page and "Records pending" not in page


def test_patient_sees_only_their_own_cases(client: Client, personas: Personas) -> None:
    client.force_login(personas.pat)

    page = client.get(reverse("portal:home")).content.decode()

    assert personas.pat_case.reference in page
    assert personas.quinn_case.reference not in page


def test_patient_cannot_open_another_patients_case(client: Client, personas: Personas) -> None:
    client.force_login(personas.pat)

    own = client.get(reverse("portal:case", args=[personas.pat_case.pk]))
    other = client.get(reverse("portal:case", args=[personas.quinn_case.pk]))
    ask_again_on_other = client.get(
        reverse("portal:request_another", args=[personas.quinn_case.pk])
    )

    assert own.status_code == 200
    assert other.status_code == 404
    assert ask_again_on_other.status_code == 404
    assert "Quinn" not in other.content.decode()


@pytest.mark.parametrize("name", ["home", "case", "request_another"])
def test_staff_are_sent_away_from_portal_pages(
    client: Client, personas: Personas, name: str
) -> None:
    args = [] if name == "home" else [personas.pat_case.pk]
    client.force_login(personas.nina)

    response = client.get(reverse(f"portal:{name}", args=args))

    assert response.status_code == 302
    assert response.url == reverse("home")


def test_case_page_shows_status_navigator_records_and_upload_form(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.pat)

    page = client.get(reverse("portal:case", args=[personas.pat_case.pk])).content.decode()

    assert "We are collecting your records" in page
    assert personas.nina.display_name in page
    assert reverse("records:patient_upload", args=[personas.pat_case.pk]) in page
    assert "Download your opinion" not in page


def test_case_timeline_is_plain_and_hides_staff_notes(client: Client, personas: Personas) -> None:
    case = personas.pat_case
    TimelineEvent.objects.create(
        case=case,
        actor=personas.nina,
        kind=EventKind.TRANSITION,
        from_status=CaseStatus.INTAKE,
        to_status=CaseStatus.RECORDS_PENDING,
        summary="Intake complete; outside records requested",
        reason="Payer verified by phone",
    )
    TimelineEvent.objects.create(
        case=case,
        actor=personas.nina,
        kind=EventKind.NOTE,
        summary="Patient sounded anxious; call the daughter first",
    )
    client.force_login(personas.pat)

    page = client.get(reverse("portal:case", args=[case.pk])).content.decode()

    assert "We asked your doctors for your records." in page
    assert "Payer verified by phone" not in page
    assert "sounded anxious" not in page


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        (CaseStatus.OPINION_DRAFTED, False),
        (CaseStatus.OPINION_DELIVERED, True),
        (CaseStatus.FOLLOW_UP, True),
        (CaseStatus.CLOSED, True),
    ],
)
def test_opinion_download_is_offered_once_delivered(
    client: Client, personas: Personas, status: str, offered: bool
) -> None:
    OpinionVersionFactory(case=personas.pat_case, author=personas.olivia, signed=True)
    Case.objects.filter(pk=personas.pat_case.pk).update(
        status=status, reviewer=personas.olivia, opinion_delivered_at=timezone.now()
    )
    client.force_login(personas.pat)

    page = client.get(reverse("portal:case", args=[personas.pat_case.pk])).content.decode()

    pdf_url = reverse("review:patient_opinion_pdf", args=[personas.pat_case.pk])
    assert ("Download your opinion (PDF)" in page) is offered
    assert (pdf_url in page) is offered


def test_no_download_is_offered_when_no_signed_version_reached_the_patient(
    client: Client, personas: Personas
) -> None:
    OpinionVersionFactory(case=personas.pat_case, author=personas.olivia)
    Case.objects.filter(pk=personas.pat_case.pk).update(
        status=CaseStatus.OPINION_DELIVERED, reviewer=personas.olivia
    )
    client.force_login(personas.pat)

    page = client.get(reverse("portal:case", args=[personas.pat_case.pk])).content.decode()

    assert "Download your opinion (PDF)" not in page


def test_request_another_opinion_is_prefilled_and_links_previous_case(
    client: Client, personas: Personas
) -> None:
    previous = personas.pat_case
    url = reverse("portal:request_another", args=[previous.pk])
    client.force_login(personas.pat)

    form_page = client.get(url).content.decode()
    response = client.post(
        url,
        {
            "site": str(personas.pasadena.pk),
            "cancer_type": previous.cancer_type_code,
            "patient_questions": "The first plan did not work; what else could I try?",
            "payer_type": PayerType.COMMERCIAL,
            "urgent": "no",
        },
    )

    assert f'value="{previous.cancer_type_code}" selected' in form_page
    new_case = Case.objects.exclude(pk=previous.pk).get(patient=previous.patient)
    assert response.status_code == 302
    assert response.url == reverse("portal:case", args=[new_case.pk])
    assert new_case.previous_case == previous
    assert new_case.status == CaseStatus.REQUESTED
    follow_up = client.get(response.url).content.decode()
    assert "We received your request" in follow_up
    assert previous.reference in follow_up


def test_request_another_is_refused_while_a_request_still_waits(
    client: Client, personas: Personas
) -> None:
    waiting = CaseFactory(
        patient=personas.pat_case.patient, site=personas.pasadena, status=CaseStatus.REQUESTED
    )
    client.force_login(personas.pat)

    response = client.post(
        reverse("portal:request_another", args=[personas.pat_case.pk]),
        {
            "site": str(personas.pasadena.pk),
            "patient_questions": "Another question",
            "payer_type": PayerType.COMMERCIAL,
            "urgent": "no",
        },
    )

    assert response.status_code == 200
    assert f"Your request {waiting.reference} is still waiting" in response.content.decode()
    assert Case.objects.filter(patient=personas.pat_case.patient).count() == 2


def test_home_query_count_does_not_grow_with_cases(
    client: Client, personas: Personas, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for _ in range(5):
        CaseFactory(
            patient=personas.pat_case.patient, site=personas.chicago, navigator=personas.nate
        )
    client.force_login(personas.pat)

    # 8: the seven of the page, plus the patient record read for their preferred language.
    with django_assert_max_num_queries(8):
        response = client.get(reverse("portal:home"))

    assert response.content.decode().count("Open this opinion") == 6

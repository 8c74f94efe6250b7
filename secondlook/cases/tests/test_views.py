"""Staff case pages through the test client, as the people who use them."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from secondlook.accounts.models import User
from secondlook.audit.choices import AuditAction
from secondlook.audit.models import AuditEvent
from secondlook.cases.choices import CaseStatus, EventKind, PayerType, TaskKind, Urgency
from secondlook.cases.models import Case, Task
from secondlook.cases.tests.conftest import LogIn
from secondlook.cases.tests.factories import (
    CaseFactory,
    PathologyReportFactory,
    TaskFactory,
)
from secondlook.core.testing import Personas, put_on_case

S = CaseStatus


def page_text(response: Any) -> str:
    """The page as a reader sees it: HTML entities such as &#x27; turned back into text."""
    return html.unescape(response.content.decode())


def in_hours(hours: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=hours)


INTAKE_POST = {
    "first_name": "Maria",
    "last_name": "Synthetic",
    "date_of_birth": "1962-08-14",
    "sex": "female",
    "phone": "555-010-5555",
    "email": "maria@example.test",
    "preferred_language": "es",
    "caregiver_name": "Luis Synthetic",
    "caregiver_phone": "555-010-5556",
    "referring_name": "Dr. Outside Synthetic",
    "referring_practice": "Valley Oncology",
    "cancer_type_code": "UCEC",
    "outside_diagnosis": "Endometrioid adenocarcinoma, FIGO grade 2.",
    "patient_questions": "Do I need radiation after surgery? What do you think I should do?",
    "payer_type": PayerType.MEDICARE,
    "insurance_name": "Medicare",
    "insurance_member_id": "1EG4-TE5-MK72",
    "urgency": Urgency.URGENT,
}


# Access ---------------------------------------------------------------------------------


def test_staff_pages_need_a_log_in(client: Client, personas: Personas) -> None:
    response = client.get(reverse("cases:worklist"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def _page_urls(personas: Personas) -> dict[str, str]:
    pk = personas.pat_case.pk
    return {
        "worklist": reverse("cases:worklist"),
        "intake": reverse("cases:intake"),
        "my_reviews": reverse("cases:my_reviews"),
        "list": reverse("cases:list"),
        "detail": reverse("cases:detail", args=[pk]),
        "details_edit": reverse("cases:details_edit", args=[pk]),
        "follow_on": reverse("cases:follow_on", args=[pk]),
    }


PAGES = ("worklist", "intake", "my_reviews", "list", "detail", "details_edit", "follow_on")
# What each persona gets on each page, for Pat's case (Pasadena, owned by Nina, nobody
# reviewing it yet). 404 is "no such case" for staff of another site and for clinicians
# at the site who are not on the case; 403 is "this page is not for your role".
PAGE_ACCESS: dict[str, tuple[int, ...]] = {
    "nina": (200, 200, 200, 200, 200, 200, 200),
    "nate": (200, 200, 200, 200, 404, 404, 404),
    "olivia": (403, 403, 200, 200, 404, 404, 403),
    "raj": (403, 403, 200, 200, 404, 404, 403),
    "paul": (403, 403, 200, 200, 404, 404, 403),
    "rita": (403, 403, 200, 200, 404, 404, 403),
    "carmen": (403, 403, 200, 200, 200, 403, 403),
    "sam": (403, 403, 200, 200, 404, 404, 403),
    "ada": (403, 403, 200, 200, 200, 200, 403),
    "pat": (403,) * 7,
    "quinn": (403,) * 7,
}


@pytest.mark.parametrize("who", PAGE_ACCESS)
def test_every_role_gets_exactly_the_case_pages_it_should(
    personas: Personas, log_in: LogIn, who: str
) -> None:
    client = log_in(getattr(personas, who))

    urls = _page_urls(personas)
    got = {name: client.get(urls[name]).status_code for name in PAGES}

    assert got == dict(zip(PAGES, PAGE_ACCESS[who], strict=True))


@pytest.mark.parametrize("who", ["nate", "raj"])
def test_case_of_another_site_is_not_found_and_nothing_leaks(
    personas: Personas, log_in: LogIn, who: str
) -> None:
    response = log_in(getattr(personas, who)).get(
        reverse("cases:detail", args=[personas.pat_case.pk])
    )

    assert response.status_code == 404
    assert "Pat Synthetic" not in page_text(response)


@pytest.mark.parametrize("who", ["olivia", "nate", "pat"])
def test_only_the_owning_navigator_can_post_moves(
    personas: Personas, log_in: LogIn, who: str
) -> None:
    PathologyReportFactory(case=personas.pat_case)
    client = log_in(getattr(personas, who))

    response = client.post(
        reverse("cases:transition", args=[personas.pat_case.pk]), {"to": S.RECORDS_COMPLETE}
    )

    assert response.status_code in (302, 403, 404)
    assert Case.objects.get(pk=personas.pat_case.pk).status == S.RECORDS_PENDING


# Worklist -------------------------------------------------------------------------------


def test_worklist_is_ordered_by_risk_and_shows_whose_move_and_the_next_task(
    personas: Personas, log_in: LogIn
) -> None:
    def case(last_name: str, hours: float) -> Case:
        made = CaseFactory(
            site=personas.pasadena,
            navigator=personas.nina,
            status=S.INTAKE,
            sla_clock="records_complete",
            sla_due_at=in_hours(hours),
            patient__last_name=last_name,
        )
        TaskFactory(case=made, assignee=personas.nina, title=f"Chase records for {last_name}")
        return made

    case("OnTrackPatient", 96)
    case("OverduePatient", -26)
    case("AtRiskPatient", 4)

    page = page_text(log_in(personas.nina).get(reverse("cases:worklist")))

    positions = [page.index(name) for name in ("Overdue", "AtRisk", "OnTrack")]
    assert positions == sorted(positions)
    assert "Overdue</span>" in page and "At risk</span>" in page and "On track</span>" in page
    assert "Chase records for OverduePatient" in page
    assert "Navigator" in page  # whose move


def test_worklist_offers_to_take_an_unowned_web_request(personas: Personas, log_in: LogIn) -> None:
    request = CaseFactory(site=personas.pasadena, status=S.REQUESTED)

    page = page_text(log_in(personas.nina).get(reverse("cases:worklist")))

    assert reverse("cases:take", args=[request.pk]) in page
    assert "Take case" in page


def test_taking_a_case_makes_me_its_navigator_and_opens_it(
    personas: Personas, log_in: LogIn
) -> None:
    request = CaseFactory(site=personas.pasadena, status=S.REQUESTED)
    TaskFactory(case=request, kind=TaskKind.FIRST_CONTACT)

    response = log_in(personas.nina).post(reverse("cases:take", args=[request.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("cases:detail", args=[request.pk])
    assert f"You own {request.reference} now" in page_text(response)
    request.refresh_from_db()
    assert (request.status, request.navigator) == (S.INTAKE, personas.nina)


def test_a_case_someone_just_took_says_so_instead_of_failing(
    personas: Personas, log_in: LogIn, nora: User
) -> None:
    request = CaseFactory(site=personas.pasadena, status=S.INTAKE, navigator=nora)

    response = log_in(personas.nina).post(
        reverse("cases:take", args=[request.pk]),
        {"next": reverse("cases:worklist")},
        follow=True,
    )

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("cases:worklist")
    assert "Nora Synthetic has already taken this case." in page_text(response)
    assert Case.objects.get(pk=request.pk).navigator == nora


def test_worklist_query_count_does_not_grow_with_the_number_of_cases(
    personas: Personas, log_in: LogIn, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    client = log_in(personas.nina)

    def add_cases(count: int) -> None:
        for i in range(count):
            case = CaseFactory(
                site=personas.pasadena,
                navigator=personas.nina,
                reviewer=personas.olivia,
                status=S.INTAKE,
                sla_due_at=in_hours(i),
            )
            TaskFactory(case=case, assignee=personas.nina)
            CaseFactory(site=personas.pasadena, status=S.REQUESTED)

    add_cases(3)
    with django_assert_max_num_queries(13):
        assert client.get(reverse("cases:worklist")).status_code == 200
    add_cases(60)
    with django_assert_max_num_queries(13):
        page = page_text(client.get(reverse("cases:worklist")))
    assert "Page 1 of 3" in page


# Phone intake ---------------------------------------------------------------------------


def test_intake_offers_only_the_sites_i_work_at(personas: Personas, log_in: LogIn) -> None:
    page = page_text(log_in(personas.nina).get(reverse("cases:intake")))

    assert "Pasadena Cancer Center" in page
    assert "Chicago Cancer Center" not in page


def test_phone_intake_opens_the_case_and_shows_it(personas: Personas, log_in: LogIn) -> None:
    response = log_in(personas.nina).post(
        reverse("cases:intake"), {**INTAKE_POST, "site": personas.pasadena.pk}, follow=True
    )

    case = Case.objects.get(patient__first_name="Maria")
    assert response.redirect_chain == [(reverse("cases:detail", args=[case.pk]), 302)]
    page = page_text(response)
    assert f"Case {case.reference} opened. You are its navigator." in page
    assert "Maria Synthetic" in page
    assert "What do you think I should do?" in page
    assert case.navigator == personas.nina
    assert case.urgency == Urgency.URGENT
    assert case.patient.caregiver_name == "Luis Synthetic"
    assert case.referring_physician.name == "Dr. Outside Synthetic"
    assert (case.payer_type, case.insurance_member_id) == (PayerType.MEDICARE, "1EG4-TE5-MK72")


def test_intake_with_mistakes_shows_each_error_and_keeps_what_was_typed(
    personas: Personas, log_in: LogIn
) -> None:
    typed = {
        **INTAKE_POST,
        "last_name": "",
        "date_of_birth": "2090-01-01",
        "email": "maria-at-example",
        "site": personas.pasadena.pk,
    }

    response = log_in(personas.nina).post(reverse("cases:intake"), typed)

    assert response.status_code == 200
    page = page_text(response)
    assert "This field is required." in page
    assert "The date of birth cannot be in the future." in page
    assert "Enter a valid email address." in page
    assert "Nothing you typed has been lost." in page
    for kept in ("Maria", "555-010-5555", "Do I need radiation after surgery?", "1EG4-TE5-MK72"):
        assert kept in page
    assert not Case.objects.filter(patient__first_name="Maria").exists()


def test_intake_at_a_site_i_do_not_work_at_is_a_field_error(
    personas: Personas, log_in: LogIn
) -> None:
    response = log_in(personas.nina).post(
        reverse("cases:intake"), {**INTAKE_POST, "site": personas.chicago.pk}
    )

    assert response.status_code == 200
    assert "Select a valid choice" in page_text(response)
    assert not Case.objects.filter(patient__first_name="Maria").exists()


def test_follow_on_intake_is_prefilled_and_links_the_new_opinion(
    personas: Personas, log_in: LogIn
) -> None:
    first = personas.pat_case
    client = log_in(personas.nina)

    form_page = page_text(client.get(reverse("cases:follow_on", args=[first.pk])))
    response = client.post(
        reverse("cases:follow_on", args=[first.pk]),
        {
            "cancer_type_code": first.cancer_type_code,
            "patient_questions": "The cancer came back. What now?",
            "payer_type": PayerType.COMMERCIAL,
            "urgency": Urgency.ROUTINE,
            "site": personas.pasadena.pk,
        },
        follow=True,
    )

    assert "New opinion for Pat Synthetic" in form_page
    assert 'value="COAD" selected' in form_page
    second = Case.objects.get(previous_case=first)
    assert second.patient == first.patient
    assert "The cancer came back. What now?" in page_text(response)
    assert first.reference in page_text(response)  # listed among the patient's opinions


# The case page --------------------------------------------------------------------------


def test_case_page_shows_the_case_and_audits_the_read(personas: Personas, log_in: LogIn) -> None:
    TaskFactory(case=personas.pat_case, assignee=personas.nina, title="Call outside pathology")

    response = log_in(personas.nina).get(reverse("cases:detail", args=[personas.pat_case.pk]))

    page = page_text(response)
    assert response.status_code == 200
    for shown in (
        personas.pat_case.reference,
        "Pat Synthetic",
        "2 Apr 1965",
        "555-010-1234",
        "Pasadena Cancer Center",
        "Is surgery or chemotherapy first the better choice for me?",
        "Call outside pathology",
        'class="steps"',
        "Records are complete",  # the move allowed now
        "Cancel the case",
        "Outside records",  # records partial
        "Written opinion",  # review partial
    ):
        assert shown in page, shown
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, actor=personas.nina, case_reference=personas.pat_case.reference
    ).exists()


def test_colleagues_see_the_case_but_no_buttons_to_move_it(
    personas: Personas, log_in: LogIn
) -> None:
    put_on_case(personas.pat_case, personas.paul)
    page = page_text(
        log_in(personas.paul).get(reverse("cases:detail", args=[personas.pat_case.pk]))
    )

    assert "Pat Synthetic" in page
    assert reverse("cases:transition", args=[personas.pat_case.pk]) not in page
    assert "Nothing for you to do on this case right now." in page


def test_a_refused_move_shows_why_on_the_case_page(personas: Personas, log_in: LogIn) -> None:
    response = log_in(personas.nina).post(
        reverse("cases:transition", args=[personas.pat_case.pk]),
        {"to": S.RECORDS_COMPLETE, "reason": "All in"},
        follow=True,
    )

    assert response.redirect_chain == [(reverse("cases:detail", args=[personas.pat_case.pk]), 302)]
    assert "Records cannot be complete without the outside pathology report" in page_text(response)
    assert Case.objects.get(pk=personas.pat_case.pk).status == S.RECORDS_PENDING


def test_an_illegal_jump_posted_by_hand_is_a_message_not_an_error_page(
    personas: Personas, log_in: LogIn
) -> None:
    response = log_in(personas.nina).post(
        reverse("cases:transition", args=[personas.pat_case.pk]),
        {"to": S.CLOSED},
        follow=True,
    )

    assert response.status_code == 200
    assert "it can move to 'Records complete' or 'Cancelled', not to" in page_text(response)


def test_an_allowed_move_goes_through_and_lands_on_the_timeline(
    personas: Personas, log_in: LogIn
) -> None:
    PathologyReportFactory(case=personas.pat_case)

    response = log_in(personas.nina).post(
        reverse("cases:transition", args=[personas.pat_case.pk]),
        {"to": S.RECORDS_COMPLETE, "reason": "Slides and report received"},
        follow=True,
    )

    page = page_text(response)
    assert f"{personas.pat_case.reference} is now 'Records complete'." in page
    assert "Records pending → Records complete" in page
    assert "Slides and report received" in page


def test_starting_a_review_asks_for_the_specialist(personas: Personas, log_in: LogIn) -> None:
    case = CaseFactory(site=personas.pasadena, navigator=personas.nina, status=S.RECORDS_COMPLETE)
    PathologyReportFactory(case=case)
    client = log_in(personas.nina)
    url = reverse("cases:transition", args=[case.pk])

    page = page_text(client.get(reverse("cases:detail", args=[case.pk])))
    refused = page_text(client.post(url, {"to": S.UNDER_REVIEW}, follow=True))
    client.post(url, {"to": S.UNDER_REVIEW, "reviewer": personas.olivia.pk})

    assert "Olivia Synthetic — Medical oncology" in page
    assert "Raj Synthetic" not in page  # a Chicago specialist
    assert "Choose the reviewing specialist" in refused
    case.refresh_from_db()
    assert (case.status, case.reviewer) == (S.UNDER_REVIEW, personas.olivia)


def test_scheduling_the_visit_takes_a_date_and_time(personas: Personas, log_in: LogIn) -> None:
    case = CaseFactory(
        site=personas.pasadena,
        navigator=personas.nina,
        reviewer=personas.olivia,
        status=S.UNDER_REVIEW,
    )
    when = timezone.localtime() + dt.timedelta(days=2)

    log_in(personas.nina).post(
        reverse("cases:transition", args=[case.pk]),
        {"to": S.VISIT_SCHEDULED, "visit_at": when.strftime("%Y-%m-%dT%H:%M")},
    )

    case.refresh_from_db()
    assert case.status == S.VISIT_SCHEDULED
    assert timezone.localtime(case.visit_at).strftime("%Y-%m-%d %H:%M") == when.strftime(
        "%Y-%m-%d %H:%M"
    )


def test_cancelling_without_a_reason_is_refused_with_a_message(
    personas: Personas, log_in: LogIn
) -> None:
    response = log_in(personas.nina).post(
        reverse("cases:transition", args=[personas.pat_case.pk]),
        {"to": S.CANCELLED, "reason": ""},
        follow=True,
    )

    assert "Say why the case is cancelled" in page_text(response)
    assert Case.objects.get(pk=personas.pat_case.pk).status == S.RECORDS_PENDING


def test_hand_off_to_a_colleague_with_a_reason(
    personas: Personas, log_in: LogIn, nora: User
) -> None:
    client = log_in(personas.nina)
    url = reverse("cases:handoff", args=[personas.pat_case.pk])

    without_reason = page_text(client.post(url, {"to_navigator": nora.pk}, follow=True))
    done = page_text(
        client.post(url, {"to_navigator": nora.pk, "reason": "Going on leave"}, follow=True)
    )

    assert "Reason for the hand-off: This field is required." in without_reason
    assert "handed off to Nora Synthetic" in done
    assert "Going on leave" in done
    case = Case.objects.get(pk=personas.pat_case.pk)
    assert case.navigator == nora
    assert case.events.filter(kind=EventKind.HANDOFF).count() == 1


def test_editing_intake_details_saves_them_and_says_so(personas: Personas, log_in: LogIn) -> None:
    client = log_in(personas.nina)
    url = reverse("cases:details_edit", args=[personas.pat_case.pk])

    form_page = page_text(client.get(url))
    response = client.post(
        url,
        {
            "cancer_type_code": "READ",
            "outside_diagnosis": "Rectal, not colon: outside MRI re-read.",
            "patient_questions": "Is surgery first right?",
            "payer_type": PayerType.COMMERCIAL,
            "urgency": Urgency.ROUTINE,
            "reason": "Corrected after call with the outside team",
        },
        follow=True,
    )

    assert "Is surgery or chemotherapy first the better choice for me?" in form_page
    page = page_text(response)
    assert "Intake details of" in page and "saved." in page
    assert "Rectal Adenocarcinoma" in page
    assert "Corrected after call with the outside team" in page


def test_marking_a_task_done_returns_to_the_page_it_was_done_on(
    personas: Personas, log_in: LogIn
) -> None:
    task = TaskFactory(case=personas.pat_case, assignee=personas.nina, title="Fax release form")
    worklist = reverse("cases:worklist")

    response = log_in(personas.nina).post(
        reverse("cases:task_complete", args=[task.pk]), {"next": worklist}, follow=True
    )

    assert response.redirect_chain == [(worklist, 302)]
    page = page_text(response)
    assert f"Task marked done on {personas.pat_case.reference}." in page
    assert "Fax release form" not in page  # no longer on the list
    assert Task.objects.get(pk=task.pk).completed_by == personas.nina


def test_task_done_ignores_a_next_link_to_another_website(
    personas: Personas, log_in: LogIn
) -> None:
    task = TaskFactory(case=personas.pat_case, assignee=personas.nina)

    response = log_in(personas.nina).post(
        reverse("cases:task_complete", args=[task.pk]), {"next": "https://evil.example/"}
    )

    assert response.url == reverse("cases:detail", args=[personas.pat_case.pk])


# Lists ----------------------------------------------------------------------------------


def test_my_reviews_shows_my_cases_and_my_tasks(personas: Personas, log_in: LogIn) -> None:
    case = CaseFactory(
        site=personas.pasadena,
        navigator=personas.nina,
        reviewer=personas.olivia,
        status=S.UNDER_REVIEW,
        patient__last_name="ReviewPatient",
    )
    TaskFactory(case=case, assignee=personas.olivia, title="Review case and draft opinion")

    page = page_text(log_in(personas.olivia).get(reverse("cases:my_reviews")))

    assert case.reference in page
    assert "ReviewPatient" in page
    assert "Review case and draft opinion" in page


def test_my_reviews_query_count_does_not_grow_with_cases_or_tasks(
    personas: Personas, log_in: LogIn, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    client = log_in(personas.olivia)

    def add_reviews(count: int) -> None:
        for _ in range(count):
            case = CaseFactory(
                site=personas.pasadena,
                navigator=personas.nina,
                reviewer=personas.olivia,
                status=S.UNDER_REVIEW,
            )
            TaskFactory(case=case, assignee=personas.olivia)

    add_reviews(2)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("cases:my_reviews")).status_code == 200
    add_reviews(40)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("cases:my_reviews")).status_code == 200


def test_case_list_search_finds_by_name_and_htmx_gets_only_the_results(
    personas: Personas, log_in: LogIn
) -> None:
    CaseFactory(site=personas.pasadena, patient__last_name="Zimmer")
    client = log_in(personas.ada)

    full = page_text(client.get(reverse("cases:list"), {"q": "zim"}))
    partial = client.get(reverse("cases:list"), {"q": "zim"}, headers={"HX-Request": "true"})

    assert "Zimmer" in full and "Pat Synthetic" not in full
    assert "<html" not in page_text(partial) and "Zimmer" in page_text(partial)
    assert "HX-Request" in partial["Vary"]


def test_program_admin_lands_on_the_list_of_every_sites_cases(
    personas: Personas, log_in: LogIn
) -> None:
    response = log_in(personas.ada).get(reverse("home"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("cases:list")
    page = page_text(response)
    assert personas.pat_case.reference in page and personas.quinn_case.reference in page


def test_case_list_query_count_does_not_grow_with_the_number_of_cases(
    personas: Personas, log_in: LogIn, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    client = log_in(personas.ada)

    def add_cases(count: int) -> None:
        for _ in range(count):
            CaseFactory(
                site=personas.chicago,
                navigator=personas.nate,
                reviewer=personas.raj,
                status=S.INTAKE,
                sla_due_at=in_hours(30),
            )

    # 14: the admin's site list is one query more than a navigator's.
    add_cases(3)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("cases:list"), {"open": "on"}).status_code == 200
    add_cases(60)
    with django_assert_max_num_queries(14):
        page = page_text(client.get(reverse("cases:list"), {"open": "on"}))
    assert "Page 1 of 2" in page

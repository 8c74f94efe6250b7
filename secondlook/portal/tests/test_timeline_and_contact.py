"""What the patient sees about their case: an allow-listed timeline in plain words, and
who to call (the navigator's direct line, else the site's with a note); audit rows of the
patient's own edits."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from secondlook.audit.models import AuditEvent
from secondlook.cases.choices import CaseStatus, EventKind
from secondlook.cases.models import TimelineEvent
from secondlook.core.testing import Personas
from secondlook.demo.program import STAFF
from secondlook.portal.models import Message
from secondlook.portal.plain_language import event_text
from secondlook.portal.services import (
    message_send,
    messages_mark_read,
    question_list_reset,
    question_list_save,
)


def _event(personas: Personas, kind: str, summary: str, to_status: str = "") -> None:
    TimelineEvent.objects.create(
        case=personas.pat_case,
        actor=personas.nina,
        kind=kind,
        to_status=to_status,
        summary=summary,
    )


def test_clinical_updates_and_assignments_stay_off_the_patient_timeline(
    client: Client, personas: Personas
) -> None:
    _event(
        personas,
        EventKind.UPDATED,
        "Second-opinion diagnosis confirmed: stage IA; major change from the outside diagnosis",
    )
    _event(personas, EventKind.UPDATED, "Record #3 read: 13 facts found")
    _event(personas, EventKind.ASSIGNMENT, "Olivia Demo-Okafor assigned as attending reviewer")
    _event(personas, EventKind.OPINION, "Opinion v1 signed")
    _event(personas, EventKind.RECORD_ADDED, "Pathology report added (PDF, 2 pages)")
    _event(personas, EventKind.TRANSITION, "Under review", CaseStatus.UNDER_REVIEW)
    client.force_login(personas.pat)

    page = client.get(reverse("portal:case", args=[personas.pat_case.pk])).content.decode()

    assert "stage IA" not in page and "major change" not in page
    assert "13 facts" not in page and "Record #3" not in page
    assert "attending reviewer" not in page and "Opinion v1" not in page
    assert "Pathology report added" not in page
    assert "We received a record for your second opinion." in page
    assert "A specialist started reviewing your case." in page


def test_an_event_kind_without_a_patient_line_is_hidden() -> None:
    assert event_text(kind="something_new", to_status="", channel="web") is None
    assert event_text(kind=EventKind.TRANSITION, to_status=CaseStatus.REQUESTED, channel="web") is (
        None
    )


def test_patient_sees_the_navigators_direct_phone(client: Client, personas: Personas) -> None:
    personas.nina.phone = "(555) 010-0199"
    personas.nina.save()
    client.force_login(personas.pat)

    for url in (reverse("portal:home"), reverse("portal:case", args=[personas.pat_case.pk])):
        page = client.get(url).content.decode()
        assert personas.nina.display_name in page
        assert 'href="tel:%28555%29%20010-0199"' in page
        assert f"Call {personas.nina.first_name} directly" in page


def test_without_a_direct_line_the_site_phone_comes_with_a_note(
    client: Client, personas: Personas
) -> None:
    personas.nina.phone = ""
    personas.nina.save()
    client.force_login(personas.pat)

    page = client.get(reverse("portal:case", args=[personas.pat_case.pk])).content.decode()

    phone = personas.pat_case.site.phone or personas.program.phone
    assert phone in page
    assert "This is not a direct line: ask for your navigator by name." in page


def test_navigator_phone_is_translated_in_spanish(client: Client, personas: Personas) -> None:
    personas.nina.phone = "(555) 010-0199"
    personas.nina.save()
    client.force_login(personas.pat)
    client.cookies["django_language"] = "es"

    page = client.get(reverse("portal:case", args=[personas.pat_case.pk])).content.decode()

    assert f"Llame directamente a {personas.nina.first_name}" in page


def test_demo_navigators_have_a_direct_phone() -> None:
    navigators = [spec for spec in STAFF if spec.role == "navigator"]

    assert navigators and all(spec.phone for spec in navigators)


def test_question_list_edits_are_audited(personas: Personas) -> None:
    case = personas.pat_case

    question_list_save(actor=personas.pat, case=case, text="Is surgery needed?\n\nHow long?")
    question_list_reset(actor=personas.pat, case=case)

    purposes = list(
        AuditEvent.objects.filter(case_reference=case.reference, actor=personas.pat)
        .order_by("id")
        .values_list("purpose", flat=True)
    )
    assert purposes == ["questions to ask edited", "questions to ask reset to suggestions"]


def test_marking_messages_read_is_audited_once(personas: Personas) -> None:
    case = personas.pat_case
    message_send(actor=personas.nina, case=case, body="Your scans arrived.")

    assert messages_mark_read(actor=personas.pat, case=case) == 1
    assert messages_mark_read(actor=personas.pat, case=case) == 0

    rows = AuditEvent.objects.filter(purpose="portal messages marked read")
    assert rows.count() == 1
    assert rows.get().actor == personas.pat
    assert Message.objects.get().read_at is not None

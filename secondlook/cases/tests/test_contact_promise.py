"""When a requester will hear from us comes from the program's first-contact clock."""

from __future__ import annotations

import html
from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from secondlook.cases.sla import first_contact_promise
from secondlook.cases.tests.factories import CaseFactory
from secondlook.core.testing import Personas
from secondlook.portal.tests.test_request import request_form

CaptureOnCommit = Callable[..., AbstractContextManager[list[Callable[[], None]]]]


@pytest.fixture
def two_day_program(personas: Personas) -> Personas:
    personas.program.first_contact_days = 2
    personas.program.urgent_first_contact_days = 1
    personas.program.save()
    return personas


def test_the_promise_follows_the_clock_in_the_singular_and_the_plural(
    personas: Personas,
) -> None:
    program = personas.program
    program.first_contact_days = program.urgent_first_contact_days = 1
    assert first_contact_promise(program) == "A navigator will call you within one business day."
    program.first_contact_days = 3
    assert first_contact_promise(program, urgent=False) == (
        "A navigator will call you within 3 business days."
    )
    assert first_contact_promise(program) == (
        "A navigator will call you within 3 business days. "
        "Urgent requests: within one business day."
    )
    assert first_contact_promise(program, urgent=True) == (
        "A navigator will call you within one business day."
    )
    with translation.override("es"):
        assert "dentro de 3 días hábiles" in first_contact_promise(program, urgent=False)


def test_request_pages_and_invitation_promise_the_programs_clock(
    client: Client, two_day_program: Personas, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    personas = two_day_program
    form_page = html.unescape(client.get(reverse("portal:request")).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:request"), request_form(personas, urgent="no"), follow=True
        )
    thanks = html.unescape(response.content.decode())

    for text in (form_page, thanks, mail.outbox[0].body):
        assert "within 2 business days" in text
        assert "Urgent requests: within one business day." in text
        assert "within one business day." not in text.replace("Urgent requests: within", "")


def test_a_waiting_request_in_the_portal_promises_its_own_clock(
    client: Client, two_day_program: Personas
) -> None:
    personas = two_day_program
    CaseFactory(patient=personas.pat_case.patient, site=personas.pasadena, status="requested")
    client.force_login(personas.pat)

    page = html.unescape(client.get(reverse("portal:home")).content.decode())

    assert "A navigator will call you within 2 business days." in page

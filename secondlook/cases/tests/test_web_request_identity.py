"""A public web request with an e-mail that already has a patient account.

Anyone can type any e-mail address into the public form, and families share addresses:
the request must never silently join someone else's record, and the requester must not
learn whether the address has an account.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager

from django.core import mail
from django.test import Client
from django.urls import reverse

from secondlook.cases import services
from secondlook.cases.choices import CaseStatus, TaskKind
from secondlook.cases.models import Case, Patient
from secondlook.cases.services import IDENTITY_CONFIRM_TITLE, IDENTITY_CONFLICT_TITLE
from secondlook.core.testing import Personas
from secondlook.portal.tests.test_request import request_form

CaptureOnCommit = Callable[..., AbstractContextManager[list[Callable[[], None]]]]

REQUEST_URL = reverse("portal:request")


def _pat_patient_snapshot(personas: Personas) -> dict[str, object]:
    patient = Patient.objects.get(user=personas.pat)
    return {
        field.name: getattr(patient, field.name)
        for field in Patient._meta.concrete_fields
        if field.name != "updated_at"
    }


def _submit(
    client: Client, personas: Personas, capture: CaptureOnCommit, **overrides: str
) -> tuple[str, str]:
    mail.outbox.clear()
    with capture(execute=True):
        response = client.post(REQUEST_URL, request_form(personas, **overrides))
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    return response.url, re.sub(r'(csrf\w*"?\W+)[\w-]{32,}', r"\1…", page, flags=re.I)


def test_same_name_and_birth_date_attach_the_case_and_ask_to_confirm_identity(
    client: Client, personas: Personas, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    pat = Patient.objects.get(user=personas.pat)
    before = _pat_patient_snapshot(personas)

    _submit(
        client,
        personas,
        django_capture_on_commit_callbacks,
        email=personas.pat.email.upper(),
        first_name=f" {pat.first_name.lower()} ",
        last_name=pat.last_name,
        date_of_birth=pat.date_of_birth.isoformat(),
        phone="555-010-9999",
    )

    case = Case.objects.filter(patient=pat, status=CaseStatus.REQUESTED).get()
    task = case.tasks.get(kind=TaskKind.OTHER)
    assert task.title == IDENTITY_CONFIRM_TITLE and task.completed_at is None
    assert case.tasks.filter(kind=TaskKind.FIRST_CONTACT).exists()
    assert _pat_patient_snapshot(personas) == before  # the typed phone did not overwrite hers
    assert [message.to for message in mail.outbox] == [[personas.pat.email]]


def test_other_name_or_birth_date_becomes_a_new_unlinked_patient_and_no_mail_is_sent(
    client: Client, personas: Personas, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    pat = Patient.objects.get(user=personas.pat)
    before = _pat_patient_snapshot(personas)
    pat_cases = set(pat.cases.values_list("pk", flat=True))

    _, page = _submit(
        client,
        personas,
        django_capture_on_commit_callbacks,
        email=personas.pat.email,
        first_name="Zelda",
        last_name=pat.last_name,
        date_of_birth="1970-05-06",
    )

    newcomer = Patient.objects.get(first_name="Zelda", last_name=pat.last_name)
    assert newcomer.pk != pat.pk
    assert newcomer.user is None and newcomer.email == ""
    case = newcomer.cases.get()
    assert case.status == CaseStatus.REQUESTED
    task = case.tasks.get(kind=TaskKind.OTHER)
    assert task.title == IDENTITY_CONFLICT_TITLE and task.completed_at is None
    assert set(pat.cases.values_list("pk", flat=True)) == pat_cases
    services.case_intake_start(actor=personas.nate, case=case)  # the form asks at Chicago
    task.refresh_from_db()
    assert task.assignee == personas.nate and task.completed_at is None
    assert _pat_patient_snapshot(personas) == before
    assert mail.outbox == []  # the address belongs to someone else: it hears nothing


def test_the_requester_sees_the_same_confirmation_whether_or_not_the_address_is_known(
    client: Client, personas: Personas, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    unknown = _submit(client, personas, django_capture_on_commit_callbacks)
    someone_elses = _submit(
        client,
        personas,
        django_capture_on_commit_callbacks,
        email=personas.pat.email,
        first_name="Yolanda",
    )

    assert unknown == someone_elses


def test_a_waiting_request_of_the_account_holder_does_not_swallow_a_stranger_request(
    client: Client, personas: Personas, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    pat = Patient.objects.get(user=personas.pat)
    _submit(
        client,
        personas,
        django_capture_on_commit_callbacks,
        email=personas.pat.email,
        first_name=pat.first_name,
        last_name=pat.last_name,
        date_of_birth=pat.date_of_birth.isoformat(),
    )

    _submit(
        client,
        personas,
        django_capture_on_commit_callbacks,
        email=personas.pat.email,
        first_name="Xavier",
    )

    assert Case.objects.filter(patient__first_name="Xavier", patient__user=None).count() == 1

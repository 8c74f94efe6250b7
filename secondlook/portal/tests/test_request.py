"""The public request form: a patient or caregiver asks for a second opinion on the web."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from secondlook.accounts.choices import Role
from secondlook.accounts.models import User
from secondlook.cases.choices import CaseStatus, IntakeChannel, PayerType, Urgency
from secondlook.cases.models import Case
from secondlook.cases.selectors import navigator_worklist
from secondlook.core.testing import Personas

CaptureOnCommit = Callable[..., AbstractContextManager[list[Callable[[], None]]]]

REQUEST_URL = reverse("portal:request")
THANKS_URL = reverse("portal:request_done")


def request_form(personas: Personas, **overrides: str) -> dict[str, str]:
    """What a caregiver types in for a (synthetic) patient asking at the Chicago site."""
    return {
        "first_name": "Zelda",
        "last_name": "Quokka",
        "date_of_birth": "1970-05-06",
        "sex": "female",
        "phone": "555-010-2222",
        "email": "zelda.quokka@example.test",
        "preferred_language": "es",
        "caregiver_name": "Yusuf Quokka",
        "caregiver_phone": "555-010-3333",
        "site": str(personas.chicago.pk),
        "cancer_type": "LUAD",
        "outside_diagnosis": "Stage III lung adenocarcinoma; chemoradiation proposed.",
        "patient_questions": "Is surgery an option? Should my tumor be tested for EGFR?",
        "payer_type": PayerType.MEDICARE,
        "insurance_name": "Medicare Part B",
        "urgent": "yes",
        "referring_name": "Dr. Synthetic Referrer",
        "referring_practice": "Lakeside Oncology",
        "referring_phone": "555-010-4444",
        **overrides,
    }


def test_request_form_is_public_and_asks_in_plain_words(client: Client, personas: Personas) -> None:
    response = client.get(REQUEST_URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Has your doctor said treatment must start within 2 weeks?" in page
    assert "What have your doctors told you so far?" in page
    assert "Not sure / not listed" in page
    assert personas.pasadena.name in page and personas.chicago.name in page
    assert 'for="id_email"' in page  # every answer has a visible label


def test_request_creates_patient_account_and_waiting_case_on_navigator_worklist(
    client: Client, personas: Personas, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REQUEST_URL, request_form(personas))

    assert response.status_code == 302
    assert response.url == THANKS_URL
    user = User.objects.get(email="zelda.quokka@example.test")
    assert user.role == Role.PATIENT
    assert not user.has_usable_password()
    case = Case.objects.get(patient__user=user)
    assert case.status == CaseStatus.REQUESTED
    assert case.site == personas.chicago
    assert case.channel == IntakeChannel.WEB
    assert case.urgency == Urgency.URGENT
    assert case.payer_type == PayerType.MEDICARE
    assert case.cancer_type_name == "Lung Adenocarcinoma"
    assert case.referring_physician is not None
    assert case.patient.caregiver_name == "Yusuf Quokka"
    assert case.patient.preferred_language == "es"
    assert case in navigator_worklist(user=personas.nate)
    assert [message.to for message in mail.outbox] == [["zelda.quokka@example.test"]]


def test_not_sure_answers_make_a_routine_request_without_cancer_type(
    client: Client, personas: Personas
) -> None:
    client.post(
        REQUEST_URL,
        request_form(personas, cancer_type="", urgent="not_sure", payer_type=PayerType.UNKNOWN),
    )

    case = Case.objects.get(patient__user__email="zelda.quokka@example.test")
    assert case.urgency == Urgency.ROUTINE
    assert case.cancer_type_code == ""
    assert case.payer_type == PayerType.UNKNOWN


def test_thank_you_page_says_what_happens_next(client: Client, personas: Personas) -> None:
    response = client.post(REQUEST_URL, request_form(personas), follow=True)

    page = response.content.decode()
    assert "A navigator will call you within one business day" in page
    assert personas.program.phone in page


def test_invitation_link_sets_password_and_lands_patient_logged_in_on_portal(
    client: Client, personas: Personas, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(REQUEST_URL, request_form(personas))
    link = re.search(r"https?://\S+/accounts/invitation/\S+/", mail.outbox[0].body)
    assert link is not None
    invited = Client()

    form_page = invited.get(urlparse(link.group(0)).path, follow=True)
    assert b"Set your password" in form_page.content
    set_password_url = form_page.redirect_chain[-1][0]
    done = invited.post(
        set_password_url,
        {
            "new_password1": "a long synthetic passphrase",
            "new_password2": "a long synthetic passphrase",
        },
        follow=True,
    )

    assert b"Your password is set" in done.content
    portal = invited.get(reverse("portal:home"))
    assert portal.status_code == 200
    case = Case.objects.get(patient__user__email="zelda.quokka@example.test")
    assert case.reference in portal.content.decode()
    assert User.objects.get(email="zelda.quokka@example.test").has_usable_password()


def test_second_request_from_same_browser_is_refused_with_clear_message(
    client: Client, personas: Personas, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(REQUEST_URL, request_form(personas))
        again = client.post(REQUEST_URL, request_form(personas))

    assert again.status_code == 200
    assert "You already sent us this request" in again.content.decode()
    assert Case.objects.filter(patient__user__email="zelda.quokka@example.test").count() == 1
    assert len(mail.outbox) == 1


def test_duplicate_request_from_elsewhere_creates_nothing_and_reveals_nothing(
    client: Client, personas: Personas, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(REQUEST_URL, request_form(personas))
        elsewhere = Client().post(REQUEST_URL, request_form(personas))

    assert elsewhere.status_code == 302
    assert elsewhere.url == THANKS_URL
    assert Case.objects.filter(patient__user__email="zelda.quokka@example.test").count() == 1
    assert len(mail.outbox) == 1  # no mail to bomb a mailbox with


def test_existing_patient_email_is_not_revealed_and_request_joins_their_account(
    client: Client, personas: Personas, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    new_person = Client().post(REQUEST_URL, request_form(personas, email="new@example.test"))
    patient = personas.pat_case.patient
    same_person = request_form(
        personas,
        email=personas.pat.email.upper(),
        first_name=patient.first_name,
        last_name=patient.last_name,
        date_of_birth=patient.date_of_birth.isoformat(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(REQUEST_URL, same_person)

    assert known.status_code == new_person.status_code == 302
    assert known.url == new_person.url == THANKS_URL
    assert Case.objects.filter(patient__user=personas.pat).count() == 2
    assert User.objects.filter(email__iexact=personas.pat.email).count() == 1
    [notice] = mail.outbox
    assert notice.to == [personas.pat.email]
    assert reverse("accounts:login") in notice.body
    assert "/accounts/invitation/" not in notice.body  # their password stays theirs


def test_staff_email_is_refused_without_saying_whose_it_is(
    client: Client, personas: Personas
) -> None:
    response = client.post(REQUEST_URL, request_form(personas, email=personas.nina.email))

    page = response.content.decode()
    assert response.status_code == 200
    assert "We cannot use this e-mail address" in page
    assert "staff" not in page.lower()
    assert not Case.objects.filter(patient__first_name="Zelda").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date_of_birth", "2999-01-01", "cannot be in the future"),
        ("phone", "12345", "with the area code"),
        ("email", "", "This field is required"),
        ("patient_questions", "", "This field is required"),
    ],
)
def test_invalid_answers_are_explained_and_nothing_is_created(
    client: Client, personas: Personas, field: str, value: str, message: str
) -> None:
    response = client.post(REQUEST_URL, request_form(personas, **{field: value}))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Case.objects.count() == 2  # only the personas' cases


def test_logged_in_people_do_not_get_the_public_form(client: Client, personas: Personas) -> None:
    client.force_login(personas.pat)

    assert client.get(REQUEST_URL).url == reverse("home")

"""The e-mail that tells the patient their opinion is ready: no clinical detail in it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core import mail

from secondlook.accounts.tests.factories import TEST_PASSWORD
from secondlook.cases.choices import TaskKind
from secondlook.cases.models import Case, Patient, Task
from secondlook.cases.services import case_opinion_deliver
from secondlook.core.testing import Personas
from secondlook.review import services
from secondlook.review.services import opinion_delivery_notify
from secondlook.review.tasks import notify_opinion_delivered
from secondlook.review.tests.helpers import DIAGNOSIS, draft, signed


def test_delivery_emails_the_patient_a_portal_link_without_any_clinical_detail(
    personas: Personas, case: Case, django_capture_on_commit_callbacks
) -> None:
    opinion = signed(personas, case)

    with django_capture_on_commit_callbacks(execute=True):
        case_opinion_deliver(actor=personas.nina, case=case)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [case.patient.email]
    body = f"{message.subject}\n{message.body}"
    assert "http://127.0.0.1:8000/portal/" in body
    for clinical in (
        DIAGNOSIS,
        "Adenocarcinoma",
        "stage",
        opinion.recommendations,
        opinion.answers,
        case.cancer_type_name,
        "Colon",
    ):
        assert clinical.lower() not in body.lower()
    assert case.events.filter(summary="Patient e-mailed that the opinion is ready").exists()


def test_no_email_is_sent_before_delivery(personas: Personas, case: Case) -> None:
    signed(personas, case)

    opinion_delivery_notify(case_id=case.pk)

    assert mail.outbox == []


def test_a_patient_without_an_email_address_is_not_mailed(personas: Personas, case: Case) -> None:
    Patient.objects.filter(pk=case.patient_id).update(email="")
    signed(personas, case)
    case_opinion_deliver(actor=personas.nina, case=case)

    opinion_delivery_notify(case_id=case.pk)

    assert mail.outbox == []


def test_a_retried_job_sends_at_most_one_more_notice(personas: Personas, case: Case) -> None:
    signed(personas, case)
    case_opinion_deliver(actor=personas.nina, case=case)

    opinion_delivery_notify(case_id=case.pk)
    opinion_delivery_notify(case_id=case.pk)

    assert len(mail.outbox) == 2
    assert mail.outbox[0].body == mail.outbox[1].body


def test_when_the_last_retry_fails_too_the_navigator_is_asked_to_call(
    personas: Personas, case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    signed(personas, case)
    case_opinion_deliver(actor=personas.nina, case=case)

    def mail_server_down(*args: object, **kwargs: object) -> None:
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(services, "send_mail", mail_server_down)
    with pytest.raises(ConnectionRefusedError):
        notify_opinion_delivered.call_local(case.pk, task=SimpleNamespace(retries=2))
    assert not Task.objects.filter(case=case, kind=TaskKind.OTHER).exists()

    with pytest.raises(ConnectionRefusedError):
        notify_opinion_delivered.call_local(case.pk, task=SimpleNamespace(retries=0))

    task = Task.objects.get(case=case, kind=TaskKind.OTHER)
    assert task.assignee == personas.nina
    assert "e-mail could not be sent" in task.title
    assert case.events.filter(summary__contains="failed").exists()


def test_a_correction_signed_before_the_first_delivery_is_not_announced_as_an_update(
    personas: Personas, case: Case
) -> None:
    signed(personas, case)
    v2 = draft(personas, case, diagnosis="Stage IIIC.", correction_reason="Stage misread.")
    services.opinion_sign(actor=personas.olivia, opinion=v2, password=TEST_PASSWORD)
    case_opinion_deliver(actor=personas.nina, case=case)

    opinion_delivery_notify(case_id=case.pk)

    assert mail.outbox[0].subject == "Your second opinion is ready in your portal"

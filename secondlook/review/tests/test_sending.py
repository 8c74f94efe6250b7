"""Sending the signed letter: e-mail to the referring physician, FHIR DocumentReference,
each recorded; the patient summary PDFs."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from secondlook.accounts.tests.factories import TEST_PASSWORD
from secondlook.cases.models import Case
from secondlook.core.errors import PermissionDenied, ValidationFailed
from secondlook.core.testing import Personas
from secondlook.review import delivery, services
from secondlook.review.choices import DeliveryChannel
from secondlook.review.models import OpinionDelivery
from secondlook.review.selectors import opinion_deliveries
from secondlook.review.tests.helpers import draft, signed

pytestmark = pytest.mark.django_db


def test_document_reference_validates_and_the_export_is_recorded(
    personas: Personas, case: Case
) -> None:
    from fhir.resources.R4B.documentreference import DocumentReference

    opinion = signed(personas, case)
    resource = delivery.opinion_fhir_export(actor=personas.nina, opinion=opinion)

    parsed = DocumentReference.model_validate(resource)
    assert parsed.status == "current" and parsed.docStatus == "final"
    assert parsed.content[0].attachment.contentType == "application/pdf"
    assert parsed.identifier[0].value == f"{case.reference}-v1"
    assert OpinionDelivery.objects.filter(opinion=opinion, channel=DeliveryChannel.FHIR).exists()


def test_letter_is_emailed_to_the_referring_physician_with_the_pdf(
    personas: Personas, case: Case
) -> None:
    opinion = signed(personas, case)
    with pytest.raises(ValidationFailed, match="no e-mail"):
        delivery.opinion_email_to_referring(actor=personas.nina, opinion=opinion)
    case.referring_physician.email = "rhea@valley.example"
    case.referring_physician.save()
    opinion.case.refresh_from_db()

    delivery.opinion_email_to_referring(actor=personas.nina, opinion=opinion)

    (message,) = mail.outbox
    assert message.to == ["rhea@valley.example"]
    assert message.attachments[0][2] == "application/pdf"
    assert [what for _, what, _ in opinion_deliveries(case=case)] == [
        "E-mail to the referring physician (version 1)"
    ]


def test_only_the_navigator_sends(personas: Personas, case: Case) -> None:
    opinion = signed(personas, case)
    with pytest.raises(PermissionDenied):
        delivery.opinion_fhir_export(actor=personas.olivia, opinion=opinion)


def test_staff_download_the_spanish_summary_pdf(
    personas: Personas, case: Case, client: Client
) -> None:
    opinion = draft(
        personas,
        case,
        letter=services.LetterContent(recommended_plan=("surgery",)),  # type: ignore[arg-type]
    )
    services.opinion_sign(actor=personas.olivia, opinion=opinion, password=TEST_PASSWORD)
    client.force_login(personas.nina)
    response = client.get(f"/staff/cases/{case.pk}/opinion/summary-es.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    # Before delivery the patient gets nothing.
    client.force_login(personas.pat)
    assert client.get(f"/portal/cases/{case.pk}/opinion/summary-en.pdf").status_code == 404

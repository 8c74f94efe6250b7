"""Sending a signed opinion beyond the portal, and the patient summary as a PDF.

The referring physician gets the clinician letter by e-mail (Django's mail backend; in
production a TLS/Direct relay, since the attachment is PHI) or as a FHIR R4
DocumentReference for their EHR. Every sending is recorded (OpinionDelivery) and
audited. A mail that fails to send records nothing and the navigator sees the error.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string

from secondlook.accounts.models import User
from secondlook.accounts.selectors import program_current
from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record
from secondlook.cases.choices import EventKind
from secondlook.cases.permissions import can_coordinate
from secondlook.cases.services import case_event_record
from secondlook.core.errors import PermissionDenied, TransitionRefused, ValidationFailed
from secondlook.review.choices import DeliveryChannel, SummaryLanguage
from secondlook.review.documents import opinion_pdf_read
from secondlook.review.models import OpinionDelivery, OpinionVersion

LOINC = "http://loinc.org"
CASE_SYSTEM = "urn:secondlook:case-reference"


def _require_signed_for(actor: User, opinion: OpinionVersion) -> None:
    if not can_coordinate(actor, opinion.case):
        raise PermissionDenied("Only the case's navigator (or a program admin) sends the opinion.")
    if not opinion.is_signed or not opinion.pdf_storage_name:
        raise TransitionRefused("Only a signed opinion can be sent.")


@transaction.atomic
def _record(actor: User, opinion: OpinionVersion, channel: str, recipient: str) -> OpinionDelivery:
    delivery = OpinionDelivery.objects.create(
        opinion=opinion, channel=channel, recipient=recipient, delivered_by=actor
    )
    case_event_record(
        case=opinion.case,
        actor=actor,
        kind=EventKind.OPINION,
        summary=f"Opinion version {opinion.number} sent: {delivery.get_channel_display()}",
    )
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        target=opinion,
        case_reference=opinion.case.reference,
        purpose=f"opinion sent ({channel})",
    )
    return delivery


def opinion_email_to_referring(*, actor: User, opinion: OpinionVersion) -> OpinionDelivery:
    """E-mail the signed letter to the referring physician, then record the sending."""
    _require_signed_for(actor, opinion)
    case = opinion.case
    physician = case.referring_physician
    if physician is None or not physician.email:
        raise ValidationFailed(
            "The referring physician has no e-mail address on the case; add it first."
        )
    program = program_current()
    message = EmailMessage(
        subject=f"Second opinion for your patient (case {case.reference})",
        body=render_to_string(
            "review/email/letter_to_referring.txt",
            {"case": case, "opinion": opinion, "physician": physician, "program": program},
        ),
        to=[physician.email],
    )
    message.attach(
        f"second-opinion-{case.reference}-v{opinion.number}.pdf",
        opinion_pdf_read(opinion.pdf_storage_name),
        "application/pdf",
    )
    message.send()
    return _record(actor, opinion, DeliveryChannel.EMAIL, physician.email)


def document_reference(opinion: OpinionVersion) -> dict[str, object]:
    """The signed letter as a FHIR R4 DocumentReference (validated by fhir.resources)."""
    from fhir.resources.R4B.documentreference import DocumentReference

    case = opinion.case
    data = opinion_pdf_read(opinion.pdf_storage_name)
    assert opinion.signed_at is not None and opinion.signed_by is not None
    resource: dict[str, object] = {
        "resourceType": "DocumentReference",
        "status": "current",
        "docStatus": "final",
        "identifier": [{"system": CASE_SYSTEM, "value": f"{case.reference}-v{opinion.number}"}],
        "type": {"coding": [{"system": LOINC, "code": "11488-4", "display": "Consult note"}]},
        "category": [{"coding": [{"system": LOINC, "code": "LP173421-1", "display": "Report"}]}],
        "subject": {"display": case.patient.full_name},
        "date": opinion.signed_at.isoformat(),
        "author": [{"display": opinion.signed_by.display_name}],
        "authenticator": {"display": opinion.signed_by.display_name},
        "description": f"Second opinion, version {opinion.number}",
        "content": [
            {
                "attachment": {
                    "contentType": "application/pdf",
                    "language": "en",
                    "data": base64.b64encode(data).decode("ascii"),
                    "size": len(data),
                    "hash": base64.b64encode(hashlib.sha1(data).digest()).decode("ascii"),  # noqa: S324 - FHIR Attachment.hash is SHA-1 by spec
                    "title": f"second-opinion-{case.reference}-v{opinion.number}.pdf",
                    "creation": opinion.signed_at.isoformat(),
                }
            }
        ],
    }
    if case.referring_physician is not None:
        resource["context"] = {"related": [{"display": case.referring_physician.name}]}
    if opinion.supersedes is not None:
        resource["relatesTo"] = [
            {
                "code": "replaces",
                "target": {
                    "identifier": {
                        "system": CASE_SYSTEM,
                        "value": f"{case.reference}-v{opinion.supersedes.number}",
                    }
                },
            }
        ]
    return DocumentReference.model_validate(resource).model_dump(mode="json", exclude_none=True)


def opinion_fhir_export(*, actor: User, opinion: OpinionVersion) -> dict[str, object]:
    _require_signed_for(actor, opinion)
    resource = document_reference(opinion)
    _record(actor, opinion, DeliveryChannel.FHIR, "")
    return resource


@dataclass(frozen=True)
class SummaryDocument:
    language: str
    title: str
    text: str
    grade: float | None


def patient_summary_document(opinion: OpinionVersion, language: str) -> SummaryDocument | None:
    """The summary fixed at signing, or None when the opinion has none in that language."""
    text = opinion.patient_summary_es if language == "es" else opinion.patient_summary_en
    if not opinion.is_signed or not text:
        return None
    title, _, body = text.partition("\n\n")
    grade = opinion.summary_grade_es if language == "es" else opinion.summary_grade_en
    return SummaryDocument(language, title, body, grade)


def patient_summary_pdf(opinion: OpinionVersion, language: str) -> bytes | None:
    """Rendered from the signed text each time: the text cannot change, so neither can it."""
    document = patient_summary_document(opinion, language)
    if document is None:
        return None
    from weasyprint import HTML, URLFetcher

    html = render_to_string(
        "review/summary_pdf.html",
        {
            "document": document,
            "case": opinion.case,
            "opinion": opinion,
            "program": program_current(),
            "language_label": SummaryLanguage(language).label,
        },
    )
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=frozenset())).write_pdf()

"""A case like the demo's, with something in every portal panel: records, a booked visit
with travel and lodging, a delivered opinion with its plain summaries and a follow-up
question answered, messages, check-ins and a timeline. Used by the Spanish page test and
the browser accessibility test, so both look at pages as full as a real patient's."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from secondlook.cases.choices import CaseStatus, EventKind
from secondlook.cases.models import Case, TimelineEvent
from secondlook.cases.tests.factories import OpinionVersionFactory
from secondlook.core.testing import Personas
from secondlook.followup.services import check_ins_schedule
from secondlook.logistics import services as logistics
from secondlook.logistics.choices import RateKind, TransportMode
from secondlook.logistics.models import PartnerHotel
from secondlook.portal.services import message_send
from secondlook.records.services import document_upload
from secondlook.records.tests.samples import pdf_bytes, upload
from secondlook.review.models import Addendum, FollowUpQuestion
from secondlook.scheduling.tests.factories import clinic_week, open_week, visit_booked

SUMMARY_EN = "Your second opinion\n\nOur specialists agree with your diagnosis."
SUMMARY_ES = "Su segunda opinión\n\nNuestros especialistas están de acuerdo con su diagnóstico."


def demo_like_case(personas: Personas) -> Case:
    """Pat's case in follow-up, with every patient panel filled."""
    case = personas.pat_case
    personas.nina.phone = "(555) 010-0111"
    personas.nina.save()
    Case.objects.filter(pk=case.pk).update(
        reviewer=personas.olivia,
        cancer_type_code="IDC",
        cancer_type_name="Breast Invasive Ductal Carcinoma",
    )
    case.refresh_from_db()
    document_upload(
        actor=personas.pat,
        case=case,
        uploaded=upload("biopsy.pdf", pdf_bytes(2)),
        kind="pathology",
        description="Biopsy report",
    )
    personas.program.holiday_subdivision = "CA"
    personas.program.save()
    clinic_week(personas.pasadena, oncologist=personas.olivia)
    monday = open_week()
    visit_booked(
        actor=personas.nina, case=case, first_day=monday, last_day=monday + timedelta(days=2)
    )
    case.refresh_from_db()
    logistics.transport_request(
        actor=personas.nina,
        case=case,
        mode=TransportMode.AIR,
        origin="Fresno",
        outbound_on=monday - timedelta(days=1),
        return_on=monday + timedelta(days=2),
        with_caregiver=True,
        estimated_cost=Decimal("380.00"),
    )
    hotel = PartnerHotel.objects.create(
        site=personas.pasadena,
        name="Garden Inn",
        rate_kind=RateKind.REDUCED,
        nightly_rate=Decimal("150.00"),
        program_pays_per_night=Decimal("120.00"),
    )
    logistics.lodging_request(actor=personas.nina, case=case, hotel=hotel, with_caregiver=True)
    delivered = timezone.now()
    opinion = OpinionVersionFactory(
        case=case,
        author=personas.olivia,
        signed=True,
        signed_at=delivered - timedelta(hours=1),
        patient_summary_en=SUMMARY_EN,
        patient_summary_es=SUMMARY_ES,
    )
    question = FollowUpQuestion.objects.create(
        opinion=opinion, asked_by=personas.pat, question="¿Necesito radioterapia?"
    )
    Addendum.objects.create(
        opinion=opinion,
        question=question,
        answer="Probably yes, after surgery; your surgeon will confirm.",
        signed_by=personas.olivia,
        signed_at=delivered,
        content_sha256="0" * 64,
    )
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.FOLLOW_UP, opinion_delivered_at=delivered
    )
    case.refresh_from_db()
    for to_status in (CaseStatus.UNDER_REVIEW, CaseStatus.OPINION_DELIVERED, CaseStatus.FOLLOW_UP):
        TimelineEvent.objects.create(
            case=case,
            actor=personas.nina,
            kind=EventKind.TRANSITION,
            to_status=to_status,
            summary=f"Status: {to_status}",
        )
    check_ins_schedule(actor=personas.nina, case=case)
    message_send(actor=personas.nina, case=case, body="Your visit is booked. See you Monday.")
    message_send(actor=personas.pat, case=case, body="Gracias.")
    return case

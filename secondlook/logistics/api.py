"""Travel and lodging API: eligibility, requests and the cost estimate. Same services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema, Status

from secondlook.cases.selectors import case_get_for
from secondlook.core.errors import ValidationFailed
from secondlook.logistics import services
from secondlook.logistics.eligibility import travel_eligibility
from secondlook.logistics.models import PartnerHotel
from secondlook.logistics.selectors import cost_estimate

router = Router(tags=["logistics"])


class EligibilityOut(Schema):
    eligible: bool
    reason: str


class CostLineOut(Schema):
    label: str
    patient_amount: Decimal | None
    program_amount: Decimal
    note: str


class CostEstimateOut(Schema):
    lines: list[CostLineOut]
    no_hidden_costs: bool
    unknown: list[str]
    patient_total: Decimal


class TransportIn(Schema):
    mode: str
    origin: str
    outbound_on: date
    return_on: date
    with_caregiver: bool = False
    estimated_cost: Decimal | None = None
    miles: int | None = None


class LodgingIn(Schema):
    hotel_id: int
    with_caregiver: bool = False


class BookingOut(Schema):
    id: int
    kind: str
    status: str
    nights: int
    program_pays: Decimal
    patient_pays: Decimal | None


@router.get("/cases/{case_id}/eligibility", response=EligibilityOut)
def eligibility_get(request: HttpRequest, case_id: int) -> EligibilityOut:
    case = case_get_for(user=request.user, case_id=case_id, purpose="travel eligibility")
    found = travel_eligibility(case)
    return EligibilityOut(eligible=found.eligible, reason=found.reason)


@router.get("/cases/{case_id}/cost-estimate", response=CostEstimateOut)
def cost_estimate_get(request: HttpRequest, case_id: int) -> CostEstimateOut:
    case = case_get_for(user=request.user, case_id=case_id, purpose="cost estimate")
    estimate = cost_estimate(case=case)
    return CostEstimateOut(
        lines=[
            CostLineOut(
                label=line.label,
                patient_amount=line.patient_amount,
                program_amount=line.program_amount,
                note=line.note,
            )
            for line in estimate.lines
        ],
        no_hidden_costs=estimate.no_hidden_costs,
        unknown=estimate.unknown,
        patient_total=estimate.patient_total,
    )


def _out(booking: object) -> BookingOut:
    return BookingOut.from_orm(booking)


@router.post("/cases/{case_id}/transport", response={201: BookingOut})
def transport_post(request: HttpRequest, case_id: int, payload: TransportIn) -> tuple:
    case = case_get_for(user=request.user, case_id=case_id, purpose="travel and lodging")
    booking = services.transport_request(actor=request.user, case=case, **payload.dict())
    return Status(201, _out(booking))


@router.post("/cases/{case_id}/lodging", response={201: BookingOut})
def lodging_post(request: HttpRequest, case_id: int, payload: LodgingIn) -> tuple:
    case = case_get_for(user=request.user, case_id=case_id, purpose="travel and lodging")
    hotel = PartnerHotel.objects.filter(pk=payload.hotel_id).first()
    if hotel is None:
        raise ValidationFailed("No such partner hotel.")
    booking = services.lodging_request(
        actor=request.user, case=case, hotel=hotel, with_caregiver=payload.with_caregiver
    )
    return Status(201, _out(booking))

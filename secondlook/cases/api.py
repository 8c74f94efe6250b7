"""Cases API: list, create (phone intake), get, transition. Mounted at /api/cases.

Endpoints are thin like the pages: they call the same selectors and services, so the
API reads are audited and its moves are guarded exactly as a click on the page is.
Refusals are `ApplicationError`s that config/api.py turns into JSON with a message.
"""

from __future__ import annotations

from typing import cast

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Query, Router, Status

from secondlook.accounts.models import Site, User
from secondlook.accounts.selectors import staff_list
from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record
from secondlook.cases import selectors, services
from secondlook.cases.models import Case, Patient
from secondlook.cases.schemas import (
    CaseFilter,
    CaseIn,
    CaseOut,
    CasePage,
    PatientIn,
    TransitionIn,
)
from secondlook.cases.services import PatientDetails
from secondlook.core.errors import ValidationFailed

PAGE_SIZE = 50

router = Router(tags=["cases"])


def _user(request: HttpRequest) -> User:
    user: User = request.auth  # type: ignore[attr-defined]
    return user


def _site(site_id: int) -> Site:
    site = Site.objects.filter(pk=site_id).first()
    if site is None:
        raise ValidationFailed(f"There is no site with id {site_id}.")
    return site


@router.get("", response=CasePage, summary="List the cases you may see")
def case_list(request: HttpRequest, filters: Query[CaseFilter]) -> dict[str, object]:
    user = _user(request)
    cases = selectors.case_list_for(user=user, filters=filters.to_selector_filter())
    paginator = Paginator(cases, PAGE_SIZE)
    items: list[Case] = []
    if filters.page <= paginator.num_pages:
        items = selectors.with_risk(list(paginator.page(filters.page).object_list))
    audit_record(actor=user, action=AuditAction.LIST, object_type="cases.case", purpose="api list")
    return {
        "count": paginator.count,
        "page": filters.page,
        "pages": paginator.num_pages,
        "items": items,
    }


def _patient_and_previous(
    user: User, payload: CaseIn
) -> tuple[Patient | PatientDetails, Case | None]:
    """A new patient's details, or the known patient of the earlier opinion (audited read).

    CaseIn's validator guarantees exactly one of the two was sent.
    """
    if payload.previous_case_id is None:
        return cast(PatientIn, payload.patient).to_details(), None
    previous = selectors.case_get_for(
        user=user, case_id=payload.previous_case_id, purpose="follow-on opinion intake"
    )
    return previous.patient, previous


@router.post("", response={201: CaseOut}, summary="Open a case from a phone call")
def case_create(request: HttpRequest, payload: CaseIn) -> tuple[int, Case]:
    """The calling navigator owns the new case, exactly as with the phone-intake page."""
    user = _user(request)
    patient, previous = _patient_and_previous(user, payload)
    referring = payload.referring_physician
    case = services.case_create_by_phone(
        actor=user,
        site=_site(payload.site_id),
        patient=patient,
        details=payload.case_details(),
        referring=referring.to_details() if referring else None,
        previous_case=previous,
    )
    return Status(201, selectors.with_risk([case])[0])


@router.get("/{case_id}", response=CaseOut, summary="One case (the read is audited)")
def case_get(request: HttpRequest, case_id: int) -> Case:
    case = selectors.case_get_for(user=_user(request), case_id=case_id)
    return selectors.with_risk([case])[0]


@router.post(
    "/{case_id}/transitions",
    response=CaseOut,
    summary="Move the case to its next status",
    description="An illegal move is refused with 409 and a message saying why.",
)
def case_transition(request: HttpRequest, case_id: int, payload: TransitionIn) -> Case:
    user = _user(request)
    case = services.case_for_update(actor=user, case_id=case_id)
    reviewer = None
    if payload.reviewer_id is not None:
        reviewer = staff_list(site=case.site).filter(pk=payload.reviewer_id).first()
        if reviewer is None:
            raise ValidationFailed("No staff member with that id works at this case's site.")
    case = services.case_transition(
        actor=user,
        case=case,
        to=payload.to,
        reason=payload.reason,
        reviewer=reviewer,
        visit_at=payload.visit_at,
    )
    return selectors.with_risk([case])[0]

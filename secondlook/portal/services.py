"""Writes from the patient portal: a request for a second opinion, first or again.

The public request form is open to anyone who knows an e-mail address, so it must not
tell the visitor whether that address already has an account or a request: the page
they see is the same either way, and only the mailbox owner learns more (an invitation
for a new account, a log-in reminder for an existing one).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from secondlook.accounts.models import Site, User
from secondlook.accounts.services import patient_account_create, patient_invitation_send
from secondlook.cases.choices import CaseStatus
from secondlook.cases.models import Case, Patient
from secondlook.cases.services import (
    CaseDetails,
    PatientDetails,
    ReferringDetails,
    case_request_from_web,
)
from secondlook.core.errors import Conflict, ValidationFailed


class RequestOutcome(enum.Enum):
    CREATED = "created"
    DUPLICATE = "duplicate"


@dataclass(frozen=True)
class RequestReceipt:
    """What happened to a public request; the case is the new one or the one already waiting."""

    case: Case
    outcome: RequestOutcome


def _waiting_request(user: User) -> Case | None:
    """A request no navigator has picked up yet: a second one would only add noise."""
    return (
        Case.objects.filter(patient__user=user, status=CaseStatus.REQUESTED)
        .order_by("-requested_at")
        .first()
    )


def _request_received_notice_send(*, user: User) -> None:
    """For an existing account: the new request is in, log in to follow it (no diagnosis)."""
    login_url = f"{settings.SECONDLOOK_SITE_URL.rstrip('/')}{reverse('accounts:login')}"
    send_mail(
        subject="We received your request for a second opinion",
        message=(
            f"Hello {user.first_name},\n\n"
            "We received your new request for a second opinion. It is linked to the patient "
            f"account you already have. Log in to follow it and upload records:\n\n{login_url}\n\n"
            "Your navigator will call you within one business day."
        ),
        from_email=None,
        recipient_list=[user.email],
    )


def _welcome_send_on_commit(user: User) -> None:
    """New (or never activated) accounts get the invitation, others a log-in reminder.

    Mail goes out only once the request is committed, and a mail failure is logged
    rather than undoing a request the navigator can already see.
    """
    activated = user.has_usable_password()
    send = _request_received_notice_send if activated else patient_invitation_send
    transaction.on_commit(partial(send, user=user), robust=True)


@transaction.atomic
def opinion_request_submit(
    *,
    site: Site,
    patient: PatientDetails,
    details: CaseDetails,
    referring: ReferringDetails | None = None,
) -> RequestReceipt:
    """A public web request: account (new or existing) and case in one transaction."""
    try:
        user = patient_account_create(
            email=patient.email, first_name=patient.first_name, last_name=patient.last_name
        )
    except ValidationFailed:
        raise ValidationFailed(
            "We cannot use this e-mail address for a patient account. "
            "Use another address, or call us and we will help."
        ) from None
    waiting = _waiting_request(user)
    if waiting is not None:
        return RequestReceipt(case=waiting, outcome=RequestOutcome.DUPLICATE)
    case = case_request_from_web(
        site=site, patient=patient, details=details, referring=referring, user=user
    )
    _welcome_send_on_commit(user)
    return RequestReceipt(case=case, outcome=RequestOutcome.CREATED)


def _details_of(patient: Patient) -> PatientDetails:
    return PatientDetails(
        first_name=patient.first_name,
        last_name=patient.last_name,
        date_of_birth=patient.date_of_birth,
        phone=patient.phone,
        email=patient.email,
        sex=patient.sex,
        address=patient.address,
        postal_code=patient.postal_code,
        preferred_language=patient.preferred_language,
        caregiver_name=patient.caregiver_name,
        caregiver_phone=patient.caregiver_phone,
    )


@transaction.atomic
def another_opinion_request(
    *,
    user: User,
    previous_case: Case,
    site: Site,
    details: CaseDetails,
    referring: ReferringDetails | None = None,
) -> Case:
    """A logged-in patient asks again: a new case for the same patient, linked to the last."""
    waiting = _waiting_request(user)
    if waiting is not None:
        raise Conflict(
            f"Your request {waiting.reference} is still waiting for a navigator. "
            "They will call you soon; you can tell them about your new questions then."
        )
    return case_request_from_web(
        site=site,
        patient=_details_of(previous_case.patient),
        details=details,
        referring=referring,
        user=user,
        previous_case=previous_case,
    )

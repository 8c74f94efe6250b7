"""JSON shapes of the cases API.

Inputs mirror the phone-intake form and carry the models' length limits, so a bad
request is a 422 naming the field rather than a failure deep inside a service.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.utils import timezone
from ninja import Field, Schema
from pydantic import field_validator, model_validator

from secondlook.cases import lifecycle, selectors
from secondlook.cases.choices import CaseStatus, PayerType, Urgency
from secondlook.cases.models import Case
from secondlook.cases.services import CaseDetails, PatientDetails, ReferringDetails


class PatientIn(Schema):
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    date_of_birth: dt.date
    phone: str = Field(min_length=1, max_length=40)
    email: str = Field("", max_length=254)
    sex: Literal["female", "male", "other", "unknown"] = "unknown"
    address: str = Field("", max_length=300)
    postal_code: str = Field("", max_length=12)
    preferred_language: Literal["en", "es"] = "en"
    caregiver_name: str = Field("", max_length=200)
    caregiver_phone: str = Field("", max_length=40)

    @field_validator("date_of_birth")
    @classmethod
    def _born_in_the_past(cls, value: dt.date) -> dt.date:
        if value > timezone.localdate():
            raise ValueError("the date of birth cannot be in the future")
        return value

    def to_details(self) -> PatientDetails:
        return PatientDetails(**self.model_dump())


class ReferringIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    practice: str = Field("", max_length=200)
    phone: str = Field("", max_length=40)
    fax: str = Field("", max_length=40)
    email: str = Field("", max_length=254)

    def to_details(self) -> ReferringDetails:
        return ReferringDetails(**self.model_dump())


class CaseIn(Schema):
    """A phone intake. For a follow-on opinion give `previous_case_id` instead of `patient`."""

    site_id: int
    patient: PatientIn | None = None
    previous_case_id: int | None = None
    referring_physician: ReferringIn | None = None
    cancer_type_code: str = Field("", max_length=16, description="An OncoTree code, e.g. COAD.")
    outside_diagnosis: str = ""
    patient_questions: str = ""
    payer_type: PayerType = PayerType.UNKNOWN
    insurance_name: str = Field("", max_length=200)
    insurance_member_id: str = Field("", max_length=60)
    urgency: Urgency = Urgency.ROUTINE

    @model_validator(mode="after")
    def _one_patient(self) -> CaseIn:
        if (self.patient is None) == (self.previous_case_id is None):
            raise ValueError(
                "give either the patient's details (a new patient) "
                "or previous_case_id (a new opinion for a known patient)"
            )
        return self

    def case_details(self) -> CaseDetails:
        return CaseDetails(
            cancer_type_code=self.cancer_type_code,
            outside_diagnosis=self.outside_diagnosis,
            patient_questions=self.patient_questions,
            payer_type=self.payer_type,
            insurance_name=self.insurance_name,
            insurance_member_id=self.insurance_member_id,
            urgency=self.urgency,
        )


class PatientOut(Schema):
    id: int
    first_name: str
    last_name: str
    date_of_birth: dt.date
    phone: str


class CaseOut(Schema):
    id: int
    reference: str
    status: str
    status_label: str
    allowed_next: list[str] = Field(description="Statuses the case may move to now.")
    channel: str
    urgency: str
    site_id: int
    site_name: str
    patient: PatientOut
    navigator_id: int | None
    navigator_name: str
    reviewer_id: int | None
    previous_case_id: int | None
    cancer_type_code: str
    cancer_type_name: str
    outside_diagnosis: str
    patient_questions: str
    payer_type: str
    insurance_name: str
    insurance_member_id: str
    requested_at: dt.datetime
    visit_at: dt.datetime | None
    sla_clock: str
    sla_due_at: dt.datetime | None
    risk: str = Field(description="overdue, at_risk, on_track, or none when no clock runs.")
    waiting_on: str

    @staticmethod
    def resolve_status_label(case: Case) -> str:
        return case.get_status_display()

    @staticmethod
    def resolve_allowed_next(case: Case) -> list[str]:
        return [str(status) for status in lifecycle.allowed_next(case.status)]

    @staticmethod
    def resolve_site_name(case: Case) -> str:
        return case.site.name

    @staticmethod
    def resolve_navigator_name(case: Case) -> str:
        return case.navigator.display_name if case.navigator else ""

    @staticmethod
    def resolve_risk(case: Case) -> str:
        return getattr(case, "risk", "none")


class CasePage(Schema):
    count: int
    page: int
    pages: int
    items: list[CaseOut]


class CaseFilter(Schema):
    """Query parameters of the case list; all optional."""

    status: CaseStatus | None = None
    site_id: int | None = None
    q: str = Field("", max_length=100, description="A case reference or the start of a name.")
    mine: bool = False
    open: bool = Field(False, description="Only cases that have not ended.")
    page: int = Field(1, ge=1)

    def to_selector_filter(self) -> selectors.CaseFilter:
        return selectors.CaseFilter(
            status=self.status or "",
            site_id=self.site_id,
            mine=self.mine,
            query=self.q.strip(),
            open_only=self.open,
        )


class TransitionIn(Schema):
    to: CaseStatus
    reason: str = Field("", max_length=2000)
    reviewer_id: int | None = Field(None, description="Needed to move to under_review.")
    visit_at: dt.datetime | None = Field(
        None, description="Needed to move to visit_scheduled; without an offset, site time."
    )

    @field_validator("visit_at")
    @classmethod
    def _aware(cls, value: dt.datetime | None) -> dt.datetime | None:
        """A time without an offset is read as the program's local time, as on the page."""
        if value is not None and timezone.is_naive(value):
            return timezone.make_aware(value)
        return value

from __future__ import annotations

from datetime import date, time, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from secondlook.accounts.models import Site, User
from secondlook.cases.models import Case
from secondlook.core.business_days import is_business_day
from secondlook.scheduling import services
from secondlook.scheduling.choices import Modality, Service
from secondlook.scheduling.models import ClinicTemplate, Itinerary, Scanner

# The brief's colorectal story: a CT, the consult that reads it, the plan walkthrough a
# day later.
STORY = [
    services.NeedSpec(Service.CT, 30),
    services.NeedSpec(Service.MEDICAL_ONCOLOGY, 60),
    services.NeedSpec(Service.PLAN_WALKTHROUGH, 45, days_after_previous_stage=1),
]


class ScannerFactory(DjangoModelFactory[Scanner]):
    class Meta:
        model = Scanner

    modality = Modality.CT
    name = factory.Sequence(lambda n: f"CT {n}")


def clinic_week(site: Site, *, oncologist: User, weekdays: range = range(5)) -> None:
    """A CT scanner all day, the oncologist's consults mornings and walkthroughs afternoons."""
    scanner = ScannerFactory(site=site)
    for weekday in weekdays:
        ClinicTemplate.objects.create(
            site=site,
            service=Service.CT,
            scanner=scanner,
            weekday=weekday,
            starts_at=time(8, 0),
            ends_at=time(17, 0),
            slot_minutes=30,
        )
        ClinicTemplate.objects.create(
            site=site,
            service=Service.MEDICAL_ONCOLOGY,
            clinician=oncologist,
            weekday=weekday,
            starts_at=time(9, 0),
            ends_at=time(12, 0),
        )
        ClinicTemplate.objects.create(
            site=site,
            service=Service.PLAN_WALKTHROUGH,
            clinician=oncologist,
            weekday=weekday,
            starts_at=time(13, 0),
            ends_at=time(16, 0),
        )


def open_week() -> date:
    """A Monday at least a week ahead whose five days are all business days in California."""
    monday = timezone.localdate() + timedelta(days=7)
    monday -= timedelta(days=monday.weekday())
    while not all(is_business_day(monday + timedelta(days=i), subdivision="CA") for i in range(5)):
        monday += timedelta(days=7)
    return monday


def visit_booked(*, actor: User, case: Case, first_day: date, last_day: date) -> Itinerary:
    """The story planned and accepted through the real services, in the given window."""
    request = services.visit_request_create(
        actor=actor, case=case, earliest_day=first_day, latest_day=last_day, needs=STORY
    )
    itinerary = services.itinerary_plan(actor=actor, request=request).itinerary
    assert itinerary is not None, "the story fits the clinic week"
    return services.itinerary_accept(actor=actor, itinerary=itinerary)

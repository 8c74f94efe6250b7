"""Demo data for visit planning: clinic templates for the demo staff, scanners at both
sites, and Rosie's colorectal visit (CT, consult, plan walkthrough a day later) planned
and accepted through the real services."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from secondlook.accounts.choices import Specialty
from secondlook.cases.models import Case
from secondlook.scheduling import services
from secondlook.scheduling.choices import Modality, Service
from secondlook.scheduling.models import ClinicTemplate, Room, Scanner, SiteCalendar

SPECIALTY_SERVICE = {
    Specialty.MEDICAL_ONCOLOGY: Service.MEDICAL_ONCOLOGY,
    Specialty.SURGICAL_ONCOLOGY: Service.SURGICAL_ONCOLOGY,
    Specialty.RADIATION_ONCOLOGY: Service.RADIATION_ONCOLOGY,
    Specialty.GYNECOLOGIC_ONCOLOGY: Service.GYNECOLOGIC_ONCOLOGY,
    Specialty.PATHOLOGY: Service.PATHOLOGY_REVIEW,
    Specialty.SOCIAL_WORK: Service.SUPPORTIVE_INTAKE,
}
WALKTHROUGH_SPECIALTIES = {Specialty.MEDICAL_ONCOLOGY, Specialty.GYNECOLOGIC_ONCOLOGY}
SUBDIVISION = {"pasadena": "CA", "chicago": "IL"}
SCANNERS = ((Modality.CT, 30), (Modality.MRI, 60), (Modality.PET, 60))
# Chicago's radiation oncologist holds clinic on Tuesdays and Thursdays only.
PART_TIME = {"helen.radonc": (1, 3)}


def _clinics(builder: object) -> None:
    for code, site in builder.sites.items():  # type: ignore[attr-defined]
        SiteCalendar.objects.create(
            site=site, holiday_country="US", holiday_subdivision=SUBDIVISION.get(code, "")
        )
        rooms = [Room.objects.create(site=site, name=f"Clinic room {n}") for n in (1, 2, 3)]
        for modality, minutes in SCANNERS:
            scanner = Scanner.objects.create(
                site=site, modality=modality, name=f"{modality.upper()} 1 ({code})"
            )
            for weekday in range(5):
                ClinicTemplate.objects.create(
                    site=site,
                    service=modality,
                    scanner=scanner,
                    weekday=weekday,
                    starts_at=time(7, 0),
                    ends_at=time(19, 0),
                    slot_minutes=minutes,
                )
        staff = [
            u
            for u in builder.staff.values()  # type: ignore[attr-defined]
            if u.specialty in SPECIALTY_SERVICE and site in u.sites.all()
        ]
        for index, clinician in enumerate(staff):
            service = SPECIALTY_SERVICE[clinician.specialty]
            if clinician.role == "tumor_board_chair":
                continue
            room = rooms[index % len(rooms)]
            # Walkthroughs take the oncologists' mornings and their consults the afternoons:
            # a patient seen (and scanned) on the visit day is walked through the plan first
            # thing the next morning, after the evening board, and can travel home that day.
            walks = clinician.specialty in WALKTHROUGH_SPECIALTIES
            sessions = (
                (time(8, 0), time(12, 0), Service.PLAN_WALKTHROUGH if walks else service),
                (time(13, 0), time(17, 0), service),
            )
            for weekday in PART_TIME.get(clinician.username, range(5)):
                for starts_at, ends_at, offered in sessions:
                    ClinicTemplate.objects.create(
                        site=site,
                        service=offered,
                        clinician=clinician,
                        room=room,
                        weekday=weekday,
                        starts_at=starts_at,
                        ends_at=ends_at,
                        slot_minutes=30 if offered == Service.PATHOLOGY_REVIEW else 60,
                    )


def _rosie(builder: object) -> None:
    case = Case.objects.get(patient__user__username="rosie.demo")
    navigator = case.navigator
    assert navigator is not None
    start = timezone.localdate() + timedelta(days=1)
    request = services.visit_request_create(
        actor=navigator,
        case=case,
        earliest_day=start,
        latest_day=start + timedelta(days=6),
        needs=[
            services.NeedSpec(Service.CT, 30),
            services.NeedSpec(Service.MEDICAL_ONCOLOGY, 60),
            services.NeedSpec(Service.PLAN_WALKTHROUGH, 45, days_after_previous_stage=1),
        ],
        arrive_after=time(9, 0),
    )
    outcome = services.itinerary_plan(actor=navigator, request=request)
    if outcome.itinerary is None:
        raise RuntimeError(f"Rosie's demo visit could not be planned: {outcome.reasons}")
    services.itinerary_accept(actor=navigator, itinerary=outcome.itinerary)


def demo_extend(builder: object) -> None:
    _clinics(builder)
    _rosie(builder)

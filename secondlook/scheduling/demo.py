"""Demo data for visit planning: clinic templates for the demo staff, scanners at both
sites, and Rosie's colorectal visit (CT, consult, plan walkthrough a day later) planned
and accepted through the real services."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from secondlook.accounts.choices import Role, Specialty
from secondlook.accounts.models import Site, User
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
    sites = list(builder.sites.values())  # type: ignore[attr-defined]
    for code, site in builder.sites.items():  # type: ignore[attr-defined]
        SiteCalendar.objects.create(
            site=site, holiday_country="US", holiday_subdivision=SUBDIVISION.get(code, "")
        )
        for modality, minutes in SCANNERS:
            scanner = Scanner.objects.create(
                site=site, modality=modality, name=f"{modality.upper()} 1 ({code})"
            )
            for weekday in range(5):
                _template(
                    site=site,
                    service=modality,
                    scanner=scanner,
                    weekday=weekday,
                    starts_at=time(7, 0),
                    ends_at=time(19, 0),
                    slot_minutes=minutes,
                )
        clinicians = [
            u
            for u in builder.staff.values()  # type: ignore[attr-defined]
            if u.specialty in SPECIALTY_SERVICE
            and u.role != Role.TUMOR_BOARD_CHAIR
            and site in u.sites.all()
        ]
        for number, clinician in enumerate(clinicians, start=1):
            service = SPECIALTY_SERVICE[clinician.specialty]
            # A room of their own: a booked slot then books its room too, and no two
            # clinicians are ever put in one room at the same hour.
            room = Room.objects.create(site=site, name=f"Clinic room {number}")
            # Walkthroughs take the oncologists' mornings and their consults the afternoons
            # until the 16:00 tumor board: a patient seen (and scanned) on the visit day is
            # discussed that evening, walked through the plan first thing the next morning,
            # and can travel home that day.
            walks = clinician.specialty in WALKTHROUGH_SPECIALTIES
            sessions = (
                (time(8, 0), time(12, 0), Service.PLAN_WALKTHROUGH if walks else service),
                (time(13, 0), time(16, 0), service),
            )
            for weekday in _clinic_days(clinician, site, sites):
                for starts_at, ends_at, offered in sessions:
                    _template(
                        site=site,
                        service=offered,
                        clinician=clinician,
                        room=room,
                        weekday=weekday,
                        starts_at=starts_at,
                        ends_at=ends_at,
                        slot_minutes=30 if offered == Service.PATHOLOGY_REVIEW else 60,
                    )


def _clinic_days(clinician: User, site: Site, sites: list[Site]) -> list[int]:
    """The weekdays the clinician holds clinic at this site.

    Someone who works at several sites is at one of them a day, in turn (Monday the
    first, Tuesday the next, ...): a clinician is never in two clinics at once.
    """
    theirs = [s for s in sites if s in clinician.sites.all()]
    weekdays = PART_TIME.get(clinician.username, range(5))
    return [day for day in weekdays if theirs[day % len(theirs)] == site]


def _template(**fields: object) -> None:
    """Saved through the model's validation, which refuses a clinician, scanner or room
    in two clinics at the same hours."""
    template = ClinicTemplate(**fields)
    template.full_clean()
    template.save()


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

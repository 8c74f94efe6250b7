"""A clinician, scanner or room is in one clinic at a time, and a patient in one place.

The planner books each clinic template's slots as an independent resource, so these
rules live in the data: templates of one clinician, scanner or room may not overlap,
a booked appointment takes its room, and editing an itinerary keeps the patient's
appointments apart by the travel gap and in slots long enough for them.
"""

from __future__ import annotations

import html
from datetime import date, datetime, time, timedelta
from itertools import combinations
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from secondlook.accounts.models import Site
from secondlook.accounts.tests.factories import UserFactory
from secondlook.core.errors import Conflict, ValidationFailed
from secondlook.core.testing import Personas
from secondlook.demo.program import STAFF
from secondlook.scheduling import demo, services
from secondlook.scheduling.choices import ItineraryStatus, Service, Weekday
from secondlook.scheduling.models import (
    Appointment,
    ClinicTemplate,
    Itinerary,
    Room,
    VisitRequest,
)
from secondlook.scheduling.selectors import free_slots
from secondlook.scheduling.tests.factories import ScannerFactory


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _template(site: Site, service: str, **fields: object) -> ClinicTemplate:
    """A validated template, as the admin and the demo save them."""
    template = ClinicTemplate(
        site=site,
        service=service,
        weekday=fields.pop("weekday", Weekday.MONDAY),
        starts_at=fields.pop("starts_at", time(9, 0)),
        ends_at=fields.pop("ends_at", time(12, 0)),
        **fields,
    )
    template.full_clean()
    template.save()
    return template


def _shares_resource(a: ClinicTemplate, b: ClinicTemplate) -> bool:
    return any(
        x is not None and x == y
        for x, y in (
            (a.clinician_id, b.clinician_id),
            (a.scanner_id, b.scanner_id),
            (a.room_id, b.room_id),
        )
    )


def _overlap(a: ClinicTemplate, b: ClinicTemplate) -> bool:
    return a.weekday == b.weekday and a.starts_at < b.ends_at and b.starts_at < a.ends_at


# --- Clinic templates -------------------------------------------------------------------


def test_one_room_cannot_hold_two_clinics_at_once(personas: Personas) -> None:
    room = Room.objects.create(site=personas.pasadena, name="Clinic room 1")
    _template(personas.pasadena, Service.MEDICAL_ONCOLOGY, clinician=personas.olivia, room=room)
    second = ClinicTemplate(
        site=personas.pasadena,
        service=Service.SUPPORTIVE_INTAKE,
        clinician=personas.sam,
        room=room,
        weekday=Weekday.MONDAY,
        starts_at=time(11, 0),
        ends_at=time(13, 0),
    )
    with pytest.raises(ValidationError) as refused:
        second.full_clean()
    message = " ".join(refused.value.messages)
    assert "Clinic room 1 is already in the Medical oncologist consult clinic" in message
    assert "Monday 09:00–12:00" in message


def test_one_clinician_cannot_hold_two_clinics_at_once_at_any_site(personas: Personas) -> None:
    _template(personas.pasadena, Service.MEDICAL_ONCOLOGY, clinician=personas.olivia)
    for site, service in (
        (personas.pasadena, Service.PLAN_WALKTHROUGH),
        (personas.chicago, Service.MEDICAL_ONCOLOGY),
    ):
        clash = ClinicTemplate(
            site=site,
            service=service,
            clinician=personas.olivia,
            weekday=Weekday.MONDAY,
            starts_at=time(8, 0),
            ends_at=time(10, 0),
        )
        with pytest.raises(ValidationError, match="Medical oncologist consult clinic at "):
            clash.full_clean()
    assert ClinicTemplate.objects.count() == 1


def test_one_scanner_cannot_hold_two_clinics_at_once(personas: Personas) -> None:
    scanner = ScannerFactory(site=personas.pasadena, name="CT 1 (pasadena)")
    _template(
        personas.pasadena, Service.CT, scanner=scanner, starts_at=time(7, 0), ends_at=time(19, 0)
    )
    clash = ClinicTemplate(
        site=personas.pasadena,
        service=Service.PET,
        scanner=scanner,
        weekday=Weekday.MONDAY,
        starts_at=time(18, 0),
        ends_at=time(20, 0),
    )
    with pytest.raises(ValidationError, match=r"CT 1 \(pasadena\) is already in the CT scan"):
        clash.full_clean()


def test_clinics_that_only_touch_or_fall_on_other_days_are_accepted(personas: Personas) -> None:
    room = Room.objects.create(site=personas.pasadena, name="Clinic room 1")
    first = _template(
        personas.pasadena, Service.MEDICAL_ONCOLOGY, clinician=personas.olivia, room=room
    )
    _template(
        personas.pasadena,
        Service.PLAN_WALKTHROUGH,
        clinician=personas.olivia,
        room=room,
        starts_at=time(12, 0),
        ends_at=time(16, 0),
    )
    _template(
        personas.pasadena,
        Service.SUPPORTIVE_INTAKE,
        clinician=personas.sam,
        room=room,
        weekday=Weekday.TUESDAY,
    )
    _template(personas.chicago, Service.MEDICAL_ONCOLOGY, clinician=personas.raj)
    first.full_clean()  # an edit of a template does not clash with itself
    assert ClinicTemplate.objects.count() == 4


def test_the_admin_refuses_an_overlapping_clinic_with_the_reason(
    client: Client, personas: Personas
) -> None:
    _template(personas.pasadena, Service.MEDICAL_ONCOLOGY, clinician=personas.olivia)
    personas.ada.is_staff = personas.ada.is_superuser = True
    personas.ada.save()
    client.force_login(personas.ada)
    form = {
        "site": personas.pasadena.pk,
        "service": Service.PLAN_WALKTHROUGH,
        "clinician": personas.olivia.pk,
        "weekday": Weekday.MONDAY,
        "starts_at": "11:00",
        "ends_at": "13:00",
        "slot_minutes": 60,
    }

    page = client.post(reverse("admin:scheduling_clinictemplate_add"), form)

    assert page.status_code == 200
    assert "Medical oncologist consult clinic" in html.unescape(page.content.decode())
    assert ClinicTemplate.objects.count() == 1
    form.update(starts_at="12:00", ends_at="16:00")
    client.post(reverse("admin:scheduling_clinictemplate_add"), form)
    assert ClinicTemplate.objects.count() == 2


# --- The demo ---------------------------------------------------------------------------


def test_the_demo_gives_no_clinician_scanner_or_room_two_clinics_at_once(
    personas: Personas,
) -> None:
    sites = {"pasadena": personas.pasadena, "chicago": personas.chicago}
    staff = {
        spec.username: UserFactory(
            username=spec.username,
            role=spec.role,
            specialty=spec.specialty,
            sites=[sites[code] for code in spec.sites],
        )
        for spec in STAFF
    }
    demo._clinics(SimpleNamespace(sites=sites, staff=staff))

    templates = list(ClinicTemplate.objects.all())
    clashes = [
        (str(a), str(b))
        for a, b in combinations(templates, 2)
        if _overlap(a, b) and _shares_resource(a, b)
    ]
    assert clashes == []
    # Every clinician holds clinic at every site of theirs, each in a room of their own.
    clinical = [
        u
        for u in staff.values()
        if u.specialty in demo.SPECIALTY_SERVICE and u.role != "tumor_board_chair"
    ]
    held = set(
        ClinicTemplate.objects.filter(clinician__isnull=False).values_list(
            "clinician__username", "site__code"
        )
    )
    assert held == {(u.username, s.code) for u in clinical for s in u.sites.all()}
    rooms = ClinicTemplate.objects.filter(clinician__isnull=False).values_list("room", "clinician")
    assert all(room is not None for room, _ in rooms)
    assert len({room for room, _ in rooms}) == len(set(rooms))


# --- Free slots -------------------------------------------------------------------------


def _booked(
    request: VisitRequest, template: ClinicTemplate, starts_at: datetime, minutes: int = 60
) -> Appointment:
    itinerary = Itinerary.objects.create(request=request, status=ItineraryStatus.ACCEPTED)
    return Appointment.objects.create(
        itinerary=itinerary,
        service=template.service,
        site=template.site,
        template=template,
        clinician=template.clinician,
        room=template.room,
        with_whom=template.resource_label,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
    )


def _starts(slots: list, template: ClinicTemplate, day: date) -> list[int]:
    return sorted(
        s.start_minute // 60 for s in slots if s.resource_id == str(template.pk) and s.day == day
    )


def test_a_room_booked_by_another_clinic_is_not_free(
    personas: Personas, visit_request: VisitRequest, monday: date
) -> None:
    # Templates saved before the rule: two clinicians share a room at the same hours.
    room = Room.objects.create(site=personas.pasadena, name="Clinic room 1")
    other = Room.objects.create(site=personas.pasadena, name="Clinic room 2")
    hours = {"weekday": monday.weekday(), "starts_at": time(9, 0), "ends_at": time(12, 0)}
    pathology = ClinicTemplate.objects.create(
        site=personas.pasadena,
        service=Service.PATHOLOGY_REVIEW,
        clinician=personas.paul,
        room=room,
        **hours,
    )
    intake = ClinicTemplate.objects.create(
        site=personas.pasadena,
        service=Service.SUPPORTIVE_INTAKE,
        clinician=personas.sam,
        room=room,
        **hours,
    )
    elsewhere = ClinicTemplate.objects.create(
        site=personas.pasadena,
        service=Service.RADIATION_ONCOLOGY,
        clinician=personas.raj,
        room=other,
        **hours,
    )
    _booked(visit_request, pathology, _at(monday, 9))

    slots = free_slots(sites=[personas.pasadena], first_day=monday, last_day=monday)

    assert _starts(slots, pathology, monday) == [10, 11]
    assert _starts(slots, intake, monday) == [10, 11]
    assert _starts(slots, elsewhere, monday) == [9, 10, 11]


def test_free_slots_reads_room_bookings_without_a_query_per_slot(
    personas: Personas, visit_request: VisitRequest, monday: date
) -> None:
    room = Room.objects.create(site=personas.pasadena, name="Clinic room 1")
    hours = {"weekday": monday.weekday(), "starts_at": time(8, 0), "ends_at": time(17, 0)}
    intake, pathology = (
        ClinicTemplate.objects.create(
            site=personas.pasadena, service=service, clinician=clinician, room=room, **hours
        )
        for service, clinician in (
            (Service.SUPPORTIVE_INTAKE, personas.sam),
            (Service.PATHOLOGY_REVIEW, personas.paul),
        )
    )
    week = {
        "sites": [personas.pasadena],
        "first_day": monday,
        "last_day": monday + timedelta(days=6),
    }
    _booked(visit_request, pathology, _at(monday, 8))
    with CaptureQueriesContext(connection) as one:
        free_slots(**week)
    for hour in (10, 12, 14):
        _booked(visit_request, pathology, _at(monday, hour))
    with CaptureQueriesContext(connection) as four:
        slots = free_slots(**week)
    assert len(four) == len(one)
    assert _starts(slots, intake, monday) == [9, 11, 13, 15, 16]


# --- Editing a proposed itinerary -------------------------------------------------------


@pytest.fixture
def consult_and_intake(personas: Personas, monday: date) -> tuple[Appointment, Appointment]:
    """A proposed visit: Olivia's consult 9:00–10:00 and Sam's 45-minute intake at 11:00
    on Monday; Sam also holds 30-minute intake slots on Tuesday."""
    room = Room.objects.create(site=personas.pasadena, name="Clinic room 9")
    intake_clinic = _template(
        personas.pasadena,
        Service.SUPPORTIVE_INTAKE,
        clinician=personas.sam,
        room=room,
        weekday=monday.weekday(),
        starts_at=time(9, 0),
        ends_at=time(13, 0),
    )
    _template(
        personas.pasadena,
        Service.SUPPORTIVE_INTAKE,
        clinician=personas.sam,
        room=room,
        weekday=(monday + timedelta(days=1)).weekday(),
        slot_minutes=30,
    )
    request = services.visit_request_create(
        actor=personas.nina,
        case=personas.pat_case,
        earliest_day=monday,
        latest_day=monday + timedelta(days=2),
        needs=[
            services.NeedSpec(Service.MEDICAL_ONCOLOGY, 60),
            services.NeedSpec(Service.SUPPORTIVE_INTAKE, 45),
        ],
    )
    itinerary = Itinerary.objects.create(request=request, planned_by=personas.nina)
    consult_clinic = ClinicTemplate.objects.get(
        clinician=personas.olivia, service=Service.MEDICAL_ONCOLOGY, weekday=monday.weekday()
    )

    def appointment(template: ClinicTemplate, starts_at: datetime, minutes: int) -> Appointment:
        return Appointment.objects.create(
            itinerary=itinerary,
            service=template.service,
            site=template.site,
            template=template,
            clinician=template.clinician,
            room=template.room,
            with_whom=template.resource_label,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=minutes),
        )

    return (
        appointment(consult_clinic, _at(monday, 9), 60),
        appointment(intake_clinic, _at(monday, 11), 45),
    )


def test_a_move_onto_another_appointment_of_the_patient_is_refused(
    personas: Personas, consult_and_intake: tuple[Appointment, Appointment], monday: date
) -> None:
    _, intake = consult_and_intake
    with pytest.raises(ValidationFailed, match="clashes with the patient's medical oncologist"):
        services.appointment_move(actor=personas.nina, appointment=intake, starts_at=_at(monday, 9))
    # Right after the consult is no overlap, but leaves no time to walk to the next clinic.
    with pytest.raises(ValidationFailed, match="with 15 minutes to get from one to the next"):
        services.appointment_move(
            actor=personas.nina, appointment=intake, starts_at=_at(monday, 10)
        )
    intake.refresh_from_db()
    assert intake.starts_at == _at(monday, 11)


def test_a_move_into_a_slot_shorter_than_the_appointment_is_refused(
    personas: Personas, consult_and_intake: tuple[Appointment, Appointment], monday: date
) -> None:
    _, intake = consult_and_intake
    tuesday = monday + timedelta(days=1)
    with pytest.raises(ValidationFailed, match="is 30 minutes; this appointment takes 45"):
        services.appointment_move(
            actor=personas.nina, appointment=intake, starts_at=_at(tuesday, 10)
        )


def test_a_move_to_a_free_long_enough_slot_clear_of_the_others_is_accepted(
    personas: Personas, consult_and_intake: tuple[Appointment, Appointment], monday: date
) -> None:
    _, intake = consult_and_intake
    moved = services.appointment_move(
        actor=personas.nina, appointment=intake, starts_at=_at(monday, 12)
    )
    assert (moved.starts_at, moved.ends_at) == (_at(monday, 12), _at(monday, 12, 45))
    assert moved.room == intake.room


def test_a_move_to_another_day_clear_of_the_other_appointments_is_accepted(
    personas: Personas, consult_and_intake: tuple[Appointment, Appointment], monday: date
) -> None:
    consult, _ = consult_and_intake
    moved = services.appointment_move(
        actor=personas.nina, appointment=consult, starts_at=_at(monday + timedelta(days=1), 10)
    )
    assert moved.starts_at == _at(monday + timedelta(days=1), 10)


def test_accepting_is_refused_when_another_visit_took_the_room_meanwhile(
    personas: Personas, visit_request: VisitRequest, monday: date
) -> None:
    # Templates saved before the rule share a room: a visit accepted for another patient
    # holds it at 9:00, so an itinerary proposed into that room and hour cannot be booked.
    room = Room.objects.create(site=personas.pasadena, name="Clinic room 1")
    hours = {"weekday": monday.weekday(), "starts_at": time(9, 0), "ends_at": time(12, 0)}
    pathology, intake = (
        ClinicTemplate.objects.create(
            site=personas.pasadena, service=service, clinician=clinician, room=room, **hours
        )
        for service, clinician in (
            (Service.PATHOLOGY_REVIEW, personas.paul),
            (Service.SUPPORTIVE_INTAKE, personas.sam),
        )
    )
    other_patient = VisitRequest.objects.create(
        case=personas.quinn_case,
        earliest_day=monday,
        latest_day=monday,
        created_by=personas.nate,
    )
    _booked(other_patient, pathology, _at(monday, 9))
    proposed = Itinerary.objects.create(request=visit_request, status=ItineraryStatus.PROPOSED)
    Appointment.objects.create(
        itinerary=proposed,
        service=intake.service,
        site=intake.site,
        template=intake,
        clinician=intake.clinician,
        room=room,
        with_whom=intake.resource_label,
        starts_at=_at(monday, 9),
        ends_at=_at(monday, 10),
    )

    with pytest.raises(Conflict, match="booked one of these slots"):
        services.itinerary_accept(actor=personas.nina, itinerary=proposed)
    proposed.refresh_from_db()
    assert proposed.status == ItineraryStatus.PROPOSED

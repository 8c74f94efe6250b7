"""Planning, accepting, editing and batch planning through the services."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from secondlook.cases.choices import CaseStatus
from secondlook.cases.models import Case
from secondlook.core.errors import Conflict, PermissionDenied, ValidationFailed
from secondlook.core.testing import Personas
from secondlook.scheduling import services
from secondlook.scheduling.choices import ItineraryStatus, Service
from secondlook.scheduling.models import AvailabilityException, VisitRequest
from secondlook.scheduling.tests.factories import STORY


def _services(case: Case) -> list[str]:
    itinerary = case.visit_requests.get().itineraries.get(status=ItineraryStatus.ACCEPTED)
    return [a.service for a in itinerary.appointments.all()]


def test_colorectal_story_is_ct_consult_then_walkthrough_a_day_later(
    personas: Personas, visit_request: VisitRequest, monday: date
) -> None:
    outcome = services.itinerary_plan(actor=personas.nina, request=visit_request)
    appointments = list(outcome.itinerary.appointments.all())
    assert [a.service for a in appointments] == [
        Service.CT,
        Service.MEDICAL_ONCOLOGY,
        Service.PLAN_WALKTHROUGH,
    ]
    ct, consult, walkthrough = appointments
    assert ct.ends_at <= consult.starts_at
    assert timezone.localtime(ct.starts_at).date() == monday
    assert timezone.localtime(walkthrough.starts_at).date() == monday + timedelta(days=1)
    assert consult.clinician == personas.olivia


def test_accepting_schedules_the_visit_of_a_case_under_review(
    personas: Personas, visit_request: VisitRequest, django_capture_on_commit_callbacks
) -> None:
    Case.objects.filter(pk=personas.pat_case.pk).update(
        status=CaseStatus.UNDER_REVIEW, reviewer=personas.olivia
    )
    outcome = services.itinerary_plan(actor=personas.nina, request=visit_request)
    with django_capture_on_commit_callbacks(execute=True):
        services.itinerary_accept(actor=personas.nina, itinerary=outcome.itinerary)
    case = Case.objects.get(pk=personas.pat_case.pk)
    assert case.status == CaseStatus.VISIT_SCHEDULED
    assert case.visit_at == outcome.itinerary.appointments.first().starts_at
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "visit plan" in body
    assert "CT" not in body and "oncolog" not in body.lower()


def test_accepting_elsewhere_in_the_lifecycle_records_the_itinerary_only(
    personas: Personas, visit_request: VisitRequest
) -> None:
    outcome = services.itinerary_plan(actor=personas.nina, request=visit_request)
    services.itinerary_accept(actor=personas.nina, itinerary=outcome.itinerary)
    case = Case.objects.get(pk=personas.pat_case.pk)
    assert case.status == CaseStatus.RECORDS_PENDING
    assert case.events.filter(summary__startswith="Visit itinerary booked").exists()


def test_a_booked_slot_is_not_offered_to_the_next_patient(
    personas: Personas, visit_request: VisitRequest, monday: date
) -> None:
    first = services.itinerary_plan(actor=personas.nina, request=visit_request).itinerary
    services.itinerary_accept(actor=personas.nina, itinerary=first)
    other_case = Case.objects.create(
        reference="SL-T-OTHER",
        patient=personas.pat_case.patient,
        site=personas.pasadena,
        navigator=personas.nina,
        status=CaseStatus.RECORDS_PENDING,
        channel="web",
        requested_at=timezone.now(),
    )
    other = services.visit_request_create(
        actor=personas.nina,
        case=other_case,
        earliest_day=monday,
        latest_day=monday + timedelta(days=2),
        needs=STORY,
    )
    second = services.itinerary_plan(actor=personas.nina, request=other).itinerary
    taken = {(a.clinician_id, a.starts_at) for a in first.appointments.exclude(clinician=None)}
    assert not taken & {(a.clinician_id, a.starts_at) for a in second.appointments.all()}


def test_no_clinic_in_the_window_is_explained_with_alternatives(
    personas: Personas, visit_request: VisitRequest, monday: date
) -> None:
    for offset in range(3):
        AvailabilityException.objects.create(
            site=personas.pasadena,
            clinician=personas.olivia,
            day=monday + timedelta(days=offset),
            reason="Conference",
        )
    outcome = services.itinerary_plan(actor=personas.nina, request=visit_request)
    assert outcome.itinerary is None
    assert "No medical oncologist consult free at Pasadena Cancer Center" in outcome.reasons[0]
    assert outcome.alternatives
    assert outcome.alternatives[0]["first_day"] >= (monday + timedelta(days=3)).isoformat()
    visit_request.refresh_from_db()
    assert visit_request.problems[0]["reasons"] == list(outcome.reasons)


def test_only_the_coordinating_navigator_plans(
    personas: Personas, visit_request: VisitRequest
) -> None:
    with pytest.raises(PermissionDenied):
        services.itinerary_plan(actor=personas.olivia, request=visit_request)
    with pytest.raises(PermissionDenied):
        services.visit_request_create(
            actor=personas.nate,
            case=personas.pat_case,
            earliest_day=visit_request.earliest_day,
            latest_day=visit_request.latest_day,
            needs=STORY,
        )


def test_moving_an_appointment_out_of_order_is_refused(
    personas: Personas, visit_request: VisitRequest, monday: date
) -> None:
    itinerary = services.itinerary_plan(actor=personas.nina, request=visit_request).itinerary
    consult = itinerary.appointments.get(service=Service.MEDICAL_ONCOLOGY)
    walkthrough_day = timezone.localtime(
        itinerary.appointments.get(service=Service.PLAN_WALKTHROUGH).starts_at
    ).date()
    too_late = timezone.make_aware(
        timezone.datetime.combine(walkthrough_day, timezone.datetime.min.time())
    ) + timedelta(hours=9)
    with pytest.raises(ValidationFailed, match="breaks the order"):
        services.appointment_move(actor=personas.nina, appointment=consult, starts_at=too_late)
    # Put the CT first thing (8:00) so every consult hour (9, 10, 11) is in order, then move
    # the consult to an hour the solver did not choose.
    ct = itinerary.appointments.get(service=Service.CT)
    consult_time = timezone.localtime(consult.starts_at)
    services.appointment_move(
        actor=personas.nina, appointment=ct, starts_at=consult_time.replace(hour=8, minute=0)
    )
    target = consult_time.replace(hour=11 if consult_time.hour != 11 else 9, minute=0)
    moved = services.appointment_move(actor=personas.nina, appointment=consult, starts_at=target)
    assert moved.starts_at == target


def test_an_accepted_itinerary_cannot_be_accepted_twice(
    personas: Personas, visit_request: VisitRequest
) -> None:
    itinerary = services.itinerary_plan(actor=personas.nina, request=visit_request).itinerary
    services.itinerary_accept(actor=personas.nina, itinerary=itinerary)
    with pytest.raises(Conflict):
        services.itinerary_accept(actor=personas.nina, itinerary=itinerary)


def test_week_batch_plans_every_waiting_request_and_explains_the_rest(
    personas: Personas, monday: date
) -> None:
    cases = [personas.pat_case]
    for n in range(3):
        cases.append(
            Case.objects.create(
                reference=f"SL-T-B{n}",
                patient=personas.pat_case.patient,
                site=personas.pasadena,
                navigator=personas.nina,
                status=CaseStatus.RECORDS_PENDING,
                channel="web",
                requested_at=timezone.now(),
            )
        )
    for case in cases:
        services.visit_request_create(
            actor=personas.nina,
            case=case,
            earliest_day=monday,
            latest_day=monday + timedelta(days=1),
            needs=STORY,
        )
    outcome = services.visit_week_plan(actor=personas.nina, week_start=monday)
    # Three consult mornings x 1 oncologist: Monday has 3 consults, walkthroughs Tuesday.
    assert outcome.planned == 3
    assert len(outcome.unplanned) == 1
    proposed = VisitRequest.objects.filter(status="proposed").count()
    assert proposed == 3

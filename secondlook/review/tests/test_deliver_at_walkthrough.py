"""A patient with a booked visit is handed the signed opinion at the plan walkthrough."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from secondlook.accounts.tests.factories import TEST_PASSWORD
from secondlook.cases.choices import TaskKind
from secondlook.cases.models import Case, Task
from secondlook.cases.services import case_opinion_deliver
from secondlook.core.testing import Personas
from secondlook.review import services
from secondlook.review.tests.helpers import draft, signed
from secondlook.scheduling.choices import Service
from secondlook.scheduling.models import Appointment
from secondlook.scheduling.tests.factories import clinic_week, open_week, visit_booked

AT_THE_WALKTHROUGH = "Deliver the signed opinion at the plan walkthrough"


@pytest.fixture
def walkthrough(personas: Personas, case: Case) -> Appointment:
    """Pat's visit booked: CT and consult on a Monday, the walkthrough the next day."""
    personas.program.holiday_subdivision = "CA"
    personas.program.save()
    clinic_week(personas.pasadena, oncologist=personas.olivia)
    monday = open_week()
    itinerary = visit_booked(
        actor=personas.nina, case=case, first_day=monday, last_day=monday + dt.timedelta(days=2)
    )
    return itinerary.appointments.get(service=Service.PLAN_WALKTHROUGH)


def _delivery_task(case: Case) -> Task:
    return Task.objects.get(case=case, kind=TaskKind.DELIVER_OPINION, completed_at__isnull=True)


def test_signing_before_the_walkthrough_makes_delivery_due_at_it(
    personas: Personas, case: Case, walkthrough: Appointment
) -> None:
    signed(personas, case)

    task = _delivery_task(case)
    assert task.title == AT_THE_WALKTHROUGH
    assert task.due_at == walkthrough.starts_at
    assert task.assignee == personas.nina


def test_without_a_booked_visit_delivery_is_due_on_the_running_deadline(
    personas: Personas, case: Case
) -> None:
    signed(personas, case)

    task = _delivery_task(case)
    assert task.title == TaskKind.DELIVER_OPINION.label
    assert task.due_at == Case.objects.get(pk=case.pk).sla_due_at


def test_a_walkthrough_already_past_does_not_hold_delivery(
    personas: Personas, case: Case, walkthrough: Appointment
) -> None:
    Appointment.objects.filter(pk=walkthrough.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=1)
    )

    signed(personas, case)

    task = _delivery_task(case)
    assert task.title == TaskKind.DELIVER_OPINION.label
    assert task.due_at != walkthrough.starts_at


def test_a_correction_after_delivery_does_not_wait_for_the_walkthrough(
    personas: Personas, case: Case, walkthrough: Appointment
) -> None:
    signed(personas, case)
    case_opinion_deliver(actor=personas.nina, case=case)

    correction = draft(
        personas, Case.objects.get(pk=case.pk), correction_reason="The stage was misread."
    )
    services.opinion_sign(actor=personas.olivia, opinion=correction, password=TEST_PASSWORD)

    task = _delivery_task(case)
    assert task.title == "Deliver the corrected opinion to the patient"
    assert task.due_at < walkthrough.starts_at

"""The demo program tells one consistent story: what a case says is what happened to it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings

from secondlook.cases.choices import CaseStatus, WaitingOn
from secondlook.cases.models import Case
from secondlook.demo.program import demo_load
from secondlook.followup.models import CheckIn
from secondlook.review.selectors import opinion_latest
from secondlook.scheduling.choices import ItineraryStatus, Service
from secondlook.scheduling.models import Appointment, ClinicTemplate
from secondlook.scheduling.simulation import ClinicWeek

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings: Settings, tmp_path: Path) -> None:
    settings.SECONDLOOK_RECORDS_ROOT = tmp_path
    demo_load()


def test_demo_tells_a_consistent_story(demo: None) -> None:
    # Checked together: loading the demo takes most of the time.
    rosie = Case.objects.get(patient__user__username="rosie.demo")
    appointments = list(
        Appointment.objects.filter(
            itinerary__request__case=rosie, itinerary__status=ItineraryStatus.ACCEPTED
        ).order_by("starts_at")
    )
    assert appointments, "Rosie's itinerary is booked"
    first = appointments[0].starts_at
    assert rosie.status == CaseStatus.VISIT_SCHEDULED
    assert rosie.visit_at == first
    scheduled = rosie.events.get(to_status=CaseStatus.VISIT_SCHEDULED)
    assert f"{timezone.localtime(first):%a %d %b %Y %H:%M}" in scheduled.summary
    assert timezone.localdate() < timezone.localtime(first).date()
    # CT and consult on the visit day; the walkthrough first thing the next business day.
    *visit_day, walkthrough = [timezone.localtime(a.starts_at) for a in appointments]
    assert appointments[-1].service == Service.PLAN_WALKTHROUGH
    assert {moment.date() for moment in visit_day} == {timezone.localtime(first).date()}
    assert walkthrough.date() > visit_day[-1].date()
    assert walkthrough.hour == ClinicWeek().walkthrough_session[0]
    # The time-to-opinion simulation plans visits on the same clinic week.
    week = ClinicWeek()
    for template in ClinicTemplate.objects.select_related("clinician"):
        hours = (template.starts_at.hour, template.ends_at.hour)
        if template.scanner_id:
            assert hours == week.scanner_hours
        elif template.service == Service.PLAN_WALKTHROUGH:
            assert hours == week.walkthrough_session
        elif template.clinician.specialty in week.walkthrough_specialties:
            assert hours == week.consult_session

    statuses = set(Case.objects.values_list("status", flat=True))
    assert statuses == set(CaseStatus.values)

    for case in Case.objects.filter(status=CaseStatus.FOLLOW_UP):
        delivered_on = timezone.localtime(case.opinion_delivered_at).date()
        due = sorted(CheckIn.objects.filter(case=case).values_list("day", "due_on"))
        assert due and all(due_on - delivered_on == timezone.timedelta(days=d) for d, due_on in due)

    for case in Case.objects.filter(status=CaseStatus.OPINION_DRAFTED):
        latest = opinion_latest(case=case)
        signed = latest is not None and latest.is_signed
        assert case.waiting_on == (WaitingOn.NAVIGATOR if signed else WaitingOn.SPECIALIST)

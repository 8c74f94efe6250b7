"""The attending's review task is brought forward to the plan walkthrough, where the
signed opinion is handed over; never pushed later."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone

from secondlook.accounts.choices import Role
from secondlook.accounts.tests.factories import UserFactory
from secondlook.cases import services as case_services
from secondlook.cases.choices import CaseStatus, TaskKind
from secondlook.cases.models import Case, Task
from secondlook.cases.tests.factories import PathologyReportFactory
from secondlook.core.testing import Personas
from secondlook.scheduling import services
from secondlook.scheduling.choices import Service
from secondlook.scheduling.models import Itinerary, VisitRequest
from secondlook.scheduling.selectors import walkthrough_ahead_for
from secondlook.scheduling.tests.factories import STORY


def _walkthrough(itinerary: Itinerary) -> datetime:
    return itinerary.appointments.get(service=Service.PLAN_WALKTHROUGH).starts_at


def _under_review(case: Case, reviewer_task_due: datetime, personas: Personas) -> Task:
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.UNDER_REVIEW, reviewer=personas.olivia)
    return Task.objects.create(
        case=case,
        kind=TaskKind.REVIEW,
        title=TaskKind.REVIEW.label,
        assignee=personas.olivia,
        due_at=reviewer_task_due,
    )


def _plan_and_accept(personas: Personas, request: VisitRequest) -> Itinerary:
    itinerary = services.itinerary_plan(actor=personas.nina, request=request).itinerary
    return services.itinerary_accept(actor=personas.nina, itinerary=itinerary)


def test_accepting_brings_the_attendings_review_task_forward_to_the_walkthrough(
    personas: Personas, visit_request: VisitRequest
) -> None:
    case = personas.pat_case
    review = _under_review(case, timezone.now() + timedelta(days=40), personas)
    co_reviewer = UserFactory(role=Role.SPECIALIST, username="rose")
    later = timezone.now() + timedelta(days=40)
    findings = Task.objects.create(
        case=case, kind=TaskKind.REVIEW, title="Findings", assignee=co_reviewer, due_at=later
    )

    itinerary = _plan_and_accept(personas, visit_request)

    review.refresh_from_db()
    findings.refresh_from_db()
    assert review.due_at == _walkthrough(itinerary)
    assert walkthrough_ahead_for(case=case) == _walkthrough(itinerary)
    assert findings.due_at == later  # only the attending signs the opinion


def test_a_walkthrough_after_the_review_due_date_leaves_it_alone(
    personas: Personas, visit_request: VisitRequest
) -> None:
    sooner = timezone.now() + timedelta(days=2)
    review = _under_review(personas.pat_case, sooner, personas)

    itinerary = _plan_and_accept(personas, visit_request)

    review.refresh_from_db()
    assert _walkthrough(itinerary) > sooner
    assert review.due_at == sooner


def test_review_started_after_the_visit_was_booked_is_due_at_the_walkthrough(
    personas: Personas, visit_request: VisitRequest
) -> None:
    personas.program.opinion_days = 60
    personas.program.save()
    case = personas.pat_case
    itinerary = _plan_and_accept(personas, visit_request)
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.RECORDS_COMPLETE, records_complete_at=timezone.now()
    )
    PathologyReportFactory(case=case)

    case = case_services.case_review_start(
        actor=personas.nina, case=Case.objects.get(pk=case.pk), reviewer=personas.olivia
    )

    review = Task.objects.get(case=case, kind=TaskKind.REVIEW, assignee=personas.olivia)
    assert case.sla_due_at > _walkthrough(itinerary)
    assert review.due_at == _walkthrough(itinerary)


def test_a_replan_to_an_earlier_walkthrough_brings_the_task_forward_again(
    personas: Personas, visit_request: VisitRequest, monday: date
) -> None:
    case = personas.pat_case
    review = _under_review(case, timezone.now() + timedelta(days=40), personas)
    services.visit_request_window_change(
        actor=personas.nina,
        request=visit_request,
        earliest_day=monday + timedelta(days=2),
        latest_day=monday + timedelta(days=4),
    )
    first = _plan_and_accept(personas, visit_request)
    review.refresh_from_db()
    assert review.due_at == _walkthrough(first)

    replan = services.visit_request_create(
        actor=personas.nina,
        case=case,
        earliest_day=monday,
        latest_day=monday + timedelta(days=2),
        needs=STORY,
    )
    second = _plan_and_accept(personas, replan)

    review.refresh_from_db()
    assert _walkthrough(second) < _walkthrough(first)
    assert review.due_at == _walkthrough(second)
    assert walkthrough_ahead_for(case=case) == _walkthrough(second)

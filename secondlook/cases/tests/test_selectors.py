"""Case reads: deny by default, scoped to the user, audited, ordered by risk."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from secondlook.accounts.models import User
from secondlook.audit.choices import AuditAction
from secondlook.audit.models import AuditEvent
from secondlook.cases import selectors
from secondlook.cases.choices import CaseStatus
from secondlook.cases.models import Case
from secondlook.cases.selectors import CaseFilter
from secondlook.cases.tests.factories import CaseFactory, PatientFactory, TaskFactory
from secondlook.core.errors import NotFound
from secondlook.core.testing import Personas, put_on_case

S = CaseStatus


def in_hours(hours: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=hours)


def test_patient_sees_only_their_own_case(personas: Personas) -> None:
    assert list(selectors.cases_visible_to(user=personas.pat)) == [personas.pat_case]


def test_patient_cannot_open_another_patients_case(personas: Personas) -> None:
    with pytest.raises(NotFound):
        selectors.case_get_for(user=personas.pat, case_id=personas.quinn_case.pk)


@pytest.mark.parametrize("who", ["nina", "olivia", "paul", "rita", "carmen", "sam"])
def test_pasadena_staff_see_pasadena_cases_only(personas: Personas, who: str) -> None:
    user: User = getattr(personas, who)
    if who in ("olivia", "paul", "rita", "sam"):
        put_on_case(personas.pat_case, user)  # clinicians see only the cases they are on

    assert list(selectors.cases_visible_to(user=user)) == [personas.pat_case]


def test_staff_of_another_site_get_not_found_and_the_attempt_is_logged(
    personas: Personas,
) -> None:
    with pytest.raises(NotFound):
        selectors.case_get_for(user=personas.nate, case_id=personas.pat_case.pk)

    denied = AuditEvent.objects.get(action=AuditAction.DENIED)
    assert (denied.actor, denied.case_reference) == (personas.nate, personas.pat_case.reference)


def test_program_admin_sees_every_site(personas: Personas) -> None:
    visible = set(selectors.cases_visible_to(user=personas.ada))

    assert visible == {personas.pat_case, personas.quinn_case}


def test_a_staff_read_is_audited_with_the_reason_for_access(personas: Personas) -> None:
    put_on_case(personas.pat_case, personas.paul)
    selectors.case_get_for(user=personas.nina, case_id=personas.pat_case.pk)
    selectors.case_get_for(user=personas.paul, case_id=personas.pat_case.reference)
    selectors.case_get_for(user=personas.carmen, case_id=personas.pat_case.pk)

    reads = AuditEvent.objects.filter(action=AuditAction.VIEW).order_by("id")
    assert [(r.actor, r.purpose) for r in reads] == [
        (personas.nina, "owning navigator"),
        (personas.paul, "specialist reviewer"),
        (personas.carmen, "tumor board chair at the case's site"),
    ]
    assert {r.case_reference for r in reads} == {personas.pat_case.reference}


def test_case_list_filters_by_status_search_mine_and_open(personas: Personas) -> None:
    ruth = CaseFactory(
        site=personas.pasadena,
        navigator=personas.nina,
        status=S.CLOSED,
        patient=PatientFactory(first_name="Ruth", last_name="Okafor-Synthetic"),
    )
    unowned = CaseFactory(site=personas.pasadena, status=S.REQUESTED)
    nina = personas.nina

    def refs(**filters: object) -> set[str]:
        cases = selectors.case_list_for(user=nina, filters=CaseFilter(**filters))
        return {case.reference for case in cases}

    assert refs() == {personas.pat_case.reference, ruth.reference, unowned.reference}
    assert refs(status=S.REQUESTED) == {unowned.reference}
    assert refs(query="okafor") == {ruth.reference}
    assert refs(query=personas.pat_case.reference.lower()) == {personas.pat_case.reference}
    assert refs(mine=True) == {personas.pat_case.reference, ruth.reference}
    assert refs(open_only=True) == {personas.pat_case.reference, unowned.reference}
    assert refs(site_id=personas.chicago.pk) == set()


def test_worklist_holds_my_open_cases_and_unowned_requests_at_my_sites(
    personas: Personas, nora: User
) -> None:
    unowned_here = CaseFactory(site=personas.pasadena, status=S.REQUESTED)
    CaseFactory(site=personas.chicago, status=S.REQUESTED)  # another site's request
    CaseFactory(site=personas.pasadena, status=S.INTAKE, navigator=nora)  # a colleague's
    CaseFactory(site=personas.pasadena, status=S.CLOSED, navigator=personas.nina)  # ended

    worklist = set(selectors.navigator_worklist(user=personas.nina))

    assert worklist == {personas.pat_case, unowned_here}


def test_worklist_puts_the_most_urgent_deadline_first_and_no_deadline_last(
    personas: Personas,
) -> None:
    def case(hours: float | None) -> Case:
        due = in_hours(hours) if hours is not None else None
        return CaseFactory(
            site=personas.pasadena, navigator=personas.nina, status=S.INTAKE, sla_due_at=due
        )

    on_track, overdue, no_clock, at_risk = case(72), case(-5), case(None), case(3)

    worklist = list(selectors.navigator_worklist(user=personas.nina))

    # Pat's own case has no running clock either: both go to the bottom.
    assert worklist[:3] == [overdue, at_risk, on_track]
    assert set(worklist[3:]) == {no_clock, personas.pat_case}
    assert [c.risk for c in selectors.with_risk(worklist[:3])] == [
        "overdue",
        "at_risk",
        "on_track",
    ]


def test_worklist_cases_carry_their_open_tasks(personas: Personas) -> None:
    open_task = TaskFactory(case=personas.pat_case, assignee=personas.nina)
    TaskFactory(case=personas.pat_case, assignee=personas.nina, completed_at=timezone.now())

    [case] = selectors.navigator_worklist(user=personas.nina)

    assert case.open_tasks == [open_task]


def test_reviewer_worklist_holds_the_cases_i_review(personas: Personas) -> None:
    mine = CaseFactory(
        site=personas.pasadena,
        navigator=personas.nina,
        reviewer=personas.olivia,
        status=S.UNDER_REVIEW,
    )

    assert list(selectors.reviewer_worklist(user=personas.olivia)) == [mine]
    assert list(selectors.reviewer_worklist(user=personas.paul)) == []


def test_my_tasks_hide_cases_at_a_site_i_no_longer_work_at(personas: Personas) -> None:
    put_on_case(personas.pat_case, personas.paul)
    put_on_case(personas.quinn_case, personas.paul)
    here = TaskFactory(case=personas.pat_case, assignee=personas.paul)
    TaskFactory(case=personas.quinn_case, assignee=personas.paul)

    assert list(selectors.tasks_for(user=personas.paul)) == [here]


def test_patient_history_lists_every_opinion_the_user_may_see(personas: Personas) -> None:
    later_here = CaseFactory(
        patient=personas.pat_case.patient,
        site=personas.pasadena,
        navigator=personas.nina,
        status=S.INTAKE,
        previous_case=personas.pat_case,
        requested_at=in_hours(1),
    )
    at_chicago = CaseFactory(
        patient=personas.pat_case.patient,
        site=personas.chicago,
        navigator=personas.nate,
        status=S.INTAKE,
        requested_at=in_hours(2),
    )

    def history(user: User) -> list[Case]:
        return list(selectors.case_history_for_patient(user=user, case=personas.pat_case))

    assert history(personas.nina) == [personas.pat_case, later_here]
    assert history(personas.pat) == [personas.pat_case, later_here, at_chicago]
    assert history(personas.ada) == [personas.pat_case, later_here, at_chicago]

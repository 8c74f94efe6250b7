"""Changing a program's SLA clocks moves the stored deadlines of its open cases."""

from __future__ import annotations

from django.contrib.admin.sites import site as admin_site
from django.test import RequestFactory

from secondlook.accounts.models import Program
from secondlook.audit.models import AuditEvent
from secondlook.cases.choices import CaseStatus
from secondlook.cases.models import Case, TimelineEvent
from secondlook.cases.services import program_clocks_apply
from secondlook.cases.sla import clock_deadline
from secondlook.cases.tests.factories import CaseFactory, TaskFactory
from secondlook.core.testing import Personas


def _with_running_clock(personas: Personas) -> Case:
    """Pat's case, records pending: the records-complete clock runs, with its task."""
    case = personas.pat_case
    case.first_contact_at = case.first_contact_at or case.requested_at
    case.sla_clock = "records_complete"
    case.sla_due_at = clock_deadline(
        personas.program, case.urgency, "records_complete", case.first_contact_at
    )
    case.save()
    TaskFactory(case=case, assignee=personas.nina, due_at=case.sla_due_at)
    return case


def test_longer_records_clock_moves_open_deadlines_and_their_tasks_quietly(
    personas: Personas,
) -> None:
    case = _with_running_clock(personas)
    before = case.sla_due_at
    closed = CaseFactory(
        site=personas.pasadena, navigator=personas.nina, status=CaseStatus.CLOSED, sla_due_at=None
    )
    events = TimelineEvent.objects.count()

    personas.program.records_complete_days += 5
    personas.program.save()
    moved = program_clocks_apply(actor=personas.ada, program=personas.program)

    case.refresh_from_db()
    assert moved >= 1
    assert case.sla_due_at > before
    assert case.sla_due_at == clock_deadline(
        personas.program, case.urgency, "records_complete", case.first_contact_at
    )
    assert case.tasks.get().due_at == case.sla_due_at
    closed.refresh_from_db()
    assert closed.sla_due_at is None
    assert TimelineEvent.objects.count() == events  # no per-case timeline noise
    audit = AuditEvent.objects.filter(object_type="accounts.program").get()
    assert audit.actor == personas.ada and "recomputed" in audit.purpose


def test_unchanged_clocks_move_nothing(personas: Personas) -> None:
    _with_running_clock(personas)

    assert program_clocks_apply(actor=personas.ada, program=personas.program) == 0


def test_saving_clocks_in_the_admin_recomputes(personas: Personas) -> None:
    case = _with_running_clock(personas)
    before = case.sla_due_at
    model_admin = admin_site._registry[Program]
    request = RequestFactory().post("/admin/")
    personas.ada.is_superuser = True  # the admin's own permission checks are not tested here
    request.user = personas.ada
    program = Program.objects.get(pk=personas.program.pk)
    form_class = model_admin.get_form(request, program, change=True)
    data = {
        field: getattr(program, field)
        for field in form_class.base_fields
        if getattr(program, field, None) is not None
    }
    form = form_class(data={**data, "records_complete_days": 9}, instance=program)
    assert form.is_valid(), form.errors

    model_admin.save_model(request, form.save(commit=False), form, change=True)

    case.refresh_from_db()
    assert case.sla_due_at > before

"""Lifecycle services: every move, every guard, one owning navigator, hand-offs, tasks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError
from django.utils import timezone
from pytest_django.fixtures import Settings

from secondlook.accounts.models import User
from secondlook.audit.choices import AuditAction
from secondlook.audit.models import AuditEvent
from secondlook.cases import services
from secondlook.cases.choices import (
    CaseStatus,
    EventKind,
    IntakeChannel,
    PayerType,
    TaskKind,
    Urgency,
)
from secondlook.cases.models import Case, TimelineEvent
from secondlook.cases.services import CaseDetails, PatientDetails, ReferringDetails
from secondlook.cases.tests.factories import (
    CaseFactory,
    OpinionVersionFactory,
    PathologyReportFactory,
    TaskFactory,
)
from secondlook.core.errors import (
    NotFound,
    PermissionDenied,
    TransitionRefused,
    ValidationFailed,
)
from secondlook.core.testing import Personas, put_on_case

S = CaseStatus

COMPLETE_INTAKE = CaseDetails(
    cancer_type_code="READ",
    outside_diagnosis="Rectal adenocarcinoma, cT3N1M0 per outside MRI.",
    patient_questions="Do I need radiation before surgery?",
    payer_type=PayerType.COMMERCIAL,
    insurance_name="Synthetic Health Plan",
    insurance_member_id="SYN-0042",
)


@pytest.fixture(autouse=True)
def follow_up_by_hand(settings: Settings) -> None:
    """These tests make every named move one at a time, the manual follow-up step included,
    so delivery does not start follow-up by itself here (test_follow_up_on_delivery.py)."""
    settings.SECONDLOOK_FOLLOW_UP_AFTER_DELIVERY = False


def phone_case(personas: Personas, details: CaseDetails = COMPLETE_INTAKE) -> Case:
    return services.case_create_by_phone(
        actor=personas.nina,
        site=personas.pasadena,
        patient=PatientDetails("Rosa", "Synthetic", dt.date(1961, 5, 17), "555-010-3000"),
        details=details,
        referring=ReferringDetails(name="Dr. Outside Synthetic", practice="Valley Oncology"),
    )


def advance(personas: Personas, case: Case, to: str, reason: str = "") -> Case:
    """Make one move the way the people in the story would, preparing what it needs."""
    actor: User = personas.nina
    extra: dict[str, object] = {}
    if to == S.RECORDS_COMPLETE:
        PathologyReportFactory(case=case, uploaded_by=personas.nina)
    elif to == S.UNDER_REVIEW:
        extra["reviewer"] = personas.olivia
    elif to == S.VISIT_SCHEDULED:
        extra["visit_at"] = timezone.now() + dt.timedelta(days=3)
    elif to == S.OPINION_DRAFTED:
        actor = personas.olivia
        OpinionVersionFactory(case=case, author=personas.olivia)
    elif to == S.OPINION_DELIVERED:
        case.opinion_versions.update(
            signed_by=personas.olivia, signed_at=timezone.now(), content_sha256="0" * 64
        )
    return services.case_transition(actor=actor, case=case, to=to, reason=reason, **extra)


def walk(personas: Personas, path: list[str]) -> Case:
    case = phone_case(personas)
    for to in path:
        case = advance(personas, case, to)
    return case


FULL_PATH = [
    S.RECORDS_PENDING,
    S.RECORDS_COMPLETE,
    S.UNDER_REVIEW,
    S.VISIT_SCHEDULED,
    S.OPINION_DRAFTED,
    S.OPINION_DELIVERED,
    S.FOLLOW_UP,
    S.CLOSED,
]
MOVES = [
    *[(FULL_PATH[:i], to) for i, to in enumerate(FULL_PATH)],
    ([S.RECORDS_PENDING, S.RECORDS_COMPLETE, S.UNDER_REVIEW], S.OPINION_DRAFTED),
    (FULL_PATH[:6], S.CLOSED),
]


# Intake ---------------------------------------------------------------------------------


def test_phone_intake_makes_the_calling_navigator_the_one_owner(personas: Personas) -> None:
    case = phone_case(personas)

    assert case.status == S.INTAKE
    assert case.channel == IntakeChannel.PHONE
    assert case.navigator == personas.nina
    assert case.first_contact_at is not None
    assert case.reference == f"SL-{case.requested_at:%Y}-{case.pk:06d}"
    assert case.cancer_type_name == "Rectal Adenocarcinoma"
    assert case.referring_physician.practice == "Valley Oncology"
    event = case.events.get()
    assert (event.kind, event.actor, event.to_status) == (
        EventKind.CREATED,
        personas.nina,
        S.INTAKE,
    )
    task = case.tasks.get()
    assert (task.kind, task.assignee) == (TaskKind.COLLECT_RECORDS, personas.nina)
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, case_reference=case.reference, actor=personas.nina
    ).exists()


def test_navigator_cannot_open_a_case_at_a_site_they_do_not_work_at(
    personas: Personas,
) -> None:
    with pytest.raises(PermissionDenied):
        services.case_create_by_phone(
            actor=personas.nate,
            site=personas.pasadena,
            patient=PatientDetails("Rosa", "Synthetic", dt.date(1961, 5, 17), "555-010-3000"),
            details=CaseDetails(),
        )


def test_unknown_cancer_code_is_refused_with_a_message(personas: Personas) -> None:
    with pytest.raises(ValidationFailed, match="'XYZ' is not an OncoTree code"):
        phone_case(personas, CaseDetails(cancer_type_code="XYZ"))


def test_invalid_patient_detail_is_a_message_naming_the_field_not_a_crash(
    personas: Personas,
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.case_create_by_phone(
            actor=personas.nina,
            site=personas.pasadena,
            patient=PatientDetails(
                "Rosa", "Synthetic", dt.date(1961, 5, 17), "555-010-3000", email="not-an-email"
            ),
            details=CaseDetails(),
        )

    assert "email" in refused.value.message
    assert "email" in refused.value.extra["errors"]
    assert not Case.objects.filter(patient__first_name="Rosa").exists()


def test_follow_on_opinion_is_a_new_case_for_the_same_patient_linked_to_the_first(
    personas: Personas,
) -> None:
    first = personas.pat_case

    second = services.case_create_by_phone(
        actor=personas.nina,
        site=personas.pasadena,
        patient=first.patient,
        details=CaseDetails(patient_questions="Has anything changed since my last opinion?"),
        previous_case=first,
    )

    assert second.pk != first.pk
    assert second.patient == first.patient
    assert second.previous_case == first
    assert list(first.later_cases.all()) == [second]


def test_follow_on_opinion_for_someone_else_is_refused(personas: Personas) -> None:
    with pytest.raises(ValidationFailed, match="same patient"):
        services.case_create_by_phone(
            actor=personas.nina,
            site=personas.pasadena,
            patient=personas.quinn_case.patient,
            details=CaseDetails(),
            previous_case=personas.pat_case,
        )


def test_web_request_waits_unowned_with_the_first_contact_clock(personas: Personas) -> None:
    case = services.case_request_from_web(
        site=personas.pasadena,
        patient=PatientDetails("Wendy", "Synthetic", dt.date(1970, 2, 3), "555-010-4000"),
        details=CaseDetails(),
    )

    assert (case.status, case.navigator) == (S.REQUESTED, None)
    assert case.sla_clock == "first_contact"
    assert case.tasks.get().kind == TaskKind.FIRST_CONTACT


def test_details_update_to_urgent_shortens_the_clock_and_moves_the_task_deadline(
    personas: Personas,
) -> None:
    case = phone_case(personas)
    routine_due = case.sla_due_at

    services.case_details_update(
        actor=personas.nina,
        case=case,
        details=CaseDetails(**{**COMPLETE_INTAKE.__dict__, "urgency": Urgency.URGENT}),
        reason="Outside team says she is symptomatic",
    )

    case.refresh_from_db()
    assert case.sla_due_at < routine_due
    assert case.tasks.get().due_at == case.sla_due_at
    assert case.events.filter(kind=EventKind.UPDATED).exists()


def test_only_the_owning_navigator_edits_intake_details(personas: Personas, nora: User) -> None:
    with pytest.raises(PermissionDenied):
        services.case_details_update(actor=nora, case=personas.pat_case, details=CaseDetails())


# Every move -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "to"), MOVES, ids=[f"{(p or ['intake'])[-1]}->{to}" for p, to in MOVES]
)
def test_each_move_changes_the_status_and_writes_a_timeline_event(
    personas: Personas, path: list[str], to: str
) -> None:
    case = walk(personas, path)
    before = case.status

    moved = advance(personas, case, to, reason="Step of the story")

    assert moved.status == to
    assert Case.objects.get(pk=case.pk).status == to
    event = TimelineEvent.objects.filter(case=case, kind=EventKind.TRANSITION).first()
    assert (event.from_status, event.to_status, event.reason) == (before, to, "Step of the story")
    assert event.actor is not None


def test_taking_a_web_request_makes_the_navigator_its_one_owner(personas: Personas) -> None:
    request = CaseFactory(site=personas.pasadena, status=S.REQUESTED)
    TaskFactory(case=request, kind=TaskKind.FIRST_CONTACT, assignee=None)

    taken = services.case_intake_start(actor=personas.nina, case=request)

    assert (taken.status, taken.navigator) == (S.INTAKE, personas.nina)
    assert taken.first_contact_at is not None
    assert not request.tasks.filter(kind=TaskKind.FIRST_CONTACT, completed_at=None).exists()
    assert request.tasks.get(kind=TaskKind.COLLECT_RECORDS).assignee == personas.nina


def test_a_request_already_taken_cannot_be_taken_again(personas: Personas, nora: User) -> None:
    request = CaseFactory(site=personas.pasadena, status=S.REQUESTED)
    services.case_intake_start(actor=personas.nina, case=request)

    with pytest.raises(TransitionRefused):
        services.case_intake_start(actor=nora, case=request)

    assert Case.objects.get(pk=request.pk).navigator == personas.nina


def test_a_case_past_the_request_cannot_exist_without_a_navigator(personas: Personas) -> None:
    with pytest.raises(IntegrityError):
        CaseFactory(site=personas.pasadena, status=S.INTAKE, navigator=None)


def test_delivery_closes_the_review_tasks(personas: Personas) -> None:
    case = walk(personas, FULL_PATH[:6])

    assert case.opinion_delivered_at is not None
    assert not case.tasks.filter(kind=TaskKind.REVIEW, completed_at=None).exists()


# Guards ---------------------------------------------------------------------------------


def test_records_cannot_be_complete_without_the_pathology_report(personas: Personas) -> None:
    case = walk(personas, [S.RECORDS_PENDING])

    with pytest.raises(TransitionRefused, match="pathology report"):
        services.case_transition(actor=personas.nina, case=case, to=S.RECORDS_COMPLETE)

    assert Case.objects.get(pk=case.pk).status == S.RECORDS_PENDING


def test_review_cannot_start_before_the_pathology_report_is_in(personas: Personas) -> None:
    case = CaseFactory(site=personas.pasadena, navigator=personas.nina, status=S.RECORDS_COMPLETE)

    with pytest.raises(TransitionRefused, match="pathology report"):
        services.case_transition(
            actor=personas.nina, case=case, to=S.UNDER_REVIEW, reviewer=personas.olivia
        )


def test_records_are_not_requested_until_intake_is_complete(personas: Personas) -> None:
    case = phone_case(personas, CaseDetails())

    with pytest.raises(TransitionRefused) as refused:
        services.case_transition(actor=personas.nina, case=case, to=S.RECORDS_PENDING)

    message = refused.value.message
    assert "cancer type" in message
    assert "the patient's questions" in message
    assert "insurance payer type" in message


def test_an_illegal_jump_is_refused_with_a_message_that_says_why(personas: Personas) -> None:
    case = phone_case(personas)

    with pytest.raises(TransitionRefused) as refused:
        services.case_transition(actor=personas.nina, case=case, to=S.OPINION_DELIVERED)

    assert refused.value.status_code == 409
    assert refused.value.message == (
        f"Case {case.reference} is 'Intake': it can move to 'Records pending' or 'Cancelled', "
        "not to 'Opinion delivered'."
    )
    assert not case.events.filter(kind=EventKind.TRANSITION).exists()


def test_an_ended_case_cannot_move_at_all(personas: Personas) -> None:
    case = walk(personas, FULL_PATH)

    with pytest.raises(TransitionRefused, match="nothing \\(the case has ended\\)"):
        services.case_transition(actor=personas.nina, case=case, to=S.FOLLOW_UP)


def test_review_needs_a_specialist_at_the_cases_site(personas: Personas) -> None:
    case = walk(personas, [S.RECORDS_PENDING, S.RECORDS_COMPLETE])

    with pytest.raises(ValidationFailed, match="Choose the reviewing specialist"):
        services.case_transition(actor=personas.nina, case=case, to=S.UNDER_REVIEW)
    with pytest.raises(ValidationFailed, match="specialist who works at the case's site"):
        services.case_transition(
            actor=personas.nina, case=case, to=S.UNDER_REVIEW, reviewer=personas.raj
        )


def test_a_visit_must_be_in_the_future(personas: Personas) -> None:
    case = walk(personas, FULL_PATH[:3])

    with pytest.raises(ValidationFailed, match="future"):
        services.case_transition(
            actor=personas.nina,
            case=case,
            to=S.VISIT_SCHEDULED,
            visit_at=timezone.now() - dt.timedelta(hours=1),
        )


def test_an_unsigned_opinion_cannot_be_delivered(personas: Personas) -> None:
    case = walk(personas, FULL_PATH[:5])

    with pytest.raises(TransitionRefused, match="must be signed"):
        services.case_transition(actor=personas.nina, case=case, to=S.OPINION_DELIVERED)


def test_cancelling_requires_a_reason(personas: Personas) -> None:
    with pytest.raises(ValidationFailed, match="Say why"):
        services.case_transition(
            actor=personas.nina, case=personas.pat_case, to=S.CANCELLED, reason="  "
        )


def test_cancelling_keeps_the_reason_and_closes_open_tasks(personas: Personas) -> None:
    case = phone_case(personas)

    services.case_transition(
        actor=personas.nina, case=case, to=S.CANCELLED, reason="Patient chose to stay local"
    )

    case.refresh_from_db()
    assert case.status == S.CANCELLED
    assert case.cancel_reason == "Patient chose to stay local"
    assert case.closed_at is not None
    assert not case.tasks.filter(completed_at=None).exists()


def test_another_navigator_at_the_site_cannot_move_the_case(personas: Personas, nora: User) -> None:
    with pytest.raises(PermissionDenied, match="hand-off"):
        services.case_transition(actor=nora, case=personas.pat_case, to=S.RECORDS_COMPLETE)


def test_staff_of_another_site_are_told_the_case_does_not_exist(personas: Personas) -> None:
    with pytest.raises(NotFound):
        services.case_transition(actor=personas.nate, case=personas.pat_case, to=S.CANCELLED)


def test_a_program_admin_can_cover_for_the_navigator(personas: Personas) -> None:
    case = phone_case(personas)

    moved = services.case_transition(actor=personas.ada, case=case, to=S.RECORDS_PENDING)

    assert moved.status == S.RECORDS_PENDING
    assert moved.navigator == personas.nina


# Hand-off -------------------------------------------------------------------------------


def test_handoff_moves_ownership_and_open_tasks_and_says_why_on_the_timeline(
    personas: Personas, nora: User
) -> None:
    case = phone_case(personas)

    services.case_handoff(
        actor=personas.nina, case=case, to_navigator=nora, reason="Nina is on leave next week"
    )

    case.refresh_from_db()
    assert case.navigator == nora
    assert case.tasks.get().assignee == nora
    event = case.events.get(kind=EventKind.HANDOFF)
    assert event.reason == "Nina is on leave next week"
    assert event.actor == personas.nina
    assert "Nina Synthetic" in event.summary and "Nora Synthetic" in event.summary


def test_handoff_requires_a_reason(personas: Personas, nora: User) -> None:
    with pytest.raises(ValidationFailed, match="reason"):
        services.case_handoff(
            actor=personas.nina, case=personas.pat_case, to_navigator=nora, reason=""
        )

    assert Case.objects.get(pk=personas.pat_case.pk).navigator == personas.nina


def test_handoff_only_to_a_navigator_at_the_cases_site(personas: Personas) -> None:
    for not_eligible in (personas.nate, personas.olivia):
        with pytest.raises(ValidationFailed, match="navigator at the case's site"):
            services.case_handoff(
                actor=personas.nina,
                case=personas.pat_case,
                to_navigator=not_eligible,
                reason="Coverage",
            )


def test_only_the_owner_or_an_admin_hands_a_case_off(personas: Personas, nora: User) -> None:
    with pytest.raises(PermissionDenied):
        services.case_handoff(
            actor=nora, case=personas.pat_case, to_navigator=nora, reason="I'll take it"
        )


def test_an_unowned_request_is_taken_not_handed_off(personas: Personas, nora: User) -> None:
    request = CaseFactory(site=personas.pasadena, status=S.REQUESTED)

    with pytest.raises(TransitionRefused, match="take it from the worklist"):
        services.case_handoff(actor=personas.ada, case=request, to_navigator=nora, reason="x")


# Tasks ----------------------------------------------------------------------------------


def test_completing_a_task_records_who_and_when_in_the_audit_log(personas: Personas) -> None:
    task = TaskFactory(case=personas.pat_case, assignee=personas.nina)

    done = services.task_complete(actor=personas.nina, task_id=task.pk)

    assert done.completed_by == personas.nina and done.completed_at is not None
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, case_reference=personas.pat_case.reference
    ).exists()


def test_someone_elses_task_cannot_be_ticked_off(personas: Personas) -> None:
    put_on_case(personas.pat_case, personas.paul)
    task = TaskFactory(case=personas.pat_case, assignee=personas.nina)

    with pytest.raises(PermissionDenied):
        services.task_complete(actor=personas.paul, task_id=task.pk)


def test_a_patient_cannot_tick_off_staff_tasks_on_their_own_case(personas: Personas) -> None:
    task = TaskFactory(case=personas.pat_case, assignee=None)

    with pytest.raises(NotFound):
        services.task_complete(actor=personas.pat, task_id=task.pk)

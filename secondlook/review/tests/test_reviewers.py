"""Disease teams propose reviewers; the navigator confirms; only people on the review
see its forms; findings are structured and pathology grades concordance."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from secondlook.accounts.choices import Specialty
from secondlook.cases.choices import CaseStatus, TaskKind
from secondlook.cases.models import Case, Task
from secondlook.cases.tests.factories import CaseFactory
from secondlook.core.business_days import add_business_days, business_days_between, is_business_day
from secondlook.core.errors import NotFound, PermissionDenied, ValidationFailed
from secondlook.core.testing import Personas
from secondlook.review import proposals, team_services
from secondlook.review.choices import ReviewerStatus
from secondlook.review.models import BoardPreparation, CaseReviewer
from secondlook.review.tests.factories import clinician, gi_team

pytestmark = pytest.mark.django_db


def _login(client: Client, user: object) -> Client:
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_cancer_type_picks_the_disease_team_by_oncotree_tissue() -> None:
    assert proposals.team_kind_for("UEC") == "gyn"
    assert proposals.team_kind_for("LUAD") == "thoracic"
    assert proposals.team_kind_for("COAD") == "gi"
    assert proposals.team_kind_for("DLBCLNOS") == "heme"
    assert proposals.team_kind_for("CUP") == "general"


def test_radiation_question_proposes_a_radiation_oncologist_with_the_reason() -> None:
    found = proposals.propose(
        proposals.ProposalInput(
            cancer_type_code="UEC",
            patient_text="Is radiation the best option for me after my hysterectomy?",
            members=(
                proposals.Member(1, "gynecologic_oncology"),
                proposals.Member(2, "radiation_oncology"),
                proposals.Member(3, "pathology"),
                proposals.Member(4, "surgical_oncology"),
            ),
            already_on_case=frozenset({1}),
        )
    )
    assert [(p.user_id, p.specialty) for p in found] == [
        (2, "radiation_oncology"),
        (3, "pathology"),
    ]
    assert "radiation" in found[0].reason


def test_least_loaded_member_of_a_specialty_is_proposed() -> None:
    found = proposals.propose(
        proposals.ProposalInput(
            cancer_type_code="COAD",
            patient_text="Should I have surgery?",
            members=(
                proposals.Member(7, "surgical_oncology", open_reviews=4),
                proposals.Member(8, "surgical_oncology", open_reviews=1),
            ),
        )
    )
    assert [p.user_id for p in found] == [8]


def _propose_and_confirm(personas: Personas, case: Case) -> list[CaseReviewer]:
    proposed = team_services.reviewers_propose(actor=personas.nina, case=case)
    return team_services.reviewers_confirm(
        actor=personas.nina, case=case, confirm=[row.pk for row in proposed]
    )


def test_navigator_confirms_proposed_reviewers_and_each_gets_a_task_inside_the_sla(
    personas: Personas, case: Case
) -> None:
    radonc = clinician("rose", personas.pasadena, Specialty.RADIATION_ONCOLOGY)
    gi_team(personas, radonc)
    case.patient_questions = "Do I need radiation before surgery?"
    case.save()

    proposed = team_services.reviewers_propose(actor=personas.nina, case=case)
    # Olivia is the attending already; radiation asked about; pathology always re-reviews.
    assert {row.reviewer for row in proposed} == {radonc, personas.paul}
    confirmed = team_services.reviewers_confirm(
        actor=personas.nina, case=case, confirm=[row.pk for row in proposed]
    )

    assert len(confirmed) == 2
    for row in confirmed:
        task = Task.objects.get(pk=row.task_id)
        assert task.assignee == row.reviewer
        assert task.kind == TaskKind.REVIEW
        assert task.due_at is not None and task.due_at <= case.sla_due_at
    assert BoardPreparation.objects.filter(case=case, ready_at__isnull=True).exists()


def test_only_the_cases_navigator_proposes_reviewers(personas: Personas, case: Case) -> None:
    gi_team(personas, clinician("rose", personas.pasadena, Specialty.RADIATION_ONCOLOGY))
    with pytest.raises(PermissionDenied, match="navigator"):
        team_services.reviewers_propose(actor=personas.olivia, case=case)


def test_reviewer_not_on_the_case_cannot_see_its_review_forms(
    personas: Personas, case: Case, client: Client
) -> None:
    radonc = clinician("rose", personas.pasadena, Specialty.RADIATION_ONCOLOGY)
    gi_team(personas, radonc)
    colleague = clinician("stan", personas.pasadena, Specialty.SURGICAL_ONCOLOGY)
    url = f"/staff/cases/{case.pk}/review/findings/"

    assert _login(client, colleague).get(url).status_code == 404
    assert _login(client, personas.rita).get(url).status_code == 404
    assert _login(client, personas.paul).get(url).status_code == 404  # proposed, not confirmed

    _propose_and_confirm(personas, case)
    assert _login(client, personas.paul).get(url).status_code == 200
    assert _login(client, personas.olivia).get(url).status_code == 200  # the attending
    # Issue 7: a reviewer not on the case cannot see it at all, nor find it in a list.
    assert _login(client, colleague).get(f"/staff/cases/{case.pk}/").status_code == 404
    assert case.reference not in _login(client, colleague).get("/staff/cases/").content.decode()
    assert _login(client, personas.paul).get(f"/staff/cases/{case.pk}/").status_code == 200
    with pytest.raises(NotFound):
        team_services.finding_save(
            actor=colleague, case=case, diagnosis_agreement="agree", plan_agreement="agree"
        )


def test_pathologist_must_grade_concordance_before_submitting(
    personas: Personas, case: Case
) -> None:
    gi_team(personas, clinician("rose", personas.pasadena, Specialty.RADIATION_ONCOLOGY))
    _propose_and_confirm(personas, case)
    with pytest.raises(ValidationFailed, match="concordance"):
        team_services.finding_save(
            actor=personas.paul,
            case=case,
            diagnosis_agreement="agree",
            plan_agreement="agree",
            submit=True,
        )
    with pytest.raises(ValidationFailed, match="differs"):
        team_services.finding_save(
            actor=personas.paul,
            case=case,
            diagnosis_agreement="partly",
            plan_agreement="agree",
            concordance="minor",
            submit=True,
        )
    finding = team_services.finding_save(
        actor=personas.paul,
        case=case,
        diagnosis_agreement="partly",
        plan_agreement="agree",
        concordance="minor",
        concordance_reason="Grade 2, not grade 3; management unchanged.",
        submit=True,
    )
    assert finding.submitted_at is not None
    task = CaseReviewer.objects.get(case=case, reviewer=personas.paul).task
    assert task is not None and task.completed_at is not None


def test_case_is_ready_for_board_only_when_every_confirmed_reviewer_submitted(
    personas: Personas, case: Case
) -> None:
    gi_team(personas, clinician("rose", personas.pasadena, Specialty.RADIATION_ONCOLOGY))
    _propose_and_confirm(personas, case)
    with pytest.raises(ValidationFailed, match="Paul"):
        team_services.board_ready_mark(actor=personas.nina, case=case)
    team_services.finding_save(
        actor=personas.paul,
        case=case,
        diagnosis_agreement="agree",
        plan_agreement="agree",
        concordance="none",
        submit=True,
    )
    preparation = team_services.board_ready_mark(actor=personas.nina, case=case)
    assert preparation.ready_at is not None and preparation.minutes is not None


def test_findings_form_posts_and_shows_on_the_case_page(
    personas: Personas, case: Case, client: Client
) -> None:
    _login(client, personas.olivia)
    response = client.post(
        f"/staff/cases/{case.pk}/review/findings/",
        {
            "diagnosis_agreement": "agree",
            "plan_agreement": "disagree",
            "would_change": "Chemotherapy before surgery",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/staff/cases/{case.pk}/")
    assert b"Chemotherapy before surgery" in page.content
    assert CaseReviewer.objects.filter(status=ReviewerStatus.CONFIRMED).count() == 0


def test_a_reviewer_whose_findings_are_in_counts_as_free_for_the_next_case(
    personas: Personas, case: Case
) -> None:
    rose = clinician("rose", personas.pasadena, Specialty.RADIATION_ONCOLOGY)
    rex = clinician("rex", personas.pasadena, Specialty.RADIATION_ONCOLOGY)
    team = gi_team(personas, rose)
    team.members.create(user=rex, specialty=Specialty.RADIATION_ONCOLOGY)
    # Rose has handed in findings on two open cases; Rex still owes one.
    for reviewer, done in ((rose, True), (rose, True), (rex, False)):
        earlier = CaseFactory(
            patient=personas.pat_case.patient,
            site=personas.pasadena,
            navigator=personas.nina,
            status=CaseStatus.UNDER_REVIEW,
        )
        task = Task.objects.create(
            case=earlier,
            kind=TaskKind.REVIEW,
            title="Review",
            assignee=reviewer,
            completed_at=timezone.now() if done else None,
        )
        CaseReviewer.objects.create(
            case=earlier,
            reviewer=reviewer,
            specialty=Specialty.RADIATION_ONCOLOGY,
            reason="earlier case",
            status=ReviewerStatus.CONFIRMED,
            task=task,
        )
    case.patient_questions = "Would radiation help?"
    case.save()

    proposed = team_services.reviewers_propose(actor=personas.nina, case=case)

    radiation = [row.reviewer for row in proposed if row.specialty == "radiation_oncology"]
    assert radiation == [rose]


def test_review_tasks_fall_due_after_sixty_percent_of_the_business_days_left(
    personas: Personas, case: Case
) -> None:
    now = timezone.localtime()
    calendar = {
        "country": personas.program.holiday_country,
        "subdivision": personas.program.holiday_subdivision or None,
    }
    case.sla_due_at = add_business_days(now, 10, **calendar)
    due = timezone.localtime(team_services.review_task_due(case))
    assert is_business_day(due.date(), **calendar)
    assert business_days_between(now.date(), due.date(), **calendar) == 6

    case.sla_due_at = now + dt.timedelta(hours=3)
    soon = team_services.review_task_due(case)
    assert now < soon < case.sla_due_at


def test_starting_the_review_proposes_the_teams_reviewers_for_the_navigator_to_confirm(
    personas: Personas,
) -> None:
    from secondlook.cases import services as case_services
    from secondlook.cases.tests.factories import PathologyReportFactory

    radonc = clinician("rose", personas.pasadena, Specialty.RADIATION_ONCOLOGY)
    gi_team(personas, radonc)
    case = CaseFactory(
        site=personas.pasadena,
        navigator=personas.nina,
        status=CaseStatus.RECORDS_COMPLETE,
        patient_questions="Do I need radiation before surgery?",
    )
    PathologyReportFactory(case=case)

    case_services.case_review_start(actor=personas.nina, case=case, reviewer=personas.olivia)

    proposed = CaseReviewer.objects.filter(case=case, status=ReviewerStatus.PROPOSED)
    assert {row.reviewer for row in proposed} == {radonc, personas.paul}
    assert not Task.objects.filter(case=case, assignee=radonc).exists()  # not until confirmed


def test_starting_the_review_without_a_team_proposes_nobody_and_still_starts(
    personas: Personas,
) -> None:
    from secondlook.cases import services as case_services
    from secondlook.cases.tests.factories import PathologyReportFactory

    case = CaseFactory(
        site=personas.pasadena, navigator=personas.nina, status=CaseStatus.RECORDS_COMPLETE
    )
    PathologyReportFactory(case=case)

    case_services.case_review_start(actor=personas.nina, case=case, reviewer=personas.olivia)

    case.refresh_from_db()
    assert case.status == CaseStatus.UNDER_REVIEW
    assert not CaseReviewer.objects.filter(case=case).exists()

"""Tumor board: agenda by urgency, the chair reorders, records consensus and dissent,
exports the summary; preparation time is measured for analytics."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from secondlook.accounts.choices import Specialty
from secondlook.cases.choices import CaseStatus, Urgency
from secondlook.cases.models import Case
from secondlook.cases.tests.factories import CaseFactory
from secondlook.core.errors import Conflict, PermissionDenied, ValidationFailed
from secondlook.core.testing import Personas
from secondlook.review import board_services
from secondlook.review.models import BoardAgendaItem, BoardPreparation, DiseaseTeam
from secondlook.review.team_selectors import board_preparation_minutes
from secondlook.review.tests.factories import clinician, gi_team, session_for

pytestmark = pytest.mark.django_db


def _ready_case(personas: Personas, team: DiseaseTeam, *, urgent: bool, due_days: int) -> Case:
    case = CaseFactory(
        site=personas.pasadena,
        navigator=personas.nina,
        reviewer=personas.olivia,
        status=CaseStatus.UNDER_REVIEW,
        urgency=Urgency.URGENT if urgent else Urgency.ROUTINE,
        sla_due_at=timezone.now() + dt.timedelta(days=due_days),
    )
    now = timezone.now()
    BoardPreparation.objects.create(
        case=case, team=team, opened_at=now - dt.timedelta(minutes=90), ready_at=now
    )
    return case


@pytest.fixture
def team(personas: Personas) -> DiseaseTeam:
    return gi_team(personas, clinician("rose", personas.pasadena, Specialty.RADIATION_ONCOLOGY))


def test_agenda_puts_urgent_cases_first_then_the_nearest_deadline(
    personas: Personas, team: DiseaseTeam
) -> None:
    later = _ready_case(personas, team, urgent=False, due_days=9)
    sooner = _ready_case(personas, team, urgent=False, due_days=2)
    urgent = _ready_case(personas, team, urgent=True, due_days=5)
    not_ready = CaseFactory(
        site=personas.pasadena, navigator=personas.nina, status=CaseStatus.UNDER_REVIEW
    )
    session = session_for(team, personas.carmen)

    items = board_services.board_agenda_build(actor=personas.carmen, session=session)

    assert [item.case for item in items] == [urgent, sooner, later]
    assert not_ready not in [item.case for item in items]
    # Building again adds nothing twice.
    assert board_services.board_agenda_build(actor=personas.carmen, session=session) == []


def test_chair_reorders_the_agenda_with_htmx(
    personas: Personas, team: DiseaseTeam, client: Client
) -> None:
    first = _ready_case(personas, team, urgent=True, due_days=1)
    second = _ready_case(personas, team, urgent=False, due_days=3)
    session = session_for(team, personas.carmen)
    items = board_services.board_agenda_build(actor=personas.carmen, session=session)
    client.force_login(personas.carmen)

    response = client.post(f"/staff/board/items/{items[1].pk}/move/up/", HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(second.reference) < html.index(first.reference)
    order = list(session.items.order_by("position").values_list("case_id", flat=True))
    assert order == [second.pk, first.pk]


def test_only_the_chair_reorders(personas: Personas, team: DiseaseTeam) -> None:
    _ready_case(personas, team, urgent=False, due_days=1)
    _ready_case(personas, team, urgent=False, due_days=2)
    session = session_for(team, personas.carmen)
    items = board_services.board_agenda_build(actor=personas.carmen, session=session)
    with pytest.raises(PermissionDenied):
        board_services.board_item_move(actor=personas.olivia, item=items[1], direction="up")


def test_chair_records_attendance_consensus_and_a_named_dissent(
    personas: Personas, team: DiseaseTeam, client: Client
) -> None:
    case = _ready_case(personas, team, urgent=False, due_days=3)
    session = session_for(team, personas.carmen)
    (item,) = board_services.board_agenda_build(actor=personas.carmen, session=session)
    with pytest.raises(Conflict, match="Start the session"):
        board_services.board_consensus_record(actor=personas.carmen, item=item, consensus="x")
    board_services.board_session_start(actor=personas.carmen, session=session)
    board_services.board_attendance_record(
        actor=personas.carmen, session=session, attendees=[personas.carmen, personas.olivia]
    )
    board_services.board_consensus_record(
        actor=personas.carmen,
        item=item,
        consensus="Surgery first, then adjuvant chemotherapy.",
        follow_up_actions="Navigator books surgical consult this week.",
    )
    with pytest.raises(ValidationFailed, match="not recorded as attending"):
        board_services.board_dissent_record(
            actor=personas.carmen, item=item, member=personas.paul, reason="Prefers imaging first."
        )
    board_services.board_dissent_record(
        actor=personas.carmen,
        item=item,
        member=personas.olivia,
        reason="Would give chemotherapy first given nodal burden.",
    )

    client.force_login(personas.olivia)
    csv_text = client.get(f"/staff/board/{session.pk}/summary.csv").content.decode()
    assert case.reference in csv_text
    assert "Surgery first, then adjuvant chemotherapy." in csv_text
    assert "Olivia Synthetic: Would give chemotherapy first" in csv_text
    assert case.events.filter(summary="Tumor board consensus recorded").exists()
    item.refresh_from_db()
    assert item.discussed_at is not None


def test_board_summary_escapes_spreadsheet_formulas(personas: Personas, team: DiseaseTeam) -> None:
    _ready_case(personas, team, urgent=False, due_days=3)
    session = session_for(team, personas.carmen)
    (item,) = board_services.board_agenda_build(actor=personas.carmen, session=session)
    board_services.board_session_start(actor=personas.carmen, session=session)
    board_services.board_consensus_record(
        actor=personas.carmen, item=item, consensus="=HYPERLINK(1)"
    )
    from secondlook.review.board_selectors import board_summary_csv

    assert "'=HYPERLINK(1)" in board_summary_csv(user=personas.carmen, session=session)


def test_staff_of_another_site_cannot_open_the_session(
    personas: Personas, team: DiseaseTeam, client: Client
) -> None:
    session = session_for(team, personas.carmen)
    client.force_login(personas.nate)
    assert client.get(f"/staff/board/{session.pk}/").status_code == 404


def test_presentation_shows_findings_voice_and_is_audited(
    personas: Personas, team: DiseaseTeam, client: Client
) -> None:
    from secondlook.audit.models import AuditEvent
    from secondlook.review.voice_services import patient_voice_save

    case = _ready_case(personas, team, urgent=False, due_days=3)
    patient_voice_save(actor=personas.nina, case=case, what_matters="Being home for my daughter.")
    session = session_for(team, personas.carmen)
    (item,) = board_services.board_agenda_build(actor=personas.carmen, session=session)
    board_services.board_session_start(actor=personas.carmen, session=session)
    board_services.board_attendance_record(
        actor=personas.carmen, session=session, attendees=[personas.carmen, personas.olivia]
    )
    client.force_login(personas.carmen)

    page = client.get(f"/staff/board/items/{item.pk}/")

    assert page.status_code == 200
    assert b"Being home for my daughter." in page.content
    assert b"Record dissent" in page.content
    assert AuditEvent.objects.filter(
        actor=personas.carmen, case_reference=case.reference, purpose__startswith="tumor board"
    ).exists()


def test_board_preparation_minutes_for_analytics(personas: Personas, team: DiseaseTeam) -> None:
    _ready_case(personas, team, urgent=False, due_days=3)
    _ready_case(personas, team, urgent=False, due_days=4)
    now = timezone.now()
    figures = board_preparation_minutes(
        site=personas.pasadena, period=(now - dt.timedelta(days=1), now + dt.timedelta(minutes=1))
    )
    assert figures.cases == 2
    assert figures.median_minutes == pytest.approx(90, abs=1)
    assert (
        board_preparation_minutes(
            site=personas.chicago,
            period=(now - dt.timedelta(days=1), now + dt.timedelta(minutes=1)),
        ).cases
        == 0
    )
    assert BoardAgendaItem.objects.count() == 0

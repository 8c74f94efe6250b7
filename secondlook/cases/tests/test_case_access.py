"""Who sees a case, by site and role (cases.permissions): the finer rules, and that the
one-case check and the list query always agree."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from secondlook.accounts.choices import Role, Specialty
from secondlook.accounts.models import User
from secondlook.accounts.selectors import site_ids_for
from secondlook.accounts.tests.factories import UserFactory
from secondlook.cases.models import Case
from secondlook.cases.permissions import access_purpose, can_view_case
from secondlook.cases.selectors import cases_visible_to
from secondlook.cases.tests.factories import CaseFactory
from secondlook.core.testing import Personas
from secondlook.review.choices import DiseaseTeamKind, ReviewerStatus
from secondlook.review.models import (
    BoardAgendaItem,
    BoardSession,
    CaseReviewer,
    DiseaseTeam,
    DiseaseTeamMember,
)
from secondlook.supportive.models import DistressScreen, Referral


def _sees(user: User, case: Case) -> bool:
    """Both halves of the rule, which must agree."""
    one = can_view_case(user, case)
    listed = cases_visible_to(user=user).filter(pk=case.pk).exists()
    assert one is listed, f"{user.username}: page says {one}, list says {listed}"
    return one


def _review(case: Case, user: User, status: str) -> CaseReviewer:
    return CaseReviewer.objects.create(
        case=case, reviewer=user, specialty=user.specialty, reason="Re-review.", status=status
    )


def _on_agenda(case: Case, team: DiseaseTeam, chair: User) -> BoardAgendaItem:
    session = BoardSession.objects.create(
        team=team, starts_at=timezone.now() + dt.timedelta(days=1), chair=chair
    )
    return BoardAgendaItem.objects.create(session=session, case=case, position=1)


def test_clinicians_at_the_site_who_are_not_on_the_case_do_not_see_it(
    personas: Personas,
) -> None:
    for who in (personas.olivia, personas.paul, personas.rita, personas.sam):
        assert not _sees(who, personas.pat_case), who.username


def test_navigators_and_chairs_see_every_case_of_their_sites_only(personas: Personas) -> None:
    assert _sees(personas.nina, personas.pat_case)
    assert _sees(personas.carmen, personas.pat_case)
    assert access_purpose(personas.carmen, personas.pat_case) == (
        "tumor board chair at the case's site"
    )
    assert not _sees(personas.carmen, personas.quinn_case)
    assert not _sees(personas.nina, personas.quinn_case)
    assert _sees(personas.ada, personas.quinn_case)


@pytest.mark.parametrize(
    ("status", "sees"),
    [(ReviewerStatus.PROPOSED, True), (ReviewerStatus.CONFIRMED, True), ("declined", False)],
)
def test_a_specialist_reviewer_sees_the_case_unless_declined(
    personas: Personas, status: str, sees: bool
) -> None:
    _review(personas.pat_case, personas.paul, status)

    assert _sees(personas.paul, personas.pat_case) is sees
    if sees:
        assert access_purpose(personas.paul, personas.pat_case) == "specialist reviewer"


def test_the_attending_sees_the_case_at_their_site_only(personas: Personas) -> None:
    personas.pat_case.reviewer = personas.olivia
    personas.pat_case.save()
    elsewhere = CaseFactory(site=personas.chicago, reviewer=personas.olivia)

    assert _sees(personas.olivia, personas.pat_case)
    assert not _sees(personas.olivia, elsewhere)  # sites change; the site still decides


def test_board_members_see_the_cases_on_their_teams_agendas(personas: Personas) -> None:
    gi = DiseaseTeam.objects.create(site=personas.pasadena, kind=DiseaseTeamKind.GI, name="GI")
    breast = DiseaseTeam.objects.create(
        site=personas.pasadena, kind=DiseaseTeamKind.BREAST, name="Breast"
    )
    DiseaseTeamMember.objects.create(team=gi, user=personas.rita, specialty=Specialty.RADIOLOGY)
    DiseaseTeamMember.objects.create(team=breast, user=personas.paul, specialty=Specialty.PATHOLOGY)
    _on_agenda(personas.pat_case, gi, personas.carmen)

    assert _sees(personas.rita, personas.pat_case)
    assert access_purpose(personas.rita, personas.pat_case) == "tumor board"
    assert not _sees(personas.paul, personas.pat_case)  # another team's member


def test_a_specialist_chairing_the_session_sees_its_agenda(personas: Personas) -> None:
    gi = DiseaseTeam.objects.create(site=personas.pasadena, kind=DiseaseTeamKind.GI, name="GI")
    _on_agenda(personas.pat_case, gi, personas.olivia)

    assert _sees(personas.olivia, personas.pat_case)


def test_supportive_care_sees_the_cases_on_its_worklist(personas: Personas) -> None:
    case = personas.pat_case
    assert not _sees(personas.sam, case)

    screen = DistressScreen.objects.create(
        case=case, score=7, moment="intake", source="portal", completed_by=personas.pat, threshold=4
    )
    assert _sees(personas.sam, case)
    assert access_purpose(personas.sam, case) == "distress screen"

    Referral.objects.create(case=case, screen=screen, service="social_work", due_at=timezone.now())
    assert access_purpose(personas.sam, case) == "supportive-care referral"
    assert not _sees(personas.sam, personas.quinn_case)


def test_patients_see_only_their_own_case(personas: Personas) -> None:
    assert _sees(personas.pat, personas.pat_case)
    assert not _sees(personas.pat, personas.quinn_case)
    assert not _sees(personas.quinn, personas.pat_case)


def test_the_list_query_does_not_grow_with_the_cases(personas: Personas) -> None:
    """One query for the list, however many cases and reviews there are."""
    specialist = UserFactory(
        role=Role.SPECIALIST, specialty=Specialty.SURGICAL_ONCOLOGY, sites=[personas.pasadena]
    )
    for _ in range(12):
        _review(CaseFactory(site=personas.pasadena), specialist, ReviewerStatus.CONFIRMED)
    CaseFactory.create_batch(5, site=personas.pasadena)
    specialist.sites.all()  # the user's sites are read once and kept on the user

    with CaptureQueriesContext(connection) as queries:
        seen = list(cases_visible_to(user=specialist))

    assert len(seen) == 12
    assert len(queries) <= 2  # the user's sites, then the cases


def test_a_case_read_for_a_page_is_not_asked_about_again(personas: Personas) -> None:
    """The panels of a case page each check access; for a clinician the answer found when
    the page read the case is reused, not queried once per panel."""
    from secondlook.cases.selectors import case_get_for

    _review(personas.pat_case, personas.paul, ReviewerStatus.PROPOSED)
    case = case_get_for(user=personas.paul, case_id=personas.pat_case.pk)
    site_ids_for(personas.rita)  # her sites, read once and kept on the user

    with CaptureQueriesContext(connection) as queries:
        assert can_view_case(personas.paul, case)
        assert not can_view_case(personas.rita, case)

    assert len(queries) == 1  # Rita's, never Paul's again

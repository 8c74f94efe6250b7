"""Pinned query counts of the review list pages: they must not grow with the rows shown."""

from __future__ import annotations

import datetime as dt
from itertools import count

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from secondlook.accounts.choices import Role, Specialty
from secondlook.accounts.models import Site
from secondlook.accounts.tests.factories import UserFactory
from secondlook.core.testing import Personas
from secondlook.review.choices import DiseaseTeamKind
from secondlook.review.models import BoardSession, DiseaseTeam, DiseaseTeamMember

_serial = count()


def _team(site: Site, kind: str, members: int) -> DiseaseTeam:
    team = DiseaseTeam.objects.create(site=site, kind=kind, name=f"{kind} team")
    for _ in range(members):
        n = next(_serial)
        user = UserFactory(
            username=f"member{n}",
            role=Role.SPECIALIST,
            specialty=Specialty.MEDICAL_ONCOLOGY,
            sites=[site],
        )
        DiseaseTeamMember.objects.create(team=team, user=user, specialty=Specialty.MEDICAL_ONCOLOGY)
    return team


def test_teams_page_query_count_does_not_grow_with_teams_or_members(
    client: Client, personas: Personas, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    kinds = list(DiseaseTeamKind.values)
    client.force_login(personas.ada)  # the admin sees an add-member form on every team
    _team(personas.pasadena, kinds[0], 1)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("review:teams")).status_code == 200

    for kind in kinds[1:6]:
        _team(personas.pasadena, kind, 3)
        _team(personas.chicago, kind, 3)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("review:teams")).content.decode()
    assert page.count("Add member") == 11
    assert page.count(f'<option value="{personas.olivia.pk}">') == 6  # Pasadena's teams


def test_board_sessions_page_query_count_does_not_grow_with_sessions(
    client: Client, personas: Personas, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    team = _team(personas.pasadena, DiseaseTeamKind.GI, 2)
    client.force_login(personas.carmen)

    def add_sessions(how_many: int) -> None:
        for i in range(how_many):
            BoardSession.objects.create(
                team=team,
                starts_at=timezone.now() + dt.timedelta(days=i + 1),
                chair=personas.carmen,
                place=f"Room {i}",
            )

    add_sessions(1)
    with django_assert_max_num_queries(13):
        assert client.get(reverse("review:board_sessions")).status_code == 200
    add_sessions(30)
    with django_assert_max_num_queries(13):
        page = client.get(reverse("review:board_sessions")).content.decode()
    assert page.count("Room ") >= 31

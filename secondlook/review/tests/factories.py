"""Factories and small builders for the review tests (teams, reviewers, boards)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from secondlook.accounts.choices import Role, Specialty
from secondlook.accounts.models import Site, User
from secondlook.accounts.tests.factories import UserFactory
from secondlook.core.testing import Personas
from secondlook.review.choices import DiseaseTeamKind
from secondlook.review.models import BoardSession, DiseaseTeam, DiseaseTeamMember


class DiseaseTeamFactory(DjangoModelFactory[DiseaseTeam]):
    class Meta:
        model = DiseaseTeam

    kind = DiseaseTeamKind.GI
    name = factory.LazyAttribute(lambda team: f"{DiseaseTeamKind(team.kind).label} team")


def clinician(username: str, site: Site, specialty: str, role: str = Role.SPECIALIST) -> User:
    return UserFactory(
        username=username,
        first_name=username.capitalize(),
        last_name="Synthetic",
        role=role,
        specialty=specialty,
        sites=[site],
    )


def team_with(site: Site, kind: str, *members: User) -> DiseaseTeam:
    team = DiseaseTeamFactory(site=site, kind=kind)
    for member in members:
        DiseaseTeamMember.objects.create(team=team, user=member, specialty=member.specialty)
    return team


def gi_team(p: Personas, radiation_oncologist: User) -> DiseaseTeam:
    """Pasadena's GI team: Olivia (medical), a radiation oncologist, Paul (pathology),
    Rita (radiology) and Carmen (chair)."""
    team = team_with(p.pasadena, DiseaseTeamKind.GI, p.olivia, radiation_oncologist, p.paul, p.rita)
    DiseaseTeamMember.objects.create(
        team=team, user=p.carmen, specialty=Specialty.MEDICAL_ONCOLOGY, is_chair=True
    )
    return team


def session_for(team: DiseaseTeam, chair: User) -> BoardSession:
    return BoardSession.objects.create(
        team=team,
        starts_at=timezone.now() + dt.timedelta(days=1),
        chair=chair,
        place="Conference room B",
    )

"""The oncology API: a case's diagnoses and its mCODE bundle, scoped like the pages."""

from __future__ import annotations

from django.test import Client
from fhir.resources.R4B.bundle import Bundle

from secondlook.accounts.models import User
from secondlook.accounts.services import api_token_create
from secondlook.core.testing import Personas
from secondlook.oncology.tests import helpers


def _get(user: User, path: str) -> object:
    _, raw = api_token_create(user=user, name="tests")
    return Client().get(path, headers={"Authorization": f"Bearer {raw}"})


def test_api_gives_the_diagnoses_and_the_grade(personas: Personas) -> None:
    helpers.read_report(personas)
    helpers.confirm_all(personas)
    response = _get(personas.olivia, f"/api/oncology/cases/{personas.pat_case.pk}/diagnosis")
    body = response.json()
    assert response.status_code == 200
    assert body["review"]["stage_group"] == "IA"
    assert body["outside"]["biomarkers"][0]["name"] == "ER"
    assert body["concordance"]["grade"] == "none"


def test_api_mcode_bundle_validates(personas: Personas) -> None:
    helpers.read_report(personas)
    helpers.confirm_all(personas)
    response = _get(personas.nina, f"/api/oncology/cases/{personas.pat_case.pk}/mcode")
    assert response.status_code == 200
    Bundle.model_validate(response.json())


def test_api_says_when_nothing_is_confirmed_yet(personas: Personas) -> None:
    response = _get(personas.nina, f"/api/oncology/cases/{personas.pat_case.pk}/mcode")
    assert response.status_code == 404
    assert "no confirmed diagnosis" in response.json()["message"]


def test_api_hides_other_sites_cases(personas: Personas) -> None:
    response = _get(personas.nate, f"/api/oncology/cases/{personas.pat_case.pk}/diagnosis")
    assert response.status_code == 404

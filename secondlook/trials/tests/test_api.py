"""The trials API: registry for staff, a case's ranked trials and referrals, access and audit."""

from __future__ import annotations

import pytest
from django.test import Client

from secondlook.accounts.models import User
from secondlook.accounts.services import api_token_create
from secondlook.audit.models import AuditEvent
from secondlook.core.testing import Personas, put_on_case
from secondlook.trials.models import Trial, TrialReferral
from secondlook.trials.services import case_trials_match


def _headers(user: User) -> dict[str, str]:
    _, raw = api_token_create(user=user, name="test")
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def matched(personas: Personas, colon_trial: Trial) -> Trial:
    case_trials_match(case=personas.pat_case)
    return colon_trial


def test_registry_searches_by_condition_and_shows_criteria(
    client: Client, personas: Personas, colon_trial: Trial
) -> None:
    found = client.get("/api/trials/registry?q=colon", headers=_headers(personas.olivia))
    assert found.status_code == 200
    assert [t["nct_id"] for t in found.json()] == [colon_trial.nct_id]

    detail = client.get(
        f"/api/trials/registry/{colon_trial.nct_id}", headers=_headers(personas.olivia)
    ).json()
    assert [c["kind"] for c in detail["criteria"]] == ["inclusion", "exclusion"]
    assert detail["locations"][0]["facility"]
    missing = client.get("/api/trials/registry/NCT99999999", headers=_headers(personas.olivia))
    assert missing.status_code == 404


def test_case_matches_carry_verdict_distance_and_criterion_reasons_and_are_audited(
    client: Client, personas: Personas, matched: Trial
) -> None:
    case = personas.pat_case
    response = client.get(f"/api/trials/cases/{case.pk}/matches", headers=_headers(personas.nina))
    assert response.status_code == 200
    body = response.json()
    assert body["case"] == case.reference
    assert body["trials_considered"] == 2
    first = body["matches"][0]
    assert first["nct_id"] == matched.nct_id
    assert first["distance_km"] < 5
    assert [row["status"] for row in first["criteria"]] == ["met", "unknown"]
    assert first["referral_status"] is None
    assert AuditEvent.objects.filter(
        actor=personas.nina, case_reference=case.reference, purpose="clinical trials"
    ).exists()


def test_navigator_records_a_referral_and_declining_needs_a_reason(
    client: Client, personas: Personas, matched: Trial
) -> None:
    url = f"/api/trials/cases/{personas.pat_case.reference}/referrals"
    headers = _headers(personas.nina)
    refused = client.post(
        url, {"nct_id": matched.nct_id, "status": "declined"}, "application/json", headers=headers
    )
    assert refused.status_code == 400
    assert "Say why" in refused.json()["message"]

    made = client.post(
        url, {"nct_id": matched.nct_id, "status": "referred"}, "application/json", headers=headers
    )
    assert made.status_code == 201
    assert made.json()["status"] == "referred"
    listed = client.get(url, headers=headers).json()
    assert [(r["nct_id"], r["status"]) for r in listed] == [(matched.nct_id, "referred")]
    matches = client.get(
        f"/api/trials/cases/{personas.pat_case.pk}/matches", headers=headers
    ).json()
    assert matches["matches"][0]["referral_status"] == "referred"


def test_a_trial_not_listed_for_the_case_cannot_be_referred(
    client: Client, personas: Personas, matched: Trial
) -> None:
    other = Trial.objects.exclude(pk=matched.pk).get()
    other.matches.all().delete()
    response = client.post(
        f"/api/trials/cases/{personas.pat_case.pk}/referrals",
        {"nct_id": other.nct_id, "status": "referred"},
        "application/json",
        headers=_headers(personas.nina),
    )
    assert response.status_code == 404
    assert not TrialReferral.objects.exists()


def test_rerun_matches_again(client: Client, personas: Personas, colon_trial: Trial) -> None:
    response = client.post(
        f"/api/trials/cases/{personas.pat_case.pk}/matches", headers=_headers(personas.nina)
    )
    assert response.status_code == 200
    assert response.json()["matches"][0]["nct_id"] == colon_trial.nct_id


def test_other_site_staff_get_not_found_and_a_clinician_cannot_refer(
    client: Client, personas: Personas, matched: Trial
) -> None:
    case = personas.pat_case
    other_site = _headers(personas.nate)
    assert client.get(f"/api/trials/cases/{case.pk}/matches", headers=other_site).status_code == 404
    assert (
        client.post(
            f"/api/trials/cases/{case.pk}/referrals",
            {"nct_id": matched.nct_id, "status": "referred"},
            "application/json",
            headers=other_site,
        ).status_code
        == 404
    )
    put_on_case(case, personas.olivia)
    clinician = client.post(
        f"/api/trials/cases/{case.pk}/referrals",
        {"nct_id": matched.nct_id, "status": "referred"},
        "application/json",
        headers=_headers(personas.olivia),
    )
    assert clinician.status_code == 403
    assert not TrialReferral.objects.exists()

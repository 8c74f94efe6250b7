"""JSON API: the trial registry, a case's ranked trials with criterion reasons, and referrals.

The registry holds no patient data, so any staff member may read it. A case's matches and
referrals are the case's data: they are read through `case_get_for`, which checks access
and writes the audit entry. Patients do not get trial lists by API; the team discusses
trials with them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from secondlook.cases.models import Case
from secondlook.cases.selectors import case_get_for
from secondlook.core.errors import NotFound
from secondlook.trials import selectors, services
from secondlook.trials.models import Trial, TrialMatch, TrialReferral

router = Router(tags=["clinical trials"])

PURPOSE = "clinical trials"


class RegistryQuery(Schema):
    q: str = ""
    status: str = ""
    run_here: bool = False
    limit: int = 50
    offset: int = 0


class TrialOut(Schema):
    nct_id: str
    source: str
    brief_title: str
    overall_status: str
    phases: list[str]
    conditions: list[str]
    minimum_age: str
    maximum_age: str
    sex: str
    last_update: date | None


class CriterionOut(Schema):
    kind: str
    text: str
    checks: list[dict[str, Any]]


class TrialDetailOut(TrialOut):
    official_title: str
    summary: str
    interventions: list[Any]
    contact_name: str
    contact_phone: str
    contact_email: str
    locations: list[dict[str, Any]]
    criteria: list[CriterionOut]
    run_at_sites: list[str]


class MatchOut(Schema):
    rank: int
    nct_id: str
    brief_title: str
    overall_status: str
    score: float
    verdict: str
    distance_km: float | None
    nearest_site: dict[str, Any]
    criteria: list[dict[str, Any]]
    referral_status: str | None


class MatchesOut(Schema):
    case: str
    ran_at: datetime | None
    trials_considered: int
    matches: list[MatchOut]


class ReferralIn(Schema):
    nct_id: str
    status: str
    reason: str = ""


class ReferralOut(Schema):
    nct_id: str
    status: str
    reason: str
    updated_at: datetime
    updated_by: str | None


def _staff_case(request: HttpRequest, case_id: int | str) -> Case:
    if not request.user.is_clinic_staff:
        raise NotFound("Not found.")
    return case_get_for(user=request.user, case_id=case_id, purpose=PURPOSE)


def _trial_out(trial: Trial) -> dict[str, Any]:
    return {
        "nct_id": trial.nct_id,
        "source": trial.source,
        "brief_title": trial.brief_title,
        "overall_status": trial.overall_status,
        "phases": trial.phases,
        "conditions": trial.conditions,
        "minimum_age": trial.minimum_age,
        "maximum_age": trial.maximum_age,
        "sex": trial.sex,
        "last_update": trial.last_update,
    }


def _match_out(match: TrialMatch) -> dict[str, Any]:
    referral = getattr(match, "referral", None)
    return {
        "rank": match.rank,
        "nct_id": match.trial.nct_id,
        "brief_title": match.trial.brief_title,
        "overall_status": match.trial.overall_status,
        "score": match.score,
        "verdict": match.verdict,
        "distance_km": match.distance_km,
        "nearest_site": match.nearest_site,
        "criteria": match.criteria,
        "referral_status": referral.status if referral else None,
    }


def _referral_out(referral: TrialReferral) -> dict[str, Any]:
    return {
        "nct_id": referral.trial.nct_id,
        "status": referral.status,
        "reason": referral.reason,
        "updated_at": referral.updated_at,
        "updated_by": referral.updated_by.get_full_name() if referral.updated_by else None,
    }


@router.get("/registry", response=list[TrialOut])
def registry(request: HttpRequest, filters: Query[RegistryQuery]) -> list[dict[str, Any]]:
    """Browse the registry (no patient data): search, status, trials run at my sites."""
    trials = selectors.trial_list_for(
        user=request.user,
        filters=selectors.TrialFilter(
            query=filters.q, status=filters.status, run_here=filters.run_here
        ),
    )
    limit = max(1, min(filters.limit, 200))
    offset = max(0, filters.offset)
    return [_trial_out(t) for t in trials[offset : offset + limit]]


@router.get("/registry/{nct_id}", response=TrialDetailOut)
def registry_trial(request: HttpRequest, nct_id: str) -> dict[str, Any]:
    trial = selectors.trial_get_for(user=request.user, nct_id=nct_id)
    return {
        **_trial_out(trial),
        "official_title": trial.official_title,
        "summary": trial.summary,
        "interventions": trial.interventions,
        "contact_name": trial.contact_name,
        "contact_phone": trial.contact_phone,
        "contact_email": trial.contact_email,
        "locations": [
            {
                "facility": loc.facility,
                "city": loc.city,
                "state": loc.state,
                "country": loc.country,
                "status": loc.status,
                "latitude": loc.latitude,
                "longitude": loc.longitude,
            }
            for loc in trial.locations.all()
        ],
        "criteria": [
            {"kind": c.kind, "text": c.text, "checks": c.checks} for c in trial.criteria.all()
        ],
        "run_at_sites": [site.code for site in trial.run_at_sites.all()],
    }


def _matches(case: Case) -> dict[str, Any]:
    run = selectors.case_last_match_run(case=case)
    return {
        "case": case.reference,
        "ran_at": run.ran_at if run else None,
        "trials_considered": run.trials_considered if run else 0,
        "matches": [_match_out(m) for m in selectors.case_trial_matches(case=case)],
    }


@router.get("/cases/{case_id}/matches", response=MatchesOut)
def case_matches(request: HttpRequest, case_id: str) -> dict[str, Any]:
    """The case's last matching run, best first, each criterion met / not met / unknown."""
    return _matches(_staff_case(request, case_id))


@router.post("/cases/{case_id}/matches", response=MatchesOut)
def case_matches_rerun(request: HttpRequest, case_id: str) -> dict[str, Any]:
    """Match again now on the case's current facts and registry."""
    case = _staff_case(request, case_id)
    services.case_trials_match(case=case, actor=request.user)
    return _matches(case)


@router.get("/cases/{case_id}/referrals", response=list[ReferralOut])
def case_referrals(request: HttpRequest, case_id: str) -> list[dict[str, Any]]:
    case = _staff_case(request, case_id)
    return [_referral_out(r) for r in selectors.case_referrals(case=case)]


@router.post("/cases/{case_id}/referrals", response={201: ReferralOut})
def case_referral_record(request: HttpRequest, case_id: str, payload: ReferralIn) -> Status:
    """Record discussed / referred / screening / enrolled / declined (with reason) for a trial
    listed for this case or already referred."""
    case = _staff_case(request, case_id)
    trial = selectors.trial_listed_for_case(case=case, nct_id=payload.nct_id)
    if trial is None:
        raise NotFound("This trial is not listed for this case.")
    referral = services.trial_referral_record(
        actor=request.user,
        case=case,
        trial=trial,
        status=payload.status,
        reason=payload.reason,
    )
    return Status(201, _referral_out(referral))

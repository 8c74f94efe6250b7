"""The registry as the matching engine sees it: documents, a cached index, origins.

Building the index over tens of thousands of trials takes seconds, answering a patient
takes milliseconds, so the index is built once per registry version (trial count and
last change) in each worker process and reused for every case until the registry moves.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import asdict

import zipcodes
from django.db.models import Max, Prefetch

from secondlook.accounts.models import Site
from secondlook.cases.models import Case
from secondlook.oncology.facts import DiagnosisFacts
from secondlook.trials.criteria import Check, ParsedCriterion
from secondlook.trials.evaluation import CriterionResult
from secondlook.trials.matching import TrialDocument, TrialIndex, TrialSite, age_in_years
from secondlook.trials.models import Criterion, SiteCoordinates, Trial

_lock = threading.Lock()
_cache: dict[str, object] = {}


def registry_version() -> str:
    summary = Trial.objects.aggregate(changed=Max("updated_at"))
    return (
        f"{Trial.objects.count()}:{summary['changed'].isoformat() if summary['changed'] else '-'}"
    )


def trial_documents() -> list[TrialDocument]:
    trials = Trial.objects.prefetch_related(
        "locations", Prefetch("criteria", queryset=Criterion.objects.order_by("order"))
    ).order_by("pk")
    return [
        TrialDocument(
            nct_id=trial.nct_id,
            title=trial.brief_title,
            summary=trial.summary,
            conditions=tuple(trial.conditions),
            keywords=tuple(trial.keywords),
            criteria=tuple(
                ParsedCriterion(
                    kind=c.kind,
                    order=c.order,
                    text=c.text,
                    checks=tuple(Check.from_json(check) for check in c.checks),
                )
                for c in trial.criteria.all()
            ),
            minimum_age_years=age_in_years(trial.minimum_age),
            maximum_age_years=age_in_years(trial.maximum_age),
            sex=trial.sex,
            overall_status=trial.overall_status,
            sites=tuple(
                TrialSite(
                    facility=loc.facility,
                    city=loc.city,
                    state=loc.state,
                    country=loc.country,
                    status=loc.status,
                    latitude=loc.latitude,
                    longitude=loc.longitude,
                    contact=" · ".join(
                        p for p in (loc.contact_name, loc.contact_phone, loc.contact_email) if p
                    )
                    or " · ".join(
                        p
                        for p in (trial.contact_name, trial.contact_phone, trial.contact_email)
                        if p
                    ),
                )
                for loc in trial.locations.all()
            ),
        )
        for trial in trials
    ]


def current_index() -> tuple[TrialIndex, str]:
    version = registry_version()
    with _lock:
        if _cache.get("version") != version:
            _cache["index"] = TrialIndex(trial_documents())
            _cache["version"] = version
        return _cache["index"], version  # type: ignore[return-value]


def home_coordinates(postal_code: str) -> tuple[float, float] | None:
    """The centroid of a US ZIP code, from the table the `zipcodes` package ships.

    The table is local, so no patient address leaves the machine; a foreign or unknown
    postal code gives None and distance falls back to the program's sites.
    """
    code = postal_code.strip()
    if not code:
        return None
    try:
        rows = zipcodes.matching(code)
    except ValueError:
        return None
    if not rows:
        return None
    return float(rows[0]["lat"]), float(rows[0]["long"])


def program_origins(site: Site) -> tuple[tuple[float, float], ...]:
    """The case's site, else any of the program's sites.

    Patients travel to the site that holds their case, so a trial near another program
    site is only "near" when the case's own site has no coordinates recorded.
    """
    own = SiteCoordinates.objects.filter(site=site).first()
    if own is not None:
        return ((own.latitude, own.longitude),)
    rows = SiteCoordinates.objects.filter(site__program_id=site.program_id)
    return tuple((row.latitude, row.longitude) for row in rows)


def case_origins(case: Case) -> tuple[tuple[float, float], ...]:
    """Where trial distance is measured from: the patient's home and the program's site.

    A trial site is near when it is near either: the patient can join it from home, or
    while they are here for the visit.
    """
    home = home_coordinates(case.patient.postal_code)
    return ((home,) if home else ()) + program_origins(case.site)


def facts_fingerprint(facts: DiagnosisFacts, postal_code: str = "") -> str:
    """What a match depends on besides the registry: the facts and where the patient lives
    (distance), so a new diagnosis or a move re-runs matching."""
    inputs = {**asdict(facts), "postal_code": postal_code.strip()}
    return hashlib.sha256(json.dumps(inputs, sort_keys=True, default=str).encode()).hexdigest()


def site_json(site: TrialSite | None) -> dict[str, object]:
    return asdict(site) if site is not None else {}


def criterion_json(row: CriterionResult) -> dict[str, object]:
    return asdict(row)

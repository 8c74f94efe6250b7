"""Demo data: a few hundred synthetic oncology trials, matched for every open demo case.

The registry is generated in the ClinicalTrials.gov v2 record shape and goes through
the same importer as real records; trials listing a demo site as a location are marked
as run there. Each open case is matched, and Nina records two referrals on one of her
cases so the panel, the referral history and the analytics counts have something in them.
"""

from __future__ import annotations

from typing import Any

from secondlook.cases.choices import TERMINAL_STATUSES
from secondlook.cases.models import Case
from secondlook.trials.choices import ReferralStatus
from secondlook.trials.ctgov import record_from_study
from secondlook.trials.models import SiteCoordinates, Trial, TrialMatch
from secondlook.trials.services import (
    case_trials_match,
    trial_records_import,
    trial_referral_record,
)
from secondlook.trials.synthetic import CENTERS, synthetic_studies

DEMO_TRIALS = 300
# Which synthetic trial location stands for each demo site.
SITE_CENTERS = {"pasadena": "Pasadena Cancer Center", "chicago": "Chicago Cancer Center"}


def demo_extend(builder: Any) -> None:
    coordinates = {name: (lat, lon) for name, _, _, lat, lon in CENTERS}
    for code, site in builder.sites.items():
        point = coordinates.get(SITE_CENTERS.get(code, ""))
        if point is not None:
            SiteCoordinates.objects.update_or_create(
                site=site, defaults={"latitude": point[0], "longitude": point[1]}
            )
    trial_records_import(records=(record_from_study(s) for s in synthetic_studies(DEMO_TRIALS)))
    for code, site in builder.sites.items():
        center = SITE_CENTERS.get(code, "")
        site.trials_run.add(*Trial.objects.filter(locations__facility=center).distinct())
    for case in Case.objects.exclude(status__in=TERMINAL_STATUSES).select_related(
        "patient", "site"
    ):
        case_trials_match(case=case)
    navigator = builder.staff.get("nina.navigator")
    case = (
        Case.objects.filter(navigator=navigator, trial_matches__isnull=False)
        .exclude(status__in=TERMINAL_STATUSES)
        .order_by("pk")
        .first()
    )
    if navigator is None or case is None:
        return
    matches = list(
        TrialMatch.objects.filter(case=case).select_related("trial").order_by("rank")[:2]
    )
    steps = [
        (ReferralStatus.REFERRED, "Patient interested; referral sent to the trial office."),
        (ReferralStatus.DECLINED, "Patient prefers a site closer to home."),
    ]
    for match, (status, reason) in zip(matches, steps, strict=False):
        trial_referral_record(
            actor=navigator, case=case, trial=match.trial, status=status, reason=reason
        )

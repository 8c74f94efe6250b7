"""Reads on trials, matches and referrals, scoped by the user.

The registry itself holds no patient data: any staff member may browse it. Matches and
referrals are a case's data: they are read through the case, which the caller has
already opened with case_get_for (audited), or counted for analytics without names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet

from secondlook.accounts.choices import Role
from secondlook.accounts.models import User
from secondlook.accounts.selectors import site_ids_for
from secondlook.cases.choices import TERMINAL_STATUSES
from secondlook.cases.models import Case
from secondlook.cases.permissions import can_view_case
from secondlook.core.errors import NotFound
from secondlook.oncology.selectors import case_diagnosis_facts
from secondlook.trials.choices import CHOSEN_STATUSES, ReferralStatus
from secondlook.trials.models import (
    Trial,
    TrialMatch,
    TrialMatchRun,
    TrialReferral,
    TrialReferralEvent,
)
from secondlook.trials.registry import facts_fingerprint


@dataclass(frozen=True)
class TrialFilter:
    query: str = ""
    status: str = ""
    run_here: bool = False


def trial_list_for(*, user: User, filters: TrialFilter | None = None) -> QuerySet[Trial]:
    if not user.is_authenticated or user.role == Role.PATIENT:
        return Trial.objects.none()
    filters = filters or TrialFilter()
    trials = Trial.objects.all()
    if filters.query:
        q = filters.query.strip()
        trials = trials.filter(
            Q(nct_id__iexact=q)
            | Q(brief_title__icontains=q)
            | Q(conditions__icontains=q)
            | Q(keywords__icontains=q)
        )
    if filters.status:
        trials = trials.filter(overall_status=filters.status)
    if filters.run_here:
        trials = trials.filter(run_at_sites__in=site_ids_for(user)).distinct()
    return trials.order_by("-last_update", "nct_id")


def trial_get_for(*, user: User, pk: int | None = None, nct_id: str = "") -> Trial:
    """One trial with its sites and criteria, by id or by registry id."""
    lookup = {"pk": pk} if pk is not None else {"nct_id": nct_id}
    trial = (
        trial_list_for(user=user)
        .prefetch_related("locations", "criteria", "run_at_sites")
        .filter(**lookup)
        .first()
    )
    if trial is None:
        raise NotFound("No such trial.")
    return trial


def trial_listed_for_case(*, case: Case, pk: int | None = None, nct_id: str = "") -> Trial | None:
    """The trial if this case's matching listed it or the team already referred it: the
    only trials a referral may be recorded for."""
    lookup = {"pk": pk} if pk is not None else {"nct_id": nct_id}
    return (
        Trial.objects.filter(**lookup)
        .filter(Q(matches__case=case) | Q(referrals__case=case))
        .distinct()
        .first()
    )


def case_trial_matches(
    *, case: Case, referrals: list[TrialReferral] | None = None
) -> list[TrialMatch]:
    """The case's last matching run, best first, with each trial's referral if any.

    A panel that already lists the case's referrals passes them, so they are read once."""
    matches = list(
        TrialMatch.objects.filter(case=case)
        .select_related("trial")
        .prefetch_related("trial__run_at_sites")
    )
    if referrals is None:
        referrals = list(TrialReferral.objects.filter(case=case))
    by_trial = {r.trial_id: r for r in referrals}
    for match in matches:
        match.referral = by_trial.get(match.trial_id)  # type: ignore[attr-defined]
    return matches


def case_last_match_run(*, case: Case) -> TrialMatchRun | None:
    return TrialMatchRun.objects.filter(case=case).first()


def case_referrals(*, case: Case) -> QuerySet[TrialReferral]:
    return (
        TrialReferral.objects.filter(case=case)
        .select_related("trial", "updated_by")
        .prefetch_related("history__actor")
    )


def trials_chosen_for(*, user: User, case: Case) -> list[Trial]:
    """Trials the team has discussed, referred, screened or enrolled: what the opinion cites."""
    if not can_view_case(user, case):
        return []
    return [
        referral.trial
        for referral in TrialReferral.objects.filter(
            case=case, status__in=CHOSEN_STATUSES
        ).select_related("trial")
    ]


@dataclass(frozen=True)
class SiteReferralCounts:
    site_id: int
    site_name: str
    referred: int
    enrolled: int
    declined: int


def referral_counts(*, user: User, start: datetime, end: datetime) -> list[SiteReferralCounts]:
    """Per site of the user: referrals, enrolments and declines recorded in [start, end)."""
    events = (
        TrialReferralEvent.objects.filter(
            created_at__gte=start,
            created_at__lt=end,
            referral__case__site_id__in=site_ids_for(user),
        )
        .values("referral__case__site_id", "referral__case__site__name")
        .annotate(
            referred=Count("referral", filter=Q(status=ReferralStatus.REFERRED), distinct=True),
            enrolled=Count("referral", filter=Q(status=ReferralStatus.ENROLLED), distinct=True),
            declined=Count("referral", filter=Q(status=ReferralStatus.DECLINED), distinct=True),
        )
        .order_by("referral__case__site__name")
    )
    return [
        SiteReferralCounts(
            site_id=row["referral__case__site_id"],
            site_name=row["referral__case__site__name"],
            referred=row["referred"],
            enrolled=row["enrolled"],
            declined=row["declined"],
        )
        for row in events
    ]


def open_case_ids() -> list[int]:
    return list(Case.objects.exclude(status__in=TERMINAL_STATUSES).values_list("pk", flat=True))


def case_ids_with_changed_facts() -> list[int]:
    """Open cases never matched, or whose facts or home postal code differ from their last run."""
    last = {}
    for run in TrialMatchRun.objects.order_by("case_id", "-ran_at", "-id"):
        last.setdefault(run.case_id, run.facts_fingerprint)
    changed = []
    for case in Case.objects.exclude(status__in=TERMINAL_STATUSES).select_related("patient"):
        current = facts_fingerprint(case_diagnosis_facts(case=case), case.patient.postal_code)
        if last.get(case.pk) != current:
            changed.append(case.pk)
    return changed

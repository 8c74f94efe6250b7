"""Program figures for the dashboard: per site and period, for program admins only.

Every figure is computed here from the records themselves (case timestamps, opinions,
screens, survey answers), so the dashboard, the CSV export and the tests agree. Figures
owned by other domains (concordance, trials, tumor board, travel) come from those
domains' selectors.

What "in the period" means differs by figure, and both the page and the CSV say which
(`COUNTED_BY`). The flow of cases (requests, opinions, times, plan change, distress
screens and referrals, the survey) follows the cases requested in the period, so a
cohort's figures can be compared with each other. Work the program did in the period
(concordance assessed, trial referral steps, cases made ready for board, travel booked)
is counted on the date it happened, whenever the case was requested: that is how a
program admin reports activity for a month, and a June enrolment on a May request
belongs to June's work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from secondlook.accounts.choices import Role
from secondlook.accounts.models import Program, Site, User
from secondlook.accounts.selectors import program_current
from secondlook.analytics.figures import Spread, rate, spread
from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record
from secondlook.cases.choices import SlaClock
from secondlook.cases.models import Case, Task
from secondlook.cases.selectors import cases_visible_to
from secondlook.cases.sla import clock_deadline
from secondlook.core.errors import PermissionDenied
from secondlook.followup.models import PlanRevision
from secondlook.logistics.selectors import SiteTravelUse, travel_use_by_site
from secondlook.portal.choices import Recommend
from secondlook.portal.models import SurveyResponse
from secondlook.review.models import CorrectionDelivery, OpinionVersion, PlanChange
from secondlook.supportive.models import DistressScreen, Referral
from secondlook.supportive.selectors import urgent_alerts_unassigned

HOUR = 3600.0
DAY = 86400.0

# What each group of figures counts "in the period", shown beside it on the page and in
# the CSV's last column.
COHORT = "cases requested in the period"
COUNTED_BY: dict[str, str] = {
    "cases": COHORT,
    "diagnosis_change": "concordance assessed in the period (each case's latest assessment)",
    "trials": "trial referral steps recorded in the period",
    "board_preparation": "cases made ready for tumor board in the period",
    "travel": "travel and lodging booked in the period",
}


@dataclass(frozen=True)
class Period:
    since: date
    until: date

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        zone = timezone.get_current_timezone()
        return datetime.combine(self.since, time.min, zone), datetime.combine(
            self.until, time.max, zone
        )


@dataclass(frozen=True)
class Clock:
    name: str
    unit: str
    spread: Spread
    breaches: int


@dataclass(frozen=True)
class Dashboard:
    site: Site | None
    period: Period
    requests: int
    opinions: int
    conversion: float | None
    clocks: tuple[Clock, ...]
    plan_change: dict[str, Any]
    diagnosis_change: dict[str, Any]
    trials: dict[str, Any]
    distress: dict[str, Any]
    travel: list[SiteTravelUse]
    recommend: dict[str, Any]
    board_preparation: dict[str, Any]
    requests_by_week: list[tuple[str, int, int]] = field(default_factory=list)
    unreached_alerts: list[Task] = field(default_factory=list)

    @property
    def counted_by(self) -> dict[str, str]:
        return COUNTED_BY


def _require_admin(user: User) -> None:
    if user.role != Role.PROGRAM_ADMIN:
        raise PermissionDenied("The program dashboard is for program admins.")


def cohort(*, user: User, site: Site | None, period: Period) -> QuerySet[Case]:
    """Cases requested in the period (at the site), the base of the flow figures."""
    start, end = period.bounds
    cases = cases_visible_to(user=user).filter(requested_at__gte=start, requested_at__lte=end)
    return cases.filter(site=site) if site is not None else cases


def _late(
    program: Program | None,
    case: Case,
    clock: str,
    start: datetime,
    done: datetime | None,
    now: datetime,
) -> bool:
    if program is None:
        return False
    deadline = clock_deadline(program, case.urgency, clock, start)
    return (done or now) > deadline if done is not None or case.is_open else False


def clock_figures(cases: list[Case], program: Program | None, now: datetime) -> tuple[Clock, ...]:
    """Time from request to first contact (hours), records complete and opinion (days).

    A breach is a clock whose milestone came after its SLA deadline, or that is still
    open past it; the deadline starts where the worklist's clock starts.
    """
    first, records, opinion = [], [], []
    late = {SlaClock.FIRST_CONTACT: 0, SlaClock.RECORDS_COMPLETE: 0, SlaClock.OPINION_DELIVERED: 0}
    for case in cases:
        if case.first_contact_at:
            first.append((case.first_contact_at - case.requested_at).total_seconds() / HOUR)
        if case.records_complete_at:
            records.append((case.records_complete_at - case.requested_at).total_seconds() / DAY)
        if case.opinion_delivered_at:
            opinion.append((case.opinion_delivered_at - case.requested_at).total_seconds() / DAY)
        if case.status == "cancelled":
            continue
        if _late(
            program, case, SlaClock.FIRST_CONTACT, case.requested_at, case.first_contact_at, now
        ):
            late[SlaClock.FIRST_CONTACT] += 1
        if case.first_contact_at and _late(
            program,
            case,
            SlaClock.RECORDS_COMPLETE,
            case.first_contact_at,
            case.records_complete_at,
            now,
        ):
            late[SlaClock.RECORDS_COMPLETE] += 1
        if case.records_complete_at and _late(
            program,
            case,
            SlaClock.OPINION_DELIVERED,
            case.records_complete_at,
            case.opinion_delivered_at,
            now,
        ):
            late[SlaClock.OPINION_DELIVERED] += 1
    return (
        Clock("Request to first contact", "hours", spread(first), late[SlaClock.FIRST_CONTACT]),
        Clock(
            "Request to records complete", "days", spread(records), late[SlaClock.RECORDS_COMPLETE]
        ),
        Clock(
            "Request to opinion delivered",
            "days",
            spread(opinion),
            late[SlaClock.OPINION_DELIVERED],
        ),
    )


def plan_change_figures(cases: QuerySet[Case]) -> dict[str, Any]:
    """How often the opinion changed the treatment plan the patient came with.

    Counted on the version each patient holds now (the newest delivered to them: signed
    before the case's delivery, or released later as a correction), by the plan verdict
    the attending recorded on it (`OpinionVersion.plan_change`), not by the diagnosis
    verdict: a refined stage can leave the plan as it was. The denominator is delivered
    opinions with an outside plan to compare with; "no prior plan" and versions signed
    before the verdict was recorded are counted apart. The diagnosis-change rate comes
    from concordance (oncology.selectors.diagnosis_change_rate).
    """
    delivered = (
        OpinionVersion.objects.filter(
            case__in=cases,
            case__opinion_delivered_at__isnull=False,
            signed_at__isnull=False,
        )
        # As review.selectors decides what reached the patient.
        .filter(
            Q(signed_at__lte=F("case__opinion_delivered_at"))
            | Exists(CorrectionDelivery.objects.filter(opinion=OuterRef("pk")))
        )
        .order_by("case_id", "number")
        .values_list("case_id", "plan_change")
    )
    held: dict[int, str] = {}
    for case_id, plan_change in delivered:
        held[case_id] = plan_change
    verdicts = list(held.values())
    with_prior_plan = sum(1 for v in verdicts if v in (PlanChange.CONFIRMED, PlanChange.CHANGED))
    changed = verdicts.count(PlanChange.CHANGED)
    revisions = PlanRevision.objects.filter(case__in=cases, delivered_at__isnull=False).count()
    return {
        "delivered": len(verdicts),
        "with_prior_plan": with_prior_plan,
        "changed": changed,
        "rate": rate(changed, with_prior_plan),
        "no_prior_plan": verdicts.count(PlanChange.NO_PRIOR_PLAN),
        "not_recorded": verdicts.count(""),
        "follow_up_revisions": revisions,
    }


def distress_figures(cases: QuerySet[Case]) -> dict[str, Any]:
    screens = DistressScreen.objects.filter(case__in=cases)
    referrals = Referral.objects.filter(case__in=cases)
    by_service = dict(referrals.values_list("service").annotate(n=Count("id")).order_by("service"))
    counts = screens.aggregate(
        total=Count("id"),
        high=Count("id", filter=Q(score__gte=4)),
        urgent=Count("id", filter=Q(urgent=True)),
    )
    return {
        "screens": counts["total"],
        "screens_4_or_more": counts["high"],
        "urgent": counts["urgent"],
        "referrals": sum(by_service.values()),
        "referrals_by_service": by_service,
    }


def recommend_figures(cases: QuerySet[Case]) -> dict[str, Any]:
    answers = list(
        SurveyResponse.objects.filter(case__in=cases).values_list("recommend", flat=True)
    )
    definitely = answers.count(Recommend.DEFINITELY_YES)
    return {
        "answers": len(answers),
        "definitely_yes": definitely,
        "rate": rate(definitely, len(answers)),
        "by_answer": {choice.value: answers.count(choice.value) for choice in Recommend},
    }


def _by_week(cases: list[Case]) -> list[tuple[str, int, int]]:
    weeks: dict[date, list[int]] = {}
    for case in cases:
        day = timezone.localtime(case.requested_at).date()
        monday = day - timedelta(days=day.weekday())
        counts = weeks.setdefault(monday, [0, 0])
        counts[0] += 1
        counts[1] += 1 if case.opinion_delivered_at else 0
    return [(monday.isoformat(), n, o) for monday, (n, o) in sorted(weeks.items())]


def trial_figures(*, user: User, site: Site | None, period: Period) -> dict[str, Any]:
    """Trial referrals, enrolments and declines recorded in the period."""
    from secondlook.trials.selectors import referral_counts

    start, end = period.bounds
    rows = [
        row
        for row in referral_counts(user=user, start=start, end=end)
        if site is None or row.site_id == site.pk
    ]
    return {
        "referred": sum(row.referred for row in rows),
        "enrolled": sum(row.enrolled for row in rows),
        "declined": sum(row.declined for row in rows),
    }


def board_figures(*, site: Site | None, period: Period) -> dict[str, Any]:
    """Tumor-board preparation time (case opened → ready for board) in the period."""
    from secondlook.review.team_selectors import board_preparation_minutes

    figures = board_preparation_minutes(site=site, period=period.bounds)
    return {
        "cases prepared": figures.cases,
        "median minutes": figures.median_minutes,
        "mean minutes": figures.mean_minutes,
    }


def program_dashboard(*, user: User, site: Site | None, period: Period) -> Dashboard:
    _require_admin(user)
    cases_qs = cohort(user=user, site=site, period=period)
    cases = list(
        cases_qs.only(
            "id",
            "status",
            "urgency",
            "requested_at",
            "first_contact_at",
            "records_complete_at",
            "opinion_delivered_at",
        )
    )
    opinions = sum(1 for case in cases if case.opinion_delivered_at)
    from secondlook.oncology.selectors import diagnosis_change_rate

    audit_record(
        actor=user,
        action=AuditAction.LIST,
        object_type="analytics.dashboard",
        purpose="program dashboard",
    )
    return Dashboard(
        site=site,
        period=period,
        requests=len(cases),
        opinions=opinions,
        conversion=rate(opinions, len(cases)),
        clocks=clock_figures(cases, program_current(), timezone.now()),
        plan_change=plan_change_figures(cases_qs),
        diagnosis_change=diagnosis_change_rate(site=site, period=(period.since, period.until)),
        trials=trial_figures(user=user, site=site, period=period),
        distress=distress_figures(cases_qs),
        travel=[
            row
            for row in travel_use_by_site(user=user, since=period.since, until=period.until)
            if site is None or row.site == site.name
        ],
        recommend=recommend_figures(cases_qs),
        board_preparation=board_figures(site=site, period=period),
        requests_by_week=_by_week(cases),
        unreached_alerts=list(urgent_alerts_unassigned(user=user, site=site)),
    )

"""The dashboard against a cohort counted by hand.

May 2026 (no US/CA holiday, no clock change), program clocks 1 / 5 / 10 business days:

case  site      requested     first contact     records complete   opinion delivered
A     pasadena  Mon 4 10:00   Mon 4 14:00 (4h)  Wed 6 10:00 (2d)   Thu 14 10:00 (10d)
B     pasadena  Mon 4 10:00   Wed 6 10:00 (48h) Thu 14 10:00 (10d) Fri 22 10:00 (18d)
C     pasadena  Mon 4 10:00   Mon 4 12:00 (2h)  — still pending (open)
D     pasadena  Mon 4 10:00   cancelled
E     chicago   Tue 5 10:00   Tue 5 11:00 (1h)
F     pasadena  Apr 20 (outside the period)

Breaches at Pasadena: first contact B (due Tue 5 10:00); records B (due Wed 13 10:00)
and C (due Mon 11 12:00, still open); opinion none (B due Thu 28 10:00).
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from secondlook.analytics.selectors import Period, program_dashboard
from secondlook.cases.choices import CaseStatus
from secondlook.cases.models import Case
from secondlook.cases.tests.factories import CaseFactory, OpinionVersionFactory
from secondlook.core.errors import PermissionDenied
from secondlook.core.testing import Personas
from secondlook.portal.models import SurveyResponse
from secondlook.review.models import BoardPreparation, DiseaseTeam
from secondlook.supportive.services import ScreenAnswers, distress_screen_record
from secondlook.trials.choices import ReferralStatus
from secondlook.trials.models import Trial, TrialReferral, TrialReferralEvent

LA = ZoneInfo("America/Los_Angeles")
MAY = Period(since=date(2026, 5, 1), until=date(2026, 5, 31))


def _at(day: int, hour: int, month: int = 5) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=LA)


@pytest.fixture
def cohort(personas: Personas) -> dict[str, Case]:
    p, c = personas.pasadena, personas.chicago
    # The personas' own cases are requested "now": move them out of the period.
    Case.objects.filter(pk__in=[personas.pat_case.pk, personas.quinn_case.pk]).update(
        requested_at=_at(1, 9, month=1)
    )
    cases = {
        "A": CaseFactory(
            site=p,
            navigator=personas.nina,
            reviewer=personas.olivia,
            status=CaseStatus.OPINION_DELIVERED,
            requested_at=_at(4, 10),
            first_contact_at=_at(4, 14),
            records_complete_at=_at(6, 10),
            opinion_delivered_at=_at(14, 10),
        ),
        "B": CaseFactory(
            site=p,
            navigator=personas.nina,
            reviewer=personas.olivia,
            status=CaseStatus.FOLLOW_UP,
            requested_at=_at(4, 10),
            first_contact_at=_at(6, 10),
            records_complete_at=_at(14, 10),
            opinion_delivered_at=_at(22, 10),
        ),
        "C": CaseFactory(
            site=p,
            navigator=personas.nina,
            reviewer=personas.olivia,
            status=CaseStatus.RECORDS_PENDING,
            requested_at=_at(4, 10),
            first_contact_at=_at(4, 12),
        ),
        "D": CaseFactory(
            site=p, navigator=personas.nina, status=CaseStatus.CANCELLED, requested_at=_at(4, 10)
        ),
        "E": CaseFactory(
            site=c,
            navigator=personas.nate,
            status=CaseStatus.INTAKE,
            requested_at=_at(5, 10),
            first_contact_at=_at(5, 11),
        ),
        "F": CaseFactory(site=p, navigator=personas.nina, requested_at=_at(20, 10, month=4)),
    }
    # Plan verdicts: A's delivered opinion changes the plan; B's delivered version 1
    # confirms it, and B's version 2 (signed after delivery, never released) changing it
    # does not count; C's is only a draft.
    a1 = OpinionVersionFactory(
        case=cases["A"],
        author=personas.olivia,
        signed=True,
        signed_at=_at(13, 10),
        plan_change="changed",
    )
    OpinionVersionFactory(
        case=cases["B"],
        author=personas.olivia,
        signed=True,
        signed_at=_at(21, 10),
        plan_change="confirmed",
    )
    OpinionVersionFactory(
        case=cases["B"],
        number=2,
        author=personas.olivia,
        signed=True,
        verdict="changed",
        plan_change="changed",
    )
    OpinionVersionFactory(case=cases["C"], author=personas.olivia, verdict="changed")
    distress_screen_record(
        actor=personas.ada, case=cases["A"], answers=ScreenAnswers(6, ("eating",))
    )
    distress_screen_record(actor=personas.ada, case=cases["B"], answers=ScreenAnswers(2, ("pain",)))
    distress_screen_record(actor=personas.ada, case=cases["E"], answers=ScreenAnswers(5))
    SurveyResponse.objects.create(
        case=cases["A"], opinion=a1, respondent=personas.pat, recommend="definitely_yes"
    )
    SurveyResponse.objects.create(
        case=cases["B"], opinion=a1, respondent=personas.pat, recommend="probably_yes"
    )
    return cases


def test_pasadena_figures_match_the_hand_count(personas: Personas, cohort: dict) -> None:
    d = program_dashboard(user=personas.ada, site=personas.pasadena, period=MAY)

    assert (d.requests, d.opinions, d.conversion) == (4, 2, 0.5)
    first, records, opinion = d.clocks
    assert (first.spread.count, first.spread.median, first.spread.p90) == (3, 4.0, 48.0)
    assert (records.spread.count, records.spread.median, records.spread.p90) == (2, 6.0, 10.0)
    assert (opinion.spread.count, opinion.spread.median, opinion.spread.p90) == (2, 14.0, 18.0)
    assert (first.breaches, records.breaches, opinion.breaches) == (1, 2, 0)
    assert d.plan_change == {
        "delivered": 2,
        "with_prior_plan": 2,
        "changed": 1,
        "rate": 0.5,
        "no_prior_plan": 0,
        "not_recorded": 0,
        "follow_up_revisions": 0,
    }
    assert d.distress["screens"] == 2 and d.distress["screens_4_or_more"] == 1
    assert d.distress["referrals_by_service"] == {"nutrition": 1, "pain_palliative": 1}
    assert (d.recommend["answers"], d.recommend["definitely_yes"], d.recommend["rate"]) == (
        2,
        1,
        0.5,
    )


def test_all_sites_add_chicago(personas: Personas, cohort: dict) -> None:
    d = program_dashboard(user=personas.ada, site=None, period=MAY)

    assert d.requests == 5
    assert (d.clocks[0].spread.median, d.clocks[0].spread.p90) == (3.0, 48.0)
    assert d.distress["screens"] == 3
    assert d.requests_by_week == [("2026-05-04", 5, 2)]


def test_trial_and_board_figures_count_what_happened_in_the_period(
    personas: Personas, cohort: dict
) -> None:
    """Hand count: in May one referral becomes referred then enrolled, another is declined,
    and one in June does not count; two board preparations take 30 and 90 minutes."""
    case = personas.pat_case
    trial = Trial.objects.create(nct_id="NCT00000001", brief_title="Synthetic trial")
    other = Trial.objects.create(nct_id="NCT00000002", brief_title="Another synthetic trial")
    enrolled = TrialReferral.objects.create(case=case, trial=trial, status=ReferralStatus.ENROLLED)
    declined = TrialReferral.objects.create(case=case, trial=other, status=ReferralStatus.DECLINED)
    for referral, status, day in (
        (enrolled, ReferralStatus.REFERRED, 3),
        (enrolled, ReferralStatus.ENROLLED, 20),
        (declined, ReferralStatus.DECLINED, 10),
        (declined, ReferralStatus.DECLINED, 40),
    ):
        event = TrialReferralEvent.objects.create(referral=referral, status=status)
        moment = datetime(2026, 5, 1, 12, tzinfo=ZoneInfo("America/Los_Angeles"))
        TrialReferralEvent.objects.filter(pk=event.pk).update(
            created_at=moment + timedelta(days=day - 1)
        )
    team = DiseaseTeam.objects.create(site=personas.pasadena, kind="gi", name="GI")
    for minutes, other_case in ((30, case), (90, CaseFactory(site=personas.pasadena))):
        opened = datetime(2026, 5, 12, 9, tzinfo=ZoneInfo("America/Los_Angeles"))
        BoardPreparation.objects.create(
            case=other_case,
            team=team,
            opened_at=opened,
            ready_at=opened + timedelta(minutes=minutes),
        )

    d = program_dashboard(user=personas.ada, site=None, period=MAY)

    assert d.trials == {"referred": 1, "enrolled": 1, "declined": 1}
    assert d.board_preparation["cases prepared"] == 2
    assert d.board_preparation["median minutes"] == 60
    assert isinstance(d.diagnosis_change, dict) and d.diagnosis_change["assessed"] == 0


def test_only_program_admins_get_figures(personas: Personas) -> None:
    with pytest.raises(PermissionDenied):
        program_dashboard(user=personas.nina, site=None, period=MAY)


def test_dashboard_page_is_for_admins_only(client: Client, personas: Personas) -> None:
    for user in (personas.nina, personas.olivia, personas.sam):
        client.force_login(user)
        assert client.get(reverse("analytics:dashboard")).status_code == 403
        assert client.get(reverse("analytics:export_csv")).status_code == 403
    client.force_login(personas.pat)
    assert client.get(reverse("analytics:dashboard")).status_code == 403


def test_admin_sees_charts_and_exports_csv(
    client: Client, personas: Personas, cohort: dict
) -> None:
    client.force_login(personas.ada)
    query = {"site": personas.pasadena.pk, "since": "2026-05-01", "until": "2026-05-31"}

    page = client.get(reverse("analytics:dashboard"), query).content.decode()
    assert 'id="chart-weekly"' in page and 'id="analytics-data"' in page
    assert "vendor/chart.umd.min.js" in page and "js/analytics.js" in page

    response = client.get(reverse("analytics:export_csv"), query)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    figures = {(r[3], r[4]): r[5] for r in rows[1:]}
    assert figures[("requests", "count")] == "4"
    assert figures[("Request to first contact", "p90 (hours)")] == "48"
    assert figures[("would definitely recommend", "rate")] == "0.5"
    assert figures[("trials", "enrolled")] == "0"

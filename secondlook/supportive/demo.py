"""Demo distress screens: about one case in two screened at intake, some at 4 or more with
referrals, a few follow-up rescreens, so the worklist and the dashboard have data."""

from __future__ import annotations

from secondlook.accounts.models import User
from secondlook.cases.choices import CaseStatus
from secondlook.cases.models import Case
from secondlook.supportive.services import ScreenAnswers, distress_screen_record

# (score, problems): a spread like a real clinic's, most below the cut-off.
ANSWERS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (2, ()),
    (6, ("worry", "sleep", "insurance_money")),
    (3, ("fatigue",)),
    (7, ("eating", "nausea", "sadness")),
    (1, ()),
    (5, ("transportation", "child_care")),
    (4, ("spiritual", "worry")),
    (2, ("pain",)),
)


def _actor(case: Case) -> User | None:
    """The patient in the portal when they have an account, else the navigator with them."""
    if case.patient.user is not None:
        return case.patient.user
    return case.navigator


def demo_extend(builder: object) -> None:
    cases = (
        Case.objects.exclude(
            status__in=[CaseStatus.REQUESTED, CaseStatus.CANCELLED, CaseStatus.CLOSED]
        )
        .select_related("patient__user", "navigator", "site")
        .order_by("id")
    )
    for index, case in enumerate(cases):
        if index % 2:
            continue
        actor = _actor(case)
        if actor is None:
            continue
        score, problems = ANSWERS[index // 2 % len(ANSWERS)]
        distress_screen_record(
            actor=actor, case=case, answers=ScreenAnswers(score=score, problems=problems)
        )
        if case.status == CaseStatus.FOLLOW_UP:
            distress_screen_record(
                actor=actor, case=case, answers=ScreenAnswers(score=max(score - 2, 0))
            )

"""A follow-up check-in falling due prompts the navigator to repeat the distress screen."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from secondlook.cases.choices import CaseStatus, TaskKind
from secondlook.cases.models import Case, Task, TimelineEvent
from secondlook.core.testing import Personas
from secondlook.followup.services import check_ins_schedule
from secondlook.supportive.choices import RESCREEN_TITLE, ScreenMoment
from secondlook.supportive.models import DistressScreen
from secondlook.supportive.services import (
    ScreenAnswers,
    distress_screen_record,
    rescreen_prompts_open,
)


def _in_follow_up(personas: Personas, *, delivered_days_ago: int) -> Case:
    """Pat's opinion was delivered that many days ago and the check-ins are scheduled."""
    Case.objects.filter(pk=personas.pat_case.pk).update(
        status=CaseStatus.FOLLOW_UP,
        opinion_delivered_at=timezone.now() - timedelta(days=delivered_days_ago),
    )
    case = Case.objects.get(pk=personas.pat_case.pk)
    check_ins_schedule(actor=personas.nina, case=case)
    return case


def _prompts(case: Case) -> list[Task]:
    return list(Task.objects.filter(case=case, title__startswith=RESCREEN_TITLE))


def test_a_check_in_falling_due_prompts_one_follow_up_screen_for_the_navigator(
    personas: Personas,
) -> None:
    case = _in_follow_up(personas, delivered_days_ago=31)

    assert rescreen_prompts_open() == 1
    assert rescreen_prompts_open() == 0  # the daily job never prompts twice

    (prompt,) = _prompts(case)
    assert prompt.title == "Follow-up: repeat the distress screen (day-30 check-in)"
    assert prompt.kind == TaskKind.FOLLOW_UP and prompt.assignee == personas.nina
    assert prompt.is_open
    assert TimelineEvent.objects.filter(
        case=case, summary="Day-30 follow-up: repeat distress screen due"
    ).exists()


def test_no_prompt_before_the_check_in_is_due(personas: Personas) -> None:
    case = _in_follow_up(personas, delivered_days_ago=29)

    assert rescreen_prompts_open() == 0
    assert rescreen_prompts_open(today=timezone.localdate() + timedelta(days=1)) == 1
    assert "day-30" in _prompts(case)[0].title


def test_only_the_latest_check_in_due_is_prompted(personas: Personas) -> None:
    case = _in_follow_up(personas, delivered_days_ago=100)

    assert rescreen_prompts_open() == 1

    assert [task.title for task in _prompts(case)] == [
        "Follow-up: repeat the distress screen (day-90 check-in)"
    ]


def test_the_follow_up_screen_closes_the_prompt_and_is_labelled_follow_up(
    personas: Personas,
) -> None:
    case = _in_follow_up(personas, delivered_days_ago=31)
    rescreen_prompts_open()

    screen = distress_screen_record(actor=personas.pat, case=case, answers=ScreenAnswers(score=3))

    assert screen.moment == ScreenMoment.FOLLOW_UP
    (prompt,) = _prompts(case)
    assert not prompt.is_open and prompt.completed_by == personas.pat


def test_a_screen_just_before_the_check_in_counts_as_its_repeat(personas: Personas) -> None:
    case = _in_follow_up(personas, delivered_days_ago=31)
    screen = distress_screen_record(actor=personas.nina, case=case, answers=ScreenAnswers(score=1))
    DistressScreen.objects.filter(pk=screen.pk).update(
        created_at=timezone.now() - timedelta(days=5)
    )

    assert rescreen_prompts_open() == 0


def test_closed_and_cancelled_cases_are_not_prompted(personas: Personas) -> None:
    case = _in_follow_up(personas, delivered_days_ago=31)
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)

    assert rescreen_prompts_open() == 0
    assert _prompts(case) == []

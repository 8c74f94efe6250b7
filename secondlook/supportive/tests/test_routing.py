from __future__ import annotations

import pytest

from secondlook.supportive.routing import route


def test_low_score_without_problems_routes_nowhere() -> None:
    assert route(score=2, problems=()).needs == ()


def test_score_at_threshold_routes_each_problem_to_its_service() -> None:
    routed = route(score=4, problems=("sadness", "eating", "spiritual", "housing"))

    assert [need.service for need in routed.needs] == [
        "chaplaincy",
        "nutrition",
        "psycho_oncology",
        "social_work",
    ]
    assert routed.above_threshold and not routed.urgent


def test_high_score_with_nothing_ticked_still_gets_someone_to_ask() -> None:
    assert [need.service for need in route(score=8, problems=()).needs] == ["psycho_oncology"]


def test_pain_routes_even_below_the_threshold_but_worry_does_not() -> None:
    routed = route(score=1, problems=("pain", "worry"))

    assert [(need.service, need.problems) for need in routed.needs] == [
        ("pain_palliative", ("pain",))
    ]


def test_self_harm_is_urgent_whatever_the_score() -> None:
    routed = route(score=0, problems=("self_harm",))

    assert routed.urgent
    assert routed.needs[0].service == "psycho_oncology" and routed.needs[0].urgent


def test_threshold_is_configurable() -> None:
    assert route(score=5, problems=("worry",), threshold=6).needs == ()
    assert route(score=6, problems=("worry",), threshold=6).needs


def test_score_outside_the_thermometer_is_refused() -> None:
    with pytest.raises(ValueError):
        route(score=11, problems=())

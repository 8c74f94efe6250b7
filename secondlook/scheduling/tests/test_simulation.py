"""The time-to-opinion simulation finds the resource that holds cases up."""

from __future__ import annotations

from secondlook.scheduling.simulation import Staffing, Workload, simulate


def _staffing(pathologists: int) -> Staffing:
    return Staffing(
        navigators=3,
        reviewers={"other": 4, "gyn": 2},
        pathologists=pathologists,
        radiologists=2,
        board_chairs=1,
        clinic_visits_per_day=6,
    )


def test_one_overloaded_pathologist_is_named_the_bottleneck_and_a_second_one_helps() -> None:
    workload = Workload(arrivals_per_day=3.5, pathology_hours=1.1)
    short = simulate(_staffing(1), workload, days=80, warmup_days=10)
    staffed = simulate(_staffing(2), workload, days=80, warmup_days=10)
    assert short.bottleneck == "pathologist"
    assert staffed.median_records_to_opinion < short.median_records_to_opinion
    assert staffed.p90_records_to_opinion <= short.p90_records_to_opinion


def test_records_to_opinion_is_never_longer_than_request_to_opinion() -> None:
    report = simulate(_staffing(2), Workload(arrivals_per_day=1.0), days=60, warmup_days=5)
    assert report.cases > 30
    assert report.median_records_to_opinion <= report.median_request_to_opinion
    assert report.median_records_to_opinion <= report.p90_records_to_opinion

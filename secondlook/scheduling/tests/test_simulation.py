"""The time-to-opinion simulation follows the program's own process and finds what holds
cases up. Most tests replay a handful of scripted requests, so every time is exact."""

from __future__ import annotations

from dataclasses import fields, replace

import pytest

from secondlook.scheduling.simulation import (
    HOURS_PER_DAY,
    NAVIGATOR,
    PATHOLOGIST,
    RADIOLOGIST,
    SPECIALIST,
    ClinicWeek,
    Outcome,
    Person,
    Request,
    Staffing,
    Workload,
    assumptions,
    clock,
    replay,
    simulate,
)

NORTH, SOUTH = "north", "south"
# With the default half day for the program, 2 h of review is 0.5 business day; the
# navigator's 15 minutes of review set-up (at 80 % of their day) follow records complete.
REVIEW_DAYS = 0.5
DRAFT_DAYS = 0.75 / (HOURS_PER_DAY * 0.5)
SIGN_DAYS = 0.25 / (HOURS_PER_DAY * 0.5)
SETUP_DAYS = 0.25 / (HOURS_PER_DAY * 0.8)
DELIVERY_DAYS = 0.25 / (HOURS_PER_DAY * 0.8)
BOARD = clock(16)
WALKTHROUGH = clock(8)  # the first morning slot


def _person(name: str, role: str, *sites: str, specialty: str = "") -> Person:
    return Person(name, role, frozenset(sites or (NORTH,)), specialty)


def _staffing(*people: Person, navigators: int = 3, sites: tuple[str, ...] = (NORTH,)) -> Staffing:
    """Navigators, one pathologist and one radiologist covering `sites`, and `people`."""
    base = (
        *(_person(f"nav{i}", NAVIGATOR, *sites) for i in range(navigators)),
        _person("path", PATHOLOGIST, *sites),
        _person("rad", RADIOLOGIST, *sites),
    )
    return Staffing(people=(*base, *people))


def _oncologist(name: str, *sites: str) -> Person:
    return _person(name, SPECIALIST, *sites, specialty="medical_oncology")


def _request(at: float = 0.0, **changes: object) -> Request:
    values: dict[str, object] = {
        "at": at,
        "cancer": "LUAD",
        "urgent": False,
        "site": NORTH,
        "records_days": 0.2,
        "in_person": False,
        "radiology": True,
        "board": False,
    }
    values.update(changes)
    return Request(**values)  # type: ignore[arg-type]


def test_the_attending_pathologist_and_radiologist_review_one_case_at_the_same_time() -> None:
    [outcome] = replay(_staffing(_oncologist("onc")), Workload(), [_request()])
    # 0.5 (attending) in parallel with 0.25 (pathology) and 0.125 (radiology), not 0.875.
    span = outcome.reviews_done - outcome.records_complete
    assert span == pytest.approx(SETUP_DAYS + REVIEW_DAYS)


def test_two_idle_oncologists_review_two_cases_in_parallel_and_one_takes_them_in_turn() -> None:
    two = replay(
        _staffing(_oncologist("onc-a"), _oncologist("onc-b")),
        Workload(radiology_share=0.0),
        [_request(), _request()],
    )
    assert {o.attending for o in two} == {"onc-a", "onc-b"}
    spans = [o.reviews_done - o.records_complete for o in two]
    assert spans == pytest.approx([SETUP_DAYS + REVIEW_DAYS] * 2)

    one = replay(_staffing(_oncologist("onc-a")), Workload(), [_request(), _request()])
    spans = sorted(o.reviews_done - o.records_complete for o in one)
    assert spans == pytest.approx([SETUP_DAYS + REVIEW_DAYS, SETUP_DAYS + 2 * REVIEW_DAYS])


def test_each_case_goes_to_the_least_loaded_oncologist_of_its_own_site() -> None:
    staffing = _staffing(
        _oncologist("north-onc", NORTH), _oncologist("south-onc", SOUTH), sites=(NORTH, SOUTH)
    )
    requests = [_request(i * 0.01, site=NORTH if i % 3 else SOUTH) for i in range(6)]
    outcomes = replay(staffing, Workload(), requests)
    assert len(outcomes) == 6
    for outcome in outcomes:
        assert outcome.attending == f"{outcome.request.site}-onc"
    # The idle southern oncologist takes no northern case: the product refuses an
    # attending who does not work at the case's site.
    assert sum(o.attending == "north-onc" for o in outcomes) == 4


def test_a_remote_case_may_cross_sites_only_under_the_what_if() -> None:
    staffing = _staffing(
        _oncologist("north-onc", NORTH), _oncologist("south-onc", SOUTH), sites=(NORTH, SOUTH)
    )
    requests = [_request(), _request(0.01)]
    same_site = replay(staffing, Workload(), requests)
    assert {o.attending for o in same_site} == {"north-onc"}
    crossing = replay(staffing, Workload(remote_cross_site=True), requests)
    assert {o.attending for o in crossing} == {"north-onc", "south-onc"}
    in_person = [replace(r, in_person=True) for r in requests]
    assert {o.attending for o in replay(staffing, Workload(remote_cross_site=True), in_person)} == {
        "north-onc"
    }


def test_the_lead_specialty_follows_the_products_team_rule() -> None:
    staffing = _staffing(
        _oncologist("north-onc", NORTH),
        _person("north-gyn", SPECIALIST, NORTH, specialty="gynecologic_oncology"),
        _oncologist("south-onc", SOUTH),
        sites=(NORTH, SOUTH),
    )
    outcomes = replay(
        staffing, Workload(), [_request(cancer="HGSOC"), _request(cancer="HGSOC", site=SOUTH)]
    )
    by_site = {o.request.site: o.attending for o in outcomes}
    # A gyn-oncologist leads ovarian cases; where none works, the medical oncologist does.
    assert by_site == {NORTH: "north-gyn", SOUTH: "south-onc"}


def test_a_site_without_an_oncologist_is_refused_rather_than_borrowing_one() -> None:
    with pytest.raises(ValueError, match="No medical_oncology works at south"):
        replay(
            _staffing(_oncologist("north-onc", NORTH), sites=(NORTH, SOUTH)),
            Workload(),
            [_request(site=SOUTH)],
        )


def test_earliest_due_first_gets_the_urgent_case_out_on_time_where_fifo_makes_it_late() -> None:
    staffing = _staffing(_oncologist("onc"), navigators=6)
    routine = [_request(i * 0.001, records_days=0.01) for i in range(12)]
    urgent = _request(0.05, urgent=True, records_days=0.01)

    def urgent_outcome(dispatch: str) -> tuple[bool, int]:
        outcomes = replay(staffing, Workload(dispatch=dispatch), [*routine, urgent])
        assert len(outcomes) == 13
        [late_case] = [o for o in outcomes if o.request.urgent]
        return late_case.late, sum(o.late for o in outcomes)

    fifo_late, fifo_total = urgent_outcome("fifo")
    edf_late, edf_total = urgent_outcome("edf")
    assert fifo_late and not edf_late
    assert edf_total < fifo_total


def test_an_in_person_case_is_discussed_on_its_visit_day_and_walked_through_the_next() -> None:
    [outcome] = replay(
        _staffing(_oncologist("onc")),
        Workload(),
        [_request(in_person=True, board=True, records_days=0.1)],
    )
    # Records complete on day 0: the visit is booked for day 1, the board meets that
    # evening (not on day 0, before the consult), the opinion drafted before it is signed
    # after it, and delivered at the walkthrough on the morning of day 2.
    assert outcome.records_complete < 1
    assert outcome.discussed == pytest.approx(1 + BOARD)
    assert outcome.opinion_written == pytest.approx(1 + BOARD + SIGN_DAYS)
    assert outcome.walkthrough == pytest.approx(2 + WALKTHROUGH)
    assert outcome.delivered == pytest.approx(2 + WALKTHROUGH + DELIVERY_DAYS)


def test_the_attending_takes_the_in_person_patient_first_for_the_walkthrough() -> None:
    remote = [_request(i * 0.001, records_days=0.01, board=True) for i in range(3)]
    coming = _request(0.01, records_days=0.01, board=True, in_person=True)

    def walked_through(dispatch: str) -> Outcome:
        outcomes = replay(
            _staffing(_oncologist("onc"), navigators=6),
            Workload(dispatch=dispatch),
            [*remote, coming],
        )
        [outcome] = [o for o in outcomes if o.request.in_person]
        return outcome

    # Due at the walkthrough, the in-person case is reviewed before the three remote ones
    # asked for first, which wait for one review (the one already started) instead of three,
    # and signing it after the board interrupts a remote review: the walkthrough is held.
    first = walked_through("edf")
    assert first.walkthrough_booked == pytest.approx(2 + WALKTHROUGH)
    assert first.walkthrough == pytest.approx(first.walkthrough_booked)
    assert first.opinion_written == pytest.approx(first.discussed + SIGN_DAYS)
    # Worked in arrival order, its opinion is not signed by the booked morning: the
    # walkthrough moves by whole days, still in the morning.
    in_turn = walked_through("fifo")
    assert first.reviews_done == pytest.approx(in_turn.reviews_done - 2 * REVIEW_DAYS)
    assert in_turn.walkthrough > in_turn.walkthrough_booked
    assert in_turn.walkthrough % 1 == pytest.approx(WALKTHROUGH)
    assert in_turn.opinion_written <= in_turn.walkthrough


def test_a_remote_case_waits_for_the_next_board_day() -> None:
    staffing = _staffing(_oncologist("onc"))
    request = _request(board=True, records_days=0.1)
    [daily] = replay(staffing, Workload(), [request])
    [weekly] = replay(staffing, Workload(board_weekdays=(2,)), [request])
    [no_board] = replay(staffing, Workload(), [replace(request, board=False)])
    assert daily.discussed == pytest.approx(BOARD)
    assert weekly.discussed == pytest.approx(2 + BOARD)  # Wednesday
    assert no_board.discussed is None
    assert no_board.opinion_written == pytest.approx(no_board.reviews_done + DRAFT_DAYS + SIGN_DAYS)
    # Drafted while waiting, the opinion is signed and delivered right after the board.
    assert weekly.delivered - weekly.discussed == pytest.approx(SIGN_DAYS + DELIVERY_DAYS)
    assert weekly.delivered - daily.delivered > 1.5


def test_a_starved_pathologist_is_named_the_bottleneck_and_a_second_one_helps() -> None:
    oncologists = (_oncologist("onc-1"), _oncologist("onc-2"), _oncologist("onc-3"))
    # Remote patients only: the pathologist's queue is the point, not the visits.
    workload = Workload(arrivals_per_day=2.0, pathology_hours=1.7, visit_share=0.0)
    short = simulate(_staffing(*oncologists), workload, days=80, warmup_days=10)
    second = _person("path-2", PATHOLOGIST)
    staffed = simulate(_staffing(*oncologists, second), workload, days=80, warmup_days=10)
    assert short.bottleneck == "path"
    assert short.utilisation["path"] > 0.7
    assert staffed.bottleneck != "path"
    assert staffed.median_records_to_opinion < short.median_records_to_opinion
    assert staffed.p90_records_to_opinion < short.p90_records_to_opinion


def test_a_report_counts_every_case_and_records_to_opinion_is_the_shorter_span() -> None:
    report = simulate(
        _staffing(_oncologist("onc-1"), _oncologist("onc-2")),
        Workload(arrivals_per_day=1.0),
        days=60,
        warmup_days=5,
    )
    assert report.cases > 30
    assert report.unfinished == 0
    assert report.median_records_to_opinion <= report.median_request_to_opinion
    assert report.median_records_to_opinion <= report.p90_records_to_opinion
    assert set(report.stage_days) >= {"reviews (all findings in)", "draft, then the board"}


def test_every_parameter_says_where_its_value_comes_from() -> None:
    for params in (Workload(), _staffing()):
        documented = {name for name, _, source in assumptions(params) if source}
        declared = {f.name for f in fields(params) if f.name != "people"}
        assert documented == declared


def test_visits_are_planned_by_the_products_planner_on_the_clinic_week() -> None:
    staffing = _staffing(_oncologist("onc"))
    coming = [_request(i * 0.001, records_days=0.1, in_person=True) for i in range(3)]
    outcomes = replay(staffing, Workload(), coming, until=20)
    assert len(outcomes) == 3
    # One oncologist with one morning session of walkthroughs: every patient gets a morning
    # walkthrough on day 2, in a different hourly slot, never two in one slot.
    booked = sorted(o.walkthrough_booked for o in outcomes)
    assert booked == pytest.approx([2 + clock(8), 2 + clock(9), 2 + clock(10)])
    # With the walkthroughs in the afternoon session instead, they are held in the afternoon.
    afternoon = Staffing(
        people=staffing.people,
        clinics=ClinicWeek(walkthrough_session=(13, 17), consult_session=(8, 12)),
    )
    later = replay(afternoon, Workload(), coming, until=20)
    assert sorted(o.walkthrough_booked for o in later) == pytest.approx(
        [2 + clock(13), 2 + clock(14), 2 + clock(15)]
    )

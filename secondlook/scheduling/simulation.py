"""Discrete-event simulation (SimPy) of the second-opinion program's time to opinion.

Pure: no Django import. Time runs in business days (1.0 = one business day), the unit
of every SLA clock. Each simulated case arrives (cancer type, urgency), waits for its
outside records, is re-reviewed by pathology and radiology in parallel, reviewed by a
specialist of its family, discussed at the daily tumor board, and — for patients who
come in person — gets a visit from the planner (consult and imaging on the first free
clinic day, the plan walkthrough a day later) before the opinion is delivered.

The report gives the median and 90th percentile business days from request to opinion
and from records complete to opinion, the utilisation and mean wait of each resource,
and the bottleneck: the busiest resource, where queues grow first.
"""

from __future__ import annotations

import math
import random
import statistics
from collections import defaultdict
from collections.abc import Generator
from dataclasses import dataclass, field

import simpy

HOURS_PER_DAY = 8.0


@dataclass(frozen=True)
class Staffing:
    """Head counts, and the share of their working time each role gives the program."""

    navigators: int
    reviewers: dict[str, int]  # family ("gyn", "other") -> specialists who review
    pathologists: int
    radiologists: int
    board_chairs: int
    clinic_visits_per_day: int
    clinical_share: float = 0.5
    navigator_share: float = 0.8


@dataclass(frozen=True)
class Workload:
    arrivals_per_day: float = 2.0
    cancer_mix: dict[str, float] = field(
        default_factory=lambda: {"COAD": 0.2, "IDC": 0.25, "LUAD": 0.15, "PRAD": 0.1,
                                 "UEC": 0.1, "HGSOC": 0.05, "PAAD": 0.05, "SKCM": 0.1}
    )  # fmt: skip
    gyn_types: frozenset[str] = frozenset({"UEC", "UCEC", "HGSOC", "CESC", "OVT", "USC"})
    urgent_share: float = 0.2
    records_days_routine: float = 3.0
    records_days_urgent: float = 1.5
    visit_share: float = 0.5
    intake_hours: float = 0.75
    pathology_hours: float = 1.0
    radiology_hours: float = 0.5
    review_hours: float = 2.0
    opinion_hours: float = 1.0
    delivery_hours: float = 0.25
    board_cases_per_session: int = 10
    board_minutes_per_case: float = 10.0


@dataclass(frozen=True)
class SimulationReport:
    cases: int
    median_request_to_opinion: float
    p90_request_to_opinion: float
    median_records_to_opinion: float
    p90_records_to_opinion: float
    utilisation: dict[str, float]
    mean_wait_days: dict[str, float]
    bottleneck: str


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return math.nan
    index = q * (len(ordered) - 1)
    low, high = math.floor(index), math.ceil(index)
    return ordered[low] + (ordered[high] - ordered[low]) * (index - low)


class _Program:
    def __init__(
        self, env: simpy.Environment, staffing: Staffing, workload: Workload, rng: random.Random
    ) -> None:
        self.env = env
        self.staffing = staffing
        self.workload = workload
        self.rng = rng
        self.pools: dict[str, simpy.Resource] = {
            "navigator": simpy.Resource(env, staffing.navigators),
            "pathologist": simpy.Resource(env, staffing.pathologists),
            "radiologist": simpy.Resource(env, staffing.radiologists),
            **{
                f"reviewer:{family}": simpy.Resource(env, count)
                for family, count in staffing.reviewers.items()
            },
        }
        self.busy: dict[str, float] = defaultdict(float)
        self.waits: dict[str, list[float]] = defaultdict(list)
        self.board_queue: list[simpy.Event] = []
        self.board_used = 0
        self.board_sessions = 0
        self.visits: dict[int, int] = defaultdict(int)
        self.visit_waits: list[float] = []
        self.done: list[tuple[float, float, float]] = []

    def work(self, pool: str, hours: float, share: float) -> Generator:
        """Hold one person of the pool for `hours` of their program time."""
        asked = self.env.now
        with self.pools[pool].request() as turn:
            yield turn
            self.waits[pool].append(self.env.now - asked)
            duration = hours / (HOURS_PER_DAY * share)
            self.busy[pool] += duration
            yield self.env.timeout(duration)

    def board(self) -> Generator:
        """One session per business day, late afternoon, for a fixed number of cases."""
        while True:
            yield self.env.timeout(math.floor(self.env.now) + 0.9 - self.env.now)
            self.board_sessions += 1
            chairs = self.staffing.board_chairs
            capacity = self.workload.board_cases_per_session * chairs
            taken, self.board_queue = self.board_queue[:capacity], self.board_queue[capacity:]
            self.board_used += len(taken)
            for event in taken:
                event.succeed()
            yield self.env.timeout(0.2)

    def visit_day(self, ready: float) -> int:
        """The planner's answer: the first business day after `ready` with a free clinic."""
        day = math.floor(ready) + 1
        while self.visits[day] >= self.staffing.clinic_visits_per_day:
            day += 1
        self.visits[day] += 1
        return day

    def case(self, cancer: str, urgent: bool) -> Generator:
        w, s = self.workload, self.staffing
        requested = self.env.now
        yield from self.work("navigator", w.intake_hours, s.navigator_share)
        median = w.records_days_urgent if urgent else w.records_days_routine
        yield self.env.timeout(self.rng.lognormvariate(math.log(median), 0.5))
        complete = self.env.now
        family = "gyn" if cancer in w.gyn_types and "gyn" in s.reviewers else "other"
        pathology = self.env.process(self.work("pathologist", w.pathology_hours, s.clinical_share))
        radiology = self.env.process(self.work("radiologist", w.radiology_hours, s.clinical_share))
        yield pathology & radiology
        yield from self.work(f"reviewer:{family}", w.review_hours, s.clinical_share)
        discussed = self.env.event()
        asked = self.env.now
        self.board_queue.append(discussed)
        yield discussed
        self.waits["tumor board"].append(self.env.now - asked)
        if self.rng.random() < w.visit_share:
            day = self.visit_day(self.env.now)
            self.visit_waits.append(day - (math.floor(self.env.now) + 1))
            # Consult and imaging on the visit day, the walkthrough the next afternoon.
            yield self.env.timeout(day + 1 + 0.6 - self.env.now)
        yield from self.work(f"reviewer:{family}", w.opinion_hours, s.clinical_share)
        yield from self.work("navigator", w.delivery_hours, s.navigator_share)
        self.done.append((requested, complete, self.env.now))

    def arrivals(self) -> Generator:
        types, weights = zip(*self.workload.cancer_mix.items(), strict=True)
        while True:
            yield self.env.timeout(self.rng.expovariate(self.workload.arrivals_per_day))
            cancer = self.rng.choices(types, weights)[0]
            urgent = self.rng.random() < self.workload.urgent_share
            self.env.process(self.case(cancer, urgent))


def simulate(
    staffing: Staffing,
    workload: Workload | None = None,
    *,
    days: int = 250,
    warmup_days: int = 30,
    seed: int = 2026,
) -> SimulationReport:
    """Run `days` business days; cases requested during the warm-up are not counted."""
    workload = workload or Workload()
    env = simpy.Environment()
    program = _Program(env, staffing, workload, random.Random(seed))
    env.process(program.arrivals())
    env.process(program.board())
    env.run(until=days + 30)
    counted = [c for c in program.done if warmup_days <= c[0] < days]
    to_opinion = [end - start for start, _, end in counted]
    from_records = [end - complete for _, complete, end in counted]
    horizon = env.now
    utilisation = {
        pool: round(program.busy[pool] / (resource.capacity * horizon), 3)
        for pool, resource in program.pools.items()
    }
    utilisation["tumor board"] = round(
        program.board_used
        / max(1, program.board_sessions * workload.board_cases_per_session * staffing.board_chairs),
        3,
    )
    used_days = [d for d in program.visits if d < horizon]
    utilisation["visit clinic"] = round(
        sum(program.visits[d] for d in used_days)
        / max(1, staffing.clinic_visits_per_day * math.ceil(horizon)),
        3,
    )
    waits = {pool: round(statistics.fmean(v), 3) for pool, v in program.waits.items() if v}
    waits["visit clinic"] = (
        round(statistics.fmean(program.visit_waits), 3) if program.visit_waits else 0.0
    )
    # The bottleneck is the busiest resource: the one that limits how many opinions the
    # program can give, and where queues grow first when requests rise.
    bottleneck = max(utilisation, key=lambda pool: (utilisation[pool], waits.get(pool, 0.0)))
    return SimulationReport(
        cases=len(counted),
        median_request_to_opinion=round(statistics.median(to_opinion), 2),
        p90_request_to_opinion=round(_quantile(to_opinion, 0.9), 2),
        median_records_to_opinion=round(statistics.median(from_records), 2),
        p90_records_to_opinion=round(_quantile(from_records, 0.9), 2),
        utilisation=utilisation,
        mean_wait_days=waits,
        bottleneck=bottleneck,
    )

"""Visit planning on OR-Tools CP-SAT: one trip, everything the patient needs, in order.

Pure: no Django import. The caller turns clinic templates, imaging slots, holidays and
booked appointments into free `Slot`s; the planner picks one slot for every need of
every request so that imaging and re-reviews come before the consults that read them,
consults before the plan walkthrough, the patient has time to get from one building to
the next, and the whole visit fits on as few consecutive days as possible — the earliest
days first for urgent cases. In batch mode the same model plans a whole week at once and
first maximises the number of patients who get a complete itinerary.

Slots of interchangeable resources (two CT scanners free at 9:00 on Monday at the same
site) are pooled into one candidate with a capacity, which keeps a week of 100 patients
small enough to solve in seconds; concrete resources are handed out after solving.

A request that cannot be planned is explained need by need in plain words ("no radiation
oncologist at Chicago between 12 Dec and 14 Dec; the first one free is on 16 Dec"), and
`alternatives` proposes the nearest travel windows that do work.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import permutations

from ortools.sat.python import cp_model

MINUTES_PER_DAY = 24 * 60
# Each repair pass moves planned patients aside for at most this long, so a week far larger
# than the benchmark's still answers within its budget plus twice this.
REPAIR_SECONDS = 0.5


@dataclass(frozen=True)
class Slot:
    """A free block of one resource: a clinician's clinic slot, a scanner slot, a room."""

    resource_id: str
    resource_label: str
    site: str
    service: str
    day: date
    start_minute: int
    end_minute: int


@dataclass(frozen=True)
class Need:
    """One thing the patient needs: a scan, a consult, an intake, the plan walkthrough.

    `stage` orders the visit (0 imaging and re-reviews, 1 consults, 2 walkthrough): a need
    starts after every need of an earlier stage has ended. `days_after_previous_stage`
    keeps, e.g., the walkthrough at least a day after the consults so the team can meet.
    """

    key: str
    service: str
    label: str
    duration_minutes: int
    stage: int
    days_after_previous_stage: int = 0


@dataclass(frozen=True)
class VisitAsk:
    """What one patient needs, where, and when they can travel."""

    key: str
    site: str
    site_label: str
    needs: tuple[Need, ...]
    earliest_day: date
    latest_day: date
    urgent: bool = False
    arrive_after_minute: int = 0
    leave_before_minute: int = MINUTES_PER_DAY
    gap_minutes: int = 15


@dataclass(frozen=True)
class PlannedAppointment:
    need_key: str
    service: str
    label: str
    resource_id: str
    resource_label: str
    day: date
    start_minute: int
    end_minute: int


@dataclass(frozen=True)
class Itinerary:
    ask_key: str
    appointments: tuple[PlannedAppointment, ...]

    @property
    def first_day(self) -> date:
        return min(a.day for a in self.appointments)

    @property
    def last_day(self) -> date:
        return max(a.day for a in self.appointments)

    @property
    def days_on_site(self) -> int:
        return (self.last_day - self.first_day).days + 1


@dataclass(frozen=True)
class Unplanned:
    ask_key: str
    reasons: tuple[str, ...]


@dataclass
class PlanResult:
    itineraries: dict[str, Itinerary] = field(default_factory=dict)
    unplanned: dict[str, Unplanned] = field(default_factory=dict)
    solve_seconds: float = 0.0
    status: str = ""


@dataclass(frozen=True)
class _Candidate:
    """A pooled start: `capacity` interchangeable resources free at the same time."""

    day_index: int
    day: date
    start_minute: int
    end_minute: int
    slots: tuple[Slot, ...]

    @property
    def absolute_start(self) -> int:
        return self.day_index * MINUTES_PER_DAY + self.start_minute

    @property
    def absolute_end(self) -> int:
        return self.day_index * MINUTES_PER_DAY + self.end_minute


def _pool(slots: list[Slot], origin: date) -> dict[tuple[str, str], list[_Candidate]]:
    grouped: dict[tuple[str, str, date, int, int], list[Slot]] = defaultdict(list)
    for slot in slots:
        grouped[(slot.site, slot.service, slot.day, slot.start_minute, slot.end_minute)].append(
            slot
        )
    pools: dict[tuple[str, str], list[_Candidate]] = defaultdict(list)
    for (site, service, day, start, end), members in sorted(grouped.items()):
        pools[(site, service)].append(
            _Candidate((day - origin).days, day, start, end, tuple(members))
        )
    return pools


def _fits(ask: VisitAsk, need: Need, candidate: _Candidate) -> bool:
    if not ask.earliest_day <= candidate.day <= ask.latest_day:
        return False
    if candidate.end_minute - candidate.start_minute < need.duration_minutes:
        return False
    if candidate.day == ask.earliest_day and candidate.start_minute < ask.arrive_after_minute:
        return False
    return not (
        candidate.day == ask.latest_day
        and candidate.start_minute + need.duration_minutes > ask.leave_before_minute
    )


def _day_text(day: date) -> str:
    return f"{day.day} {day:%b}"


def explain(ask: VisitAsk, slots: list[Slot]) -> tuple[str, ...]:
    """Why a request cannot be planned, need by need, in words a navigator can act on."""
    reasons = []
    for need in ask.needs:
        offered = [s for s in slots if s.site == ask.site and s.service == need.service]
        in_window = [
            s
            for s in offered
            if _fits(ask, need, _Candidate(0, s.day, s.start_minute, s.end_minute, (s,)))
        ]
        if in_window:
            continue
        later = sorted(s.day for s in offered if s.day > ask.latest_day)
        reason = (
            f"No {need.label.lower()} free at {ask.site_label} between "
            f"{_day_text(ask.earliest_day)} and {_day_text(ask.latest_day)}"
        )
        reason += f"; the first one free is on {_day_text(later[0])}." if later else "."
        reasons.append(reason)
    if not reasons:
        reasons.append(
            f"Each appointment has free slots between {_day_text(ask.earliest_day)} and "
            f"{_day_text(ask.latest_day)}, but not in the required order (imaging before "
            "consults, consults before the plan walkthrough) with travel time between them, "
            "once the other patients planned with this one have their slots."
        )
    return tuple(reasons)


_PoolKey = tuple[str, str, int, int, int]


def _pool_key(ask: VisitAsk, need: Need, candidate: _Candidate) -> _PoolKey:
    return (
        ask.site,
        need.service,
        candidate.day_index,
        candidate.start_minute,
        candidate.end_minute,
    )


def _stage_picks(
    ask: VisitAsk,
    stage_needs: list[Need],
    options: dict[str, list[_Candidate]],
    used: dict[_PoolKey, int],
    cursor: int,
    min_day: int,
) -> tuple[dict[str, _Candidate], int] | None:
    """The earliest-ending picks for one stage, trying each order of its appointments.

    Taking a stage's appointments in the order they were listed can fail where another
    order fits (the intake at 11:00 leaves the radiation oncologist's 13:00 free, the
    medical oncologist's 11:00 would not); the earliest end leaves the most room for the
    stages after it.
    """
    best: tuple[dict[str, _Candidate], int] | None = None
    for order in permutations(stage_needs):
        picks: dict[str, _Candidate] = {}
        taken: list[tuple[int, int]] = []
        for need in order:
            pick = next(
                (
                    c
                    for c in options[need.key]
                    if c.absolute_start >= cursor
                    and c.day_index >= min_day
                    and used[_pool_key(ask, need, c)] < len(c.slots)
                    and all(
                        c.absolute_end + ask.gap_minutes <= s or c.absolute_start >= e
                        for s, e in taken
                    )
                ),
                None,
            )
            if pick is None:
                break
            picks[need.key] = pick
            taken.append((pick.absolute_start, pick.absolute_end + ask.gap_minutes))
        if len(picks) < len(stage_needs):
            continue
        end = max(e for _, e in taken)
        if best is None or end < best[1]:
            best = (picks, end)
    return best


def _greedy_one(
    ask: VisitAsk, options: dict[str, list[_Candidate]], used: dict[_PoolKey, int]
) -> dict[str, _Candidate] | None:
    """The shortest visit found by walking the stages forward from each possible first day."""
    best: dict[str, _Candidate] | None = None
    best_score: tuple[int, int] | None = None
    stages = sorted({n.stage for n in ask.needs})
    first_days = sorted({c.day_index for found in options.values() for c in found})
    for first_day in first_days:
        cursor = first_day * MINUTES_PER_DAY
        min_day = first_day
        chosen: dict[str, _Candidate] = {}
        for stage in stages:
            stage_needs = [n for n in ask.needs if n.stage == stage]
            offset = max(n.days_after_previous_stage for n in stage_needs)
            if chosen and offset:
                min_day = max(c.day_index for c in chosen.values()) + offset
                cursor = max(cursor, min_day * MINUTES_PER_DAY)
            found = _stage_picks(ask, stage_needs, options, used, cursor, min_day)
            if found is None:
                chosen = {}
                break
            chosen.update(found[0])
            cursor = found[1]
        if not chosen:
            continue
        days = [c.day_index for c in chosen.values()]
        score = (max(days) - min(days), min(days))
        if best_score is None or score < best_score:
            best, best_score = chosen, score
    if best is not None:
        for need in ask.needs:
            used[_pool_key(ask, need, best[need.key])] += 1
    return best


def _priority(ask: VisitAsk, options: dict[str, list[_Candidate]]) -> tuple[bool, int, int]:
    """Urgent patients first, then those whose scarcest appointment has the fewest slots.

    A patient with one possible PET slot loses it for good if a patient with twenty
    options is planned first; the other way round, the second patient still has nineteen.
    """
    scarcest = min((sum(len(c.slots) for c in found) for found in options.values()), default=0)
    return (not ask.urgent, scarcest, (ask.latest_day - ask.earliest_day).days)


def _usage(
    by_key: dict[str, VisitAsk], chosen_by_ask: dict[str, dict[str, _Candidate]]
) -> dict[_PoolKey, int]:
    used: dict[_PoolKey, int] = defaultdict(int)
    for key, chosen in chosen_by_ask.items():
        ask = by_key[key]
        for need in ask.needs:
            used[_pool_key(ask, need, chosen[need.key])] += 1
    return used


def _repair(
    by_priority: list[VisitAsk],
    all_options: dict[str, dict[str, list[_Candidate]]],
    chosen_by_ask: dict[str, dict[str, _Candidate]],
) -> dict[str, dict[str, _Candidate]]:
    """Fit every still-unplanned patient into the capacity the plan left free.

    The solver can stop at its time limit (a large week, a busy machine) with complete
    itineraries still to be found. First each unplanned patient is tried in what is left;
    then, for one still unplanned, each planned patient holding a slot it could use is
    moved aside in turn, and the move is kept only if both then get a complete itinerary.
    Nobody already planned loses their visit, and every pick goes through the same
    capacity count.
    """
    deadline = time.perf_counter() + REPAIR_SECONDS
    by_key = {ask.key: ask for ask in by_priority}
    repaired = dict(chosen_by_ask)
    used = _usage(by_key, repaired)
    waiting = [
        ask
        for ask in by_priority
        if ask.key not in repaired and ask.needs and all(all_options[ask.key].values())
    ]
    for ask in waiting:
        found = _greedy_one(ask, all_options[ask.key], used)
        if found is not None:
            repaired[ask.key] = found
    for ask in waiting:
        if ask.key in repaired:
            continue
        wanted = {
            _pool_key(ask, need, c) for need in ask.needs for c in all_options[ask.key][need.key]
        }
        blocking = [
            key
            for key, chosen in repaired.items()
            if any(_pool_key(by_key[key], n, chosen[n.key]) in wanted for n in by_key[key].needs)
        ]
        for other_key in blocking:
            if time.perf_counter() > deadline:
                return repaired
            other = by_key[other_key]
            moved = repaired.pop(other_key)
            for need in other.needs:
                used[_pool_key(other, need, moved[need.key])] -= 1
            found = _greedy_one(ask, all_options[ask.key], used)
            again = _greedy_one(other, all_options[other_key], used) if found else None
            if found is not None and again is not None:
                repaired[ask.key], repaired[other_key] = found, again
                break
            if found is not None:
                for need in ask.needs:
                    used[_pool_key(ask, need, found[need.key])] -= 1
            repaired[other_key] = moved
            for need in other.needs:
                used[_pool_key(other, need, moved[need.key])] += 1
    return repaired


def plan(
    asks: list[VisitAsk],
    slots: list[Slot],
    *,
    time_limit_seconds: float = 4.0,
    workers: int = 2,
    seed: int = 0,
) -> PlanResult:
    """Plan every request at once; requests that cannot all fit are explained."""
    started = time.perf_counter()
    result = PlanResult()
    if not asks:
        return result
    origin = min(a.earliest_day for a in asks)
    pools = _pool(slots, origin)
    model = cp_model.CpModel()
    choice: dict[tuple[str, str], list[tuple[cp_model.IntVar, _Candidate]]] = {}
    usage: dict[_PoolKey, list[cp_model.IntVar]] = defaultdict(list)
    capacity: dict[_PoolKey, int] = {}
    hints: dict[str, dict[str, _Candidate] | None] = {}
    used: dict[_PoolKey, int] = defaultdict(int)
    planned: dict[str, cp_model.IntVar] = {}
    objective = []
    horizon = (max(a.latest_day for a in asks) - origin).days + 1

    all_options = {
        ask.key: {
            need.key: [c for c in pools.get((ask.site, need.service), []) if _fits(ask, need, c)]
            for need in ask.needs
        }
        for ask in asks
    }
    # A greedy first pass (urgent patients first, then the scarcest) gives the solver a good
    # starting point, so a week of patients solves within seconds.
    by_priority = sorted(asks, key=lambda a: _priority(a, all_options[a.key]))
    for ask in by_priority:
        options = all_options[ask.key]
        if ask.needs and all(options.values()):
            hints[ask.key] = _greedy_one(ask, options, used)

    for ask in asks:
        options = all_options[ask.key]
        if any(not found for found in options.values()) or not ask.needs:
            result.unplanned[ask.key] = Unplanned(ask.key, explain(ask, slots))
            continue
        hint = hints.get(ask.key)
        done = model.new_bool_var(f"planned_{ask.key}")
        model.add_hint(done, hint is not None)
        planned[ask.key] = done
        starts: dict[str, cp_model.IntVar] = {}
        ends: dict[str, cp_model.IntVar] = {}
        days: dict[str, cp_model.IntVar] = {}
        intervals = []
        for need in ask.needs:
            picks = []
            for candidate in options[need.key]:
                pick = model.new_bool_var("")
                model.add_hint(pick, hint is not None and hint[need.key] is candidate)
                picks.append((pick, candidate))
                key = _pool_key(ask, need, candidate)
                usage[key].append(pick)
                capacity[key] = len(candidate.slots)
            choice[(ask.key, need.key)] = picks
            model.add(sum(p for p, _ in picks) == done)
            start = model.new_int_var(0, horizon * MINUTES_PER_DAY, "")
            end = model.new_int_var(0, horizon * MINUTES_PER_DAY + ask.gap_minutes, "")
            day = model.new_int_var(0, horizon, "")
            model.add(start == sum(p * c.absolute_start for p, c in picks))
            model.add(end == sum(p * (c.absolute_end + ask.gap_minutes) for p, c in picks))
            model.add(day == sum(p * c.day_index for p, c in picks))
            # A complete hint (unplanned patients at zero) lets the solver start from it.
            chosen = hint[need.key] if hint is not None else None
            model.add_hint(start, chosen.absolute_start if chosen else 0)
            model.add_hint(end, chosen.absolute_end + ask.gap_minutes if chosen else 0)
            model.add_hint(day, chosen.day_index if chosen else 0)
            starts[need.key], ends[need.key], days[need.key] = start, end, day
            size = model.new_int_var(0, MINUTES_PER_DAY, "")
            model.add_hint(
                size, chosen.absolute_end + ask.gap_minutes - chosen.absolute_start if chosen else 0
            )
            intervals.append(model.new_optional_interval_var(start, size, end, done, ""))
        model.add_no_overlap(intervals)
        for earlier in ask.needs:
            for later in ask.needs:
                if earlier.stage < later.stage:
                    model.add(ends[earlier.key] <= starts[later.key]).only_enforce_if(done)
                    if later.days_after_previous_stage:
                        model.add(
                            days[later.key] >= days[earlier.key] + later.days_after_previous_stage
                        ).only_enforce_if(done)
        first = model.new_int_var(0, horizon, "")
        last = model.new_int_var(0, horizon, "")
        model.add_min_equality(first, list(days.values()))
        model.add_max_equality(last, list(days.values()))
        model.add_hint(first, min(c.day_index for c in hint.values()) if hint else 0)
        model.add_hint(last, max(c.day_index for c in hint.values()) if hint else 0)
        # One complete visit outweighs everything; then fewer days; then, for urgent
        # patients most of all, earlier days; then the visit ending early on its last day,
        # so the patient can travel home that day (a minute weighs less than a day).
        finish = model.new_int_var(0, horizon * MINUTES_PER_DAY + ask.gap_minutes, "")
        model.add_max_equality(finish, list(ends.values()))
        model.add_hint(
            finish,
            max(c.absolute_end for c in hint.values()) + ask.gap_minutes if hint else 0,
        )
        objective.append(100_000_000 * done)
        objective.append(-1_000_000 * (last - first))
        objective.append(-(300_000 if ask.urgent else 10_000) * first)
        objective.append(-finish)

    for key, picks in usage.items():
        model.add(sum(picks) <= capacity[key])
    model.maximize(sum(objective))

    solver = cp_model.CpSolver()
    # The limit is for the whole call: the solver gets what building the model left.
    elapsed = time.perf_counter() - started
    solver.parameters.max_time_in_seconds = max(0.5, time_limit_seconds - elapsed)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    # Presolve can take the whole budget of a week's model on a busy machine and stop there
    # with no solution; the complete hint is a better start than a presolved model.
    solver.parameters.cp_model_presolve = False
    status = solver.solve(model)
    result.status = solver.status_name(status)
    solved = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    greedy_plan = _repair(
        by_priority, all_options, {key: hint for key, hint in hints.items() if hint is not None}
    )
    solver_plan = (
        _repair(
            by_priority,
            all_options,
            {
                ask.key: {
                    need.key: next(
                        c for p, c in choice[(ask.key, need.key)] if solver.boolean_value(p)
                    )
                    for need in ask.needs
                }
                for ask in asks
                if ask.key in planned and solver.boolean_value(planned[ask.key])
            },
        )
        if solved
        else {}
    )
    if not solved or len(solver_plan) < len(greedy_plan):
        # A busy machine can starve the solver; the greedy plan is valid, so keep it.
        result.status = f"{result.status}, greedy plan kept"
        chosen_by_ask = greedy_plan
    else:
        chosen_by_ask = solver_plan
    taken: dict[_PoolKey, int] = defaultdict(int)
    for ask in asks:
        if ask.key in result.unplanned:
            continue
        chosen = chosen_by_ask.get(ask.key)
        if chosen is None:
            result.unplanned[ask.key] = Unplanned(ask.key, explain(ask, slots))
            continue
        appointments = []
        for need in ask.needs:
            candidate = chosen[need.key]
            key = _pool_key(ask, need, candidate)
            slot = candidate.slots[taken[key]]
            taken[key] += 1
            appointments.append(
                PlannedAppointment(
                    need_key=need.key,
                    service=need.service,
                    label=need.label,
                    resource_id=slot.resource_id,
                    resource_label=slot.resource_label,
                    day=slot.day,
                    start_minute=slot.start_minute,
                    end_minute=slot.start_minute + need.duration_minutes,
                )
            )
        appointments.sort(key=lambda a: (a.day, a.start_minute))
        result.itineraries[ask.key] = Itinerary(ask.key, tuple(appointments))
    result.solve_seconds = time.perf_counter() - started
    return result


def _window_plan(ask: VisitAsk, slots: list[Slot]) -> Itinerary | None:
    """An itinerary that re-plans as it is when its own first to last day is the window.

    A suggestion is offered as its first to its last appointment day, and the navigator
    stores that window with the patient's own arrival and leave-by times; the window is
    narrowed and planned again until it matches, so the offered window is one that works.
    """
    while True:
        outcome = plan([ask], slots, time_limit_seconds=1.0, workers=1)
        itinerary = outcome.itineraries.get(ask.key)
        if itinerary is None or (itinerary.first_day, itinerary.last_day) == (
            ask.earliest_day,
            ask.latest_day,
        ):
            return itinerary
        ask = replace(ask, earliest_day=itinerary.first_day, latest_day=itinerary.last_day)


def alternatives(
    ask: VisitAsk, slots: list[Slot], *, count: int = 3, search_days: int = 21
) -> list[Itinerary]:
    """The nearest travel windows of the same length, later first, that can be planned.

    The patient's arrival and leave-by times stay: they are the patient's, not the window's.
    """
    length = (ask.latest_day - ask.earliest_day).days
    found: list[Itinerary] = []
    seen: set[tuple[tuple[str, date, int], ...]] = set()
    for shift in range(1, search_days + 1):
        moved = replace(
            ask,
            earliest_day=ask.earliest_day + timedelta(days=shift),
            latest_day=ask.earliest_day + timedelta(days=shift + length),
        )
        itinerary = _window_plan(moved, slots)
        if itinerary is None:
            continue
        signature = tuple((a.need_key, a.day, a.start_minute) for a in itinerary.appointments)
        if signature in seen:
            continue
        seen.add(signature)
        found.append(itinerary)
        if len(found) >= count:
            break
    return found


def respects_order(ask: VisitAsk, itinerary: Itinerary) -> bool:
    """Whether an itinerary keeps the visit's order, travel gaps and day offsets."""
    by_need = {a.need_key: a for a in itinerary.appointments}
    needs = {n.key: n for n in ask.needs}
    for earlier in ask.needs:
        for later in ask.needs:
            if earlier.stage >= later.stage:
                continue
            a, b = by_need[earlier.key], by_need[later.key]
            end_a = (a.day - ask.earliest_day).days * MINUTES_PER_DAY + a.end_minute
            start_b = (b.day - ask.earliest_day).days * MINUTES_PER_DAY + b.start_minute
            if end_a + ask.gap_minutes > start_b:
                return False
            if (b.day - a.day).days < needs[later.key].days_after_previous_stage:
                return False
    return True

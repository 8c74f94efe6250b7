"""Discrete-event simulation (SimPy) of the second-opinion program's time to opinion.

Pure: no Django import. Time runs in business days (1.0 = one business day, day n is
weekday n % 5 with 0 a Monday), the unit of every SLA clock. The model follows what the
product does, person by person rather than in anonymous pools:

* the navigator who takes the first call owns the case (DESIGN promise 1): intake, then,
  when the outside records are in, marks them complete (the opinion clock starts,
  `cases.sla.clock_state`) and sets up the review;
* the review is done in parallel, as `review.team_services.reviewers_confirm` hands
  every confirmed reviewer a task at once: the attending of the team's lead specialty
  (`review.proposals`), a pathologist for every case, a radiologist when asked;
  each reviewer is the least loaded eligible person *working at the case's site*
  (`case_review_start` and `disease_team_member_add` refuse anyone else), so a
  pathologist covering both sites serves both, an oncologist of one site only that site;
* each person works their list earliest due first (`cases.selectors.tasks_for` and
  `reviewer_worklist` order by due date): the attending's task is due at the opinion
  deadline (`cases.services.case_review_start`), a re-review at 60 % of the time left to
  it (`review_task_due`); first come first served is kept for comparison;
* the case is discussed at the next session of its site's tumor board once every
  finding is in; the agenda is urgent first, then nearest deadline
  (`board_services.board_agenda_build`);
* the attending drafts the opinion once the findings are in, while the case waits for its
  board session (a drafted case stays on the agenda: `review.team_services.
  REVIEW_STATUSES`), and signs it after the board has met;
* a patient who comes in person has the visit booked when the records are complete
  (`scheduling.services.itinerary_accept` accepts an itinerary "arranged ahead of
  review"), by the product's own planner (`scheduling.planner.plan`) on the free slots of
  the site's clinic week (`ClinicWeek`, the templates `scheduling.demo` builds): CT, then
  a consult with the lead specialty, then the plan walkthrough at least a business day
  later "so the team can meet"; booked slots are taken from later patients. The case is
  discussed at the board after the consult; the attending's task is due at the
  walkthrough (`scheduling.services.review_task_due_at_walkthrough`), and the signed
  opinion is delivered there (`review.services`), the walkthrough moving by whole days
  when the opinion is not signed in time;
* a remote patient's opinion is delivered by the owning navigator once it is signed.

Every number is a field of `Staffing` or `Workload` whose metadata says where it comes
from (`assumptions`). The report gives the median and 90th percentile business days from
request and from records complete to opinion, the share delivered after the SLA, the
share of walkthroughs moved, each person's utilisation and mean wait, the mean days each
stage takes, and the bottleneck: the busiest resource, where queues grow first.
"""

from __future__ import annotations

import math
import random
import statistics
from collections import defaultdict
from collections.abc import Generator, Iterable
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from typing import Any

import simpy

from secondlook.review.proposals import DEFAULT_LEAD, TEAM_LEAD, team_kind_for
from secondlook.scheduling.planner import Itinerary, Need, Slot, VisitAsk, plan

HOURS_PER_DAY = 8.0
# A business day runs from the clinics' opening to their close; time of day in the model is
# the share of that span that has passed.
CLINIC_OPENS, CLINIC_CLOSES = 8.0, 17.0


def clock(hour: int, minute: int = 0) -> float:
    """The business-day fraction of a clock time, e.g. clock(16) for a 16:00 board."""
    return (hour + minute / 60 - CLINIC_OPENS) / (CLINIC_CLOSES - CLINIC_OPENS)


# Business day n of the model falls on this calendar: weekday n % 5 of week n // 5.
FIRST_MONDAY = date(2030, 1, 7)


def date_of(day: int) -> date:
    """The calendar date of business day `day` (the planner plans in dates)."""
    return FIRST_MONDAY + timedelta(days=7 * (day // DAYS_PER_WEEK) + day % DAYS_PER_WEEK)


def business_time(day: date, minute: int) -> float:
    """Model time of a clock minute on a calendar date."""
    offset = (day - FIRST_MONDAY).days
    return DAYS_PER_WEEK * (offset // 7) + offset % 7 + clock(0, minute)


DAYS_PER_WEEK = 5
NAVIGATOR, SPECIALIST, PATHOLOGIST, RADIOLOGIST = (
    "navigator",
    "specialist",
    "pathologist",
    "radiologist",
)


def _assumption(default: Any = None, *, source: str, factory: Any = None) -> Any:
    """A model parameter that carries where its value comes from, for the bench to print."""
    if factory is not None:
        return field(default_factory=factory, metadata={"source": source})
    return field(default=default, metadata={"source": source})


def assumptions(params: Staffing | Workload) -> list[tuple[str, object, str]]:
    """(name, value, source) of every parameter of a `Staffing` or `Workload`."""
    return [
        (f.name, getattr(params, f.name), f.metadata["source"])
        for f in fields(params)
        if "source" in f.metadata
    ]


@dataclass(frozen=True)
class Person:
    """One member of staff: their username, what they do, where they work."""

    name: str
    role: str  # navigator, specialist, pathologist or radiologist
    sites: frozenset[str]
    specialty: str = ""  # a value of accounts.choices.Specialty, for specialists


@dataclass(frozen=True)
class ClinicWeek:
    """Each site's bookable week, as `scheduling/demo.py` builds its clinic templates: a CT
    scanner all day, and every specialist's two clinic sessions a weekday — the oncologists
    who walk patients through their plan do so in the morning session and see consults in
    the afternoon; other specialists see consults in both."""

    walkthrough_session: tuple[int, int] = (8, 12)
    consult_session: tuple[int, int] = (13, 16)
    scanner_hours: tuple[int, int] = (7, 19)
    scan_minutes: int = 30
    clinic_slot_minutes: int = 60
    walkthrough_specialties: frozenset[str] = frozenset(
        {"medical_oncology", "gynecologic_oncology"}
    )

    def sessions(self, specialty: str) -> tuple[tuple[str, tuple[int, int]], ...]:
        """(service, (from hour, to hour)) of one specialist's clinic day."""
        if specialty in self.walkthrough_specialties:
            return (
                ("plan_walkthrough", self.walkthrough_session),
                (specialty, self.consult_session),
            )
        return ((specialty, self.walkthrough_session), (specialty, self.consult_session))


@dataclass(frozen=True)
class Staffing:
    people: tuple[Person, ...]
    clinics: ClinicWeek = _assumption(
        source="bench --walkthrough-session; the clinic templates of scheduling/demo.py; "
        "in-person visits are planned on them by the product's planner (scheduling.planner)",
        factory=ClinicWeek,
    )
    clinical_share: float = _assumption(
        0.5,
        source="bench --clinical-share; share of a clinician's working day given to second "
        "opinions; no program data, the earlier model's figure",
    )
    navigator_share: float = _assumption(
        0.8, source="share of a navigator's day for this program; the earlier model's figure"
    )

    @property
    def sites(self) -> list[str]:
        return sorted({site for person in self.people for site in person.sites})


@dataclass(frozen=True)
class Workload:
    arrivals_per_day: float = _assumption(
        2.0, source="bench --arrivals; requests per business day (Poisson); no program data"
    )
    site_mix: dict[str, float] = _assumption(
        source="share of requests per site; empty = an equal share for each staffed site",
        factory=dict,
    )
    cancer_mix: dict[str, float] = _assumption(
        source="OncoTree code -> share of requests; assumed, the earlier model's mix",
        factory=lambda: {"COAD": 0.2, "IDC": 0.25, "LUAD": 0.15, "PRAD": 0.1,
                         "UEC": 0.1, "HGSOC": 0.05, "PAAD": 0.05, "SKCM": 0.1},
    )  # fmt: skip
    urgent_share: float = _assumption(0.2, source="share of urgent cases; assumed")
    records_days_routine: float = _assumption(
        3.0, source="median business days to get outside records (log-normal); assumed"
    )
    records_days_urgent: float = _assumption(
        1.5, source="the same for urgent cases (chased harder); assumed"
    )
    records_spread: float = _assumption(
        0.5, source="sigma of the log-normal records delay; assumed"
    )
    first_contact_days: int = _assumption(
        1, source="SLA, request -> first contact; accounts.models.Program default"
    )
    opinion_days_routine: int = _assumption(
        10, source="SLA, records complete -> opinion delivered; accounts.models.Program default"
    )
    opinion_days_urgent: int = _assumption(
        5, source="the same for urgent cases; accounts.models.Program default"
    )
    review_due_share: float = _assumption(
        0.6,
        source="a confirmed reviewer's task (pathology, radiology) is due at this share of "
        "the time left to the opinion deadline; review.team_services.review_task_due. The "
        "attending's task is due at the deadline itself (cases.services.case_review_start)",
    )
    dispatch: str = _assumption(
        "edf",
        source="'edf': each person works earliest due first, as cases.selectors.tasks_for "
        "and reviewer_worklist order their lists; 'fifo': first come first served",
    )
    radiology_share: float = _assumption(
        1.0,
        source="share of cases with a radiology re-review; review.proposals proposes a "
        "radiologist only when the patient asks about scans, so 1.0 is an upper bound",
    )
    remote_cross_site: bool = _assumption(
        False,
        source="bench --remote-cross-site; a patient who does not come in person may have an "
        "attending of another site. NOT what the product does: case_review_start and "
        "disease_team_member_add accept only clinicians working at the case's site",
    )
    visit_share: float = _assumption(
        0.5, source="bench --visit-share; share of patients who come in person; assumed"
    )
    visit_lead_days: int = _assumption(
        1,
        source="business days from records complete to the earliest visit day the patient "
        "can travel; assumed (the earlier model booked the day after the board)",
    )
    visit_window_days: int = _assumption(
        3,
        source="business days after the earliest day in which the patient can come: the "
        "travel window the navigator gives the planner, the next one tried when nothing "
        "fits; assumed",
    )
    board_weekdays: tuple[int, ...] = _assumption(
        (0, 1, 2, 3, 4),
        source="bench --board-weekdays; weekdays (0 = Monday) each site's tumor board "
        "meets; the product fixes no frequency (board_services.board_session_create); "
        "daily is the earlier model's assumption",
    )
    board_at: float = _assumption(
        clock(16), source="time of day of a board session (16:00, after the consults); assumed"
    )
    board_cases_per_session: int = _assumption(10, source="cases one session discusses; assumed")
    board_share: float = _assumption(
        1.0,
        source="bench --board-share; share of cases discussed at a board; the product lets "
        "the attending write the opinion without a consensus (review.services."
        "opinion_draft_save), DESIGN promises tumor board sessions: default every case",
    )
    intake_hours: float = _assumption(0.75, source="navigator time for intake; assumed")
    review_setup_hours: float = _assumption(
        0.25,
        source="navigator time to mark records complete, start the review, propose and "
        "confirm reviewers (cases.services, review.team_services); assumed",
    )
    pathology_hours: float = _assumption(1.0, source="pathology re-review; assumed")
    radiology_hours: float = _assumption(0.5, source="radiology re-review; assumed")
    review_hours: float = _assumption(2.0, source="attending's review and findings; assumed")
    draft_hours: float = _assumption(
        0.75,
        source="attending drafts the opinion once the findings are in, before the board; assumed",
    )
    sign_hours: float = _assumption(
        0.25, source="attending revises the draft after the board and signs it; assumed"
    )
    delivery_hours: float = _assumption(0.25, source="navigator delivers; assumed")


@dataclass(frozen=True)
class Request:
    """One request for an opinion, with what chance decides about it up front."""

    at: float
    cancer: str
    urgent: bool
    site: str
    records_days: float
    in_person: bool = False
    radiology: bool = True
    board: bool = True


@dataclass(frozen=True)
class Outcome:
    """What happened to one request, in business days since the start."""

    request: Request
    attending: str
    records_complete: float
    reviews_done: float
    discussed: float | None
    walkthrough: float | None
    walkthrough_booked: float | None
    opinion_written: float
    delivered: float
    opinion_due: float

    @property
    def late(self) -> bool:
        return self.delivered > self.opinion_due


@dataclass(frozen=True)
class SimulationReport:
    cases: int
    unfinished: int
    median_request_to_opinion: float
    p90_request_to_opinion: float
    median_records_to_opinion: float
    p90_records_to_opinion: float
    late_share: float
    walkthroughs_moved_share: float
    utilisation: dict[str, float]
    mean_wait_days: dict[str, float]
    stage_days: dict[str, float]
    bottleneck: str


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return math.nan
    index = q * (len(ordered) - 1)
    low, high = math.floor(index), math.ceil(index)
    return ordered[low] + (ordered[high] - ordered[low]) * (index - low)


def lead_specialty(cancer: str) -> str:
    """The specialty that leads the review: the product's own rule (review.proposals)."""
    return TEAM_LEAD.get(team_kind_for(cancer), DEFAULT_LEAD)


class _Program:
    def __init__(self, env: simpy.Environment, staffing: Staffing, workload: Workload) -> None:
        if workload.dispatch not in ("edf", "fifo"):
            raise ValueError(f"Unknown dispatch {workload.dispatch!r}: use 'edf' or 'fifo'.")
        self.env = env
        self.staffing = staffing
        self.workload = workload
        self.desks = {p.name: simpy.PreemptiveResource(env, 1) for p in staffing.people}
        self.people = {p.name: p for p in staffing.people}
        self.open_cases: dict[str, int] = defaultdict(int)
        self.busy: dict[str, float] = defaultdict(float)
        self.waits: dict[str, list[float]] = defaultdict(list)
        self.board_queue: dict[str, list[tuple[tuple[int, float, int], float, simpy.Event]]] = (
            defaultdict(list)
        )
        self.board_used: dict[str, int] = defaultdict(int)
        self.board_sessions: dict[str, int] = defaultdict(int)
        self.booked: set[tuple[str, date, int]] = set()
        self.clinic_slots_offered = 0
        self.outcomes: list[Outcome] = []
        self.sequence = 0

    def share(self, name: str) -> float:
        role = self.people[name].role
        return self.staffing.navigator_share if role == NAVIGATOR else self.staffing.clinical_share

    def least_loaded(self, site: str | None, role: str, specialties: Iterable[str] = ("",)) -> str:
        """Assign the eligible person at the site (any site if None) with the fewest open
        assignments, as review.proposals proposes the member with the fewest open reviews
        (ties by name). The caller releases the assignment with `release`."""
        for specialty in specialties:
            eligible = [
                p.name
                for p in self.staffing.people
                if p.role == role
                and (site is None or site in p.sites)
                and (not specialty or p.specialty == specialty)
            ]
            if eligible:
                chosen = min(eligible, key=lambda name: (self.open_cases[name], name))
                self.open_cases[chosen] += 1
                return chosen
        wanted = " or ".join(dict.fromkeys(s for s in specialties if s)) or role
        raise ValueError(f"No {wanted} works at {site}: the case cannot be reviewed there.")

    def work(
        self, name: str, hours: float, due: float, *, interrupts: bool = False
    ) -> Generator[Any, Any, float]:
        """`hours` of one person's program time; their list is worked by due date (EDF) or
        in order of arrival (FIFO). Work that `interrupts` (signing an opinion for a patient
        who is walked through it the next morning) stops a task due later, which resumes
        afterwards. Returns when the work started."""
        asked = self.env.now
        priority = due if self.workload.dispatch == "edf" else 0.0
        remaining = hours / (HOURS_PER_DAY * self.share(name))
        started: float | None = None
        while remaining > 1e-9:
            with self.desks[name].request(priority=priority, preempt=interrupts) as turn:
                begun = None
                try:
                    yield turn
                    begun = self.env.now
                    if started is None:
                        started = begun
                        self.waits[name].append(started - asked)
                    yield self.env.timeout(remaining)
                    remaining = 0.0
                except simpy.Interrupt:
                    if begun is not None:
                        remaining -= self.env.now - begun
                if begun is not None:
                    self.busy[name] += self.env.now - begun
        return started if started is not None else self.env.now

    def review(self, name: str, hours: float, due: float) -> Generator:
        """A re-review: the reviewer's assignment is open until the findings are in."""
        yield from self.work(name, hours, due)
        self.open_cases[name] -= 1

    def board(self, site: str) -> Generator:
        """Each site's board meets on its weekdays; the agenda is urgent first, then by
        nearest deadline, up to the session's capacity."""
        day = 0
        while True:
            if day % DAYS_PER_WEEK in self.workload.board_weekdays:
                yield self.env.timeout(max(0.0, day + self.workload.board_at - self.env.now))
                self.board_sessions[site] += 1
                waiting = sorted(
                    (item for item in self.board_queue[site] if item[1] <= self.env.now),
                    key=lambda item: item[0],
                )
                taken = waiting[: self.workload.board_cases_per_session]
                self.board_queue[site] = [i for i in self.board_queue[site] if i not in taken]
                self.board_used[site] += len(taken)
                for _, _, event in taken:
                    event.succeed()
            day += 1
            yield self.env.timeout(max(0.0, day - self.env.now))

    def clinic_slots(self, site: str, first: int, last: int) -> list[Slot]:
        """The site's free slots on business days `first` to `last`, as
        `scheduling.selectors.free_slots` hands them to the planner."""
        clinics = self.staffing.clinics
        slots = []
        for day in range(first, last + 1):
            when = date_of(day)
            opens, closes = clinics.scanner_hours
            for minute in range(opens * 60, closes * 60, clinics.scan_minutes):
                end = minute + clinics.scan_minutes
                slots.append(Slot(f"ct {site}", f"CT {site}", site, "ct", when, minute, end))
            for person in self.staffing.people:
                if person.role != SPECIALIST or site not in person.sites:
                    continue
                for service, (opens, closes) in clinics.sessions(person.specialty):
                    for minute in range(opens * 60, closes * 60, clinics.clinic_slot_minutes):
                        end = minute + clinics.clinic_slot_minutes
                        slots.append(
                            Slot(person.name, person.name, site, service, when, minute, end)
                        )
        return [s for s in slots if (s.resource_id, s.day, s.start_minute) not in self.booked]

    def visit_book(self, request: Request, earliest: int) -> Itinerary:
        """Plan the visit with the product's planner — CT, a consult with the lead specialty,
        the plan walkthrough at least a business day later — on the free slots of the first
        travel window that has room, and book it."""
        specialties = {p.specialty for p in self.staffing.people if request.site in p.sites}
        lead = lead_specialty(request.cancer)
        consult = lead if lead in specialties else DEFAULT_LEAD
        needs = (
            Need("ct", "ct", "CT scan", 30, 0),
            Need("consult", consult, "Consult", 60, 1),
            Need("walkthrough", "plan_walkthrough", "Plan walkthrough", 45, 2, 1),
        )
        self.sequence += 1
        first = earliest
        while first <= earliest + 6 * self.workload.visit_window_days:
            last = first + self.workload.visit_window_days
            ask = VisitAsk(
                key=f"visit-{self.sequence}",
                site=request.site,
                site_label=request.site,
                needs=needs,
                earliest_day=date_of(first),
                latest_day=date_of(last),
                urgent=request.urgent,
            )
            found = plan([ask], self.clinic_slots(request.site, first, last), workers=1)
            itinerary = found.itineraries.get(ask.key)
            if itinerary is not None:
                for appointment in itinerary.appointments:
                    self.booked.add(
                        (appointment.resource_id, appointment.day, appointment.start_minute)
                    )
                return itinerary
            first = last + 1
        raise ValueError(f"No visit with a {consult} consult at {request.site} can be planned.")

    def case(self, request: Request) -> Generator:
        w = self.workload
        yield self.env.timeout(max(0.0, request.at - self.env.now))
        navigator = self.least_loaded(request.site, NAVIGATOR)
        yield from self.work(navigator, w.intake_hours, request.at + w.first_contact_days)
        yield self.env.timeout(request.records_days)
        sla = w.opinion_days_urgent if request.urgent else w.opinion_days_routine
        complete = yield from self.work(
            navigator, w.review_setup_hours, self.env.now + sla * w.review_due_share
        )
        due = complete + sla
        review_due = complete + sla * w.review_due_share
        anywhere = w.remote_cross_site and not request.in_person
        attending = self.least_loaded(
            None if anywhere else request.site,
            SPECIALIST,
            (lead_specialty(request.cancer), DEFAULT_LEAD),
        )
        consulted = planned_walkthrough = None
        if request.in_person:
            booked = {
                a.need_key: a
                for a in self.visit_book(
                    request, math.floor(complete) + w.visit_lead_days
                ).appointments
            }
            consulted = business_time(booked["consult"].day, booked["consult"].end_minute)
            walk = booked["walkthrough"]
            planned_walkthrough = business_time(walk.day, walk.start_minute)
        # The attending's task, "Review case and draft opinion", is due at the opinion
        # deadline (cases.services.case_review_start), or at the booked walkthrough if
        # that is sooner (scheduling.services.review_task_due_at_walkthrough); the other
        # reviewers' at 60 %.
        attending_due = min(due, planned_walkthrough) if planned_walkthrough else due
        reviews = [
            self.env.process(self.work(attending, w.review_hours, attending_due)),
            self.env.process(
                self.review(
                    self.least_loaded(request.site, PATHOLOGIST), w.pathology_hours, review_due
                )
            ),
        ]
        if request.radiology:
            radiologist = self.least_loaded(request.site, RADIOLOGIST)
            reviews.append(
                self.env.process(self.review(radiologist, w.radiology_hours, review_due))
            )
        yield self.env.all_of(reviews)
        ready = self.env.now
        # The attending drafts while the case waits for its board session.
        drafted = self.env.process(self.work(attending, w.draft_hours, attending_due))
        discussed = None
        if request.board:
            event = self.env.event()
            self.sequence += 1
            key = (0 if request.urgent else 1, due, self.sequence)
            # An in-person case is discussed after the consult.
            not_before = consulted if consulted is not None else 0.0
            self.board_queue[request.site].append((key, not_before, event))
            yield event
            discussed = self.env.now
            self.waits[f"tumor board {request.site}"].append(discussed - ready)
        yield drafted
        yield from self.work(
            attending, w.sign_hours, attending_due, interrupts=planned_walkthrough is not None
        )
        written = self.env.now
        walkthrough = planned_walkthrough
        if walkthrough is not None:
            # Held as booked; moved by whole days when the opinion is not signed by then.
            walkthrough += max(0, math.ceil(written - walkthrough))
            yield self.env.timeout(max(0.0, walkthrough - self.env.now))
        yield from self.work(navigator, w.delivery_hours, due)
        # The navigator owns the case and the attending writes it up until delivery.
        self.open_cases[navigator] -= 1
        self.open_cases[attending] -= 1
        self.outcomes.append(
            Outcome(
                request=request,
                attending=attending,
                records_complete=complete,
                reviews_done=ready,
                discussed=discussed,
                walkthrough=walkthrough,
                walkthrough_booked=planned_walkthrough,
                opinion_written=written,
                delivered=self.env.now,
                opinion_due=due,
            )
        )


def _run(staffing: Staffing, workload: Workload, requests: list[Request], until: float) -> _Program:
    env = simpy.Environment()
    program = _Program(env, staffing, workload)
    for site in staffing.sites:
        env.process(program.board(site))
    for request in sorted(requests, key=lambda r: r.at):
        env.process(program.case(request))
    env.run(until=until)
    return program


def replay(
    staffing: Staffing, workload: Workload, requests: list[Request], *, until: float = 60.0
) -> list[Outcome]:
    """Run the given requests (no randomness) and return what happened to each, in the
    order their opinions were delivered."""
    return _run(staffing, workload, requests, until).outcomes


def requests_drawn(
    staffing: Staffing, workload: Workload, days: float, rng: random.Random
) -> list[Request]:
    """Poisson arrivals over `days`, each with its type, site, urgency and chances drawn."""
    sites = workload.site_mix or dict.fromkeys(staffing.sites, 1.0)
    site_names, site_weights = zip(*sites.items(), strict=True)
    types, type_weights = zip(*workload.cancer_mix.items(), strict=True)
    requests = []
    now = rng.expovariate(workload.arrivals_per_day)
    while now < days:
        urgent = rng.random() < workload.urgent_share
        median = workload.records_days_urgent if urgent else workload.records_days_routine
        requests.append(
            Request(
                at=now,
                cancer=rng.choices(types, type_weights)[0],
                urgent=urgent,
                site=rng.choices(site_names, site_weights)[0],
                records_days=rng.lognormvariate(math.log(median), workload.records_spread),
                in_person=rng.random() < workload.visit_share,
                radiology=rng.random() < workload.radiology_share,
                board=rng.random() < workload.board_share,
            )
        )
        now += rng.expovariate(workload.arrivals_per_day)
    return requests


def _stage_days(outcomes: list[Outcome]) -> dict[str, float]:
    """Mean business days of each step from records complete to delivery."""
    spans: dict[str, list[float]] = defaultdict(list)
    for o in outcomes:
        spans["reviews (all findings in)"].append(o.reviews_done - o.records_complete)
        after_board = o.discussed if o.discussed is not None else o.reviews_done
        spans["draft, then the board"].append(after_board - o.reviews_done)
        spans["opinion signed"].append(o.opinion_written - after_board)
        after_walkthrough = o.walkthrough if o.walkthrough is not None else o.opinion_written
        spans["waiting for the walkthrough"].append(after_walkthrough - o.opinion_written)
        spans["delivered"].append(o.delivered - after_walkthrough)
    return {stage: round(statistics.fmean(v), 3) for stage, v in spans.items()}


def simulate(
    staffing: Staffing,
    workload: Workload | None = None,
    *,
    days: int = 250,
    warmup_days: int = 30,
    drain_days: int = 30,
    seed: int = 2026,
) -> SimulationReport:
    """Run `days` business days; cases requested during the warm-up are not counted, and
    cases requested later get `drain_days` to finish (those that do not are reported)."""
    workload = workload or Workload()
    horizon = days + drain_days
    requests = requests_drawn(staffing, workload, horizon, random.Random(seed))
    program = _run(staffing, workload, requests, horizon)
    counted = [o for o in program.outcomes if warmup_days <= o.request.at < days]
    asked = sum(1 for r in requests if warmup_days <= r.at < days)
    to_opinion = [o.delivered - o.request.at for o in counted]
    walked = [o for o in counted if o.walkthrough is not None and o.walkthrough_booked is not None]
    from_records = [o.delivered - o.records_complete for o in counted]
    utilisation = {
        name: round(busy / horizon, 3) for name, busy in program.busy.items() if busy > 0
    }
    for site, sessions in program.board_sessions.items():
        utilisation[f"tumor board {site}"] = round(
            program.board_used[site] / max(1, sessions * workload.board_cases_per_session), 3
        )
    waits = {name: round(statistics.fmean(v), 3) for name, v in program.waits.items() if v}
    # The bottleneck is the busiest resource: the one that limits how many opinions the
    # program can give, and where queues grow first when requests rise.
    bottleneck = max(utilisation, key=lambda name: (utilisation[name], waits.get(name, 0.0)))
    return SimulationReport(
        cases=len(counted),
        unfinished=asked - len(counted),
        median_request_to_opinion=round(statistics.median(to_opinion), 2),
        p90_request_to_opinion=round(_quantile(to_opinion, 0.9), 2),
        median_records_to_opinion=round(statistics.median(from_records), 2),
        p90_records_to_opinion=round(_quantile(from_records, 0.9), 2),
        late_share=round(sum(o.late for o in counted) / len(counted), 3),
        walkthroughs_moved_share=round(
            sum(o.walkthrough > o.walkthrough_booked for o in walked) / max(1, len(walked)), 3
        ),
        utilisation=utilisation,
        mean_wait_days=waits,
        stage_days=_stage_days(counted),
        bottleneck=bottleneck,
    )

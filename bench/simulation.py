"""Simulate the demo program's time to opinion (SimPy) on its own staffing.

Staff are read from `secondlook/demo/program.py` (the STAFF table: username, role, sites,
specialty) without Django or a database: the file is parsed, not imported. Reports median
and p90 business days from records complete to opinion delivered (target: median <= 2,
p90 <= 4) and from request to opinion, the share delivered after the SLA, each person's
utilisation, where the time goes, and the bottleneck. Every assumption is printed with
where it comes from.

    .venv/bin/python bench/simulation.py [--arrivals 2.0] [--dispatch edf|fifo]
        [--board-weekdays 0,1,2,3,4] [--board-share 1.0] [--site-mix pasadena=2,chicago=1]
        [--visit-share 0.5] [--clinical-share 0.5] [--walkthrough-session morning] [--days 250]
        [--seed 2026]
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from secondlook.scheduling.simulation import (  # noqa: E402
    NAVIGATOR,
    PATHOLOGIST,
    RADIOLOGIST,
    SPECIALIST,
    ClinicWeek,
    Person,
    Staffing,
    Workload,
    assumptions,
    simulate,
)

ROLES = {
    "NAVIGATOR": NAVIGATOR,
    "SPECIALIST": SPECIALIST,
    "PATHOLOGIST": PATHOLOGIST,
    "RADIOLOGIST": RADIOLOGIST,
}
# The demo builds two of every three generated cases at Pasadena (`index % 3` in
# secondlook/demo/program.py): the only evidence of the program's site mix.
DEMO_SITE_MIX = "pasadena=2,chicago=1"


def demo_staff(path: Path) -> list[Person]:
    """The StaffSpec entries of the demo's STAFF table whose role the simulation schedules
    (tumor board chairs, supportive care and admins do no review work in the model)."""
    tree = ast.parse(path.read_text())
    people = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "StaffSpec"):
            continue
        args = list(node.args)
        role = args[3].attr if isinstance(args[3], ast.Attribute) else ""
        sites = args[4].elts if isinstance(args[4], ast.Tuple) else []
        specialty = args[5].attr if len(args) > 5 and isinstance(args[5], ast.Attribute) else ""
        username = args[0].value if isinstance(args[0], ast.Constant) else ""
        if role in ROLES:
            people.append(
                Person(
                    name=str(username),
                    role=ROLES[role],
                    sites=frozenset(str(s.value) for s in sites if isinstance(s, ast.Constant)),
                    specialty=specialty.lower(),
                )
            )
    return people


def _mix(text: str) -> dict[str, float]:
    pairs = (part.split("=") for part in text.split(",") if part)
    weights = {name.strip(): float(weight) for name, weight in pairs}
    total = sum(weights.values())
    return {name: weight / total for name, weight in weights.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--program", type=Path, default=ROOT / "secondlook/demo/program.py")
    parser.add_argument("--arrivals", type=float, default=2.0, help="requests per business day")
    parser.add_argument(
        "--clinical-share",
        type=float,
        default=0.5,
        help="share of a reviewer's working day given to second opinions",
    )
    parser.add_argument(
        "--visit-share", type=float, default=0.5, help="share of patients who come in person"
    )
    parser.add_argument("--dispatch", choices=("edf", "fifo"), default="edf")
    parser.add_argument(
        "--board-weekdays", default="0,1,2,3,4", help="weekdays boards meet, 0 = Monday"
    )
    parser.add_argument("--board-share", type=float, default=1.0, help="cases taken to board")
    parser.add_argument(
        "--remote-cross-site",
        action="store_true",
        help="what-if, needs a product change: remote cases may go to another site's attending",
    )
    parser.add_argument(
        "--walkthrough-session",
        choices=("morning", "afternoon"),
        default="morning",
        help="the oncologists' clinic session for plan walkthroughs (consults take the other)",
    )
    parser.add_argument("--site-mix", default=DEMO_SITE_MIX, help="site=weight,...")
    parser.add_argument("--days", type=int, default=250)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if not args.program.exists():
        sys.exit(f"The demo program is missing: {args.program}")
    people = demo_staff(args.program)
    if not people:
        sys.exit(f"No StaffSpec entries found in {args.program}")
    staffing = Staffing(
        people=tuple(people),
        clinics=ClinicWeek()
        if args.walkthrough_session == "morning"
        else ClinicWeek(walkthrough_session=(13, 17), consult_session=(8, 12)),
        clinical_share=args.clinical_share,
    )
    workload = Workload(
        arrivals_per_day=args.arrivals,
        visit_share=args.visit_share,
        dispatch=args.dispatch,
        board_weekdays=tuple(int(d) for d in args.board_weekdays.split(",") if d),
        board_share=args.board_share,
        site_mix=_mix(args.site_mix),
        remote_cross_site=args.remote_cross_site,
    )
    report = simulate(staffing, workload, days=args.days, seed=args.seed)
    print("staff:")
    for person in people:
        where = ", ".join(sorted(person.sites))
        print(f"  {person.name:<20} {person.role:<12} {person.specialty:<22} {where}")
    print("assumptions:")
    for name, value, source in [*assumptions(staffing), *assumptions(workload)]:
        print(f"  {name} = {value}\n      {source}")
    print(f"  site_mix default here: {DEMO_SITE_MIX} (two of three demo cases are at Pasadena)")
    print(
        f"cases counted: {report.cases} at {args.arrivals} requests per business day "
        f"({report.unfinished} requested in the window not finished by its end)"
    )
    print(
        f"request -> opinion: median {report.median_request_to_opinion}, "
        f"p90 {report.p90_request_to_opinion} business days"
    )
    print(
        f"records complete -> opinion: median {report.median_records_to_opinion}, "
        f"p90 {report.p90_records_to_opinion} business days (target <= 2 / <= 4); "
        f"{report.late_share:.1%} after the SLA"
    )
    print(
        f"plan walkthroughs moved because the opinion was not signed in time: "
        f"{report.walkthroughs_moved_share:.1%} of in-person patients"
    )
    print("mean business days per step, records complete -> delivered:")
    for stage, days in report.stage_days.items():
        print(f"  {stage:<28} {days:.2f}")
    for name, share in sorted(report.utilisation.items(), key=lambda kv: -kv[1]):
        wait = report.mean_wait_days.get(name, 0.0)
        print(f"  {name:<22} utilisation {share:6.1%}  mean wait {wait:.2f} business days")
    print(
        json.dumps(
            {
                "median_business_days": report.median_records_to_opinion,
                "p90_business_days": report.p90_records_to_opinion,
                "median_request_to_opinion": report.median_request_to_opinion,
                "p90_request_to_opinion": report.p90_request_to_opinion,
                "late_share": report.late_share,
                "walkthroughs_moved_share": report.walkthroughs_moved_share,
                "bottleneck": report.bottleneck,
                "cases": report.cases,
            }
        )
    )


if __name__ == "__main__":
    main()

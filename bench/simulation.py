"""Simulate the demo program's time to opinion (SimPy) on its own staffing.

Staffing is read from `secondlook/demo/program.py` (the STAFF table) without Django or a
database: the file is parsed, not imported. Reports median and p90 business days from
records complete to opinion delivered (target: median <= 2, p90 <= 4) and from request
to opinion, each resource's utilisation and the bottleneck.

    .venv/bin/python bench/simulation.py [--arrivals 2.0] [--days 250] [--seed 2026]
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from secondlook.scheduling.simulation import Staffing, Workload, simulate  # noqa: E402

REVIEWING_SPECIALTIES = {"MEDICAL_ONCOLOGY": "other", "GYNECOLOGIC_ONCOLOGY": "gyn"}


def demo_staff(path: Path) -> list[tuple[str, str, int]]:
    """(role, specialty, number of sites) of each StaffSpec in the demo's STAFF table."""
    tree = ast.parse(path.read_text())
    people = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "StaffSpec"):
            continue
        args = list(node.args)
        role = args[3].attr if isinstance(args[3], ast.Attribute) else ""
        sites = len(args[4].elts) if isinstance(args[4], ast.Tuple) else 0
        specialty = args[5].attr if len(args) > 5 and isinstance(args[5], ast.Attribute) else ""
        people.append((role, specialty, sites))
    return people


def staffing_from(
    people: list[tuple[str, str, int]], clinic_visits_per_day: int, clinical_share: float
) -> Staffing:
    roles = Counter(role for role, _, _ in people)
    reviewers = Counter(
        REVIEWING_SPECIALTIES[specialty]
        for role, specialty, _ in people
        if role == "SPECIALIST" and specialty in REVIEWING_SPECIALTIES
    )
    return Staffing(
        navigators=roles["NAVIGATOR"],
        reviewers=dict(reviewers),
        pathologists=roles["PATHOLOGIST"],
        radiologists=roles["RADIOLOGIST"],
        board_chairs=roles["TUMOR_BOARD_CHAIR"],
        clinic_visits_per_day=clinic_visits_per_day,
        clinical_share=clinical_share,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--program", type=Path, default=ROOT / "secondlook/demo/program.py")
    parser.add_argument("--arrivals", type=float, default=2.0, help="requests per business day")
    parser.add_argument("--visits-per-day", type=int, default=4, help="in-person visit slots")
    parser.add_argument(
        "--clinical-share",
        type=float,
        default=0.5,
        help="share of a reviewer's working day given to second opinions",
    )
    parser.add_argument(
        "--visit-share", type=float, default=0.5, help="share of patients who come in person"
    )
    parser.add_argument("--days", type=int, default=250)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if not args.program.exists():
        sys.exit(f"The demo program is missing: {args.program}")
    people = demo_staff(args.program)
    if not people:
        sys.exit(f"No StaffSpec entries found in {args.program}")
    staffing = staffing_from(people, args.visits_per_day, args.clinical_share)
    workload = Workload(arrivals_per_day=args.arrivals, visit_share=args.visit_share)
    report = simulate(staffing, workload, days=args.days, seed=args.seed)
    print(f"staffing: {staffing}")
    print(f"cases counted: {report.cases} at {args.arrivals} requests per business day")
    print(
        f"request -> opinion: median {report.median_request_to_opinion}, "
        f"p90 {report.p90_request_to_opinion} business days"
    )
    print(
        f"records complete -> opinion: median {report.median_records_to_opinion}, "
        f"p90 {report.p90_records_to_opinion} business days (target <= 2 / <= 4)"
    )
    for pool, share in sorted(report.utilisation.items(), key=lambda kv: -kv[1]):
        wait = report.mean_wait_days.get(pool, 0.0)
        print(f"  {pool:<22} utilisation {share:6.1%}  mean wait {wait:.2f} business days")
    print(
        json.dumps(
            {
                "median_business_days": report.median_records_to_opinion,
                "p90_business_days": report.p90_records_to_opinion,
                "median_request_to_opinion": report.median_request_to_opinion,
                "p90_request_to_opinion": report.p90_request_to_opinion,
                "bottleneck": report.bottleneck,
                "cases": report.cases,
            }
        )
    )


if __name__ == "__main__":
    main()

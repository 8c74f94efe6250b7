"""Benchmark the visit planner: one week, 100 patients, 40 clinicians, CT/MRI/PET at 2 sites.

Synthetic and seeded: every patient needs imaging, one or two consults and a plan
walkthrough a day later, and can travel for two or three days of the week. Reports the
solve time and the share of patients given a complete single-visit itinerary.
Targets: under 5 s, at least 95 %.

    .venv/bin/python bench/planner.py [--patients 100] [--seed 7] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from secondlook.scheduling.planner import Need, Slot, VisitAsk, plan, respects_order  # noqa: E402

SITES = ("pasadena", "chicago")
CONSULTS = (
    ("medical_oncology", "Medical oncologist", 18),
    ("radiation_oncology", "Radiation oncologist", 8),
    ("surgical_oncology", "Surgical oncologist", 8),
    ("supportive_intake", "Supportive-care intake", 6),
)
IMAGING = (("ct", "CT scan", 30, 3), ("mri", "MRI scan", 45, 2), ("pet", "PET scan", 60, 1))
WALKTHROUGH = ("plan_walkthrough", "Plan walkthrough", 45)


def _slots(monday: date, rng: random.Random) -> tuple[list[Slot], int]:
    slots: list[Slot] = []
    clinicians = 0
    days = [monday + timedelta(days=i) for i in range(5)]
    for service, label, count in CONSULTS:
        for index in range(count):
            clinicians += 1
            site = SITES[index % 2]
            clinic_days = rng.sample(days, 4)
            for day in clinic_days:
                for start in range(8 * 60, 16 * 60, 60):
                    # Medical oncologists hold consults one half-day and plan
                    # walkthroughs the other; half of them the other way round.
                    morning = start < 12 * 60
                    walkthrough = service == "medical_oncology" and morning == bool(index % 2)
                    what = WALKTHROUGH[0] if walkthrough else service
                    slots.append(
                        Slot(
                            f"{service}-{index}",
                            f"{label} {index}",
                            site,
                            what,
                            day,
                            start,
                            start + 60,
                        )
                    )
    for service, _label, minutes, per_site in IMAGING:
        for site in SITES:
            for index in range(per_site):
                for day in days:
                    for start in range(7 * 60, 19 * 60 - minutes + 1, minutes):
                        slots.append(
                            Slot(
                                f"{service}-{site}-{index}",
                                f"{service.upper()} {index}",
                                site,
                                service,
                                day,
                                start,
                                start + minutes,
                            )
                        )
    return slots, clinicians


def _asks(monday: date, patients: int, rng: random.Random) -> list[VisitAsk]:
    asks = []
    for number in range(patients):
        site = SITES[number % 2]
        service, label, minutes, _ = rng.choices(IMAGING, weights=(6, 3, 1))[0]
        needs = [Need("imaging", service, label, minutes, 0)]
        needs.append(Need("medonc", "medical_oncology", "Medical oncologist", 60, 1))
        extra = rng.random()
        if extra < 0.3:
            needs.append(Need("radonc", "radiation_oncology", "Radiation oncologist", 60, 1))
        elif extra < 0.55:
            needs.append(Need("surgonc", "surgical_oncology", "Surgical oncologist", 60, 1))
        if rng.random() < 0.3:
            needs.append(Need("intake", "supportive_intake", "Supportive-care intake", 45, 1))
        needs.append(Need("walkthrough", WALKTHROUGH[0], WALKTHROUGH[1], WALKTHROUGH[2], 2, 1))
        first = rng.randint(0, 2)
        asks.append(
            VisitAsk(
                key=f"patient-{number}",
                site=site,
                site_label=site.capitalize(),
                needs=tuple(needs),
                earliest_day=monday + timedelta(days=first),
                latest_day=monday + timedelta(days=min(4, first + rng.randint(1, 2))),
                urgent=rng.random() < 0.2,
                arrive_after_minute=rng.choice((8 * 60, 9 * 60, 10 * 60)),
                gap_minutes=15,
            )
        )
    return asks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--time-limit", type=float, default=3.5, help="whole-call budget (s)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    monday = date(2026, 12, 7)
    slots, clinicians = _slots(monday, rng)
    asks = _asks(monday, args.patients, rng)
    result = plan(asks, slots, time_limit_seconds=args.time_limit, workers=args.workers)
    planned = len(result.itineraries)
    broken = sum(
        1
        for ask in asks
        if ask.key in result.itineraries and not respects_order(ask, result.itineraries[ask.key])
    )
    share = planned / len(asks)
    print(f"patients: {len(asks)}, clinicians: {clinicians}, free slots: {len(slots)}")
    print(f"solver status: {result.status}, solve time: {result.solve_seconds:.2f} s")
    print(f"complete single-visit itineraries: {planned} ({share:.1%}); order broken: {broken}")
    for key, unplanned in list(result.unplanned.items())[:5]:
        print(f"  not planned {key}: {unplanned.reasons[0]}")
    print(
        json.dumps(
            {
                "patients": len(asks),
                "clinicians": clinicians,
                "solve_seconds": round(result.solve_seconds, 3),
                "single_visit_share": round(share, 4),
                "status": result.status,
            }
        )
    )


if __name__ == "__main__":
    main()

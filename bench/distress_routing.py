"""Benchmark: distress-screen routing and the dashboard's summary statistics (pure engines).

Routes a batch of synthetic screens (seeded, so runs compare) and computes median and p90
over synthetic durations. No data files are needed. The last line is a JSON object.

    .venv/bin/python bench/distress_routing.py [screens]
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from secondlook.analytics.figures import spread  # noqa: E402
from secondlook.supportive.routing import PROBLEM_SERVICE, route  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rng = random.Random(2026)
    problems = sorted(PROBLEM_SERVICE)
    screens = [
        (rng.randint(0, 10), tuple(rng.sample(problems, rng.randint(0, 5)))) for _ in range(count)
    ]
    start = time.perf_counter()
    referrals = urgent = 0
    for score, ticked in screens:
        routed = route(score=score, problems=ticked)
        referrals += len(routed.needs)
        urgent += routed.urgent
    routing_s = time.perf_counter() - start
    durations = [rng.expovariate(1 / 5) for _ in range(count)]
    start = time.perf_counter()
    figures = spread(durations)
    stats_s = time.perf_counter() - start
    print(f"routed {count} screens in {routing_s:.3f} s ({count / routing_s:,.0f}/s)")
    print(f"{referrals} referrals, {urgent} urgent screens")
    print(f"median/p90 over {count} durations in {stats_s * 1000:.1f} ms")
    print(
        json.dumps(
            {
                "screens": count,
                "routing_per_second": round(count / routing_s),
                "referrals": referrals,
                "urgent": urgent,
                "stats_ms": round(stats_s * 1000, 2),
                "median": round(figures.median or 0, 3),
                "p90": round(figures.p90 or 0, 3),
            }
        )
    )


if __name__ == "__main__":
    main()

"""Summary statistics for the program dashboard (pure, no Django import).

Median is the usual middle value (mean of the two middle values for an even count).
The 90th percentile is the nearest-rank value: the smallest value with at least 90% of
values at or below it (rank ceil(0.9 × n)). Nearest rank is always an observed
duration, which is what a program manager can look up and check by hand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Spread:
    count: int
    median: float | None
    p90: float | None


def median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def percentile_nearest_rank(values: list[float], percent: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


def spread(values: list[float]) -> Spread:
    return Spread(count=len(values), median=median(values), p90=percentile_nearest_rank(values, 90))


def rate(part: int, whole: int) -> float | None:
    """A share, or None when there is nothing to divide by (shown as 'no data', not 0%)."""
    return part / whole if whole else None

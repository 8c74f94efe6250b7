from __future__ import annotations

from secondlook.analytics.figures import median, percentile_nearest_rank, rate, spread


def test_median_of_odd_and_even_counts() -> None:
    assert median([5, 1, 3]) == 3
    assert median([4, 1, 3, 2]) == 2.5
    assert median([]) is None


def test_p90_is_the_nearest_rank_observed_value() -> None:
    values = list(range(1, 11))  # 1..10: rank ceil(9) = 9
    assert percentile_nearest_rank(values, 90) == 9
    assert percentile_nearest_rank([7], 90) == 7
    assert percentile_nearest_rank([1, 2, 3], 90) == 3


def test_rate_without_denominator_is_no_data_not_zero() -> None:
    assert rate(0, 0) is None
    assert rate(1, 4) == 0.25
    assert spread([]).median is None

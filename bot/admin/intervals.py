"""Confidence intervals for the dashboard's shares, differences and medians: plain math, no database.

Shares use the Wilson score interval (sound for small counts and for shares
near 0 or 1, where the textbook normal interval is not); a difference of two
shares uses Newcombe's hybrid score interval, built from the two Wilson
intervals; a median uses the distribution-free interval between two order
statistics.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

CONFIDENCE = 0.95


def z_value(confidence: float = CONFIDENCE, comparisons: int = 1) -> float:
    """The two-sided normal quantile, Bonferroni-adjusted when several comparisons are made at once."""
    return NormalDist().inv_cdf(1 - (1 - confidence) / (2 * max(1, comparisons)))


@dataclass(frozen=True)
class Interval:
    estimate: float
    low: float
    high: float

    def excludes(self, value: float) -> bool:
        return not self.low <= value <= self.high


def wilson(successes: int, trials: int, z: float | None = None) -> Interval | None:
    """The share successes/trials with its Wilson score interval; None when there are no trials."""
    if trials <= 0:
        return None
    if not 0 <= successes <= trials:
        raise ValueError(f"{successes} successes out of {trials} trials")
    z = z_value() if z is None else z
    share = successes / trials
    denominator = 1 + z * z / trials
    centre = (share + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials)) / denominator
    return Interval(share, max(0.0, centre - half), min(1.0, centre + half))


def difference(first: tuple[int, int], second: tuple[int, int], z: float | None = None) -> Interval | None:
    """first share minus second share (each as successes, trials), with Newcombe's interval (method 10)."""
    a, b = wilson(*first, z=z), wilson(*second, z=z)
    if a is None or b is None:
        return None
    d = a.estimate - b.estimate
    low = d - math.sqrt((a.estimate - a.low) ** 2 + (b.high - b.estimate) ** 2)
    high = d + math.sqrt((a.high - a.estimate) ** 2 + (b.estimate - b.low) ** 2)
    return Interval(d, low, high)


def median_ranks(count: int, z: float | None = None) -> tuple[int, int, int, int]:
    """1-based ranks (low, middle, middle', high) in `count` sorted values: the median is the mean of the
    two middle ones; low and high bound its interval (clamped to the data)."""
    if count <= 0:
        raise ValueError("no values")
    z = z_value() if z is None else z
    spread = z * math.sqrt(count) / 2
    low = max(1, math.floor(count / 2 - spread))
    high = min(count, math.ceil(1 + count / 2 + spread))
    return low, (count + 1) // 2, count // 2 + 1, high


def median_interval(values: list[float], z: float | None = None) -> Interval | None:
    """The median of `values` with its order-statistic interval; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    low, middle, middle2, high = median_ranks(len(ordered), z)
    return Interval((ordered[middle - 1] + ordered[middle2 - 1]) / 2, ordered[low - 1], ordered[high - 1])


def quantile(ordered: list[float], q: float) -> float:
    """The q-quantile of already sorted values, interpolating between neighbours (q in [0, 1])."""
    if not ordered:
        raise ValueError("no values")
    position = q * (len(ordered) - 1)
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)

"""Results by variant: for each wording of a measured prompt, how the urges that followed it went.

Per wording (its digest, so results follow the words, not their position in
prompts.yaml): episodes, decided ones (not open and not superseded by a newer
urge), the share waited out with its Wilson interval, and the median minutes
an urge waited out took to pass with its order-statistic interval. The
library reads the last RESULTS_DAYS; an experiment reads its own episodes.

A verdict is given only when the difference is clear: among the variants with
at least MIN_DECIDED decided episodes, Newcombe's interval for the leader's
share minus another's excludes zero, at 95% for all comparisons together
(Bonferroni). Two statements per report, whatever the number of episodes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from peewee import Select, fn

from bot.admin.intervals import Interval, difference, median_ranks, wilson, z_value
from bot.admin.metrics import UNDECIDED, minutes_between
from bot.db import database
from bot.models import UrgeEpisode

RESULTS_DAYS = 90
MIN_DECIDED = 30


@dataclass(frozen=True)
class Result:
    label: str  # "a", "b"... or "(no longer in the library)"
    digest: str
    episodes: int = 0
    decided: int = 0
    waited: int = 0
    share: Interval | None = None
    median: Interval | None = None
    current: bool = True  # the wording is in prompts.yaml now


def _scope(experiment_id: int | None, now: datetime):
    if experiment_id is not None:
        return UrgeEpisode.experiment_id == experiment_id
    return (UrgeEpisode.variant_digest.is_null(False) & (UrgeEpisode.opened_at >= now - timedelta(days=RESULTS_DAYS))
            & (UrgeEpisode.opened_at <= now))


def _counts(scope) -> dict[str, dict[str, int]]:
    rows = (UrgeEpisode.select(UrgeEpisode.variant_digest, UrgeEpisode.outcome, fn.COUNT(UrgeEpisode.id))
            .where(scope).group_by(UrgeEpisode.variant_digest, UrgeEpisode.outcome).tuples())
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for digest, outcome, n in rows:
        counts[digest][outcome] = n
    return counts


def _medians(scope) -> dict[str, Interval]:
    """Each wording's median minutes with its interval, reading only the ranks near each median (window functions)."""
    minutes = minutes_between(UrgeEpisode.opened_at, UrgeEpisode.closed_at)
    ranked = (UrgeEpisode.select(
        UrgeEpisode.variant_digest.alias("digest"), minutes.alias("minutes"),
        fn.ROW_NUMBER().over(partition_by=[UrgeEpisode.variant_digest], order_by=[minutes, UrgeEpisode.id]).alias("rn"),
        fn.COUNT(UrgeEpisode.id).over(partition_by=[UrgeEpisode.variant_digest]).alias("cnt"))
        .where(scope & (UrgeEpisode.outcome == "waited_out")).alias("ranked"))
    rn, cnt = ranked.c.rn, ranked.c.cnt
    z = z_value()
    # |2 rn - cnt - 1| <= z sqrt(cnt) + 3 holds for every rank median_ranks can ask for; squared and loosened
    # ((a + b)^2 <= 2a^2 + 2b^2) so SQLite needs no sqrt.
    near = (2 * rn - cnt - 1) * (2 * rn - cnt - 1) <= 2 * z * z * cnt + 18
    rows = database.execute(Select(from_list=[ranked], columns=[ranked.c.digest, ranked.c.minutes, rn, cnt])
                            .where(near))
    by_rank: dict[str, dict[int, float]] = defaultdict(dict)
    sizes: dict[str, int] = {}
    for digest, value, rank, count in rows:
        by_rank[digest][int(rank)] = round(float(value), 2)  # julianday arithmetic is off by microseconds
        sizes[digest] = int(count)
    result = {}
    for digest, ranks in by_rank.items():
        low, middle, middle2, high = median_ranks(sizes[digest], z)
        result[digest] = Interval((ranks[middle] + ranks[middle2]) / 2, ranks[low], ranks[high])
    return result


def results(variants, now: datetime, experiment_id: int | None = None,
            arms: list[str] | None = None) -> list[Result]:
    """One Result per current variant (or per arm of an experiment), plus any wording no longer in the library.

    `variants` are the prompt's Variant objects in file order; `arms`, when
    given, limits and orders the results to those digests.
    """
    scope = _scope(experiment_id, now)
    counts, medians = _counts(scope), _medians(scope)
    letters = {v.digest: chr(ord("a") + i) if i < 26 else str(i) for i, v in enumerate(variants)}
    wanted = arms if arms is not None else list(letters) + [d for d in counts if d not in letters]
    found = []
    for digest in wanted:
        outcomes = counts.get(digest, {})
        decided = sum(n for outcome, n in outcomes.items() if outcome not in UNDECIDED)
        waited = outcomes.get("waited_out", 0)
        found.append(Result(letters.get(digest, "(no longer in the library)"), digest, sum(outcomes.values()),
                            decided, waited, wilson(waited, decided), medians.get(digest), digest in letters))
    return found


def _points(value: float) -> str:
    return f"{value * 100:+.0f}"


def verdict(found: list[Result]) -> str | None:
    """A plain-language verdict when one variant clearly waits out more urges than the others; else None.

    Only current variants with at least MIN_DECIDED decided urges take part.
    """
    current = [r for r in found if r.current and r.decided >= MIN_DECIDED]
    if len(current) < 2:
        return None
    best = max(current, key=lambda r: r.share.estimate)
    others = [r for r in current if r is not best]
    z = z_value(comparisons=len(others))
    gaps = [(other, difference((best.waited, best.decided), (other.waited, other.decided), z)) for other in others]
    clear = [(other, gap) for other, gap in gaps if gap.low > 0]
    if not clear:
        return None
    names = " and ".join(", ".join(o.label for o, _ in clear).rsplit(", ", 1))
    if len(others) == 1:
        (other, gap), = clear
        text = (f"Variant {best.label} waits out more urges than {other.label}: {best.share.estimate:.0%} vs "
                f"{other.share.estimate:.0%}, 95% CI of the difference {_points(gap.low)} to {_points(gap.high)} points.")
    else:
        shares = sorted(o.share.estimate for o, _ in clear)
        closest, gap = min(clear, key=lambda pair: pair[1].low)
        text = (f"Variant {best.label} waits out more urges than {names}: {best.share.estimate:.0%} vs "
                f"{shares[0]:.0%} to {shares[-1]:.0%}; every difference's 95% interval (joint, for "
                f"{len(others)} comparisons) is above zero, the closest being {closest.label}'s, "
                f"{_points(gap.low)} to {_points(gap.high)} points.")
    unclear = [o.label for o, g in gaps if g.low <= 0]
    if unclear:
        text += f" Not yet clear against {', '.join(unclear)}."
    return text

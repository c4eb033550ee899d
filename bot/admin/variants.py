"""Results by variant: for each wording of a measured prompt, how the urges that followed it went.

Per wording (its digest, so results follow the words, not their position in
prompts.yaml): episodes, decided ones (not open and not superseded by a newer
urge), the share waited out with its Wilson interval, and the median minutes
an urge waited out took to pass with its order-statistic interval. The
library reads the last RESULTS_DAYS; an experiment reads its own episodes.

A verdict is given only when the difference is clear: among the variants with
at least MIN_DECIDED decided episodes, Newcombe's interval for the leader's
share minus another's excludes zero, at 95% for all comparisons together
(Bonferroni). A fixed number of statements per report, whatever the number
of episodes: counts are index ranges, medians walk an expression index.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.admin import plans
from bot.admin.intervals import Interval, difference, median_ranks, wilson, z_value
from bot.admin.metrics import UNDECIDED
from bot.db import database, is_postgres
from bot.models import UrgeEpisode

RESULTS_DAYS = 90
MIN_DECIDED = 30
OTHER = ""  # the digest under which results of wordings no longer in the library are summed


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


OUTCOMES = ("open", "waited_out", "contacted", "superseded", "expired", "still_strong")  # urge_episode.outcome


def _scope(experiment_id: int | None, now: datetime) -> tuple[str, list]:
    """The episodes a report reads, as SQL and parameters: an experiment's, or the last RESULTS_DAYS'."""
    if experiment_id is not None:
        return f"experiment_id = {int(experiment_id)}", []
    mark, value = database.obj.param, UrgeEpisode.opened_at.db_value
    return f"opened_at >= {mark} AND opened_at <= {mark}", [value(now - timedelta(days=RESULTS_DAYS)), value(now)]


def _minutes() -> tuple[str, float]:
    """The indexed expression for an episode's length (bot/migrations/0007_outcomes.py), and its unit in minutes."""
    if is_postgres():
        return "EXTRACT(EPOCH FROM (closed_at - opened_at))", 1 / 60
    return "(julianday(closed_at) - julianday(opened_at))", 1440.0


def _counts(digests: list[str], scope: tuple[str, list]) -> dict[str, dict[str, int]]:
    """digest -> outcome -> episodes: a COUNT per index range (variant_digest, outcome, opened_at), no GROUP BY."""
    if not digests:
        return {}
    mark, (where, params) = database.obj.param, scope
    part = (f"SELECT {mark}, {mark}, COUNT(*) FROM urge_episode WHERE variant_digest = {mark} "
            f"AND outcome = {mark} AND {where}")
    pairs = [(d, o) for d in digests for o in OUTCOMES]
    rows = database.execute_sql(" UNION ALL ".join([part] * len(pairs)),
                                [v for d, o in pairs for v in (d, o, d, o, *params)])
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for digest, outcome, n in rows:
        if n:
            counts[digest][outcome] = n
    return counts


def _other_wordings(current: int, scope: tuple[str, list]) -> int:
    """Episodes in scope that followed a wording no longer in the library (edited or removed): all recorded
    ones minus the `current` wordings' own."""
    where, params = scope
    rows = database.execute_sql(f"SELECT COUNT(*) FROM {_table('urge_episode_variant_digest_outcome_opened_at')} "
                                f"WHERE variant_digest > '' AND {where}", params)
    return rows.fetchone()[0] - current


def _table(index: str) -> str:
    """urge_episode, telling SQLite which index to walk (its planner prefers a range it must then sort)."""
    return "urge_episode" if is_postgres() else f"urge_episode INDEXED BY {index}"


def _medians(waited: dict[str, int], scope: tuple[str, list]) -> dict[str, Interval]:
    """Each wording's median minutes and its interval: the few order statistics median_ranks names, each read
    by walking the expression index (variant_digest, outcome, length) in order. No sort, whatever the count."""
    wanted = [(d, rank) for d, n in waited.items() if n for rank in sorted(set(median_ranks(n)))]
    if not wanted:
        return {}
    mark, (where, params) = database.obj.param, scope
    expression, unit = _minutes()
    part = (f"SELECT {mark}, {mark}, (SELECT {expression} FROM {_table('urge_episode_length')} "
            f"WHERE variant_digest = {mark} "
            f"AND outcome = 'waited_out' AND {where} ORDER BY {expression} LIMIT 1 OFFSET {mark})")
    rows = database.execute_sql(" UNION ALL ".join([part] * len(wanted)),
                                [v for d, rank in wanted for v in (d, rank, d, *params, rank - 1)])
    values = {(d, int(rank)): round(float(v) * unit, 2) for d, rank, v in rows if v is not None}
    result = {}
    for digest, n in waited.items():
        low, middle, middle2, high = median_ranks(n) if n else (0, 0, 0, 0)
        if (digest, middle) in values and (digest, middle2) in values:
            result[digest] = Interval((values[digest, middle] + values[digest, middle2]) / 2,
                                      values[digest, low], values[digest, high])
    return result


def results(variants, now: datetime, experiment_id: int | None = None,
            arms: list[str] | None = None) -> list[Result]:
    """One Result per current variant (or per arm of an experiment), plus one for wordings no longer in the library.

    Four statements for the library, three for an experiment.

    `variants` are the prompt's Variant objects in file order; `arms`, when
    given, limits and orders the results to those digests.
    """
    scope = _scope(experiment_id, now)
    letters = {v.digest: chr(ord("a") + i) if i < 26 else str(i) for i, v in enumerate(variants)}
    wanted = arms if arms is not None else list(letters)
    with plans.simple():
        counts = _counts(wanted, scope)
        medians = _medians({d: counts.get(d, {}).get("waited_out", 0) for d in wanted}, scope)
    found = []
    for digest in wanted:
        outcomes = counts.get(digest, {})
        decided = sum(n for outcome, n in outcomes.items() if outcome not in UNDECIDED)
        waited = outcomes.get("waited_out", 0)
        found.append(Result(letters.get(digest, "?"), digest, sum(outcomes.values()), decided, waited,
                            wilson(waited, decided), medians.get(digest), digest in letters))
    if arms is None:
        others = _other_wordings(sum(r.episodes for r in found), scope)
        if others:  # only how many: their outcomes are not told apart
            found.append(Result("(wordings no longer in the library)", OTHER, others, current=False))
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

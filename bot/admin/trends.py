"""Weekly trends for the overview, the CSV export and a member's page: plain functions of `now`.

Weeks are rolling: the last one is the seven days up to `now`. Each measure is
one statement, a UNION ALL of one index range per week (and, for contacts, per
kind): three to four times faster on SQLite than grouping by a computed week,
and the same SQL on PostgreSQL. The SQL is written out rather than built with
peewee, which spent longer composing a 72-part UNION than the database spent
running it; every value still goes in as a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.admin import plans
from bot.db import database
from bot.models import Member

WEEK = timedelta(days=7)
TREND_WEEKS = 12
FAILED_STATUSES = ("failed", "undelivered")
# How a member said a contact they started was received; None: they never answered the question.
RECEPTIONS = ("glad", "not_glad", "unsure", "no_answer")


@dataclass
class Week:
    start: datetime
    members: int = 0  # enrolled (consented, not opted out) at some point in the week
    new_members: int = 0
    urges: int = 0
    waited_out: int = 0
    outreach: int = 0  # member-initiated contacts, needed ones (children, money, housing) excluded
    spouse: int = 0
    failures: int = 0
    opt_outs: int = 0
    receptions: dict = field(default_factory=dict)  # RECEPTIONS (and None: unanswered) -> outreach contacts
    checkins_asked: int = 0
    checkins_answered: int = 0

    @property
    def outreach_per_member(self) -> float | None:
        return self.outreach / self.members if self.members else None

    @property
    def spouse_per_member(self) -> float | None:
        return self.spouse / self.members if self.members else None

    @property
    def urges_per_member(self) -> float | None:
        return self.urges / self.members if self.members else None

    @property
    def waited_share(self) -> float | None:
        return self.waited_out / self.urges if self.urges else None

    @property
    def reply_rate(self) -> float | None:
        """The share of check-ins asked this week that the member answered."""
        return self.checkins_answered / self.checkins_asked if self.checkins_asked else None

    def reception_share(self, reception: str | None) -> float | None:
        """The share of this week's outreach received as `reception` (None: the member never said)."""
        return self.receptions.get(reception, 0) / self.outreach if self.outreach else None


def _empty(now: datetime, count: int) -> list[Week]:
    return [Week(now - (count - i) * WEEK) for i in range(count)]


def _bounds(weeks: list[Week]) -> list[tuple]:
    value = Member.created_at.db_value
    return [(value(w.start), value(w.start + WEEK)) for w in weeks]


def _union(weeks: list[Week], column: str, parts: list[tuple[str, str, str]], group: str = "") -> list[tuple]:
    """Rows of (week index, *selected) for each week and each (select, table, where) part, in one statement.

    `column` is the parts' time column. Names and conditions are code constants (never user input); the
    week bounds are parameters.
    """
    mark = database.obj.param
    grouped = f" GROUP BY {group}" if group else ""
    sql, params = [], []
    for i, (start, end) in enumerate(_bounds(weeks)):
        for select, table, where in parts:
            clause = f"{where} AND " if where else ""
            sql.append(f"SELECT {i} AS week, {select} FROM {table} WHERE {clause}{column} >= {mark} "
                       f"AND {column} < {mark}{grouped}")
            params += [start, end]
    return list(database.execute_sql(" UNION ALL ".join(sql), params))


def _contact_parts() -> list[tuple[str, str, str]]:
    """Contacts not needed, by who started them and how they were received: a COUNT per index range
    (contact: initiator, needed, reception, at) and no GROUP BY, which costs several times more than the
    counting itself. A spouse's contacts carry no reception."""
    kinds = [("member", r) for r in (*RECEPTIONS, None)] + [("spouse", None)]
    return [(f"'{who}', {'NULL' if r is None else repr(r)}, COUNT(*)", "contact",
             f"initiator = '{who}' AND needed = FALSE AND reception {'IS NULL' if r is None else f'= {r!r}'}")
            for who, r in kinds]


def weeks(now: datetime, count: int = TREND_WEEKS) -> list[Week]:
    """The last `count` rolling weeks up to `now`, oldest first: seven statements."""
    with plans.simple():
        return _weeks(now, count)


def _weeks(now: datetime, count: int) -> list[Week]:
    result = _empty(now, count)
    mark = database.obj.param
    # Enrolled in a week: consented before it ended, less those who had already left when it began (leaving
    # comes after consenting). Two index ranges a week instead of a CASE per member per week.
    joined = f"(SELECT COUNT(*) FROM member WHERE consent_at < {mark})"
    left = f"(SELECT COUNT(*) FROM member WHERE stopped_at < {mark} AND consent_at IS NOT NULL)"
    row = database.execute_sql("SELECT " + ", ".join([f"{joined} - {left}"] * count),
                               [v for start, end in _bounds(result) for v in (end, start)]).fetchone()
    for week, members in zip(result, row, strict=True):
        week.members = members or 0
    for i, n in _union(result, "created_at", [("COUNT(*)", "member", "")]):
        result[i].new_members = n
    for i, n in _union(result, "stopped_at", [("COUNT(*)", "member", "status = 'opted_out'")]):
        result[i].opt_outs = n
    waited = "COUNT(*), SUM(CASE WHEN outcome = 'waited_out' THEN 1 ELSE 0 END)"
    for i, n, waited_out in _union(result, "opened_at", [(waited, "urge_episode", "")]):
        result[i].urges, result[i].waited_out = n, int(waited_out or 0)
    for i, who, reception, n in _union(result, "at", _contact_parts()):
        if who == "member":
            result[i].outreach += n
            result[i].receptions[reception] = n
        else:
            result[i].spouse = n
    failed = f"status IN {FAILED_STATUSES!r} AND direction = 'out'"
    for i, n in _union(result, "created_at", [("COUNT(*)", "message", failed)]):
        result[i].failures = n
    for i, n, yes in _union(result, "asked_at", [("COUNT(*), COUNT(answered_at)", "check_in", "")]):
        result[i].checkins_asked, result[i].checkins_answered = n, yes
    return result


def member_weeks(member_id: int, now: datetime, count: int = TREND_WEEKS) -> list[Week]:
    """One member's outreach, spouse-initiated contacts and urges over the last `count` weeks: two statements."""
    result = _empty(now, count)
    member = f"member_id = {int(member_id)}"
    for i, who, n in _union(result, "at", [("initiator, COUNT(*)", "contact", f"{member} AND needed = FALSE")],
                            group="initiator"):
        setattr(result[i], "outreach" if who == "member" else "spouse", n)
    for i, n in _union(result, "opened_at", [("COUNT(*)", "urge_episode", member)]):
        result[i].urges = n
    return result

"""A member's weeks: how long each urge took, how often scheduled texts come, the note before a hard hour.

- urge_episode.minutes: how long the urge took to pass, counted only when the member's answer came
  within an hour of being asked (None otherwise, and for urges not waited out). Episodes already
  waited out are filled in by the same rule.
- member.frequency: daily, every_other_day or weekly (the Sunday note only).
- member.nudge_on / nudge_at / nudge_days / nudge_offered_at / next_nudge_at: the opt-in note shortly
  before the hour the member's urges cluster (local HH:MM, weekday digits 0=Monday, "" every day),
  when it was offered, and its next planned slot.
- member.taper_offered_at: when the bot last offered fewer scheduled texts after quiet weeks.
"""

from datetime import timedelta

from peewee import BooleanField, CharField, IntegerField

from bot.timefields import UTCDateTimeField

# The rule as it stood when this migration was written (bot.urges.TIMED_WINDOW), kept here so a
# later change to the code never changes what an old migration did.
TIMED_WINDOW = timedelta(hours=1)

EPISODES = """
SELECT e.id, e.opened_at, e.closed_at, m.delay_minutes, MAX(s.sent_at)
FROM urge_episode e
JOIN member m ON m.id = e.member_id
LEFT JOIN scheduled_message s ON s.ref_id = e.id AND s.kind = 'urge_followup' AND s.state = 'sent'
    AND s.sent_at <= e.closed_at
WHERE e.outcome = 'waited_out' AND e.closed_at IS NOT NULL
GROUP BY e.id, e.opened_at, e.closed_at, m.delay_minutes
"""


def _minutes(opened, closed, delay_minutes, last_asked):
    asked = last_asked or opened + timedelta(minutes=delay_minutes)
    if closed > asked + TIMED_WINDOW:
        return None
    return max(1, round((closed - opened).total_seconds() / 60))


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("urge_episode", "minutes", IntegerField(null=True)),
        migrator.add_column("member", "frequency", CharField(default="daily")),
        migrator.add_column("member", "nudge_on", BooleanField(default=False)),
        migrator.add_column("member", "nudge_at", CharField(null=True)),
        migrator.add_column("member", "nudge_days", CharField(null=True)),
        migrator.add_column("member", "nudge_offered_at", UTCDateTimeField(null=True)),
        migrator.add_column("member", "next_nudge_at", UTCDateTimeField(null=True)),
        migrator.add_column("member", "taper_offered_at", UTCDateTimeField(null=True)),
        migrator.add_index("member", ("next_nudge_at",), False),
    )
    stamp = UTCDateTimeField()
    updates = []
    for episode_id, opened, closed, delay, asked in db.execute_sql(EPISODES).fetchall():
        opened, closed, asked = stamp.python_value(opened), stamp.python_value(closed), stamp.python_value(asked)
        minutes = _minutes(opened, closed, delay, asked)
        if minutes is not None:
            updates.append((minutes, episode_id))
    mark = db.param
    for minutes, episode_id in updates:
        db.execute_sql(f"UPDATE urge_episode SET minutes = {mark} WHERE id = {mark}", (minutes, episode_id))


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index("member", "member_next_nudge_at"),
        *(migrator.drop_column("member", column) for column in (
            "taper_offered_at", "next_nudge_at", "nudge_offered_at", "nudge_days", "nudge_at", "nudge_on",
            "frequency")),
        migrator.drop_column("urge_episode", "minutes"),
    )

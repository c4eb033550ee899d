"""Outcomes and prompt experiments: which variant each urge episode saw, experiments, dismissed failures.

- urge_episode.prompt_variant / variant_digest: the urge.reply variant the
  member read when the episode opened (its index then, and a digest of its
  wording, so an edited or moved variant is never mistaken for another);
  experiment_id: the experiment that chose it, if one did.
- experiment: an operator's test between variants of one prompt; at most one
  running per prompt (a partial unique index, so two operators cannot race).
- message.dismissed_at: an operator dealt with a delivery failure.
- indexes for the dashboard's new aggregates (covering where a page reads many rows).
"""

from peewee import AutoField, BooleanField, CharField, IntegerField, Model, PostgresqlDatabase, TextField
from playhouse.migrate import make_index_name

from bot.timefields import UTCDateTimeField

# (table, columns): each one serves an aggregate or a list on a dashboard page.
INDEXES = (
    ("urge_episode", ("variant_digest", "outcome", "opened_at")),  # results by variant: counts
    ("urge_episode", ("experiment_id", "variant_digest", "outcome")),  # one experiment's arms: counts
    ("contact", ("initiator", "needed", "reception", "at")),  # outreach, spouse contacts, reception by week
    ("contact", ("member_id", "initiator", "needed", "at")),  # each member's outreach by weeks since joining
    ("check_in", ("asked_at", "answered_at")),  # check-in reply rate by week (covering)
    ("member", ("consent_at",)),  # members enrolled by week
)
# 0003's contact index gives way to the two above, which serve what it served.
REPLACED = ("contact", ("at", "initiator", "needed"))
# An urge's length, indexed so a median and its interval are read in index order, never sorted
# (bot/admin/variants.py uses the same expression).
LENGTH = {"sqlite": "(julianday(closed_at) - julianday(opened_at))",
          "postgres": "(EXTRACT(EPOCH FROM (closed_at - opened_at)))"}


def _length_index(db) -> str:
    postgres = isinstance(db, PostgresqlDatabase)
    # PostgreSQL answers from the index alone only if every column the expression reads is in it.
    include = " INCLUDE (closed_at)" if postgres else ""
    return (f'CREATE INDEX "urge_episode_length" ON "urge_episode" '
            f'(variant_digest, outcome, {LENGTH["postgres" if postgres else "sqlite"]}, opened_at, experiment_id)'
            f'{include}')


def up(migrator, db):
    class Experiment(Model):
        id = AutoField()
        prompt_id = CharField()
        arms = TextField()  # JSON list of variant digests
        started_at = UTCDateTimeField()
        started_by = CharField()
        ended_at = UTCDateTimeField(null=True)
        ended_by = CharField(null=True)
        winner = CharField(null=True)  # a digest from arms, or None: ended without a winner
        retire_losers = BooleanField(default=False)
        note = TextField(default="")

        class Meta:
            database = db
            table_name = "experiment"

    db.create_tables([Experiment])
    db.execute_sql('CREATE UNIQUE INDEX "experiment_one_running" ON "experiment" ("prompt_id") '
                   'WHERE "ended_at" IS NULL')
    migrator.migrate(
        migrator.add_column("urge_episode", "prompt_variant", IntegerField(null=True)),
        migrator.add_column("urge_episode", "variant_digest", CharField(null=True)),
        migrator.add_column("urge_episode", "experiment_id", IntegerField(null=True)),
        migrator.add_column("message", "dismissed_at", UTCDateTimeField(null=True)),
        migrator.drop_index(REPLACED[0], make_index_name(*REPLACED)),
        *(migrator.add_index(table, columns, False) for table, columns in INDEXES),
    )
    db.execute_sql(_length_index(db))


def down(migrator, db):
    db.execute_sql('DROP INDEX IF EXISTS "urge_episode_length"')
    migrator.migrate(
        *(migrator.drop_index(table, make_index_name(table, columns)) for table, columns in INDEXES),
        migrator.add_index(*REPLACED, False),
        migrator.drop_column("message", "dismissed_at"),
        migrator.drop_column("urge_episode", "experiment_id"),
        migrator.drop_column("urge_episode", "variant_digest"),
        migrator.drop_column("urge_episode", "prompt_variant"),
    )
    db.execute_sql('DROP TABLE IF EXISTS "experiment"')

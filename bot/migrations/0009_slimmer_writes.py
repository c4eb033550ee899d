"""Fewer indexes to write: each one dropped here is the first column of another index on the same table,
which serves every lookup it served (foreign-key cascades included).

Every text writes message rows, every urge a scheduled message, the 19:00 planning spike a check-in
and a scheduled message per member: an index less on each is less work on every one of those writes.
"""

# name: (table, columns), as 0001-0007 created them; the index in the comment serves the same lookups.
REDUNDANT = {
    "message_member_id": ("message", ("member_id",)),  # message_member_id_created_at
    "scheduled_message_member_id": ("scheduled_message", ("member_id",)),  # ..._member_id_state
    "check_in_member_id": ("check_in", ("member_id",)),  # check_in_member_id_local_date (unique)
    "contact_member_id": ("contact", ("member_id",)),  # contact_member_id_at
    "urge_episode_member_id": ("urge_episode", ("member_id",)),  # urge_episode_member_id_opened_at
    "reason_member_id": ("reason", ("member_id",)),  # reason_member_id_at
    "safety_flag_state": ("safety_flag", ("state",)),  # safety_flag_state_created_at
    "flagnote_flag_id": ("flag_note", ("flag_id",)),  # flagnote_flag_id_created_at
}


def up(migrator, db):
    for name in REDUNDANT:
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')


def down(migrator, db):
    for name, (table, columns) in REDUNDANT.items():
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({", ".join(columns)})')

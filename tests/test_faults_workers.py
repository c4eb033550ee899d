"""Fault tests of the outbox across real worker processes: racing workers and `kill -9` mid-backlog.

Each worker is `python -m tests.recording_worker` on the test's database (SQLite file or a throwaway
PostgreSQL database), so the claims race through FOR UPDATE SKIP LOCKED on PostgreSQL and through the
conditional UPDATE under the busy timeout on SQLite. Workers record every send in a file before
reporting success, so the files say what left, whatever the database says.
"""

from __future__ import annotations

import os
import random
import signal
import time
from collections import Counter
from datetime import timedelta

import pytest

from bot.db import database
from bot.models import Message, ScheduledMessage
from bot.timefields import now_utc
from tests.fault_helpers import children, queue_backlog, recorded_sends, start_recording_worker, wait_for

TERMINAL = {"sent", "failed", "cancelled", "unknown"}


def rows() -> dict[str, ScheduledMessage]:
    with database.connection_context():
        return {row.body: row for row in ScheduledMessage.select()}


def test_four_worker_processes_send_each_of_five_thousand_due_messages_exactly_once(app, database_url, tmp_path):
    queue_backlog(members=500, per_member=10, now=now_utc() - timedelta(minutes=1))
    go = tmp_path / "go"
    records = [tmp_path / f"worker-{n}.sends" for n in range(4)]
    with children(tmp_path) as group:
        workers = [start_recording_worker(group, database_url, record, f"worker-{n}", "--go", str(go))
                   for n, record in enumerate(records)]
        wait_for(lambda: all(os.path.exists(f"{r}.ready") or w.poll() is not None for r, w in zip(records, workers)),
                 60, "four workers ready")
        go.touch()  # all four start claiming at once
        for worker in workers:
            assert group.wait(worker, 120) == 0, group.stderr(worker)

    sends = recorded_sends(records)
    by_body = Counter(body for _, _, body in sends)
    twice = [body for body, n in by_body.items() if n > 1]
    assert not twice, f"{len(twice)} messages sent more than once, e.g. {twice[:5]}"
    final = rows()
    assert len(sends) == 5000 and set(by_body) == set(final)
    assert Counter(row.state for row in final.values()) == {"sent": 5000}
    assert {row.attempts for row in final.values()} == {1}
    with database.connection_context():
        assert Message.select().where(Message.status == "queued").count() == 5000
    busy = Counter(worker for worker, _, _ in sends)
    assert len(busy) >= 2, f"only {busy} did any work: the workers never raced"


KILLS = 20
BACKLOG = (100, 10)  # members, texts each


def test_killing_a_worker_at_random_points_never_sends_twice_and_loses_nothing(app, database_url, tmp_path):
    seed = int(os.environ.get("FAULT_SEED") or random.SystemRandom().randrange(2**32))
    print(f"kill schedule seed {seed}: rerun with FAULT_SEED={seed}")
    rng = random.Random(seed)
    queue_backlog(*BACKLOG, now=now_utc() - timedelta(minutes=1))
    records, mid_send = [], []
    with children(tmp_path) as group:
        for round_ in range(KILLS):
            record = tmp_path / f"round-{round_}.sends"
            records.append(record)
            # Every fourth round the worker kills itself right after a send, before the outbox hears back:
            # the one window where a message has left and the database does not know it yet.
            die_after = rng.randint(1, 15) if round_ % 4 == 3 else 0
            # Each send waits 5 ms for its answer, as a real one waits for Twilio: kills land inside the send
            # window often, and twenty rounds cannot drain the backlog before the last kill.
            options = ["--lease", "1", "--batch", str(rng.choice([1, 3, 10, 25])), "--latency", "0.005"]
            if die_after:
                options += ["--die-after-sends", str(die_after)]
            worker = start_recording_worker(group, database_url, record, f"round-{round_}", *options)
            wait_for(lambda w=worker, r=record: w.poll() is not None or (r.exists() and r.stat().st_size),
                     30, f"round {round_} to send something")
            if not die_after:
                time.sleep(rng.uniform(0, 0.15))  # the random point of the kill
                worker.send_signal(signal.SIGKILL)
            code = group.wait(worker, 30)
            assert code == -signal.SIGKILL, f"seed {seed}, round {round_}: exit {code}\n{group.stderr(worker)}"
            if die_after:
                mid_send.append(recorded_sends([record])[-1][2])
        drain = tmp_path / "drain.sends"
        records.append(drain)
        finisher = start_recording_worker(group, database_url, drain, "drain", "--drain", "--lease", "1",
                                          "--deadline", "60")
        assert group.wait(finisher, 90) == 0, f"seed {seed}: the final drain did not finish\n" \
                                              f"{group.stderr(finisher)}"

    sends = recorded_sends(records)
    by_body = Counter(body for _, _, body in sends)
    final = rows()
    twice = sorted(body for body, n in by_body.items() if n > 1)
    assert not twice, f"seed {seed}: sent more than once: {twice}"
    states = Counter(row.state for row in final.values())
    assert set(states) <= TERMINAL, f"seed {seed}: rows left unfinished: {states}"
    assert len(final) == BACKLOG[0] * BACKLOG[1]
    for body, row in final.items():
        if row.state == "sent":
            assert by_body[body] == 1, f"seed {seed}: {body} is marked sent but never left"
        else:
            assert row.last_error, f"seed {seed}: {body} ended {row.state} without a reason"
    left_unmarked = sorted(b for b in by_body if final[b].state not in ("sent", "unknown"))
    assert not left_unmarked, f"seed {seed}: sent but recorded as neither sent nor unknown: {left_unmarked}"
    unknown = [row for row in final.values() if row.state == "unknown"]
    assert len(unknown) <= KILLS, f"seed {seed}: {len(unknown)} unknown rows from {KILLS} kills"
    for body in mid_send:
        assert final[body].state == "unknown", f"seed {seed}: {body} was sent just before a kill but ended " \
                                               f"{final[body].state}"
    with database.connection_context():
        for row in unknown:
            statuses = [m.status for m in Message.select().where(Message.scheduled == row.id)]
            assert statuses == ["unknown"], f"seed {seed}: unknown row {row.body} has messages {statuses}"
        assert not Message.select().where(Message.status == "sending").exists(), \
            f"seed {seed}: an outbound message is still marked sending"
    drained = len(recorded_sends([drain]))
    print(f"seed {seed}: {states}; {len(sends) - drained} sends in the killed rounds, {drained} in the drain")



def test_a_connection_lost_while_recovering_a_dead_claim_leaves_the_row_and_its_message_agreeing(
        app, clock, monkeypatch):
    """recover_expired marks the row `unknown`, then its message: losing the database in between must not
    leave the message "sending" next to an `unknown` row for ever."""
    from peewee import OperationalError

    from bot import outbox
    from bot.models import Member

    queue_backlog(1, 1, now=clock())
    with database.connection_context():
        (row,) = outbox.claim_due(clock(), "dead-worker", 1, 5)
        message = Message.create(member=Member.get(), direction="out", body=row.body, status="sending",
                                 kind="manual", scheduled=row, created_at=clock(), updated_at=clock())

    def connection_lost(cls, *args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    with monkeypatch.context() as patch, database.connection_context():
        patch.setattr(Message, "update", classmethod(connection_lost))
        with pytest.raises(OperationalError):
            outbox.recover_expired(clock() + timedelta(minutes=1))
    with database.connection_context():
        outbox.recover_expired(clock() + timedelta(minutes=2))  # the next pass, with the database back
        final = (ScheduledMessage.get_by_id(row.id).state, Message.get_by_id(message.id).status)
    assert final == ("unknown", "unknown")

"""Webhook benchmark: the full signed POST /sms path under wrk, against a bare Flask handler.

Both apps run under the same gunicorn settings (GUNICORN_OPTIONS) and receive
the same pre-signed requests, each with a MessageSid never used before, from
one wrk thread with CONNECTIONS connections. Afterwards the inbound rows are
counted against what wrk sent: a request wrk issued but the bot never stored is
a lost message.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

from bench import common

AUTH_TOKEN = "bench-auth-token"
PUBLIC_URL = "https://bot.example.org"
CONNECTIONS = 32
# What the Procfile runs: two sync workers, one per core. Measured here, 3-4 sync workers added nothing and
# gthread (2 x 4 threads) bought the bot up to ~1.5x throughput at 2-3x the p99 (threads queue on SQLite's
# write lock), while keep-alive helped the bare app far more. The bare app gets the very same line.
GUNICORN_OPTIONS = ("--workers", "2", "--worker-class", "sync", "--log-level", "warning")
# What members text, with how often: urges, logged contacts, ratings, held drafts, STATS.
BODIES = (
    (8, "i want to call him"), (6, "I really want to text her"), (5, "so tempted to message my husband"),
    (4, "typing a text to him right now"), (4, "I called him"), (3, "i texted her last night"),
    (3, "he texted me"), (2, "my wife messaged me"), (5, "3"), (4, "2"), (3, "4"),
    (3, "HOLD I miss you so much, can we talk tonight?"), (2, "hold: I just want to hear your voice"),
    (3, "STATS"), (2, "how am i doing"),
)

LUA = Path(__file__).with_name("signed.lua")  # replays the pre-signed requests; prints JSON when done


def sign(auth_token: str, url: str, params: dict[str, str]) -> str:
    """Twilio's X-Twilio-Signature: base64(HMAC-SHA1(token, url + each sorted key followed by its value))."""
    payload = url + "".join(key + params[key] for key in sorted(params))
    return base64.b64encode(hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()).decode()


def phones(count: int) -> list[str]:
    """`count` distinct, possible US numbers (E.164)."""
    return [f"+1{212 + n // 10_000}555{n % 10_000:04d}" for n in range(count)]


def request_lines(count: int, senders: list[str], sid_prefix: str, *, seed: int = 5) -> list[str]:
    """`count` lines "signature<TAB>form body", each with its own MessageSid, senders and bodies mixed."""
    rng = random.Random(seed)
    weights, texts = zip(*BODIES, strict=True)
    lines = []
    for n, text in enumerate(rng.choices(texts, weights, k=count)):
        params = {"MessageSid": f"{sid_prefix}{n:0{34 - len(sid_prefix)}d}", "AccountSid": "AC" + "0" * 32,
                  "From": rng.choice(senders), "To": "+15550000000", "Body": text, "NumMedia": "0"}
        lines.append(sign(AUTH_TOKEN, PUBLIC_URL + "/sms", params) + "\t" + urlencode(params))
    return lines


def sid_of(line: str) -> str:
    return line.split("MessageSid=", 1)[1].split("&", 1)[0]


def seed_members(url: str, senders: list[str], now: datetime) -> None:
    """Consented, active members for every sender, so the run measures members already in conversation."""
    from bot.db import database, open_database
    from bot.models import Member

    open_database(url)
    with database.atomic():
        for start in range(0, len(senders), 500):
            Member.insert_many([{"phone": p, "status": "active", "created_at": now, "consent_at": now}
                                for p in senders[start:start + 500]]).execute()
    common.close_database()


def wrk(server_url: str, script: Path, data: Path, seconds: float, mode: str) -> dict:
    """Run wrk against `server_url` for `seconds`; wrk's figures as a dict (see done() in signed.lua)."""
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds:g}s", "--timeout", "2s", "-s", str(script),
               server_url, "--", str(data), mode]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True)
    except FileNotFoundError:
        raise common.Unavailable("wrk is not installed (apt-get install -y wrk)") from None
    line = next(line for line in done.stdout.splitlines() if line.startswith("BENCH_JSON "))
    return json.loads(line.removeprefix("BENCH_JSON "))


def stored(url: str, prefix: str) -> set[str]:
    """The MessageSids starting with `prefix` of the inbound texts stored at `url`."""
    from bot.db import open_database
    from bot.models import Message

    open_database(url)
    try:
        return {m.twilio_sid for m in Message.select(Message.twilio_sid).where(
            (Message.direction == "in") & Message.twilio_sid.startswith(prefix))}
    finally:
        common.close_database()


def settle(url: str, prefix: str, expected: int) -> set[str]:
    """Wait (up to 30 s) until the server has stored what wrk sent, or stopped storing anything; the sids stored.

    wrk stops with up to CONNECTIONS requests in flight; the server still answers them.
    """
    deadline, previous, since = time.monotonic() + 30, -1, time.monotonic()
    while True:
        sids = stored(url, prefix)
        now = time.monotonic()
        if len(sids) >= expected or now > deadline or (len(sids) == previous and now - since > 2):
            return sids
        if len(sids) != previous:
            previous, since = len(sids), now
        time.sleep(0.2)


def bench_backend(url: str, store_url: str, workdir: Path, seconds: float, pool: int, members: int,
                  rounds: int) -> dict[str, dict]:
    """The bot on `url`, the store-only app on `store_url` and the bare app, all running, measured in alternating
    rounds; figures by app ("bot", "store", "bare").

    Alternating evens out whatever else the machine is doing at the time. The
    store-only app writes to a database of its own, so the bot's members never
    see its rows.
    """
    senders = phones(members)
    for database_url in (url, store_url):
        seed_members(database_url, senders, datetime.now(UTC))
    script = LUA
    files = {}
    for name, count in ([("warm", pool // 10), ("swarm", pool // 10)] + [(f"r{n}", pool) for n in range(rounds)]
                        + [(f"s{n}", pool) for n in range(rounds)]):
        files[name] = workdir / f"requests-{name}.tsv"
        files[name].write_text("\n".join(request_lines(count, senders, f"SM{name}x", seed=len(files))) + "\n")
    env = common.clean_env(DATABASE_URL=url, TWILIO_AUTH_TOKEN=AUTH_TOKEN, PUBLIC_URL=PUBLIC_URL,
                           SECRET_KEY="bench-secret", TRANSPORT="console")
    runs: dict[str, list[dict]] = {"bot": [], "store": [], "bare": []}
    with common.gunicorn("bot:create_app()", GUNICORN_OPTIONS, env, workdir / "gunicorn-bot.log") as bot, \
            common.gunicorn("bench.store_app:app", GUNICORN_OPTIONS, {**env, "DATABASE_URL": store_url},
                            workdir / "gunicorn-store.log") as store, \
            common.gunicorn("bench.bare_app:app", GUNICORN_OPTIONS, env, workdir / "gunicorn-bare.log") as bare:
        for server, data, mode in ((bot, "warm", "once"), (store, "swarm", "once"), (bare, "warm", "cycle")):
            wrk(server.url, script, files[data], 2 if seconds > 5 else 1, mode)
        for n in range(rounds):
            for app, server, database_url, name in (("bot", bot, url, f"r{n}"), ("store", store, store_url, f"s{n}")):
                figures = wrk(server.url, script, files[name], seconds / rounds, "once")
                with open(files[name]) as lines:
                    issued = {sid_of(next(lines)) for _ in range(figures["sent"])}
                sids = settle(database_url, f"SM{name}x", len(issued))
                figures.update(lost=len(issued - sids), stray=len(sids - issued), rows=len(sids))
                runs[app].append(figures)
            runs["bare"].append(wrk(bare.url, script, files[f"r{n}"], seconds / rounds, "cycle"))
        peaks = {"bot": bot.workers_peak_rss_mib(), "store": store.workers_peak_rss_mib(),
                 "bare": bare.workers_peak_rss_mib()}
    return {app: combine(figures, peaks[app]) for app, figures in runs.items()}


def bottleneck(url: str, texts: int) -> tuple[str, float]:
    """Where one in-process request spends its time (cProfile over `texts` signed posts), as a sentence, and
    the SQL statements per text (counted over another `texts` posts, outside the profiler)."""
    from bot import create_app

    senders = phones(200)
    seed_members(url, senders, datetime.now(UTC))
    app = create_app({"database_url": url, "transport": "console", "twilio_auth_token": AUTH_TOKEN,
                      "public_url": PUBLIC_URL, "secret_key": "bench-secret", "log_level": "error"})
    client = app.test_client()
    lines = request_lines(texts * 3, senders, "SMprofile", seed=9)

    def post(batch: list[str]) -> None:
        for line in batch:
            signature, body = line.split("\t")
            client.post("/sms", data=body, content_type="application/x-www-form-urlencoded",
                        headers={"X-Twilio-Signature": signature})

    post(lines[:texts])  # warm: first texts of each member, caches, prompt library
    with common.counting_statements() as counter:
        post(lines[texts:2 * texts])
    layers, _ = common.profile(lambda: post(lines[2 * texts:]))
    common.close_database()
    return f"time by layer: {layers}", counter.count / texts


def combine(runs: list[dict], peak: float | None) -> dict:
    """Rounds into one: counts summed, p50 averaged, p99 and max the worst round's."""
    total = {key: sum(r.get(key, 0) for r in runs) for key in
             ("responses", "duration_us", "sent", "exhausted", "connect", "read", "write", "status", "timeout",
              "lost", "stray", "rows")}
    total.update(p50_us=sum(r["p50_us"] for r in runs) / len(runs), p99_us=max(r["p99_us"] for r in runs),
                 max_us=max(r["max_us"] for r in runs), peak_rss_mib=peak)
    total["rps"] = total["responses"] / (total["duration_us"] / 1e6)
    return total


def errors(figures: dict) -> int:
    return sum(figures[k] for k in ("connect", "read", "write", "status", "timeout", "exhausted"))


TEXT_BUDGET = 4  # the aim: SQL statements per inbound text
RSS_RATIO = 1.5  # the bound: a web worker's peak RSS against the bare handler's


def rows_for(name: str, bot: dict, bare: dict, store: dict, statements: float) -> list[tuple]:
    """The table rows for one backend; the issue's targets hold on SQLite and on PostgreSQL alike."""
    ratio, to_store, store_ratio = bot["rps"] / bare["rps"], bot["rps"] / store["rps"], store["rps"] / bare["rps"]
    lost = f"{bot['lost']} of {bot['sent']:,} sent ({bot['rows']:,} rows, {bot['responses']:,} answered)"
    store_lost = f"{store['lost']} of {store['sent']:,}"
    rss = (bot["peak_rss_mib"] or 0) / (bare["peak_rss_mib"] or 1)
    return [
        (f"{name}: throughput vs bare", f"{bot['rps']:,.0f} req/s", f"{bare['rps']:,.0f} req/s",
         f"{store['rps']:,.0f} req/s", f"{ratio:.2f}x", "≥ 0.50x", common.verdict(ratio >= 0.5)),
        (f"{name}: throughput vs store only", f"{bot['rps']:,.0f} req/s", "", f"{store['rps']:,.0f} req/s",
         f"{to_store:.2f}x", "≥ 0.80x (aim)", common.verdict(to_store >= 0.8)),
        (f"{name}: store only vs bare", "", f"{bare['rps']:,.0f} req/s", f"{store['rps']:,.0f} req/s",
         f"{store_ratio:.2f}x", "", ""),
        (f"{name}: p50 latency", f"{bot['p50_us'] / 1000:.1f} ms", f"{bare['p50_us'] / 1000:.1f} ms",
         f"{store['p50_us'] / 1000:.1f} ms", f"{bot['p50_us'] / max(bare['p50_us'], 1):.1f}x", "", ""),
        (f"{name}: p99 latency", f"{bot['p99_us'] / 1000:.1f} ms", f"{bare['p99_us'] / 1000:.1f} ms",
         f"{store['p99_us'] / 1000:.1f} ms", f"{bot['p99_us'] / max(bare['p99_us'], 1):.1f}x", "< 50 ms",
         common.verdict(bot["p99_us"] < 50_000)),
        (f"{name}: errors (socket + non-2xx)", str(errors(bot)), str(errors(bare)), str(errors(store)), "", "0",
         common.verdict(errors(bot) == 0)),
        (f"{name}: lost (sent, no row)", lost, "", store_lost, "", "0",
         common.verdict(bot["lost"] == 0 and bot["stray"] == 0)),
        (f"{name}: SQL statements per inbound text", f"{statements:.1f}", "0", "1", "", f"≤ {TEXT_BUDGET} (aim)",
         common.verdict(statements <= TEXT_BUDGET)),
        (f"{name}: web worker peak RSS", common.mib(bot["peak_rss_mib"]), common.mib(bare["peak_rss_mib"]),
         common.mib(store["peak_rss_mib"]), f"{rss:.2f}x", f"≤ {RSS_RATIO}x bare", common.verdict(rss <= RSS_RATIO)),
    ]


def run(workdir: Path, *, quick: bool = False, postgres: bool = True, memory: list | None = None) -> str:
    """The webhook section of the report (markdown); peak memory figures are appended to `memory` as (what, MiB)."""
    seconds, rounds, pool, members = (3.0, 1, 30_000, 1_000) if quick else (10.0, 2, 100_000, 1_000)
    lines, notes = [], []
    backends = [("SQLite", lambda: common.sqlite_database(workdir, "webhook"))]
    if postgres:
        backends.append(("PostgreSQL", common.postgres_database))
    for name, database in backends:
        try:
            with database() as url, database() as store_url:
                apps = bench_backend(url, store_url, workdir, seconds, pool, members, rounds)
            with database() as url:
                layers, statements = bottleneck(url, 100 if quick else 500)
            lines += rows_for(name, apps["bot"], apps["bare"], apps["store"], statements)
            notes.append(f"{name}, one request in-process, profiled: {statements:.1f} SQL statements per text; "
                         f"{layers}.")
            if memory is not None:
                memory += [(f"web worker, bot on {name}", apps["bot"]["peak_rss_mib"]),
                           (f"web worker, store only on {name}", apps["store"]["peak_rss_mib"]),
                           (f"web worker, bare Flask ({name} run)", apps["bare"]["peak_rss_mib"])]
        except common.Unavailable as error:
            notes.append(f"{name}: not measured ({error}).")
    header = (f"wrk -t1 -c{CONNECTIONS}, {seconds:g} s per app in {rounds} alternating round(s) after a warm-up; "
              f"gunicorn `{' '.join(GUNICORN_OPTIONS)}` for every app; {members:,} members texting urges, contacts, "
              "ratings, HOLD and STATS; every request signed, with its own MessageSid; signature checks on. "
              "Baselines: bare Flask (fixed TwiML, no database) and store only (bench/store_app.py: signature "
              "check, one INSERT of the text, fixed TwiML). Lost: requests wrk sent whose text is not stored once "
              "the server settles. Statements: what peewee's execute_sql runs per text (BEGIN/COMMIT not counted).")
    body = common.table(("webhook", "bot", "bare Flask", "store only", "ratio", "target", ""), lines) if lines else ""
    return "\n\n".join(part for part in ("### Webhook (POST /sms)", header, body, *notes) if part)

"""`make bench`: every benchmark in one command, one markdown report with figure, baseline, ratio and PASS/MISS.

    .venv/bin/python bench/run.py [--quick] [--only webhook,dispatch,planning,admin,intents] [--no-postgres]

Prints each section as it finishes and writes the whole report to
bench/results/latest.md. The full run takes about ten minutes on two cores,
--quick about one and a half. Baselines are measured in the same run. A MISS
is a finding, not a failure: the exit status is 1 only when a benchmark could
not run (a crash, or the overall time limit).
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import os
import platform
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "latest.md"
SECTIONS = ("webhook", "dispatch", "planning", "admin", "intents")
TIME_LIMIT = {"full": 20 * 60, "quick": 6 * 60}  # seconds, whole run; a bound, not a budget


class Overtime(BaseException):
    """The whole run took longer than TIME_LIMIT; raised from SIGALRM so every `finally` still cleans up."""


def machine() -> str:
    """One line about where and when this ran: cores, CPU, Python, SQLite, load, commit."""
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown CPU")
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False,
                                timeout=5).stdout.strip() or "unknown"
    except (OSError, subprocess.TimeoutExpired):
        commit = "unknown"
    return (f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit}; {os.cpu_count()} cores ({model}); "
            f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}; load average {load()}")


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def sections(workdir: Path, quick: bool, postgres: bool, memory: list) -> dict:
    """Section name -> a function producing its markdown (imported here: `bench` is importable only after main)."""
    from bench import dispatch, planning, webhook

    def optional(module: str, call):
        def section() -> str:
            try:
                imported = importlib.import_module(f"bench.{module}")
            except ImportError as error:
                return f"_bench/{module}.py is not available ({error})._"
            return call(imported)
        return section

    def admin(module) -> str:
        accepted = inspect.signature(module.run).parameters
        options = {"workdir": workdir, "quick": quick, "postgres": postgres}
        return module.run(**{k: v for k, v in options.items() if k in accepted})

    def intents(module) -> str:
        return module.report()  # it reads its own corpora (development split, answers, held-out files)

    common = {"quick": quick, "postgres": postgres, "memory": memory}
    return {
        "webhook": lambda: webhook.run(workdir, **common),
        "dispatch": lambda: dispatch.run(workdir, **common),
        "planning": lambda: planning.run(workdir, **common),
        "admin": lambda: "### Admin pages\n\n" + optional("admin_pages", admin)(),
        "intents": lambda: "### Intent recognition\n\n" + optional("intent_accuracy", intents)(),
    }


def memory_table(memory: list) -> str:
    from bench.common import mib, table

    rows = [(what, mib(peak)) for what, peak in memory]
    return "### Peak memory (VmHWM)\n\n" + table(("process", "peak RSS"), rows) if rows else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the Breathing Room benchmarks and print a markdown report.")
    parser.add_argument("--quick", action="store_true", help="a shorter smoke run (about 1.5 minutes)")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated subset of {', '.join(SECTIONS)}")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    args = parser.parse_args(argv)
    chosen = [name for name in args.only.split(",") if name]
    unknown = set(chosen) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    sys.path.insert(0, str(ROOT))  # `python bench/run.py` puts bench/, not the project, on the path

    def overtime(signum, frame):
        raise Overtime()

    signal.signal(signal.SIGALRM, overtime)
    signal.alarm(TIME_LIMIT["quick" if args.quick else "full"])
    started, failed, memory = time.monotonic(), False, []
    parts = [f"## Benchmarks{' (quick run)' if args.quick else ''}", machine()]
    print("\n\n".join(parts), flush=True)
    try:
        with tempfile.TemporaryDirectory(prefix="breathing-room-bench-") as scratch:
            runners = sections(Path(scratch), args.quick, not args.no_postgres, memory)
            for name in chosen:
                began = time.monotonic()
                try:
                    text = runners[name]()
                except Exception as error:  # noqa: BLE001 - one broken benchmark must not hide the others
                    failed, text = True, f"### {name}\n\nFAILED: {type(error).__name__}: {error}"
                parts.append(f"{text}\n\n_{name}: {time.monotonic() - began:.0f} s, load average {load()}_")
                print("\n" + parts[-1], flush=True)
    except Overtime:
        failed = True
        parts.append(f"**Stopped: the run exceeded its {TIME_LIMIT['quick' if args.quick else 'full']} s limit.**")
    finally:
        signal.alarm(0)
    parts.append(memory_table(memory))
    report = "\n\n".join(part for part in parts if part)
    passes, misses = report.count("| PASS |"), report.count("| MISS |")
    report += f"\n\nTargets: {passes} PASS, {misses} MISS; total {time.monotonic() - started:.0f} s.\n"
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report)
    print("\n" + parts[-1] + f"\n\nTargets: {passes} PASS, {misses} MISS. Report written to "
          f"{RESULTS.relative_to(ROOT)}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

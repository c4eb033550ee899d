"""The front door: `make run` starts the Procfile's web and worker through honcho, `/` answers, Ctrl-C stops both.

Real processes on SQLite, as a newcomer runs them. They need the project's
.venv (which `make test` builds); without it they skip, except under CI.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import urllib.request
from pathlib import Path

import pytest

from tests.fault_helpers import child_env, wait_for
from tests.processes import free_port

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
UNCLEAN = ("Traceback", "RecursionError", "Segmentation fault", "Error 1")

if not (VENV_BIN / "honcho").exists():
    if os.environ.get("CI"):
        pytest.fail("CI runs `make test`, which installs honcho into .venv", pytrace=False)
    pytest.skip("no .venv/bin/honcho: run `make test` (it builds .venv)", allow_module_level=True)


def make_env(tmp_path: Path, **settings: str) -> dict[str, str]:
    env = child_env(DATABASE_URL=f"sqlite:///{tmp_path / 'run.sqlite3'}", SPOOL_DIR=str(tmp_path / "spool"),
                    **settings)
    env.pop("MAKEFLAGS", None)  # an outer `make test -j2` must not reach into the recipe
    return env


def answers(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except OSError:
        return None


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_ctrl_c_on_make_run_stops_web_and_worker_without_a_traceback(tmp_path):
    port, log = free_port(), tmp_path / "make-run.log"
    with log.open("w") as out:
        make = subprocess.Popen(["make", "--no-print-directory", "run"], cwd=ROOT, env=make_env(tmp_path, PORT=str(port)),
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(lambda: "worker running" in log.read_text() and answers(f"http://127.0.0.1:{port}/") == 200,
                 120, "make run to serve / and start the worker", interval=0.2)
        os.killpg(make.pid, signal.SIGINT)  # what the terminal does on Ctrl-C: the whole foreground group
        make.wait(timeout=30)
    finally:
        if make.poll() is None:
            os.killpg(make.pid, signal.SIGKILL)
            make.wait(timeout=10)
    output = log.read_text()
    assert not [word for word in UNCLEAN if word in output], output
    assert "web.1 stopped (rc=0)" in output and "worker.1 stopped (rc=0)" in output
    assert "worker stopped" in output  # the worker finished its pass and said so
    started = [int(pid) for pid in re.findall(r"(?:web|worker)\.1 started \(pid=(\d+)\)", output)]
    assert len(started) == 2 and not any(alive(pid) for pid in started)
    assert not listening(port)
    assert output.count("TWILIO_AUTH_TOKEN is not set") == 1  # once for the web process, not once per process
    assert f"on http://127.0.0.1:{port}/" in output


def test_make_run_with_a_malformed_setting_stops_at_once_with_one_clear_line(tmp_path):
    result = subprocess.run(["make", "--no-print-directory", "run"], cwd=ROOT,
                            env=make_env(tmp_path, RETENTION_DAYS="0", PORT=str(free_port())), capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode != 0
    assert "configuration error: RETENTION_DAYS must be at least 1, got 0" in result.stderr.splitlines()
    assert "Traceback" not in result.stdout + result.stderr
    assert "worker running" not in result.stdout


def procfile_line(name: str) -> str:
    lines = dict(line.split(": ", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line.strip())
    return lines[name]


def test_the_procfile_web_line_checks_the_configuration_once_before_any_worker_boots(tmp_path):
    env = make_env(tmp_path, QUIET_HOURS="00:00-23:59", PORT=str(free_port()), WEB_HOST="127.0.0.1",
                   PATH=f"{VENV_BIN}:{os.environ['PATH']}")
    result = subprocess.run(["sh", "-c", procfile_line("web")], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if "QUIET_HOURS" in line]
    assert errors == [("configuration error: QUIET_HOURS must leave at least 8 hours a day for scheduled texts, "
                       "got '00:00-23:59' (quiet for 23 h 59 min)")]
    assert "Traceback" not in result.stderr and "Booting worker" not in result.stderr

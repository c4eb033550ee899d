"""Stand-ins for Twilio's REST API, over real HTTP on 127.0.0.1.

- `prism_twilio` (session fixture): Prism serving Twilio's own OpenAPI description
  (../shared/twilio-openapi/twilio_api_v2010.json, or $TWILIO_OPENAPI_SPEC). Prism validates
  every request against Twilio's schema and answers with Twilio's examples. Installed by
  `npm ci` from package.json; skipped when absent, except under CI, where that is a failure.
- `fake_twilio` (function fixture): a tiny local server for the paths Prism cannot play:
  Twilio-shaped error bodies, Retry-After, a hang past the client's timeout, a dropped connection.

Both are reached through twilio-python's `http_client=` seam (`PrismHttpClient`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from twilio.http.http_client import TwilioHttpClient

from tests.processes import free_port, terminate

REPO = Path(__file__).resolve().parents[1]
PRISM_BIN = REPO / "node_modules" / ".bin" / "prism"
TWILIO_API = re.compile(r"^https://api(\.[a-z0-9-]+)*\.twilio\.com")  # also edge/region hosts (TWILIO_EDGE)
ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "test-auth-token"
PRISM_START_DEADLINE = 60.0


def openapi_spec() -> Path:
    """Twilio's API description: $TWILIO_OPENAPI_SPEC, else shared/ checked out beside the repo."""
    override = os.environ.get("TWILIO_OPENAPI_SPEC")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "shared" / "twilio-openapi" / "twilio_api_v2010.json"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@dataclass
class Recorded:
    method: str
    url: str
    params: dict
    data: dict


class PrismHttpClient(TwilioHttpClient):
    """twilio's own HTTP client, sent to `base_url` instead of https://api.twilio.com; records requests."""

    def __init__(self, base_url: str, **kwargs):
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")
        self.requests: list[Recorded] = []

    def request(self, method, url, params=None, data=None, headers=None, auth=None, timeout=None,
                allow_redirects=False):
        url = TWILIO_API.sub(lambda _: self.base_url, url)
        self.requests.append(Recorded(method.upper(), url, dict(params or {}), dict(data or {})))
        return super().request(method, url, params=params, data=data, headers=headers, auth=auth,
                               timeout=timeout, allow_redirects=allow_redirects)


@dataclass
class PrismServer:
    base_url: str
    log_path: Path

    def http_client(self, **kwargs) -> PrismHttpClient:
        return PrismHttpClient(self.base_url, **kwargs)


def _unavailable(reason: str):
    if in_ci():
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


def _log_tail(path: Path, limit: int = 2000) -> str:
    try:
        return path.read_text(errors="replace")[-limit:]
    except OSError:
        return ""


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=1).close()
    except urllib.error.HTTPError:
        return True  # Prism answers 404 on "/": it is up
    except OSError:
        return False
    return True


@pytest.fixture(scope="session")
def prism_twilio():
    """Prism mocking Twilio's REST API v2010 on a free port for the whole session (a PrismServer)."""
    spec = openapi_spec()
    if not PRISM_BIN.exists():
        _unavailable(f"Prism is not installed ({PRISM_BIN} missing): run `npm ci` at the repo root")
    if not spec.is_file():
        _unavailable(f"Twilio's OpenAPI description not found at {spec} (set TWILIO_OPENAPI_SPEC)")
    if shutil.which("node") is None:
        _unavailable("node is not on PATH, Prism needs it")
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_dir = Path(tempfile.mkdtemp(prefix="prism-"))
    log_path = log_dir / "prism.log"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            [str(PRISM_BIN), "mock", "-h", "127.0.0.1", "-p", str(port), str(spec)],
            stdin=subprocess.DEVNULL, stdout=log_file, stderr=subprocess.STDOUT, cwd=REPO,
        )
    try:
        deadline = time.monotonic() + PRISM_START_DEADLINE
        while not _answers(base_url + "/"):
            if process.poll() is not None:
                pytest.fail(f"Prism exited with {process.returncode}:\n{_log_tail(log_path)}", pytrace=False)
            if time.monotonic() > deadline:
                pytest.fail(f"Prism did not answer within {PRISM_START_DEADLINE:.0f}s:\n{_log_tail(log_path)}",
                            pytrace=False)
            time.sleep(0.1)
        yield PrismServer(base_url, log_path)
    finally:
        terminate(process)
        shutil.rmtree(log_dir, ignore_errors=True)


def twilio_error(code: int, message: str, status: int) -> dict:
    """An error body shaped like Twilio's REST API v2010 errors."""
    return {"code": code, "message": message, "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": status}


@dataclass
class FakeTwilio:
    """A local HTTP server; set `action` to choose how it answers the next requests.

    action is ("reply", status, body: dict | str, headers), ("hang", seconds) or ("drop",).
    A body string may hold "{To}", replaced by the request's To (as Twilio echoes numbers in messages).
    """

    base_url: str = ""
    action: tuple = ("reply", 201, {}, {})
    requests: list[Recorded] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def reply(self, status: int, body: dict | str, headers: dict | None = None) -> None:
        self.action = ("reply", status, body, headers or {})

    def hang(self, seconds: float = 5.0) -> None:
        self.action = ("hang", seconds)

    def drop(self) -> None:
        self.action = ("drop",)

    def http_client(self, **kwargs) -> PrismHttpClient:
        return PrismHttpClient(self.base_url, **kwargs)


class _FakeHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass  # quiet: keep request lines (with numbers) out of test output

    def do_GET(self):
        self._answer()

    def do_POST(self):
        self._answer()

    def _answer(self):
        fake: FakeTwilio = self.server.fake
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}  # the whole request is in
        query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
        fake.requests.append(Recorded(self.command, self.path, query, form))
        action = fake.action
        if action[0] == "hang":
            fake.release.wait(action[1])
            self.close_connection = True
            return
        if action[0] == "drop":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        _, status, body, headers = action
        text = json.dumps(body) if isinstance(body, dict) else body
        payload = text.replace("{To}", form.get("To") or query.get("To", "")).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json" if isinstance(body, dict) else "text/plain")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)


@pytest.fixture
def fake_twilio():
    """A FakeTwilio on a free 127.0.0.1 port for one test."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeHandler)
    server.daemon_threads = True
    fake = FakeTwilio(base_url=f"http://127.0.0.1:{server.server_address[1]}")
    server.fake = fake
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, name="fake-twilio",
                              daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        fake.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def closed_port_url() -> str:
    """An http://127.0.0.1 URL where nothing listens (connection refused)."""
    return f"http://127.0.0.1:{free_port()}"

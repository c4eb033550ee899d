"""Oversized and many-parameter bodies against a live gunicorn: refused at once, and a genuine text unharmed.

Each hostile request really sends its body (29 MB, or 14 MB trickled slowly, with a Content-Length or
chunked, with and without an X-Twilio-Signature header) from its own socket, while the test times the
answer. /sms and /sms/status take at most 64 KB; a missing signature is refused before the body is read.
"""

from __future__ import annotations

import socket
import threading
import time
from urllib.parse import urlencode, urlsplit

import pytest

from tests.conftest import PUBLIC_URL, sign
from tests.fault_helpers import gunicorn
from tests.test_faults_outage import post

BIG = 29 * 1024 * 1024
CHUNK = 64 * 1024
PROMPT = 1.0  # seconds: "well under a second" with room for a loaded machine


def hostile_post(base_url: str, path: str, size: int, *, chunked: bool = False, signature: str | None = None,
                 pace: float = 0.0) -> tuple[int | None, float]:
    """POST `size` bytes of form data to `path`; (HTTP status or None if the connection died first, seconds)."""
    parts = urlsplit(base_url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=30)
    headers = [f"POST {path} HTTP/1.1", f"Host: {parts.netloc}", "Content-Type: application/x-www-form-urlencoded"]
    headers.append("Transfer-Encoding: chunked" if chunked else f"Content-Length: {size}")
    if signature is not None:
        headers.append(f"X-Twilio-Signature: {signature}")
    started = time.monotonic()
    sock.sendall(("\r\n".join(headers) + "\r\n\r\n").encode())

    def send_body():
        block = b"Body=" + b"x" * (CHUNK - 5)
        try:
            for offset in range(0, size, CHUNK):
                piece = block[:min(CHUNK, size - offset)]
                sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
                if pace:
                    time.sleep(pace)  # a slow sender, holding its connection open
            if chunked:
                sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server answered and closed: the rest of the body is refused, as intended

    sender = threading.Thread(target=send_body, daemon=True)
    sender.start()
    try:
        status_line = sock.makefile("rb").readline()
    except OSError:
        status_line = b""
    seconds = time.monotonic() - started
    sock.close()
    sender.join(timeout=30)
    return (int(status_line.split()[1]) if status_line.startswith(b"HTTP/") else None), seconds


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One live gunicorn (two sync workers, as the Procfile's default) on SQLite for the whole module."""
    from bot.db import close_all, database, open_database, upgrade

    folder = tmp_path_factory.mktemp("bodies")
    url = f"sqlite:///{folder / 'bodies.sqlite3'}"
    open_database(url)
    with database.connection_context():
        upgrade()
    close_all()
    with gunicorn(url, folder, workers=2) as base_url:
        yield base_url


@pytest.mark.parametrize("path", ["/sms", "/sms/status"])
@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
@pytest.mark.parametrize("signed", [False, True], ids=["no-signature", "bogus-signature"])
def test_an_oversized_body_is_refused_at_once(server, path, chunked, signed, capsys):
    status, seconds = hostile_post(server, path, BIG, chunked=chunked, signature="bm9wZQ==" if signed else None)
    # A declared length over the limit is 413 before anything else. A chunked body declares none: without a
    # signature it is 403 unread, and a form of unknown length is never parsed, so no signature can match.
    expected = 403 if chunked else 413
    assert status == expected and seconds < PROMPT, (status, seconds)
    with capsys.disabled():
        print(f"\nFAULT 29 MB to {path}, {'chunked' if chunked else 'with a length'}, "
              f"{'bogus' if signed else 'no'} signature: {status} in {seconds * 1000:.0f} ms")


def test_a_genuine_text_is_answered_at_once_while_slow_oversized_posts_are_in_flight(server, capsys):
    slow = [threading.Thread(target=hostile_post, args=(server, "/sms", 14 * 1024 * 1024),
                             kwargs={"signature": "bm9wZQ==", "pace": 0.05}, daemon=True) for _ in range(2)]
    for thread in slow:
        thread.start()
    time.sleep(0.2)  # both hostile clients are sending by now
    status, replies, seconds = post(server, "+12125550700", "I want to call him", "SM" + "7" * 32)
    assert status == 200 and replies and seconds < PROMPT, (status, seconds)
    with capsys.disabled():
        print(f"\nFAULT a text during two slow 14 MB posts: answered in {seconds * 1000:.0f} ms")


def many_parameters(count: int, **fields) -> dict:
    return {**fields, **{f"p{n:05d}": "1" for n in range(count)}}


def raw_form(base_url: str, params: dict, signature: str) -> tuple[int, float]:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(base_url + "/sms", data=urlencode(params).encode(), method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded",
                                              "X-Twilio-Signature": signature})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, time.monotonic() - started


def test_many_parameters_within_the_limit_are_checked_quickly_and_forgeries_refused(server, capsys):
    fields = {"MessageSid": "SM" + "8" * 32, "From": "+12125550701", "Body": "URGE"}
    forged = many_parameters(5000, **fields)
    status, forged_seconds = raw_form(server, forged, "bm9wZQ==")
    assert status == 403 and forged_seconds < PROMPT, (status, forged_seconds)
    signed = many_parameters(5000, **fields)
    status, seconds = raw_form(server, signed, sign(PUBLIC_URL + "/sms", signed))
    assert status == 200 and seconds < PROMPT, (status, seconds)
    with capsys.disabled():
        print(f"\nFAULT 5,000 parameters: forged 403 in {forged_seconds * 1000:.0f} ms, signed 200 in "
              f"{seconds * 1000:.0f} ms")
    too_many = many_parameters(9000, **fields)  # over 64 KB once encoded
    status, seconds = raw_form(server, too_many, sign(PUBLIC_URL + "/sms", too_many))
    assert status == 413 and seconds < PROMPT, (status, seconds)

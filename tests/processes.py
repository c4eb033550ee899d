"""Child processes in tests: a free loopback port, and stopping a server politely, then firmly."""

from __future__ import annotations

import socket
import subprocess


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def terminate(process: subprocess.Popen, timeout: float = 10) -> None:
    """SIGTERM, wait up to `timeout`, then SIGKILL: no test leaves a server behind."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)

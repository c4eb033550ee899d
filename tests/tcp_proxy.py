"""A TCP proxy run as its own process, to take a database away from the app: kill the process and every
connection through it breaks at once and new ones are refused, as when a server stops.

    python -m tests.tcp_proxy LISTEN_PORT TARGET_HOST TARGET_PORT

Prints "ready" once it listens. Killing it (SIGKILL) is the outage; starting it again on the same port is
the recovery.
"""

from __future__ import annotations

import selectors
import socket
import sys
import threading


def pipe(source: socket.socket, sink: socket.socket) -> None:
    """Copy bytes one way until either side closes; then close both, so the other direction ends too."""
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for sock in (source, sink):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()


def serve(listen_port: int, target: tuple[str, int]) -> None:
    server = socket.create_server(("127.0.0.1", listen_port))
    print("ready", flush=True)
    selector = selectors.DefaultSelector()
    selector.register(server, selectors.EVENT_READ)
    while True:
        selector.select()
        client, _ = server.accept()
        try:
            upstream = socket.create_connection(target, timeout=5)
        except OSError:
            client.close()
            continue
        upstream.settimeout(None)
        for a, b in ((client, upstream), (upstream, client)):
            threading.Thread(target=pipe, args=(a, b), daemon=True).start()


if __name__ == "__main__":
    serve(int(sys.argv[1]), (sys.argv[2], int(sys.argv[3])))

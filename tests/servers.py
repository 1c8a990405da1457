"""Real PostgreSQL and Redis servers for the tests: started in a temp folder, stopped after.

PostgreSQL is Debian's (`/usr/lib/postgresql/*/bin`): `initdb` refuses to run as root, so
when the tests run as root the cluster belongs to `nobody`. Both listen on 127.0.0.1 only,
on a free port. Nothing is mocked: install them with `sh tests/install-browser.sh`.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

INSTALL_HINT = "install it with `sh tests/install-browser.sh` (Debian: apt-get install {})"


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, seconds: float = 30.0) -> None:
    """Wait until something accepts connections on 127.0.0.1:port (TimeoutError if not)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


def postgres_bin() -> str:
    """The folder of Debian's newest PostgreSQL binaries (FileNotFoundError if none)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_version)
    if not found:
        raise FileNotFoundError("PostgreSQL is missing: " + INSTALL_HINT.format("postgresql"))
    return os.path.dirname(found[-1])


def _version(path: str) -> int:
    part = path.split("/")[4]
    return int(part) if part.isdigit() else 0


def _as_owner(command: list[str]) -> list[str]:
    return ["runuser", "-u", "nobody", "--", *command] if os.geteuid() == 0 else command


class Postgres:
    """A PostgreSQL cluster of our own; `url(name)` for a database, `new_database()` for a fresh one."""

    def __init__(self, folder: str, port: int):
        self.folder, self.port = folder, port

    def url(self, database: str = "postgres") -> str:
        """The connection URL of one database of this cluster."""
        return f"postgresql://glossary@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """Create an empty database; return its URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"create database {name}")  # type: ignore[arg-type]
        return self.url(name)


@contextmanager
def postgres_server() -> Iterator[Postgres]:
    """Start a PostgreSQL cluster in a temp folder on a free port; stop and remove it after."""
    binaries = postgres_bin()
    folder = tempfile.mkdtemp(prefix="glossary-pg-")
    if os.geteuid() == 0:
        shutil.chown(folder, "nobody")
    data = os.path.join(folder, "data")
    subprocess.run(
        _as_owner([f"{binaries}/initdb", "-D", data, "-U", "glossary", "--auth=trust",
                   "-E", "UTF8", "--no-sync"]),
        check=True, capture_output=True,
    )  # fmt: skip
    port = free_port()
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    log = os.path.join(folder, "log")
    subprocess.run(
        _as_owner([f"{binaries}/pg_ctl", "-D", data, "-l", log, "-o", options, "-w", "start"]),
        check=True, capture_output=True,
    )  # fmt: skip
    try:
        yield Postgres(folder, port)
    finally:
        subprocess.run(
            _as_owner([f"{binaries}/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"]),
            capture_output=True,
        )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)


class Redis:
    """A redis-server of our own; `url` to reach it, `stop()` to take it down."""

    def __init__(self, process: subprocess.Popen[bytes], port: int):
        self.process, self.port = process, port
        self.url = f"redis://127.0.0.1:{port}/0"

    def stop(self) -> None:
        """Stop the server (as when Redis goes down)."""
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


@contextmanager
def redis_server() -> Iterator[Redis]:
    """Start redis-server on a free port, no persistence; stop it after."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise FileNotFoundError("redis-server is missing: " + INSTALL_HINT.format("redis-server"))
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = Redis(process, port)
    try:
        wait_for_port(port)
        yield server
    finally:
        server.stop()

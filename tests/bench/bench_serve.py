"""Benchmark: the search API under `glossary serve --workers 2` against Datasette, with wrk.

Run by hand (needs Debian's `wrk`: apt-get install wrk, and the bench extra:
pip install -e '.[bench]'):

    python tests/bench/bench_serve.py [--duration 10] [--connections 32] [--terms DIR]

Both servers answer an indexed lookup of 双循环 from the same database file, in the same
run, one after the other: `glossary serve` at /api/search?q=双循环 (full entries, ranked);
Datasette (immutable mode, one process: it has no worker option) at the search_keys table's
JSON endpoint filtered on the indexed (kind, key). Reports req/s, p50/p99 latency and errors.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from glossary.build import build_database
from glossary.locations import bundled_terms

QUERY = "双循环"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"no answer from {url}")


def milliseconds(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url: str, duration: int, connections: int) -> dict[str, float]:
    """Drive a URL with wrk (2 threads); return req/s, p50, p99 (ms) and errors."""
    subprocess.run(  # warm-up
        ["wrk", "-t2", f"-c{connections}", "-d2s", url], capture_output=True, check=True
    )
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    )
    text = result.stdout
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),  # type: ignore[union-attr]
        "p50": milliseconds(re.search(r"\s50%\s+(\S+)", text).group(1)),  # type: ignore[union-attr]
        "p99": milliseconds(re.search(r"\s99%\s+(\S+)", text).group(1)),  # type: ignore[union-attr]
        "errors": errors + (int(non_2xx.group(1)) if non_2xx else 0),
        "requests": float(re.search(r"(\d+) requests in", text).group(1)),  # type: ignore[union-attr]
    }


def serve_glossary(terms: Path, db: Path, port: int, threads: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "glossary", "--terms", str(terms), "--db", str(db)]
    command += ["serve", "--port", str(port), "--workers", "2", "--threads", str(threads)]
    command += ["--suggestions", str(db.with_name("suggestions.db"))]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def serve_datasette(db: Path, port: int) -> subprocess.Popen[bytes]:
    datasette = shutil.which("datasette", path=os.path.dirname(sys.executable))
    if datasette is None:
        raise SystemExit("datasette is not installed: pip install -e '.[bench]'")
    command = [datasette, "serve", "-i", str(db), "--port", str(port), "--host", "127.0.0.1"]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=32, help="concurrent connections")
    parser.add_argument("--terms", type=Path, default=Path(bundled_terms()), help="terms folder")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "glossary.db"
        termbase = build_database(args.terms, db)
        quoted = urllib.parse.quote(QUERY)
        rows = []
        for label, threads in (
            ("glossary serve (gthread, 4 threads)", 4),
            ("glossary serve (sync)", 1),
        ):
            port = free_port()
            server = serve_glossary(args.terms, db, port, threads)
            url = f"http://127.0.0.1:{port}/api/search?q={quoted}"
            try:
                wait_for(url, server)
                rows.append((label, run_wrk(url, args.duration, args.connections)))
            finally:
                stop(server)
        port = free_port()
        datasette = serve_datasette(db, port)
        url = f"http://127.0.0.1:{port}/glossary/search_keys.json?kind=han&key={quoted}"
        try:
            wait_for(url, datasette)
            rows.append(
                (
                    "Datasette (table JSON, indexed filter)",
                    run_wrk(url, args.duration, args.connections),
                )
            )
        finally:
            stop(datasette)

    baseline = rows[-1][1]["rps"]
    print(f"# {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"# {len(termbase.concepts)} concepts; wrk -t2 -c{args.connections} -d{args.duration}s")
    print()
    print("| server | req/s | p50 ms | p99 ms | errors | vs Datasette |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, figures in rows:
        print(
            f"| {label} | {figures['rps']:,.0f} | {figures['p50']:.1f} | {figures['p99']:.1f} "
            f"| {figures['errors']:.0f} | {figures['rps'] / baseline:.2f}x |"
        )


if __name__ == "__main__":
    main()

"""Benchmark: the search API under `glossary serve --workers 2` against Datasette, with wrk.

Run by hand (needs Debian's `wrk`: apt-get install wrk, and the bench extra:
pip install -e '.[bench]'):

    python tests/bench/bench_serve.py [--duration 10] [--connections 32] [--terms DIR]

Loopback only, bounded in time (about 8 x (duration + 2) s). Both servers answer the same
queries in the same run, one after the other: `glossary serve` at /api/search?q=WORD (full
entries, ranked, over the termbase and the CC-CEDICT general layer); Datasette (immutable
mode, one process: it has no worker option) at the JSON endpoint of a CC-CEDICT table with
an index on its `simplified` column, filtered on it (?simplified=WORD).

- cold: every request a different CC-CEDICT word (never repeated in the run: no cache helps);
- warm: 64 words over and over (after a warm-up: answers come from the answer cache).

Reports req/s, p50/p99 latency and errors (socket errors and non-2xx answers).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from glossary.build import build_database
from glossary.locations import bundled_terms

WARM_WORDS = 64
# Each wrk thread walks the list of paths from its own starting point, one path per request.
PATHS_SCRIPT = """
local paths, counter = {}, 0
local threads = 0
function setup(thread) thread:set("start", threads); threads = threads + 1 end
function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  counter = (start or 0) * math.floor(#paths / 2)
end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
"""


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


def run_wrk(
    base: str, paths: list[str], duration: int, connections: int, warm_up: str
) -> dict[str, float]:
    """Drive a server with wrk (2 threads) over `paths`; return req/s, p50, p99 (ms), errors.

    The warm-up (2 s) requests `warm_up` only, so that cold paths stay unseen.
    """
    subprocess.run(
        ["wrk", "-t2", f"-c{connections}", "-d2s", base + warm_up], capture_output=True, check=True
    )
    with tempfile.TemporaryDirectory() as folder:
        script, listed = Path(folder) / "paths.lua", Path(folder) / "paths.txt"
        script.write_text(PATHS_SCRIPT, encoding="utf-8")
        listed.write_text("\n".join(paths) + "\n", encoding="utf-8")
        command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency"]
        command += ["-s", str(script), base, "--", str(listed)]
        result = subprocess.run(command, capture_output=True, text=True, check=True)
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


def cedict_table(db: Path, target: Path) -> list[str]:
    """Copy the general layer (CC-CEDICT) into its own database, index `simplified`; its words."""
    conn = sqlite3.connect(target)
    conn.execute("attach database ? as source", (str(db),))
    conn.execute(
        "create table cedict as select id, simplified, traditional, definitions from source.general"
    )
    conn.execute("create index cedict_simplified on cedict (simplified)")
    conn.commit()
    words = [row[0] for row in conn.execute("select distinct simplified from cedict")]
    conn.close()
    return words


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
        words = cedict_table(db, Path(folder) / "cedict.db")
        random.Random(15).shuffle(words)
        sets = {"cold": words, "warm": words[:WARM_WORDS]}
        rows = []
        for label, threads in (
            ("glossary serve, gevent (the default)", 0),
            ("glossary serve, gthread 4 threads", 4),
            ("glossary serve, sync", 1),
        ):
            port = free_port()
            server = serve_glossary(args.terms, db, port, threads)
            base = f"http://127.0.0.1:{port}"
            paths = {
                k: [f"/api/search?q={urllib.parse.quote(w)}" for w in v] for k, v in sets.items()
            }
            try:
                wait_for(base + "/healthz", server)
                for kind in ("cold", "warm"):
                    figures = run_wrk(
                        base, paths[kind], args.duration, args.connections, "/healthz"
                    )
                    rows.append((f"{label}, {kind}", figures))
            finally:
                stop(server)
        port = free_port()
        datasette = serve_datasette(Path(folder) / "cedict.db", port)
        base = f"http://127.0.0.1:{port}"
        paths = {
            k: [f"/cedict/cedict.json?simplified={urllib.parse.quote(w)}" for w in v]
            for k, v in sets.items()
        }
        try:
            wait_for(base + "/cedict/cedict.json?simplified=1", datasette)
            for kind in ("cold", "warm"):
                figures = run_wrk(
                    base, paths[kind], args.duration, args.connections, "/-/versions.json"
                )
                rows.append((f"Datasette, CC-CEDICT table, indexed column, {kind}", figures))
        finally:
            stop(datasette)

    baseline = {kind: figures["rps"] for label, figures in rows if label.startswith("Datasette")
                for kind in ("cold", "warm") if label.endswith(kind)}  # fmt: skip
    print(f"# {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(
        f"# {len(termbase.concepts)} concepts, {len(words)} CC-CEDICT words; "
        f"wrk -t2 -c{args.connections} -d{args.duration}s"
    )
    print()
    print("| server | req/s | p50 ms | p99 ms | errors | vs Datasette (same kind) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, figures in rows:
        kind = label.rsplit(", ", 1)[1]
        print(
            f"| {label} | {figures['rps']:,.0f} | {figures['p50']:.1f} | {figures['p99']:.1f} "
            f"| {figures['errors']:.0f} | {figures['rps'] / baseline[kind]:.2f}x |"
        )


if __name__ == "__main__":
    main()

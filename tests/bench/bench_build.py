"""Benchmark: a full build against a rebuild after editing one term file, in the same run.

Run: python tests/bench/bench_build.py [--runs N]

Each run copies the bundled term files, then times whole `glossary build` processes:
- full build: an empty cache folder, so the layers (CC-CEDICT general layer, character
  tables, corpus) and every Chinese form are compiled, as on a fresh clone;
- rebuild: one term file edited, then built again into the same database, the layers and
  the forms of the other terms taken from the cache;
- rebuild, curated only: the same with `--no-cedict` (its own layers, compiled beforehand).
Reported: median wall time and CPU time (user + system of the build process, which a
machine shared with other jobs leaves about right while wall time grows), and each
rebuild as a ratio to the full build (the bound: at most 0.2).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from glossary.locations import bundled_terms

EDITED = Path("economy") / "dual-circulation.toml"


def timed_build(terms: Path, db: Path, cache: Path, *options: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one `glossary build` process."""
    import time

    env = {**os.environ, "GLOSSARY_CACHE_DIR": str(cache)}
    env.pop("GLOSSARY_CEDICT_FILE", None)
    command = [sys.executable, "-m", "glossary", "--terms", str(terms), "--db", str(db)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([*command, "build", *options], check=True, env=env, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def edit(terms: Path, run: int) -> None:
    """Change one term file as an editor would (a note reworded)."""
    path = terms / EDITED
    path.write_text(
        path.read_text(encoding="utf-8").rstrip("\n") + "\n" * (1 + run % 2), encoding="utf-8"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, list[tuple[float, float]]] = {"full": [], "rebuild": [], "curated": []}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        terms = tmp / "terms"
        shutil.copytree(bundled_terms(), terms)
        for run in range(args.runs):
            cache, db = tmp / f"cache-{run}", tmp / f"run-{run}" / "glossary.db"
            results["full"].append(timed_build(terms, db, cache))
            edit(terms, run)
            results["rebuild"].append(timed_build(terms, db, cache))
            curated = db.with_name("curated.db")
            timed_build(terms, curated, cache, "--no-cedict")  # compiles its layers
            edit(terms, run + 1)
            results["curated"].append(timed_build(terms, curated, cache, "--no-cedict"))
            shutil.rmtree(cache)
        size = db.stat().st_size
    full_wall = statistics.median(w for w, _ in results["full"])
    full_cpu = statistics.median(c for _, c in results["full"])
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"median of {args.runs} runs; database {size / 1e6:.1f} MB")
    print("| build | wall | CPU | wall ratio | CPU ratio |")
    print("| --- | ---: | ---: | ---: | ---: |")
    labels = {
        "full": "full build, empty cache (layers compiled)",
        "rebuild": "rebuild after editing one term file",
        "curated": "rebuild, `--no-cedict`",
    }
    for name, label in labels.items():
        wall = statistics.median(w for w, _ in results[name])
        cpu = statistics.median(c for _, c in results[name])
        print(
            f"| {label} | {wall:.2f} s | {cpu:.2f} s | {wall / full_wall:.2f} | {cpu / full_cpu:.2f} |"
        )


if __name__ == "__main__":
    main()

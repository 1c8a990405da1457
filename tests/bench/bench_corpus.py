"""Benchmark: the corpus index (usage, concordance) against a naive scan of the files.

Run: python tests/bench/bench_corpus.py [--repeat N]

Reports, measured in the same run:
- build time and database size with and without the corpus index (curated layer only);
- in-process `Corpus.concordance` (a page of 50 lines and the total, as /corpus asks) p50/p99
  over the glossary's own Chinese forms and a few very frequent words, against a naive scan
  that reads the corpus files and finds every occurrence (the bound: at least 20x faster,
  p99 under 20 ms);
- `glossary concordance` as a whole process against `python -c pass` (the bound: within 4x).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from glossary.build import build_database
from glossary.corpora import bundled_folder, read_manifest
from glossary.locations import bundled_terms
from glossary.query import Glossary
from glossary.usage import Corpus, ToSimplified

FREQUENT = ["发展", "改革", "社会主义", "经济", "人民"]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def naive_concordance(form: str, fold: ToSimplified, limit: int = 50) -> tuple[int, list[str]]:
    """Read every file, fold it, find every occurrence: what a script without an index does."""
    total, lines = 0, []
    for document in read_manifest(bundled_folder()):
        if document.lang != "zh":
            continue
        for paragraph in document.path.read_text(encoding="utf-8").splitlines():
            folded = fold.fold(paragraph)
            at = folded.find(form)
            while at >= 0:
                total += 1
                if len(lines) < limit:
                    lines.append(paragraph[max(0, at - 20) : at + len(form) + 20])
                at = folded.find(form, at + len(form))
    return total, lines


def median_run(command: list[str], runs: int) -> float:
    """Median wall time of a command with bytecode caching on, as in an installed package
    (PYTHONDONTWRITEBYTECODE would make every run compile the package's modules again)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for _ in range(2):  # the first run writes the bytecode
        subprocess.run(command, capture_output=True, check=False, env=env)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--runs", type=int, default=20)
    options = parser.parse_args()
    print(f"# {platform.machine()}, Python {platform.python_version()}")
    folder = Path(tempfile.mkdtemp())
    db = folder / "glossary.db"
    start = time.perf_counter()
    build_database(bundled_terms(), db, cedict=False)
    print(f"build (curated + corpus): {time.perf_counter() - start:.1f} s, "
          f"{db.stat().st_size / 1e6:.1f} MB")  # fmt: skip
    glossary = Glossary(db)
    corpus = Corpus(glossary.conn)
    sizes = dict(glossary.conn.execute(
        "select name, sum(pgsize) from dbstat group by name"
    ).fetchall()) if glossary.conn.execute("pragma compile_options").fetchall() else {}  # fmt: skip
    corpus_bytes = sum(v for k, v in sizes.items() if k.startswith("corpus_"))
    if corpus_bytes:
        print(f"corpus tables and index: {corpus_bytes / 1e6:.1f} MB")
    forms = sorted({row["term"] for row in glossary.chinese_forms()})
    queries = random.Random(7).sample(forms, min(200, len(forms))) + FREQUENT
    fold = ToSimplified(glossary.t2s_table().items())
    indexed, naive, forms_only = [], [], []
    for query in queries:
        for _ in range(options.repeat):
            t = time.perf_counter()
            result = corpus.concordance([query], query=query, limit=50)
            indexed.append(time.perf_counter() - t)
            if query not in FREQUENT:
                forms_only.append(indexed[-1])
        t = time.perf_counter()
        total, _lines = naive_concordance(query, fold)
        naive.append(time.perf_counter() - t)
        assert total == result["total"], (query, total, result["total"])
    print(f"queries: {len(queries)} ({len(FREQUENT)} very frequent words among them)")
    print("| | p50 (ms) | p99 (ms) |")
    print("| --- | ---: | ---: |")
    for name, times in (
        ("index (Corpus.concordance)", indexed),
        ("naive scan of the files", naive),
    ):
        print(
            f"| {name} | {percentile(times, 0.5) * 1e3:.2f} | {percentile(times, 0.99) * 1e3:.2f} |"
        )
    print(f"index, the glossary's forms only: p99 {percentile(forms_only, 0.99) * 1e3:.2f} ms")
    print(f"speed-up at p50: {percentile(naive, .5) / percentile(indexed, .5):.0f}x, "
          f"mean: {statistics.mean(naive) / statistics.mean(indexed):.0f}x")  # fmt: skip
    bare = median_run([sys.executable, "-c", "pass"], options.runs)
    glossary_bin = str(Path(sys.executable).with_name("glossary"))
    whole = median_run([glossary_bin, "--db", str(db), "concordance", "新发展格局"], options.runs)
    print(f"python -c pass: {bare * 1e3:.1f} ms; glossary concordance 新发展格局: "
          f"{whole * 1e3:.1f} ms ({whole / bare:.2f}x)")  # fmt: skip


if __name__ == "__main__":
    main()

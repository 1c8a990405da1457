"""Benchmark: `glossary candidates` on the whole bundled corpus and on the 2024+2025 reports.

Run: python tests/bench/bench_candidates.py [--runs N] [--terms DIR]

Reports, for each text set:
- in-process, median of N runs: `Extractor.candidates(documents, limit=100)` (jieba's
  dictionary and the glossary automaton loaded beforehand), against jieba alone cutting the
  same clauses, the part of the work every jieba-based extractor does; MB/s of UTF-8 input
  and peak of Python allocations (tracemalloc);
- whole process, median of N runs after a warm-up: `python -m glossary candidates FILE...
  --format json`, wall time and the process's own peak RSS (bench_annotate's Runner);
- the precision of the top 100 on 2024+2025 against the judgements in
  tests/bench/candidates_judged.tsv (phrase, judgement y or n, note): phrases of the top
  100 that are not judged yet are listed, so the file can be kept up to date.
"""

from __future__ import annotations

import argparse
import csv
import platform
import sys
import tempfile
from pathlib import Path

from bench_annotate import Runner, median_call, peak_allocated  # the script's own folder

from glossary.build import build_database
from glossary.candidates import (
    Document,
    Extractor,
    bundled_documents,
    document_year,
    segment,
)
from glossary.locations import bundled_terms
from glossary.query import Glossary
from glossary.textio import read_text

JUDGED = Path(__file__).with_name("candidates_judged.tsv")
RECENT = ["gwr_2024.zh.txt", "gwr_2025.zh.txt"]


def documents(paths: list[str]) -> list[Document]:
    """The texts, with their years from the manifest."""
    return [Document(path, read_text(path), document_year(path)) for path in paths]


def judgements() -> dict[str, str]:
    """phrase → y or n, from candidates_judged.tsv."""
    if not JUDGED.exists():
        return {}
    with JUDGED.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(
            (line for line in handle if not line.startswith("#")),
            delimiter="\t",
            quoting=csv.QUOTE_NONE,
        )
        return {row["phrase"]: row["judgement"] for row in rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--terms", default=bundled_terms())
    args = parser.parse_args()
    runner = Runner()  # started while this process is small (see bench_annotate)
    print(f"{platform.machine()}, Python {platform.python_version()}, runs={args.runs}")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "glossary.db"
        build_database(Path(args.terms), db, cedict=False)
        glossary = Glossary(db)
        extractor = Extractor(glossary)
        segment("预热")  # load jieba's dictionary once, as every later call finds it loaded
        sets = {"2024+2025 reports": bundled_documents(RECENT), "whole corpus": bundled_documents()}
        print("| texts | files | MB | candidates s | MB/s | peak alloc | jieba alone s | share |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for name, paths in sets.items():
            docs = documents(paths)
            megabytes = sum(len(d.text.encode()) for d in docs) / 1e6
            seconds = median_call(lambda docs=docs: extractor.candidates(docs, 100), args.runs)
            jieba = median_call(lambda docs=docs: [segment(d.text) for d in docs], args.runs)
            peak = peak_allocated(lambda docs=docs: extractor.candidates(docs, 100))
            print(
                f"| {name} | {len(docs)} | {megabytes:.2f} | {seconds:.2f} | "
                f"{megabytes / seconds:.2f} | {peak / 1e6:.0f} MB | {jieba:.2f} | "
                f"{jieba / seconds:.0%} |"
            )
        print()
        print("| texts | whole process s | peak RSS |")
        print("| --- | ---: | ---: |")
        for name, paths in sets.items():
            command = [sys.executable, "-m", "glossary", "--db", str(db), "candidates", *paths]
            elapsed, rss = runner.median([*command, "--format", "json"], args.runs)
            print(f"| {name} | {elapsed:.2f} | {rss / 1024:.0f} MB |")
        runner.close()
        top = extractor.candidates(documents(bundled_documents(RECENT)), 100)
        judged = judgements()
        missing = [c.phrase for c in top if c.phrase not in judged]
        good = sum(judged.get(c.phrase) == "y" for c in top)
        print()
        print(f"precision of the top {len(top)} on 2024+2025: {good}/{len(top) - len(missing)}")
        if missing:
            print("not judged yet:", " ".join(missing))
        glossary.close()


if __name__ == "__main__":
    main()

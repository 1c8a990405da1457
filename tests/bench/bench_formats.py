"""Benchmark: every export format and the import plan, against the JSON export of the same run.

Run: python tests/bench/bench_formats.py [--terms DIR] [--runs N]

Reports, for the whole termbase: the median time of each format's `dumps` and its ratio to
`json.dumps` of the same entries (the cheapest possible export), the size of each file, and
the median time of reading the TBX export back and planning its import into the same
terms folder (every concept unchanged), against the `glossary validate` of that folder.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from glossary import formats
from glossary.build import build_database, validate
from glossary.formats import ExportContext
from glossary.importer import plan_import
from glossary.locations import bundled_terms
from glossary.query import Glossary


def median_seconds(action, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--terms", default=bundled_terms())
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    terms = Path(args.terms)
    with tempfile.TemporaryDirectory() as temp:
        db = Path(temp) / "g.db"
        build_database(terms, db)
        glossary = Glossary(db)
        entries = glossary.entries()
        context = ExportContext(glossary.sources(), glossary.domains())
        formats.get("json").dumps(entries, context)  # warm up
        baseline = median_seconds(lambda: formats.get("json").dumps(entries, context), args.runs)
        print(f"{len(entries)} concepts; json baseline {baseline * 1000:.1f} ms")
        print(f"{'format':<12}{'ms':>9}{'x json':>9}{'bytes':>12}")
        for name, exporter in formats.registry().items():
            seconds = median_seconds(lambda e=exporter: e.dumps(entries, context), args.runs)
            size = len(exporter.dumps(entries, context))
            print(f"{name:<12}{seconds * 1000:>9.1f}{seconds / baseline:>9.1f}{size:>12,}")
        tbx = formats.get("tbx").dumps(entries, context)
        importer = formats.importers()["tbx"]
        checked = median_seconds(lambda: validate(terms), max(1, args.runs // 2))
        planned = median_seconds(
            lambda: plan_import(importer.loads(tbx, "all.tbx"), terms, "all.tbx"),
            max(1, args.runs // 2),
        )
        print(
            f"import plan of the TBX export: {planned:.2f} s; glossary validate: {checked:.2f} s; "
            f"ratio {planned / checked:.1f}"
        )


if __name__ == "__main__":
    main()

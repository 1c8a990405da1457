"""Benchmark: the translation check's quality (recall, precision, false flags) and speed.

Run: python tests/bench/bench_check.py [--terms DIR] [--db FILE] [--repeat N] [--verbose]

- the official set: the 28 Chinese paragraphs of glossary/corpus/xuexi_bilingual_2022 and
  their official English (Xinhua, China Daily). Every flag the check raises must be
  reviewed in tests/bench/check_official_flags.tsv (segment, concept, kind, verdict, why;
  verdict: true, false, or omitted when the official English really leaves the term out);
  the script prints the flags, how many segments are flagged and any flag not reviewed;
- the labelled set: tests/bench/check_sentences.tsv, policy sentences with an English
  rendering as official English would write it, some with an injected error, each row
  labelled with the issues a reviser wants (concept:KIND, ';' between, '-' for none).
  Recall: labelled issues reported; precision: reported issues that are labelled;
- throughput: `Checker.check` over both sets, repeated, in segments and KB per second
  (median of five runs, checker built beforehand).
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from pathlib import Path

from glossary.build import build_database
from glossary.check import Checker, Segment
from glossary.locations import bundled_terms
from glossary.query import Glossary

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[1] / "glossary" / "corpus"


def official_segments() -> list[Segment]:
    """The 28 official pairs, numbered from 1."""
    zh = (CORPUS / "xuexi_bilingual_2022.zh.txt").read_text(encoding="utf-8").splitlines()
    en = (CORPUS / "xuexi_bilingual_2022.en.txt").read_text(encoding="utf-8").splitlines()
    return [Segment(n, s, t) for n, (s, t) in enumerate(zip(zh, en, strict=True), 1)]


def labelled() -> tuple[list[Segment], list[set[tuple[str, str]]]]:
    """The labelled sentences and, for each, the (concept, kind) issues it should raise."""
    segments, wanted = [], []
    with (HERE / "check_sentences.tsv").open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file, delimiter="\t", quoting=csv.QUOTE_NONE):
            segments.append(Segment(len(segments) + 1, row["zh"], row["en"]))
            issues = set()
            for item in row["issues"].split(";"):
                item = item.strip()
                if item and item != "-":
                    concept, kind = item.rsplit(":", 1)
                    issues.add((concept, kind))
            wanted.append(issues)
    return segments, wanted


def reviewed() -> dict[tuple[int, str, str], tuple[str, str]]:
    """The reviewed flags of the official set: (segment, concept, kind) -> (verdict, why)."""
    found = {}
    with (HERE / "check_official_flags.tsv").open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file, delimiter="\t", quoting=csv.QUOTE_NONE):
            key = (int(row["segment"]), row["concept"], row["kind"])
            found[key] = (row["verdict"], row["why"])
    return found


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=Path, default=bundled_terms())
    parser.add_argument("--db", type=Path, default=Path("/tmp/bench_check.db"))
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--speed-only", action="store_true")
    args = parser.parse_args()
    if not args.db.exists():
        build_database(args.terms, args.db, cedict=True)
    glossary = Glossary(args.db)
    checker = Checker(glossary)
    official = official_segments()
    segments, wanted = labelled() if not args.speed_only else ([], [])

    if not args.speed_only:
        report = checker.check(official)
        notes = reviewed()
        flagged = sorted({issue.segment for issue in report.issues})
        false_flags = omitted = unreviewed = 0
        print(f"official set: {len(official)} segments")
        for issue in report.issues:
            verdict, why = notes.get((issue.segment, issue.concept, issue.kind), ("?", ""))
            false_flags += verdict == "false"
            omitted += verdict == "omitted"
            unreviewed += verdict == "?"
            print(
                f"  [{verdict}] segment {issue.segment} {issue.kind} {issue.concept} "
                f"{issue.term} found={issue.found!r} — {why or issue.reason}"
            )
        print(
            f"  {len(report.issues)} flag(s) in {len(flagged)} segment(s) {flagged}; "
            f"{false_flags} false, {omitted} left out by the official English, "
            f"{unreviewed} not reviewed"
        )

        report = checker.check(segments)
        got: list[set[tuple[str, str]]] = [set() for _ in segments]
        for issue in report.issues:
            got[issue.segment - 1].add((issue.concept, issue.kind))
        hits = sum(len(w & g) for w, g in zip(wanted, got, strict=True))
        labelled_total = sum(len(w) for w in wanted)
        reported = sum(len(g) for g in got)
        print(
            f"labelled set: {len(segments)} sentences, {labelled_total} labelled issues, "
            f"{sum(not w for w in wanted)} clean controls"
        )
        for segment, w, g in zip(segments, wanted, got, strict=True):
            if w != g or args.verbose:
                print(f"  {segment.number}: wanted {sorted(w)} got {sorted(g)}")
                if w != g:
                    print(f"      {segment.source}\n      {segment.target}")
        recall = hits / labelled_total if labelled_total else 1.0
        precision = hits / reported if reported else 1.0
        by_kind: dict[str, list[int]] = {}
        for w, g in zip(wanted, got, strict=True):
            for _, kind in w:
                by_kind.setdefault(kind, [0, 0])[1] += 1
            for _, kind in w & g:
                by_kind[kind][0] += 1
        print(
            f"  recall {recall:.1%} ({hits}/{labelled_total}), "
            f"precision {precision:.1%} ({hits}/{reported})"
        )
        for kind, (found, total) in sorted(by_kind.items()):
            print(f"    {kind}: {found}/{total}")

    every = (official + segments) * args.repeat
    size = sum(len(s.source.encode()) + len(s.target.encode()) for s in every)
    times = []
    for _ in range(5):
        started = time.perf_counter()
        checker.check(every)
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    print(
        f"throughput: {len(every)} segments, {size / 1e3:.0f} KB in {median:.3f} s: "
        f"{len(every) / median:,.0f} segments/s, {size / 1e3 / median:,.0f} KB/s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

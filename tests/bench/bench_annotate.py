"""Benchmark: `glossary annotate` against jieba segmenting the same Chinese text, in one run.

Run: python tests/bench/bench_annotate.py [--terms DIR] [--sizes 1,4,16] [--runs N]
(jieba comes with the `bench` extra: pip install -e '.[bench]').

The text is the Chinese corpus of tests/data/corpus (Government Work Reports, Party
congress reports), concatenated and repeated 1x, 4x and 16x. Reports, for each size:
- whole processes, median of N runs: `python -m glossary annotate FILE --format tsv`
  against a `python -c` that imports jieba and writes `jieba.cut(text)` one word a line;
  MB/s of UTF-8 input, the speed-up, and each process's own peak RSS (wait4);
- in-process, median of N runs: `Annotator.annotate(text)` against `jieba.lcut(text)`
  (dictionary loaded beforehand), MB/s, speed-up, and the peak of Python allocations
  during one call (tracemalloc);
- linear scaling: time per MB at each size relative to the 1x size;
- the same in-process comparison on the 4x corpus converted to traditional characters.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from glossary.annotate import Annotator
from glossary.build import build_database
from glossary.locations import bundled_terms
from glossary.query import Glossary

CORPUS = Path(__file__).resolve().parents[2] / "glossary" / "corpus"
JIEBA_PROCESS = """
import sys, jieba
jieba.setLogLevel(60)
text = open(sys.argv[1], encoding="utf-8").read()
sys.stdout.write("\\n".join(jieba.cut(text)))
"""


def is_recent(path: Path) -> bool:
    """The 2010–2025 reports and the 19th and 20th congress reports: the text the figures were measured on."""
    return any(
        path.name.startswith(p)
        for p in ("gwr_201", "gwr_202", "cpc_congress_19", "cpc_congress_20", "xuexi")
    )


def corpus_text() -> str:
    """Every Chinese text of the corpus, concatenated in name order."""
    return "".join(
        path.read_text(encoding="utf-8")
        for path in sorted(CORPUS.glob("*.zh.txt"))
        if is_recent(path)
    )


# Peak RSS survives execve on Linux: a child forked from this (large) process would report
# our own peak. A small runner process, started first, forks and times the commands.
RUNNER = """
import json, os, sys, time
for line in sys.stdin:
    command = json.loads(line)
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        os.execv(command[0], command)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    print(json.dumps([elapsed, usage.ru_maxrss, os.waitstatus_to_exitcode(status)]), flush=True)
"""


class Runner:
    """Runs commands from a small process: wall time and each command's own peak RSS."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", RUNNER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def run(self, command: list[str]) -> tuple[float, int]:
        """Wall time (s) and peak RSS (KiB) of one run; exit if the command fails."""
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        elapsed, rss, code = json.loads(self.process.stdout.readline())
        if code:
            sys.exit(f"{command} exited with {code}")
        return elapsed, rss

    def median(self, command: list[str], runs: int) -> tuple[float, int]:
        """Median wall time and largest peak RSS over `runs` runs (after one warm-up run)."""
        self.run(command)
        results = [self.run(command) for _ in range(runs)]
        return statistics.median(t for t, _ in results), max(rss for _, rss in results)

    def close(self) -> None:
        """Stop the runner."""
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait()


def median_call(function: Callable[[], Any], runs: int) -> float:
    """Median wall time of an in-process call."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_allocated(function: Callable[[], Any]) -> int:
    """Peak bytes of Python allocations during one call."""
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=Path, default=Path(bundled_terms()))
    parser.add_argument("--sizes", default="1,4,16", help="corpus repetitions, comma-separated")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    runner = Runner()

    import jieba

    jieba.setLogLevel(60)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "glossary.db"
        build_database(args.terms, db)
        glossary = Glossary(db)
        started = time.perf_counter()
        annotator = Annotator(glossary.chinese_forms(), glossary.t2s_table())
        build_ms = (time.perf_counter() - started) * 1000
        blob = pickle.dumps((annotator.automaton, annotator.forms))
        started = time.perf_counter()
        pickle.loads(blob)
        unpickle_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        jieba.initialize()
        jieba_init_ms = (time.perf_counter() - started) * 1000

        print(f"# annotate benchmark: {platform.machine()}, {os.cpu_count()} cores, "
              f"Python {platform.python_version()}")  # fmt: skip
        print(f"termbase {args.terms}: {glossary.stats()['concepts']} concepts, "
              f"{len(annotator)} automaton keys")  # fmt: skip
        print(f"annotator build {build_ms:.1f} ms (rows + automaton; a pickled automaton "
              f"would load in {unpickle_ms:.1f} ms); jieba.initialize {jieba_init_ms:.0f} ms")  # fmt: skip
        print()

        base = corpus_text()
        rows = []
        for size in sizes:
            text = base * size
            path = Path(folder) / f"corpus-{size}x.txt"
            path.write_text(text, encoding="utf-8")
            megabytes = path.stat().st_size / 1e6
            ours_cmd = [sys.executable, "-m", "glossary", "--terms", str(args.terms),
                        "--db", str(db), "annotate", str(path), "--format", "tsv"]  # fmt: skip
            jieba_cmd = [sys.executable, "-c", JIEBA_PROCESS, str(path)]
            ours_wall, ours_rss = runner.median(ours_cmd, args.runs)
            jieba_wall, jieba_rss = runner.median(jieba_cmd, args.runs)
            found = len(annotator.annotate(text))
            ours_call = median_call(lambda text=text: annotator.annotate(text), args.runs)
            jieba_call = median_call(lambda text=text: jieba.lcut(text), args.runs)
            ours_peak = peak_allocated(lambda text=text: annotator.annotate(text))
            rows.append((size, megabytes, found, ours_wall, ours_rss, jieba_wall, jieba_rss,
                         ours_call, jieba_call, ours_peak))  # fmt: skip
            print(f"{size}x done ({megabytes:.1f} MB)", file=sys.stderr)

        print("Whole process (median of", args.runs, "runs):")
        print()
        print("| size | MB | annotate s | MB/s | peak RSS | jieba s | MB/s | peak RSS | speed-up |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for size, mb, _, ours, ours_rss, other, other_rss, *_ in rows:
            print(f"| {size}x | {mb:.1f} | {ours:.2f} | {mb / ours:.1f} | {ours_rss / 1024:.0f} MB "
                  f"| {other:.2f} | {mb / other:.2f} | {other_rss / 1024:.0f} MB "
                  f"| {other / ours:.1f}x |")  # fmt: skip
        print()
        print("In-process (median of", args.runs, "runs; dictionary and automaton loaded):")
        print()
        print("| size | terms found | annotate s | MB/s | peak alloc | jieba s | MB/s | speed-up "
              "| s per MB vs 1x |")  # fmt: skip
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        per_mb_1x = rows[0][7] / rows[0][1]
        for size, mb, found, *_, ours, other, peak in rows:
            print(f"| {size}x | {found:,} | {ours:.3f} | {mb / ours:.1f} | {peak / 1e6:.0f} MB "
                  f"| {other:.2f} | {mb / other:.2f} | {other / ours:.0f}x "
                  f"| {ours / mb / per_mb_1x:.2f} |")  # fmt: skip
        print()
        import opencc

        traditional = opencc.OpenCC("s2t").convert(base) * 4
        megabytes = len(traditional.encode("utf-8")) / 1e6
        ours = median_call(lambda: annotator.annotate(traditional), args.runs)
        other = median_call(lambda: jieba.lcut(traditional), args.runs)
        print(f"Traditional text (the 4x corpus through OpenCC s2t, {megabytes:.1f} MB), "
              f"in-process: annotate {megabytes / ours:.1f} MB/s "
              f"({len(annotator.annotate(traditional)):,} terms), jieba "
              f"{megabytes / other:.2f} MB/s, speed-up {other / ours:.0f}x")  # fmt: skip
        print()
        all_words(glossary, db, args, base, folder, runner)
        glossary.close()
    runner.close()


def all_words(
    glossary: Glossary, db: Path, args: argparse.Namespace, base: str, folder: str, runner: Runner
) -> None:
    """`annotate --all-words` (CC-CEDICT between the glossary's terms) against jieba, 1x text."""
    import jieba

    from glossary.annotate import annotate_all_words, annotator_for

    started = time.perf_counter()
    general = annotator_for(glossary, "general")
    build_s = time.perf_counter() - started
    path = Path(folder) / "corpus-1x.txt"
    path.write_text(base, encoding="utf-8")
    megabytes = path.stat().st_size / 1e6
    words = annotate_all_words(glossary, base)
    ours = median_call(lambda: annotate_all_words(glossary, base), args.runs)
    other = median_call(lambda: jieba.lcut(base), args.runs)
    ours_cmd = [sys.executable, "-m", "glossary", "--terms", str(args.terms), "--db", str(db),
                "annotate", str(path), "--all-words", "--format", "tsv"]  # fmt: skip
    jieba_cmd = [sys.executable, "-c", JIEBA_PROCESS, str(path)]
    ours_wall, ours_rss = runner.median(ours_cmd, args.runs)
    jieba_wall, jieba_rss = runner.median(jieba_cmd, args.runs)
    print(f"annotate --all-words, 1x corpus ({megabytes:.1f} MB, {len(words):,} words; "
          f"general-layer automaton: {len(general):,} keys, built in {build_s:.2f} s):")  # fmt: skip
    print()
    print("| run | annotate --all-words s | MB/s | peak RSS | jieba s | MB/s | peak RSS | ratio |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(f"| whole process | {ours_wall:.2f} | {megabytes / ours_wall:.2f} | "
          f"{ours_rss / 1024:.0f} MB | {jieba_wall:.2f} | {megabytes / jieba_wall:.2f} | "
          f"{jieba_rss / 1024:.0f} MB | {jieba_wall / ours_wall:.1f}x |")  # fmt: skip
    print(f"| in-process | {ours:.2f} | {megabytes / ours:.2f} | | {other:.2f} | "
          f"{megabytes / other:.2f} | | {other / ours:.1f}x |")  # fmt: skip


if __name__ == "__main__":
    main()

"""Benchmark: CLI lookup start-up against bare Python, and in-process search latency.

Run: python tests/bench/bench_lookup.py [--runs N]

Reports, measured in the same run:
- the whole `glossary lookup` process against `python -c pass` (the bound: within 4x), for
  an exact query and a misspelt one;
- build time and database size, without and with the CC-CEDICT layer;
- in-process `Glossary.search` p50/p99 per query kind (with the CC-CEDICT layer), against a naive scan of every
  entry's forms in Python (the baseline a hand-rolled lookup would be); forgiving queries
  (typos, zhuyin) reported apart, with their own p50 and p99.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from glossary.build import build_database
from glossary.locations import bundled_terms
from glossary.normalize import english_key, han_key, pinyin_key
from glossary.query import Glossary

QUERY_MIX = {
    "characters": ["双循环", "卡脖子", "一带一路", "粤港澳大湾区"],
    "traditional": ["雙循環", "粵港澳大灣區", "一帶一路"],
    "pinyin toneless": ["shuangxunhuan", "changsanjiao", "zizhuchuangxin"],
    "pinyin tone numbers": ["shuang1 xun2 huan2", "zi4 zhu3 chuang4 xin1"],
    "pinyin tone marks": ["shuāng xúnhuán", "fēidì fūhuàqì"],
    "initials": ["ydyl", "sxh"],
    "english": ["dual circulation", "chokehold", "Belt and Road Initiative"],
    "english stemmed": ["dual circulations", "indigenous innovations"],
    "deprecated rendering": ["double circulation"],
    "contained": ["循环", "大湾区"],
    "general layer": ["电脑", "diannao", "daughter"],
    "no hit": ["zzqqxx", "🙂"],
}
# forgiving search (issue 16): typos, words run together or reordered, u for ü, zhuyin
FORGIVING_MIX = {
    "pinyin typo": ["shaung xunhuan", "shuangxunhun", "changsanjaio", "zizhuchuangxxin"],
    "english spacing, typo, order": ["dualcirculation", "duel circulation", "circulation dual"],
    "u for ü": ["luse fazhan"],
    "zhuyin": ["ㄕㄨㄤ ㄒㄩㄣˊ ㄏㄨㄢˊ", "ㄔㄤˊ ㄙㄢ ㄐㄧㄠˇ"],
}
FORGIVING_LOOKUP = "shaung xunhuan"  # the whole process, against the same bound


def median_run(command: list[str], runs: int) -> float:
    """Median wall time of a command, in seconds (one warm-up run first), with bytecode
    caching on, as an installed package runs (PYTHONDONTWRITEBYTECODE would make every run
    compile the package's modules again)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    subprocess.run(command, check=False, **quiet)  # type: ignore[call-overload]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=False, **quiet)  # type: ignore[call-overload]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def naive_search(entries: list[dict[str, object]], query: str) -> list[str]:
    """The baseline: normalise, then scan every form of every entry in Python."""
    keys = {han_key(query), pinyin_key(query), english_key(query)} - {""}
    found = []
    for entry in entries:
        forms = []
        for zh in entry["zh"]:  # type: ignore[attr-defined]
            forms += [han_key(zh["term"]), han_key(zh["tw"]), pinyin_key(zh["pinyin"])]
        forms += [english_key(en["term"]) for en in entry["en"]]  # type: ignore[attr-defined]
        if any(key in form for key in keys for form in forms):
            found.append(str(entry["id"]))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="process runs per command")
    parser.add_argument("--repeat", type=int, default=300, help="in-process repeats per query")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        builds = {}
        for cedict in (False, True):
            db = Path(folder) / f"glossary-{'general' if cedict else 'curated'}.db"
            start = time.perf_counter()
            build_database(Path(bundled_terms()), db, cedict=cedict)
            builds[cedict] = (time.perf_counter() - start, db.stat().st_size)

        bare = median_run([sys.executable, "-c", "pass"], args.runs)
        module = median_run(
            [sys.executable, "-m", "glossary", "--db", str(db), "lookup", "双循环"], args.runs
        )
        forgiving = median_run(
            [sys.executable, "-m", "glossary", "--db", str(db), "lookup", FORGIVING_LOOKUP],
            args.runs,
        )
        script = Path(sys.executable).with_name("glossary")
        console = (
            median_run([str(script), "--db", str(db), "lookup", "双循环"], args.runs)
            if script.exists()
            else None
        )

        glossary = Glossary(db)
        entries = glossary.entries()
        rows = []
        all_times: list[float] = []
        naive_times: list[float] = []
        forgiving_times: list[float] = []
        for kind, queries in {**QUERY_MIX, **FORGIVING_MIX}.items():
            times = []
            for query in queries:
                glossary.search(query)  # warm
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    glossary.search(query)
                    times.append(time.perf_counter() - start)
                for _ in range(max(1, args.repeat // 10)):
                    start = time.perf_counter()
                    naive_search(entries, query)
                    naive_times.append(time.perf_counter() - start)
            if kind in FORGIVING_MIX:
                forgiving_times += times
            else:
                all_times += times
            rows.append((kind, statistics.median(times), percentile(times, 0.99)))

    report = {
        "build_curated_only_s": builds[False][0],
        "db_curated_only_mb": builds[False][1] / 1e6,
        "build_with_cedict_s": builds[True][0],
        "db_with_cedict_mb": builds[True][1] / 1e6,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "concepts": len(entries),
        "bare_python_ms": bare * 1000,
        "lookup_module_ms": module * 1000,
        "lookup_module_ratio": module / bare,
        "lookup_forgiving_ms": forgiving * 1000,
        "lookup_forgiving_ratio": forgiving / bare,
        "lookup_console_ms": console * 1000 if console else None,
        "lookup_console_ratio": console / bare if console else None,
        "search_p50_us": statistics.median(all_times) * 1e6,
        "search_p99_us": percentile(all_times, 0.99) * 1e6,
        "forgiving_p50_us": statistics.median(forgiving_times) * 1e6,
        "forgiving_p99_us": percentile(forgiving_times, 0.99) * 1e6,
        "naive_p50_us": statistics.median(naive_times) * 1e6,
        "speedup_vs_naive_p50": statistics.median(naive_times) / statistics.median(all_times),
    }
    print("| query kind | p50 (µs) | p99 (µs) |")
    print("| --- | ---: | ---: |")
    for kind, p50, p99 in rows:
        print(f"| {kind} | {p50 * 1e6:.0f} | {p99 * 1e6:.0f} |")
    print()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()

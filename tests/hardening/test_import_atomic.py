"""Issue 11 #3 and #4: an import is all or nothing, even under kill -9; writers take a lock."""

from __future__ import annotations

import csv
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from glossary.locations import bundled_terms
from tests.conftest import MINI_TERMS
from tests.hardening.helpers import run_glossary, text

CONCEPTS = 3000


def generated_csv(path: Path, count: int = CONCEPTS, prefix: str = "generated") -> Path:
    """A CSV of `count` new concepts, each related to the one before (so a half import breaks)."""
    import random

    corpus = "".join(p.read_text("utf-8") for p in Path(bundled_terms()).glob("*/*.toml"))
    characters = sorted(set(re.findall(r"[\u4e00-\u9fff]", corpus)))
    chooser = random.Random(prefix)
    seen: set[str] = set()
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["zh-CN", "en", "definition", "domain", "related"])
        previous = ""
        for number in range(count):
            term = "".join(chooser.choice(characters) for _ in range(5))
            while term in seen:
                term = "".join(chooser.choice(characters) for _ in range(5))
            seen.add(term)
            writer.writerow([term, f"{prefix} concept {number}", "A test.", "economy", previous])
            previous = f"{prefix}-concept-{number}"
    return path


def snapshot(terms: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path."""
    return {str(p.relative_to(terms)): p.read_bytes() for p in terms.rglob("*") if p.is_file()}


def start_import(terms: Path, source: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """`glossary import` in a child process."""
    return subprocess.Popen(
        [sys.executable, "-m", "glossary", "--terms", str(terms), "import", str(source)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, **env},
    )


def kill_when(process: subprocess.Popen[bytes], condition: object, limit: float = 120) -> None:
    """SIGKILL the process as soon as `condition()` holds (or when it exits by itself)."""
    deadline = time.monotonic() + limit
    while process.poll() is None and time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            break
        time.sleep(0.0005)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait()
    if process.stderr is not None:
        process.stderr.close()


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 3,000-concept CSV."""
    return generated_csv(tmp_path_factory.mktemp("csv") / "big.csv")


def _points(terms: Path) -> list[tuple[str, object]]:
    journal = terms / ".journal"
    started = time.monotonic
    return [
        ("while staging", lambda: journal.is_dir() and any(journal.glob("*.staged"))),
        ("at the commit point", lambda: (journal / "manifest.json").exists()),
        ("after 1 s", (lambda t0: lambda: started() - t0 > 1.0)(started())),
        ("after 2.5 s", (lambda t0: lambda: started() - t0 > 2.5)(started())),
    ]


@pytest.mark.parametrize("point", range(4), ids=["staging", "commit", "1s", "2.5s"])
def test_kill_9_leaves_the_old_or_the_new_termbase(
    point: int, big_csv: Path, tmp_path: Path
) -> None:
    terms = tmp_path / "terms"
    shutil.copytree(MINI_TERMS, terms)
    before = snapshot(terms)
    scratch_dir = tmp_path / "tmp"
    scratch_dir.mkdir()
    env = {"TMPDIR": str(scratch_dir), "GLOSSARY_CEDICT": "0"}
    name, condition = _points(terms)[point]  # time points count from here
    kill_when(start_import(terms, big_csv, env), condition)
    # the next command finds a whole termbase: the old one or the new one
    checked = run_glossary("--terms", terms, "validate", "--no-cedict", env=env)
    assert checked.returncode == 0, f"killed {name}: " + text(checked)[-2000:]
    files = len(list((terms / "economy").glob("*.toml")))
    assert files in (1, 1 + CONCEPTS), f"killed {name}: {files} files in economy/"
    if files == 1:
        assert snapshot(terms) == before
    leftovers = [p for p in terms.rglob("*") if p.name.startswith(".") or p.suffix == ".tmp"]
    assert leftovers == [], leftovers
    assert list(scratch_dir.iterdir()) == []


def test_a_journal_left_uncommitted_is_discarded_and_a_committed_one_completed(
    tmp_path: Path,
) -> None:
    from glossary import termtx
    from glossary.termfiles import load_termbase

    terms = tmp_path / "terms"
    shutil.copytree(MINI_TERMS, terms)
    target = terms / "economy" / "dual-circulation.toml"
    original = target.read_bytes()
    journal = terms / ".journal"
    journal.mkdir()
    (journal / "000000.staged").write_bytes(b"garbage")
    load_termbase(terms)
    assert not journal.exists() and target.read_bytes() == original
    journal.mkdir()
    changed = original.replace(b"Development", b"A development")
    (journal / "000000.staged").write_bytes(changed)
    (journal / "manifest.json").write_text(
        f'[{{"staged": "000000.staged", "target": "{target}"}}]', encoding="utf-8"
    )
    assert load_termbase(terms).concepts["dual-circulation"]
    assert not journal.exists() and target.read_bytes() == changed
    assert termtx.JOURNAL == ".journal"


def wait_until_locked(terms: Path, writer: subprocess.Popen[bytes]) -> None:
    """Wait until `writer` holds the terms folder's lock (at most a second: it may take none)."""
    import fcntl

    fd = os.open(terms, os.O_RDONLY)
    deadline = time.monotonic() + 1
    try:
        while writer.poll() is None and time.monotonic() < deadline:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return
            fcntl.flock(fd, fcntl.LOCK_UN)
            time.sleep(0.005)
    finally:
        os.close(fd)


def test_two_concurrent_imports_lose_no_update(tmp_path: Path) -> None:
    terms = tmp_path / "terms"
    shutil.copytree(MINI_TERMS, terms)
    first = generated_csv(tmp_path / "first.csv", 400, "first")
    second = generated_csv(tmp_path / "second.csv", 400, "second")
    env = {"GLOSSARY_CEDICT": "0"}
    one = start_import(terms, first, env)
    wait_until_locked(terms, one)
    two = start_import(terms, second, env)
    _, err_one = one.communicate(timeout=300)
    _, err_two = two.communicate(timeout=300)
    assert (one.returncode, two.returncode) == (0, 0), (err_one + err_two).decode()
    ids = {p.stem for p in (terms / "economy").glob("*.toml")}
    assert {f"first-concept-{n}" for n in range(400)} <= ids
    assert {f"second-concept-{n}" for n in range(400)} <= ids
    assert "waiting for another glossary command" in (err_one + err_two).decode()
    assert run_glossary("--terms", terms, "validate", "--no-cedict").returncode == 0


def test_a_writer_that_cannot_get_the_lock_gives_up_with_exit_2(tmp_path: Path) -> None:
    from glossary import termtx

    terms = tmp_path / "terms"
    shutil.copytree(MINI_TERMS, terms)
    with termtx.locked(terms):
        result = run_glossary(
            "--terms", terms, "fmt", env={"GLOSSARY_LOCK_TIMEOUT": "0.5"}, timeout=30
        )
    assert result.returncode == 2, text(result)
    assert "locked by another glossary command" in result.stderr
    assert "Traceback" not in text(result)

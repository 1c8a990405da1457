"""The exports as a CAT tool reads them: Debian's OmegaT, through its own glossary readers.

tests/cat/ReadOmegatGlossary.java is compiled here against /usr/share/omegat/OmegaT.jar
(`sh tests/install-browser.sh` installs `omegat` and `default-jdk-headless`) and prints the
entries OmegaT's GlossaryReaderTBX, GlossaryReaderTSV or GlossaryReaderCSV make of a file,
in a project from Chinese (zh-CN) into English: the pairs OmegaT would offer while
translating, each with the comment it shows.
"""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from glossary import service
from glossary.query import Glossary
from glossary.vocabulary import ACCEPTED, AVOIDED
from glossary.vocabulary import with_status as renderings

OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")
READER = Path(__file__).parent / "cat" / "ReadOmegatGlossary.java"
Read = Callable[[str, Path], list[dict[str, str]]]


@pytest.fixture(scope="module")
def omegat(tmp_path_factory: pytest.TempPathFactory) -> Read:
    """Read a file with one of OmegaT's glossary readers (tbx, tsv or csv)."""
    assert OMEGAT_JAR.is_file(), f"{OMEGAT_JAR} is missing: run `sh tests/install-browser.sh`"
    classes = tmp_path_factory.mktemp("omegat")
    compiled = subprocess.run(
        ["javac", "-d", str(classes), "-cp", str(OMEGAT_JAR), str(READER)],
        capture_output=True,
        text=True,
    )
    assert compiled.returncode == 0, compiled.stderr

    def read(reader: str, path: Path) -> list[dict[str, str]]:
        # OmegaT keeps its preferences under the home folder: a scratch one, not the user's.
        command = ["java", f"-Duser.home={classes}", "-cp", f"{classes}:{OMEGAT_JAR}"]
        result = subprocess.run(
            [*command, "ReadOmegatGlossary", reader, str(path), "zh-CN", "en"],
            capture_output=True,
            text=True,
            encoding="utf-8",
        )
        assert result.returncode == 0, result.stderr
        return [json.loads(line) for line in result.stdout.splitlines()]

    return read


@pytest.fixture(scope="module")
def entries(glossary: Glossary) -> list[dict[str, Any]]:
    """Every concept of the bundled glossary."""
    return service.select_entries(glossary, service.Selection())


def exported(glossary: Glossary, name: str, folder: Path) -> Path:
    """The whole bundled glossary exported in one format, as a file."""
    made = service.export(glossary, name, service.Selection())
    path = folder / f"glossary{made.format.extension}"
    path.write_bytes(made.data)
    return path


def offered_pairs(entries: list[dict[str, Any]]) -> Counter[tuple[str, str]]:
    """What a translator should be offered: each distinct Chinese form (simplified, Taiwan,
    Hong Kong) with each acceptable rendering, once per concept."""
    pairs: Counter[tuple[str, str]] = Counter()
    for entry in entries:
        forms = {
            form: None
            for key in ("term", "tw", "hk")
            for zh in entry["zh"]
            if (form := zh.get(key) or zh["term"])
        }
        accepted = dict.fromkeys(en["term"] for en in renderings(entry, *ACCEPTED))
        pairs.update((form, en) for form in forms for en in accepted)
    return pairs


def avoided_only(entries: list[dict[str, Any]]) -> set[str]:
    """Renderings that are deprecated or superseded in a concept and acceptable in none."""
    accepted = {en["term"] for e in entries for en in renderings(e, *ACCEPTED)}
    return {en["term"] for e in entries for en in renderings(e, *AVOIDED)} - accepted


def pairs(read: list[dict[str, str]]) -> Counter[tuple[str, str]]:
    """The (source, target) pairs OmegaT read, with how often each came."""
    return Counter((entry["source"], entry["target"]) for entry in read)


def test_omegat_reads_the_omegat_export_line_for_line(
    omegat: Read, glossary: Glossary, entries: list[dict[str, Any]], tmp_path: Path
) -> None:
    path = exported(glossary, "omegat", tmp_path)
    lines = [line.split("\t") for line in path.read_text("utf-8").splitlines()[1:]]
    read = omegat("tsv", path)
    assert [[e["source"], e["target"], e["comment"]] for e in read] == lines
    assert pairs(read) == offered_pairs(entries)
    assert not {e["target"] for e in read} & avoided_only(entries)


def test_omegat_reads_the_tbx2_omegat_export_as_a_translator_needs_it(
    omegat: Read, glossary: Glossary, entries: list[dict[str, Any]], tmp_path: Path
) -> None:
    read = omegat("tbx", exported(glossary, "tbx2-omegat", tmp_path))
    # Acceptable renderings only, each Chinese form once: the same pairs as the TSV export.
    assert pairs(read) == offered_pairs(entries)
    targets = {e["target"] for e in read}
    assert "One Belt, One Road" in avoided_only(entries)
    assert not targets & avoided_only(entries)
    # The ones to avoid are named in the comment, which stays short: no definitions,
    # contexts, evidence or status codes.
    belt_and_road = next(e for e in read if e["source"] == "一带一路")
    assert "superseded: One Belt, One Road" in belt_and_road["comment"].splitlines()
    assert "Pinyin: Yīdài Yīlù" in belt_and_road["comment"].splitlines()
    lengths = sorted(len(e["comment"]) for e in read)
    assert lengths[-1] <= 500 and lengths[len(lengths) // 2] <= 120, lengths[-10:]
    for entry in read:
        assert not any(
            word in entry["comment"] for word in ("context:", "definition:", "evidence:", "-admn-")
        ), entry


def test_the_full_tbx2_export_is_not_for_omegat(
    omegat: Read, glossary: Glossary, entries: list[dict[str, Any]], tmp_path: Path
) -> None:
    """Why OmegaT gets its own TBX: the complete one (statuses, every regional form, every
    note) is read with avoided renderings as translations, duplicate pairs, long comments."""
    read = omegat("tbx", exported(glossary, "tbx2", tmp_path))
    assert "One Belt, One Road" in {e["target"] for e in read if e["source"] == "一带一路"}
    assert max(pairs(read).values()) > 1
    assert max(len(e["comment"]) for e in read) > 2000


def test_omegat_cannot_read_tbx_v3_or_our_csv(
    omegat: Read, glossary: Glossary, tmp_path: Path
) -> None:
    """What the README tells OmegaT users not to load, and why."""
    with pytest.raises(AssertionError, match="martif"):
        omegat("tbx", exported(glossary, "tbx", tmp_path))  # JAXB expects TBX v2's root
    read = omegat("csv", exported(glossary, "csv", tmp_path))
    # The second column is the target, whatever the header says: zh-TW, not English;
    # and the reader goes line by line, so multi-line cells (contexts) become entries.
    assert read[0]["source"].endswith("zh-CN") and read[0]["target"] == "zh-TW"
    assert {e["target"] for e in read if e["source"] == "一带一路"} == {"一帶一路"}
    assert len(read) > len(service.select_ids(glossary, service.Selection())) + 1

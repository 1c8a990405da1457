"""Issue 11 #10: deep JSON, full disks, read-only folders, odd arguments, Host headers,
endless inputs, killed builds: each ends in a clear answer, never a traceback."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import MINI_TERMS
from tests.hardening.helpers import run_glossary, text
from tests.test_build import kill_a_build, temp_files
from web import create_app


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """Assert exit 2 with a one-line error and no traceback; return the line."""
    assert result.returncode == 2, text(result)
    assert "Traceback" not in text(result)
    lines = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def site(mini_terms: Path, mini_db: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A test client over the fixture glossary."""
    app = create_app({"TESTING": True, "GLOSSARY_TERMS": str(mini_terms),
                      "GLOSSARY_DB": str(mini_db), "SUGGESTIONS_DB": str(tmp_path / "s.db"),
                      "SECRET_KEY": "t", "RATELIMIT_ENABLED": False})  # fmt: skip
    return app.test_client()


@pytest.mark.parametrize("depth", [1000, 100_000])
def test_deeply_nested_json_is_a_400(site, depth: int) -> None:  # type: ignore[no-untyped-def]
    for path, body in (("/api/annotate", "[" * depth + "]" * depth),
                       ("/api/check", '{"pairs": ' + "[" * depth + "]" * depth + "}")):  # fmt: skip
        answer = site.post(path, data=body, content_type="application/json")
        assert answer.status_code == 400, (path, answer.status_code)


def test_the_host_header_is_not_reflected_in_the_citation(site, mini_terms: Path,
                                                         mini_db: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    page = site.get("/term/dual-circulation", headers={"Host": "evil.example"})
    assert page.status_code == 200
    assert "evil.example" not in page.get_data(as_text=True)
    configured = create_app({"TESTING": True, "GLOSSARY_TERMS": str(mini_terms),
                             "GLOSSARY_DB": str(mini_db), "SECRET_KEY": "t",
                             "SUGGESTIONS_DB": str(tmp_path / "s2.db"),
                             "BASE_URL": "https://glossary.example.org/"}).test_client()  # fmt: skip
    body = configured.get("/term/dual-circulation", headers={"Host": "evil.example"}).get_data(
        as_text=True
    )
    assert "https://glossary.example.org/term/dual-circulation" in body
    assert "evil.example" not in body


def test_lint_dev_zero_stops_at_the_first_nul(mini_terms: Path, mini_db: Path) -> None:
    started = time.perf_counter()
    result = run_glossary("--terms", mini_terms, "--db", mini_db, "lint", "/dev/zero", timeout=60)
    assert "binary file" in one_line_error(result)
    assert time.perf_counter() - started < 30


def test_an_endless_text_stops_at_the_size_cap(mini_terms: Path, mini_db: Path) -> None:
    endless = subprocess.Popen(["yes", "double circulation"], stdout=subprocess.PIPE)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "glossary", "--terms", str(mini_terms), "--db", str(mini_db),
             "lint", "-"],
            stdin=endless.stdout, capture_output=True, text=True, timeout=120, check=False,
            env={**os.environ, "GLOSSARY_CEDICT": "0"},
        )  # fmt: skip
    finally:
        endless.kill()
        endless.wait()
        assert endless.stdout is not None
        endless.stdout.close()
    assert "larger than 64 MiB" in one_line_error(result)


def test_non_utf8_arguments_are_a_one_line_error(mini_terms: Path, mini_db: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "glossary", "--db", os.fsencode(mini_db), "lookup", b"\xff\xfe"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert "not valid UTF-8" in one_line_error(result)


def _small_files() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


def _tiny_files() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))


def test_a_full_disk_is_a_one_line_error(mini_terms: Path, mini_db: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.db"
    result = run_glossary("--terms", mini_terms, "--db", fresh, "build", "--no-cedict",
                          preexec=_small_files)  # fmt: skip
    assert "disk" in one_line_error(result) or "too large" in result.stderr
    assert not fresh.exists() and temp_files(tmp_path) == []
    out = tmp_path / "big.html"
    result = run_glossary("--terms", mini_terms, "--db", mini_db, "export", "--format", "html",
                          "-o", out, preexec=_tiny_files)  # fmt: skip
    assert "too large" in one_line_error(result).lower()


def read_only(folder: Path, *command: str | os.PathLike[str]) -> subprocess.CompletedProcess[str]:
    """Run `python -m glossary COMMAND` with `folder` mounted read-only (a mount namespace)."""
    script = 'mount --bind -o ro "$0" "$0" && exec "$@"'
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", script, str(folder), sys.executable, "-m", "glossary",
         *map(os.fspath, command)],
        capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "GLOSSARY_CEDICT": "0"},
    )  # fmt: skip


def test_a_read_only_terms_folder_is_a_one_line_error(mini_terms: Path, tmp_path: Path) -> None:
    probe = read_only(mini_terms, "--version")
    if probe.returncode != 0:
        pytest.skip(f"cannot mount read-only here: {probe.stderr.strip()}")
    source = tmp_path / "new.csv"
    source.write_text("zh-CN,en,definition,domain\n测试词,test word,A test.,economy\n", "utf-8")
    for args in (["import", source], ["fmt"],
                 ["new", "测试词", "test word", "--domain", "economy", "--definition", "x."]):  # fmt: skip
        (mini_terms / "economy" / "dual-circulation.toml").write_text(
            (MINI_TERMS / "economy" / "dual-circulation.toml").read_text("utf-8") + "\n\n", "utf-8"
        )  # so that fmt has something to rewrite
        result = read_only(mini_terms, "--terms", mini_terms, *args)
        assert "Read-only file system" in one_line_error(result), args
    assert not (mini_terms / "economy" / "test-word.toml").exists()


def test_a_killed_builds_temp_file_is_removed_by_the_next_command(
    mini_terms: Path, mini_db: Path
) -> None:
    kill_a_build(mini_terms, mini_db)
    result = run_glossary("--terms", mini_terms, "--db", mini_db, "lookup", "双循环")
    assert result.returncode == 0, text(result)
    assert temp_files(mini_db.parent) == []


def test_nul_and_bel_in_csv_cells_are_refused(mini_terms: Path, tmp_path: Path) -> None:
    for bad in ("\x00", "\x07"):
        source = tmp_path / "cells.csv"
        source.write_text(f"zh-CN,en,definition,domain\n测试词,test{bad}word,A.,economy\n", "utf-8")
        result = run_glossary("--terms", mini_terms, "import", source)
        assert f"{source}:2:" in one_line_error(result)
    assert not (mini_terms / "economy" / "testword.toml").exists()

"""The wheel carries the term files and works from any directory, building on first use."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
    )
    (built,) = out.glob("*.whl")
    return built


def test_the_wheel_carries_the_terms(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    terms = {n for n in names if n.startswith("glossary/terms/")}
    assert "glossary/terms/sources.toml" in terms
    assert "glossary/terms/economy/dual-circulation.toml" in terms
    on_disk = len(list((ROOT / "terms").glob("*/*.toml")))
    assert len([n for n in terms if n.count("/") == 3]) == on_disk


def test_an_installed_wheel_works_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    data_home, cache_home = tmp_path / "data", tmp_path / "cache"
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(data_home),
        "XDG_CACHE_HOME": str(cache_home),
        "HOME": str(tmp_path),
    }
    env.pop("GLOSSARY_CEDICT", None)  # the default build, general layer included
    env.pop("GLOSSARY_CACHE_DIR", None)  # the layers compiled afresh, into the user's cache
    env.pop("GLOSSARY_DB", None)
    env.pop("GLOSSARY_TERMS", None)
    result = subprocess.run(
        [str(env_dir / "bin" / "glossary"), "lookup", "双循环"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "dual circulation" in result.stdout
    general = subprocess.run(
        [str(env_dir / "bin" / "glossary"), "lookup", "电脑"], cwd=elsewhere, env=env,
        capture_output=True, text=True,
    )  # fmt: skip
    assert "computer" in general.stdout
    assert (data_home / "policy-glossary" / "glossary.db").exists()
    assert len(list((cache_home / "policy-glossary").glob("layers-*.db"))) == 1
    assert not list(elsewhere.iterdir())  # nothing written where it was run

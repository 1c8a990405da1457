"""Running the real `glossary` command in a child process, as an attacker or a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_glossary(
    *args: str | os.PathLike[str],
    cwd: Path | None = None,
    input: bytes | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    preexec: object = None,
) -> subprocess.CompletedProcess[str]:
    """Run `python -m glossary ARGS` and capture its output as text."""
    environment = {**os.environ, "GLOSSARY_CEDICT": "0", "NO_COLOR": "1", **(env or {})}
    done = subprocess.run(
        [sys.executable, "-m", "glossary", *map(os.fspath, args)],
        cwd=cwd,
        input=input,
        capture_output=True,
        env=environment,
        timeout=timeout,
        preexec_fn=preexec,  # type: ignore[arg-type]
        check=False,
    )  # type: ignore[call-overload]
    out = done.stdout.decode("utf-8", "replace")
    err = done.stderr.decode("utf-8", "replace")
    return subprocess.CompletedProcess(done.args, done.returncode, out, err)


def text(result: subprocess.CompletedProcess[bytes] | subprocess.CompletedProcess[str]) -> str:
    """The combined output of a finished command, decoded."""
    out, err = result.stdout, result.stderr
    if isinstance(out, bytes):
        out = out.decode("utf-8", "replace")
    if isinstance(err, bytes):
        err = err.decode("utf-8", "replace")
    return f"{out}{err}"

"""How a long job (a build) reports its stages: the library calls these, the CLI draws them."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator


class Progress:
    """Stages and counted steps of a job; this one reports nothing (Stages draws them)."""

    def stage(self, text: str) -> None:
        """A stage begins (or a note on the one under way)."""

    @contextlib.contextmanager
    def bar(self, label: str, length: int) -> Iterator[Callable[[int], None]]:
        """A counted stage of `length` steps: the caller advances it by n steps at a time."""
        yield lambda steps: None


QUIET = Progress()


class Stages(Progress):
    """A job's stages as lines on stderr, each with the seconds since the start, and bars."""

    def __init__(self) -> None:
        self.started = time.perf_counter()

    def stage(self, text: str) -> None:
        """Print the stage with the time elapsed so far."""
        from glossary.safetext import for_terminal

        elapsed = time.perf_counter() - self.started
        print(f"{elapsed:5.1f} s  {for_terminal(text)}", file=sys.stderr, flush=True)

    @contextlib.contextmanager
    def bar(self, label: str, length: int) -> Iterator[Callable[[int], None]]:
        """A click progress bar on stderr (only its label where stderr is not a terminal)."""
        import click

        self.stage(label)
        with click.progressbar(length=length, label="        ", file=sys.stderr) as drawn:
            yield drawn.update


def on_terminal(forced: bool | None = None) -> Progress:
    """Stages when forced, or by default when stdout and stderr are both a terminal."""
    if forced is None:
        forced = sys.stdout.isatty() and sys.stderr.isatty()
    return Stages() if forced else QUIET

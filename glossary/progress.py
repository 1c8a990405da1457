"""How a long job (a build) reports its stages: the library calls these, the CLI draws them."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator


class Progress:
    """Stages and counted steps of a job; this one reports nothing (the CLI's draws them)."""

    def stage(self, text: str) -> None:
        """A stage begins (or a note on the one under way)."""

    @contextlib.contextmanager
    def bar(self, label: str, length: int) -> Iterator[Callable[[int], None]]:
        """A counted stage of `length` steps: the caller advances it by n steps at a time."""
        yield lambda steps: None


QUIET = Progress()

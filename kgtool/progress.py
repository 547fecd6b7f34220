"""Progress of long steps (load, validation) as a bar on stderr, only on a terminal.

Library functions take a ``progress(stage, done, total)`` callback and know nothing of terminals;
the command line passes :func:`terminal` (nothing when stderr is piped, or with ``--quiet``).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import TextIO

Progress = Callable[[str, int, int], None]
WIDTH = 30
_EVERY = 0.1  # seconds between redraws: a bar must not cost more than the work
BYTE_STAGES = {"load"}  # stages that count bytes read, shown in MiB


def terminal(quiet: bool = False, stream: TextIO | None = None) -> Progress | None:
    """A callback drawing ``stage [=====     ] done/total`` on stderr, or None when it must not."""
    stream = sys.stderr if stream is None else stream
    if quiet or not stream.isatty() or os.environ.get("TERM") == "dumb":
        return None
    last_at, last_stage, last_finished = 0.0, "", False

    def draw(stage: str, done: int, total: int) -> None:
        nonlocal last_at, last_stage, last_finished
        if total <= 0:  # nothing to measure against: a bar would stay at 0 forever
            return
        now = time.monotonic()
        finished = done >= total
        # a finished bar is drawn once, however often it is told so again (reads at the end)
        if stage == last_stage and (last_finished if finished else now - last_at < _EVERY):
            return
        last_at, last_stage, last_finished = now, stage, finished
        filled = WIDTH * min(done, total) // total
        count = f"{done / 2**20:.0f}/{total / 2**20:.0f} MiB" if stage in BYTE_STAGES else f"{done}/{total}"
        stream.write(f"\r{stage:<9} [{'=' * filled}{' ' * (WIDTH - filled)}] {count}")
        if finished:
            stream.write("\n")
        stream.flush()

    return draw

"""Memory a query freed, handed back to the system before Python allocates more.

Oxigraph evaluates a query with the C allocator. When the query ends, glibc keeps what it freed
for later ``malloc`` calls; but Python makes its objects in arenas of its own, so the records
built after a large query sit beside that freed memory instead of in it, and the peak becomes
the sum of both. ``malloc_trim`` hands the free pages back (what it saves at corpus scale is
in benchmarks/README.md). Where the C library is not glibc this does nothing.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(None).malloc_trim  # the symbols the process already has
    except (OSError, AttributeError, TypeError):  # not glibc (musl, macOS, Windows)
        return None


def give_back() -> bool:
    """Return the C heap's free pages to the system; False where that cannot be done."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True

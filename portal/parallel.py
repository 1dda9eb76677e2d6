"""Work spread over every core: forked worker processes that inherit what the parent has loaded.

Fork is used because the workers need the parent's app and pages, which would cost more to send than to
inherit. Forking a process that runs other threads can deadlock, so then (and for a handful of items, or on
one core) the work runs in this process instead.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many items a pool costs more than it saves.
MIN_ITEMS = 48


def cores() -> int:
    """How many processes share the work: BUILD_WORKERS if set, else every core this process may use."""
    if os.environ.get("BUILD_WORKERS"):
        return max(1, int(os.environ["BUILD_WORKERS"]))
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def workers() -> int:
    """How many processes `map_chunks` uses for a long list, in this process now."""
    return cores() if can_fork() else 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def chunks(items: Sequence[Item], count: int) -> list[list[Item]]:
    """`items` in about `count` runs of neighbours, in order."""
    size = max(1, -(-len(items) // max(1, count)))
    return [list(items[start : start + size]) for start in range(0, len(items), size)]


def map_chunks(
    work: Callable[[list[Item]], Result], items: Sequence[Item], *, min_items: int = MIN_ITEMS
) -> Iterator[tuple[list[Item], Result]]:
    """`work` on runs of `items`, in forked processes when worth it; yields (run, result) in order.
    `work` must be a module-level function: the pool sends it by name."""
    count = workers()
    if len(items) < min_items or count < 2:
        for run in chunks(items, 1):
            yield run, work(run)
        return
    runs = chunks(items, count * 4)
    with ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from zip(runs, pool.map(work, runs), strict=True)

"""The cyclic garbage collector relaxed for bulk work (issue 21).

A PDF render or a group re-evaluation allocates hundreds of thousands of small objects that
live until the work is done. With the default thresholds (700, 10, 10) the cyclic collector
walks them again and again: over a quarter of a long register's render, and about a quarter of
a 20,000-transfer re-evaluation (``benchmarks/``). Raised for the block and restored after, the
objects are freed with the work as before.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

BULK_GC_THRESHOLD = (200_000, 50, 1_000)


@contextmanager
def collector_relaxed(threshold: tuple[int, int, int] = BULK_GC_THRESHOLD) -> Iterator[None]:
    """Run the block with the cyclic garbage collector's thresholds raised to ``threshold``;
    the thresholds in force before are restored after, whether the block returns or raises.

    Never lowers a threshold already set higher (a process tuned by its operator keeps its
    tuning), and never disables the collector: a cycle made during the block is still freed.
    """
    before = gc.get_threshold()
    gc.set_threshold(*(max(new, old) for new, old in zip(threshold, before, strict=True)))
    try:
        yield
    finally:
        gc.set_threshold(*before)


def freeze_loaded_objects() -> int:
    """Move every object loaded so far out of the cyclic collector's reach (``gc.freeze``) and
    return how many were moved.

    Called once a web process has loaded Django, the apps and the URLconf (``config.wsgi``,
    imported by each gunicorn worker): those objects live as long as the process, yet each full
    collection during a request walked them again (the slowest request of a page, up to about
    100 ms more; issue 21). With gunicorn's ``--preload`` the master imports it before forking
    its workers, and the frozen objects then also stay shared between them instead of being
    copied on the collector's first write.
    """
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - loads every admin and view module now
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()

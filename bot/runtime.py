"""How the bot's process treats Python's cyclic garbage collector.

Matching an article builds a reason list for every chat it reaches: thousands of short-lived containers.
With CPython's default thresholds (a young collection every 700 allocations) those containers are often
alive when a collection runs, get promoted to the oldest generation, and soon trigger full collections
that walk every object the bot holds: at 100,000 chats that was a third of matching's time
(benchmarks/match.py). Collections every 50,000 allocations let nearly all of them die young, by
reference counting, as they were always going to. Reference counting frees everything acyclic at once
either way; only garbage in cycles waits a little longer.

Objects loaded once and kept for the process's life (models, word lists, the gazetteer, the first
follow index) are frozen after warm-up, so full collections stop walking them too.
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 50_000


def tune_collector() -> None:
    """Collect young objects every ``YOUNG_THRESHOLD`` allocations (default: 700); older generations keep
    their default ratios."""
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)


def freeze_loaded() -> None:
    """Exempt everything alive now (what warm-up loaded) from every future collection."""
    gc.collect()
    gc.freeze()

"""Progress on standard error for long steps: shown only on a terminal, never with --quiet.

Library code reports progress through ``track`` and ``status``; whether anything is drawn is
decided here, once: not when standard error is not a terminal, and not after ``quiet()``.
"""

from __future__ import annotations

import contextlib
import sys

__all__ = ["quiet", "enabled", "track", "status"]

_QUIET = False
#: Below this many items a loop is quick: no bar.
MIN_ITEMS = 20_000


def quiet(value: bool = True) -> None:
    """Silence (or allow) progress for the rest of the process."""
    global _QUIET
    _QUIET = value


def enabled() -> bool:
    return not _QUIET and sys.stderr.isatty()


def _console():
    from rich.console import Console

    return Console(stderr=True)


def track(items, description: str, total: int | None = None, min_items: int = MIN_ITEMS):
    """Iterate over ``items``, drawing a bar when there are at least ``min_items`` (a few
    slow ones, or many quick ones) and a terminal to draw on."""
    if total is None:
        try:
            total = len(items)
        except TypeError:
            total = None
    if not enabled() or (total is not None and total < min_items):
        yield from items
        return
    from rich.progress import track as rich_track

    yield from rich_track(items, description=description, total=total, transient=True,
                          console=_console())


@contextlib.contextmanager
def status(description: str):
    """A spinner with a description and the time it has taken so far, while a step without
    steps of its own runs (its end cannot be foretold: no estimate of the time left)."""
    if not enabled():
        yield
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=_console(), transient=True) as shown:
        shown.add_task(description, total=None)
        yield

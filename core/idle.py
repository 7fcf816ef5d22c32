"""Work to take up while waiting: a producer whose consumer is busy takes a step of work it will
need later, rather than sleeping.

A load builds lines on one thread while Oxigraph loads them on others. While the loader works
through what is queued, the builder would wait; with ``meanwhile(steps)`` around the building,
the queue's ``put`` takes steps of ``steps`` (the names' resolution, which needs no store) for
as long as the queue is full (``step_while``). Steps are taken on the producer's own thread,
in order, so nothing here runs beside anything else.

>>> done = []
>>> with meanwhile(iter([1, 2, 3])) as steps:
...     step_while(lambda: len(done) < 2, on_step=done.append)
>>> done, list(steps)
([1, 2], [3])
"""

from __future__ import annotations

import contextlib
import threading
from typing import Callable, Iterable

__all__ = ["meanwhile", "step_while"]

_local = threading.local()


@contextlib.contextmanager
def meanwhile(steps: Iterable):
    """Within the block, ``step_while`` on this thread takes steps of ``steps``; gives
    ``steps`` back, with those not taken still in it."""
    pending = getattr(_local, "pending", None)
    if pending is None:
        pending = _local.pending = []
    taking = iter(steps)
    pending.append(taking)
    try:
        yield steps
    finally:
        if taking in pending:  # not when every step was taken
            pending.remove(taking)


def step_while(waiting: Callable[[], bool], on_step: Callable | None = None) -> None:
    """Take steps of this thread's work (the newest ``meanwhile`` first) while ``waiting()``
    holds and work is left."""
    pending = getattr(_local, "pending", None)
    while pending and waiting():
        try:
            step = next(pending[-1])
        except StopIteration:
            pending.pop()
            continue
        if on_step is not None:
            on_step(step)

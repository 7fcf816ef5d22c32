"""Counting with numpy arrays of whole numbers, by sorting or marking rather than hashing
(numpy's ``unique`` hashes first, several times slower on a million numbers)."""

from __future__ import annotations

import numpy as np

__all__ = ["distinct", "distinct_per", "present"]


def distinct_per(keys, values, count: int = 0):
    """How many distinct ``values`` each key (0 to ``count`` - 1, or more) goes with: an array
    indexed by key."""
    keys, values = np.asarray(keys, np.int64), np.asarray(values, np.int64)
    if not len(keys):
        return np.zeros(count, dtype=np.int64)
    width = int(values.max()) + 1
    return np.bincount(distinct(keys * width + values) // width, minlength=count)


def present(values, count: int):
    """The distinct ``values`` (each from 0 to ``count`` - 1), sorted: ``np.unique`` by marking,
    a tenth of its time on a million values.

    >>> present([3, 1, 3, 0], 5).tolist()
    [0, 1, 3]
    """
    marked = np.zeros(count, dtype=bool)
    marked[np.asarray(values, dtype=np.int64)] = True
    return np.flatnonzero(marked)


def distinct(values):
    """The distinct ``values``, sorted (``np.unique`` by sorting: numpy's own hashes first,
    several times slower on a million numbers).

    >>> distinct([5, 2, 5, 9, 2]).tolist()
    [2, 5, 9]
    """
    ordered = np.sort(np.asarray(values))
    if not len(ordered):
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]

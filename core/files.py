"""Writing output files whole or not at all, and never into a store.

Every file a command writes goes first to a temporary file beside it, which is renamed over the
target once complete: a kill at any moment leaves the old file or the new one, never a part.
Temporary files carry the writing process's id, so a later write into the same folder removes
what a killed one left.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_text(folder / "out.txt", "hello")
>>> (folder / "out.txt").read_text(), sorted(p.name for p in folder.iterdir())
('hello', ['out.txt'])
"""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path

from .errors import PartnerKGError

__all__ = ["atomic_path", "write_text", "refuse_output", "TEMPORARY_MARK", "clean_leftovers",
           "process_alive"]

#: Marks a temporary file: ``.NAME.partnerkg-PID.tmp``.
TEMPORARY_MARK = ".partnerkg-"
_LEFTOVER = re.compile(r"^\..+\.partnerkg-(\d+)\.tmp$")


def process_alive(pid: int) -> bool:
    """Whether a process of this id is running (on this machine)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_leftovers(folder: Path) -> list[Path]:
    """Remove temporary files that a killed writer left in ``folder``; returns them."""
    removed = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = _LEFTOVER.match(entry.name)
        if match and not process_alive(int(match[1])):
            try:
                entry.unlink()
                removed.append(entry)
            except OSError:
                pass
    return removed


def refuse_output(path: str | Path, *, inputs=(), stores=()) -> None:
    """PartnerKGError when writing ``path`` would destroy what is being read: a file inside a
    store directory, or one of the input files."""
    target = Path(path).resolve()
    for store in stores:
        if store is None:
            continue
        store = Path(store).resolve()
        if target == store or store in target.parents:
            raise PartnerKGError(f"will not write {path}: it is inside the store {store}, whose "
                                 "files it would destroy; write somewhere else")
    for source in inputs:
        if Path(source).resolve() == target:
            raise PartnerKGError(f"will not write {path}: it is an input of this command")


def _refuse_replacing(path: Path) -> None:
    """PartnerKGError when ``path`` exists and is not a regular file: a symbolic link, a device
    (``/dev/full``), a FIFO, a socket or a folder, which renaming a new file over it would
    replace."""
    import stat

    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    kind = ("a symbolic link" if stat.S_ISLNK(mode) else "a folder" if stat.S_ISDIR(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else None)
    if kind is not None:
        raise PartnerKGError(f"will not write {path}: it is {kind}, not a regular file, and "
                             "writing would replace it; give the name of a new or regular file")


@contextmanager
def atomic_path(path: str | Path):
    """A temporary path beside ``path`` to write to; renamed over ``path`` when the block ends
    without error, removed otherwise.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> with atomic_path(target) as temporary:
    ...     _ = temporary.write_text("done")
    >>> target.read_text()
    'done'
    """
    path = Path(path)
    _refuse_replacing(path)
    folder = path.parent
    clean_leftovers(folder)
    temporary = folder / f".{path.name}{TEMPORARY_MARK}{os.getpid()}.tmp"
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()


def write_text(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically (see ``atomic_path``)."""
    with atomic_path(path) as temporary:
        temporary.write_text(text, encoding="utf-8")

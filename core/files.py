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

import errno
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .errors import PartnerKGError

__all__ = ["atomic_path", "atomic_folder", "write_text", "refuse_output", "TEMPORARY_MARK",
           "clean_leftovers", "process_alive", "process_started", "owner_mark", "exchange",
           "inside_a_store", "temporary_folder"]

#: Marks a temporary file: ``.NAME.partnerkg-PID_START.tmp`` (see ``owner_mark``).
TEMPORARY_MARK = ".partnerkg-"
_LEFTOVER = re.compile(r"^\..+\.partnerkg-(\d+)(?:_(\d+))?\.tmp$")


def process_started(pid: int) -> int | None:
    """When process ``pid`` started, in clock ticks since boot (``/proc/PID/stat``), or None
    where the system does not say (no ``/proc``) or no such process runs.

    A process id alone does not name a process for long: once it ends, the system gives its id
    to the next process it starts, so a file named after a dead writer would look alive.
    """
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read()
    except OSError:
        return None
    # the command name (field 2) may hold spaces and parentheses: count from the last ')'
    fields = stat[stat.rindex(b")") + 2:].split()
    try:
        return int(fields[19])  # field 22, starttime
    except (IndexError, ValueError):
        return None


def _zombie(pid: int) -> bool:
    """Whether process ``pid`` has ended but not been reaped (state Z in ``/proc/PID/stat``)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read()
    except OSError:
        return False
    return stat[stat.rindex(b")") + 2:stat.rindex(b")") + 3] == b"Z"


def owner_mark(pid: int | None = None) -> str:
    """How names of files a process leaves behind say whose they are: ``PID_START`` (its id and
    start time, see ``process_started``), or ``PID`` where the start time is unknown."""
    pid = os.getpid() if pid is None else pid
    started = process_started(pid)
    return f"{pid}" if started is None else f"{pid}_{started}"


def process_alive(pid: int, started: int | None = None) -> bool:
    """Whether a process of this id is running (on this machine); with ``started`` (its start
    time, see ``process_started``), whether that very process is, not a later one given the
    same id."""
    if pid == os.getpid():
        return started is None or started == process_started(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    if _zombie(pid):
        return False  # it has ended; only its parent has not yet collected its exit status
    if started is not None:
        now = process_started(pid)
        return now is None or now == started
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
        if match and not process_alive(int(match[1]), int(match[2]) if match[2] else None):
            try:
                if entry.is_dir() and not entry.is_symlink():  # a folder (see atomic_folder)
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
                removed.append(entry)
            except OSError:
                pass
    return removed


def inside_a_store(path: str | Path) -> Path | None:
    """The store folder (Oxigraph's, with its ``CURRENT`` and ``IDENTITY`` files) that ``path``
    is or lies in, if any: whatever store a command reads, none of its files is ever an
    output's place."""
    target = Path(path).resolve()
    for folder in (target, *target.parents):
        if (folder / "CURRENT").is_file() and (folder / "IDENTITY").is_file():
            return folder
    return None


def refuse_output(path: str | Path, *, inputs=(), stores=()) -> None:
    """PartnerKGError when writing ``path`` would destroy what is being read: a file inside a
    store directory, or one of the input files."""
    target = Path(path).resolve()
    for store in [*stores, inside_a_store(target)]:
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
    refuse_output(path)
    _refuse_replacing(path)
    folder = path.parent
    clean_leftovers(folder)
    temporary = _temporary(path)
    try:
        with _naming_the_file(path):
            yield temporary
            os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()


def _temporary(path: Path) -> Path:
    # the start time too: a later process given a killed writer's id must not keep its file
    return path.parent / f".{path.name}{TEMPORARY_MARK}{owner_mark()}.tmp"


#: Errors that say the disk (or the user's quota) is full: the system's words name no file.
_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


@contextmanager
def _naming_the_file(path: Path):
    """An error of a full disk inside the block becomes one that names ``path``."""
    try:
        yield
    except OSError as exc:
        if exc.errno not in _FULL:
            raise
        raise PartnerKGError(f"could not write {path}: {exc.strerror or exc} (nothing was "
                             "changed; free some space and run the command again)") from None


#: renameat2's flag that swaps two names in one step (Linux 3.15 and later).
_RENAME_EXCHANGE = 2


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths in one step, so that no moment sees either name missing; False
    where the system cannot (then nothing was done)."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_cwd = -100
    if renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), _RENAME_EXCHANGE):
        code = ctypes.get_errno()
        if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
            return False
        raise OSError(code, os.strerror(code), str(first))
    return True


@contextmanager
def atomic_folder(path: str | Path, holds: tuple[str, ...]):
    """A temporary folder beside the folder ``path`` to write the files ``holds`` into; put in
    the place of ``path`` in one step when the block ends without error (removed otherwise), so
    that ``path`` never holds the files of two runs side by side.

    An existing ``path`` is replaced whole, so it may hold nothing but ``holds``: a folder with
    other files in it is refused (they would go).
    """
    path = Path(path)
    refuse_output(path)
    if path.exists() and not path.is_dir():
        raise PartnerKGError(f"will not write {path}: it is a file, not a folder")
    if path.is_dir():
        others = sorted(p.name for p in path.iterdir() if p.name not in holds and
                        not _LEFTOVER.match(p.name))
        if others:
            raise PartnerKGError(
                f"will not write {path}: it holds {', '.join(others[:3])}"
                f"{' ...' if len(others) > 3 else ''} besides {' and '.join(holds)}, and the "
                "export replaces the folder whole; name a new folder or an earlier export's")
    path.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(path.parent)
    temporary = _temporary(path)
    if temporary.exists():
        shutil.rmtree(temporary)
    temporary.mkdir()
    try:
        with _naming_the_file(path):
            yield temporary
            if not path.exists():
                os.rename(temporary, path)
            elif not exchange(temporary, path):  # no atomic swap here: two steps
                aside = _temporary(path.parent / f"{path.name}.old")
                os.rename(path, aside)
                os.rename(temporary, path)
                shutil.rmtree(aside, ignore_errors=True)
    finally:
        if temporary.exists():  # the new folder on failure, the old one after a swap
            shutil.rmtree(temporary, ignore_errors=True)


def write_text(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically (see ``atomic_path``)."""
    with atomic_path(path) as temporary:
        temporary.write_text(text, encoding="utf-8")


@contextmanager
def temporary_folder(prefix: str):
    """A folder in the system's temporary folder (``TMPDIR``), named ``PREFIX`` and this
    process's ``owner_mark``, removed on leaving. The folders of the same prefix that processes
    no longer running left (killed outright: nothing of theirs could remove them) are removed
    first, so a command killed part way leaves nothing for good once the next one has run.

    >>> with temporary_folder("partnerkg-doctest-") as folder:
    ...     folder.name.startswith(f"partnerkg-doctest-{owner_mark()}-"), folder.is_dir()
    (True, True)
    >>> folder.exists()
    False
    """
    left = re.compile(rf"^{re.escape(prefix)}(\d+)(?:_(\d+))?-")
    for path in Path(tempfile.gettempdir()).glob(f"{prefix}*"):
        found = left.match(path.name)
        if found and not process_alive(int(found[1]), int(found[2]) if found[2] else None):
            shutil.rmtree(path, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{prefix}{owner_mark()}-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)

"""Memory and disk a command will need, checked before it starts.

A command on a national graph needs gigabytes of memory, and an RDF export gigabytes of
temporary disk: started without them it would be killed part way, or fill the disk and fail
after minutes. ``check_command`` (reports, views, exports, validation) and ``check_load`` (a
load, from the size of its files) estimate what a command will need from the size of what it
reads, compare it with what the machine has free, and refuse before anything starts, naming
what is short, how much is needed and free, and what to do.

The estimates are linear in the size of the input (for a command on a store, its
memberships: the projections and measures grow with them), with factors measured on the
benchmark's L (348,000 memberships) and XL (1.08 million memberships, 16.3 million triples)
graphs, a little above the peaks seen there. Free memory is Linux's ``MemAvailable`` (free
memory plus the caches it can reclaim); where it cannot be read, memory is not checked.
Setting ``PARTNERKG_SKIP_RESOURCE_CHECK=1`` skips every check (the command then runs, and may
fail).

>>> need = estimate("validate", memberships=1_000_000)
>>> need.memory > 4 * GB
True
>>> # free memory and disk unknown: nothing to compare with, so nothing refused
>>> check(need, "partnerkg validate", meminfo=None, disk_free=lambda path: None)
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ResourceError

__all__ = ["GB", "MB", "SKIP_ENV", "Need", "available_memory", "free_disk", "estimate", "check",
           "check_command", "check_load", "COMMANDS"]

MB = 1 << 20
GB = 1 << 30
#: Set to 1 (or anything but "" and "0") to skip every check.
SKIP_ENV = "PARTNERKG_SKIP_RESOURCE_CHECK"
MEMINFO = "/proc/meminfo"

#: Memory a command needs: (megabytes whatever the graph, megabytes per million memberships).
#: Measured peaks: the summary (the heaviest report) 888 MB at L and up to 4,676 MB at XL when
#: it reads every membership from the store (2,655 MB in another run), views and network
#: exports below it; validation 1,726 MB at L and up to 4,937 MB at XL; the RDF exports 345 MB
#: whatever the size (they stream).
COMMANDS = {
    "report": (400, 4000),
    "viz": (400, 4000),
    "export-network": (400, 4000),
    "validate": (400, 4500),
    "export-rdf": (400, 0),
}
#: Bytes of N-Triples a triple of the store takes, about (a national graph: 200).
NT_BYTES_PER_TRIPLE = 210
#: A load: memory per byte of its files (XL: a 117 MB CSV, a 3.0 GB peak since the lines go to
#: the loader in chunks, 4.4 GB before: the factor keeps the margin), store growth per byte
#: (XL: 2.0 GB of store) and room for the store's temporary files while it is written.
LOAD_MEMORY_PER_BYTE = 40
LOAD_MEMORY_BASE = 300 * MB
LOAD_DISK_PER_BYTE = 36


@dataclass(frozen=True)
class Need:
    """What a command will need: ``memory`` in bytes, and bytes of disk per folder (``disk``:
    {folder: (bytes, what they are for)})."""

    memory: int = 0
    disk: dict = field(default_factory=dict)


def available_memory(meminfo: str | Path | None = MEMINFO) -> int | None:
    """Bytes of memory available to a new process (``MemAvailable``); None if unknown.

    ``meminfo`` is the file to read it from (a test may name one of its own; None: unknown).
    """
    if meminfo is None:
        return None
    try:
        with open(meminfo, encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    number, *unit = line.split()[1:]
                    return int(number) * (1024 if unit == ["kB"] else 1)
    except (OSError, ValueError):
        return None
    return None


def _existing(path: Path) -> Path:
    """``path``, or the nearest folder above it that exists (where it would be written)."""
    path = Path(path).absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def free_disk(path: str | Path) -> int | None:
    """Bytes free on the disk holding ``path`` (or the folder it would be made in)."""
    try:
        return shutil.disk_usage(_existing(Path(path))).free
    except OSError:
        return None


def estimate(command: str, *, memberships: int = 0, triples: int | None = None,
             output: str | Path | None = None, temporary: str | Path | None = None) -> Need:
    """What ``command`` (a key of ``COMMANDS``) will need on a store of ``memberships``.

    An RDF export (``export-rdf``) also needs, with ``triples`` given, disk for the graph
    dumped and sorted in ``temporary`` (default: the temporary folder, ``TMPDIR``), and for
    what it writes in ``output``'s folder (when it writes a file).

    >>> estimate("report").memory // MB
    400
    >>> estimate("report", memberships=1_000_000).memory // MB
    4400
    >>> need = estimate("export-rdf", triples=1_000_000, temporary="/t")
    >>> {str(k): v for k, (v, _) in need.disk.items()} == {"/t": 630_000_000}
    True
    """
    if command not in COMMANDS:
        raise ValueError(f"unknown command {command!r}; known: {', '.join(COMMANDS)}")
    base, per_million = COMMANDS[command]
    memory = base * MB + int(per_million * MB * memberships / 1_000_000)
    disk: dict = {}
    if command == "export-rdf" and triples:
        folder = Path(temporary if temporary is not None else tempfile.gettempdir())
        size = triples * NT_BYTES_PER_TRIPLE
        # the dump, sort's runs and the sorted copy; the dump is removed before the file is
        # written, so on the same disk the file takes the dump's place
        disk[folder] = (3 * size, "temporary files")
        if output is not None:
            where = Path(output).absolute().parent
            if _device(where) == _device(folder):
                disk[folder] = (3 * size,
                                "temporary files (then the file written, on the same disk)")
            else:
                disk[where] = (size, "the file written")
    return Need(memory, disk)


def _device(path: Path):
    """The disk ``path`` is on (or would be made on)."""
    place = _existing(path)
    try:
        return place.stat().st_dev
    except OSError:
        return place


def _gb(size: int) -> str:
    """A size as people read it: gigabytes to a tenth, else whole megabytes or kilobytes.

    >>> _gb(6 * GB), _gb(300 * MB), _gb(8 * 1024)
    ('6.0 GB', '300 MB', '8 KB')
    """
    if size >= GB:
        return f"{size / GB:.1f} GB"
    if size >= MB:
        return f"{size / MB:.0f} MB"
    return f"{size / 1024:.0f} KB"


def _skipped(environ) -> bool:
    return environ.get(SKIP_ENV, "") not in ("", "0")


def check(need: Need, what: str, *, meminfo: str | Path | None = MEMINFO,
          disk_free=free_disk, environ=None) -> None:
    """Refuse (``ResourceError``) when the machine has less free memory or disk than
    ``need``; ``what`` names the command in the message. ``meminfo`` is where free memory is
    read (see ``available_memory``) and ``disk_free`` a function giving a folder's free bytes
    (None: unknown, not checked). Folders on one disk are counted together.
    """
    environ = os.environ if environ is None else environ
    if _skipped(environ):
        return
    skip = f"set {SKIP_ENV}=1 to run it anyway"
    free = available_memory(meminfo)
    if free is not None and need.memory > free:
        raise ResourceError(
            f"not enough memory for {what}: it needs about {_gb(need.memory)} and "
            f"{_gb(free)} is available. Close other programs (or stop other partnerkg "
            f"commands) to free memory, or run it on a machine with more; {skip}",
            short="memory", need=need.memory, free=free)
    on_disk: dict = {}  # one entry per disk: (bytes, folders, what for, free)
    for folder, (size, purpose) in need.disk.items():
        device = _device(Path(folder))
        total, folders, purposes = on_disk.get(device, (0, [], []))
        on_disk[device] = (total + size, folders + [Path(folder)], purposes + [purpose])
    for size, folders, purposes in on_disk.values():
        free = disk_free(folders[0])
        if free is None or size <= free:
            continue
        where = " and ".join(f"{purpose} in {folder}" for folder, purpose in
                             zip(folders, purposes))
        temporary = any("temporary" in purpose for purpose in purposes)
        hint = ("set TMPDIR to a folder on a disk with room, or free space there"
                if temporary else "free space there, or write to another disk")
        raise ResourceError(
            f"not enough disk for {what}: {where} need about {_gb(size)} and "
            f"{_gb(free)} is free on that disk. {hint[0].upper() + hint[1:]}; {skip}",
            short="disk", need=size, free=free)


def check_command(command: str, memberships: int, *, what: str,
                  meminfo: str | Path | None = MEMINFO, disk_free=free_disk,
                  environ=None) -> None:
    """Refuse ``command`` (a key of ``COMMANDS``) on a store of ``memberships`` when the
    machine lacks the memory it will need; ``what`` names the command in the message."""
    check(estimate(command, memberships=memberships), what, meminfo=meminfo,
          disk_free=disk_free, environ=environ)


def check_load(files, store: str | Path, *, meminfo: str | Path | None = MEMINFO,
               disk_free=free_disk, environ=None) -> None:
    """Refuse a load of ``files`` into ``store`` when the machine lacks the memory or the disk
    (in the store's folder) it will need, estimated from the files' sizes: to be called before
    anything is read. A file that cannot be found counts for nothing (the load says so)."""
    if _skipped(os.environ if environ is None else environ):
        return
    size = 0
    for name in files:
        try:
            size += os.stat(name).st_size
        except OSError:
            continue
    need = Need(LOAD_MEMORY_BASE + LOAD_MEMORY_PER_BYTE * size,
                {Path(store).absolute(): (LOAD_DISK_PER_BYTE * size, "the store")})
    check(need, f"loading {_gb(size)} of files "
                f"into {store}", meminfo=meminfo, disk_free=disk_free, environ=environ)

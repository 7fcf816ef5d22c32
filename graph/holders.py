"""Who is using a store: a small file beside it names the writing process or the server.

Oxigraph's own lock says only that a store is busy. These files say who holds it (process id,
command, since when), so that a refusal can name the holder, and so that a writer can refuse
to change a store that a read-only server is answering from (it would go on serving the old
data without a word). A holder file whose process has ended is ignored and replaced.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from ..core.files import process_alive

__all__ = ["claim", "release", "holder", "describe", "WRITER", "SERVER"]

WRITER = "writer"
SERVER = "server"


def _file(store: Path, role: str) -> Path:
    store = Path(store)
    return store.parent / f".{store.name}.{role}"


def holder(store: Path, role: str) -> dict | None:
    """The live process holding ``store`` in ``role``, as recorded, or None."""
    try:
        record = json.loads(_file(store, role).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or not isinstance(record.get("pid"), int):
        return None
    if record["pid"] != os.getpid() and not process_alive(record["pid"]):
        return None
    return record


def describe(record: dict) -> str:
    """A holder in words: "process 123 (partnerkg load big.csv), since 14:02:11"."""
    since = time.strftime("%H:%M:%S", time.localtime(record.get("since", 0)))
    return f"process {record['pid']} ({record.get('command', '?')}), since {since}"


def claim(store: Path, role: str, pid: int | None = None) -> None:
    """Record this process (or ``pid``) as holding ``store`` in ``role``."""
    record = {"pid": pid or os.getpid(), "since": time.time(),
              "command": " ".join(["partnerkg", *sys.argv[1:]])[:200]}
    path = _file(store, role)
    temporary = path.with_name(path.name + f".{os.getpid()}")
    try:
        temporary.write_text(json.dumps(record), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)  # a read-only folder: nobody else can write either


def release(store: Path, role: str, pid: int | None = None) -> None:
    """Remove the holder file if it names this process (or ``pid``)."""
    path = _file(store, role)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(record, dict) and record.get("pid") == (pid or os.getpid()):
        path.unlink(missing_ok=True)

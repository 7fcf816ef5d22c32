"""Who is using a store: a small file beside it names the writing process or the server.

Oxigraph's own lock says only that a store is busy. These files say who holds it (process id,
command, since when), so that a refusal can name the holder, and so that a writer can refuse
to change a store that a read-only server is answering from (it would go on serving the old
data without a word). A holder file whose process has ended is ignored and replaced.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

from ..core.files import process_alive, process_started

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
    # by id and start time: a later process given a dead holder's id holds nothing
    started = record.get("started") if isinstance(record.get("started"), int) else None
    if not process_alive(record["pid"], started):
        return None
    return record


def describe(record: dict) -> str:
    """A holder in words: "process 123 (partnerkg load big.csv), since 14:02:11"."""
    since = time.strftime("%H:%M:%S", time.localtime(record.get("since", 0)))
    return f"process {record['pid']} ({record.get('command', '?')}), since {since}"


#: Options whose value is a secret, and a password in a URL ("http://user:secret@host").
_SECRET_OPTIONS = ("--token", "--password")
_URL_PASSWORD = re.compile(r"(://[^/@\s:]*):[^/@\s]*@")


def redacted(args: list[str]) -> list[str]:
    """A command line with its secrets starred out, fit to write down or print.

    >>> redacted(["serve", "--token", "s3cret", "--endpoint=http://ann:pw@host/q"])
    ['serve', '--token', '***', '--endpoint=http://ann:***@host/q']
    >>> redacted(["push", "--token=s3cret"])
    ['push', '--token=***']
    """
    out: list[str] = []
    for arg in args:
        if out and out[-1] in _SECRET_OPTIONS:
            out.append("***")
        elif arg.split("=", 1)[0] in _SECRET_OPTIONS and "=" in arg:
            out.append(arg.split("=", 1)[0] + "=***")
        else:
            out.append(_URL_PASSWORD.sub(r"\1:***@", arg))
    return out


def claim(store: Path, role: str, pid: int | None = None) -> None:
    """Record this process (or ``pid``) as holding ``store`` in ``role``: its command line,
    secrets starred out, in a file only its owner reads."""
    pid = pid or os.getpid()
    record = {"pid": pid, "started": process_started(pid), "since": time.time(),
              "command": " ".join(["partnerkg", *redacted(sys.argv[1:])])[:200]}
    path = _file(store, role)
    temporary = path.with_name(path.name + f".{os.getpid()}")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(record))
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

"""Names resolved in a process of their own while a load reads its files.

A load reads its files on one core before it writes anything, and resolves the names once
they are read, while the store loads what was built from them. On a national file both take
long (a million rows: about 18 s of reading, 15 s of resolving), and the second core idles
through the reading. ``NamesAhead.start`` runs a process (``python -m
partnerkg.resolution.prefetch``) that reads just the organisation column of each large CSV
file and resolves those names meanwhile. The load's resolver takes its decisions as soon as
they are there (``Resolver.expect``) and resolves only what the process did not.

The decisions are the resolver's own: the process resolves with the bundled register and the
load's alias file, and they are taken only by a resolver over the same register and aliases
(a store with bodies of its own resolves everything itself). A name the process read otherwise
than the loader did is simply resolved by the load. Anything that goes wrong in the process
costs only the time it would have saved.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from pathlib import Path

from .register import Register, read_aliases
from .resolve import Resolution, Resolver

__all__ = ["NamesAhead", "AHEAD_FROM", "organisation_names"]

#: CSV files smaller than this (in all) are read and resolved sooner than a process starts.
AHEAD_FROM = 16_000_000


def organisation_names(path: Path) -> list[str]:
    """The distinct names of a long-layout CSV file's organisation column, cleaned as the
    table reader cleans them (none when the file has no such column)."""
    from ..core.names import clean
    from ..loaders.tabular import (_HEADER_LOOKUP, _decode, _header_key, read_bytes,
                                   strict_rows, without_mark)

    name = str(path)
    rows = strict_rows(_decode(read_bytes(path), name), name,
                       "\t" if path.suffix.lower() == ".tsv" else ",")
    header = next(rows, (0, []))[1]
    columns = [_HEADER_LOOKUP.get(_header_key(raw), "") for raw in header]
    if "organisation" not in columns:
        return []
    at = columns.index("organisation")
    cells = {cells[at] for _, cells in rows if len(cells) > at}
    return list(dict.fromkeys(clean(without_mark(cell)) for cell in sorted(cells)))


class NamesAhead:
    """The process resolving the names of a load's large CSV files (see the module)."""

    def __init__(self, process: subprocess.Popen, folder: contextlib.ExitStack,
                 answer: Path) -> None:
        self._process, self._folder, self._answer = process, folder, answer

    @classmethod
    def start(cls, paths, aliases=None) -> "NamesAhead | None":
        """Start resolving the names of the CSV files among ``paths`` (None when they are too
        small to gain from it)."""
        from ..core.files import temporary_folder

        csvs = [Path(p) for p in paths if Path(p).suffix.lower() in (".csv", ".tsv")]
        try:
            size = sum(p.stat().st_size for p in csvs)
        except OSError:
            return None
        if size < AHEAD_FROM:
            return None
        folder = contextlib.ExitStack()
        answer = folder.enter_context(temporary_folder("partnerkg-names-")) / "names.json"
        command = [sys.executable, "-m", "partnerkg.resolution.prefetch", str(answer),
                   *(["--aliases", str(aliases)] if aliases else []), *map(str, csvs)]
        try:
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError:
            folder.close()
            return None
        return cls(process, folder, answer)

    def ready(self) -> bool:
        """Whether the process has ended (its decisions are there, or none will be)."""
        return self._process.poll() is not None

    def wait(self, seconds: float) -> None:
        """Wait at most ``seconds`` for the process to end."""
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._process.wait(seconds)

    def give(self, resolver: Resolver) -> int:
        """Wait for the process and put its decisions in ``resolver``'s cache, if it resolves
        as the process did; how many names it was given (0 when none)."""
        try:
            self._process.wait()
            with open(self._answer, encoding="utf-8") as handle:
                answered = json.load(handle)
        except (OSError, ValueError):
            return 0
        finally:
            self.stop()
        if answered.get("fingerprint") != resolver.fingerprint():
            return 0
        get = resolver.register.get
        return resolver.adopt({
            name: Resolution(name, get(body) if body else None, kind, score,
                             get(runner_up) if runner_up else None, runner_up_score,
                             tuple((ident, value) for ident, value in candidates), warning)
            for name, (body, kind, score, runner_up, runner_up_score, candidates, warning)
            in answered["decisions"].items()})

    def stop(self) -> None:
        """End the process (if it still runs) and remove what it wrote."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._folder.close()


def _decisions(resolver: Resolver, names: list[str]) -> dict[str, list]:
    """Each name's decision, with bodies by identifier (the load has bodies of its own)."""
    resolver.resolve_all(names)
    found = {}
    for name in names:
        got = resolver.resolve(name)
        found[name] = [got.body.id if got.body else None, got.kind, got.score,
                       got.runner_up.id if got.runner_up else None, got.runner_up_score,
                       [list(c) for c in got.candidates], got.warning]
    return found


def main(argv: list[str]) -> None:
    """``ANSWER [--aliases FILE] CSV...``: write the decisions for the files' names."""
    from ..core import progress

    progress.quiet()
    answer, rest = Path(argv[0]), argv[1:]
    aliases = None
    if rest[:1] == ["--aliases"]:
        aliases, rest = rest[1], rest[2:]
    register = Register.default()
    resolver = Resolver(register, read_aliases(aliases, register) if aliases else ())
    names = list(dict.fromkeys(n for path in rest for n in organisation_names(Path(path))))
    text = json.dumps({"fingerprint": resolver.fingerprint(),
                       "decisions": _decisions(resolver, names)}, ensure_ascii=False)
    partial = answer.with_suffix(".part")
    partial.write_text(text, encoding="utf-8")
    partial.replace(answer)  # whole or not at all


if __name__ == "__main__":
    main(sys.argv[1:])

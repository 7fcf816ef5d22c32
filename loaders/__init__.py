"""Loaders read source files into plain records; they never write RDF.

Loaders are registered by name; ``load_files`` picks one by file extension.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..errors import LoaderError
from ..records import Records
from .amounts import parse_amount
from .giving360 import load_360giving, looks_like_360giving_csv
from .spreadsheet import load_xlsx
from .tabular import load_csv
from .text import load_text

__all__ = ["LOADERS", "load_file", "load_files", "parse_amount"]

#: Loader name -> (file extensions, function(path, programme=...) -> Records).
LOADERS: dict[str, tuple[tuple[str, ...], Callable[..., Records]]] = {
    "csv": ((".csv", ".tsv"), load_csv),
    "xlsx": ((".xlsx", ".xlsm"), load_xlsx),
    "360giving": ((".json",), load_360giving),
    "text": ((".txt", ".text", ".md"), load_text),
}


def load_file(path: str | Path, *, format: str | None = None,
              programme: str | None = None) -> Records:
    """Read one file with the loader its extension (or ``format``) names."""
    path = Path(path)
    if format is None:
        suffix = path.suffix.lower()
        matches = [name for name, (suffixes, _) in LOADERS.items() if suffix in suffixes]
        if not matches:
            known = ", ".join(s for suffixes, _ in LOADERS.values() for s in suffixes)
            raise LoaderError(f"no loader reads {suffix or 'files without an extension'!r} "
                              f"files (known: {known})", file=str(path))
        format = matches[0]
        head = _head(path) if format == "csv" else None
        if head is not None and looks_like_360giving_csv(head):
            format = "360giving"
    if format not in LOADERS:
        raise LoaderError(f"unknown format {format!r} (known: {', '.join(LOADERS)})",
                          file=str(path))
    return LOADERS[format][1](path, programme=programme)


def load_files(paths, *, format: str | None = None, programme: str | None = None) -> Records:
    """Read every file; any error stops before anything is returned."""
    records = Records()
    for path in paths:
        records.extend(load_file(path, format=format, programme=programme))
    return records


def _head(path: Path) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read(4096)
    except OSError:
        return None  # the loader says why the file cannot be read

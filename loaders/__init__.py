"""Loaders: source files in, plain records out (``core.records``); they never write RDF.

Takes CSV, TSV, XLSX, 360Giving JSON/CSV/XLSX, PDF (tables, or prose), saved web pages, prose
and RDF files; hands on ``Records`` (bids,
memberships, rounds, each with its source) or, for RDF, N-Triples text. Names stay as the
source wrote them: resolution comes next. Loaders are registered by name; ``load_files`` picks
one by file extension. The prose loader is handed a gazetteer of known bodies by its caller.
"""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path
from typing import Callable

from .. import data as data_package
from ..core.errors import LoaderError
from ..core.records import Records
from .amounts import parse_amount
from .giving360 import load_360giving, looks_like_360giving_csv, looks_like_360giving_xlsx
from .tabular import load_csv

__all__ = ["LOADERS", "NEEDS_GAZETTEER", "files_in", "load_file", "load_files", "locate", "prose_format",
           "parse_amount"]


def _imported_on_use(module: str, name: str) -> Callable[..., Records]:
    """The loader ``name`` of ``module``, imported when first called: reading a CSV file need
    not import the prose, PDF and workbook readers (a tenth of a second)."""
    def load(*args, **kwargs) -> Records:
        return getattr(importlib.import_module(module, __package__), name)(*args, **kwargs)
    load.__name__ = load.__qualname__ = name
    return load


#: Loader name -> (file extensions, function(path, programme=...) -> Records).
LOADERS: dict[str, tuple[tuple[str, ...], Callable[..., Records]]] = {
    "csv": ((".csv", ".tsv"), load_csv),
    "xlsx": ((".xlsx", ".xlsm"), _imported_on_use(".spreadsheet", "load_xlsx")),
    "360giving": ((".json",), load_360giving),
    "text": ((".txt", ".text", ".md"), _imported_on_use(".text", "load_text")),
    "pdf": ((".pdf",), _imported_on_use(".pdf", "load_pdf")),
    "html": ((".html", ".htm"), _imported_on_use(".html", "load_html")),
}
#: Loaders that find bodies in prose, and so take a ``gazetteer`` (see ``text.extract_text``).
NEEDS_GAZETTEER = frozenset({"text", "pdf", "html"})


#: Options only some loaders take: option -> the loaders that take it.
OPTIONS = {"sheet": frozenset({"xlsx"}), "strict": frozenset({"360giving"})}


def prose_format(path: str | Path) -> str:
    """The loader that reads ``path`` as a document (``load --text``, ``extract``): a web
    page's and a PDF's own readers (which drop markup, and read their tables as tables), else
    the text reader.

    >>> prose_format("news.HTM"), prose_format("report.pdf"), prose_format("notes.md")
    ('html', 'pdf', 'text')
    """
    suffix = Path(path).suffix.lower()
    return next((name for name in ("html", "pdf") if suffix in LOADERS[name][0]), "text")


def load_file(path: str | Path, *, format: str | None = None, programme: str | None = None,
              gazetteer=None, sheet: str | None = None, strict: bool = False) -> Records:
    """Read one file with the loader its extension (or ``format``) names.

    ``sheet`` reads one sheet of a workbook; ``strict`` refuses a 360Giving file with any grant
    in it that cannot be read (by default such grants are reported and the rest are loaded).
    ``gazetteer``: the bodies prose is read against, or a function giving them.
    """
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
        if head is not None and looks_like_360giving_csv(head) or (
                format == "xlsx" and looks_like_360giving_xlsx(path)):
            format = "360giving"
    elif format == "text":
        format = prose_format(path)  # a page or PDF read as prose is read as one
    if format not in LOADERS:
        raise LoaderError(f"unknown format {format!r} (known: {', '.join(LOADERS)})",
                          file=str(path))
    options: dict = {}
    for option, value in (("sheet", sheet), ("strict", strict)):
        if value:
            if format not in OPTIONS[option]:
                raise LoaderError(f"--{option} applies to {' and '.join(sorted(OPTIONS[option]))} "
                                  f"files, not to {format}", file=str(path))
            options[option] = value
    if format in NEEDS_GAZETTEER:
        if gazetteer is None:
            raise TypeError(f"the {format} loader needs a gazetteer "
                            "(partnerkg.resolution.default_resolver() is the bundled one)")
        # a function giving one is called only here: tables and RDF need no gazetteer built
        options["gazetteer"] = gazetteer() if callable(gazetteer) else gazetteer
    before = _state(path)
    records = LOADERS[format][1](path, programme=programme, **options)
    digest = _digest(path)
    if _state(path) != before:
        raise LoaderError("changed while it was being read (is it still being written?): load "
                          "it again once it is complete", file=str(path))
    records.stamp(digest, locate(path))
    return records


def _state(path: Path) -> tuple[int, int] | None:
    """A file's size and modification time: what changes while a program writes it."""
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns


def load_files(paths, *, format: str | None = None, programme: str | None = None,
               gazetteer=None, sheet: str | None = None, strict: bool = False) -> list[Records]:
    """Read every file, each to records of its own; any error stops before anything is
    returned."""
    return [load_file(path, format=format, programme=programme, gazetteer=gazetteer,
                      sheet=sheet, strict=strict)
            for path in paths]


#: Loaders a folder's files are not read with unless asked (``--format text``): a README is
#: prose too, and would be read for bids.
_NOT_FROM_FOLDERS = frozenset({"text"})


def files_in(paths, format: str | None = None) -> tuple[list[Path], list[str]]:
    """``paths`` with each folder replaced by the files in it (and its sub-folders, sorted)
    that a loader reads: those of ``format`` if given, else every known kind but prose. Also
    a note for each file of a folder left out, and why. A folder with no such file is an error.

    Hidden files and folders (a name starting with ".") are passed over in silence.
    """
    from .rdf import RDF_SUFFIXES

    chosen = {"rdf": tuple(RDF_SUFFIXES)} if format == "rdf" else \
        {format: LOADERS[format][0]} if format in LOADERS else \
        {name: suffixes for name, (suffixes, _) in LOADERS.items()
         if name not in _NOT_FROM_FOLDERS} | {"rdf": tuple(RDF_SUFFIXES)}
    wanted = {suffix for suffixes in chosen.values() for suffix in suffixes}
    files, notes = [], []
    for path in map(Path, paths):
        if not path.is_dir():
            files.append(path)
            continue
        found = sorted(p for p in path.rglob("*") if p.is_file() and not any(
            part.startswith(".") for part in p.relative_to(path).parts))
        taken = [p for p in found if p.suffix.lower() in wanted]
        for p in found:
            if p not in taken:
                why = ("prose: load it with --text" if p.suffix.lower() in LOADERS["text"][0]
                       else f"not a kind of file {'--format ' + format if format else 'partnerkg'}"
                       " reads")
                notes.append(f"{p}: left out of folder {path} ({why})")
        if not taken:
            raise LoaderError("a folder with no file partnerkg reads "
                              f"(kinds: {', '.join(sorted(wanted))})", file=str(path))
        files.extend(taken)
    return files, notes


def locate(path: str | Path) -> str:
    """What names a source file wherever it is loaded from: its absolute path, or for the
    bundled data its place in the package (so the bundled graph is the same on every machine).
    Loading a file of the same locator again replaces what it said before.

    >>> from partnerkg.data import bundled_paths
    >>> locate(bundled_paths()[0])
    'partnerkg:data/tca_bids.csv'
    """
    path = Path(path).resolve()
    bundled = Path(data_package.__file__).parent.resolve()
    if path.is_relative_to(bundled):
        return f"partnerkg:data/{path.relative_to(bundled).as_posix()}"
    return str(path)


def _digest(path: Path) -> str:
    """A short digest of a file's bytes (the loader has just read them, so they exist)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:12]


def _head(path: Path) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read(4096)
    except OSError:
        return None  # the loader says why the file cannot be read

"""The store: the partnership graph on Oxigraph, persisted in a directory or in memory.

Takes N-Triples (from ``graph.build``) and writes them atomically; hands on SPARQL answers,
fast plain-string reads for the network, and the register bodies kept in the graph.
It reads no source files: ``partnerkg.pipeline`` does that and hands it triples.
"""

from __future__ import annotations

import concurrent.futures
import errno
import gc
import itertools
import os
import queue
import re
import shutil
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import XSD, BNode, Graph, Literal, URIRef, Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import SKOS
from rdflib.query import Result

from ..core import idle
from ..core.errors import QueryError, StoreError
from ..core.files import owner_mark, process_alive
from ..core.progress import status, track
from ..core.records import RdfText, Records
from ..ontology import CACHE_GRAPH_IRI
from ..resolution.register import Register, read_aliases
from ..resolution.resolve import Resolver
from . import cache, nt
from .build import (LoadTables, TripleSink, build_triples, decimal_literal, source_file_iri,
                    source_key)
from .holders import SERVER, WRITER, claim, describe, holder, release
from .register_graph import bodies_in_graph

__all__ = ["Store", "is_store", "require_store", "refuse_foreign_folder", "STORE_ENV", "PREFIXES",
           "known_prefixes"]

STORE_ENV = "PARTNERKG_STORE"
#: Seconds a writer waits for another process to finish with a store before refusing.
WRITER_WAIT = 10.0
#: Writes of at least this many triples into a store directory use Oxigraph's bulk loader.
BULK_LOAD_FROM = 50_000
#: Characters of N-Quads handed to the bulk loader in one call (about 60,000 lines): small
#: enough that loading starts early and memory stays flat, large enough that the files each
#: call adds to the store stay few.
CHUNK_CHARS = 8_000_000
#: Threads bulk-loading chunks at once. Measured on 2 cores (chunks of a load at scale M and
#: L, each loaded alone): two threads took 0.94 s and 17.0 s where one took 1.36 s and 21.2 s,
#: with the same quads in the store.
LOADER_THREADS = 2
#: Each membership row gives at least this many triples (source, membership, name match).
_TRIPLES_PER_MEMBERSHIP = 11
#: The data is the store's default graph; each source file's own graph and the kept results
#: are named graphs beside it.
_PREF_LABEL = ox.NamedNode(str(SKOS.prefLabel))
_PART_OF = "http://purl.org/dc/terms/isPartOf"
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_SOURCE_FILE = ox.NamedNode("https://w3id.org/partnerkg/SourceFile")
_DERIVED_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"
_CACHE_GRAPH = str(CACHE_GRAPH_IRI)


def _scope(locator: str) -> str:
    """The scope of a file's own nodes (see ``build.source_key``); records made in code have
    none, and keep everything in their graph."""
    return source_key(locator) if locator else ""


def _forget(sources: dict[str, str], foreign: list[str]) -> str:
    """A SPARQL update removing what each source (graph IRI -> scope) said, unless another
    source says it too: the triples of or to the nodes only it names (its rows, and the
    nodes derived from them whose IRI holds its scope), those in its graph, and the graph.

    Only ``foreign`` graphs (RDF files', which keep every triple they gave) can hold a
    triple of another file's own nodes, so only they are asked about those.
    """
    others = f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != <{{g}}> && " \
             f"?other != <{_CACHE_GRAPH}>) }}"
    in_foreign = (f"FILTER NOT EXISTS {{ VALUES ?other {{ {' '.join(f'<{g}>' for g in foreign)} "
                  "} GRAPH ?other { ?s ?p ?o } }") if foreign else ""
    steps = []
    for graph, scope in sorted(sources.items()):
        unless = others.replace("{g}", graph)
        if scope:
            def own(node: str) -> str:  # ``node`` is one of the source's own nodes
                return (f"{{ {{ BIND(<{graph}> AS {node}) }} UNION "
                        f"{{ {node} <{_PART_OF}> <{graph}> }} UNION {{ ?row <{_PART_OF}> "
                        f"<{graph}> . {node} <{_DERIVED_FROM}> ?row "
                        f"FILTER(CONTAINS(STR({node}), \"/{scope}/\")) }} }}")
            # one step, so that every match is found before any is deleted: a shared node's
            # triple pointing to one of the source's rows goes with the row
            steps.append(f"DELETE {{ ?s ?p ?o }} WHERE {{ {{ {own('?s')} ?s ?p ?o }} UNION "
                         f"{{ {own('?o')} ?s ?p ?o }} {in_foreign} }}")
        steps.append(f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} {unless} }}")
        steps.append(f"DROP SILENT GRAPH <{graph}>")
    return _STEP.join(steps)


#: What separates the steps of an update from ``_forget``.
_STEP = " ;\n"


def _lines(chunks: list[str]) -> list[str]:
    """N-Triples chunks (emptied on the way) as lines: the builder's are lines already, an
    RDF file's text is one chunk."""
    if len(chunks) == 1:
        lines = [line for line in chunks[0].splitlines(keepends=True) if line.strip()]
    else:
        lines = list(chunks)
    chunks.clear()
    return lines


def _shared(lines: list[str], scope: str) -> list[str]:
    r"""The lines whose subject and object are not nodes of ``scope``: what ``_forget`` can
    find only in the source's own graph.

    >>> _shared(["<a/s-1/row> <p> <b> .\n", "<m> <p> <a/s-1/row> .\n", "<m> <p> <a/s-1> .\n",
    ...          "<m> <p> \"a/s-1/\" .\n", "<m> <p> <b> .\n"], "s-1")
    ['<m> <p> "a/s-1/" .\n', '<m> <p> <b> .\n']
    """
    if not scope:
        return lines
    inside, last = f"/{scope}/", f"/{scope}>"

    def own(term: str) -> bool:
        return term.startswith("<") and (inside in term or term.endswith(last))
    kept = []
    for line in lines:
        subject, _, rest = line.split(" ", 2)
        if not own(subject) and not (rest.startswith("<") and own(rest[:rest.index(">") + 1])):
            kept.append(line)
    return kept


def _quads(out, graph: str, chunks: list[str], scope: str, shared: list[str] | None = None,
           send: bool = False) -> None:
    """Hand ``out`` the N-Triples ``chunks`` (emptied on the way) for the data, and the
    ``shared`` ones among them (else those ``_shared`` finds) again as N-Quads in ``graph``;
    ``send``: see ``Store._bulk_load_chunks``."""
    suffix = f" <{graph}> .\n"
    lines = _lines(chunks)
    copied = _shared(lines, scope) if shared is None else shared
    # one list: the copy's blank nodes must be loaded in the same call as the data's
    out(lines + [line.rstrip()[:-1].rstrip() + suffix for line in copied], send)


def _debris_names(store: Path, mark: str) -> tuple[Path, Path, Path]:
    """The spool file (what earlier versions piped to the loader: only ever found as debris),
    checkpoint and done-marker a bulk write uses, named by its process's ``owner_mark``."""
    prefix = store.parent / f".{store.name}"
    return (Path(f"{prefix}.load-{mark}.nq"), Path(f"{prefix}.checkpoint-{mark}"),
            Path(f"{prefix}.checkpoint-{mark}.done"))


#: What writers and readers leave beside a store while they work, named by their process's id
#: and start time (``core.files.owner_mark``; older versions wrote the id alone). RocksDB makes
#: a checkpoint in ``NAME.tmp`` first and renames it when complete.
_DEBRIS = re.compile(r"^\.(?P<store>.+)\.(?P<kind>load|checkpoint|discard|reader)-(?P<pid>\d+)"
                     r"(?:_(?P<started>\d+))?(?:-\d+)?(?P<rest>\.nq|\.done|\.tmp)?$")
#: Numbers the copies one process reads (see ``_reader_copy``): each store it opens has its own.
_READERS = itertools.count()


def _beside(store: Path) -> list[tuple[str, bool, Path]]:
    """What writers and readers left or are leaving beside ``store``: (kind, whether its
    process still runs, path)."""
    found = []
    try:
        entries = list(store.parent.iterdir())
    except OSError:
        return found
    for entry in entries:
        match = _DEBRIS.match(entry.name)
        if match and match["store"] == store.name:
            started = int(match["started"]) if match["started"] else None
            found.append((match["kind"] + (match["rest"] or ""),
                          process_alive(int(match["pid"]), started), entry))
    return sorted(found, key=lambda item: item[2].name)


def _left_behind(store: Path) -> list[tuple[str, Path]]:
    """What writers and readers that are no longer running left beside ``store``: (kind,
    path). A process is known by its id and start time, so a later process given a dead
    writer's id does not keep its checkpoint waiting (and put back over later writes)."""
    return [(kind, path) for kind, alive, path in _beside(store) if not alive]


def recover(store: Path) -> list[str]:
    """Put a store as it was before a write that was killed (kill -9, power cut), and remove
    what it left: a checkpoint without its done-marker is put back (the write had not
    finished), one with it removed (it had), unless the store itself is missing (a kill
    between the two renames of ``_put_back``); a checkpoint RocksDB had not finished making,
    pipes, spool files and readers' copies are removed. Returns what was done, in words.

    Another process may be recovering the same store at once (readers of a missing store
    do): what it did first is not done again.
    """
    done = []
    for kind, path in _left_behind(store):
        try:
            if kind == "checkpoint":
                marker = Path(f"{path}.done")
                if marker.exists() and store.exists():
                    shutil.rmtree(path)
                    marker.unlink(missing_ok=True)
                    done.append(f"removed the checkpoint of a finished write ({path.name})")
                else:
                    _put_back(store, path)
                    done.append(f"put back the store as it was before an unfinished write "
                                f"({path.name})")
            elif kind in ("discard", "reader", "checkpoint.tmp"):
                shutil.rmtree(path, ignore_errors=True)
            elif kind in ("load.nq", "checkpoint.done"):
                path.unlink(missing_ok=True)
        except FileNotFoundError:
            continue  # another process recovering this store took it first
    return done


def _remove_loader_debris(store: Path) -> None:
    """Remove the files a bulk loader writes into the store before it hands them to RocksDB
    (``bulk-*.sst``). Called while this process holds the store's lock and loads nothing, so
    any there were left by a loader that was stopped: no part of the store refers to them."""
    for path in store.glob("bulk-*.sst"):
        path.unlink(missing_ok=True)


def _put_back(store: Path, checkpoint: Path) -> None:
    """Replace ``store`` by ``checkpoint`` so that a kill at any moment leaves one of the two
    in place (see ``recover``): the store is moved aside, not deleted, until the checkpoint
    has taken its name."""
    aside = store.parent / f".{store.name}.discard-{owner_mark()}"
    if store.exists():
        store.rename(aside)
    checkpoint.rename(store)
    shutil.rmtree(aside, ignore_errors=True)


def _unfinished_checkpoint(store: Path) -> Path | None:
    """The checkpoint a running write took of ``store`` before changing it, while that write
    has not finished: the store as it was, for readers to read meanwhile."""
    names = {path.name: alive for kind, alive, path in _beside(store)
             if kind in ("checkpoint", "checkpoint.done")}
    for name, alive in names.items():
        if alive and not name.endswith(".done") and f"{name}.done" not in names:
            return store.parent / name
    return None


def _reader_copy(store: Path, source: Path) -> Path | None:
    """A copy of ``source`` (the store, or a running write's checkpoint of it) for this process
    to read, made of hard links (no data is copied); None if a file went while the copy was
    made (the writer moved on: look again), ``store`` itself where no copy can be made beside
    it (no room, no right, another file system).

    Its own names keep the files alive however long the reader takes: a writer deletes the
    files a compaction replaced, and removes its checkpoint when it finishes, and RocksDB
    opens a file only when a query first needs it.
    """
    copy = store.parent / f".{store.name}.reader-{owner_mark()}-{next(_READERS)}"
    try:
        copy.mkdir()
    except OSError:
        return store
    try:
        for entry in source.iterdir():
            if entry.name != "LOCK" and not _rocksdb_log(entry.name):
                os.link(entry, copy / entry.name)
    except FileNotFoundError:
        shutil.rmtree(copy, ignore_errors=True)
        return None
    except OSError:
        shutil.rmtree(copy, ignore_errors=True)
        return store
    return copy


#: Each store directory this process began to write: "begun", then "finished" once the new
#: state stands (what a stopped command tells the user: see ``writes_when_stopped``).
_WRITES: dict[str, str] = {}


def writes_when_stopped() -> list[str]:
    """What became of the stores this process was writing, in words, for a command stopped
    (Ctrl-C) part way: a write stopped before it finished is undone whole.

    >>> _WRITES.clear(); _WRITES.update({"s": "begun", "t": "finished"}); writes_when_stopped()
    ['s is as it was before this command (its write had not finished)', 't holds what this command wrote (its write had finished)']
    """
    return [f"{store} is as it was before this command (its write had not finished)"
            if state == "begun" else f"{store} holds what this command wrote (its write had "
            "finished)" for store, state in _WRITES.items()]


#: Signals that stop a command (the command line turns them into an exit that unwinds).
_STOPPING = ("SIGTERM", "SIGHUP", "SIGINT")


@contextmanager
def _signals_held():
    """Hold back the signals that stop a command until the block ends, then deliver them.

    For the steps no signal may cut: waiting for Oxigraph's bulk-loader thread (a store put back
    while it still writes into the folder is corrupt) and putting a checkpoint back. Only the
    main thread has signal handlers; elsewhere this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {}
    for name in _STOPPING:
        if hasattr(signal, name):
            number = getattr(signal, name)
            previous[number] = signal.signal(number, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if caught:
            os.kill(os.getpid(), caught[0])  # now to the handler it was meant for


def _recover_quietly(store: Path) -> None:
    """``recover``, where this user may: a reader on a read-only disk goes on without."""
    try:
        recover(store)
    except OSError:
        pass


#: What the system says when a store may be read but not written by this process.
_READ_ONLY_CAUSES = (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT)


def _cannot_write(store: Path, exc: OSError) -> bool:
    """Whether opening ``store`` to write failed because this process may not write there
    (another user's store, a read-only file system, a full disk) rather than for a lock."""
    if exc.errno in _READ_ONLY_CAUSES:
        return True
    text = str(exc)
    return not os.access(store, os.W_OK) or any(
        os.strerror(code) in text for code in _READ_ONLY_CAUSES)


def is_store(path: Path) -> bool:
    """Whether ``path`` is a store directory (Oxigraph keeps its ``CURRENT`` file there)."""
    return (Path(path) / "CURRENT").is_file()


def require_store(path: Path) -> None:
    """StoreError unless ``path`` is a store directory, saying how to make one."""
    if not Path(path).is_dir():
        raise StoreError(f"no store at {path}: create one with "
                         f"'partnerkg load FILE --store {path}'")
    refuse_foreign_folder(path)


def refuse_foreign_folder(path: Path) -> None:
    """StoreError when ``path`` is a folder with files in it that is not a store: a store is
    never made inside someone's folder of spreadsheets."""
    path = Path(path)
    # a LOCK file and no CURRENT yet, or only RocksDB's info LOG (written before the lock is
    # taken): a store another process is making this moment
    if path.is_dir() and not is_store(path) and not (path / "LOCK").exists() and \
            any(not _rocksdb_log(f.name) for f in path.iterdir()):
        count = sum(1 for _ in path.iterdir())
        raise StoreError(f"{path} is a folder of {count} file(s), not a partnerkg store: name a "
                         "new folder (or an empty one) to make a store there")


def _rocksdb_log(name: str) -> bool:
    """Whether a file is RocksDB's info log (``LOG``, ``LOG.old.<time>``)."""
    return name == "LOG" or name.startswith("LOG.old.")


class Store:
    """A partnership graph on an Oxigraph store.

    ``Store(path)`` opens (or creates) a store directory; ``Store()`` keeps the graph in
    memory. ``partnerkg.KnowledgeGraph`` is a store that can also load files.

    >>> store = Store()
    >>> len(store)
    0
    """

    def __init__(self, path: str | Path | None = None, *, create: bool = True,
                 read_only: bool = False, wait: float | None = None) -> None:
        self.path = Path(path) if path is not None else None
        #: Whether the store was opened read-only (another process was writing it).
        self.read_only = False
        self._holding = False
        #: A copy of a running write's checkpoint this process reads (see ``_reader_copy``).
        self._reading: Path | None = None
        if self.path is not None and not self.path.exists():
            _recover_quietly(self.path)  # a kill between the two renames of ``_put_back``
        if self.path is not None and not create:
            require_store(self.path)
        elif self.path is not None:
            refuse_foreign_folder(self.path)
        try:
            self._attach(self._open_directory(read_only, wait) if self.path is not None
                         else ox.Store())
        except (OSError, ValueError) as exc:
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from None

    def _open_directory(self, read_only: bool, wait: float | None) -> ox.Store:
        """Open the store directory to write, waiting up to ``wait`` seconds while another
        process writes it. With ``read_only`` (a command that only reads), a store another
        process is writing is opened read-only instead of waited for: the reader sees the data
        as it was when it opened."""
        server = holder(self.path, SERVER)
        if server is not None and not read_only:
            raise StoreError(f"the store {self.path} is being served by {describe(server)}: "
                             "stop the server before changing the store (it would go on "
                             "answering from the data it opened)")
        if server is not None and read_only and is_store(self.path):
            self.read_only = True  # beside a server reading it: no writes, kept results included
            return ox.Store.read_only(str(self.path))
        wait = WRITER_WAIT if wait is None else wait
        deadline = time.monotonic() + wait
        while True:
            try:
                store = ox.Store(str(self.path))
            except OSError as exc:
                if read_only and is_store(self.path) and _cannot_write(self.path, exc):
                    self.read_only = True  # a store this user may only read: read it
                    return ox.Store.read_only(str(self.path))
                if "lock" not in str(exc).lower():
                    raise
                if read_only and is_store(self.path):
                    return self._open_while_written()
                if time.monotonic() >= deadline:
                    found = holder(self.path, WRITER)
                    who = describe(found) if found else "another process"
                    raise StoreError(
                        f"the store {self.path} is in use by {who} (its lock file is "
                        f"{self.path / 'LOCK'}); waited {wait:g} s: try again when it has "
                        "finished, or wait longer with --wait SECONDS") from None
                time.sleep(0.2)
                continue
            if _left_behind(self.path):  # a writer was killed: put things as they were
                del store
                recover(self.path)
                store = ox.Store(str(self.path))
            _remove_loader_debris(self.path)
            claim(self.path, WRITER)
            self._holding = True
            return store

    def _open_while_written(self) -> ox.Store:
        """Open read-only a store another process is writing, through a copy of its files (see
        ``_reader_copy``): while a bulk write is under way (it changes the store in several
        steps), of its checkpoint, the store as it was before; else of the store, whose every
        change is one transaction. Either way the reader sees the data before a write or after
        it, never part-way, and keeps seeing it whatever the writer does next."""
        self.read_only = True
        failure: Exception | None = None
        for _ in range(100):
            copy = _reader_copy(self.path, _unfinished_checkpoint(self.path) or self.path)
            if copy is not None:
                self._reading = copy if copy != self.path else None
                try:
                    return ox.Store.read_only(str(copy))
                except (OSError, RuntimeError) as exc:  # caught between two of the writer's files
                    failure = exc
                    self._drop_copy()
            time.sleep(0.01)  # the writer moved on while the copy was made: look again
        raise StoreError(f"cannot read the store {self.path} while another process writes it "
                         f"({failure or 'its files kept changing'}): try again")

    def _drop_copy(self) -> None:
        """Remove the copy of the store this store read (see ``_open_while_written``)."""
        if self._reading is not None:
            shutil.rmtree(self._reading, ignore_errors=True)
            self._reading = None

    def _attach(self, store: ox.Store) -> None:
        """Use ``store``: Oxigraph directly for fast paths, through rdflib for the rest."""
        self.oxigraph = store
        self.graph = Graph(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID)
        for prefix, namespace in PREFIXES.items():
            self.graph.bind(prefix, namespace)

    def __len__(self) -> int:
        return self.triple_count()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.path is not None and hasattr(self, "oxigraph"):
            self.graph.close()
            del self.oxigraph
            if self._holding:
                release(self.path, WRITER)
                self._holding = False
            self._drop_copy()

    def add_records(self, records: Records | list[Records], resolver: Resolver | None = None,
                    rdf: list[RdfText] = (), *, append: bool = False,
                    tables: LoadTables | None = None, while_counting=None) -> tuple[int, int]:
        """Resolve and add each file's records, and RDF files' triples as they are, in one
        atomic write; returns triple counts before and after. With ``tables``, what the
        records' memberships and grants became is noted there when the store held no data
        before and no RDF file is added (then the store holds exactly what was noted);
        otherwise ``tables.whole`` is set False.

        Each file's triples are also kept in a graph of its own (named by its locator, see
        ``build.source_file_iri``). Loading a file again replaces what it said before: its
        earlier triples go unless another file says them too. With ``append`` they stay.
        ``while_counting()`` (if given) runs once the data is written, while the triples are
        counted.
        """
        sources = [records] if isinstance(records, Records) else list(records)
        replaced = {source_file_iri(part.locator): _scope(part.locator) for part in sources}
        replaced.update({source_file_iri(part.locator): "" for part in rdf})
        labels: dict[str, str] = {}
        identities: dict[str, tuple[str, str]] = {}  # one identifier's first name, load-wide

        kept = () if append else replaced
        # a label can only be kept from another source's graph: where the store holds none
        # (a first load), no node is looked up (the lines of this load reach the store as
        # they are built, and each look-up would wait on them)
        graphs = [graph.value for graph in self.oxigraph.named_graphs()
                  if isinstance(graph, ox.NamedNode) and graph.value != _CACHE_GRAPH]
        others = any(graph not in kept for graph in graphs)
        if tables is not None and (graphs or rdf or next(iter(self.oxigraph.quads_for_pattern(
                None, None, None, ox.DefaultGraph())), None) is not None):
            tables.whole, tables = False, None  # the store holds data: not all is noted

        def known_label(node: str) -> str | None:
            return labels.get(node) or (self._label_kept(node, kept) if others else None)

        def parts(write):
            for part in sources:
                ledger, scope = source_file_iri(part.locator), _scope(part.locator)
                sink = build_triples(part, resolver, known_label=known_label,
                                     out=lambda lines, shared, send: write(
                                         ledger, lines, scope, shared, send),
                                     identities=identities, tables=tables)
                labels.update(sink.labels)
                part.notes.extend(sink.notes)
                part.resolutions = sink.resolutions
                part.memberships_made = sink.memberships
            for part in rdf:
                write(source_file_iri(part.locator), [part.text], "")
        count = sum(len(p.participations) for p in sources) * _TRIPLES_PER_MEMBERSHIP + sum(
            p.count for p in rdf)
        # a file loaded again may no longer name a body another file names (a first load of
        # every file cannot, and the check is a pass over the memberships)
        again = not append and any(any(self.oxigraph.quads_for_pattern(
            ox.NamedNode(source_file_iri(part.locator)), None, None)) for part in sources)
        return self._write_sources(parts, replaced, count, append,
                                   finish=self._name_the_unnamed if again else None,
                                   while_counting=while_counting)

    def _label_kept(self, node: str, replaced) -> str | None:
        """The prefLabel of ``node`` (N-Triples text) that some source not being replaced
        gives, if any."""
        subject = ox.NamedNode(nt.iri_value(node))
        for quad in self.oxigraph.quads_for_pattern(subject, _PREF_LABEL, None, None):
            graph = quad.graph_name
            if isinstance(graph, ox.NamedNode) and graph.value not in replaced:
                return quad.object.value
        return None
    def register(self) -> Register:
        """The bundled register plus every register body stored in this graph."""
        register = Register.default()
        # a bundled body stays as the bundled register has it: what a store says of it (an
        # RDF file, an older release) never renames or re-sorts it
        register.add([body for body in bodies_in_graph(self.graph)
                      if register.get(body.id) is None])
        return register

    def resolver(self, aliases: str | Path | None = None) -> Resolver:
        """A resolver over this graph's register, with a user alias file if given."""
        register = self.register()
        return Resolver(register, read_aliases(aliases, register) if aliases else ())

    def add_graph(self, triples, locator: str = "", *, append: bool = False
                  ) -> tuple[int, int]:
        """Add triples as what the source at ``locator`` says (replacing what it said before,
        unless ``append``) in one write; returns the data's triple counts before and after.

        ``triples`` is a ``TripleSink`` from the builder (its lines are handed over and emptied:
        a national graph's text is not kept twice) or any iterable of rdflib triples.
        """
        if isinstance(triples, TripleSink):
            lines = triples.each_line()  # copied into the source's graph line by line
            triples.lines.clear()
            triples.shared.clear()
            count = len(lines)
        else:
            lines = []
            try:
                for triple in triples:
                    lines.append(nt.line(tuple(map(nt.from_rdflib, triple))))
            except TypeError as exc:
                raise StoreError(f"nothing was written: {exc}") from None
            count = len(lines)
        ledger = source_file_iri(locator)
        return self._write_sources(lambda write: write(ledger, lines, ""), {ledger: ""}, count,
                                   append)

    def add_n_triples(self, data: str, count: int, locator: str = "", *,
                      append: bool = False) -> tuple[int, int]:
        """Add an N-Triples document of ``count`` triples as what the source at ``locator``
        says, in one write; counts before and after."""
        ledger = source_file_iri(locator)
        return self._write_sources(lambda write: write(ledger, [data], ""), {ledger: ""}, count,
                                   append)

    def _foreign_graphs(self, leaving: dict[str, str]) -> list[str]:
        """The graphs of sources that are not files of records (RDF files, triples added from
        Python), other than ``leaving``'s."""
        found = []
        for graph in self.oxigraph.named_graphs():
            if isinstance(graph, ox.NamedNode) and graph.value != _CACHE_GRAPH and \
                    graph.value not in leaving and not any(self.oxigraph.quads_for_pattern(
                        graph, _TYPE, _SOURCE_FILE, ox.DefaultGraph())):
                found.append(graph.value)
        return sorted(found)

    def _bulk(self, count: int) -> bool:
        """Whether a write of ``count`` triples goes through the bulk loader."""
        return self.path is not None and count >= BULK_LOAD_FROM

    def _write_sources(self, parts, replaced: dict[str, str], count: int, append: bool,
                       finish=None, while_counting=None) -> tuple[int, int]:
        """Write what each source says into the data, and what it says of nodes other sources
        may share into the source's own graph, as one atomic change. ``parts(write)`` calls
        ``write(graph IRI, N-Triples chunks, scope, shared=None, send=False)`` for each source,
        as often as it likes (the chunks are emptied on the way; ``shared``: those of the lines
        that are shared, else ``_shared`` finds them; ``send``: see ``_bulk_load_chunks``);
        ``replaced`` maps each source's graph to its scope.

        Triples about a node only that source can name (its scope is in the node's IRI: its
        bids, memberships and rows) are found again through the source's rows, so its graph
        need not copy them. Unless ``append``, each source's earlier triples go first (those
        no other source says too). Small writes are one SPARQL update, so one Oxigraph
        transaction; big ones into a store directory go to the bulk loader, guarded by a
        checkpoint (see ``_bulk_write``), which also covers ``finish()``, run after the write.
        """
        before = self.triple_count()
        forget = "" if append else _forget(replaced, self._foreign_graphs(replaced))
        if self.path is not None:
            _WRITES[str(self.path)] = "begun"
        try:
            if self._bulk(count):
                self._bulk_write(lambda out: parts(
                    lambda ledger, chunks, scope, shared=None, send=False: _quads(
                        out, ledger, chunks, scope, shared, send)),
                    first=_STEP.join(filter(None, [forget, cache.new_version_update()])),
                    finish=finish)
            else:
                with status(f"Writing {count:,} triples to Oxigraph"):
                    data: list[str] = []

                    def write(ledger: str, chunks: list[str], scope: str,
                              shared: list[str] | None = None, send: bool = False) -> None:
                        lines = _lines(chunks)
                        data.extend(lines)
                        data.append(f"GRAPH <{ledger}> {{\n")
                        data.extend(_shared(lines, scope) if shared is None else shared)
                        data.append("}\n")
                    parts(write)
                    update = [forget] if forget else []
                    update.append("INSERT DATA {\n" + "".join(data) + "}")
                    update.append(cache.new_version_update())
                    self.oxigraph.update(" ;\n".join(update))
                if finish is not None:
                    finish()
        except (SyntaxError, ValueError, OSError) as exc:
            raise StoreError(f"nothing was written: the store refused the data ({exc})") from None
        if self.path is not None:
            _WRITES[str(self.path)] = "finished"
        if while_counting is None:
            with status("Counting the triples"):
                return before, self.triple_count()
        # Oxigraph lets go of Python's lock while it counts: the count runs beside the work
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            counted = pool.submit(self.triple_count)
            while_counting()
            with status("Counting the triples"):
                return before, counted.result()

    def sources(self) -> list[dict]:
        """Every file the store holds facts from, by locator: its content digest, and how many
        bids and memberships its rows gave (an RDF file: the triples of its own graph)."""
        _, rows = self.select("""
            PREFIX pkg: <https://w3id.org/partnerkg/>
            PREFIX prov: <http://www.w3.org/ns/prov#>
            PREFIX dcterms: <http://purl.org/dc/terms/>
            PREFIX org: <http://www.w3.org/ns/org#>
            SELECT ?file ?where (SAMPLE(?digest) AS ?d) (COUNT(DISTINCT ?bid) AS ?bids)
                   (COUNT(DISTINCT ?membership) AS ?memberships)
            WHERE {
              ?file a pkg:SourceFile ; pkg:locator ?where .
              OPTIONAL { ?file pkg:contentDigest ?digest }
              OPTIONAL { ?row dcterms:isPartOf ?file .
                         OPTIONAL { ?bid a pkg:Bid ; prov:wasDerivedFrom ?row }
                         OPTIONAL { ?membership a org:Membership ; prov:wasDerivedFrom ?row } }
            } GROUP BY ?file ?where ORDER BY ?where""")
        found = [{"locator": str(where), "digest": str(digest) if digest else "",
                  "bids": int(bids), "memberships": int(memberships), "triples": None}
                 for _, where, digest, bids, memberships in rows]
        for graph in self._foreign_graphs({}):
            triples = sum(1 for _ in self.oxigraph.quads_for_pattern(
                None, None, None, ox.NamedNode(graph)))
            found.append({"locator": graph, "digest": "", "bids": None, "memberships": None,
                          "triples": triples})
        return found

    def remove_source(self, locator: str) -> tuple[int, int]:
        """Take out what the file at ``locator`` said, as one atomic change: what another
        source says too stays. Returns triple counts before and after; StoreError when the
        store holds nothing from that file.

        A body still named in other files keeps a name (see ``_name_the_unnamed``).
        """
        ledger = source_file_iri(locator)
        if not any(self.oxigraph.quads_for_pattern(ox.NamedNode(ledger), None, None)):
            known = ", ".join(f["locator"] for f in self.sources()) or "none"
            raise StoreError(f"the store holds nothing from {locator} (its files: {known})")
        before, _ = self._write_sources(lambda write: None, {ledger: _scope(locator)}, 0,
                                        append=False)
        self._name_the_unnamed()
        return before, self.triple_count()

    def _name_the_unnamed(self) -> None:
        """Give a name back to each organisation still in a bid that lost its ``prefLabel``
        when the file that first named it was replaced or taken out (the files after it name
        it only where they spell it otherwise): the register's name for a register body, else
        the spelling of another file that no alternative label holds."""
        unnamed = self.select("""
            PREFIX org: <http://www.w3.org/ns/org#>
            PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
            PREFIX pkg: <https://w3id.org/partnerkg/>
            SELECT DISTINCT ?org ?name WHERE {
              ?m org:member ?org .
              FILTER NOT EXISTS { ?org skos:prefLabel ?any }
              ?match pkg:matchedOrganisation ?org ; pkg:sourceName ?name .
              FILTER NOT EXISTS { ?org skos:altLabel ?name }
            } ORDER BY ?org ?name""")[1]
        register = self.register()
        names: dict[str, str] = {}
        for org, name in unnamed:
            body = register.get(str(org).rsplit("/", 1)[-1])
            names.setdefault(str(org), body.name if body is not None else str(name))
        if names:
            update = "INSERT DATA {\n" + "".join(
                f"<{org}> <{SKOS.prefLabel}> {nt.literal(name)} .\n"
                for org, name in sorted(names.items())) + "}"
            self.oxigraph.update(update + _STEP + cache.new_version_update())

    def data_version(self) -> str | None:
        """The data version (see ``cache``): a store without one is given one now, unless it
        is open read-only (then None, and kept results are keyed by a digest of the data)."""
        return cache.version(self.oxigraph, stamp=not self.read_only)

    def triple_count(self) -> int:
        """Triples of the data (the sources' own graphs and kept results not counted)."""
        for row in self.oxigraph.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"):
            return int(row[0].value)
        return 0

    def _bulk_write(self, produce, first: str = "", finish=None) -> None:
        """Run the SPARQL update ``first`` (if any, step by step), then bulk-load the N-Quads that
        ``produce(out)`` gives, ``out`` taking lists of lines, then ``finish()`` if given.

        Guarded by a checkpoint of the store taken just before: if the load fails, or
        ``produce`` does, the checkpoint is put back, so a failure leaves the store as it was.
        Until the write has finished, readers read the checkpoint (see ``_open_while_written``).
        The lines reach Oxigraph in chunks, each loaded on a thread of its own while the next
        is built (see ``_bulk_load_chunks``).
        """
        _, checkpoint, done = _debris_names(self.path, owner_mark())
        try:
            if checkpoint.exists():
                shutil.rmtree(checkpoint)
            self.oxigraph.backup(str(checkpoint))
            try:
                # step by step: one transaction holding every deletion is several times slower,
                # and the checkpoint already makes the whole write atomic
                for step in first.split(_STEP) if first else ():
                    self.oxigraph.update(step)
                self._bulk_load_chunks(produce)
                if finish is not None:
                    finish()
            except BaseException:
                # no loader thread runs any more (``_bulk_load_chunks`` waits for them), and
                # no signal may stop the checkpoint half put back
                with _signals_held():
                    self._reopen(restore_from=checkpoint)
                raise
            done.touch()  # from here on the new state stands, whatever happens next
            _WRITES[str(self.path)] = "finished"
        finally:
            if checkpoint.exists():
                shutil.rmtree(checkpoint)
            done.unlink(missing_ok=True)

    def _bulk_load_chunks(self, produce) -> None:
        """Bulk-load what ``produce(out)`` hands ``out``, a chunk of about ``CHUNK_CHARS`` at a
        time, on ``LOADER_THREADS`` threads of their own (Oxigraph lets go of Python's lock
        meanwhile) while ``produce`` builds the next.

        Oxigraph's loader sorts and writes what one call gives only once that call's input has
        ended: one call fed through a pipe starts its work when the last line is in, several
        calls work while the lines are built. A chunk ends only between two lists handed to
        ``out``: each call renames blank nodes apart, so one document's lines go in one list.
        At most four chunks wait, so memory does not grow with the data. ``out(lines, True)``
        sends what it holds at once, whatever its size: the producer has a long step to take.
        """
        chunks: queue.Queue = queue.Queue(maxsize=4)
        failure: list[BaseException] = []
        abandoned = threading.Event()

        def load() -> None:
            while (chunk := chunks.get()) is not None:
                if failure or abandoned.is_set():
                    continue  # taken off the queue so that the writer is never held
                try:
                    self.oxigraph.bulk_load(input=chunk, format=ox.RdfFormat.N_QUADS)
                except BaseException as exc:  # handed to the writing thread below
                    failure.append(exc)

        loaders = [threading.Thread(target=load, name=f"partnerkg-bulk-load-{i}", daemon=True)
                   for i in range(LOADER_THREADS)]
        for loader in loaders:
            loader.start()
        pending: list[str] = []
        size = 0

        def send() -> None:
            nonlocal size
            if pending:
                # while the loaders are busy with what is queued, take up work the build
                # will need later, rather than wait (see ``core.idle``)
                idle.step_while(chunks.full)
                chunks.put("".join(pending).encode("utf-8"))
                pending.clear()
                size = 0

        def out(lines: list[str], now: bool = False) -> None:
            nonlocal size
            if failure:
                raise _LoaderFailed
            text = "".join(lines)
            pending.append(text)
            size += len(text)
            if size >= CHUNK_CHARS or now:
                send()

        try:
            produce(out)
            send()
        except _LoaderFailed:
            pass  # the loader's own error is raised below
        except BaseException:
            abandoned.set()
            raise
        finally:
            # the store is put back only once the loader has stopped writing into its folder:
            # a signal here waits
            with status("Writing triples to Oxigraph"), _signals_held():
                for loader in loaders:
                    chunks.put(None)
                for loader in loaders:
                    loader.join()
        if failure:
            raise failure[0]

    def _reopen(self, restore_from: Path) -> None:
        """Close the store, put ``restore_from`` in its place, and open it again."""
        self.graph.close()
        del self.graph, self.oxigraph
        _put_back(self.path, restore_from)
        self._attach(ox.Store(str(self.path)))
        _remove_loader_debris(self.path)

    def select(self, sparql: str) -> tuple[list[str], list[tuple]]:
        """Variables and rows of a SELECT query as plain Python strings (None when unbound).

        Straight from Oxigraph, without making rdflib terms: the fast path for big reads.
        """
        try:
            result = self.oxigraph.query(sparql)
        except (SyntaxError, ValueError, RuntimeError) as exc:
            raise QueryError(f"the query failed: {exc}") from None
        names = [v.value for v in result.variables]
        rows = [tuple([term.value if term is not None else None for term in row])
                for row in result]
        del result  # Oxigraph's result must be freed on the thread that made it
        return names, rows

    def select_all(self, queries: list[str], progress: str | None = None,
                   workers: int | None = None) -> list[list[tuple]]:
        """The rows of several SELECT queries, run side by side (see ``select``), ``workers``
        at a time (default: all at once), in order; with ``progress``, a bar so described
        counts the queries answered.

        Oxigraph answers without holding Python's lock, so the queries use every core.
        Garbage collection is paused meanwhile: Oxigraph objects left over from earlier queries
        must be freed on the thread that made them, never by a collection started in a worker.
        """
        if not queries:
            return []
        collecting = gc.isenabled()
        gc.disable()
        try:
            with ThreadPoolExecutor(max_workers=min(workers or len(queries),
                                                    len(queries))) as pool:
                answers = pool.map(lambda sparql: self.select(sparql)[1], queries)
                return list(track(answers, progress, total=len(queries), min_items=1)
                            if progress else answers)
        finally:
            if collecting:
                gc.enable()

    def query(self, sparql: str, bindings: dict | None = None) -> Result:
        """Run SPARQL on the graph; ``bindings`` bind variables to RDF terms (never text).

        Oxigraph answers; the answer is read into an rdflib ``Result``.
        """
        try:
            answer = self.oxigraph.query(
                sparql, prefixes=self._prefixes(),
                substitutions={ox.Variable(str(k)): to_ox(v) for k, v in (bindings or {}).items()})
            result = _result(answer)
            del answer  # Oxigraph's result must be freed on the thread that made it
            return result
        except SyntaxError as exc:
            raise QueryError(f"the SPARQL does not parse: {exc}{_pointed(sparql, exc)}") \
                from None
        except (ValueError, TypeError, RuntimeError, OSError) as exc:
            raise QueryError(f"the query failed: {exc}") from None

    def _prefixes(self) -> dict[str, str]:
        """The prefixes a query may use undeclared (the graph's bound namespaces)."""
        return {prefix: str(namespace) for prefix, namespace in self.graph.namespaces()}

    def to_memory(self) -> Graph:
        """A plain in-memory copy, for serialisers and SHACL.

        Literals are put in one canonical form (plain strings without ``^^xsd:string``,
        decimals as ``1200000.0``) so that every serialisation reads back to an equal graph.
        """
        copy = Graph()
        for prefix, namespace in self.graph.namespaces():
            copy.bind(prefix, namespace)
        for s, p, o in self.graph:
            copy.add((s, p, _canonical(o)))
        return copy


#: The prefixes bound on every store, beside rdflib's own (``known_prefixes``).
PREFIXES = {"pkg": "https://w3id.org/partnerkg/", "org": "http://www.w3.org/ns/org#",
            "prov": "http://www.w3.org/ns/prov#"}


def known_prefixes() -> dict[str, str]:
    """Every prefix a query run on a store may use without declaring it: rdflib's bound
    namespaces and ``PREFIXES`` (what ``Store.query`` passes to Oxigraph)."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return {prefix: str(namespace) for prefix, namespace in graph.namespaces()}


class _LoaderFailed(Exception):
    """The bulk loader failed on a chunk: what is left to build is not built."""


def _result(answer) -> Result:
    """An Oxigraph answer as an rdflib ``Result``. Each distinct term becomes an rdflib term
    once: a table repeats sectors, names and counts."""
    terms: dict = {}

    def term_of(term):
        if term not in terms:
            terms[term] = from_ox(term)
        return terms[term]

    if isinstance(answer, ox.QueryBoolean):
        result = Result("ASK")
        result.askAnswer = bool(answer)
    elif isinstance(answer, ox.QueryTriples):
        result = Result("CONSTRUCT")
        result.graph = Graph()
        for triple in answer:
            result.graph.add((term_of(triple.subject), term_of(triple.predicate),
                              term_of(triple.object)))
    else:
        result = Result("SELECT")
        result.vars = [Variable(v.value) for v in answer.variables]
        result.bindings = [{v: term_of(t) for v, t in zip(result.vars, row) if t is not None}
                           for row in answer]
    return result


def to_ox(term):
    """An rdflib term as an Oxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        return ox.Literal(str(term), language=term.language,
                          datatype=ox.NamedNode(term.datatype) if term.datatype else None)
    raise QueryError(f"cannot bind {term!r}: not an RDF term")


def from_ox(term):
    """An Oxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _pointed(text: str, exc: SyntaxError) -> str:
    """The line a syntax error is on, with a caret under its column ("" when unknown): Oxigraph
    says what it expected ("[_]" is a blank node), not what it found."""
    found = re.search(r"error at (\d+):(\d+)", str(exc))
    line, column = (int(found[1]), int(found[2])) if found else (exc.lineno, exc.offset)
    lines = text.splitlines()
    if not line or not column or line > len(lines):
        return ""
    shown = lines[line - 1].expandtabs(1)
    return f"\n  {shown}\n  {' ' * (column - 1)}^ here"


def _canonical(term):
    if isinstance(term, Literal):
        if term.datatype == XSD.string:
            return Literal(str(term))
        if term.datatype == XSD.decimal:
            return decimal_literal(str(term))
    return term

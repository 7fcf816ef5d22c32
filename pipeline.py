"""The load pipeline: read, resolve, build, write.

Takes source files (any format ``loaders`` reads) and a store; hands on a ``LoadSummary``.
Every file is read and checked before the store is touched, so bad input leaves a store as it
was. ``KnowledgeGraph`` is the public face: a store (``graph.store.Store``) that can load files.

>>> kg = KnowledgeGraph.bundled()
>>> len(kg) > 1000
True
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from rdflib import RDF
from rdflib.namespace import SKOS

from .core.errors import LoaderError
from .core.records import RdfText, Records, bid_ref
from .data import bundled_paths
from .data.synth import write_synthetic_csv
from .ontology import ID, ORG, PKG
from .graph.build import LoadTables, body_iri, vocabulary_graph
from .graph.tables import keep_loaded
from .graph.register_graph import register_graph
from .graph.store import STORE_ENV, Store, refuse_foreign_folder
from .graph.validate import validate_store
from .resolution.prefetch import NamesAhead
from .resolution.register import Register, read_aliases, read_mysociety_table
from .resolution.resolve import JOIN_KINDS, Resolver, default_resolver, needs_review

__all__ = ["KnowledgeGraph", "LoadSummary", "load", "load_into_store", "read_sources",
           "import_register_into_store", "add_register_into_store", "bundled_store"]


@dataclass(frozen=True)
class LoadSummary:
    files: int
    bids: int
    memberships: int
    triples_before: int
    triples_after: int
    skipped: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    #: How many distinct names each kind of decision other than an exact name settled
    #: (alias, normalised, fuzzy, identifier, suggestion, ambiguous, unmatched ...).
    decisions: dict = dataclasses.field(default_factory=dict)
    #: How many of the bids name no lead (their sources name the bodies, not who led).
    without_lead: int = 0

    @property
    def triples_added(self) -> int:
        return self.triples_after - self.triples_before

    def resolution_message(self) -> str:
        """What resolution did beyond exact names, in a line ("" when nothing): joins by rules
        by kind, suggestions not applied, names that stayed apart.

        >>> LoadSummary(1, 1, 2, 0, 9, decisions={"fuzzy": 2, "alias": 5, "suggestion": 1}
        ...             ).resolution_message()
        '7 names joined by rules (5 alias, 2 fuzzy), 1 suggestion not applied'
        """
        counts = self.decisions
        joined = {k: counts[k] for k in _JOIN_ORDER if counts.get(k)}
        parts = []
        if joined:
            total = sum(joined.values())
            parts.append(f"{total} name{'s' if total != 1 else ''} joined by rules ("
                         + ", ".join(f"{n} {k}" for k, n in joined.items()) + ")")
        for kind, one, many in (("suggestion", "suggestion not applied",
                                 "suggestions not applied"),
                                ("ambiguous", "ambiguous name kept apart",
                                 "ambiguous names kept apart")):
            if counts.get(kind):
                parts.append(f"{counts[kind]} {one if counts[kind] == 1 else many}")
        return ", ".join(parts)


_JOIN_ORDER = ("identifier",) + JOIN_KINDS


def count_decisions(records: list[Records]) -> dict[str, int]:
    """How many distinct (name, identifier) pairs each kind of decision settled, leaving out
    exact names and identifiers that come with their body's own name (``needs_review``)."""
    counts: dict[str, int] = {}
    seen = set()
    for part in records:
        for key, decision in part.resolutions.items():
            if key in seen:
                continue
            seen.add(key)
            if needs_review(decision.kind, decision.name,
                            decision.body.name if decision.body else None):
                counts[decision.kind] = counts.get(decision.kind, 0) + 1
    return counts


def read_sources(paths: list, *, format: str | None = None, programme: str | None = None,
                 sheet: str | None = None, strict: bool = False
                 ) -> tuple[list[Records], list[RdfText]]:
    """Read every file: records from the tabular and text ones, N-Triples text from the RDF
    ones (see ``loaders.rdf``), one item per file. Any error stops before anything is kept.

    A file named twice is read once. Prose is read with the bundled register as its gazetteer.
    """
    from .loaders import load_files, locate  # here: commands that read no file skip them
    from .loaders.rdf import is_rdf, read_rdf

    unique = list({locate(p): p for p in paths}.values())
    rdf_paths = [p for p in unique if is_rdf(p, format)]
    records = load_files([p for p in unique if not is_rdf(p, format)],
                         format=None if format == "rdf" else format, programme=programme,
                         gazetteer=default_resolver, sheet=sheet, strict=strict)
    _refuse_empty_names(records)
    rdf = []
    for path in rdf_paths:
        text, count = read_rdf(path)
        graph = _check_shapes(path, text)  # the file as written meets the shapes
        rdf.append(RdfText(locate(path), text, count,
                           _register_bodies_apart(path, graph) + _statements_not_followed(
                               path, graph),
                           bids=len(set(graph.subjects(RDF.type, PKG.Bid))),
                           memberships=len(set(graph.subjects(RDF.type, ORG.Membership)))))
    return records, rdf


def _refuse_empty_names(records: list[Records]) -> None:
    """LoaderError for an organisation named by no letter or digit ("-", "?"): such names fold
    to nothing, and two of them would be one body."""
    from .core.names import normalise_name

    for part in records:
        for member in part.participations:
            if not normalise_name(member.organisation):
                raise LoaderError(f"{member.organisation!r} has no letter or digit: it names no "
                                  "body (leave the row out, or write the body's name)",
                                  file=member.source.file, line=member.source.line)


def _register_names_kept(part: RdfText, register: Register) -> RdfText:
    """An RDF file cannot rename a register body, give it names that resolution would read
    as the register's, or change its sector: a ``skos:prefLabel`` or ``skos:altLabel`` it
    gives a register body's IRI, other than the body's own name, is kept as a
    ``skos:hiddenLabel`` (a name a source wrote, as a loaded file's spelling is), and a sector
    other than the body's is left out, each with a note. (An export of partnerkg's own
    carries its register bodies as they are, and loads unchanged.)"""
    import pyoxigraph as ox

    prefix = str(ID["org/"])
    if f"<{prefix}" not in part.text:
        return part
    from .ontology import SECTOR

    labels = {str(SKOS.prefLabel), str(SKOS.altLabel)}
    hidden = ox.NamedNode(str(SKOS.hiddenLabel))
    alias_of: dict[str, set[str]] = {}
    for alias, ident in register.aliases:
        alias_of.setdefault(ident, set()).add(alias)
    triples, notes = [], []
    for triple in ox.parse(part.text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
        subject = triple.subject.value if isinstance(triple.subject, ox.NamedNode) else ""
        body = register.get(subject[len(prefix):]) if subject.startswith(prefix) else None
        own = {body.name, *body.aliases, *alias_of.get(body.id, ())} if body else set()
        if (body is not None and isinstance(triple.object, ox.Literal)
                and (triple.predicate.value == str(SKOS.prefLabel) and
                     triple.object.value != body.name or triple.predicate.value in labels
                     and triple.object.value not in own)):
            # its own name as prefLabel and its own aliases as altLabels, as an export writes
            # them, load as they are
            notes.append(f"{Path(part.locator).name}: <{subject}> is the register's "
                         f"{body.name} ({body.id}); the file names it "
                         f"{triple.object.value!r}, kept as a name a source wrote "
                         "(skos:hiddenLabel), not as its name or alias")
            triple = ox.Triple(triple.subject, hidden, triple.object)
        elif (body is not None and triple.predicate.value == str(ORG.classification)
              and triple.object.value != str(SECTOR[body.sector])):
            notes.append(f"{Path(part.locator).name}: <{subject}> is the register's "
                         f"{body.name} ({body.id}), a body of sector {body.sector}; the "
                         f"file's sector <{triple.object.value}> is left out")
            continue
        triples.append(ox.Triple(triple.subject, triple.predicate, triple.object))
    if not notes:
        return part
    text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    return dataclasses.replace(part, text=text, notes=tuple(notes) + part.notes)


def _register_bodies_apart(path, graph) -> tuple[str, ...]:
    """Notes for organisations an RDF file names under IRIs of its own whose names the register
    knows: RDF keeps the nodes it is given, so they stay apart from the register's, said aloud.
    """
    resolver = default_resolver()
    notes = []
    for node in sorted(set(graph.subjects(RDF.type, ORG.Organization))):
        label = graph.value(node, SKOS.prefLabel)
        if label is None or str(node).startswith(str(ID)):
            continue
        found = resolver.resolve(str(label))
        if found.body is not None and found.kind in ("exact", "alias", "normalised"):
            notes.append(f"{Path(path).name}: <{node}> {str(label)!r} is named like the "
                         f"register's {found.body.name} ({found.body.id}) but kept as its own "
                         f"node (use <{body_iri(found.body.id)}> to make them one)")
    return tuple(notes)


def _statements_not_followed(path, graph) -> tuple[str, ...]:
    """Notes for what an RDF file says that partnerkg keeps but does not act on: ``owl:sameAs``
    between two nodes (they stay two organisations, each counted) and a node with more than
    one ``skos:prefLabel`` (reports show one of them)."""
    from rdflib import OWL

    name = Path(path).name
    notes = [f"{name}: <{a}> owl:sameAs <{b}> is kept but not followed: they stay two nodes, "
             "each counted; give them one IRI to make them one body"
             for a, b in sorted(graph.subject_objects(OWL.sameAs))]
    labelled: dict = {}
    for node, label in graph.subject_objects(SKOS.prefLabel):
        labelled.setdefault(node, []).append(str(label))
    notes += [f"{name}: <{node}> has {len(labels)} skos:prefLabel values "
              f"({', '.join(map(repr, sorted(labels)))}): reports show one of them; keep one "
              "and make the others skos:altLabel"
              for node, labels in sorted(labelled.items()) if len(labels) > 1]
    return tuple(notes)


def _check_shapes(path, text: str):
    """LoaderError unless an RDF file's triples (with the ontology) meet the shapes, as every
    other loader's records do: one lead per bid, amounts, programmes, sectors. Returns the
    file's graph (with the ontology)."""
    graph = vocabulary_graph().to_rdflib()
    graph.parse(data=text, format="nt")
    checked = Store()
    checked.add_n_triples(vocabulary_graph().n_triples() + text, len(graph))
    violations = validate_store(checked)
    if violations:
        kinds: dict[str, list] = {}
        for violation in violations:
            kinds.setdefault(violation.message, []).append(violation)
        shown = "; ".join(f"{message} ({len(found)} node(s), e.g. <{found[0].focus}>)"
                          for message, found in sorted(kinds.items()))
        raise LoaderError(f"breaks the ontology's shapes {len(violations)} time(s): {shown}",
                          file=str(path))
    return graph


def load(paths, store: Store, *, format: str | None = None, programme: str | None = None,
         aliases: str | Path | None = None, append: bool = False,
         as_same: bool = False) -> LoadSummary:
    """Read every file, resolve its names against ``store``'s register (and ``aliases``), build
    the triples and write them to ``store`` in one atomic write.

    RDF files add their triples as they are; the rest become records first. A file loaded
    before (the same path) replaces what it said then, unless ``append``; with ``as_same``, so
    does a file whose bytes equal a file loaded under another path (it is loaded as that one).
    """
    from .loaders import files_in

    paths, notes = files_in(paths, format)
    records, rdf = read_sources(paths, format=format, programme=programme)
    # aliases are checked before writing
    return _with_notes(_write(paths, records, rdf, store, aliases, append, as_same), notes)


def _with_notes(summary: LoadSummary, notes: list[str]) -> LoadSummary:
    """``summary`` with ``notes`` (on the files of folders left out) before its own."""
    return dataclasses.replace(summary, notes=tuple(notes) + summary.notes)


def _write(paths: list, records: list[Records], rdf: list[RdfText], store: Store,
           aliases, append: bool, as_same: bool = False, ahead: NamesAhead | None = None
           ) -> LoadSummary:
    # an in-memory store without aliases resolves against the bundled register (made once)
    resolver = store.resolver(aliases) if aliases or store.path is not None else None
    if ahead is not None and resolver is not None:
        resolver.expect(ahead)  # taken while the build waits on the store
    register = resolver.register if resolver is not None else default_resolver().register
    rdf = [_register_names_kept(part, register) for part in rdf]
    copies = _loaded_elsewhere(store, records, as_same) + _one_programme_spelling(store, records)
    if append:
        _refuse_second_amounts(store, records)
    tables = LoadTables()
    before, after = store.add_records(records, resolver, rdf, append=append, tables=tables,
                                      while_counting=lambda: keep_loaded(store, tables))
    return LoadSummary(files=len(paths),
                       bids=sum(len(r.bids) for r in records) + sum(r.bids for r in rdf),
                       memberships=sum(len(r.participations) if r.memberships_made is None
                                       else r.memberships_made for r in records) +
                       sum(r.memberships for r in rdf),
                       triples_before=before, triples_after=after,
                       skipped=tuple(s for r in records for s in r.skipped),
                       notes=tuple(copies) + tuple(n for r in records for n in r.notes) +
                       tuple(n for r in rdf for n in r.notes),
                       decisions=count_decisions(records),
                       without_lead=sum(len(r.without_lead()) for r in records))


def _one_programme_spelling(store: Store, records: list[Records]) -> list[str]:
    """Write each programme one way, whatever its case: the store's spelling, else the first
    file's. "FUND A" of one file and "Fund A" of another are one programme with one name
    (README); a note says which spelling was kept. Changes ``records`` in place."""
    _, rows = store.select("SELECT ?label WHERE { ?p a <https://w3id.org/partnerkg/"
                           "FundingProgramme> ; <http://www.w3.org/2004/02/skos/core#prefLabel> "
                           "?label } ORDER BY ?label")
    kept: dict[str, str] = {}
    for (label,) in rows:
        kept.setdefault(str(label).casefold(), str(label))
    notes = []
    for part in records:
        written = {b.programme for b in part.bids.values()} | {r.programme for r in part.rounds}
        renamed = {}
        for programme in sorted(written):
            spelling = kept.setdefault(programme.casefold(), programme)
            if spelling != programme:
                renamed[programme] = spelling
        if not renamed:
            continue
        bids, old_refs = {}, {}
        for ref, bid in part.bids.items():
            bid.programme = renamed.get(bid.programme, bid.programme)
            old_refs[ref] = bid_ref(bid.key, bid.programme)
            bids[old_refs[ref]] = bid
        part.bids.clear()
        part.bids.update(bids)
        part.participations[:] = [dataclasses.replace(p, bid_key=old_refs.get(p.bid_key,
                                                                              p.bid_key))
                                  for p in part.participations]
        part.rounds[:] = [dataclasses.replace(r, programme=renamed.get(r.programme, r.programme))
                          for r in part.rounds]
        notes += [f"{part.locator or 'records'}: programme {said!r} is written {spelling!r}, "
                  "as the store or another file of this load writes it (one programme)"
                  for said, spelling in renamed.items()]
    return notes


def _refuse_second_amounts(store: Store, records: list[Records]) -> None:
    """LoaderError when ``--append`` would give a bid a second amount (a corrected file added
    to the first: totals would add both); the store stays as it was."""
    from .graph.build import bid_iri

    for part in records:
        for bid in part.bids.values():
            if bid.amount is None:
                continue
            node = bid_iri(bid.key, bid.programme, part.locator)
            _, rows = store.select(f"SELECT ?a WHERE {{ <{node}> "
                                   "<https://w3id.org/partnerkg/amountAwarded> ?a }")
            earlier = [Decimal(str(row[0])) for row in rows]
            if earlier and bid.amount not in earlier:
                raise LoaderError(
                    f"bid {bid.key!r} has amount {bid.amount} here, but the store already holds "
                    f"{earlier[0]} for it from this file: --append would give it two amounts "
                    "that every total adds; load without --append to replace what the file "
                    "said", file=bid.source.file, line=bid.source.line, column="amount")


def _loaded_elsewhere(store: Store, records: list[Records], as_same: bool = False
                      ) -> list[str]:
    """A note for each file whose bytes equal a file the store already holds under another
    path (moved, copied, linked): its facts would count twice. With ``as_same`` it is loaded
    as that file instead (its locator taken, so it replaces what that file said): changes
    ``records`` in place."""
    import re

    notes = []
    for part in records:
        if not part.origin or not re.fullmatch(r"[0-9a-f]+", part.origin):
            continue
        _, rows = store.select(
            "SELECT DISTINCT ?where WHERE { ?file <https://w3id.org/partnerkg/contentDigest> "
            f"\"{part.origin}\" ; <https://w3id.org/partnerkg/locator> ?where }} ORDER BY ?where")
        others = [str(row[0]) for row in rows if str(row[0]) != part.locator]
        if not others or (as_same and part.locator in {str(row[0]) for row in rows}):
            continue  # new, or (--as-same) already loaded under this path too: it replaces it
        if as_same:
            also = (f" (the store holds it under {len(others) - 1} more path"
                    f"{'s' if len(others) > 2 else ''} too: unload those)"
                    if len(others) > 1 else "")
            notes.append(f"{part.locator} has the same content as {others[0]}: loaded as that "
                         f"file (--as-same), so it replaces what that file said{also}")
            part.locator = others[0]
        else:
            notes.append(f"{part.locator} has the same content as {others[0]}, loaded before "
                         "under that path: its facts are now in the store twice and every count "
                         "takes them twice; load it with --as-same to load it as that file, or "
                         "unload one of the two")
    return notes


def unload_from_store(files, store: str | Path, *, wait: float | None = None
                      ) -> tuple[int, int]:
    """Take out of ``store`` what each of ``files`` said (a path, even of a file since deleted,
    or a locator as ``partnerkg sources`` lists it), as if it had never been loaded. Returns
    triple counts before and after; StoreError (store unchanged) for a file it does not hold.
    """
    from .graph.store import require_store
    from .loaders import locate

    require_store(store)
    with Store(store, wait=wait) as target:
        held = {f["locator"] for f in target.sources()}
        locators = [str(f) if str(f) in held else locate(f) for f in files]
        missing = [str(f) for f, where in zip(files, locators) if where not in held]
        if missing:
            from .core.errors import StoreError

            raise StoreError(f"the store holds nothing from {', '.join(missing)} (partnerkg "
                             "sources lists its files); nothing was taken out")
        before = after = None
        for where in locators:
            first, after = target.remove_source(where)
            before = first if before is None else before
        return before, after


def load_into_store(paths, store: str | Path, *, format: str | None = None,
                    programme: str | None = None, aliases: str | Path | None = None,
                    append: bool = False, wait: float | None = None, sheet: str | None = None,
                    strict: bool = False, as_same: bool = False) -> LoadSummary:
    """Load files into the store directory ``store``, creating it if needed (``sheet`` and
    ``strict``: see ``loaders.load_file``).

    Every file is read and checked before the store is opened, so bad input leaves an existing
    store as it was and creates no new one.
    """
    from .core.resources import check_load
    from .loaders import files_in

    from .graph.cache import collector_paused

    refuse_foreign_folder(store)  # before reading: the answer does not depend on the files
    paths, notes = files_in(paths, format)
    check_load(paths, store)  # memory and disk, before minutes of reading
    # a load makes millions of objects and few cycles: without the collector's full passes
    # over them, 10-15% faster at M and L, with the same peak memory
    # the names of large files are resolved on the other core while this one reads them
    ahead = NamesAhead.start(paths, aliases) if format in (None, "csv") else None
    try:
        with collector_paused():
            records, rdf = read_sources(paths, format=format, programme=programme,
                                        sheet=sheet, strict=strict)
            if aliases and not Path(store).exists():
                # a new store's register is the bundled one: check the file before it is made
                read_aliases(aliases, Register.default())
            with Store(store, wait=wait) as target:
                return _with_notes(_write(paths, records, rdf, target, aliases, append,
                                          as_same, ahead), notes)
    finally:
        if ahead is not None:
            ahead.stop()


@contextlib.contextmanager
def bundled_store():
    """A temporary store directory holding the bundled dataset, removed on leaving: what
    ``serve`` serves when given no store."""
    from .core.files import temporary_folder

    with temporary_folder("partnerkg-bundled-") as folder:
        store = folder / "tca"
        load_into_store(bundled_paths(), store)
        yield store


def import_register_into_store(path: str | Path, store: str | Path, *,
                               wait: float | None = None) -> int:
    """Import a mySociety-format authority table into ``store``; the table is read first."""
    from .loaders import locate

    bodies = read_mysociety_table(path)
    _refuse_circular_successors(list(enumerate(bodies, start=2)), str(path))
    with Store(store, wait=wait) as target:
        target.add_graph(register_graph(bodies, Path(path).name), locate(path))
    return len(bodies)


def add_register_into_store(path: str | Path, store: str | Path, *,
                            wait: float | None = None) -> int:
    """Add the bodies of a register table (see ``resolution.register_table``) to ``store``'s
    register, so that names resolve to them and alias files may point at them. The table is
    read and checked against the register first, and the store stays as it was when a body
    would take a bundled body's place, an identifier the register gives another body (in any
    case, or as a GSS code), or a name or alias that already resolves to another body; or when
    a successor is nowhere or successors run in a circle. Adding the same file again replaces
    what it added (a name corrected there is taken)."""
    from .loaders import locate
    from .resolution.register_table import read_register_table

    lines = read_register_table(path)
    bodies = [body for _, body in lines]
    name = str(path)
    bundled = Register.default()
    with Store(store, wait=wait) as target:
        register = target.register()
        mine = set(bodies_added_by(target, Path(path).name))  # this file's, added before
        others = Register({i: b for i, b in register.bodies.items()
                           if i not in mine and i not in {b.id for b in bodies}},
                          list(register.aliases))
        resolver = Resolver(others)
        ids = {b.id for b in bodies}
        for line, body in lines:
            known = bundled.get(body.id) or others.find(body.id)
            if known is not None:
                raise LoaderError(f"identifier {body.id} is the register's {known.name} "
                                  f"({known.id}): give {body.name!r} its own identifier",
                                  file=name, line=line, column="identifier")
            for text in (body.name, *body.aliases):
                found = resolver.lookup(text)
                if found is not None:
                    raise LoaderError(f"{text!r} already names the register's "
                                      f"{found.body.name} ({found.body.id}, by its "
                                      f"{found.kind} rule): one name, one body", file=name,
                                      line=line)
            for successor in body.successors:
                if successor not in ids and register.get(successor) is None:
                    raise LoaderError(f"successor {successor!r} is neither in this table nor "
                                      "in the register", file=name, line=line,
                                      column="successor")
        _refuse_circular_successors(lines, name)
        target.add_graph(register_graph(bodies, Path(path).name, coordinates=True),
                         locate(path))
    return len(bodies)


def bodies_added_by(store: Store, file_name: str) -> list[str]:
    """The identifiers of the register bodies an earlier ``register add`` of ``file_name``
    added to ``store``."""
    from rdflib.namespace import PROV

    from .core.names import slugify

    source = ID[f"source/{slugify(file_name)}/register"]
    return sorted(str(i) for node in store.graph.subjects(PROV.wasDerivedFrom, source)
                  for i in store.graph.objects(node, PKG.identifier))


def _refuse_circular_successors(lines, name: str) -> None:
    """LoaderError when the successors a table gives run in a circle (A by B, B by A)."""
    successors = {body.id: body.successors for _, body in lines}
    line_of = {body.id: line for line, body in lines}
    for start in successors:
        seen, todo = set(), list(successors[start])
        while todo:
            current = todo.pop()
            if current == start:
                raise LoaderError(f"the successors of {start!r} lead back to it", file=name,
                                  line=line_of[start], column="successor")
            if current not in seen:
                seen.add(current)
                todo.extend(successors.get(current, ()))


def write_synthetic_data(path: str | Path, *, bids: int, organisations: int, seed: int = 1,
                         variants: float = 0.0) -> int:
    """Synthetic partnership data (see ``data.synth``) whose bodies the bundled register takes
    for none of its own: loaded, it names exactly ``organisations`` organisations. Returns the
    number of rows written."""
    resolver = default_resolver()

    def taken(names: list[str]) -> set[str]:
        resolver.resolve_all(names)
        return {name for name in names if resolver.resolve(name).kind != "unmatched"}
    return write_synthetic_csv(path, bids=bids, organisations=organisations, seed=seed,
                               variants=variants, taken=taken)


class KnowledgeGraph(Store):
    """A partnership graph on an Oxigraph store, loading files through the pipeline.

    ``KnowledgeGraph(path)`` opens (or creates) a store directory; ``KnowledgeGraph()`` keeps
    the graph in memory; ``KnowledgeGraph.bundled()`` is the bundled TCA dataset in memory.
    """

    @classmethod
    def bundled(cls) -> "KnowledgeGraph":
        kg = cls()
        kg.load(bundled_paths())
        return kg

    @classmethod
    def open(cls, store: str | Path | None) -> "KnowledgeGraph":
        """The store at ``store``, else the one named by $PARTNERKG_STORE, else the bundled data."""
        store = store or os.environ.get(STORE_ENV)
        return cls(store, create=False, read_only=True) if store else cls.bundled()

    def load(self, paths, *, format: str | None = None, programme: str | None = None,
             aliases: str | Path | None = None, append: bool = False,
             as_same: bool = False) -> LoadSummary:
        """Read every file first (any error stops before the store is touched), then add
        (a file loaded before replaces what it said then, unless ``append``; ``as_same``: see
        ``load``)."""
        return load(paths, self, format=format, programme=programme, aliases=aliases,
                    append=append, as_same=as_same)

"""Records to RDF: the only module that knows which ontology terms a record becomes.

IRIs come from identifiers and normalised names, never counters, so the same records always
give the same graph and loading a file twice adds nothing. Every organisation name goes through
resolution against the register: a resolved name becomes the register body's node (IRI from its
org-id), an unresolved one its own node, and either way a ``pkg:NameMatch`` records the name as
written, the organisation it became, the kind of match and its score, and the rows it was read
from. Each membership points to its name match and to the source row it was read from.

Triples are built as N-Triples text (see ``nt``): a national dataset has millions of them, and
rdflib terms would cost most of a load.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
import hashlib
import itertools

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from ..core import idle
from ..core.names import iri_segment as _segment
from ..core.names import normalise_name, slugify
from ..core.progress import track
from ..core.records import LEAD, Participation, Records, Source
from ..ontology import GEO, ID, ORG, PKG, PROV, SECTOR, ontology_path
from ..resolution.register import Body, Register, clean_identifier
from ..resolution.resolve import Resolver, default_resolver, guess_sector, organisation_key
from . import nt

__all__ = ["build_graph", "build_triples", "TripleSink", "decimal_literal", "bid_iri",
           "source_key", "source_file_iri", "area_iri",
           "organisation_iri", "body_iri", "programme_iri", "round_iri", "add_body",
           "REGISTER_SOURCE", "vocabulary_graph", "LoadTables"]

_ID = str(ID)
_REGISTER_SOURCE_PATH = "source/register"
#: The ONS's linked-data IRIs of statistical geographies, by GSS code.
_AREA_BASE = "http://statistics.data.gov.uk/id/statistical-geography/"
_RDFS_LABEL = nt.iri("http://www.w3.org/2000/01/rdf-schema#label")


def area_iri(code: str) -> str:
    """The IRI of an area named by its GSS code (the ONS's own).

    >>> area_iri("E07000066")
    'http://statistics.data.gov.uk/id/statistical-geography/E07000066'
    """
    return _AREA_BASE + code
REGISTER_SOURCE = ID[_REGISTER_SOURCE_PATH]


class _Terms:
    """A namespace's terms as N-Triples text, looked up once each (typos still raise)."""

    def __init__(self, namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        value = nt.iri(str(getattr(self._namespace, name)))
        setattr(self, name, value)
        return value


_RDF, _ORG, _PKG, _PROV, _SKOS, _DCT, _GEO = (_Terms(n) for n in (RDF, ORG, PKG, PROV, SKOS,
                                                                  DCTERMS, GEO))


def _sector(key: str) -> str:
    return nt.iri(f"{SECTOR}{key}")


def sector_key(key: str) -> str:
    """The sector key of ``key`` as read back from its concept's IRI (its last segment)."""
    return nt.iri_value(_sector(key)).rsplit("/", 1)[-1]


# Paths under ID of each kind of node: the builder's N-Triples terms and the public rdflib
# IRIs below are both made from these, so the two can never disagree.
def _org_path(name: str, identifier: str = "") -> str:
    key = organisation_key(name, identifier)  # a name's key is a slug, already IRI-safe
    return f"org/{_segment(key) if identifier.strip() else key}"


def _body_path(identifier: str) -> str:
    return f"org/{_segment(identifier)}"


def _bid_path(key: str, programme: str = "", locator: str = "") -> str:
    """Bids are keyed within their programme and their source file: "b1" of two files are
    two bids, and the same file loaded again names the same ones."""
    scope = "/".join(part for part in (slugify(programme) if programme else "",
                                       source_key(locator) if locator else "") if part)
    return f"bid/{scope}/{_segment(key)}" if scope else f"bid/{_segment(key)}"


def source_key(locator: str) -> str:
    """A short readable key for a source file: its name and a digest of its locator.

    >>> source_key("/data/2015/bids.csv") != source_key("/data/2016/bids.csv")
    True
    >>> source_key("partnerkg:data/tca_bids.csv")
    'tca_bids.csv-f13bf4ae'
    """
    name = locator.rsplit("/", 1)[-1]
    return f"{_segment(name)}-{hashlib.sha256(locator.encode('utf-8')).hexdigest()[:8]}"


def source_file_iri(locator: str) -> str:
    """The IRI of a source file's node, which also names the graph of what it said."""
    return f"{_ID}source-file/{source_key(locator) if locator else 'records'}"


def _programme_path(programme: str) -> str:
    return f"programme/{slugify(programme)}"


def _round_path(programme: str, label: str) -> str:
    return f"round/{slugify(programme)}/{slugify(label)}"


def _node(path: str) -> str:
    """The N-Triples term of the node at ``path`` (unsafe characters percent-encoded)."""
    return nt.iri(_ID + path)


def _iri(path: str) -> URIRef:
    return URIRef(nt.iri_value(_node(path)))


def _local(node: str) -> str:
    """The last path segment of a node's IRI: its key."""
    return nt.iri_value(node).rsplit("/", 1)[-1]


def organisation_iri(name: str, identifier: str = "") -> URIRef:
    """The node of an organisation that is not in the register."""
    return _iri(_org_path(name, identifier))


def body_iri(identifier: str) -> URIRef:
    """The node of a register body, from its org-id identifier."""
    return _iri(_body_path(identifier))


def bid_iri(key: str, programme: str = "", locator: str = "") -> URIRef:
    """The node of bid ``key`` of ``programme`` read from the file at ``locator``."""
    return _iri(_bid_path(key, programme, locator))


def programme_iri(programme: str) -> URIRef:
    return _iri(_programme_path(programme))


def round_iri(programme: str, label: str) -> URIRef:
    return _iri(_round_path(programme, label))


def decimal_literal(value) -> Literal:
    """An xsd:decimal in canonical form ("1200000"), so every serialisation reads back equal.

    >>> str(decimal_literal(1200000)), str(decimal_literal("0.5"))
    ('1200000', '0.5')
    """
    return Literal(nt.canonical_decimal(value), datatype=URIRef(nt.XSD + "decimal"))


class TripleSink:
    """Triples being built, as N-Triples lines, with what the builder needs to remember.

    A list of texts, not a set of terms: a national file has millions of facts, and the store
    removes the few repeats itself. Each text is a line, or a row's lines made as one text
    (its source record, its membership); shared lines are always lines of their own. With
    ``out`` (a function taking a list of lines, the list
    of those among them that are ``shared``, and ``send``: whether the store should start on
    what it holds now rather than wait for more), ``flush`` hands the lines built so far to
    it, so that a store can load them while more are built.

    A line is shared when neither its subject nor its object is one of the file's own nodes
    (the nodes only it can name, with its ``scope`` in their IRI: rows, bids, memberships):
    what a file says of bodies, name matches and programmes, which other files may say too.
    The builder knows which lines those are as it makes them (``share`` rather than ``add``),
    so a store keeping them apart (``store._shared``) never reads every line again.
    """

    def __init__(self, out=None) -> None:
        self.lines: list[str] = []
        self.shared: list[str] = []  # the lines among ``lines`` that are shared
        self._out = out
        self.bodies: set[str] = set()  # register bodies added, by identifier
        self.body_nodes: set[str] = set()
        self.labels: dict[str, str] = {}  # organisation -> its prefLabel
        self.seen: set[str] = set()  # nodes whose own triples are already in
        #: What the build noticed that the user should know (one body written two ways).
        self.notes: list[str] = []
        #: How each (name, identifier) became its organisation (``Resolver.decide``).
        self.resolutions: dict[tuple[str, str], object] = {}
        #: The prefLabel an organisation node already has in the store, if any (so that a
        #: second file's spelling becomes an altLabel, not a second prefLabel).
        self.known_label = lambda node: None
        #: The source key of the file being built (see ``source_key``): every node that only
        #: this file can say anything of (its bids, memberships and rows) has it in its IRI.
        self.scope = ""
        #: How many memberships the records made (rows naming one body in one bid are one).
        self.memberships = 0
        #: What the build wrote of memberships and grants (see ``LoadTables``), if asked.
        self.tables: LoadTables | None = None

    def add(self, triple: tuple[str, str, str]) -> None:
        self.lines.append(f"{triple[0]} {triple[1]} {triple[2]} .\n")

    def share(self, triple: tuple[str, str, str]) -> None:
        """Add a shared line (see the class)."""
        line = f"{triple[0]} {triple[1]} {triple[2]} .\n"
        self.lines.append(line)
        self.shared.append(line)

    def flush(self, send: bool = False) -> None:
        """Hand the lines built so far to ``out`` (if there is one); with ``send``, before a
        long step that makes no lines (``out`` may then start on them at once)."""
        if self._out is not None and (self.lines or send):
            # without a scope no node is the file's own: every line is shared
            self._out(self.lines, self.shared if self.scope else self.each_line(), send)
            self.lines, self.shared = [], []

    def each_line(self) -> list[str]:
        """The lines held, one per triple (a row's lines are held as one text)."""
        return [line for text in self.lines for line in text.splitlines(keepends=True)]

    def n_triples(self) -> str:
        """The triples as one N-Triples document."""
        return "".join(self.lines)

    def to_rdflib(self) -> Graph:
        graph = Graph()
        graph.parse(data=self.n_triples(), format="nt")
        return graph


class LoadTables:
    """What a load wrote of its memberships and grants, gathered as the lines are built, so
    that a first load into an empty store can keep the tables every report reads (see
    ``tables.keep_loaded``) without reading millions of terms back.

    Only what reaches the store is noted: the labels, sectors and round names written (a node
    given two is noted too, and then nothing is kept: the store would hold both, and which one a
    report shows is the store's to say), each membership's bid, organisation, role and most
    sure source, each bid's label, round, amount and title, and each grant's funder.
    """

    def __init__(self) -> None:
        #: False once the store held something before, or a node was given two names.
        self.whole = True
        self.labels: dict[str, str] = {}  # node -> its prefLabel
        self.sectors: dict[str, str] = {}  # organisation -> its sector key
        self.confidence: dict[str, float] = {}  # source record -> its confidence
        #: membership -> [bid, organisation, leads, confidence or None]
        self.members: dict[str, list] = {}
        #: bid -> (label, round node or None, amount as the store writes it, title)
        self.bids: dict[str, tuple] = {}
        self.funders: dict[str, str] = {}  # grant -> its funder
        self.rounds: dict[str, str] = {}  # round -> its programme
        #: round -> (bids stated, amount stated as the store writes it), each None if unsaid
        self.stated: dict[str, list] = {}

    def label(self, node: str, text: str) -> None:
        if self.labels.setdefault(node, text) != text:
            self.whole = False

    def sector(self, node: str, key: str) -> None:
        if self.sectors.setdefault(node, key) != key:
            self.whole = False

    def state(self, node: str, which: int, value) -> None:
        """Note a total the sources state for round ``node`` (0: bids, 1: amount)."""
        stated = self.stated.setdefault(node, [None, None])
        if stated[which] is None:
            stated[which] = value
        elif stated[which] != value:
            self.whole = False


@lru_cache(maxsize=4096)
def _source_prefix(file: str, origin: str, scope: str) -> str:
    """The N-Triples text of a source record's IRI up to its line, without the closing ``>``:
    made once per file, as a national file has a million rows."""
    if scope:  # within its file's scope, so that what the file said can be found again
        part = f"{scope}/{origin or 'records'}"
    else:
        part = slugify(file) + (f"-{origin}" if origin else "")
    return _node(f"source/{part}/")[:-1]


def _source_node(source: Source, scope: str = "") -> str:
    """The N-Triples text of the node of ``source`` (a row, or a sentence of a line)."""
    prefix = _source_prefix(source.file, source.origin, scope)
    line = source.line if type(source.line) is int else nt.iri(str(source.line))[1:-1]
    if source.span is not None:  # several sentences may share a line of a text
        return f"{prefix}{line}/{int(source.span[0])}>"
    return f"{prefix}{line}>"


#: Literals written on every row, made once each (a file's name, a confidence, a method).
_row_literal = lru_cache(maxsize=4096)(nt.literal)
_row_decimal = lru_cache(maxsize=4096)(nt.decimal)


@lru_cache(maxsize=4096)
def _confidence_value(confidence) -> float:
    return float(nt.canonical_decimal(confidence))


def _add_source(graph: TripleSink, source: Source, file_node: str | None = None) -> str:
    node = _source_node(source, graph.scope)
    if node in graph.seen:
        return node
    graph.seen.add(node)
    # one text for the lines every row has: a million rows make a million of them
    lines = [f"{node} {_RDF.type} {_PKG.SourceRecord} .\n"]
    if file_node is not None:
        lines.append(f"{node} {_DCT.isPartOf} {file_node} .\n")
    lines.append(f"{node} {_PKG.sourceFile} {_row_literal(source.file)} .\n"
                 f"{node} {_PKG.sourceLine} {nt.integer(source.line)} .\n")
    if source.confidence is not None:
        lines.append(f"{node} {_PKG.confidence} {_row_decimal(source.confidence)} .\n")
        if graph.tables is not None:
            graph.tables.confidence[node] = _confidence_value(source.confidence)
    lines.append(f"{node} {_PKG.extractionMethod} {_row_literal(source.method)} .\n")
    graph.lines.append("".join(lines))
    add = graph.add
    if source.note:
        add((node, _SKOS.note, nt.literal(source.note)))
    if source.sentence:
        add((node, _PKG.sentence, nt.literal(source.sentence)))
    if source.span is not None:
        add((node, _PKG.charStart, nt.integer(source.span[0])))
        add((node, _PKG.charEnd, nt.integer(source.span[1])))
    for document in source.documents:
        if document.startswith(("http://", "https://")):
            add((node, _PROV.hadPrimarySource, nt.iri(document)))
        else:
            add((node, _DCT.source, nt.literal(document)))
    return node


def add_source_record(graph: TripleSink, path: str, file: str, *, line: int | None = None,
                      note: str = "") -> str:
    """A source record that is not a row of a loaded file (the register, an imported table)."""
    node = _node(path)
    graph.share((node, _RDF.type, _PKG.SourceRecord))
    graph.share((node, _PKG.sourceFile, nt.literal(file)))
    if line is not None:
        graph.share((node, _PKG.sourceLine, nt.integer(line)))
    if note:
        graph.share((node, _SKOS.note, nt.literal(note)))
    return node


def _add_register_source(graph: TripleSink) -> str:
    return add_source_record(
        graph, _REGISTER_SOURCE_PATH, "register",
        note="partnerkg register of public bodies (English councils from mySociety's table of "
             "UK local authorities, MIT licence)")


def add_body(graph: TripleSink, body: Body, register: Register | None = None,
             source: str | None = None, coordinates: bool = False) -> str:
    """Add a register body (and, given the register, the chain of its successors); with
    ``coordinates``, where it stands (geo:lat, geo:long), for bodies the register's own
    tables do not place."""
    node = _node(_body_path(body.id))
    if body.id in graph.bodies:
        return node
    graph.bodies.add(body.id)
    graph.body_nodes.add(node)
    graph.labels[node] = body.name
    add = graph.share  # a register body is no file's own
    add((node, _RDF.type, _ORG.Organization))
    add((node, _SKOS.prefLabel, nt.literal(body.name)))
    add((node, _PKG.identifier, nt.literal(body.id)))
    add((node, _ORG.classification, _sector(body.sector)))
    if graph.tables is not None:
        graph.tables.label(node, body.name)
        graph.tables.sector(node, body.sector)
    add((node, _PROV.wasDerivedFrom, source or _add_register_source(graph)))
    for alias in body.aliases:
        add((node, _SKOS.altLabel, nt.literal(alias)))
    for predicate, value in ((_PKG.gssCode, body.gss), (_DCT.type, body.type),
                             (_PKG.region, body.region)):
        if value:
            add((node, predicate, nt.literal(value)))
    if coordinates and body.lat is not None and body.long is not None:
        add((node, _GEO.lat, nt.decimal(body.lat)))
        add((node, _GEO.long, nt.decimal(body.long)))
    if body.parent:
        add((node, _ORG.subOrganizationOf, _node(_body_path(body.parent))))
    if body.start:
        add((node, _PKG.startDate, nt.date(body.start)))
    if body.end:
        add((node, _PKG.endDate, nt.date(body.end)))
    if body.successors:
        event = _node(f"change/{body.id}")
        add((event, _RDF.type, _ORG.ChangeEvent))
        add((event, _ORG.originalOrganization, node))
        if body.end:
            add((event, _DCT.date, nt.date(body.end)))
        for successor in body.successors:
            successor_node = _node(_body_path(successor))
            add((event, _ORG.resultingOrganization, successor_node))
            add((successor_node, _ORG.resultedFrom, event))
            next_body = register.get(successor) if register is not None else None
            if next_body is not None:
                add_body(graph, next_body, register, source)
    return node


def _add_programme_and_round(graph: TripleSink, programme: str, label: str) -> str | None:
    programme_node = _node(_programme_path(programme))
    if programme_node not in graph.seen:
        graph.seen.add(programme_node)
        graph.share((programme_node, _RDF.type, _PKG.FundingProgramme))
        graph.share((programme_node, _SKOS.prefLabel, nt.literal(programme)))
        if graph.tables is not None:
            graph.tables.label(programme_node, programme)
    if not label:
        return None
    node = _node(_round_path(programme, label))
    if node not in graph.seen:
        graph.seen.add(node)
        graph.share((node, _RDF.type, _PKG.FundingRound))
        graph.share((node, _SKOS.prefLabel, nt.literal(label)))
        graph.share((node, _DCT.isPartOf, programme_node))
        if graph.tables is not None:
            graph.tables.label(node, label)
            graph.tables.rounds[node] = programme_node
    return node


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[str, ...]:
    graph = Graph()
    graph.parse(str(ontology_path()), format="turtle")
    return tuple(sorted(nt.line(tuple(map(nt.from_rdflib, triple))) for triple in graph))


def vocabulary_graph(sink: TripleSink | None = None) -> TripleSink:
    """The ontology itself: sector concepts, roles and classes travel with every graph."""
    sink = sink if sink is not None else TripleSink()
    sink.lines.extend(_vocabulary())
    sink.shared.extend(_vocabulary())
    return sink


def _add_source_file(graph: TripleSink, records: Records) -> str | None:
    """The node of the file the records came from (None for records made in code)."""
    if not records.locator:
        return None
    node = nt.iri(source_file_iri(records.locator))
    graph.add((node, _RDF.type, _PKG.SourceFile))
    graph.add((node, _PKG.locator, nt.literal(records.locator)))
    if records.origin:
        graph.add((node, _PKG.contentDigest, nt.literal(records.origin)))
    return node


def _unled_label(members: list[str] | None) -> str:
    """How a bid with no stated lead is named: by its first member and how many others.

    >>> _unled_label(["Cheltenham BC", "Cotswold DC", "Cotswold DC", "Forest of Dean DC"])
    'Cheltenham BC and 2 others (lead not stated)'
    >>> _unled_label(["Cheltenham BC"])
    'Cheltenham BC (lead not stated)'
    """
    if not members:
        return ""
    others = len(dict.fromkeys(members)) - 1
    more = f" and {others} other{'s' if others != 1 else ''}" if others else ""
    return f"{members[0]}{more} (lead not stated)"


#: Rows built between two flushes of a streaming sink.
_FLUSH_EVERY = 5_000


def _add_sources(graph: TripleSink, records: Records, file_node: str | None) -> None:
    """The source record of every row, bid and stated round, handed on as they are built."""
    sources = itertools.chain((p.source for p in records.participations),
                              (bid.source for bid in records.bids.values()),
                              (stated.source for stated in records.rounds))
    total = len(records.participations) + len(records.bids) + len(records.rounds)
    for count, source in enumerate(track(sources, "Recording where each row came from",
                                         total=total)):
        if count % _FLUSH_EVERY == 0:
            graph.flush()
        _add_source(graph, source, file_node)
    graph.flush()


def _add_bids(graph: TripleSink, records: Records, file_node: str | None
              ) -> dict[str, tuple[str, str | None]]:
    """What each bid's own row says, which needs no name resolved (so it is built, and loaded,
    while the names are): all but its label and funder (see ``_name_bids``). Returns each
    bid's node and round node, by reference."""
    add = graph.add
    built: dict[str, tuple[str, str | None]] = {}
    for count, (ref, bid) in enumerate(track(records.bids.items(), "Building the bids",
                                             total=len(records.bids))):
        if count % _FLUSH_EVERY == 0:
            graph.flush()
        node = _node(_bid_path(bid.key, bid.programme, records.locator))
        add((node, _RDF.type, _PKG.Bid))
        add((node, _RDF.type, _ORG.OrganizationalCollaboration))
        add((node, _DCT.identifier, nt.literal(bid.key)))
        add((node, _PKG.programme, _node(_programme_path(bid.programme))))
        round_node = _add_programme_and_round(graph, bid.programme, bid.round)
        built[ref] = (node, round_node)
        if round_node is not None:
            add((node, _PKG.round, round_node))
        if bid.title:
            add((node, _DCT.title, nt.literal(bid.title)))
        if bid.amount is not None:
            add((node, _PKG.amountAwarded, nt.decimal(bid.amount)))
        if bid.stated_members is not None:
            add((node, _PKG.statedMemberCount, nt.integer(bid.stated_members)))
        for note in bid.notes:
            add((node, _SKOS.note, nt.literal(note)))
        for sector in bid.unnamed_sectors:
            add((node, _PKG.unnamedParticipantSector, _sector(sector)))
        add((node, _PROV.wasDerivedFrom, _add_source(graph, bid.source, file_node)))
        for role, code, kind, name in bid.places:
            if kind == "postcode":
                add((node, _PKG.recipientPostcode, nt.literal(code)))
                continue
            area = nt.iri(area_iri(code))
            add((node, _PKG.recipientArea if role == "recipient" else _PKG.beneficiaryArea,
                 area))
            graph.share((area, _PKG.gssCode, nt.literal(code)))
            if name:  # as the source names it: an area may be named differently by two
                graph.share((area, _RDFS_LABEL, nt.literal(name)))
    graph.flush(send=True)  # loaded while the names are resolved
    return built


def _name_bids(graph: TripleSink, records: Records, built: dict[str, tuple[str, str | None]],
               names: dict[str, str], organisation, file_node: str | None) -> None:
    """Each bid's label (its lead's name as resolved) and funder, once the names are resolved
    (``built``: what ``_add_bids`` returned)."""
    leads = {p.bid_key: names.get(p.organisation, p.organisation)
             for p in records.participations if p.role == LEAD}
    members: dict[str, list[str]] = {}
    for p in records.participations:
        if p.bid_key not in leads:
            members.setdefault(p.bid_key, []).append(names.get(p.organisation, p.organisation))
    add, tables = graph.add, graph.tables
    for count, (ref, bid) in enumerate(records.bids.items()):
        if count % _FLUSH_EVERY == 0:
            graph.flush()
        node, round_node = built[ref]
        label = ", ".join(part for part in (leads.get(ref) or _unled_label(members.get(ref)) or
                                            bid.key,
                                            f"{bid.programme} {bid.round}".strip()) if part)
        add((node, _SKOS.prefLabel, nt.literal(label)))
        if tables is not None:
            tables.bids[node] = (label, round_node, None if bid.amount is None else
                                 nt.canonical_decimal(bid.amount), bid.title or "")
        if bid.funder:
            source = _add_source(graph, bid.source, file_node)
            funder, _ = organisation(bid.funder, bid.funder_id, "", source, row=bid.source)
            add((node, _PKG.funder, funder))
            if tables is not None:
                tables.funders[node] = funder


def build_triples(records: Records, resolver: Resolver | None = None, *, out=None,
                  known_label=None, identities: dict | None = None,
                  tables: LoadTables | None = None) -> TripleSink:
    """Turn records into triples (N-Triples text), ontology included.

    With ``out``, lines are handed to it in batches as they are built (see ``TripleSink``), and
    the sink returned holds none of them. ``known_label(node)`` gives an organisation's
    prefLabel already in the store, if any.

    A body named twice in one bid (two spellings of one body) is one membership: lead if
    either row says lead, and the sink's ``notes`` say so, and how the names were joined.
    ``identities`` (identifier -> the first name written with it, and where) is shared by the
    files of one load, so that one identifier given two names is noted across files too. With
    ``tables``, what is written of memberships and grants is noted there too (``LoadTables``).
    """
    resolver = resolver or default_resolver()
    graph = vocabulary_graph(TripleSink(out))
    graph.tables = tables
    if known_label is not None:
        graph.known_label = known_label
    graph.scope = source_key(records.locator) if records.locator else ""
    file_node = _add_source_file(graph, records)
    bid_paths = {ref: _bid_path(bid.key, bid.programme, records.locator)
                 for ref, bid in records.bids.items()}
    roles: dict[str, tuple[str, Participation]] = {}  # membership -> its role, and whose
    bid_nodes: dict[str, tuple[str, str]] = {}  # bid key -> its node, its memberships' prefix
    add = graph.add
    names: dict[str, str] = {}
    nodes: dict[tuple[str, str], str] = {}
    matches: dict[tuple[str, str], str] = {}
    sectors: dict[str, str] = {}
    lead_role, partner_role = _PKG.LeadPartner, _PKG.Partner
    # the rows' source records, and what each bid's row says, need no name resolved: built
    # first, they are loaded while the names are resolved
    resolving = resolver.resolving(p.organisation for p in records.participations)
    with idle.meanwhile(resolving):  # names resolved while the store loads what is built
        _add_sources(graph, records, file_node)
        bids = _add_bids(graph, records, file_node)
    resolving.finish()
    identities = identities if identities is not None else {}

    derived: set[tuple[str, tuple[str, str]]] = set()

    def organisation(name: str, identifier: str, sector: str, source: str,
                     file: tuple[str, str] = ("", ""), row: Source | None = None
                     ) -> tuple[str, str]:
        """The node of a name as written (with its identifier), made on first sight, and its
        name match, derived from every row that writes it so (``row``: the first such row's
        source, named in notes)."""
        identifier = clean_identifier(identifier)  # "n/a" is no identity two bodies share
        key = (name, identifier)
        org = nodes.get(key)
        if org is None:
            decision = resolver.decide(name, identifier)
            where = f"{row.file} line {row.line}" if row is not None else ""
            body = decision.body
            if body is not None:
                org = add_body(graph, body, resolver.register)
                names[name] = body.name
            else:
                org = _node(_org_path(name, identifier))
            nodes[key] = org
            graph.resolutions[key] = decision
            if decision.warning:
                graph.notes.append(f"{where}: {decision.warning}" if where else decision.warning)
            if decision.body is None:  # a known identifier's odd names have notes of their own
                _note_shared_identifier(graph, identities, name, identifier, where)
            _add_name_of(graph, org, name, identifier, sector, sectors)
            matches[key] = _add_name_match(graph, name, org, decision.kind,
                                           Decimal(str(round(decision.score, 3))))
            if body is not None and identifier and identifier != body.id:
                graph.share((matches[key], _PKG.sourceIdentifier, nt.literal(identifier)))
        # the first row of each file that names it, so that what a file says of a body does not
        # depend on which files were loaded with it; each membership names its own row
        if (org, file) not in derived:
            derived.add((org, file))
            add((org, _PROV.wasDerivedFrom, source))
        add((matches[key], _PROV.wasDerivedFrom, source))
        return org, matches[key]

    for row, part in enumerate(track(records.participations, "Building the memberships")):
        if row % _FLUSH_EVERY == 0:
            graph.flush()
        source = _add_source(graph, part.source, file_node)
        org, match = organisation(part.organisation, part.identifier, part.sector, source,
                                  (part.source.file, part.source.origin), part.source)
        bid_key = part.bid_key
        bid = bid_nodes.get(bid_key)
        if bid is None:
            bid_path = bid_paths.get(bid_key) or _bid_path(bid_key, "", records.locator)
            # a membership's IRI is its bid's path and its organisation's key (already safe)
            bid = bid_nodes[bid_key] = (_node(bid_path),
                                        _node(f"membership/{bid_path[4:]}/")[:-1])
        membership = f"{bid[1]}{_local(org)}>"
        earlier = roles.get(membership)
        if tables is not None:
            _note_member(tables, membership, bid[0], org, source)
        if earlier is None:
            roles[membership] = (part.role, part)
            graph.lines.append(f"{membership} {_RDF.type} {_ORG.Membership} .\n"
                               f"{membership} {_ORG.member} {org} .\n"
                               f"{membership} {_ORG.organization} {bid[0]} .\n")
        else:
            shown = records.bids[part.bid_key].key if part.bid_key in records.bids else \
                part.bid_key
            graph.notes.append(_one_body_twice(
                earlier[1], part, graph.labels.get(org, org), shown,
                graph.resolutions[(part.organisation, clean_identifier(part.identifier))],
                graph.resolutions[(earlier[1].organisation,
                                   clean_identifier(earlier[1].identifier))]))
            if part.role == LEAD:
                roles[membership] = (LEAD, part)
        graph.lines.append(f"{membership} {_PROV.wasDerivedFrom} {source} .\n"
                           f"{membership} {_PKG.nameMatch} {match} .\n")
    for membership, (role, _) in roles.items():
        add((membership, _ORG.role, lead_role if role == LEAD else partner_role))
        if tables is not None:
            tables.members[membership][2] = role == LEAD
    graph.memberships += len(roles)
    del roles
    _name_bids(graph, records, bids, names, organisation, file_node)
    for org, sector in sectors.items():
        graph.share((org, _ORG.classification, _sector(sector)))
        if tables is not None:
            tables.sector(org, sector)
    for stated in records.rounds:
        node = _add_programme_and_round(graph, stated.programme, stated.label)
        add((node, _PROV.wasDerivedFrom, _add_source(graph, stated.source, file_node)))
        if stated.stated_bids is not None:
            graph.share((node, _PKG.statedBidCount, nt.integer(stated.stated_bids)))
            if tables is not None:
                tables.state(node, 0, int(stated.stated_bids))
        if stated.stated_amount is not None:
            graph.share((node, _PKG.statedAmount, nt.decimal(stated.stated_amount)))
            if tables is not None:
                tables.state(node, 1, nt.canonical_decimal(stated.stated_amount))
    graph.flush()
    return graph


def _note_member(tables: LoadTables, membership: str, bid: str, org: str, source: str) -> None:
    """Note a row of ``membership``: its confidence is the most sure of its rows' sources
    (as the store's MAX over them would find)."""
    confidence = tables.confidence.get(source)
    noted = tables.members.get(membership)
    if noted is None:
        tables.members[membership] = [bid, org, False, confidence]
    elif confidence is not None and (noted[3] is None or confidence > noted[3]):
        noted[3] = confidence


def _add_name_of(graph: TripleSink, org: str, name: str, identifier: str, sector: str,
                 sectors: dict[str, str]) -> None:
    """The triples a name as written adds to its organisation (once per distinct name)."""
    add = graph.share
    add((org, _RDF.type, _ORG.Organization))
    label = graph.labels.get(org)
    if label is None and org not in graph.body_nodes:
        label = graph.known_label(org)
        if label is not None:
            graph.labels[org] = label
    if org in graph.body_nodes:
        # a register body: its sector and name hold; a source's spelling is kept apart
        if label != name:
            add((org, _SKOS.hiddenLabel, nt.literal(name)))
        return
    if label is None:
        graph.labels[org] = name
        add((org, _SKOS.prefLabel, nt.literal(name)))
        if graph.tables is not None:
            graph.tables.label(org, name)
    elif label != name:
        add((org, _SKOS.altLabel, nt.literal(name)))
    if identifier:
        add((org, _PKG.identifier, nt.literal(identifier)))
    if sector or org not in sectors:
        sectors[org] = sector or sectors.get(org) or guess_sector(name)


def _one_body_twice(earlier: Participation, later: Participation, body: str, bid: str,
                    how, how_earlier) -> str:
    """The note for one body named twice in one bid, saying how each name became it: "are
    one body" only when the two names are one name."""
    kept = LEAD if LEAD in (earlier.role, later.role) else earlier.role
    where = f"{later.source.file} line {earlier.source.line} and line {later.source.line}"
    if normalise_name(earlier.organisation) == normalise_name(later.organisation):
        joined = f"are one body, {body}"
    else:
        ways = [f"{p.organisation!r} {r.describe()}" for p, r in ((earlier, how_earlier),
                                                                  (later, how)) if r.joined
                or r.kind == "identifier"]
        joined = f"both became {body} ({'; '.join(ways) or 'by the same identifier'})"
    return (f"{where}: {earlier.organisation!r} ({earlier.role}) and {later.organisation!r} "
            f"({later.role}) {joined}, in bid {bid!r}: one membership, as {kept}")


def _note_shared_identifier(graph: TripleSink, identities: dict, name: str, identifier: str,
                            where: str) -> None:
    """A note when one identifier comes with two different names in one load."""
    code = identifier
    if not code:
        return
    first = identities.setdefault(code, (name, where))
    if normalise_name(first[0]) != normalise_name(name):
        graph.notes.append(f"{where}: {name!r} has the identifier {code}, given to "
                           f"{first[0]!r} at {first[1]}: one organisation, as the identifier "
                           "says (check which name is right)")


def build_graph(records: Records, resolver: Resolver | None = None) -> Graph:
    """Turn records into an rdflib Graph (in memory), ontology included."""
    return build_triples(records, resolver).to_rdflib()


def _add_name_match(graph: TripleSink, name: str, org: str, kind: str, score: Decimal) -> str:
    """How a name as written became an organisation: one node per name, organisation and kind."""
    node = _node(f"match/{slugify(name)}/{_local(org)}/{kind}")
    add = graph.share
    add((node, _RDF.type, _PKG.NameMatch))
    add((node, _PKG.sourceName, nt.literal(name)))
    add((node, _PKG.matchKind, nt.literal(kind)))
    add((node, _PKG.matchScore, nt.decimal(score)))
    add((node, _PKG.matchedOrganisation, org))
    return node

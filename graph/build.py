"""Records to RDF: the only module that knows which ontology terms a record becomes.

IRIs come from identifiers and normalised names, never counters, so the same records always
give the same graph and loading a file twice adds nothing. Every organisation name goes through
resolution against the register: a resolved name becomes the register body's node (IRI from its
org-id), an unresolved one its own node, and either way a ``pkg:NameMatch`` records the name as
written, the kind of match and its score.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from ..names import slugify
from ..progress import track
from ..ontology import ID, ORG, PKG, PROV, SECTOR, ontology_path
from ..records import LEAD, Records, Source
from .register import Body, Register
from .resolve import Resolver, guess_sector, organisation_key

__all__ = ["build_graph", "build_triples", "TripleSink", "decimal_literal", "bid_iri", "organisation_iri", "body_iri",
           "programme_iri", "round_iri", "add_body", "default_resolver", "REGISTER_SOURCE"]

REGISTER_SOURCE = ID["source/register"]


def organisation_iri(name: str, identifier: str = "") -> URIRef:
    """The node of an organisation that is not in the register."""
    return ID[f"org/{organisation_key(name, identifier)}"]


def body_iri(identifier: str) -> URIRef:
    """The node of a register body, from its org-id identifier."""
    return ID[f"org/{identifier}"]


def bid_iri(key: str) -> URIRef:
    return ID[f"bid/{slugify(key)}"]


def programme_iri(programme: str) -> URIRef:
    return ID[f"programme/{slugify(programme)}"]


def round_iri(programme: str, label: str) -> URIRef:
    return ID[f"round/{slugify(programme)}/{slugify(label)}"]


def decimal_literal(value) -> Literal:
    """An xsd:decimal in canonical form ("1200000.0"), so every serialisation reads back equal.

    >>> str(decimal_literal(1200000)), str(decimal_literal("0.5"))
    ('1200000.0', '0.5')
    """
    text = format(Decimal(value).normalize(), "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


@lru_cache(maxsize=1)
def default_resolver() -> Resolver:
    return Resolver(Register.default())


class TripleSink:
    """A set of triples being built, with what the builder needs to remember about them.

    Plain tuples in a set: far lighter than an rdflib Graph when a file has millions of facts.
    """

    def __init__(self) -> None:
        self.triples: set[tuple] = set()
        self.bodies: set[str] = set()  # register bodies added, by identifier
        self.body_nodes: set[URIRef] = set()
        self.labels: dict[URIRef, str] = {}  # organisation -> its prefLabel
        self.sources: set[URIRef] = set()

    def add(self, triple: tuple) -> None:
        self.triples.add(triple)

    def __iter__(self):
        return iter(self.triples)

    def __len__(self) -> int:
        return len(self.triples)


def _source_iri(source: Source) -> URIRef:
    if source.span is not None:  # several sentences may share a line of a text
        return ID[f"source/{slugify(source.file)}/{source.line}/{source.span[0]}"]
    return ID[f"source/{slugify(source.file)}/{source.line}"]


def _add_source(graph: TripleSink, source: Source) -> URIRef:
    node = _source_iri(source)
    if node in graph.sources:
        return node
    graph.sources.add(node)
    graph.add((node, RDF.type, PKG.SourceRecord))
    graph.add((node, RDF.type, PROV.Entity))
    graph.add((node, PKG.sourceFile, Literal(source.file)))
    graph.add((node, PKG.sourceLine, Literal(source.line, datatype=XSD.integer)))
    if source.confidence is not None:
        graph.add((node, PKG.confidence, decimal_literal(source.confidence)))
    if source.note:
        graph.add((node, SKOS.note, Literal(source.note)))
    graph.add((node, PKG.extractionMethod, Literal(source.method)))
    if source.sentence:
        graph.add((node, PKG.sentence, Literal(source.sentence)))
    if source.span is not None:
        graph.add((node, PKG.charStart, Literal(source.span[0], datatype=XSD.integer)))
        graph.add((node, PKG.charEnd, Literal(source.span[1], datatype=XSD.integer)))
    for document in source.documents:
        if document.startswith(("http://", "https://")):
            graph.add((node, PROV.hadPrimarySource, URIRef(document)))
        else:
            graph.add((node, DCTERMS.source, Literal(document)))
    return node


def _add_register_source(graph: TripleSink) -> URIRef:
    graph.add((REGISTER_SOURCE, RDF.type, PKG.SourceRecord))
    graph.add((REGISTER_SOURCE, RDF.type, PROV.Entity))
    graph.add((REGISTER_SOURCE, PKG.sourceFile, Literal("register")))
    graph.add((REGISTER_SOURCE, SKOS.note, Literal(
        "partnerkg register of public bodies (English councils from mySociety's table of UK "
        "local authorities, MIT licence)")))
    return REGISTER_SOURCE


def add_body(graph: TripleSink, body: Body, register: Register | None = None,
             source: URIRef | None = None) -> URIRef:
    """Add a register body (and, given the register, the chain of its successors)."""
    node = body_iri(body.id)
    if body.id in graph.bodies:
        return node
    graph.bodies.add(body.id)
    graph.body_nodes.add(node)
    graph.labels[node] = body.name
    graph.add((node, RDF.type, ORG.Organization))
    graph.add((node, SKOS.prefLabel, Literal(body.name)))
    graph.add((node, PKG.identifier, Literal(body.id)))
    graph.add((node, ORG.classification, SECTOR[body.sector]))
    graph.add((node, PROV.wasDerivedFrom, source or _add_register_source(graph)))
    for alias in body.aliases:
        graph.add((node, SKOS.altLabel, Literal(alias)))
    for predicate, value in ((PKG.gssCode, body.gss), (DCTERMS.type, body.type),
                             (PKG.region, body.region)):
        if value:
            graph.add((node, predicate, Literal(value)))
    if body.parent:
        graph.add((node, ORG.subOrganizationOf, body_iri(body.parent)))
    if body.start:
        graph.add((node, PKG.startDate, Literal(body.start, datatype=XSD.date)))
    if body.end:
        graph.add((node, PKG.endDate, Literal(body.end, datatype=XSD.date)))
    if body.successors:
        event = ID[f"change/{body.id}"]
        graph.add((event, RDF.type, ORG.ChangeEvent))
        graph.add((event, ORG.originalOrganization, node))
        if body.end:
            graph.add((event, DCTERMS.date, Literal(body.end, datatype=XSD.date)))
        for successor in body.successors:
            graph.add((event, ORG.resultingOrganization, body_iri(successor)))
            graph.add((body_iri(successor), ORG.resultedFrom, event))
            next_body = register.get(successor) if register is not None else None
            if next_body is not None:
                add_body(graph, next_body, register, source)
    return node


def _add_programme_and_round(graph: TripleSink, programme: str, label: str) -> URIRef | None:
    programme_node = programme_iri(programme)
    graph.add((programme_node, RDF.type, PKG.FundingProgramme))
    graph.add((programme_node, SKOS.prefLabel, Literal(programme)))
    if not label:
        return None
    node = round_iri(programme, label)
    graph.add((node, RDF.type, PKG.FundingRound))
    graph.add((node, SKOS.prefLabel, Literal(label)))
    graph.add((node, DCTERMS.isPartOf, programme_node))
    return node


@lru_cache(maxsize=1)
def _vocabulary() -> tuple:
    graph = Graph()
    graph.parse(str(ontology_path()), format="turtle")
    return tuple(graph)


def vocabulary_graph() -> TripleSink:
    """The ontology itself: sector concepts, roles and classes travel with every graph."""
    sink = TripleSink()
    sink.triples.update(_vocabulary())
    return sink


def _add_bids(graph: TripleSink, records: Records, names: dict[str, str]) -> None:
    leads = {p.bid_key: names.get(p.organisation, p.organisation)
             for p in records.participations if p.role == LEAD}
    for bid in records.bids.values():
        node = bid_iri(bid.key)
        graph.add((node, RDF.type, PKG.Bid))
        graph.add((node, RDF.type, ORG.OrganizationalCollaboration))
        graph.add((node, DCTERMS.identifier, Literal(bid.key)))
        label = ", ".join(part for part in (leads.get(bid.key, bid.key),
                                            f"{bid.programme} {bid.round}".strip()) if part)
        graph.add((node, SKOS.prefLabel, Literal(label)))
        graph.add((node, PKG.programme, programme_iri(bid.programme)))
        round_node = _add_programme_and_round(graph, bid.programme, bid.round)
        if round_node is not None:
            graph.add((node, PKG.round, round_node))
        if bid.title:
            graph.add((node, DCTERMS.title, Literal(bid.title)))
        if bid.amount is not None:
            graph.add((node, PKG.amountAwarded, decimal_literal(bid.amount)))
        if bid.stated_members is not None:
            graph.add((node, PKG.statedMemberCount,
                       Literal(bid.stated_members, datatype=XSD.integer)))
        for note in bid.notes:
            graph.add((node, SKOS.note, Literal(note)))
        for sector in bid.unnamed_sectors:
            graph.add((node, PKG.unnamedParticipantSector, SECTOR[sector]))
        graph.add((node, PROV.wasDerivedFrom, _add_source(graph, bid.source)))


def build_triples(records: Records, resolver: Resolver | None = None) -> TripleSink:
    """Turn records into triples, ontology included."""
    resolver = resolver or default_resolver()
    graph = vocabulary_graph()
    names: dict[str, str] = {}
    nodes: dict[tuple[str, str], URIRef] = {}
    sectors: dict[URIRef, str] = {}
    for part in track(records.participations, "Resolving names and building triples"):
        key = (part.organisation, part.identifier)
        if key not in nodes:
            # an identifier is authoritative: a register body, else an organisation of its own
            body = resolver.register.get(part.identifier) if part.identifier else \
                resolver.resolve(part.organisation).body
            if body is not None:
                nodes[key] = add_body(graph, body, resolver.register)
                names[part.organisation] = body.name
            else:
                nodes[key] = organisation_iri(part.organisation, part.identifier)
        org = nodes[key]
        source = _add_source(graph, part.source)
        graph.add((org, RDF.type, ORG.Organization))
        label = graph.labels.get(org)
        if org in graph.body_nodes:
            # a register body: its sector and name hold; a source's spelling is kept apart
            if label != part.organisation:
                graph.add((org, SKOS.hiddenLabel, Literal(part.organisation)))
        else:
            if label is None:
                graph.labels[org] = part.organisation
                graph.add((org, SKOS.prefLabel, Literal(part.organisation)))
            elif label != part.organisation:
                graph.add((org, SKOS.altLabel, Literal(part.organisation)))
            if part.identifier:
                graph.add((org, PKG.identifier, Literal(part.identifier)))
            if part.sector or org not in sectors:
                sectors[org] = part.sector or sectors.get(org) or guess_sector(part.organisation)
        graph.add((org, PROV.wasDerivedFrom, source))

        membership = ID[f"membership/{slugify(part.bid_key)}/{org.rsplit('/', 1)[-1]}"]
        graph.add((membership, RDF.type, ORG.Membership))
        graph.add((membership, ORG.member, org))
        graph.add((membership, ORG.organization, bid_iri(part.bid_key)))
        graph.add((membership, ORG.role, PKG.LeadPartner if part.role == LEAD else PKG.Partner))
        graph.add((membership, PROV.wasDerivedFrom, source))
        graph.add((membership, PKG.nameMatch, _add_name_match(graph, part, source, org,
                                                              resolver)))
    for org, sector in sectors.items():
        graph.add((org, ORG.classification, SECTOR[sector]))

    _add_bids(graph, records, names)
    for stated in records.rounds:
        node = _add_programme_and_round(graph, stated.programme, stated.label)
        graph.add((node, PROV.wasDerivedFrom, _add_source(graph, stated.source)))
        if stated.stated_bids is not None:
            graph.add((node, PKG.statedBidCount, Literal(stated.stated_bids, datatype=XSD.integer)))
        if stated.stated_amount is not None:
            graph.add((node, PKG.statedAmount, decimal_literal(stated.stated_amount)))
    return graph


def build_graph(records: Records, resolver: Resolver | None = None) -> Graph:
    """Turn records into an rdflib Graph (in memory), ontology included."""
    graph = Graph()
    for triple in build_triples(records, resolver):
        graph.add(triple)
    return graph


def _add_name_match(graph: TripleSink, part, source: URIRef, org: URIRef,
                    resolver: Resolver) -> URIRef:
    if part.identifier:
        kind, score = "identifier", Decimal(1)
    else:
        resolution = resolver.resolve(part.organisation)
        kind, score = resolution.kind, Decimal(str(round(resolution.score, 3)))
    node = ID[f"match/{source.rsplit('/source/', 1)[-1]}/{slugify(part.organisation)}"]
    graph.add((node, RDF.type, PKG.NameMatch))
    graph.add((node, PKG.sourceName, Literal(part.organisation)))
    graph.add((node, PKG.matchKind, Literal(kind)))
    graph.add((node, PKG.matchScore, decimal_literal(score)))
    graph.add((node, PKG.matchedOrganisation, org))
    graph.add((node, PROV.wasDerivedFrom, source))
    return node

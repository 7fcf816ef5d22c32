"""Records to RDF: the only module that knows which ontology terms a record becomes.

IRIs come from identifiers and normalised names, never counters, so the same records always
give the same graph and loading a file twice adds nothing.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from ..names import slugify
from ..ontology import ID, ORG, PKG, PROV, SECTOR, ontology_path
from ..records import LEAD, Records, Source
from .resolve import guess_sector, organisation_key

__all__ = ["build_graph", "decimal_literal", "bid_iri", "organisation_iri", "programme_iri", "round_iri"]


def organisation_iri(name: str, identifier: str = "") -> URIRef:
    return ID[f"org/{organisation_key(name, identifier)}"]


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


def _source_iri(source: Source) -> URIRef:
    return ID[f"source/{slugify(source.file)}/{source.line}"]


def _add_source(graph: Graph, source: Source) -> URIRef:
    node = _source_iri(source)
    graph.add((node, RDF.type, PKG.SourceRecord))
    graph.add((node, RDF.type, PROV.Entity))
    graph.add((node, PKG.sourceFile, Literal(source.file)))
    graph.add((node, PKG.sourceLine, Literal(source.line, datatype=XSD.integer)))
    if source.confidence is not None:
        graph.add((node, PKG.confidence, decimal_literal(source.confidence)))
    if source.note:
        graph.add((node, SKOS.note, Literal(source.note)))
    for document in source.documents:
        if document.startswith(("http://", "https://")):
            graph.add((node, PROV.hadPrimarySource, URIRef(document)))
        else:
            graph.add((node, DCTERMS.source, Literal(document)))
    return node


def _add_programme_and_round(graph: Graph, programme: str, label: str) -> URIRef | None:
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


def vocabulary_graph() -> Graph:
    """The ontology itself: sector concepts, roles and classes travel with every graph."""
    graph = Graph()
    graph.parse(str(ontology_path()), format="turtle")
    return graph


def build_graph(records: Records) -> Graph:
    """Turn records into an rdflib Graph (in memory), ontology included."""
    graph = vocabulary_graph()
    leads: dict[str, str] = {p.bid_key: p.organisation for p in records.participations
                             if p.role == LEAD}
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
        graph.add((node, PROV.wasDerivedFrom, _add_source(graph, bid.source)))

    sectors: dict[URIRef, str] = {}
    for part in records.participations:
        org = organisation_iri(part.organisation, part.identifier)
        source = _add_source(graph, part.source)
        graph.add((org, RDF.type, ORG.Organization))
        if (org, SKOS.prefLabel, None) not in graph:
            graph.add((org, SKOS.prefLabel, Literal(part.organisation)))
        elif (org, SKOS.prefLabel, Literal(part.organisation)) not in graph:
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
    for org, sector in sectors.items():
        graph.add((org, ORG.classification, SECTOR[sector]))

    for stated in records.rounds:
        node = _add_programme_and_round(graph, stated.programme, stated.label)
        graph.add((node, PROV.wasDerivedFrom, _add_source(graph, stated.source)))
        if stated.stated_bids is not None:
            graph.add((node, PKG.statedBidCount, Literal(stated.stated_bids, datatype=XSD.integer)))
        if stated.stated_amount is not None:
            graph.add((node, PKG.statedAmount, decimal_literal(stated.stated_amount)))
    return graph

"""Register bodies to and from RDF, so a store can carry a register of its own."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import DCTERMS, SKOS

from ..core.names import slugify
from ..ontology import GEO, ID, ORG, PKG, PROV
from ..resolution.register import Body
from .build import add_body, add_source_record, vocabulary_graph

__all__ = ["register_graph", "bodies_in_graph"]

_ORG_PREFIX = str(ID["org/"])


def register_graph(bodies, file_name: str, coordinates: bool = False):
    """The triples of register bodies imported from ``file_name``, with their provenance (and,
    with ``coordinates``, where they stand)."""
    graph = vocabulary_graph()
    source = add_source_record(graph, f"source/{slugify(file_name)}/register", file_name, line=1)
    for body in bodies:
        add_body(graph, body, source=source, coordinates=coordinates)
    return graph


def _identifier(node) -> str:
    text = str(node)
    return text[len(_ORG_PREFIX):] if text.startswith(_ORG_PREFIX) else text


def _from_a_register(graph: Graph, node) -> bool:
    """Whether ``node`` came from a register (the bundled one or an imported table), not from
    a body a loaded file named with an identifier (a 360Giving recipient)."""
    return any(str(source).endswith("/register")
               for source in graph.objects(node, PROV.wasDerivedFrom))


def bodies_in_graph(graph: Graph) -> list[Body]:
    """Every register body in the graph (see ``_from_a_register``), read back."""
    bodies = []
    for node, identifier in sorted(graph.subject_objects(PKG.identifier)):
        if not _from_a_register(graph, node):
            continue
        sector = graph.value(node, ORG.classification)
        event = graph.value(predicate=ORG.originalOrganization, object=node)
        successors = sorted(_identifier(s) for s in graph.objects(event, ORG.resultingOrganization)
                            ) if event is not None else []
        text = {p: graph.value(node, p) for p in (SKOS.prefLabel, DCTERMS.type, PKG.gssCode,
                                                   PKG.region, PKG.startDate, PKG.endDate)}
        parent = graph.value(node, ORG.subOrganizationOf)
        lat, long = graph.value(node, GEO.lat), graph.value(node, GEO.long)
        bodies.append(Body(
            id=str(identifier), name=str(text[SKOS.prefLabel] or identifier),
            sector=str(sector).rsplit("/", 1)[-1] if sector else "other",
            type=str(text[DCTERMS.type] or ""), gss=str(text[PKG.gssCode] or ""),
            region=str(text[PKG.region] or ""),
            parent=_identifier(parent) if parent is not None else "",
            start=str(text[PKG.startDate] or ""), end=str(text[PKG.endDate] or ""),
            successors=tuple(successors),
            aliases=tuple(sorted(str(a) for a in graph.objects(node, SKOS.altLabel))),
            lat=float(lat) if lat is not None else None,
            long=float(long) if long is not None else None))
    return bodies

"""The projections, measures and clusters that reports and views start from."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import QueryError
from ..progress import status
from .clusters import clusters
from .network import copartnership_graph, memberships

__all__ = ["Analysis"]


@dataclass
class Analysis:
    """The projections and measures every analytical report starts from."""

    rows: list[dict]
    graph: object
    measures: dict
    notes: dict
    clusters: list[dict]

    @classmethod
    def of(cls, kg, *, round_label: str | None = None, with_stability: bool = False,
           min_confidence: float | None = None, betweenness: bool = True) -> "Analysis":
        """Memberships (of one round, at least as sure as ``min_confidence``), measured."""
        from .metrics import organisation_measures

        with status("Reading memberships"):
            rows = memberships(kg, min_confidence)
        if round_label:
            known = sorted({r["round"] for r in rows if r["round"]})
            if round_label not in known:
                raise QueryError(f"no round {round_label!r}; rounds in the data: "
                                 f"{', '.join(known)}")
            rows = [r for r in rows if r["round"] == round_label]
        with status("Projecting the co-partnership graph"):
            graph = copartnership_graph(rows)
        with status(f"Measuring {graph.number_of_nodes():,} organisations"):
            measures, notes = organisation_measures(graph, rows, betweenness=betweenness)
        funding = {o: m["funding_led"] for o, m in measures.items()}
        with status("Finding clusters"):
            found = clusters(graph, funding=funding, with_stability=with_stability)
        for cluster in found:
            for org in cluster["ids"]:
                measures[org]["cluster"] = cluster["cluster"]
        return cls(rows, graph, measures, notes, found)

    def find(self, kg, name: str) -> str:
        """The node of an organisation named ``name`` (any spelling the register knows)."""
        from ..names import normalise_name
        from .build import body_iri

        result = kg.resolver().resolve(name)
        if result.resolved and str(body_iri(result.body.id)) in self.measures:
            return str(body_iri(result.body.id))
        wanted = normalise_name(name)
        for node, m in self.measures.items():
            if normalise_name(m["name"]) == wanted:
                return node
        from rapidfuzz import process

        names = sorted(m["name"] for m in self.measures.values())
        from rapidfuzz import fuzz

        close = [n for n, _, _ in process.extract(name, names, scorer=fuzz.ratio, limit=3)]
        raise QueryError(f"no organisation named {name!r} in the graph; closest: "
                         + "; ".join(close))

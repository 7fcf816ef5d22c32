"""The projections, measures and clusters that reports and views start from."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product

from ..core.errors import QueryError
from ..core.progress import status
from ..graph import cache
from . import engine
from .clusters import clusters, partition_method
from .metrics import SEED
from .projection import copartnership_graph, memberships

__all__ = ["Analysis", "round_memberships"]


#: Changes whenever what an analysis computes changes, so older kept results are not reused.
_ANALYSIS_VERSION = 2


def round_memberships(kg, round_label: str | None = None,
                      min_confidence: float | None = None) -> list[dict]:
    """Memberships (of one round, at least as sure as ``min_confidence``)."""
    with status("Reading memberships"):
        rows = memberships(kg, min_confidence)
    if round_label:
        known = sorted({r["round"] for r in rows if r["round"]})
        if round_label not in known:
            raise QueryError(f"no round {round_label!r}; rounds in the data: "
                             f"{', '.join(known)}")
        rows = [r for r in rows if r["round"] == round_label]
    return rows


@dataclass
class Analysis:
    """The projections and measures every analytical report starts from.

    The co-partnership ``graph`` is built when first asked for: a kept result (see ``cache``)
    carries the measures and clusters without it.
    """

    rows: list[dict]
    measures: dict
    notes: dict
    clusters: list[dict]
    ties: int
    _graph: object = field(default=None, repr=False)

    @property
    def graph(self):
        if self._graph is None:
            self._graph = copartnership_graph(self.rows)
        return self._graph

    @classmethod
    def of(cls, kg, *, round_label: str | None = None, with_stability: bool = False,
           min_confidence: float | None = None, betweenness: bool = True,
           structure: bool = True) -> "Analysis":
        """Memberships (of one round, at least as sure as ``min_confidence``), measured."""
        rows = round_memberships(kg, round_label, min_confidence)
        return cls.of_rows(rows, kg=kg, with_stability=with_stability, betweenness=betweenness,
                           structure=structure)

    @classmethod
    def of_rows(cls, rows: list[dict], *, kg=None, with_stability: bool = False,
                betweenness: bool = True, structure: bool = True) -> "Analysis":
        """Measure memberships; with ``kg``, a result kept in its store for the same rows is
        read back, and a new one kept there.

        ``betweenness=False`` leaves betweenness out, ``structure=False`` eigenvector, k-core and
        clustering (None in the measures): the summary shows neither.
        """
        data = cache.digest(_ANALYSIS_VERSION, SEED, [
            [r["org"], r["bid"], r["role"], r["name"], r["sector"], r["amount"]] for r in rows])
        asked = (betweenness, structure, with_stability)
        if kg is not None:
            # what was asked for first, else any result that computed more
            for flags in sorted(product(*[(True,) if flag else (False, True) for flag in asked]),
                                key=sum):
                kept = cache.get(kg.oxigraph, "analysis", cache.digest(data, *flags))
                if kept is not None:
                    return cls(rows, kept["measures"], kept["notes"], kept["clusters"],
                               kept["ties"])
        analysis = cls._compute(rows, with_stability=with_stability, betweenness=betweenness,
                                structure=structure)
        if kg is not None:
            cache.put(kg.oxigraph, "analysis", cache.digest(data, *asked),
                      {"measures": analysis.measures, "notes": analysis.notes,
                       "clusters": analysis.clusters, "ties": analysis.ties})
        return analysis

    @classmethod
    def _compute(cls, rows: list[dict], *, with_stability: bool, betweenness: bool,
                 structure: bool) -> "Analysis":
        from .metrics import organisation_measures

        with status("Projecting the co-partnership graph"):
            graph = copartnership_graph(rows)
        converted = engine.to_igraph(graph)  # one copy for every igraph algorithm
        with status(f"Measuring {graph.number_of_nodes():,} organisations"):
            measures, notes = organisation_measures(graph, rows, betweenness=betweenness,
                                                    structure=structure, converted=converted)
        notes["clusters"] = partition_method(graph)
        funding = {o: m["funding_led"] for o, m in measures.items()}
        with status("Finding clusters"):
            found = clusters(graph, funding=funding, with_stability=with_stability,
                             converted=converted)
        for cluster in found:
            for org in cluster["ids"]:
                measures[org]["cluster"] = cluster["cluster"]
        return cls(rows, measures, notes, found, graph.number_of_edges(), graph)

    def top(self, n: int | None = 10) -> list[dict]:
        """Measures of the organisations with most distinct co-partners, then shared-bid weight,
        bids and name."""
        ranked = sorted(self.measures.values(),
                        key=lambda m: (-m["degree"], -m["strength"], -m["bids"], m["name"]))
        return ranked[:n] if n else ranked

    def find(self, kg, name: str) -> str:
        """The node of an organisation named ``name`` (any spelling the register knows)."""
        from rapidfuzz import fuzz, process

        from ..core.names import normalise_name
        from ..graph.build import body_iri

        result = kg.resolver().resolve(name)
        if result.resolved and str(body_iri(result.body.id)) in self.measures:
            return str(body_iri(result.body.id))
        wanted = normalise_name(name)
        for node, m in self.measures.items():
            if normalise_name(m["name"]) == wanted:
                return node
        names = sorted(m["name"] for m in self.measures.values())
        close = [n for n, _, _ in process.extract(name, names, scorer=fuzz.ratio, limit=3)]
        raise QueryError(f"no organisation named {name!r} in the graph; closest: "
                         + "; ".join(close))

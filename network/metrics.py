"""Measures of each organisation in the co-partnership graph."""

from __future__ import annotations

import networkx as nx

from . import engine
from .brokerage import brokerage_columns
from .projection import CoGraph, MembershipTable

__all__ = ["SEED", "EXACT_BETWEENNESS_LIMIT", "organisation_measures", "measure_columns",
           "MEASURES"]

#: Fixed seed for every randomised algorithm, so re-runs give the same answer.
SEED = 42
#: Above this many organisations betweenness is estimated from a sample of sources:
#: BETWEENNESS_SAMPLE of them, fewer on a graph so dense that so many breadth-first searches
#: would pass more than BETWEENNESS_BUDGET ties in all, but never fewer than
#: BETWEENNESS_MIN_SAMPLE (see ``betweenness_sample``).
EXACT_BETWEENNESS_LIMIT = 5000
BETWEENNESS_SAMPLE = 500
BETWEENNESS_BUDGET = 100_000_000
BETWEENNESS_MIN_SAMPLE = 100
#: Above this many ties, brokerage is computed in another process beside the other measures,
#: where the graph is dense enough for that to pay (``engine.worth_a_fork``).
BACKGROUND_BROKERAGE_FROM = 500_000


def betweenness_sample(nodes: int, ties: int) -> int | None:
    """How many sources betweenness is estimated from (None: exact, from every node).

    >>> betweenness_sample(3000, 90_000), betweenness_sample(50_000, 100_000)
    (None, 500)
    >>> betweenness_sample(54_660, 1_330_134)  # a national graph: 100 searches
    100
    """
    if nodes <= EXACT_BETWEENNESS_LIMIT:
        return None
    afforded = BETWEENNESS_BUDGET // max(ties, 1)
    return min(nodes, BETWEENNESS_SAMPLE, max(BETWEENNESS_MIN_SAMPLE, afforded))

#: Measure name -> what it is, for --by choices and report headers.
MEASURES = {
    "degree": "distinct co-partners",
    "strength": "shared-bid weight (sum over partners of bids shared)",
    "bids": "bids taken part in",
    "led": "bids led",
    "funding": "total awarded to the bids taken part in (GBP)",
    "funding_led": "total awarded to the bids led (GBP)",
    "betweenness": "share of the shortest paths between other bodies that pass through it "
                   "(0 to 1)",
    "eigenvector": "how well connected its partners are (within its connected group: its "
                   "best-connected member is 1)",
    "core": "k-core number: the largest k such that it is among bodies with k partners each",
    "clustering": "share of its pairs of partners that are partners too",
}
#: Measures of a body's place between sectors (``brokerage.brokerage``), rankable like the rest.
BROKER_MEASURES = {
    "brokerage": "share of partner pairs across sectors it alone joins",
    "sectors_spanned": "sectors among its partners",
}
RANKABLE = {**MEASURES, **BROKER_MEASURES}


def component_eigenvector(graph: nx.Graph, converted=None) -> dict:
    """Weighted eigenvector centrality within each connected component, scaled so that the most
    central member of each component scores 1 (isolated organisations score 0).

    On a disconnected graph the whole-graph eigenvector is not unique, so each component is
    measured on its own: the leading eigenvector of its weighted adjacency matrix (dense for
    small components, scipy's sparse solver for big ones), as networkx's
    ``eigenvector_centrality_numpy`` computes it.
    """
    import numpy as np
    from scipy.sparse.linalg import eigsh

    copy, nodes = converted or engine.to_igraph(graph)
    result = dict.fromkeys(graph, 0.0)
    if not nodes or copy.ecount() == 0:
        return result  # nobody shares a bid: every organisation is isolated
    if isinstance(graph, CoGraph):  # its: the matrix is there, in the same node order
        matrix = graph.adjacency.astype(float).tocsr()
    else:
        matrix = copy.get_adjacency_sparse(attribute="weight").astype(float).tocsr()
    for component in copy.connected_components():
        if len(component) < 2:
            continue
        members = sorted(component, key=nodes.__getitem__)
        sub = matrix[members][:, members]
        if len(members) <= 2000:
            values, vectors = np.linalg.eigh(sub.toarray())
            vector = np.abs(vectors[:, np.argmax(values)])
        else:
            _, vectors = eigsh(sub, k=1, which="LA")
            vector = np.abs(vectors[:, 0])
        top = vector.max()
        for position, i in enumerate(members):
            result[nodes[i]] = float(round(vector[position] / top, 12)) if top else 0.0
    return result


def organisation_measures(graph: nx.Graph, rows: list[dict] | None, *, seed: int = SEED,
                          betweenness: bool = True, structure: bool = True, converted=None,
                          funding: tuple[dict, dict] | None = None, known: dict | None = None
                          ) -> tuple[dict[str, dict], dict]:
    """Every measure for every organisation, and notes on how they were computed.

    Betweenness is exact up to EXACT_BETWEENNESS_LIMIT organisations, above that estimated
    from BETWEENNESS_SAMPLE sources drawn with ``seed`` (the notes say which); with
    ``betweenness=False`` it is not computed (None); with ``structure=False`` neither are
    eigenvector, k-core and clustering. ``funding``: the totals ``MembershipTable.funding``
    gives, where the caller has them (then ``rows`` is not read). ``known``: measures computed
    earlier without betweenness and structure (as the summary keeps them): only those two are computed,
    the rest taken from it. On a big graph betweenness and brokerage run on other cores while
    the other measures are computed.
    """
    if known is not None:
        found, notes = _structure(graph, seed=seed, betweenness=betweenness,
                                  structure=structure, converted=converted)
        return {node: {**known[node], **{key: None if values is None else values[node]
                                         for key, values in found.items()}}
                for node in graph}, notes
    orgs, columns, notes = measure_columns(graph, rows, seed=seed, betweenness=betweenness,
                                           structure=structure, converted=converted,
                                           funding=funding)
    keys = list(columns)
    return {org: dict(zip(keys, values)) for org, values in
            zip(orgs, zip(*columns.values()))}, notes


def measure_columns(graph: nx.Graph, rows: list[dict] | None, *, seed: int = SEED,
                    betweenness: bool = True, structure: bool = True, converted=None,
                    funding: tuple[dict, dict] | None = None
                    ) -> tuple[list[str], dict[str, list], dict]:
    """What ``organisation_measures`` gives, as columns: the organisations (in the graph's
    order), a list of values per measure (in the order of ``MEASURES``' keys as each
    organisation's dict has them), and the notes. A national graph's measures are kept and
    ranked as columns: no dict per organisation is made."""
    converted = converted or engine.to_igraph(graph)
    # brokerage (sparse products) beside the rest, where it takes seconds
    brokers = engine.in_background(brokerage_columns, graph) \
        if graph.number_of_edges() > BACKGROUND_BROKERAGE_FROM and engine.worth_a_fork(graph) \
        else brokerage_columns(graph)
    found, notes = _structure(graph, seed=seed, betweenness=betweenness, structure=structure,
                              converted=converted)
    funding, funding_led = funding or MembershipTable.of_rows(rows).funding()
    brokers = brokers() if callable(brokers) else brokers
    orgs, about = [], []
    for node, data in graph.nodes(data=True):
        orgs.append(node)
        about.append(data)
    # a graph gives its degrees in the order of its nodes: taken by position
    degrees, strengths = (graph.degree(), graph.degree(weight="weight"))
    columns = {
        "org": orgs, "name": [d.get("label", o) for o, d in zip(orgs, about)],
        "sector": [d.get("sector", "") for d in about],
        "degree": [v for _, v in degrees], "strength": [v for _, v in strengths],
        "bids": [d.get("bids", 0) for d in about], "led": [d.get("led", 0) for d in about],
        "funding": [funding.get(o, 0) for o in orgs],
        "funding_led": [funding_led.get(o, 0) for o in orgs],
        **{key: [None] * len(orgs) if values is None else [values[o] for o in orgs]
           for key, values in found.items()},
        "sectors_spanned": brokers[0], "brokerage": brokers[1],  # in the graph's order
    }
    return orgs, columns, notes


def _structure(graph, *, seed: int, betweenness: bool, structure: bool, converted
               ) -> tuple[dict[str, dict], dict]:
    """Betweenness, eigenvector, k-core and clustering ({measure: {node: value}}, or None for
    a measure not asked for), and notes on how they were computed."""
    n = graph.number_of_nodes()
    notes = {}
    if not betweenness:  # the costliest measure, left out where it is not shown
        between = None
        notes["betweenness"] = "not computed"
    elif (k := betweenness_sample(n, graph.number_of_edges())) is not None:
        if k * graph.number_of_edges() > engine.SPLIT_BETWEENNESS_FROM:
            between = engine.betweenness(graph, k, seed, converted, background=True)
        else:
            between = engine.betweenness(graph, k=k, seed=seed, converted=converted)
        notes["betweenness"] = f"sampled from {k} sources (seed {seed})"
    else:
        between = engine.betweenness(graph, converted=converted)
        notes["betweenness"] = "exact"
    if structure:
        eigenvector = component_eigenvector(graph, converted)
        core = engine.core_number(graph, converted)
        clustering = engine.clustering(graph, converted)
    else:
        eigenvector = core = clustering = None
        notes["structure"] = "eigenvector, k-core and clustering not computed"
    between = between() if callable(between) else between
    return {"betweenness": between, "eigenvector": eigenvector, "core": core,
            "clustering": clustering}, notes

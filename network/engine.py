"""The heavy network algorithms, run in igraph (C) on a networkx graph.

networkx stays the graph users see; these functions give networkx's own answers many times
faster, and the tests check each against networkx: betweenness (exact, and sampled from the
same sources networkx would draw), core numbers, clustering coefficients and modularity.
Louvain is the exception: igraph's multilevel algorithm is the same method with its own
tie-breaking, so its partition is checked for quality, not equality, and is used only on graphs
too big for networkx's version to finish in reasonable time (``LOUVAIN_NETWORKX_LIMIT``).
"""

from __future__ import annotations

import random
from contextlib import contextmanager

import networkx as nx

__all__ = ["to_igraph", "betweenness", "core_number", "clustering", "modularity", "louvain",
           "LOUVAIN_NETWORKX_LIMIT"]

#: Above this many edges, Louvain runs in igraph (networkx's takes minutes there).
LOUVAIN_NETWORKX_LIMIT = 200_000


def to_igraph(graph: nx.Graph, weight: str = "weight"):
    """The igraph copy of ``graph`` (edge attribute ``weight``, 1 where missing) and the list of
    its nodes (igraph vertex i = nodes[i]).

    Converting a million ties takes seconds: functions here take ``converted=`` to reuse one.
    """
    import igraph as ig

    nodes = list(graph)
    index = {node: i for i, node in enumerate(nodes)}
    edges, weights = [], []
    for a, b, w in graph.edges(data=weight, default=1):
        edges.append((index[a], index[b]))
        weights.append(w)
    copy = ig.Graph(n=len(nodes), edges=edges)
    copy.es["weight"] = weights
    return copy, nodes


def betweenness(graph: nx.Graph, k: int | None = None, seed: int = 42, converted=None) -> dict:
    """``nx.betweenness_centrality(graph, k=k, seed=seed)`` (normalised, no endpoints).

    With ``k``, paths are counted from the same ``k`` sources networkx draws with ``seed``, and
    scaled as networkx scales them.
    """
    nodes = list(graph)
    n = len(nodes)
    if k is not None and k >= n:
        k = None
    if n < 3:
        return dict.fromkeys(nodes, 0.0)
    copy, _ = converted or to_igraph(graph)
    if k is None:
        raw = copy.betweenness(directed=False)
        scale = 2 / ((n - 1) * (n - 2))
        return {node: raw[i] * scale for i, node in enumerate(nodes)}
    sources = random.Random(seed).sample(nodes, k)  # the draw networkx makes
    index = {node: i for i, node in enumerate(nodes)}
    raw = copy.betweenness(directed=False, sources=[index[s] for s in sources])
    chosen = set(sources)
    # igraph counts each unordered pair once; networkx counts ordered pairs from each source,
    # and a source cannot lie on its own paths, so it is scaled over one source fewer.
    return {node: 2 * raw[i] / ((k - 1 if node in chosen else k) * (n - 2)) if k > 1 else 0.0
            for i, node in enumerate(nodes)}


def core_number(graph: nx.Graph, converted=None) -> dict:
    """``nx.core_number(graph)``."""
    copy, nodes = converted or to_igraph(graph)
    return dict(zip(nodes, copy.coreness()))


def clustering(graph: nx.Graph, converted=None) -> dict:
    """``nx.clustering(graph)`` (unweighted local clustering coefficient)."""
    copy, nodes = converted or to_igraph(graph)
    return dict(zip(nodes, copy.transitivity_local_undirected(mode="zero")))


def modularity(graph: nx.Graph, blocks: list[set], weight: str = "weight",
               converted=None) -> float:
    """``nx.community.modularity(graph, blocks, weight=weight)``."""
    if graph.number_of_edges() == 0:
        return 0.0
    copy, nodes = converted or to_igraph(graph, weight)
    block_of = {node: i for i, block in enumerate(blocks) for node in block}
    return copy.modularity([block_of[node] for node in nodes], weights="weight")


@contextmanager
def _seeded(seed: int):
    import igraph as ig

    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def louvain(graph: nx.Graph, seed: int = 42, weight: str = "weight",
            converted=None) -> list[set]:
    """Louvain communities (igraph's multilevel algorithm, seeded), every node included."""
    copy, nodes = converted or to_igraph(graph, weight)
    with _seeded(seed):
        found = copy.community_multilevel(weights="weight")
    blocks: dict[int, set] = {}
    for i, block in enumerate(found.membership):
        blocks.setdefault(block, set()).add(nodes[i])
    return list(blocks.values())

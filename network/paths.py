"""How two organisations are connected through shared bids."""

from __future__ import annotations

import networkx as nx

from .projection import CoGraph, shared_bids

__all__ = ["bid_path", "shortest_chain", "within"]


def shortest_chain(graph, source: str, target: str) -> list[str] | None:
    """The organisations on a shortest chain of ties from ``source`` to ``target`` (both
    included), or None if there is none.

    On a ``CoGraph`` one breadth-first search in C (scipy), which goes through neighbours in node
    order, so the chain is the same every time; on a networkx graph, networkx's own.
    """
    if not isinstance(graph, CoGraph):
        try:
            return nx.shortest_path(graph, source, target)
        except nx.NetworkXNoPath:
            return None
    from scipy.sparse.csgraph import breadth_first_order

    start, end = graph.index[source], graph.index[target]
    _, before = breadth_first_order(graph.adjacency, start, directed=True,
                                    return_predecessors=True)
    if end != start and before[end] < 0:
        return None
    chain = [end]
    while chain[-1] != start:
        chain.append(int(before[chain[-1]]))
    return [graph.order[i] for i in reversed(chain)]


def bid_path(graph, source: str, target: str, bid_labels: dict[str, str]
             ) -> list[dict] | None:
    """The shortest chain of shared bids from ``source`` to ``target``, or None if there is none.

    Each step names the two organisations and a bid they shared (the first by label).
    """
    nodes = shortest_chain(graph, source, target)
    if nodes is None:
        return None
    steps = []
    for a, b in zip(nodes, nodes[1:]):
        bids = sorted(shared_bids(graph, a, b), key=lambda bid: bid_labels.get(bid, bid))
        steps.append({"from": graph.nodes[a].get("label", a), "to": graph.nodes[b].get("label", b),
                      "bid": bid_labels.get(bids[0], bids[0]), "shared_bids": len(bids)})
    return steps


def within(graph, centre: str, depth: int) -> set[str]:
    """The organisations at most ``depth`` ties from ``centre`` (``centre`` included), as
    ``networkx.ego_graph`` finds them."""
    if not isinstance(graph, CoGraph):
        return set(nx.ego_graph(graph, centre, radius=depth))
    indptr, indices = graph.adjacency.indptr, graph.adjacency.indices
    seen = {graph.index[centre]}
    frontier = list(seen)
    for _ in range(depth):
        found = set()
        for i in frontier:
            found.update(indices[indptr[i]:indptr[i + 1]].tolist())
        frontier = list(found - seen)
        seen |= found
        if not frontier:
            break
    return {graph.order[i] for i in seen}

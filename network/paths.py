"""How two organisations are connected through shared bids."""

from __future__ import annotations

import networkx as nx

from .projection import shared_bids

__all__ = ["bid_path"]


def bid_path(graph: nx.Graph, source: str, target: str, bid_labels: dict[str, str]
             ) -> list[dict] | None:
    """The shortest chain of shared bids from ``source`` to ``target``, or None if there is none.

    Each step names the two organisations and a bid they shared (the first by label).
    """
    try:
        nodes = nx.shortest_path(graph, source, target)
    except nx.NetworkXNoPath:
        return None
    steps = []
    for a, b in zip(nodes, nodes[1:]):
        bids = sorted(shared_bids(graph, a, b), key=lambda bid: bid_labels.get(bid, bid))
        steps.append({"from": graph.nodes[a].get("label", a), "to": graph.nodes[b].get("label", b),
                      "bid": bid_labels.get(bids[0], bids[0]), "shared_bids": len(bids)})
    return steps

"""Measures on the co-partnership graph: most-connected partners and collaboration clusters."""

from __future__ import annotations

import networkx as nx

__all__ = ["SEED", "top_partners", "clusters"]

#: Fixed seed for every randomised algorithm, so re-runs give the same answer.
SEED = 42


def top_partners(graph: nx.Graph, n: int = 10) -> list[dict]:
    """Organisations by distinct co-partners (degree), then shared-bid weight, bids and name.

    >>> g = nx.Graph([("a", "b"), ("a", "c")])
    >>> nx.set_node_attributes(g, {"a": "A", "b": "B", "c": "C"}, "label")
    >>> [row["name"] for row in top_partners(g, 2)]
    ['A', 'B']
    """
    rows = []
    for node, data in graph.nodes(data=True):
        rows.append({
            "org": node, "name": data.get("label", node), "sector": data.get("sector", ""),
            "partners": graph.degree(node),
            "strength": graph.degree(node, weight="weight"),
            "bids": data.get("bids", 0), "led": data.get("led", 0),
        })
    rows.sort(key=lambda r: (-r["partners"], -r["strength"], -r["bids"], r["name"]))
    return rows[:n] if n else rows


def clusters(graph: nx.Graph, *, seed: int = SEED, min_size: int = 2) -> list[dict]:
    """Louvain communities (weighted by shared bids, fixed seed) with at least ``min_size`` members.

    Each cluster lists its members by degree within the cluster; the two most central name it.
    """
    if graph.number_of_edges() == 0:
        return []
    communities = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    modularity = nx.community.modularity(graph, communities, weight="weight")
    found = []
    for members in communities:
        if len(members) < min_size:
            continue
        sub = graph.subgraph(members)
        ordered = sorted(members, key=lambda m: (-sub.degree(m, weight="weight"),
                                                 graph.nodes[m].get("label", m)))
        labels = [graph.nodes[m].get("label", m) for m in ordered]
        sectors: dict[str, int] = {}
        for m in ordered:
            sector = graph.nodes[m].get("sector", "other")
            sectors[sector] = sectors.get(sector, 0) + 1
        found.append({
            "name": " / ".join(labels[:2]), "size": len(members), "members": labels,
            "sectors": dict(sorted(sectors.items(), key=lambda kv: (-kv[1], kv[0]))),
            "internal_ties": sub.number_of_edges(), "modularity": modularity,
        })
    found.sort(key=lambda c: (-c["size"], c["name"]))
    for number, cluster in enumerate(found, 1):
        cluster["cluster"] = number
    return found

"""Collaboration clusters: Louvain communities with their modularity and stability."""

from __future__ import annotations

from collections import Counter
from math import comb

import networkx as nx

from .metrics import SEED

__all__ = ["partition", "adjusted_rand_index", "stability", "clusters"]


def partition(graph: nx.Graph, seed: int = SEED) -> list[set]:
    """Louvain communities of the weighted graph, every node included (isolated ones alone)."""
    if graph.number_of_edges() == 0:
        return [{node} for node in graph]
    return nx.community.louvain_communities(graph, weight="weight", seed=seed)


def adjusted_rand_index(first: list[set], second: list[set]) -> float:
    """Hubert and Arabie's adjusted Rand index of two partitions of the same nodes.

    >>> adjusted_rand_index([{1, 2}, {3, 4}], [{1, 2}, {3, 4}])
    1.0
    """
    label = {node: i for i, block in enumerate(second) for node in block}
    table = Counter((i, label[node]) for i, block in enumerate(first) for node in block)
    n = sum(len(block) for block in first)
    index = sum(comb(count, 2) for count in table.values())
    rows = sum(comb(len(block), 2) for block in first)
    cols = sum(comb(len(block), 2) for block in second)
    total = comb(n, 2)
    if total == 0:
        return 1.0
    expected = rows * cols / total
    maximum = (rows + cols) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


def stability(graph: nx.Graph, reference: list[set], seeds=range(10)) -> float:
    """Mean adjusted Rand index between ``reference`` and Louvain run with each seed."""
    scores = [adjusted_rand_index(reference, partition(graph, seed)) for seed in seeds]
    return sum(scores) / len(scores)


def clusters(graph: nx.Graph, *, seed: int = SEED, min_size: int = 2,
             funding: dict | None = None, with_stability: bool = False) -> list[dict]:
    """Clusters of at least ``min_size`` members, largest first, each described.

    ``funding`` maps an organisation to the amount of the bids it led. Each cluster has its size,
    members (most central first), sector counts, the members that led most bids, the funding its
    members led, internal ties, and a name made of its two most central members. Every cluster
    also carries the modularity of the whole partition (and, asked for, its stability).
    """
    blocks = partition(graph, seed)
    modularity = nx.community.modularity(graph, blocks, weight="weight") \
        if graph.number_of_edges() else 0.0
    steady = stability(graph, blocks) if with_stability else None
    found = []
    for members in blocks:
        if len(members) < min_size:
            continue
        sub = graph.subgraph(members)
        ordered = sorted(members, key=lambda m: (-sub.degree(m, weight="weight"),
                                                 graph.nodes[m].get("label", m)))
        labels = [graph.nodes[m].get("label", m) for m in ordered]
        sectors = Counter(graph.nodes[m].get("sector", "other") for m in ordered)
        leaders = sorted((m for m in ordered if graph.nodes[m].get("led", 0)),
                         key=lambda m: (-graph.nodes[m]["led"], graph.nodes[m].get("label", m)))
        found.append({
            "name": " / ".join(labels[:2]), "size": len(members), "members": labels,
            "sectors": dict(sorted(sectors.items(), key=lambda kv: (-kv[1], kv[0]))),
            "leads": [graph.nodes[m].get("label", m) for m in leaders[:3]],
            "funding_led": str(sum((funding or {}).get(m, 0) for m in members)),
            "internal_ties": sub.number_of_edges(), "modularity": modularity,
            "stability": steady, "ids": sorted(members),
        })
    found.sort(key=lambda c: (-c["size"], c["name"]))
    for number, cluster in enumerate(found, 1):
        cluster["cluster"] = number
    return found

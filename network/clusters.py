"""Collaboration clusters: Louvain communities with their modularity and stability."""

from __future__ import annotations

import re
from collections import Counter
from math import comb

import networkx as nx
import numpy as np

from . import engine
from .metrics import SEED

__all__ = ["partition", "partition_method", "adjusted_rand_index",
           "adjusted_rand_index_of_labels", "stability", "clusters"]


def partition(graph: nx.Graph, seed: int = SEED, converted=None) -> list[set]:
    """Louvain communities of the weighted graph, every node included (isolated ones alone).

    networkx's Louvain up to ``LOUVAIN_NETWORKX_LIMIT`` edges, igraph's (the same method, in C)
    above, where networkx's would take minutes.
    """
    if graph.number_of_edges() == 0:
        return [{node} for node in graph]
    if _in_igraph(graph):
        return engine.louvain(graph, seed=seed, converted=converted)
    return nx.community.louvain_communities(graph, weight="weight", seed=seed)


def partition_method(graph: nx.Graph) -> str:
    """How ``partition`` clusters this graph, for reports to say."""
    return "Louvain (igraph multilevel)" if _in_igraph(graph) else "Louvain (networkx)"


def _in_igraph(graph: nx.Graph) -> bool:
    return graph.number_of_edges() > engine.LOUVAIN_NETWORKX_LIMIT


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


def stability(graph: nx.Graph, reference: list[set], seeds=range(10), converted=None) -> float:
    """Mean adjusted Rand index between ``reference`` and Louvain run with each seed.

    The runs share the machine's cores (forked processes, where the system has them): each is
    independent and most of them run in Python.
    """
    seeds = list(seeds)
    if _in_igraph(graph):  # runs as numbers, compared with numpy: a national graph's 50,000
        copy, nodes = converted or engine.to_igraph(graph)
        block_of = {node: i for i, block in enumerate(reference) for node in block}
        labels = np.array([block_of[node] for node in nodes])
        runs = engine.side_by_side(lambda seed: engine.louvain_labels(copy, seed),
                                   [(seed,) for seed in seeds],
                                   description=f"Stability: Louvain with {len(seeds)} seeds")
        scores = [adjusted_rand_index_of_labels(labels, np.array(run)) for run in runs]
    else:
        runs = _side_by_side(graph, seeds, converted)
        scores = [adjusted_rand_index(reference, found) for found in runs]
    return sum(scores) / len(scores)


def adjusted_rand_index_of_labels(first, second) -> float:
    """``adjusted_rand_index`` of two partitions given as a block number per node (numpy)."""
    def pairs(counts):
        return float((counts * (counts - 1) // 2).sum())

    n = len(first)
    if n < 2:
        return 1.0
    _, joint = np.unique(np.asarray(first, dtype=np.int64) * (int(np.max(second)) + 1)
                         + np.asarray(second, dtype=np.int64), return_counts=True)
    index = pairs(joint)
    rows = pairs(np.unique(first, return_counts=True)[1])
    cols = pairs(np.unique(second, return_counts=True)[1])
    total = n * (n - 1) / 2
    expected = rows * cols / total
    maximum = (rows + cols) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


def _side_by_side(graph: nx.Graph, seeds: list[int], converted) -> list[list[set]]:
    if graph.number_of_edges() < 2_000:  # small graphs: not worth a process
        return [partition(graph, seed, converted) for seed in seeds]
    return engine.side_by_side(lambda seed: partition(graph, seed, converted),
                               [(seed,) for seed in seeds])


def clusters(graph: nx.Graph, *, seed: int = SEED, min_size: int = 2,
             funding: dict | None = None, with_stability: bool = False,
             converted=None, blocks: list[set] | None = None) -> list[dict]:
    """Clusters of at least ``min_size`` members, largest first, each described.

    ``funding`` maps an organisation to the amount of the bids it led. Each cluster has its size,
    members (most central first), sector counts, the members that led most bids, the funding its
    members led, internal ties, and a name made of its two most central members. Every cluster
    also carries the modularity of the whole partition (and, asked for, its stability).
    ``blocks``: the partition ``partition(graph, seed)`` gave earlier, not made again.
    """
    converted = converted or engine.to_igraph(graph)
    # networkx's Louvain (small graphs) needs a networkx graph: made once for every run
    louvain_graph = graph if isinstance(graph, nx.Graph) or _in_igraph(graph) else \
        graph.to_networkx()
    if blocks is None:
        blocks = partition(louvain_graph, seed, converted)
    modularity = engine.modularity(graph, blocks, converted=converted)
    steady = (stability(louvain_graph, blocks, converted=converted) if with_stability
              else None)
    inner_strength, inner_ties = _inner(graph, blocks)
    register = _bundled_register()
    found = []
    nodes = graph.nodes
    for number, members in enumerate(blocks):
        if len(members) < min_size:
            continue
        about = {m: nodes[m] for m in members}
        ordered = sorted(members, key=lambda m: (-inner_strength.get(m, 0),
                                                 about[m].get("label", m)))
        labels = [about[m].get("label", m) for m in ordered]
        sectors = Counter(about[m].get("sector", "other") for m in ordered)
        leaders = sorted((m for m in ordered if about[m].get("led", 0)),
                         key=lambda m: (-about[m]["led"], about[m].get("label", m)))
        found.append({
            "name": place_name(ordered, register) or " / ".join(labels[:2]),
            "order": " / ".join(labels[:2]), "size": len(members), "members": labels,
            "sectors": dict(sorted(sectors.items(), key=lambda kv: (-kv[1], kv[0]))),
            "leads": [about[m].get("label", m) for m in leaders[:3]],
            "funding_led": _total((funding or {}).get(m, 0) for m in members),
            "internal_ties": inner_ties.get(number, 0), "modularity": modularity,
            "stability": steady, "ids": sorted(members),
        })
    found.sort(key=lambda c: (-c["size"], c.pop("order")))  # numbered as they always were
    for number, cluster in enumerate(found, 1):
        cluster["cluster"] = number
    return found


def _inner(graph, blocks: list[set]) -> tuple[dict, dict]:
    """Each member's weight of ties inside its own cluster ({node: weight}, members with
    none left out), and each cluster's ties inside it ({cluster number: ties}).

    A ``CoGraph``'s ties are counted with numpy from its arrays (a million ties: a Python
    pass over them took seconds); any other graph's, one by one. Both give the same counts.
    """
    if hasattr(graph, "tie_arrays"):
        import numpy as np

        a, b, weight = graph.tie_arrays()
        block_at = np.empty(len(graph.order), dtype=np.int64)
        for i, block in enumerate(blocks):
            block_at[[graph.index[node] for node in block]] = i
        inside = block_at[a] == block_at[b]
        strength = np.bincount(a[inside], weight[inside], len(graph.order)) + \
            np.bincount(b[inside], weight[inside], len(graph.order))
        ties = np.bincount(block_at[a[inside]], minlength=len(blocks))
        weights = strength.astype(weight.dtype).tolist()
        return ({graph.order[i]: weights[i] for i in np.flatnonzero(strength).tolist()},
                {i: n for i, n in enumerate(ties.tolist()) if n})
    block_of = {node: i for i, block in enumerate(blocks) for node in block}
    inner_strength: Counter = Counter()
    inner_ties: Counter = Counter()
    for a, b, weight in graph.edges(data="weight", default=1):
        if block_of[a] == block_of[b]:
            inner_strength[a] += weight
            inner_strength[b] += weight
            inner_ties[block_of[a]] += 1
    return inner_strength, inner_ties


_COUNCIL_WORDS = re.compile(r"^(?:(?:the\s+)?(?:royal\s+)?(?:london\s+)?borough\s+of\s+|city\s+of\s+)|"
                            r"\s+(?:metropolitan\s+)?(?:county\s+|city\s+|borough\s+|district\s+)?"
                            r"council$", re.I)


def _bundled_register():
    """The bundled register, read once for all (``resolution.default_resolver`` keeps it)."""
    from ..resolution.resolve import default_resolver

    return default_resolver().register


def place_name(members: list[str], register=None) -> str | None:
    """The place most of a cluster's councils share, to name it by ("Lancashire", "Essex"):
    the county of at least half its councils (two or more), else their region; None when no
    place fits (the cluster is then named by its two most central bodies). Members are the
    graph's nodes, register bodies by the id their IRI ends with."""
    register = register if register is not None else _bundled_register()
    counties, regions = Counter(), Counter()
    councils = 0
    for node in members:
        body = register.get(str(node).rsplit("/", 1)[-1])
        if body is None or body.sector != "council":
            continue
        councils += 1
        county = register.get(body.parent) if body.parent else body
        counties[_COUNCIL_WORDS.sub("", (county or body).name).strip()] += 1
        if body.region:
            regions[body.region] += 1
    for counted in (counties, regions):
        if counted:
            place, n = min(counted.items(), key=lambda kv: (-kv[1], kv[0]))
            if councils >= 2 and n >= 2 and 2 * n >= councils:
                return place
    return None


def _total(values) -> str | None:
    """The sum of the amounts stated, as text; None when there are amounts not stated and no
    amount stated at all (an unknown total is never written as 0)."""
    values = list(values)
    known = [v for v in values if v is not None]
    return str(sum(known)) if known or None not in values else None

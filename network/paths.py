"""How two organisations are connected through shared bids."""

from __future__ import annotations

import networkx as nx

from .projection import CoGraph, shared_bids

__all__ = ["bid_path", "bid_path_in_table", "shortest_chain", "within"]


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


def bid_path_in_table(table, source: str, target: str, names: dict[str, str] | None = None
                      ) -> list[dict] | None:
    """``bid_path`` on the projection of the memberships ``table`` (a ``MembershipTable``),
    found on the memberships themselves, without projecting: the same steps.

    The breadth-first search is ``shortest_chain``'s, level by level: the organisations of a
    level, in the order found, reach the members of their bids; each new one is found by the
    first of them (in that order) to reach it, and the new ones are taken in the order found
    and then by IRI, as a search of the projection's rows (in node order) takes them. It stops
    once ``target`` is found. ``names``: the organisations' names (default: as the table has
    them).

    >>> from partnerkg.network.projection import MembershipTable
    >>> rows = [{"org": o, "name": o.upper(), "sector": "council", "bid": b, "bid_label": b,
    ...          "role": "partner", "round": "", "amount": None, "title": "",
    ...          "confidence": None} for o, b in [("a", "x"), ("b", "x"), ("b", "y"), ("c", "y")]]
    >>> [(s["from"], s["bid"], s["to"]) for s in bid_path_in_table(
    ...     MembershipTable.of_rows(rows), "a", "c")]
    [('A', 'x', 'B'), ('B', 'y', 'C')]
    """
    import numpy as np
    from scipy import sparse

    orgs, bids = table.orgs, table.bids
    by_iri = sorted(range(len(orgs)), key=lambda i: orgs[i][0])  # the projection's node order
    rank = np.empty(len(orgs), dtype=np.int64)
    rank[by_iri] = np.arange(len(orgs))
    start, end = (int(rank[next(i for i, o in enumerate(orgs) if o[0] == node)])
                  for node in (source, target))
    ones = np.ones(len(table.org), dtype=np.int8)
    # organisation (by rank) -> its bids, and bid -> its members (by rank)
    org_bids = sparse.csr_matrix((ones, (rank[table.org], table.bid)),
                                 shape=(len(orgs), len(bids)))
    bid_orgs = org_bids.T.tocsr()
    seen = np.zeros(len(orgs), dtype=bool)
    before = np.full(len(orgs), -1, dtype=np.int64)
    seen[start] = True
    level = np.array([start], dtype=np.int64)
    while len(level) and not seen[end]:
        reached = org_bids[level]  # the level's rows, in its order
        finder = np.repeat(np.arange(len(level)), np.diff(reached.indptr))
        members = bid_orgs[reached.indices]
        found = members.indices.astype(np.int64)
        finder = np.repeat(finder, np.diff(members.indptr))
        new = ~seen[found]
        found, finder = found[new], finder[new]
        order = np.lexsort((found, finder))  # by the finder's place, then by IRI
        found, finder = found[order], finder[order]
        _, first = np.unique(found, return_index=True)
        first.sort()  # each new one where it was first found: the order found
        before[found[first]] = level[finder[first]]
        level = found[first]
        seen[level] = True
    if not seen[end]:
        return None
    chain = [end]
    while chain[-1] != start:
        chain.append(int(before[chain[-1]]))
    chain.reverse()
    row_of = by_iri  # rank -> the organisation's place in the table
    steps = []
    for a, b in zip(chain, chain[1:]):
        a_bids = org_bids.indices[org_bids.indptr[a]:org_bids.indptr[a + 1]]
        b_bids = org_bids.indices[org_bids.indptr[b]:org_bids.indptr[b + 1]]
        shared = sorted((bids[j][1], bids[j][0]) for j in np.intersect1d(a_bids, b_bids).tolist())
        first_org, second_org = orgs[row_of[a]][0], orgs[row_of[b]][0]
        steps.append({"from": (names or {}).get(first_org, orgs[row_of[a]][1]),
                      "to": (names or {}).get(second_org, orgs[row_of[b]][1]),
                      "bid": shared[0][0], "shared_bids": len(shared)})
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

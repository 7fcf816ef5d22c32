"""Who brokers between sectors, and how sectors meet in bids."""

from __future__ import annotations

import networkx as nx
import numpy as np
from scipy import sparse

from ..ontology import SECTORS

__all__ = ["brokerage", "brokerage_columns", "sector_matrix", "bids_joining"]

#: The four kinds of body whose coming together the reports look for.
CORE_SECTORS = ("council", "police", "health", "voluntary-and-community")


def brokerage(graph: nx.Graph) -> dict[str, dict]:
    """For each organisation: how many sectors its partners span, and its brokerage score.

    The score is the share of pairs of its partners that come from different sectors and are not
    partners of each other: pairs it alone joins across a sector line. 0 with fewer than two
    partners.

    Computed with sparse-matrix algebra, never by listing pairs of partners: for a body of
    degree d with n_s partners in sector s, the cross-sector pairs are C(d, 2) - sum_s C(n_s, 2);
    those that are partners of each other are the triangles through it whose far edge crosses
    a sector line, counted once per triangle on edges oriented from lower to higher degree
    (so no product is larger than m * sqrt(m) for m ties; a star of 20,000 partners costs
    nothing).

    >>> g = nx.Graph([("hub", "a"), ("hub", "b")])
    >>> nx.set_node_attributes(g, {"hub": "council", "a": "police", "b": "health"}, "sector")
    >>> brokerage(g)["hub"]
    {'sectors_spanned': 2, 'brokerage': 1.0}
    """
    spanned, scores = brokerage_columns(graph)
    return {node: {"sectors_spanned": s, "brokerage": b}
            for node, s, b in zip(graph, spanned, scores)}


def brokerage_columns(graph: nx.Graph) -> tuple[list[int], list[float]]:
    """``brokerage`` as two lists in the graph's node order (sectors spanned, score): what
    a measure of every organisation needs, and quick to hand back from another process."""
    nodes = list(graph)
    if not nodes:
        return [], []
    n = len(nodes)
    about = graph.attributes if hasattr(graph, "attributes") else \
        [graph.nodes[v] for v in nodes]  # a CoGraph's, by position, as ``nodes`` are
    of_node = [a.get("sector", "other") or "other" for a in about]
    names = sorted(set(of_node))
    position = {name: i for i, name in enumerate(names)}
    sector = np.array([position[s] for s in of_node], dtype=np.int64)
    edges = _edge_array(graph, nodes)
    degree = np.zeros(n, dtype=np.int64)
    np.add.at(degree, edges[:, 0], 1)
    np.add.at(degree, edges[:, 1], 1)
    # partners per sector, and the pairs of partners within one sector
    partner = np.concatenate([edges[:, 0], edges[:, 1]])
    other = np.concatenate([edges[:, 1], edges[:, 0]])
    per_sector = sparse.coo_matrix((np.ones(len(partner), dtype=np.int64),
                                    (partner, sector[other])), shape=(n, len(names))).tocsr()
    counts = per_sector.toarray() if len(names) * n <= 50_000_000 else None
    if counts is not None:
        same_pairs = (counts * (counts - 1) // 2).sum(axis=1)
        spanned = (counts > 0).sum(axis=1)
    else:
        data = per_sector.data
        same_pairs = np.asarray(sparse.csr_matrix(
            (data * (data - 1) // 2, per_sector.indices, per_sector.indptr),
            shape=per_sector.shape).sum(axis=1)).ravel()
        spanned = np.diff(per_sector.indptr)
    pairs = degree * (degree - 1) // 2
    cross_pairs = pairs - same_pairs
    closed_cross = _closed_cross_pairs(edges, degree, sector, n)
    bridged = (cross_pairs - closed_cross).tolist()
    return np.asarray(spanned).tolist(), [b / p if p else 0.0
                                          for b, p in zip(bridged, pairs.tolist())]


def _edge_array(graph, nodes: list) -> np.ndarray:
    """The ties as rows of two node positions (in ``nodes`` order), loops left out."""
    if hasattr(graph, "tie_arrays"):  # a CoGraph: already arrays, in its node order
        a, b, _ = graph.tie_arrays()
        return np.column_stack([a, b]).astype(np.int64)
    index = {node: i for i, node in enumerate(nodes)}
    return np.array([(index[a], index[b]) for a, b in graph.edges() if a != b],
                    dtype=np.int64).reshape(-1, 2)


def _closed_cross_pairs(edges: np.ndarray, degree: np.ndarray, sector: np.ndarray,
                        n: int) -> np.ndarray:
    """For each node, the pairs of its partners from different sectors that are partners of
    each other: triangles through it whose far edge crosses a sector line.

    Edges point from lower to higher (degree, index) rank (matrix ``L``); each triangle
    u < w < z is then found once, and is counted for each corner by its far edge:
    for u, pairs (w, z): rows of (L @ L_x) * L; for z, pairs (u, w): columns of (L_x @ L) * L;
    for w, pairs (u, z): rows of (L.T @ L_x) * L, where ``L_x`` keeps the cross-sector edges.
    """
    if len(edges) == 0:
        return np.zeros(n, dtype=np.int64)
    rank = np.lexsort((np.arange(n), degree))  # nodes by (degree, index)
    position = np.empty(n, dtype=np.int64)
    position[rank] = np.arange(n)
    low = np.where(position[edges[:, 0]] < position[edges[:, 1]], edges[:, 0], edges[:, 1])
    high = np.where(position[edges[:, 0]] < position[edges[:, 1]], edges[:, 1], edges[:, 0])
    ones = np.ones(len(low), dtype=np.int64)
    oriented = sparse.csr_matrix((ones, (low, high)), shape=(n, n))
    crossing = sector[low] != sector[high]
    cross = sparse.csr_matrix((ones[crossing], (low[crossing], high[crossing])), shape=(n, n))
    as_lowest = np.asarray((oriented @ cross).multiply(oriented).sum(axis=1)).ravel()
    as_highest = np.asarray((cross @ oriented).multiply(oriented).sum(axis=0)).ravel()
    as_middle = np.asarray((oriented.T @ cross).multiply(oriented).sum(axis=1)).ravel()
    return as_lowest + as_highest + as_middle


def _sector_counts(memberships) -> tuple[list[str], list[str], np.ndarray, list]:
    """Sectors present (in ``SECTORS`` order), every sector key, the bid-by-sector matrix of
    distinct members (a column per key) and the table's bids, from rows or a table."""
    from .projection import MembershipTable

    table = memberships if isinstance(memberships, MembershipTable) else \
        MembershipTable.of_rows(memberships)
    keys = sorted({o[2] for o in table.orgs} | set(SECTORS))
    column = {key: i for i, key in enumerate(keys)}
    org_column = np.array([column[o[2]] for o in table.orgs], dtype=np.int64)
    pairs = np.unique(np.column_stack([table.bid, table.org]).astype(np.int64), axis=0) \
        if len(table) else np.zeros((0, 2), dtype=np.int64)
    counts = np.zeros((len(table.bids), len(keys)), dtype=np.int64)
    np.add.at(counts, (pairs[:, 0], org_column[pairs[:, 1]]), 1)
    present = [key for key in SECTORS if counts[:, column[key]].any()]
    return present, keys, counts, table.bids


def sector_matrix(memberships) -> tuple[list[str], list[list[int]]]:
    """Sectors and, for each pair, the number of bids with members of both.

    On the diagonal: bids with at least two members of that sector. ``memberships``: rows or
    a ``MembershipTable``; counted with one bid-by-sector matrix, not bid by bid.
    """
    present, keys, counts, _ = _sector_counts(memberships)
    if not present:
        return [], []
    members = counts[:, [keys.index(key) for key in present]]
    joined = (members > 0).astype(np.int64)
    matrix = joined.T @ joined  # bids with members of both sectors
    np.fill_diagonal(matrix, (members >= 2).sum(axis=0))
    return present, matrix.tolist()


def bids_joining(memberships, sectors=CORE_SECTORS, at_least: int = 3) -> list[dict]:
    """Bids whose members come from at least ``at_least`` of ``sectors``, most sectors first."""
    _, keys, counts, bids = _sector_counts(memberships)
    core = counts[:, [keys.index(key) for key in sectors]] > 0
    chosen = np.flatnonzero(core.sum(axis=1) >= at_least)
    total = counts.sum(axis=1)
    found = [{"bid": bids[b][0], "label": bids[b][1],
              "sectors": [key for key, there in zip(sectors, core[b].tolist()) if there],
              "members": int(total[b])} for b in chosen.tolist()]
    return sorted(found, key=lambda b: (-len(b["sectors"]), b["label"]))

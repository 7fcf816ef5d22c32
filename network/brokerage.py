"""Who brokers between sectors, and how sectors meet in bids."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import networkx as nx

from ..ontology import SECTORS

__all__ = ["brokerage", "sector_matrix", "bids_joining"]

#: The four kinds of body whose coming together the reports look for.
CORE_SECTORS = ("council", "police", "health", "voluntary-and-community")


def brokerage(graph: nx.Graph) -> dict[str, dict]:
    """For each organisation: how many sectors its partners span, and its brokerage score.

    The score is the share of pairs of its partners that come from different sectors and are not
    partners of each other: pairs it alone joins across a sector line. 0 with fewer than two
    partners.

    >>> g = nx.Graph([("hub", "a"), ("hub", "b")])
    >>> nx.set_node_attributes(g, {"hub": "council", "a": "police", "b": "health"}, "sector")
    >>> brokerage(g)["hub"]
    {'sectors_spanned': 2, 'brokerage': 1.0}
    """
    result = {}
    for node in graph:
        partners = sorted(graph[node])
        sectors = {graph.nodes[p].get("sector", "other") for p in partners}
        pairs = list(combinations(partners, 2))
        bridged = sum(1 for a, b in pairs
                      if graph.nodes[a].get("sector") != graph.nodes[b].get("sector")
                      and not graph.has_edge(a, b))
        result[node] = {"sectors_spanned": len(sectors),
                        "brokerage": bridged / len(pairs) if pairs else 0.0}
    return result


def _bid_sectors(rows: list[dict]) -> dict[str, dict[str, set]]:
    """bid -> sector -> organisations."""
    found: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for row in rows:
        found[row["bid"]][row["sector"]].add(row["org"])
    return found


def sector_matrix(rows: list[dict]) -> tuple[list[str], list[list[int]]]:
    """Sectors and, for each pair, the number of bids with members of both.

    On the diagonal: bids with at least two members of that sector.
    """
    per_bid = _bid_sectors(rows)
    present = [s for s in SECTORS if any(s in sectors for sectors in per_bid.values())]
    matrix = [[0] * len(present) for _ in present]
    for sectors in per_bid.values():
        for i, a in enumerate(present):
            for j, b in enumerate(present):
                if a == b:
                    matrix[i][j] += len(sectors.get(a, ())) >= 2
                else:
                    matrix[i][j] += bool(sectors.get(a)) and bool(sectors.get(b))
    return present, matrix


def bids_joining(rows: list[dict], sectors=CORE_SECTORS, at_least: int = 3) -> list[dict]:
    """Bids whose members come from at least ``at_least`` of ``sectors``, most sectors first."""
    labels = {row["bid"]: row["bid_label"] for row in rows}
    found = []
    for bid, members in _bid_sectors(rows).items():
        joined = [s for s in sectors if members.get(s)]
        if len(joined) >= at_least:
            found.append({"bid": bid, "label": labels[bid], "sectors": joined,
                          "members": sum(len(v) for v in members.values())})
    return sorted(found, key=lambda b: (-len(b["sectors"]), b["label"]))

"""networkx projections of the knowledge graph.

* ``bipartite_graph``: organisations and bids, an edge per membership (with its role);
* ``copartnership_graph``: organisations only, an edge per pair that bid together, weighted by
  the number of shared bids (``shared_bids`` names them).

Nodes are added in sorted order so that every algorithm downstream sees the same graph.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import networkx as nx

__all__ = ["MEMBERSHIPS_BY_ROLE_QUERY", "memberships", "bipartite_graph", "copartnership_graph",
           "shared_bids", "roll_up"]

_PREFIXES = """
PREFIX org:     <http://www.w3.org/ns/org#>
PREFIX skos:    <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX pkg:     <https://w3id.org/partnerkg/>
PREFIX prov:    <http://www.w3.org/ns/prov#>
"""
# Small queries joined in Python: one query joining all of them makes Oxigraph's planner
# take minutes on a few thousand memberships, where these take a fraction of a second.
# Within each, the patterns are sub-selects so that the store scans each once and joins by
# hashing (a lookup per row is several times slower on disk). Memberships come in two halves
# (leads, partners), read side by side on two cores.
MEMBERSHIPS_BY_ROLE_QUERY = _PREFIXES + """
SELECT ?org ?bid WHERE {
  { SELECT ?m WHERE { ?m org:role %s } }
  { SELECT ?m ?org WHERE { ?m org:member ?org } }
  { SELECT ?m ?bid WHERE { ?m org:organization ?bid } }
}
"""
# Asked only when some source states a confidence: on a national graph the join costs seconds.
CONFIDENCE_QUERY = _PREFIXES + """
SELECT ?org ?bid (MAX(?c) AS ?confidence) WHERE {
  ?m org:member ?org ; org:organization ?bid ; prov:wasDerivedFrom ?src .
  ?src pkg:confidence ?c .
} GROUP BY ?org ?bid
"""
ANY_CONFIDENCE_QUERY = _PREFIXES + "SELECT ?c WHERE { ?src pkg:confidence ?c } LIMIT 1"
ORGANISATIONS_QUERY = _PREFIXES + """
SELECT ?org ?name ?s WHERE {
  { SELECT DISTINCT ?org WHERE { ?m org:member ?org } }
  { SELECT ?org ?name WHERE { ?org skos:prefLabel ?name } }
  OPTIONAL { SELECT ?org ?s WHERE { ?org org:classification ?s } }
}
"""
BIDS_QUERY = _PREFIXES + """
SELECT ?bid ?label ?round ?amount ?title WHERE {
  { SELECT ?bid ?label WHERE { ?bid a pkg:Bid ; skos:prefLabel ?label } }
  OPTIONAL { SELECT ?bid ?round WHERE { ?bid pkg:round ?r . ?r skos:prefLabel ?round } }
  OPTIONAL { SELECT ?bid ?amount WHERE { ?bid pkg:amountAwarded ?amount } }
  OPTIONAL { SELECT ?bid ?title WHERE { ?bid dcterms:title ?title } }
}
"""


def memberships(kg, min_confidence: float | None = None) -> list[dict]:
    """One dict per membership, sorted by bid then organisation; ``sector`` is the sector key.

    With ``min_confidence``, memberships whose sources are less sure are left out (those with no
    stated confidence are kept).
    """
    found_orgs, found_bids, leads, partners, any_confidence = kg.select_all([
        ORGANISATIONS_QUERY, BIDS_QUERY, MEMBERSHIPS_BY_ROLE_QUERY % "pkg:LeadPartner",
        MEMBERSHIPS_BY_ROLE_QUERY % "pkg:Partner", ANY_CONFIDENCE_QUERY])
    organisations = {}
    for org, name, sector in found_orgs:
        organisations.setdefault(org, (name, sector.rsplit("/", 1)[-1] if sector else "other"))
    bids = {}
    for bid, label, round_label, amount, title in found_bids:
        bids.setdefault(bid, (label, round_label or "",
                              Decimal(amount) if amount is not None else None, title or ""))
    confidences = {}
    if any_confidence:
        confidences = {(org, bid): float(c) for org, bid, c in kg.select(CONFIDENCE_QUERY)[1]}
    rows = []
    for org, bid, role in [(o, b, "lead") for o, b in leads] + \
            [(o, b, "partner") for o, b in partners]:
        confidence = confidences.get((org, bid))
        if min_confidence is not None and confidence is not None and confidence < min_confidence:
            continue
        if org not in organisations or bid not in bids:
            continue  # a membership of something without a label: not drawable
        name, sector = organisations[org]
        bid_label, round_label, amount, title = bids[bid]
        rows.append({
            "org": org, "name": name, "sector": sector, "bid": bid, "bid_label": bid_label,
            "role": role,
            "round": round_label, "amount": amount, "title": title, "confidence": confidence,
        })
    rows.sort(key=lambda r: (r["bid"], r["org"]))
    return rows


def bipartite_graph(rows: list[dict]) -> nx.Graph:
    """Organisation and bid nodes (``kind`` attribute), an edge per membership."""
    graph = nx.Graph()
    for row in sorted(rows, key=lambda r: r["org"]):
        graph.add_node(row["org"], kind="organisation", bipartite=0, label=row["name"],
                       sector=row["sector"])
    for row in rows:
        graph.add_node(row["bid"], kind="bid", bipartite=1, label=row["bid_label"],
                       round=row["round"], amount=row["amount"], title=row["title"])
        graph.add_edge(row["org"], row["bid"], role=row["role"])
    return graph


def copartnership_graph(rows: list[dict]) -> nx.Graph:
    """Organisations joined when they share a bid, ``weight`` = the number of bids shared.

    Every organisation is a node, including those whose bids name no partner. The projection is
    one sparse matrix product (B·Bᵀ of the organisation-by-bid matrix), so a national graph of
    a million ties takes seconds; ``shared_bids`` names the bids behind a tie.
    """
    import numpy as np
    from scipy import sparse

    bids_of: dict[str, set[str]] = defaultdict(set)
    led: dict[str, int] = defaultdict(int)
    first: dict[str, dict] = {}
    for row in rows:
        bids_of[row["org"]].add(row["bid"])
        led[row["org"]] += row["role"] == "lead"
        first.setdefault(row["org"], row)
    orgs = sorted(bids_of)
    bids = sorted({r["bid"] for r in rows})
    graph = nx.Graph(bids_of={org: frozenset(b) for org, b in bids_of.items()})
    for org in orgs:
        graph.add_node(org, label=first[org]["name"], sector=first[org]["sector"],
                       bids=len(bids_of[org]), led=led[org])
    if not orgs:
        return graph
    bid_index = {bid: i for i, bid in enumerate(bids)}
    cells = [(i, bid_index[bid]) for i, org in enumerate(orgs) for bid in bids_of[org]]
    i, j = np.array(cells, dtype=np.int64).T
    incidence = sparse.csr_matrix((np.ones(len(cells), dtype=np.int64), (i, j)),
                                  shape=(len(orgs), len(bids)))
    shared = sparse.triu(incidence @ incidence.T, k=1).tocoo()
    order = np.lexsort((shared.col, shared.row))
    graph.add_weighted_edges_from(
        (orgs[a], orgs[b], int(w)) for a, b, w in
        zip(shared.row[order].tolist(), shared.col[order].tolist(), shared.data[order].tolist()))
    return graph


def shared_bids(graph: nx.Graph, a: str, b: str) -> list[str]:
    """The bids (IRIs, sorted) that organisations ``a`` and ``b`` of a projection took part in
    together."""
    bids_of = graph.graph["bids_of"]
    return sorted(bids_of[a] & bids_of[b])


def roll_up(rows: list[dict], register, date: str) -> tuple[list[dict], dict[str, list[str]]]:
    """Memberships of bodies that no longer existed on ``date`` moved to their successors.

    Returns the new rows and, for each body replaced, the names of the bodies that replaced it.
    A body split between several successors counts for each of them.
    """
    from ..graph.build import body_iri

    prefix = str(body_iri(""))
    out: dict[tuple[str, str], dict] = {}
    replaced: dict[str, list[str]] = {}
    for row in rows:
        ident = row["org"][len(prefix):] if row["org"].startswith(prefix) else ""
        current = register.successors_on(ident, date) if register.get(ident) else [ident]
        if current == [ident] or not current:
            out.setdefault((row["bid"], row["org"]), row)
            continue
        bodies = [register.get(c) for c in current if register.get(c)]
        replaced[row["name"]] = [b.name for b in bodies]
        for body in bodies:
            moved = dict(row, org=str(body_iri(body.id)), name=body.name, sector=body.sector)
            # a successor already in the bid keeps its own role
            out.setdefault((row["bid"], moved["org"]), moved)
    return sorted(out.values(), key=lambda r: (r["bid"], r["org"])), dict(sorted(replaced.items()))

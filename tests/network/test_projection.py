import random
from pathlib import Path

import networkx as nx
from networkx.algorithms import bipartite
from partnerkg.graph.build import bid_iri, organisation_iri
from partnerkg.loaders import locate
from partnerkg.network.projection import (
    MembershipTable,
    bipartite_graph,
    copartnership_graph,
    memberships,
    shared_bids,
)

DATA = Path(__file__).parents[1] / "data"


def long_bid(key: str) -> str:
    return str(bid_iri(key, "Test Fund", locate(DATA / "long.csv")))


A, B, G, D, E = (str(organisation_iri(n)) for n in (
    "Alpha Council", "Beta Police", "Gamma Health Trust", "Delta Voluntary Services",
    "Epsilon District Council"))


def test_bipartite_projection(long_kg):
    graph = bipartite_graph(memberships(long_kg))
    orgs = {n for n, d in graph.nodes(data=True) if d["kind"] == "organisation"}
    bids = {n for n, d in graph.nodes(data=True) if d["kind"] == "bid"}
    assert orgs == {A, B, G, D, E}
    assert bids == {long_bid(k) for k in ("b1", "b2", "b3")}
    assert graph.number_of_edges() == 8
    assert graph.edges[A, long_bid("b1")]["role"] == "lead"


def test_copartnership_weights_count_shared_bids(long_kg):
    graph = copartnership_graph(memberships(long_kg))
    # worked out by hand from tests/data/long.csv
    expected = {frozenset((A, B)): 2, frozenset((A, G)): 1, frozenset((B, G)): 1,
                frozenset((B, D)): 1, frozenset((A, E)): 1, frozenset((B, E)): 1}
    assert {frozenset(e): w for *e, w in graph.edges(data="weight")} == expected
    assert shared_bids(graph, A, B) == [long_bid("b1"), long_bid("b3")]
    assert dict(graph.degree()) == {A: 3, B: 4, G: 2, D: 1, E: 2}
    assert graph.nodes[A]["led"] == 2 and graph.nodes[B]["bids"] == 3


def test_sparse_projection_equals_networkx_weighted_projection():
    rng = random.Random(3)
    rows = [{"org": f"o{rng.randrange(120):03d}", "bid": f"b{b:03d}", "name": "x", "sector": "other",
             "role": "partner"} for b in range(200) for _ in range(rng.randrange(1, 9))]
    naive = nx.Graph()
    naive.add_edges_from((r["org"], r["bid"]) for r in rows)
    expected = bipartite.weighted_projected_graph(naive, sorted({r["org"] for r in rows}))
    graph = copartnership_graph(rows)
    assert set(graph) == set(expected)
    assert {frozenset(e): w for *e, w in graph.edges(data="weight")} == \
        {frozenset(e): w for *e, w in expected.edges(data="weight")}
    a, b = next(iter(expected.edges()))
    assert len(shared_bids(graph, a, b)) == expected[a][b]["weight"]


def test_partners_of_one_body_equal_networkx_weighted_projection():
    # repeated memberships of a body in a bid count once, as networkx's projection counts them
    rng = random.Random(5)
    rows = [{"org": f"o{rng.randrange(60):02d}", "name": "", "sector": "other",
             "bid": f"b{b:03d}", "bid_label": "", "role": "partner", "round": "",
             "amount": None, "title": "", "confidence": None}
            for b in range(150) for _ in range(rng.randrange(1, 7))]
    for r in rows:
        r["name"] = r["org"].upper()
    naive = nx.Graph()
    naive.add_edges_from((r["org"], r["bid"]) for r in rows)
    expected = bipartite.weighted_projected_graph(naive, sorted({r["org"] for r in rows}))
    table = MembershipTable.of_rows(rows)
    for org in expected:
        found = table.partners_of(org)
        assert sorted((p, w) for p, _, w in found) == \
            sorted((p, d["weight"]) for p, d in expected[org].items()), org
        assert all(name == p.upper() for p, name, _ in found)
    assert table.partners_of("nobody") == []


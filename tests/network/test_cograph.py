"""The sparse co-partnership graph answers as the networkx graph of the same memberships."""

import random

import networkx as nx
import pytest
from networkx.algorithms import bipartite
from partnerkg.network.brokerage import brokerage
from partnerkg.network.metrics import betweenness_sample
from partnerkg.network.paths import bid_path, shortest_chain, within
from partnerkg.network.projection import CoGraph, shared_bids


def random_rows(seed: int, orgs: int = 150, bids: int = 120) -> list[dict]:
    rng = random.Random(seed)
    sectors = ["council", "police", "health", "fire-and-rescue"]
    rows = {}
    for b in range(bids):
        for i in range(rng.randrange(1, 7)):
            org = f"o{rng.randrange(orgs):03d}"
            rows[(f"b{b:03d}", org)] = {
                "org": org, "bid": f"b{b:03d}", "name": org.upper(),
                "sector": sectors[int(org[1:]) % 4], "role": "lead" if i == 0 else "partner"}
    return list(rows.values())


def networkx_projection(rows):
    """The weighted projection networkx's bipartite module makes (the reference)."""
    both = nx.Graph()
    both.add_edges_from((r["org"], r["bid"]) for r in rows)
    graph = bipartite.weighted_projected_graph(both, sorted({r["org"] for r in rows}))
    for r in rows:
        graph.nodes[r["org"]].update(label=r["name"], sector=r["sector"])
    return graph


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_ties_degrees_and_neighbours_equal_networkx(seed):
    rows = random_rows(seed)
    graph, expected = CoGraph(rows), networkx_projection(rows)
    assert list(graph) == sorted(expected)
    assert {frozenset((a, b)): w for a, b, w in graph.edges(data="weight")} == \
        {frozenset((a, b)): w for a, b, w in expected.edges(data="weight")}
    assert graph.number_of_edges() == expected.number_of_edges()
    assert dict(graph.degree()) == dict(expected.degree())
    assert dict(graph.degree(weight="weight")) == dict(expected.degree(weight="weight"))
    node = max(expected, key=expected.degree)
    assert {p: d["weight"] for p, d in graph[node].items()} == \
        {p: d["weight"] for p, d in expected[node].items()}
    leads = {}
    for r in rows:
        leads[r["org"]] = leads.get(r["org"], 0) + (r["role"] == "lead")
    assert {n: graph.nodes[n]["led"] for n in graph} == leads
    a, b = next(iter(expected.edges()))
    assert len(shared_bids(graph, a, b)) == expected[a][b]["weight"]
    chosen = sorted(expected)[::3]
    assert nx.utils.edges_equal(graph.subgraph(chosen).edges(data="weight"),
                                expected.subgraph(chosen).edges(data="weight"))


@pytest.mark.parametrize("seed", [4, 5])
def test_chains_and_neighbourhoods_equal_networkx(seed):
    rows = random_rows(seed, orgs=300, bids=90)  # sparse enough to leave some apart
    graph, expected = CoGraph(rows), networkx_projection(rows)
    nodes = sorted(expected)
    rng = random.Random(seed)
    apart = 0
    for _ in range(60):
        a, b = rng.choice(nodes), rng.choice(nodes)
        chain = shortest_chain(graph, a, b)
        if not nx.has_path(expected, a, b):
            assert chain is None
            apart += 1
            continue
        assert len(chain) == nx.shortest_path_length(expected, a, b) + 1
        assert chain[0] == a and chain[-1] == b
        assert all(expected.has_edge(x, y) for x, y in zip(chain, chain[1:]))
    assert apart  # the case of no chain was tried
    for depth in (1, 2, 3):
        centre = rng.choice(nodes)
        assert within(graph, centre, depth) == set(nx.ego_graph(expected, centre, depth))


def test_a_bid_path_names_a_shared_bid_at_each_step():
    rows = random_rows(6)
    graph = CoGraph(rows)
    a, b = graph.order[0], graph.order[-1]
    steps = bid_path(graph, a, b, {r["bid"]: r["bid"].upper() for r in rows})
    members = {}
    for r in rows:
        members.setdefault(r["bid"].upper(), set()).add(r["name"])
    for step in steps:
        assert {step["from"], step["to"]} <= members[step["bid"]]


def test_brokerage_on_the_sparse_graph_equals_it_on_networkx():
    rows = random_rows(7)
    assert brokerage(CoGraph(rows)) == brokerage(networkx_projection(rows))


def test_the_betweenness_sample_shrinks_only_on_very_dense_national_graphs():
    assert betweenness_sample(5000, 10**6) is None  # exact up to 5,000 organisations
    assert betweenness_sample(5001, 10_000) == 500
    # 100 million ties passed at most, never fewer than 100 sources
    assert betweenness_sample(60_000, 400_000) == 250
    assert betweenness_sample(60_000, 10**7) == 100


@pytest.mark.parametrize("seed", [8, 9])
def test_the_graph_of_a_membership_table_equals_the_graph_of_its_rows(seed):
    from partnerkg.network.projection import MembershipTable

    rows = [dict(r, bid_label=r["bid"].upper(), round="", amount=None, title="",
                 confidence=None) for r in random_rows(seed)]
    from decimal import Decimal
    for r in rows:  # one amount per bid, and one bid with none stated
        r["amount"] = Decimal(1000 + int(r["bid"][1:]) % 7 * 250) if r["bid"] != "b000" else None
    table = MembershipTable.of_rows(rows)
    made, expected = CoGraph.from_table(table), CoGraph(rows)
    assert made.order == expected.order and made.attributes == expected.attributes
    assert (made.adjacency != expected.adjacency).nnz == 0
    assert made.bids == expected.bids and (made.incidence != expected.incidence).nnz == 0
    assert table.funding() == funding_worked_out(rows)
    assert table.rows() == rows


def funding_worked_out(rows: list[dict]) -> tuple[dict, dict]:
    """The totals worked out here, apart from the code: each bid's amount once per body, and
    once more if it led; the sum (Python's, of Decimals) of the amounts stated, None for a
    body none of whose bids states one."""
    took, led = {}, {}
    for r in rows:
        took.setdefault(r["org"], {})[r["bid"]] = r["amount"]
        if r["role"] == "lead":
            led.setdefault(r["org"], {})[r["bid"]] = r["amount"]

    def total(amounts):
        stated = [a for a in amounts.values() if a is not None]
        return sum(stated) if stated else None
    return {o: total(b) for o, b in took.items()}, {o: total(b) for o, b in led.items()}


def test_funding_totals_are_the_exact_decimal_sums_whatever_the_units():
    """Amounts in pounds, tenths and pence, one of zero, one with an exponent, and some too
    big for 64-bit sums: each body's total is the sum Python's Decimals give, written the same
    way (so 3.50 stays 3.50 and a whole sum of pounds keeps no pence)."""
    from decimal import Decimal

    from partnerkg.network.projection import MembershipTable

    draw = random.Random(4)
    for amounts in (["1200000", "0.5", "2.25", "0", "1.10", "350", "3E+1", "-2.5", None],
                    ["9" * 20, "1" * 19, "0.01", None],  # the second overflows int64
                    ["1200000", "350", "0", None]):  # whole pounds: parsed at once
        bids = {f"b{i}": draw.choice(amounts) for i in range(60)}
        rows = []
        for org in range(25):
            for bid in draw.sample(sorted(bids), 6):
                rows.append({"org": f"o{org:02d}", "bid": bid, "name": f"O{org}",
                             "role": draw.choice(["lead", "partner"]),
                             "amount": None if bids[bid] is None else Decimal(bids[bid])})
        expected = funding_worked_out(rows)
        found = MembershipTable.of_rows(rows).funding()
        assert found == expected
        assert [{o: str(t) for o, t in part.items()} for part in found] == \
            [{o: str(t) for o, t in part.items()} for part in expected]


def test_work_in_the_background_gives_the_same_answer():
    from partnerkg.network import engine

    graph = networkx_projection(random_rows(10))
    pending = engine.in_background(engine.betweenness, graph, 40, 42, None, False)
    assert pending() == engine.betweenness(graph, k=40, seed=42)


def test_measures_with_work_in_the_background_equal_those_made_in_line(monkeypatch):
    from partnerkg.network import engine, metrics

    rows = [dict(r, amount=None) for r in random_rows(11, orgs=400, bids=300)]
    graph = CoGraph(rows)
    in_line = metrics.organisation_measures(graph, rows)
    monkeypatch.setattr(metrics, "BACKGROUND_BROKERAGE_FROM", 0)
    monkeypatch.setattr(engine, "BACKGROUND_DENSITY", 0)  # brokerage in the background, then
    monkeypatch.setattr(metrics, "EXACT_BETWEENNESS_LIMIT", 10)  # sampled, then
    monkeypatch.setattr(engine, "SPLIT_BETWEENNESS_FROM", 0)  # in the background
    sampled_in_line = engine.betweenness(graph, k=metrics.betweenness_sample(
        graph.number_of_nodes(), graph.number_of_edges()), seed=metrics.SEED, split=False)
    found, notes = metrics.organisation_measures(graph, rows)
    assert "sampled" in notes["betweenness"]
    for node, m in found.items():
        assert m["betweenness"] == sampled_in_line[node]
        assert {k: v for k, v in m.items() if k != "betweenness"} == \
            {k: v for k, v in in_line[0][node].items() if k != "betweenness"}


@pytest.mark.parametrize("seed", [8, 9])
def test_ties_inside_clusters_are_counted_alike_from_arrays_and_from_networkx(seed):
    """Each member's weight inside its cluster and each cluster's ties: the CoGraph's numpy
    count against networkx's graph of the same ties, counted one by one."""
    from partnerkg.network.clusters import _inner, partition

    graph = CoGraph(random_rows(seed))
    plain = graph.to_networkx()
    blocks = partition(plain, seed=1)
    strength, ties = _inner(graph, blocks)
    expected_strength, expected_ties = _inner(plain, blocks)
    assert sum(ties.values()) > 0 and len(blocks) > 1
    assert strength == dict(expected_strength) and ties == dict(expected_ties)


def test_the_incidence_matrix_is_the_same_whether_the_bids_come_sorted_or_not():
    from partnerkg.network.projection import MembershipTable

    rows = [dict(r, bid_label=r["bid"], round="", amount=None, title="", confidence=None)
            for r in random_rows(3)]
    shuffled = rows[:]
    random.Random(5).shuffle(shuffled)
    in_order = sorted(rows, key=lambda r: (r["bid"], r["org"]))
    order = sorted({r["org"] for r in rows})
    first, second = (MembershipTable.of_rows(part) for part in (in_order, shuffled))
    assert first._bids_sorted() and not second._bids_sorted()
    (bids, matrix), (other_bids, other) = first.incidence(order), second.incidence(order)
    assert bids == other_bids == sorted({r["bid"] for r in rows})
    assert (matrix != other).nnz == 0

"""Brokerage by sparse-matrix algebra equals its definition, computed the slow way here."""

from itertools import combinations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st
from partnerkg.network.brokerage import brokerage


def by_definition(graph: nx.Graph) -> dict:
    """The README's definition, pair by pair: the share of pairs of a body's partners that are
    from different sectors and not partners of each other."""
    found = {}
    for node in graph:
        partners = sorted(graph[node])
        pairs = list(combinations(partners, 2))
        bridged = sum(1 for a, b in pairs if graph.nodes[a]["sector"] != graph.nodes[b]["sector"]
                      and not graph.has_edge(a, b))
        found[node] = {"sectors_spanned": len({graph.nodes[p]["sector"] for p in partners}),
                       "brokerage": bridged / len(pairs) if pairs else 0.0}
    return found


@st.composite
def sector_graphs(draw):
    size = draw(st.integers(0, 25))
    edges = draw(st.lists(st.tuples(st.integers(0, max(size - 1, 0)),
                                    st.integers(0, max(size - 1, 0))), max_size=80))
    graph = nx.Graph()
    graph.add_nodes_from(range(size))
    graph.add_edges_from((a, b) for a, b in edges if a != b and size)
    for node in graph:
        graph.nodes[node]["sector"] = draw(st.sampled_from(["council", "police", "health"]))
    return graph


@settings(max_examples=300, deadline=None, derandomize=True)
@given(sector_graphs())
def test_brokerage_equals_its_definition_on_random_graphs(graph):
    assert brokerage(graph) == by_definition(graph)


def test_brokerage_on_the_bundled_network_equals_its_definition(bundled_kg):
    from partnerkg.network.analysis import Analysis

    graph = Analysis.of(bundled_kg).graph
    assert brokerage(graph) == by_definition(graph)


def test_a_star_of_twenty_thousand_partners():
    # 200 million pairs of partners: listing them would not finish; the algebra does at once
    star = nx.star_graph(20_000)
    for node in star:
        star.nodes[node]["sector"] = "council" if node % 2 else "police"
    star.add_edge(1, 2)  # one cross-sector pair that are partners of each other
    found = brokerage(star)
    leaves = 20_000
    pairs = leaves * (leaves - 1) // 2
    cross = (leaves // 2) * (leaves // 2)  # 10,000 councils by 10,000 police
    assert found[0] == {"sectors_spanned": 2, "brokerage": (cross - 1) / pairs}
    # 1 (a council) has two police partners: no pair across a line
    assert found[1] == {"sectors_spanned": 1, "brokerage": 0.0}
    # 2 (police) has the hub (police) and 1 (a council), who are partners of each other
    assert found[2] == {"sectors_spanned": 2, "brokerage": 0.0}
    assert found[3] == {"sectors_spanned": 1, "brokerage": 0.0}  # one partner: no pairs


def test_the_analysis_and_exports_of_a_star_of_twenty_thousand_partners(tmp_path):
    # a hub in 20,000 bids, each with one partner of its own: the measures, the clusters, the
    # sector and round counts, a view's side panel and the exports hold no loop over pairs of
    # its partners (200 million), or this would not finish
    import csv

    from partnerkg.exports.writers import write_network
    from partnerkg.network.analysis import Analysis
    from partnerkg.network.brokerage import bids_joining, sector_matrix
    from partnerkg.network.rounds import round_changes
    from partnerkg.views.network import _Names, _strongest_ties

    rows = []
    for i in range(20_000):
        common = {"bid": f"b{i:05d}", "bid_label": f"bid {i}", "round": "2020-21",
                  "amount": None, "title": "", "confidence": None}
        rows.append(dict(common, org="hub", name="Hub Council", sector="council", role="lead"))
        rows.append(dict(common, org=f"leaf{i:05d}", name=f"Leaf Body {i:05d}", role="partner",
                         sector="police" if i % 2 else "health"))
    analysis = Analysis.of_rows(rows)
    hub = analysis.measures["hub"]
    pairs = 20_000 * 19_999 // 2
    assert hub["degree"] == 20_000 and hub["strength"] == 20_000 and hub["led"] == 20_000
    assert hub["brokerage"] == 10_000 * 10_000 / pairs  # police by health, none tied
    assert hub["sectors_spanned"] == 2 and hub["core"] == 1 and hub["clustering"] == 0.0
    assert round_changes(rows) == [{"round": "2020-21", "bids": 20_000, "bodies": 20_001,
                                    "new_bodies": 20_001, "pairs": 20_000, "repeat_pairs": 0}]
    present, matrix = sector_matrix(rows)
    assert dict(zip(present, matrix[present.index("council")])) == \
        {"council": 0, "police": 10_000, "health": 10_000}
    assert bids_joining(rows) == []
    strongest = _strongest_ties(analysis.projection, "hub", 100, _Names.of(analysis))
    # (name, shared bids, node) of each: the node makes a partner in the panel clickable
    assert strongest == [(f"Leaf Body {i:05d}", 1, f"leaf{i:05d}") for i in range(100)]
    written = write_network(analysis, "csv", tmp_path / "net")
    with open(written[1], newline="", encoding="utf-8") as handle:
        assert sum(1 for _ in csv.DictReader(handle)) == 20_000

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

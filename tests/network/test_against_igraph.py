"""The project's measures against an independent implementation: igraph for what networkx
computes, networkx for what igraph computes."""

import igraph as ig
import networkx as nx
import pytest
from partnerkg.network.clusters import adjusted_rand_index, clusters, partition
from partnerkg.network.metrics import organisation_measures
from partnerkg.network.projection import copartnership_graph, memberships
from partnerkg.queries.runner import query_rows


def to_igraph(graph: nx.Graph):
    nodes = sorted(graph)
    index = {n: i for i, n in enumerate(nodes)}
    g = ig.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in graph.edges()])
    g.es["weight"] = [graph[a][b].get("weight", 1) for a, b in graph.edges()]
    return g, nodes, index


def random_graph():
    graph = nx.gnm_random_graph(300, 900, seed=7)
    for node in graph:
        graph.nodes[node].update(label=f"org {node:03d}", sector="council", bids=1, led=0)
    for a, b in graph.edges():
        graph[a][b]["weight"] = 1 + (a * b) % 3
    return graph


@pytest.fixture(params=["bundled", "random"])
def graph(request, bundled_kg):
    if request.param == "bundled":
        return copartnership_graph(memberships(bundled_kg))
    return random_graph()


def test_measures_match_an_independent_implementation(graph):
    """Degree and strength are networkx's, so they are checked against igraph; betweenness,
    core numbers and clustering are computed by igraph, so they are checked against networkx."""
    measures, _ = organisation_measures(graph, [])
    g, nodes, index = to_igraph(graph)
    degree = g.degree()
    strength = g.strength(weights="weight")
    betweenness = nx.betweenness_centrality(graph)
    core = nx.core_number(graph)
    clustering = nx.clustering(graph)
    for node in nodes:
        i = index[node]
        assert measures[node]["degree"] == degree[i]
        assert measures[node]["strength"] == strength[i]
        assert measures[node]["betweenness"] == pytest.approx(betweenness[node], abs=1e-9)
        assert measures[node]["core"] == core[node]
        assert measures[node]["clustering"] == pytest.approx(clustering[node])


def test_reported_modularity_matches_networkx(graph):
    """The modularity a report gives is computed by igraph: checked against networkx's."""
    blocks = partition(graph)
    found = clusters(graph)
    assert {frozenset(c["ids"]) for c in found} == {frozenset(b) for b in blocks if len(b) > 1}
    assert found[0]["modularity"] == pytest.approx(
        nx.community.modularity(graph, blocks, weight="weight"))


def test_adjusted_rand_index_matches_igraph():
    graph = random_graph()
    first, second = partition(graph, 1), partition(graph, 2)
    g, nodes, index = to_igraph(graph)

    def membership(blocks):
        out = [0] * len(nodes)
        for number, block in enumerate(blocks):
            for node in block:
                out[index[node]] = number
        return out
    expected = ig.compare_communities(membership(first), membership(second), method="adjusted_rand")
    assert adjusted_rand_index(first, second) == pytest.approx(expected)


def test_top_partners_query_equals_networkx(bundled_kg):
    header, rows = query_rows(bundled_kg, name="top-partners")
    from_sparql = {str(r[header.index("name")]): int(r[header.index("partners")]) for r in rows}
    graph = copartnership_graph(memberships(bundled_kg))
    from_networkx = {graph.nodes[n]["label"]: graph.degree(n) for n in graph}
    assert from_sparql == from_networkx

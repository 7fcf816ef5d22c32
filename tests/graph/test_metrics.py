import networkx as nx

from partnerkg.graph.clusters import clusters
from partnerkg.graph.metrics import top_partners
from partnerkg.graph.network import copartnership_graph, memberships


def test_top_partners_order(long_kg):
    graph = copartnership_graph(memberships(long_kg))
    rows = top_partners(graph, 10)
    # by hand: Beta 4 partners; Alpha 3; Epsilon and Gamma 2 each (tie broken by name); Delta 1
    assert [(r["name"], r["partners"]) for r in rows] == [
        ("Beta Police", 4), ("Alpha Council", 3), ("Epsilon District Council", 2),
        ("Gamma Health Trust", 2), ("Delta Voluntary Services", 1)]
    assert top_partners(graph, 2) == rows[:2]


def _two_triangles():
    graph = nx.Graph()
    for a, b in [("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z")]:
        graph.add_edge(a, b, weight=1)
    graph.add_node("loner")
    for node in graph:
        graph.nodes[node].update(label=node.upper(), sector="council")
    return graph


def test_clusters_of_disconnected_triangles():
    found = clusters(_two_triangles())
    assert [sorted(c["members"]) for c in found] == [["A", "B", "C"], ["X", "Y", "Z"]]
    # modularity of two equal disjoint triangles: 2 * (3/6 - (6/12)^2) = 0.5
    assert abs(found[0]["modularity"] - 0.5) < 1e-9


def test_clusters_are_deterministic(bundled_kg):
    graph = copartnership_graph(memberships(bundled_kg))
    assert clusters(graph) == clusters(graph)

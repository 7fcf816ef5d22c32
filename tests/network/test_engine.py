"""The igraph-backed algorithms give networkx's own answers."""

import networkx as nx
import pytest
from partnerkg.network import engine
from partnerkg.network.clusters import adjusted_rand_index


def weighted_graph(n=300, m=900, seed=7):
    graph = nx.gnm_random_graph(n, m, seed=seed)
    graph.add_edges_from([(n, n + 1), (n + 1, n + 2)])  # a second component
    graph.add_node(n + 3)  # and an isolated node
    for a, b in graph.edges():
        graph[a][b]["weight"] = 1 + (a * b) % 3
    return nx.relabel_nodes(graph, {v: f"org-{v:03d}" for v in graph})


def assert_close(found: dict, expected: dict):
    assert found.keys() == expected.keys()
    for node in expected:
        assert found[node] == pytest.approx(expected[node], abs=1e-12), node


def test_exact_betweenness_equals_networkx():
    graph = weighted_graph()
    assert_close(engine.betweenness(graph), nx.betweenness_centrality(graph))


@pytest.mark.parametrize("k", [2, 40, 150])
def test_sampled_betweenness_equals_networkx_with_the_same_seed(k):
    graph = weighted_graph()
    assert_close(engine.betweenness(graph, k=k, seed=42),
                 nx.betweenness_centrality(graph, k=k, seed=42))


def test_core_numbers_and_clustering_equal_networkx():
    graph = weighted_graph(seed=3)
    graph.add_edges_from([("org-000", "org-001"), ("org-001", "org-002"), ("org-000", "org-002")])
    assert engine.core_number(graph) == nx.core_number(graph)
    assert_close(engine.clustering(graph), nx.clustering(graph))


def test_modularity_equals_networkx():
    graph = weighted_graph()
    blocks = nx.community.louvain_communities(graph, weight="weight", seed=1)
    assert engine.modularity(graph, blocks) == pytest.approx(
        nx.community.modularity(graph, blocks, weight="weight"), abs=1e-12)


def planted(groups=8, size=40, seed=5):
    return nx.planted_partition_graph(groups, size, 0.5, 0.01, seed=seed), [
        set(range(g * size, (g + 1) * size)) for g in range(groups)]


def test_louvain_recovers_planted_communities_as_networkx_does():
    graph, truth = planted()
    ours = engine.louvain(graph, seed=42)
    theirs = nx.community.louvain_communities(graph, seed=42)
    assert sorted(map(sorted, ours)) == sorted(map(sorted, truth))
    assert adjusted_rand_index(ours, theirs) == 1.0
    assert engine.modularity(graph, ours) == pytest.approx(
        nx.community.modularity(graph, theirs, weight="weight"))


def test_louvain_is_deterministic_and_leaves_the_global_random_state_alone():
    import random

    graph = weighted_graph(seed=11)
    random.seed(123)
    expected_next = random.random()
    random.seed(123)
    first = engine.louvain(graph, seed=42)
    assert random.random() == expected_next
    assert sorted(map(sorted, engine.louvain(graph, seed=42))) == sorted(map(sorted, first))
    assert set().union(*first) == set(graph)


@pytest.mark.parametrize("size", [300, 2600])  # dense solver below 2000 members, sparse above
def test_component_eigenvector_equals_networkx_per_component(size):
    from partnerkg.network.metrics import component_eigenvector

    graph = weighted_graph(n=size, m=size * 4, seed=9)
    found = component_eigenvector(graph)
    for component in nx.connected_components(graph):
        if len(component) < 2:
            assert all(found[node] == 0.0 for node in component)
            continue
        expected = nx.eigenvector_centrality_numpy(graph.subgraph(component), weight="weight")
        top = max(expected.values())
        for node in component:
            assert found[node] == pytest.approx(expected[node] / top, abs=1e-9)


def test_sampled_betweenness_split_over_processes_equals_networkx(monkeypatch):
    # the sources split in two halves, run in forked processes, and the halves' paths added
    monkeypatch.setattr(engine, "SPLIT_BETWEENNESS_FROM", 0)
    graph = weighted_graph()
    assert_close(engine.betweenness(graph, k=61, seed=42),
                 nx.betweenness_centrality(graph, k=61, seed=42))


def test_side_by_side_keeps_the_order_of_the_calls():
    assert engine.side_by_side(lambda a, b: a * b, [(i, i + 1) for i in range(7)]) == \
        [i * (i + 1) for i in range(7)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_rand_index_of_numbered_blocks_equals_the_one_of_sets(seed):
    import random

    from partnerkg.network.clusters import adjusted_rand_index_of_labels

    rng = random.Random(seed)
    first = [rng.randrange(6) for _ in range(400)]
    second = [rng.randrange(9) if rng.random() < 0.5 else f for f in first]

    def blocks(labels):
        found = {}
        for node, label in enumerate(labels):
            found.setdefault(label, set()).add(node)
        return list(found.values())
    assert adjusted_rand_index_of_labels(first, second) == pytest.approx(
        adjusted_rand_index(blocks(first), blocks(second)), abs=1e-12)
    assert adjusted_rand_index_of_labels(first, first) == 1.0


def test_stability_on_a_graph_clustered_in_igraph_equals_the_mean_rand_index(monkeypatch):
    from partnerkg.network import clusters

    monkeypatch.setattr(engine, "LOUVAIN_NETWORKX_LIMIT", 0)  # as on a national graph
    graph = weighted_graph()
    reference = engine.louvain(graph, seed=42)
    expected = sum(adjusted_rand_index(reference, engine.louvain(graph, seed=s))
                   for s in range(10)) / 10
    assert clusters.stability(graph, reference) == pytest.approx(expected, abs=1e-12)

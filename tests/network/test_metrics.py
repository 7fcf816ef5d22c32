import networkx as nx
import pytest
from partnerkg.network.analysis import Analysis
from partnerkg.network.clusters import clusters
from partnerkg.network.projection import copartnership_graph, memberships


def test_top_partners_order(long_kg):
    analysis = Analysis.of(long_kg)
    rows = analysis.top(10)
    # by hand: Beta 4 partners; Alpha 3; Epsilon and Gamma 2 each (tie broken by name); Delta 1
    assert [(r["name"], r["degree"]) for r in rows] == [
        ("Beta Police", 4), ("Alpha Council", 3), ("Epsilon District Council", 2),
        ("Gamma Health Trust", 2), ("Delta Voluntary Services", 1)]
    assert analysis.top(2) == rows[:2]


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


# --- measures on tests/data/long.csv, worked out by hand ------------------------------------
# Co-partnership graph: Alpha-Beta (2 bids), Alpha-Gamma, Beta-Gamma, Beta-Delta, Alpha-Epsilon,
# Beta-Epsilon. Sectors: Alpha council, Beta police, Gamma health, Delta voluntary,
# Epsilon council. Amounts: b1 £1.2m (Alpha lead, Beta, Gamma), b2 £400k (Beta lead, Delta),
# b3 £1.2m (Alpha lead, Epsilon, Beta).

def _measures(long_kg):
    from partnerkg.network.metrics import organisation_measures

    rows = memberships(long_kg)
    graph = copartnership_graph(rows)
    measures, notes = organisation_measures(graph, rows)
    return {m["name"].split()[0]: m for m in measures.values()}, notes, graph


def test_measures_by_hand(long_kg):
    m, notes, _ = _measures(long_kg)
    assert notes["betweenness"] == "exact"
    assert {k: v["degree"] for k, v in m.items()} == {"Alpha": 3, "Beta": 4, "Gamma": 2,
                                                     "Delta": 1, "Epsilon": 2}
    assert {k: v["strength"] for k, v in m.items()} == {"Alpha": 4, "Beta": 5, "Gamma": 2,
                                                       "Delta": 1, "Epsilon": 2}
    # Beta lies on every path from Delta (3 pairs) and on one of two Gamma-Epsilon paths: 3.5
    # Alpha on the other Gamma-Epsilon path: 0.5; normalised by (n-1)(n-2)/2 = 6
    assert m["Beta"]["betweenness"] == pytest.approx(3.5 / 6)
    assert m["Alpha"]["betweenness"] == pytest.approx(0.5 / 6)
    assert m["Gamma"]["betweenness"] == 0
    assert {k: v["core"] for k, v in m.items()} == {"Alpha": 2, "Beta": 2, "Gamma": 2,
                                                   "Delta": 1, "Epsilon": 2}
    assert m["Alpha"]["clustering"] == pytest.approx(2 / 3)
    assert m["Beta"]["clustering"] == pytest.approx(1 / 3)
    assert m["Gamma"]["clustering"] == 1 and m["Delta"]["clustering"] == 0
    assert (m["Alpha"]["funding"], m["Alpha"]["funding_led"]) == (2400000, 2400000)
    assert (m["Beta"]["funding"], m["Beta"]["funding_led"]) == (2800000, 400000)
    assert m["Delta"]["funding"] == 400000
    assert max(v["eigenvector"] for v in m.values()) == 1.0
    assert m["Beta"]["eigenvector"] == 1.0  # the most central member of the one component


def test_brokerage_by_hand(long_kg):
    from partnerkg.network.brokerage import brokerage

    _, _, graph = _measures(long_kg)
    found = {graph.nodes[n]["label"].split()[0]: b for n, b in brokerage(graph).items()}
    # Beta's partner pairs: Alpha-Delta, Gamma-Delta, Gamma-Epsilon, Delta-Epsilon cross a sector
    # line unjoined; Alpha-Gamma are joined; Alpha-Epsilon share a sector: 4 of 6
    assert found["Beta"] == {"sectors_spanned": 3, "brokerage": pytest.approx(4 / 6)}
    assert found["Alpha"] == {"sectors_spanned": 3, "brokerage": pytest.approx(1 / 3)}
    assert found["Delta"] == {"sectors_spanned": 1, "brokerage": 0.0}


def test_sector_matrix_rounds_and_path_by_hand(long_kg):
    from partnerkg.network.brokerage import sector_matrix
    from partnerkg.network.paths import bid_path
    from partnerkg.network.rounds import round_changes

    rows = memberships(long_kg)
    sectors, matrix = sector_matrix(rows)
    cell = {(a, b): matrix[i][j] for i, a in enumerate(sectors) for j, b in enumerate(sectors)}
    assert cell[("council", "council")] == 1  # b3: Alpha and Epsilon
    assert cell[("council", "police")] == cell[("police", "council")] == 2  # b1, b3
    assert cell[("council", "health")] == 1 and cell[("police", "voluntary-and-community")] == 1
    assert cell[("council", "voluntary-and-community")] == 0
    assert round_changes(rows) == [
        {"round": "2020-21", "bids": 2, "bodies": 4, "new_bodies": 4, "pairs": 4,
         "repeat_pairs": 0},
        {"round": "2021-22", "bids": 1, "bodies": 3, "new_bodies": 1, "pairs": 3,
         "repeat_pairs": 1}]
    graph = copartnership_graph(rows)
    by_name = {d["label"]: n for n, d in graph.nodes(data=True)}
    labels = {r["bid"]: r["bid_label"] for r in rows}
    steps = bid_path(graph, by_name["Delta Voluntary Services"],
                     by_name["Epsilon District Council"], labels)
    assert [(s["from"], s["to"]) for s in steps] == [
        ("Delta Voluntary Services", "Beta Police"), ("Beta Police", "Epsilon District Council")]
    assert steps[0]["bid"] == "Beta Police, Test Fund 2020-21"


def test_stability_is_one_for_a_clear_partition():
    found = clusters(_two_triangles(), with_stability=True)
    assert found[0]["stability"] == 1.0


def test_stability_side_by_side_equals_one_run_after_another():
    import networkx as nx
    from partnerkg.network import clusters as C

    graph = nx.gnm_random_graph(600, 3000, seed=3)  # big enough to run in worker processes
    nx.set_edge_attributes(graph, 1, "weight")
    reference = C.partition(graph, 42)
    one_by_one = [C.adjusted_rand_index(reference, C.partition(graph, s)) for s in range(4)]
    assert C.stability(graph, reference, range(4)) == sum(one_by_one) / 4

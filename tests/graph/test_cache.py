"""Kept analysis results: reused for the same data, never for changed data, never in the data."""

import pytest
from partnerkg import KnowledgeGraph
from partnerkg.graph import cache
from partnerkg.network.analysis import Analysis
from partnerkg.pipeline import load_into_store


def refuse_to_compute(*args, **kwargs):
    raise AssertionError("computed again")


def test_a_second_analysis_reads_the_kept_result(tmp_path, data_dir, monkeypatch):
    store = tmp_path / "store"
    load_into_store([data_dir / "long.csv"], store)
    with KnowledgeGraph(store) as kg:
        triples = len(kg)
        first = Analysis.of(kg)
    with KnowledgeGraph(store) as kg:  # a new process would see the same
        monkeypatch.setattr(Analysis, "_compute", classmethod(refuse_to_compute))
        second = Analysis.of(kg)
        assert second.measures == first.measures
        assert second.clusters == first.clusters
        assert (second.notes, second.ties) == (first.notes, first.ties)
        assert len(kg) == triples  # results are kept apart from the data
        # and a request for less (no betweenness) is served by the same result
        assert Analysis.of(kg, betweenness=False).measures == first.measures


def test_changed_data_is_measured_again(tmp_path, data_dir, monkeypatch):
    store = tmp_path / "store"
    load_into_store([data_dir / "long.csv"], store)
    with KnowledgeGraph(store) as kg:
        before = Analysis.of(kg)
    load_into_store([data_dir / "variants.csv"], store)
    with KnowledgeGraph(store) as kg:
        after = Analysis.of(kg)
        assert len(after.measures) > len(before.measures)
        monkeypatch.setattr(Analysis, "_compute", classmethod(refuse_to_compute))
        with pytest.raises(AssertionError, match="computed again"):
            Analysis.of(kg, with_stability=True)  # more than was computed: not kept yet


def test_kept_values_read_back_with_their_types():
    from decimal import Decimal

    import pyoxigraph as ox

    store = ox.Store()
    value = {"funding": Decimal("1200000.5"), "ids": {"b", "a"}, "x": [1, 2.5, None, "s"]}
    assert cache.put(store, "test", "k", value)
    assert cache.get(store, "test", "k") == {"funding": Decimal("1200000.5"), "ids": ["a", "b"],
                                              "x": [1, 2.5, None, "s"]}
    assert cache.get(store, "test", "other") is None
    for i in range(cache.KEEP + 3):
        cache.put(store, "test", f"k{i}", i)
    assert sum(1 for _ in store.quads_for_pattern(None, None, None, None)) <= cache.KEEP


def test_a_lighter_result_never_serves_a_fuller_request(tmp_path, data_dir, monkeypatch):
    store = tmp_path / "store"
    load_into_store([data_dir / "long.csv"], store)
    with KnowledgeGraph(store) as kg:
        light = Analysis.of(kg, betweenness=False, structure=False)
        assert all(m["eigenvector"] is None and m["core"] is None for m in light.measures.values())
        full = Analysis.of(kg)  # computed: the light result lacks betweenness and structure
        assert all(m["core"] is not None for m in full.measures.values())
        for org, m in light.measures.items():
            keep = ("degree", "strength", "bids", "led", "funding", "cluster")
            assert {k: m[k] for k in keep} == {k: full.measures[org][k] for k in keep}
        monkeypatch.setattr(Analysis, "_compute", classmethod(refuse_to_compute))
        assert Analysis.of(kg, structure=False).measures == full.measures  # more serves less


def test_every_load_gives_a_new_data_version_and_empties_the_kept_results(tmp_path, data_dir):
    store = tmp_path / "store"
    load_into_store([data_dir / "long.csv"], store)
    with KnowledgeGraph(store) as kg:
        first = kg.data_version()
        Analysis.of(kg)
        assert cache.size(kg.oxigraph) > 0 and kg.data_version() == first
    load_into_store([data_dir / "variants.csv"], store)
    with KnowledgeGraph(store) as kg:
        assert kg.data_version() not in (None, first)
        assert cache.size(kg.oxigraph) == 0


def test_kept_memberships_equal_the_ones_read_from_the_data(tmp_path, data_dir, monkeypatch):
    from partnerkg.graph import tables
    from partnerkg.network import projection

    store = tmp_path / "store"
    load_into_store([data_dir / "long.csv", data_dir / "variants.csv"], store)
    with KnowledgeGraph(store) as kg:
        read = projection.MembershipTable(
            tables.pack_members(*projection._read_members(kg))).rows()
        assert projection.memberships(kg) == read
    with KnowledgeGraph(store) as kg:  # a new process: the kept table, no query of the data
        monkeypatch.setattr(projection, "_read_members", refuse_to_compute)
        assert projection.memberships(kg) == read
        sure = projection.memberships(kg, min_confidence=0.9)
        assert sure == [r for r in read if r["confidence"] is None or r["confidence"] >= 0.9]


def test_a_store_without_a_data_version_is_given_one_or_keyed_by_digest(tmp_path, data_dir):
    import pyoxigraph as ox

    store = tmp_path / "store"
    load_into_store([data_dir / "long.csv"], store)
    raw = ox.Store(str(store))
    raw.clear_graph(ox.NamedNode(str(cache.CACHE_GRAPH_IRI)))  # as a store kept before versions
    del raw
    with KnowledgeGraph(store) as kg:
        assert kg.data_version() is not None  # stamped on first use
    with KnowledgeGraph(store, read_only=True) as kg:
        assert kg.data_version() is not None


def test_stability_added_to_a_kept_partition_equals_a_fresh_computation(tmp_path, data_dir):
    from partnerkg.network.projection import memberships

    store = tmp_path / "store"
    load_into_store([data_dir / "long.csv", data_dir / "variants.csv"], store)
    with KnowledgeGraph(store) as kg:
        Analysis.of(kg, betweenness=False, structure=False)  # as the summary keeps it
        steady = Analysis.of(kg, with_stability=True)  # its partition reused
        fresh = Analysis.of_rows(memberships(kg), with_stability=True)  # nothing kept
    assert steady.clusters == fresh.clusters
    assert steady.measures == fresh.measures
    assert all(c["stability"] is not None for c in steady.clusters)

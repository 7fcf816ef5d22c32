"""The partition found on another core while the measures are computed (a big graph) is the
one ``clusters`` finds by itself."""

from partnerkg.network import engine
from partnerkg.network.analysis import Analysis
from partnerkg.network.clusters import clusters
from partnerkg.data.synth import synthetic_rows
from partnerkg.network.projection import CoGraph


def test_the_summary_clusters_equal_those_clusters_finds(monkeypatch, tmp_path):
    import csv

    monkeypatch.setattr(engine, "LOUVAIN_NETWORKX_LIMIT", 10)  # igraph's Louvain, as at XL
    started = []
    real = engine.in_background

    def recorded(function, *arguments):  # the real one, run: only which work it started is noted
        started.append(getattr(function, "__name__", ""))
        return real(function, *arguments)
    monkeypatch.setattr(engine, "in_background", recorded)
    path = tmp_path / "syn.csv"
    rows = list(synthetic_rows(bids=600, organisations=400, seed=3, variants=0))
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    from partnerkg.pipeline import KnowledgeGraph, load_into_store

    load_into_store([path], tmp_path / "store")
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        analysis = Analysis.of(kg, betweenness=False, structure=False)
        table = analysis.table()
        graph = CoGraph.from_table(table)
        funding = {o: m["funding_led"] for o, m in analysis.measures.items()}
        assert graph.number_of_edges() > 10
        expected = clusters(graph, funding=funding)
    assert "louvain_labels" in started  # the partition was found on another core
    assert len(expected) > 1
    assert analysis.clusters == expected

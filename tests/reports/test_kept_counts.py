"""Sector and round counts are kept in the store and read back: the same tables as counted."""

import pytest

from partnerkg import KnowledgeGraph
from partnerkg.graph import cache
from partnerkg.network import brokerage, rounds
from partnerkg.pipeline import load_into_store
from partnerkg.reports.partnerships import rounds_report, sectors_report


def refuse(*args, **kwargs):
    raise AssertionError("counted again")


def tables(reports) -> list:
    return [(t.title, t.header, t.rows, t.facts) for t in reports]


@pytest.fixture
def store(tmp_path, data_dir):
    load_into_store([data_dir / "long.csv", data_dir / "variants.csv"], tmp_path / "store")
    return tmp_path / "store"


@pytest.mark.parametrize("report, options, counters", [
    (sectors_report, {}, [(brokerage, "sector_matrix"), (brokerage, "bids_joining")]),
    (sectors_report, {"min_confidence": 0.9}, [(brokerage, "sector_matrix")]),
    (rounds_report, {"sector": "council"}, [(rounds, "round_changes")]),
    (rounds_report, {}, [(rounds, "round_changes")]),
])
def test_kept_counts_are_the_counts(store, monkeypatch, report, options, counters):
    with monkeypatch.context() as patch, KnowledgeGraph(store) as kg:  # counted, nothing kept
        patch.setattr(cache, "remembered", lambda kg, kind, parts, count, **_: count())
        fresh = tables(report(kg, **options))
    with KnowledgeGraph(store) as kg:
        first = tables(report(kg, **options))
    for module, name in counters:
        monkeypatch.setattr(module, name, refuse)
    with KnowledgeGraph(store) as kg:
        assert tables(report(kg, **options)) == first == fresh


def test_other_selections_and_new_data_are_counted_again(store, data_dir, tmp_path):
    with KnowledgeGraph(store) as kg:
        everyone = tables(rounds_report(kg))
        councils = tables(rounds_report(kg, sector="council"))
        sectors = tables(sectors_report(kg))
    assert everyone != councils
    load_into_store([data_dir / "wide.csv"], store)  # more bids: the counts change
    files = [data_dir / name for name in ("long.csv", "variants.csv", "wide.csv")]
    load_into_store(files, tmp_path / "fresh")
    with KnowledgeGraph(store) as kg, KnowledgeGraph(tmp_path / "fresh", read_only=True) as new:
        after = tables(sectors_report(kg)), tables(rounds_report(kg))
        assert after == (tables(sectors_report(new)), tables(rounds_report(new)))
    assert after != (sectors, everyone)

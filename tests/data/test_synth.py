"""Synthetic data names exactly the organisations asked for, each one of its own."""

import csv

import pytest

from partnerkg import KnowledgeGraph
from partnerkg.pipeline import write_synthetic_data
from partnerkg.network.projection import memberships


@pytest.mark.parametrize("bids, orgs", [(400, 300), (30, 1000)])
def test_the_graph_has_exactly_the_organisations_asked_for(tmp_path, bids, orgs):
    path = tmp_path / "s.csv"
    write_synthetic_data(path, bids=bids, organisations=orgs, seed=3)
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len({r["organisation"] for r in rows}) == orgs
    assert len({r["bid"] for r in rows}) == bids
    assert all(sum(r["bid"] == b for r in rows) <= 40 for b in {r["bid"] for r in rows[:200]})
    kg = KnowledgeGraph()
    kg.load([path])
    # each synthetic body is a node of its own: none taken for a register body
    assert len({r["org"] for r in memberships(kg)}) == orgs


def test_too_many_organisations_for_the_bids_is_refused(run, tmp_path):
    result = run("synth", "--bids", "2", "--orgs", "79", "-o", tmp_path / "s.csv")
    assert result.exit_code == 2
    assert "ask for at least 3 bids" in result.output
    assert not (tmp_path / "s.csv").exists()
    assert run("synth", "--bids", "2", "--orgs", "78", "-o", tmp_path / "s.csv").exit_code == 0


def test_variants_are_asked_for(tmp_path):
    plain, varied = tmp_path / "p.csv", tmp_path / "v.csv"
    write_synthetic_data(plain, bids=200, organisations=150, seed=2)
    write_synthetic_data(varied, bids=200, organisations=150, seed=2, variants=0.5)
    names = [{r["organisation"] for r in csv.DictReader(open(p, encoding="utf-8"))}
             for p in (plain, varied)]
    assert len(names[0]) == 150 and len(names[1]) > 150

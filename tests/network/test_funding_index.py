"""Each grant's funder as the grant networks read it (``grant_funder_index``), apart from its
programme (read only by the reports that show it), on tests/data/funding/grants.json.

By hand, from the file: F1 Northfield Community Foundation (GB-CHC-3000001) funds g01-g04
(programmes Small Grants, Small Grants, Big Grants, Small Grants); F2 Eastway Lottery Trust
(GB-CHC-3000002) g05, g06, g07, g10 (Community Chest); F3 Essex County Council (GB-LAE-ESS)
g08, g09 (Essex Partnerships Fund).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from partnerkg import KnowledgeGraph
from partnerkg.network.funding import grant_funder_index, grant_funders, has_grants

GRANTS = Path(__file__).parent.parent / "data" / "funding" / "grants.json"
F1, F2, F3 = "Northfield Community Foundation", "Eastway Lottery Trust", "Essex County Council"


def _loaded() -> KnowledgeGraph:
    kg = KnowledgeGraph()
    kg.load([GRANTS])
    return kg


def _grant(index: dict, key: str) -> str:
    (found,) = [g for g in index if g.endswith("/360G-test-" + key)]
    return found


def test_each_grant_has_its_funder():
    index, funders = grant_funder_index(_loaded())
    names = [f[1] for f in funders]
    assert sorted(names) == sorted([F1, F2, F3])
    assert [f[0] for f in funders] == sorted(f[0] for f in funders)  # sorted by IRI
    by_name = Counter(names[i] for i in index.values())
    assert by_name == {F1: 4, F2: 4, F3: 2}
    assert names[index[_grant(index, "g08")]] == F3
    assert names[index[_grant(index, "g10")]] == F2


def test_the_reports_see_funder_and_programme_together():
    found = grant_funders(_loaded())
    assert len(found) == 10
    programmes = Counter((funder_name, programme)
                         for _, funder_name, _, programme in found.values())
    assert programmes == {(F1, "Small Grants"): 3, (F1, "Big Grants"): 1,
                          (F2, "Community Chest"): 4, (F3, "Essex Partnerships Fund"): 2}


@pytest.mark.parametrize("one_query", [False, True])
def test_a_grant_with_two_funders_counts_for_the_first_by_iri(monkeypatch, one_query):
    import re

    from partnerkg.network import funding

    if one_query:  # as for a funder IRI SPARQL cannot write as it is: one query for all
        monkeypatch.setattr(funding, "_PLAIN_IRI", re.compile(r"(?!)"))
    kg = _loaded()
    g05 = next(r[0] for r in kg.select(
        "SELECT ?g WHERE { ?g <https://w3id.org/partnerkg/funder> ?f "
        "FILTER(STRENDS(STR(?g), '/360G-test-g05')) }")[1])
    f1 = next(r[0] for r in kg.select(
        "SELECT ?f WHERE { ?g <https://w3id.org/partnerkg/funder> ?f "
        "FILTER(STRENDS(STR(?f), '/GB-CHC-3000001')) } LIMIT 1")[1])
    # g05 is F2's (GB-CHC-3000002); given F1 (GB-CHC-3000001) too, F1's IRI sorts first
    kg.oxigraph.update(f"INSERT DATA {{ <{g05}> <https://w3id.org/partnerkg/funder> <{f1}> }}")
    index, funders = grant_funder_index(kg)
    assert len(index) == 10  # still ten grants, not eleven
    names = [f[1] for f in funders]
    assert names[index[g05]] == F1
    assert Counter(names[i] for i in index.values()) == {F1: 5, F2: 3, F3: 2}


@pytest.mark.parametrize("read_first", [False, True])
def test_whether_the_data_holds_grants(bundled_kg, read_first):
    kg = _loaded()
    if read_first:  # answered from the funders read, or by asking the store: the same
        grant_funder_index(kg)
    assert has_grants(kg) is True
    assert has_grants(bundled_kg) is False


def test_the_next_command_reads_each_bids_funder_back(tmp_path, monkeypatch):
    from partnerkg.network import funding
    from partnerkg.network.analysis import Analysis, round_table
    from partnerkg.pipeline import load_into_store

    store = tmp_path / "store"
    load_into_store([GRANTS], store)
    kg = KnowledgeGraph.open(store)
    first = Analysis.of(kg, network="funding")
    # the file, by hand: 3 funders and 6 recipients; F1-R1 has two grants (g01, g04), every
    # other pair one: 9 ties of 10 grants
    assert len(first.measures) == 9 and first.ties == 9
    kg.close()

    def not_again(_kg):
        raise AssertionError("the grants' funders were read again")

    monkeypatch.setattr(funding, "_read_funders", not_again)
    again = KnowledgeGraph.open(store)
    table = funding.network_of(again, round_table(again), "co-funding")
    # co-funding: R1 is funded by F1, F2 and F3, R3 by F1 and F2: ties F1-F2 (2), F1-F3, F2-F3
    funders = {o[0]: o[1] for o in table.orgs}
    pairs = {}
    for r in set(table.bid.tolist()):
        members = sorted({funders[table.orgs[o][0]] for o, b in
                          zip(table.org.tolist(), table.bid.tolist()) if b == r})
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                pairs[(a, b)] = pairs.get((a, b), 0) + 1
    assert pairs == {tuple(sorted((F1, F2))): 2, tuple(sorted((F1, F3))): 1,
                     tuple(sorted((F2, F3))): 1}
    again.close()


def test_the_modules_examples_hold():
    import doctest

    from partnerkg.network import funding

    assert doctest.testmod(funding).failed == 0

"""The tables a first load keeps (``graph.tables``) are exactly what a report would read out
of the store: each is compared with the table read back by the queries, on every kind of file
a load takes, alone and together."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerkg import KnowledgeGraph
from partnerkg.data import bundled_paths
from partnerkg.data.synth import write_synthetic_csv
from partnerkg.graph import cache, tables
from partnerkg.network import funding, projection
from partnerkg.pipeline import load_into_store

DATA = Path(__file__).resolve().parent.parent / "data"


def _not_kept():
    raise AssertionError("the load kept no table: the report would read the store")


def _kept_and_read(store: Path) -> tuple[dict, dict]:
    """The memberships table the load kept, and the one the store's data gives."""
    kg = KnowledgeGraph.open(store)
    kept = cache.remembered(kg, "memberships", tables.TABLE_PARTS, _not_kept, plain=True)
    return kept, tables.pack_members(*projection._read_members(kg))


def _funders_kept_and_read(store: Path) -> tuple[dict, dict]:
    kg = KnowledgeGraph.open(store)
    table = projection.MembershipTable(tables.pack_members(*projection._read_members(kg)))
    kept = cache.remembered(kg, "network", tables.bid_funders_parts(table.bids), _not_kept,
                            plain=True)
    return kept, tables.bid_funders_kept(table.bids, *funding._read_funders(kg))


def _synthetic(tmp_path: Path) -> list[Path]:
    path = tmp_path / "synthetic.csv"
    write_synthetic_csv(path, bids=300, organisations=150, variants=0.2)
    return [path]


def _pence(tmp_path: Path) -> list[Path]:
    """Amounts in pounds and pence whose sum ends in a nought (3.50: the store writes 3.5)."""
    path = tmp_path / "pence.csv"
    path.write_text("bid,programme,round,organisation,role,amount\n"
                    "p1,Small Fund,2020-21,Alpha Council,lead,£1.25\n"
                    "p1,Small Fund,2020-21,Beta Police,partner,£1.25\n"
                    "p2,Small Fund,2020-21,Beta Police,lead,£2.25\n"
                    "p2,Small Fund,2020-21,Gamma Health Trust,partner,£2.25\n", encoding="utf-8")
    return [path]


CASES = {
    "amounts in pence": _pence,
    "bundled TCA data (register bodies, rounds, amounts, confidences)":
        lambda tmp: bundled_paths(),
    "long CSV": lambda tmp: [DATA / "long.csv"],
    "wide CSV with partner lists": lambda tmp: [DATA / "wide.csv"],
    "spelling variants of one body": lambda tmp: [DATA / "variants.csv"],
    "synthetic data with variants": _synthetic,
    "360Giving CSV": lambda tmp: [DATA / "grants360.csv"],
    "360Giving JSON": lambda tmp: [DATA / "grants360.json"],
    "grants and bids together": lambda tmp: [DATA / "funding" / "grants.json", DATA / "long.csv",
                                             *bundled_paths()],
}


GRANT_CASES = ["360Giving CSV", "360Giving JSON", "grants and bids together"]


@pytest.mark.parametrize("table, case", [("memberships", case) for case in sorted(CASES)] +
                         [("funders", case) for case in GRANT_CASES])
def test_a_first_load_keeps_the_tables_a_report_would_read(table, case, tmp_path):
    """The memberships (every kind of load), and each grant's funder (loads with grants)."""
    store = tmp_path / "store"
    load_into_store(CASES[case](tmp_path), store)
    kept, read = (_kept_and_read if table == "memberships" else _funders_kept_and_read)(store)
    assert read["orgs" if table == "memberships" else "funders"], "the case has them"
    assert kept == read


def test_a_later_load_keeps_nothing_and_the_table_is_read_from_the_store(tmp_path):
    store = tmp_path / "store"
    load_into_store([DATA / "long.csv"], store)
    load_into_store([DATA / "wide.csv"], store)
    with pytest.raises(AssertionError, match="kept no table"):
        _kept_and_read(store)
    kg = KnowledgeGraph.open(store)
    # both files' bids, read from the store: as many as the two files name, counted apart
    named = sum(len({line.split(",")[0] for line in (DATA / name).read_text(
        encoding="utf-8").splitlines()[1:]}) for name in ("long.csv", "wide.csv"))
    assert len({row["bid"] for row in projection.memberships(kg)}) == named


def test_a_body_given_two_sectors_in_one_load_keeps_nothing(tmp_path):
    """Two files of one load give one body two sectors: the store holds both, and which one
    a report shows is the store's to say, so the load keeps no table of its own."""
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("bid,programme,organisation,role,sector\n"
                     "x1,Fund,Acme Community Trust,lead,voluntary\n"
                     "x1,Fund,Alpha Council,partner,council\n", encoding="utf-8")
    second.write_text("bid,programme,organisation,role,sector\n"
                      "y1,Fund,Acme Community Trust,lead,health\n"
                      "y1,Fund,Beta Police,partner,police\n", encoding="utf-8")
    store = tmp_path / "store"
    load_into_store([first, second], store)
    with pytest.raises(AssertionError, match="kept no table"):
        _kept_and_read(store)


def test_a_body_in_one_bid_twice_keeps_its_surest_row(tmp_path):
    """One body written two ways in one bid is one membership, as lead, with the more sure
    of the two rows' confidences: kept as the store's MAX would find it."""
    data = tmp_path / "twice.csv"
    data.write_text("bid,programme,organisation,role,confidence\n"
                    "z1,Fund,Alpha Council,partner,0.4\n"
                    "z1,Fund,ALPHA COUNCIL,lead,0.9\n"
                    "z1,Fund,Beta Police,partner,0.5\n", encoding="utf-8")
    store = tmp_path / "store"
    load_into_store([data], store)
    kept, read = _kept_and_read(store)
    assert kept == read
    rows = projection.MembershipTable(kept).rows()
    alpha = [r for r in rows if r["name"] == "Alpha Council"]
    assert [(r["role"], r["confidence"]) for r in alpha] == [("lead", 0.9)]


@pytest.mark.parametrize("case", ["bundled TCA data (register bodies, rounds, amounts, "
                                  "confidences)", "360Giving CSV", "360Giving JSON",
                                  "grants and bids together", "long CSV", "amounts in pence"])
def test_a_first_load_keeps_the_coverage_counts_the_query_gives(case, tmp_path):
    """Per round: bids, bids stated, amounts summed and stated, as the coverage query (the
    library's, run on the store) counts them."""
    from partnerkg.reports import partnerships

    store = tmp_path / "store"
    load_into_store(CASES[case](tmp_path), store)
    kg = KnowledgeGraph.open(store)
    kept = cache.remembered(kg, "coverage", tables.COVERAGE_PARTS, _not_kept)
    read = partnerships.count_coverage(kg)  # the library's coverage query, run on the store
    assert read, "the case has rounds"
    assert kept == read


def test_a_store_holding_data_written_otherwise_keeps_nothing(tmp_path):
    """Data in the store's default graph only (as a writable ``serve`` leaves it) is not in the
    load's notes: the load keeps no table, and the report reads the store."""
    import pyoxigraph as ox

    from partnerkg.graph.store import Store

    store = tmp_path / "store"
    with Store(store) as written:
        written.oxigraph.add(ox.Quad(ox.NamedNode("https://example.org/a"),
                                     ox.NamedNode("https://example.org/says"), ox.Literal("b")))
    load_into_store([DATA / "long.csv"], store)
    with pytest.raises(AssertionError, match="kept no table"):
        _kept_and_read(store)

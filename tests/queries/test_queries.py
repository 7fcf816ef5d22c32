"""Each named query on tests/data/long.csv, against rows worked out by hand."""

from pathlib import Path

import pytest
from partnerkg.core.errors import QueryError
from partnerkg.core.tables import cell_text
from partnerkg.queries import get_query, named_queries
from partnerkg.queries.runner import query_rows


def rows(kg, name, columns, **params):
    header, result = query_rows(kg, name=name, params=params)
    index = [header.index(c) for c in columns]
    return [tuple(cell_text(r[i]) for i in index) for r in result]


def test_top_partners(long_kg):
    assert rows(long_kg, "top-partners", ["name", "sector", "partners", "bids"]) == [
        ("Beta Police", "police", "4", "3"),
        ("Alpha Council", "council", "3", "2"),
        ("Epsilon District Council", "council", "2", "1"),
        ("Gamma Health Trust", "health", "2", "1"),
        ("Delta Voluntary Services", "voluntary and community", "1", "1"),
    ]


def test_org_bids(long_kg):
    assert rows(long_kg, "org-bids", ["role", "round", "amount", "title"],
                org="Alpha Council") == [
        ("lead partner", "2020-21", "1200000", "Joint care"),
        ("lead partner", "2021-22", "1200000", "Shared back office"),
    ]


def test_org_partners(long_kg):
    assert rows(long_kg, "org-partners", ["name", "sharedBids"], org="Beta Police") == [
        ("Alpha Council", "2"), ("Delta Voluntary Services", "1"),
        ("Epsilon District Council", "1"), ("Gamma Health Trust", "1"),
    ]


def test_cross_sector_bids(long_kg):
    # b1 joins council, police and health; b2 and b3 join only two sectors each
    assert rows(long_kg, "cross-sector-bids", ["label", "sectors", "members"]) == [
        ("Alpha Council, Test Fund 2020-21", "3", "3")]


def test_funding_by_lead(long_kg):
    assert rows(long_kg, "funding-by-lead", ["name", "bidsLed", "totalAwarded"]) == [
        ("Alpha Council", "2", "2400000"), ("Beta Police", "1", "400000")]


def test_orgs_by_sector_with_and_without_the_parameter(long_kg):
    assert rows(long_kg, "orgs-by-sector", ["name", "bids"], sector="police") == [
        ("Beta Police", "3")]
    everyone = rows(long_kg, "orgs-by-sector", ["sectorName", "name"])
    assert len(everyone) == 5
    assert ("voluntary and community", "Delta Voluntary Services") in everyone


def test_coverage(long_kg):
    assert rows(long_kg, "coverage", ["round", "bids", "amountRecorded"]) == [
        ("2020-21", "2", "1600000"), ("2021-22", "1", "1200000")]


def test_parameters_are_bound_as_terms_not_pasted(long_kg):
    hostile = 'Alpha Council" } ?x ?y ?z { "'
    assert rows(long_kg, "org-bids", ["role"], org=hostile) == []


@pytest.mark.parametrize("params, message", [
    ({}, "org-bids needs org"),
    ({"org": "A", "colour": "red"}, "has no parameter colour"),
])
def test_parameter_errors(long_kg, params, message):
    with pytest.raises(QueryError, match=message):
        query_rows(long_kg, name="org-bids", params=params)


def test_unknown_query_lists_the_known():
    with pytest.raises(QueryError, match="known queries: bids, coverage, cross-sector-bids"):
        get_query("nope")


@pytest.fixture(scope="module")
def mixed_kg():
    """The bundled data plus one text read by the extractor."""
    from partnerkg import KnowledgeGraph
    from partnerkg.data import bundled_paths

    kg = KnowledgeGraph()
    kg.load(bundled_paths())
    kg.load([Path(__file__).resolve().parents[1] / "data" / "held_out" / "shire_news.txt"])
    return kg


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_documents_itself_and_runs(mixed_kg, name):
    query = get_query(name)
    assert query.description
    params = {p.name: "Essex County Council" for p in query.parameters if not p.optional}
    header, result = query_rows(mixed_kg, name=name, params=params)
    assert header and result, f"{name} returned no rows on the bundled data"


def test_malformed_sparql(long_kg):
    with pytest.raises(QueryError, match="query failed|does not parse"):
        query_rows(long_kg, sparql="SELECT WHERE {")


def test_an_organisation_parameter_is_read_through_the_register(bundled_kg, data_dir):
    import csv as _csv
    from pathlib import Path as _Path

    import partnerkg

    bundled = _Path(partnerkg.__file__).resolve().parent / "data" / "tca_bids.csv"
    with open(bundled, encoding="utf-8") as handle:
        want = {r["bid"] for r in _csv.DictReader(handle) if r["organisation"] ==
                "Essex County Council"}
    for spelling in ("Essex County Council", "Essex CC", "essex county council"):
        header, found = query_rows(bundled_kg, name="org-bids", params={"org": spelling})
        bids = {str(row[header.index("bid")]).rsplit("/", 1)[-1] for row in found}
        assert bids == want, spelling
    assert len(want) == 3


def test_a_querys_description_says_what_it_answers_not_how_it_is_written():
    # top-partners.rq says after a blank comment line how its joins are written
    from partnerkg.queries import get_query

    description = get_query("top-partners").description
    assert description == ("Organisations ranked by how many distinct organisations they have "
                           "bid with. Also counts the bids each took part in. Ties are broken "
                           "by name.")

from decimal import Decimal

import pytest
from partnerkg.graph.build import (bid_iri, body_iri, build_graph, build_triples,
                                   organisation_iri, source_key)
from partnerkg.graph.store import _shared
from partnerkg.loaders import load_file, locate
from partnerkg.ontology import ORG, PKG, PROV, SECTOR
from partnerkg.resolution import default_resolver
from rdflib import RDF, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, SKOS


def test_same_records_give_isomorphic_graphs(data_dir):
    first = build_graph(load_file(data_dir / "long.csv"))
    second = build_graph(load_file(data_dir / "long.csv"))
    assert isomorphic(first, second)
    assert set(first) == set(second)  # no blank nodes: equal triple for triple


def test_bid_facts(data_dir):
    graph = build_graph(load_file(data_dir / "long.csv"))
    b1 = bid_iri("b1", "Test Fund", locate(data_dir / "long.csv"))
    assert graph.value(b1, PKG.amountAwarded).toPython() == Decimal("1200000")
    assert graph.value(b1, PKG.programme) is not None
    alpha = organisation_iri("Alpha Council")
    lead_memberships = [m for m in graph.subjects(ORG.organization, b1)
                        if graph.value(m, ORG.role) == PKG.LeadPartner]
    assert [graph.value(m, ORG.member) for m in lead_memberships] == [alpha]
    assert graph.value(alpha, ORG.classification) == SECTOR["council"]
    assert graph.value(organisation_iri("Delta Voluntary Services"), ORG.classification) == \
        SECTOR["voluntary-and-community"]


def test_every_fact_has_provenance_with_line_and_confidence(data_dir):
    graph = build_graph(load_file(data_dir / "long.csv"))
    membership = next(m for m in graph.subjects(ORG.member, organisation_iri("Beta Police"))
                      if graph.value(m, ORG.organization) == bid_iri(
                          "b3", "Test Fund", locate(data_dir / "long.csv")))
    source = graph.value(membership, PROV.wasDerivedFrom)
    assert graph.value(source, PKG.sourceFile) == Literal("long.csv")
    assert graph.value(source, PKG.sourceLine).toPython() == 9
    assert graph.value(source, PKG.confidence).toPython() == Decimal("0.6")


def test_name_variants_fold_to_one_register_body(tmp_path):
    path = tmp_path / "v.csv"
    path.write_text("bid,programme,organisation,role\nb1,F,Bath & North East Somerset Council,"
                    "lead\nb2,F,Bath and North East Somerset Council,lead\n", encoding="utf-8")
    graph = build_graph(load_file(path))
    members = set(graph.objects(None, ORG.member))
    assert members == {body_iri("GB-LAE-BAS")}
    org = members.pop()
    assert graph.value(org, SKOS.prefLabel) == Literal("Bath and North East Somerset Council")
    assert Literal("Bath & North East Somerset Council") in set(graph.objects(org, SKOS.hiddenLabel))
    assert graph.value(org, PKG.gssCode) == Literal("E06000022")


def test_unresolved_names_stay_apart_and_are_flagged(data_dir):
    graph = build_graph(load_file(data_dir / "long.csv"))
    kinds = {str(graph.value(m, PKG.sourceName)): str(graph.value(m, PKG.matchKind))
             for m in graph.subjects(RDF.type, PKG.NameMatch)}
    assert kinds == {name: "unmatched" for name in (
        "Alpha Council", "Beta Police", "Gamma Health Trust", "Delta Voluntary Services",
        "Epsilon District Council")}


def test_ended_body_links_to_its_successors(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("bid,programme,organisation,role\nb1,F,Weymouth & Portland BC,lead\n"
                    "b1,F,Taunton Deane Borough Council,partner\n", encoding="utf-8")
    graph = build_graph(load_file(path))
    event = graph.value(predicate=ORG.originalOrganization, object=body_iri("GB-LAE-WEY"))
    assert graph.value(event, RDF.type) == ORG.ChangeEvent
    assert set(graph.objects(event, ORG.resultingOrganization)) == {body_iri("GB-LAE-DST")}
    assert (body_iri("GB-LAE-DST"), ORG.resultedFrom, event) in graph
    assert str(graph.value(event, DCTERMS.date)) == "2019-03-31"
    # Taunton Deane -> Somerset West and Taunton (2019) -> Somerset Council (2023)
    chain = graph.value(predicate=ORG.originalOrganization, object=body_iri("GB-LAE-SWT"))
    assert set(graph.objects(chain, ORG.resultingOrganization)) == {body_iri("GB-LAE-SMT")}


def test_two_files_of_one_name_are_two_sources(run, tmp_path):
    import json

    for year, confidence, org in (("2015", "0.95", "Essex County Council"),
                                  ("2016", "0.2", "Kent County Council")):
        folder = tmp_path / f"d{year}"
        folder.mkdir()
        (folder / "bids.csv").write_text(
            "bid,programme,organisation,role,confidence\n"
            f"b{year},P,{org},lead,{confidence}\nb{year},P,{org[:5]} Police,partner,"
            f"{confidence}\n", encoding="utf-8")
    store = tmp_path / "store"
    loaded = run("load", tmp_path / "d2015" / "bids.csv", tmp_path / "d2016" / "bids.csv",
                 "--store", store)
    assert loaded.exit_code == 0, loaded.output
    every = json.loads(run("report", "--store", store, "--format", "json").output)
    sure = json.loads(run("report", "--store", store, "--format", "json",
                          "--min-confidence", "0.9").output)
    assert (every["bids"], sure["bids"]) == (2, 1)
    again = run("load", tmp_path / "d2015" / "bids.csv", "--store", store)
    assert "(+0 triples)" in again.output  # the same file again is the same source


def test_what_a_file_says_of_a_body_does_not_depend_on_the_files_loaded_with_it(tmp_path):
    from partnerkg import KnowledgeGraph
    from partnerkg.exports import serialise

    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("bid,programme,organisation,role\na1,P,Alpha Council,lead\n"
                     "a1,P,Beta Police,partner\n", encoding="utf-8")
    second.write_text("bid,programme,organisation,role\nb1,P,Beta Police,lead\n"
                      "b1,P,Gamma Trust,partner\n", encoding="utf-8")
    together = KnowledgeGraph(tmp_path / "together")
    together.load([first, second])
    before = set(serialise(together.to_memory(), "nt").splitlines())
    together.load([second])
    assert set(serialise(together.to_memory(), "nt").splitlines()) == before


def test_names_in_other_scripts_and_with_pictographs_stay_apart(run, store_of):
    import json

    names = ["مركز المجتمع", "华人社区中心", "Δ Group", "Σ Group", "😀 Trust", "🚀 Trust"]
    store = store_of("bid,programme,organisation,role",
                     [("b1", "P", name, "lead" if i == 0 else "partner")
                      for i, name in enumerate(names)])
    summary = json.loads(run("report", "--store", store, "--format", "json").output)
    assert summary["organisations"] == 6 and summary["ties"] == 15  # 6 choose 2
    found = json.loads(run("report", "partners", "--store", store, "--format", "json",
                           "--top", "10").output)
    assert sorted(row["organisation"] for row in found["rows"]) == sorted(names)


def test_identifiers_are_encoded_never_pasted_into_iris(run, store_of):
    import csv as _csv
    import io
    import json

    rows = [("GB-X/1", "X Trust", "lead"), ("GB-Y/1", "Y Trust", "partner"),
            ("../../etc", "Dots Trust", "partner"), ("#", "Hash Trust", "partner"),
            ("%zz", "Percent Trust", "partner"), ("..", "Up Trust", "partner")]
    store = store_of("bid,programme,organisation,role,identifier",
                     [("b1", "P", name, role, ident) for ident, name, role in rows])
    found = run("query", "--store", store, "--format", "csv", "--sparql",
                "PREFIX org: <http://www.w3.org/ns/org#> SELECT ?m ?o ?r WHERE "
                "{ ?m org:member ?o ; org:role ?r }")
    table = list(_csv.DictReader(io.StringIO(found.output)))
    assert len(table) == len(rows)  # one membership each: none collide
    assert sum(r["r"].endswith("LeadPartner") for r in table) == 1
    for row in table:
        local = row["o"].split("/id/org/", 1)[1]
        assert "/" not in local and "#" not in local and local not in (".", "..")
    summary = json.loads(run("report", "--store", store, "--format", "json").output)
    assert summary["organisations"] == len(rows)


SHARING = ["../../data/tca_bids.csv", "../../data/tca_rounds.csv", "funding/grants.json",
           "grants360.csv", "documents/announcement.txt", "long.csv", "wide.csv", "variants.csv"]


def built_lines(records) -> tuple[list[str], list[str]]:
    """Every line a build hands on (one per triple), and those it marks shared."""
    lines: list[str] = []
    shared: list[str] = []

    def out(built, marked, send):
        shared.extend(marked)
        lines.extend(line for text in built for line in text.splitlines(keepends=True))
    build_triples(records, out=out)
    return lines, shared


@pytest.mark.parametrize("name", SHARING)
def test_the_lines_a_build_calls_shared_are_those_with_none_of_the_file_s_own_nodes(
        data_dir, name):
    """What the builder marks shared as it goes is what a pass over every line finds
    (``store._shared``, the rule that a subject or object with the file's scope is its own)."""
    records = load_file(data_dir / name, gazetteer=default_resolver)
    lines, shared = built_lines(records)
    assert 0 < len(shared) < len(lines)
    assert shared == _shared(lines, source_key(records.locator))


def test_without_a_file_every_line_is_shared(data_dir):
    records = load_file(data_dir / "long.csv")
    records.locator = ""
    lines, shared = built_lines(records)
    assert shared == lines and len(lines) > 100

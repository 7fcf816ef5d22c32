from decimal import Decimal

from rdflib import XSD, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from partnerkg.graph.build import bid_iri, build_graph, organisation_iri
from partnerkg.loaders import load_file
from partnerkg.ontology import ORG, PKG, PROV, SECTOR


def test_same_records_give_isomorphic_graphs(data_dir):
    first = build_graph(load_file(data_dir / "long.csv"))
    second = build_graph(load_file(data_dir / "long.csv"))
    assert isomorphic(first, second)
    assert set(first) == set(second)  # no blank nodes: equal triple for triple


def test_bid_facts(data_dir):
    graph = build_graph(load_file(data_dir / "long.csv"))
    b1 = bid_iri("b1")
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
                      if graph.value(m, ORG.organization) == bid_iri("b3"))
    source = graph.value(membership, PROV.wasDerivedFrom)
    assert graph.value(source, PKG.sourceFile) == Literal("long.csv")
    assert graph.value(source, PKG.sourceLine).toPython() == 9
    assert graph.value(source, PKG.confidence).toPython() == Decimal("0.6")


def test_name_variants_fold_to_one_organisation(tmp_path):
    path = tmp_path / "v.csv"
    path.write_text("bid,programme,organisation,role\nb1,F,Bath & North East Somerset Council,"
                    "lead\nb2,F,Bath and North East Somerset Council,lead\n", encoding="utf-8")
    graph = build_graph(load_file(path))
    orgs = set(graph.subjects(None, ORG.Organization))
    assert len(orgs) == 1
    org = orgs.pop()
    assert graph.value(org, SKOS.prefLabel) == Literal("Bath & North East Somerset Council")
    assert graph.value(org, SKOS.altLabel) == Literal("Bath and North East Somerset Council")

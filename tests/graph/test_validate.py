from decimal import Decimal

from partnerkg.graph.build import bid_iri, build_graph, organisation_iri
from partnerkg.graph.validate import validate_graph
from partnerkg.loaders import load_file, locate
from partnerkg.ontology import ID, ORG, PKG
from rdflib import XSD, Literal


def long_bid(data_dir, key):
    return bid_iri(key, "Test Fund", locate(data_dir / "long.csv"))


def graph_of(data_dir):
    return build_graph(load_file(data_dir / "long.csv"))


def messages(graph):
    return {v.message for v in validate_graph(graph)}


def test_valid_fixture_conforms(data_dir):
    assert validate_graph(graph_of(data_dir)) == []


def test_bundled_data_conforms(bundled_kg):
    assert validate_graph(bundled_kg.to_memory()) == []


def test_two_leads(data_dir):
    graph = graph_of(data_dir)
    extra = ID["membership/extra"]
    graph.add((extra, ORG.member, organisation_iri("Gamma Health Trust")))
    graph.add((extra, ORG.organization, long_bid(data_dir, "b2")))
    graph.add((extra, ORG.role, PKG.LeadPartner))
    assert "a bid has at most one lead partner" in messages(graph)


def test_negative_amount_and_missing_programme(data_dir):
    graph = graph_of(data_dir)
    graph.set((long_bid(data_dir, "b1"), PKG.amountAwarded, Literal(Decimal("-5"), datatype=XSD.decimal)))
    graph.remove((long_bid(data_dir, "b2"), PKG.programme, None))
    found = messages(graph)
    assert "an amount is one non-negative xsd:decimal" in found
    assert "a bid belongs to exactly one funding programme" in found


def test_organisation_without_sector(data_dir):
    graph = graph_of(data_dir)
    graph.remove((organisation_iri("Beta Police"), ORG.classification, None))
    violations = validate_graph(graph)
    assert [(v.label, v.message) for v in violations] == [
        ("Beta Police", "an organisation has exactly one sector")]

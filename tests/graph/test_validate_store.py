"""The shapes checked by SPARQL on the store give pyshacl's verdicts and messages."""

import random
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from partnerkg.graph.build import build_graph
from partnerkg.graph.store import Store
from partnerkg.graph.validate import validate_graph, validate_store
from partnerkg.loaders import load_file
from partnerkg.ontology import ORG, PKG, PROV, SECTOR
from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import SKOS


def both(graph):
    store = Store()
    store.add_graph(graph)
    return validate_store(store), validate_graph(graph)


@pytest.fixture(scope="module")
def base(request):
    from pathlib import Path

    return build_graph(load_file(Path(__file__).parents[1] / "data" / "long.csv"))


def of_type(graph, kind):
    return sorted(graph.subjects(RDF.type, kind))


BREAKS = {
    "second lead": lambda g: [g.set((m, ORG.role, PKG.LeadPartner))
                              for m in of_type(g, ORG.Membership)[:3]],
    # a bid may have no lead (its sources name none), never no member
    "no member": lambda g: [g.remove((m, ORG.organization, None))
                            for m in of_type(g, ORG.Membership)],
    "negative amount": lambda g: g.set((of_type(g, PKG.Bid)[0], PKG.amountAwarded,
                                        Literal(Decimal("-5"), datatype=XSD.decimal))),
    "amount as text": lambda g: g.set((of_type(g, PKG.Bid)[1], PKG.amountAwarded,
                                       Literal("lots"))),
    "two amounts": lambda g: g.add((of_type(g, PKG.Bid)[0], PKG.amountAwarded,
                                    Literal(Decimal("7"), datatype=XSD.decimal))),
    "no programme": lambda g: g.remove((of_type(g, PKG.Bid)[0], PKG.programme, None)),
    "programme not one": lambda g: g.add((of_type(g, PKG.Bid)[0], PKG.programme,
                                          URIRef("http://x.org/not-a-programme"))),
    "no sector": lambda g: g.remove((of_type(g, ORG.Organization)[0], ORG.classification, None)),
    "two sectors": lambda g: g.add((of_type(g, ORG.Organization)[1], ORG.classification,
                                    SECTOR["private"])),
    "no label": lambda g: g.remove((of_type(g, ORG.Organization)[2], SKOS.prefLabel, None)),
    "odd role": lambda g: g.set((of_type(g, ORG.Membership)[0], ORG.role, PKG.Bid)),
    "no role": lambda g: g.remove((of_type(g, ORG.Membership)[1], ORG.role, None)),
    "member not an organisation": lambda g: g.set((of_type(g, ORG.Membership)[2], ORG.member,
                                                   URIRef("http://x.org/nobody"))),
    "no source": lambda g: g.remove((of_type(g, ORG.Membership)[3], PROV.wasDerivedFrom, None)),
    "confidence above one": lambda g: g.set((of_type(g, PKG.SourceRecord)[0], PKG.confidence,
                                             Literal(Decimal("2"), datatype=XSD.decimal))),
    "bid with no members": lambda g: g.add((URIRef("http://x.org/empty-bid"), RDF.type,
                                            PKG.Bid)),
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_each_break_gives_pyshacls_verdict(base, name):
    graph = base.__class__()
    for triple in base:
        graph.add(triple)
    BREAKS[name](graph)
    found, reference = both(graph)
    assert reference, f"{name}: pyshacl finds nothing, so the case tests nothing"
    assert found == reference


def test_the_bundled_graph_conforms_both_ways(bundled_kg):
    assert validate_store(bundled_kg) == [] == validate_graph(bundled_kg.to_memory())


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(sorted(BREAKS)), min_size=1, max_size=4), st.integers(0, 10**6))
def test_breaks_together_give_pyshacls_verdicts(base, names, seed):
    graph = base.__class__()
    for triple in base:
        graph.add(triple)
    removed = random.Random(seed).sample(sorted(graph), 3)  # and a few triples gone
    for triple in removed:
        graph.remove(triple)
    for name in names:
        BREAKS[name](graph)
    found, reference = both(graph)
    assert found == reference


def test_a_verdict_is_kept_for_unchanged_data_and_made_again_after_a_write(tmp_path, data_dir,
                                                                            monkeypatch):
    from partnerkg import KnowledgeGraph
    from partnerkg.graph import validate as module
    from partnerkg.pipeline import load_into_store

    store = tmp_path / "store"
    load_into_store([data_dir / "long.csv"], store)
    with KnowledgeGraph(store) as kg:
        first = module.validate_store(kg)
    checked = []
    real = module._check
    monkeypatch.setattr(module, "_check", lambda s: checked.append(1) or real(s))
    with KnowledgeGraph(store) as kg:
        assert module.validate_store(kg) == first and not checked  # read back
    load_into_store([data_dir / "variants.csv"], store)
    with KnowledgeGraph(store) as kg:
        module.validate_store(kg)
    assert checked == [1]  # new data: checked again

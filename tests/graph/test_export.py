import json

from rdflib import Graph
from rdflib.compare import isomorphic

from partnerkg import KnowledgeGraph
from partnerkg.graph.export import serialise


def test_nt_is_sorted_and_identical_across_builds(data_dir):
    texts = []
    for _ in range(2):
        kg = KnowledgeGraph()
        kg.load([data_dir / "long.csv"])
        texts.append(serialise(kg.to_memory(), "nt"))
    assert texts[0] == texts[1]
    lines = texts[0].splitlines()
    assert lines == sorted(lines)


def test_every_format_round_trips(long_kg):
    original = long_kg.to_memory()
    for name, parser in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        text = serialise(original, name)
        assert isomorphic(Graph().parse(data=text, format=parser), original), name


def test_jsonld_has_a_context(long_kg):
    document = json.loads(serialise(long_kg.to_memory(), "jsonld"))
    assert document["@context"]["org"] == "http://www.w3.org/ns/org#"

"""What an RDF file says that is kept but not acted on is said in a note, never passed over."""

from partnerkg import KnowledgeGraph

HEAD = """@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
"""
BODY = ("<https://example.org/{n}> a org:Organization ; skos:prefLabel {labels} ; "
        "org:classification <https://w3id.org/partnerkg/sector/voluntary-and-community> ; "
        "prov:wasDerivedFrom <https://example.org/src> {more}.\n")


def load(tmp_path, text):
    path = tmp_path / "bodies.ttl"
    path.write_text(HEAD + text, encoding="utf-8")
    return KnowledgeGraph().load([path]).notes


def test_owl_same_as_is_noted_and_both_nodes_stay(tmp_path):
    notes = load(tmp_path, BODY.format(n="a", labels='"Qzxv Group"', more="") +
                 BODY.format(n="b", labels='"Qzxv Group Ltd"',
                             more="; owl:sameAs <https://example.org/a> "))
    assert notes == ("bodies.ttl: <https://example.org/b> owl:sameAs <https://example.org/a> is "
                     "kept but not followed: they stay two nodes, each counted; give them one "
                     "IRI to make them one body",)


def test_a_second_pref_label_is_noted(tmp_path):
    notes = load(tmp_path, BODY.format(n="a", labels='"Qzxv Group", "Qzxv Grp"', more=""))
    assert notes == ("bodies.ttl: <https://example.org/a> has 2 skos:prefLabel values ('Qzxv "
                     "Group', 'Qzxv Grp'): reports show one of them; keep one and make the "
                     "others skos:altLabel",)


def test_one_label_and_no_same_as_give_no_note(tmp_path):
    assert load(tmp_path, BODY.format(n="a", labels='"Qzxv Group"', more="")) == ()

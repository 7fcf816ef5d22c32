import pytest
from partnerkg import KnowledgeGraph, LoaderError, StoreError
from partnerkg.exports.writers import serialise
from partnerkg.pipeline import load_into_store


def test_store_persists_and_reopens(tmp_path, data_dir):
    store = tmp_path / "store"
    summary = load_into_store([data_dir / "long.csv"], store)
    assert summary.bids == 3 and summary.memberships == 8
    assert summary.triples_before == 0 and summary.triples_added > 0
    with KnowledgeGraph(store, create=False) as kg:
        assert len(kg) == summary.triples_after


def test_loading_twice_adds_nothing(tmp_path, data_dir):
    store = tmp_path / "store"
    load_into_store([data_dir / "long.csv"], store)
    with KnowledgeGraph(store) as kg:
        first = serialise(kg.to_memory(), "nt")
    again = load_into_store([data_dir / "long.csv"], store)
    assert again.triples_added == 0
    with KnowledgeGraph(store) as kg:
        assert serialise(kg.to_memory(), "nt") == first


@pytest.mark.parametrize("bad", ["no_name.csv", "bad_amount.csv", "two_leads.csv",
                                 "unknown_layout.csv", "not_csv.csv"])
def test_bad_input_leaves_the_store_unchanged(tmp_path, data_dir, bad):
    store = tmp_path / "store"
    load_into_store([data_dir / "long.csv"], store)
    with KnowledgeGraph(store) as kg:
        before = serialise(kg.to_memory(), "nt")
    # a good file before the bad one must not be written either
    with pytest.raises(LoaderError):
        load_into_store([data_dir / "wide.csv", data_dir / "bad" / bad], store)
    with KnowledgeGraph(store) as kg:
        assert serialise(kg.to_memory(), "nt") == before


def test_bad_input_creates_no_store(tmp_path, data_dir):
    store = tmp_path / "new"
    with pytest.raises(LoaderError):
        load_into_store([data_dir / "bad" / "bad_amount.csv"], store)
    assert not store.exists()


def test_opening_a_missing_store_says_how_to_make_one(tmp_path):
    with pytest.raises(StoreError, match="partnerkg load FILE --store"):
        KnowledgeGraph.open(tmp_path / "nowhere")


def test_store_from_environment(tmp_path, data_dir, monkeypatch):
    store = tmp_path / "env-store"
    load_into_store([data_dir / "long.csv"], store)
    monkeypatch.setenv("PARTNERKG_STORE", str(store))
    with KnowledgeGraph.open(None) as kg:
        assert kg.path == store


def test_a_failed_bulk_load_puts_the_store_back(tmp_path, data_dir, monkeypatch):
    from partnerkg.graph import store as store_module

    path = tmp_path / "store"
    load_into_store([data_dir / "long.csv"], path)
    with KnowledgeGraph(path) as kg:
        before = serialise(kg.to_memory(), "nt")
        monkeypatch.setattr(store_module, "BULK_LOAD_FROM", 1)
        good = "".join(f'<https://example.org/s{i}> <https://example.org/p> "{i}" .\n'
                       for i in range(2000))
        # the last line is not N-Triples: Oxigraph stops part-way through the bulk load
        bad = good + '<https://example.org/s> <https://example.org/p> "unterminated .\n'
        with pytest.raises(StoreError, match="nothing was written"):
            kg.add_n_triples(bad, 2001)
        assert serialise(kg.to_memory(), "nt") == before
        kg.add_n_triples(good, 2000)  # the store still works after the restore
        assert len(kg) == len(before.splitlines()) + 2000
    assert not list(tmp_path.glob(".store.*"))  # no checkpoint or spool file left


def test_a_streamed_load_gives_the_graph_a_plain_write_gives(tmp_path, data_dir, monkeypatch):
    from partnerkg.graph import store as store_module

    plain = tmp_path / "plain"
    load_into_store([data_dir / "long.csv"], plain)
    monkeypatch.setattr(store_module, "BULK_LOAD_FROM", 1)  # every write goes to the bulk loader
    streams = []
    real = store_module.Store._bulk_load_chunks
    monkeypatch.setattr(store_module.Store, "_bulk_load_chunks",
                        lambda self, *args: streams.append(args) or real(self, *args))
    streamed = tmp_path / "streamed"
    load_into_store([data_dir / "long.csv"], streamed)
    assert len(streams) == 1  # through the bulk loader, not a transaction
    with KnowledgeGraph(plain) as a, KnowledgeGraph(streamed) as b:
        assert serialise(a.to_memory(), "nt") == serialise(b.to_memory(), "nt")
        assert len(b) > 100


def vocabulary_text() -> str:
    from partnerkg.graph.build import vocabulary_graph

    return vocabulary_graph().n_triples()


class _CountingQueue(__import__("queue").Queue):
    """A queue that counts the chunks put on it (the end mark, None, not counted)."""
    chunks = 0

    def put(self, item, *args, **kwargs):
        if item is not None:
            type(self).chunks += 1
        return super().put(item, *args, **kwargs)


def test_a_load_in_many_chunks_gives_the_graph_one_write_gives(tmp_path, data_dir, monkeypatch):
    from partnerkg.graph import build as build_module, store as store_module

    plain = tmp_path / "plain"
    load_into_store([data_dir / "long.csv"], plain)
    monkeypatch.setattr(store_module, "BULK_LOAD_FROM", 1)
    monkeypatch.setattr(store_module, "CHUNK_CHARS", 2_000)
    monkeypatch.setattr(build_module, "_FLUSH_EVERY", 1)  # the builder hands on each row
    monkeypatch.setattr(store_module.queue, "Queue", _CountingQueue)
    chunked = tmp_path / "chunked"
    load_into_store([data_dir / "long.csv"], chunked)
    with KnowledgeGraph(plain) as a, KnowledgeGraph(chunked) as b:
        assert serialise(a.to_memory(), "nt") == serialise(b.to_memory(), "nt")
        text = serialise(b.to_memory(), "nt")
    # a chunk ends at the first list that takes it past CHUNK_CHARS, and each list is one
    # row's lines (under 2,000 characters) but for the ontology's: so a chunk holds under
    # 4,000 characters of the rest
    assert _CountingQueue.chunks >= (len(text) - len(vocabulary_text())) // 4_000 > 2


def test_a_chunked_load_keeps_an_rdf_file_s_blank_node_one_node(tmp_path, monkeypatch):
    """Each bulk-loader call names blank nodes apart: a file's data and the copy of it kept in
    the file's own graph must reach the loader in one call, or the copy names another node."""
    from partnerkg.graph import store as store_module

    monkeypatch.setattr(store_module, "BULK_LOAD_FROM", 1)
    monkeypatch.setattr(store_module, "CHUNK_CHARS", 1)  # a chunk after every list
    path = tmp_path / "people.ttl"
    path.write_text("@prefix ex: <https://example.org/> .\n"
                    "ex:bid ex:partner [ ex:name \"Northshire Council\" ] .\n", encoding="utf-8")
    load_into_store([path], tmp_path / "store")
    with KnowledgeGraph(tmp_path / "store") as kg:
        rows = list(kg.oxigraph.query(
            "SELECT ?g ?b WHERE { <https://example.org/bid> <https://example.org/partner> ?b . "
            "GRAPH ?g { <https://example.org/bid> <https://example.org/partner> ?b } }"))
    assert len(rows) == 1  # the blank node of the data is the one in the file's graph


def test_a_load_that_fails_while_building_puts_the_store_back(tmp_path, data_dir):
    path = tmp_path / "store"
    load_into_store([data_dir / "long.csv"], path)

    def produce(out):
        # half of the lines reach the loader before the failure
        out([f'<https://example.org/s{i}> <https://example.org/p> "{i}" .\n' for i in range(500)])
        raise RuntimeError("building stopped")

    with KnowledgeGraph(path) as kg:
        before = serialise(kg.to_memory(), "nt")
        with pytest.raises(RuntimeError, match="building stopped"):
            kg._bulk_write(produce)
        assert serialise(kg.to_memory(), "nt") == before
    assert not list(tmp_path.glob(".store.*"))


def test_ask_and_construct_answer_as_rdflib_results(long_kg):
    prefix = "PREFIX org: <http://www.w3.org/ns/org#> "
    assert long_kg.query(prefix + "ASK { ?m org:member ?o }").askAnswer is True
    assert long_kg.query(prefix + "ASK { ?m org:member <https://example.org/no> }"
                         ).askAnswer is False
    built = long_kg.query(prefix + "CONSTRUCT { ?o org:memberOf ?m } WHERE { ?m org:member ?o }")
    members = long_kg.query(prefix + "SELECT ?m ?o WHERE { ?m org:member ?o }")
    assert len(built.graph) == len(list(members)) > 5


def test_docstring_examples_of_the_store_module():
    import doctest

    from partnerkg.graph import store

    result = doctest.testmod(store)
    assert result.attempted > 0 and result.failed == 0


def test_select_all_answers_in_the_order_asked_however_many_at_a_time(long_kg):
    queries = [f"SELECT ?n WHERE {{ VALUES ?n {{ {i} }} }}" for i in range(7)]
    for workers in (None, 1, 2):
        assert long_kg.select_all(queries, workers=workers) == [[(str(i),)] for i in range(7)]
    assert long_kg.select_all([]) == []


@pytest.mark.parametrize("given", ["records", "built triples"])
def test_records_from_no_file_keep_every_triple_in_their_graph_in_a_bulk_load(
        tmp_path, data_dir, monkeypatch, given):
    """Records made in code have no scope: every line they give is copied into their graph,
    each as a quad of its own, through the bulk loader as through an update (added as records,
    or as the builder's triples)."""
    import pyoxigraph as ox
    from partnerkg.graph import store as store_module
    from partnerkg.graph.build import build_triples, source_file_iri
    from partnerkg.graph.store import Store
    from partnerkg.loaders import load_file

    monkeypatch.setattr(store_module, "BULK_LOAD_FROM", 1)
    records = load_file(data_dir / "long.csv")
    records.locator = ""
    with Store(tmp_path / "s") as store:
        if given == "records":
            store.add_records(records)
        else:
            store.add_graph(build_triples(records))
        data = {(q.subject, q.predicate, q.object) for q in store.oxigraph.quads_for_pattern(
            None, None, None, ox.DefaultGraph())}
        kept = {(q.subject, q.predicate, q.object) for q in store.oxigraph.quads_for_pattern(
            None, None, None, ox.NamedNode(source_file_iri("")))}
    assert len(data) > 100 and kept == data


class _FullQueue(__import__("queue").Queue):
    """A queue that always says it is full: the builder takes up every step of work it was
    given to do meanwhile before its first chunk goes on (then ``put`` still works)."""

    def full(self):
        return True


def test_names_are_resolved_while_the_loaders_are_busy_and_the_graph_is_the_same(
        tmp_path, data_dir, monkeypatch):
    from partnerkg.core import idle
    from partnerkg.graph import store as store_module

    plain = tmp_path / "plain"
    load_into_store([data_dir / "long.csv"], plain)
    monkeypatch.setattr(store_module, "BULK_LOAD_FROM", 1)
    monkeypatch.setattr(store_module, "CHUNK_CHARS", 2_000)
    monkeypatch.setattr(store_module.queue, "Queue", _FullQueue)
    taken = []
    real = idle.step_while
    monkeypatch.setattr(idle, "step_while", lambda waiting, on_step=None: real(
        waiting, on_step=lambda step: taken.append(step)))
    meanwhile = tmp_path / "meanwhile"
    load_into_store([data_dir / "long.csv"], meanwhile)
    # every step of the names' resolution was taken while a chunk waited for the loaders
    assert taken
    with KnowledgeGraph(plain) as a, KnowledgeGraph(meanwhile) as b:
        assert serialise(a.to_memory(), "nt") == serialise(b.to_memory(), "nt")

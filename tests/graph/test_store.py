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
    real = store_module.Store._bulk_load_streaming
    monkeypatch.setattr(store_module.Store, "_bulk_load_streaming",
                        lambda self, *args: streams.append(args) or real(self, *args))
    streamed = tmp_path / "streamed"
    load_into_store([data_dir / "long.csv"], streamed)
    assert len(streams) == 1  # through the pipe, not a transaction
    with KnowledgeGraph(plain) as a, KnowledgeGraph(streamed) as b:
        assert serialise(a.to_memory(), "nt") == serialise(b.to_memory(), "nt")
        assert len(b) > 100


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

"""A view drawn once is kept in the store and read back: the same page, until the data changes."""

import pytest

from partnerkg import KnowledgeGraph
from partnerkg.graph import cache
from partnerkg.network.analysis import Analysis
from partnerkg.pipeline import load_into_store
from partnerkg.views import network
from partnerkg.views.network import ViewOptions, network_page


REAL_BUILD = network.build_view


def refuse(*args, **kwargs):
    raise AssertionError("the view was drawn again")


@pytest.fixture
def store(tmp_path, data_dir):
    load_into_store([data_dir / "long.csv"], tmp_path / "store")
    return tmp_path / "store"


def fresh_page(store, options) -> str:
    """The page drawn from the data, with nothing kept or read back."""
    with pytest.MonkeyPatch.context() as patch, KnowledgeGraph(store, read_only=True) as kg:
        patch.setattr(network.cache, "remembered", lambda kg, kind, parts, draw, plain: draw())
        patch.setattr(network, "build_view", REAL_BUILD)
        return network_page(kg, options)


def test_a_kept_view_gives_the_page_drawn_from_the_data(store, monkeypatch):
    options = ViewOptions(generated="2026-01-01")
    with KnowledgeGraph(store) as kg:
        first = network_page(kg, options)
    monkeypatch.setattr(network, "build_view", refuse)
    with KnowledgeGraph(store) as kg:
        again = network_page(kg, options)
        retitled = network_page(kg, ViewOptions(generated="2027-02-02", title="Other"))
    assert again == first == fresh_page(store, options)
    assert retitled == fresh_page(store, ViewOptions(generated="2027-02-02", title="Other"))
    assert "Generated 2027-02-02." in retitled and "<title>Other</title>" in retitled


def test_other_options_or_new_data_draw_the_view_again(store, data_dir, monkeypatch):
    with KnowledgeGraph(store) as kg:
        network_page(kg, ViewOptions(generated="2026-01-01"))
    drawn = []
    real = network.build_view
    monkeypatch.setattr(network, "build_view", lambda kg, o: drawn.append(o) or real(kg, o))
    with KnowledgeGraph(store) as kg:
        bipartite = network_page(kg, ViewOptions(view="bipartite", generated="2026-01-01"))
    assert [o.view for o in drawn] == ["bipartite"]
    assert bipartite == fresh_page(store, ViewOptions(view="bipartite", generated="2026-01-01"))
    load_into_store([data_dir / "variants.csv"], store)
    with KnowledgeGraph(store) as kg:
        page = network_page(kg, ViewOptions(generated="2026-01-01"))
    assert len(drawn) == 2 and page == fresh_page(store, ViewOptions(generated="2026-01-01"))


def test_views_make_way_for_views_only(store):
    def kept(kg) -> list[str]:
        return sorted(q.subject.value.split("/")[-2] for q in kg.oxigraph.quads_for_pattern(
            None, cache._PREDICATE, None, cache._GRAPH))

    with KnowledgeGraph(store) as kg:
        Analysis.of(kg)
        before = kept(kg)  # the analysis, and the tables the load kept
        for labels in range(cache.OWN_ALLOWANCE["view"] + 2):  # views the labels tell apart
            network_page(kg, ViewOptions(labels=labels, generated="2026-01-01"))
        kinds = kept(kg)
    assert "analysis" in before and "view" not in before
    assert [kind for kind in kinds if kind != "view"] == before
    assert 1 <= kinds.count("view") <= cache.OWN_ALLOWANCE["view"]

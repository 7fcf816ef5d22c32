"""network_chosen gives funding.network_for's answer, skipping the count of memberships where
the data holds no grant."""

from pathlib import Path

import pytest

from partnerkg.network.analysis import network_chosen
from partnerkg.network.funding import grant_funders, network_for
from partnerkg.pipeline import KnowledgeGraph, load_into_store

GRANTS = Path(__file__).parents[1] / "data" / "funding" / "grants.json"


@pytest.fixture(scope="module")
def grant_kg(tmp_path_factory):
    path = tmp_path_factory.mktemp("grants") / "store"
    load_into_store([GRANTS], path)
    with KnowledgeGraph.open(path) as kg:
        yield kg


def test_without_grants_it_is_partnerships_with_no_note(bundled_kg):
    assert not grant_funders(bundled_kg)
    assert network_chosen(bundled_kg, None) == network_for(bundled_kg, None) == \
        ("partnerships", None)
    assert network_chosen(bundled_kg, None, "2015-16") == network_for(bundled_kg, None, "2015-16")


@pytest.mark.parametrize("network", [None, "funding", "co-funding", "partnerships"])
def test_with_grants_it_is_network_for(grant_kg, network):
    assert grant_funders(grant_kg)
    chosen = network_chosen(grant_kg, network)
    assert chosen == network_for(grant_kg, network)
    if network is None:  # grants alone: funding, with a note saying why (worked out by hand:
        # no bid of the file has two members)
        assert chosen[0] == "funding" and "No bid here has two members" in chosen[1]


def test_an_unknown_round_is_still_refused(run):
    done = run("report", "partners", "--round", "1999-00")
    assert done.exit_code == 1 and "no round '1999-00'" in done.output


def test_the_memberships_counted_and_kept(tmp_path, data_dir):
    from partnerkg.graph import cache
    from partnerkg.network.analysis import membership_count
    from partnerkg.network.projection import memberships

    path = tmp_path / "store"
    load_into_store([data_dir / "long.csv"], path)
    with KnowledgeGraph.open(path) as kg:
        expected = len(memberships(kg))  # one row per membership
        assert expected > 0
        assert membership_count(kg) == expected
        assert [n for n in cache._kept_nodes(kg.oxigraph) if "/size/" in n.value]
        assert membership_count(kg) == expected  # read back
    assert membership_count(KnowledgeGraph()) == 0  # an empty graph in memory

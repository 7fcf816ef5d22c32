"""The path found on the memberships themselves is the path found on the projection: the
same organisations, bids and counts, step by step (bid_path on a CoGraph is the second
implementation)."""

import random

import pytest

from partnerkg.network.paths import bid_path, bid_path_in_table
from partnerkg.network.projection import CoGraph, MembershipTable


def random_rows(seed: int, orgs: int, bids: int, largest: int = 5) -> list[dict]:
    draw = random.Random(seed)
    rows = []
    for b in range(bids):
        members = draw.sample(range(orgs), draw.randint(1, largest))
        for m in members + ([members[0]] if draw.random() < 0.05 else []):  # some twice
            rows.append({"org": f"https://x/org/{m:04d}", "name": f"Body {m}",
                         "sector": "council", "bid": f"https://x/bid/{b:04d}",
                         "bid_label": f"Bid {draw.randint(0, bids // 2)}",  # labels repeat
                         "role": "lead" if m == members[0] else "partner", "round": "",
                         "amount": None, "title": "", "confidence": None})
    return sorted(rows, key=lambda r: (r["bid"], r["org"]))


@pytest.mark.parametrize("seed", range(6))
def test_every_pair_the_same_steps_as_on_the_projection(seed):
    rows = random_rows(seed, orgs=60, bids=40 + 10 * seed, largest=3 + seed % 3)
    table = MembershipTable.of_rows(rows)
    graph = CoGraph.from_table(table)
    labels = {b[0]: b[1] for b in table.bids}
    orgs = sorted({r["org"] for r in rows})
    draw = random.Random(seed)
    pairs = [(a, b) for a in orgs for b in orgs]
    compared = unconnected = 0
    for a, b in draw.sample(pairs, 400) + [(orgs[0], orgs[0])]:
        expected = bid_path(graph, a, b, labels)
        assert bid_path_in_table(table, a, b) == expected, (a, b)
        compared += 1
        unconnected += expected is None
    assert compared == 401
    if seed == 0:  # sparse: some pairs are not connected at all
        assert unconnected > 0


def test_a_selection_of_the_memberships(bundled_kg):
    from partnerkg.network.projection import membership_table

    table = membership_table(bundled_kg).select("2015-16")
    graph = CoGraph.from_table(table)
    labels = {b[0]: b[1] for b in table.bids}
    orgs = graph.order
    names = {node: f"name of {node}" for node in orgs}
    draw = random.Random(3)
    connected = 0
    for a, b in (draw.sample(orgs, 2) for _ in range(150)):
        expected = bid_path(graph, a, b, labels)
        assert bid_path_in_table(table, a, b) == expected
        named = bid_path_in_table(table, a, b, names)
        if expected is None:
            assert named is None
            continue
        connected += 1
        # names as given: the ends are the two asked for; bids and counts unchanged
        assert named[0]["from"] == names[a] and named[-1]["to"] == names[b]
        assert [(s["bid"], s["shared_bids"]) for s in named] == \
            [(s["bid"], s["shared_bids"]) for s in expected]
    assert connected >= 5  # worked out: 8 of these 150 pairs share a chain of bids

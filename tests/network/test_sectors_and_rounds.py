"""Sector and round counts made with sparse matrices equal the same counts made pair by pair."""

import random
from itertools import combinations

import pytest
from partnerkg.network.brokerage import sector_matrix
from partnerkg.network.rounds import round_changes
from partnerkg.ontology import SECTORS


def random_rows(seed: int) -> list[dict]:
    rng = random.Random(seed)
    rounds = ["2013-14", "2014-15", "2015-16", ""]
    rows = {}
    for b in range(150):
        label = rng.choice(rounds)
        for _ in range(rng.randrange(1, 8)):
            org = f"o{rng.randrange(90):02d}"
            rows[(b, org)] = {"org": org, "bid": f"b{b}", "round": label,
                              "sector": SECTORS[int(org[1:]) % 5]}
    return list(rows.values())


def naive_rounds(rows):
    members = {}
    for r in rows:
        members.setdefault(r["round"] or "not stated", {}).setdefault(r["bid"], set()).add(r["org"])
    seen_bodies, seen_pairs, out = set(), set(), []
    for label in sorted(members):
        bodies = set().union(*members[label].values())
        pairs = {p for orgs in members[label].values() for p in combinations(sorted(orgs), 2)}
        out.append({"round": label, "bids": len(members[label]), "bodies": len(bodies),
                    "new_bodies": len(bodies - seen_bodies), "pairs": len(pairs),
                    "repeat_pairs": len(pairs & seen_pairs)})
        seen_bodies |= bodies
        seen_pairs |= pairs
    return out


def naive_sectors(rows):
    per_bid = {}
    for r in rows:
        per_bid.setdefault(r["bid"], {}).setdefault(r["sector"], set()).add(r["org"])
    present = [s for s in SECTORS if any(s in v for v in per_bid.values())]
    return present, [[sum(1 for v in per_bid.values()
                          if (len(v.get(a, ())) >= 2 if a == b else a in v and b in v))
                      for b in present] for a in present]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_round_changes_equal_the_pair_by_pair_count(seed):
    rows = random_rows(seed)
    assert round_changes(rows) == naive_rounds(rows)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sector_matrix_equals_the_bid_by_bid_count(seed):
    rows = random_rows(seed)
    assert sector_matrix(rows) == naive_sectors(rows)

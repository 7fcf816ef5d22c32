"""Sector and round counts made with sparse matrices equal the same counts made pair by pair."""

import random
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


def reference():
    """The benchmark's plain computations (pair by pair, bid by bid): one reference for both."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    try:
        import commands
    finally:
        sys.path.pop(0)
    return commands


def naive_rounds(rows):
    return reference().reference_rounds(rows)


def naive_sectors(rows):
    by_pair = reference().reference_sector_matrix(rows)
    present = [s for s in SECTORS if (s, s) in by_pair]
    return present, [[by_pair[(a, b)] for b in present] for a in present]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_round_changes_equal_the_pair_by_pair_count(seed):
    rows = random_rows(seed)
    found = round_changes(rows)
    assert found == naive_rounds(rows)
    # plain Python numbers: JSON output writes them as numbers
    assert all(type(v) is int for row in found for k, v in row.items() if k != "round")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sector_matrix_equals_the_bid_by_bid_count(seed):
    rows = random_rows(seed)
    found = sector_matrix(rows)
    assert found == naive_sectors(rows)
    assert all(type(v) is int for line in found[1] for v in line)

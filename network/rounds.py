"""How partnerships change from round to round."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

__all__ = ["round_changes"]


def round_changes(rows: list[dict]) -> list[dict]:
    """Per round, in label order: bids, bodies, bodies new to the data, pairs working together
    again (pairs that had shared a bid in an earlier round)."""
    members: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for row in rows:
        members[row["round"] or "not stated"][row["bid"]].add(row["org"])
    seen_bodies: set = set()
    seen_pairs: set = set()
    out = []
    for label in sorted(members):
        bids = members[label]
        bodies = set().union(*bids.values())
        pairs = {frozenset(p) for orgs in bids.values() for p in combinations(sorted(orgs), 2)}
        out.append({"round": label, "bids": len(bids), "bodies": len(bodies),
                    "new_bodies": len(bodies - seen_bodies), "pairs": len(pairs),
                    "repeat_pairs": len(pairs & seen_pairs)})
        seen_bodies |= bodies
        seen_pairs |= pairs
    return out

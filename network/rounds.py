"""How partnerships change from round to round."""

from __future__ import annotations

import numpy as np
from scipy import sparse

__all__ = ["round_changes"]


def round_changes(rows: list[dict]) -> list[dict]:
    """Per round, in label order: bids, bodies, bodies new to the data, pairs working together
    (pairs of bodies that shared a bid in the round) and pairs working together again (pairs
    that had shared a bid in an earlier round).

    Pairs are counted with sparse matrices (the round's organisation-by-bid matrix times its
    transpose), never listed one by one: a national round has a million of them.
    """
    orgs = {org: i for i, org in enumerate(sorted({r["org"] for r in rows}))}
    by_round: dict[str, dict] = {}
    for row in rows:
        by_round.setdefault(row["round"] or "not stated", {}).setdefault(
            row["bid"], set()).add(orgs[row["org"]])
    n = len(orgs)
    seen_bodies = np.zeros(n, dtype=bool)
    seen_pairs = sparse.csr_matrix((n, n), dtype=np.int8)
    out = []
    for label in sorted(by_round):
        bids = by_round[label]
        org_of = np.fromiter((o for members in bids.values() for o in members), dtype=np.int64)
        bid_of = np.repeat(np.arange(len(bids)), [len(m) for m in bids.values()])
        incidence = sparse.csr_matrix((np.ones(len(org_of), dtype=np.int64), (org_of, bid_of)),
                                      shape=(n, len(bids)))
        pairs = sparse.triu(incidence @ incidence.T, k=1).tocsr()
        pairs.data[:] = 1
        pairs = pairs.astype(np.int8)
        bodies = np.zeros(n, dtype=bool)
        bodies[org_of] = True
        out.append({"round": label, "bids": len(bids), "bodies": int(bodies.sum()),
                    "new_bodies": int((bodies & ~seen_bodies).sum()), "pairs": pairs.nnz,
                    "repeat_pairs": int(pairs.multiply(seen_pairs).count_nonzero())})
        seen_bodies |= bodies
        seen_pairs = ((seen_pairs + pairs) > 0).astype(np.int8)
    return out

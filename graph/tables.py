"""Tables kept beside the data: the memberships, each grant's funder and the bids per round,
in the form every report reads them (``network.projection``, ``network.funding``,
``reports.partnerships``), and the keys they are kept under (see ``cache``).

A first load keeps them as it writes the data (``keep_loaded``), so that the first report on a
new store reads them back in seconds instead of reading millions of terms out of the store (a
million grants: 106 s for the memberships, 22 s for the coverage counts, whose sums join every
grant to its amount). What a load keeps and what a report reads from the store are packed by
the same functions here, under the same keys, so a command cannot tell which way a table came;
tests compare the two on every kind of load.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from ..core.progress import status
from ..core.terms import canonical_decimal
from . import cache, nt
from .build import LoadTables, sector_key

__all__ = ["TABLE_PARTS", "FUNDERS_FORMAT", "COVERAGE_PARTS", "pack_members", "sorted_members",
           "bid_funders_parts", "bid_funders_kept", "keep_loaded"]

#: What the memberships table is kept under beside the data version: changes whenever its
#: kept form changes.
TABLE_PARTS = ["table", 3]
#: Changes whenever the kept form of the grants' funders (or programmes) changes.
FUNDERS_FORMAT = 2
#: What the coverage counts (the coverage query's rows) are kept under.
COVERAGE_PARTS = ["coverage", 2]


def pack_members(orgs: dict, bids: dict, members: list[tuple]) -> dict:
    """Memberships as the table keeps them: each organisation and bid once (in the order the
    memberships first name them), memberships as arrays of their indexes, roles and
    confidences (NaN: none stated), in the order given.

    ``orgs`` maps an organisation's IRI to (name, sector key); ``bids`` a bid's IRI to (label,
    round, amount as text or None, title); ``members`` holds (bid IRI, organisation IRI, leads,
    confidence or None). The memberships read from a store and those a first load keeps
    (``keep_loaded``) are packed by this one function, so the two cannot differ in form.
    """
    import numpy as np

    pack_array = cache.pack_array
    org_at: dict[str, int] = {}
    bid_at: dict[str, int] = {}
    org_list, bid_list = [], []
    n = len(members)
    org_index = np.empty(n, np.int32)
    bid_index = np.empty(n, np.int32)
    for i, (bid, org, _, _) in enumerate(members):
        o = org_at.get(org)
        if o is None:
            o = org_at[org] = len(org_list)
            org_list.append([org, *orgs[org]])
        b = bid_at.get(bid)
        if b is None:
            b = bid_at[bid] = len(bid_list)
            bid_list.append([bid, *bids[bid]])
        org_index[i], bid_index[i] = o, b
    return {"orgs": org_list, "bids": bid_list,
            "org": pack_array(org_index), "bid": pack_array(bid_index),
            "lead": pack_array(np.fromiter((m[2] for m in members), np.uint8, n)),
            "confidence": pack_array(np.fromiter(
                (np.nan if m[3] is None else m[3] for m in members), np.float64, n))}


def sorted_members(orgs: dict, bids: dict, members) -> list[tuple]:
    """The memberships (see ``pack_members``) of organisations and bids that have a label,
    sorted by bid then organisation: the order every table is kept in."""
    return sorted((m for m in members if m[1] in orgs and m[0] in bids),
                  key=lambda m: (m[0], m[1]))


def bid_funders_parts(bids: list) -> list:
    """What the funders of a table's ``bids`` are kept under, beside the data version."""
    digest = hashlib.sha256("\n".join(b[0] for b in bids).encode("utf-8")).hexdigest()
    return ["bid funders", FUNDERS_FORMAT, digest]


def bid_funders_kept(bids: list, index: dict[str, int], funders: list) -> dict:
    """The funders of a table's ``bids`` as kept, from each grant's funder (``index``: grant
    IRI -> position in ``funders``, see ``network.funding.grant_funder_index``)."""
    import numpy as np

    found = np.fromiter((index.get(b[0], -1) for b in bids), np.int32, len(bids))
    return {"funder": cache.pack_array(found), "funders": funders}


def keep_loaded(kg, tables: LoadTables) -> bool:
    """Keep what ``tables`` noted of a load into an empty store (see ``Store.add_records``)
    under ``kg``'s new data version; False (nothing kept) when the notes do not cover the
    whole store."""
    if not tables.whole:
        return False
    with status("Keeping the tables reports start from"):
        table = pack_members(*_members(tables))
        if not cache.keep(kg, "memberships", TABLE_PARTS, table, plain=True):
            return False
        if tables.funders:
            funders = sorted({nt.iri_value(f): f for f in tables.funders.values()}.items())
            number = {node: i for i, (_, node) in enumerate(funders)}
            about = [[iri, tables.labels[node], _sector(tables, node)] for iri, node in funders]
            index = {nt.iri_value(grant): number[funder]
                     for grant, funder in tables.funders.items()}
            cache.keep(kg, "network", bid_funders_parts(table["bids"]),
                       bid_funders_kept(table["bids"], index, about), plain=True)
        if tables.rounds:
            cache.keep(kg, "coverage", COVERAGE_PARTS, _coverage(tables))
    return True


def _members(tables: LoadTables) -> tuple[dict, dict, list[tuple]]:
    """The organisations, bids and memberships as ``network.projection`` reads them."""
    members_of = {noted[1] for noted in tables.members.values()}
    orgs = {nt.iri_value(org): (tables.labels[org], _sector(tables, org))
            for org in members_of if org in tables.labels}
    bids = {}
    for node, (label, round_node, amount, title) in tables.bids.items():
        bids[nt.iri_value(node)] = (label, tables.labels.get(round_node, "") if round_node
                                    else "", None if amount is None else str(Decimal(amount)),
                                    title)
    members = ((nt.iri_value(bid), nt.iri_value(org), lead, confidence)
               for bid, org, lead, confidence in tables.members.values())
    return orgs, bids, sorted_members(orgs, bids, members)


def _sector(tables: LoadTables, org: str) -> str:
    """The sector key a report reads from the store for ``org`` ("other": none written)."""
    return sector_key(tables.sectors[org]) if org in tables.sectors else "other"


def _coverage(tables: LoadTables) -> list[list]:
    """The coverage query's rows (see ``reports.partnerships.count_coverage``): per round, its
    programme and name, bids, bids stated, the sum of the bids' amounts (as SPARQL's SUM of
    each bid's amount or 0 writes it) and the amount stated, sorted by programme and round."""
    bids: dict[str, int] = {}
    sums: dict[str, Decimal] = {}
    for _, round_node, amount, _ in tables.bids.values():
        if round_node is not None:
            bids[round_node] = bids.get(round_node, 0) + 1
            if amount is not None:
                sums[round_node] = sums.get(round_node, Decimal(0)) + Decimal(amount)
    rows = []
    for node, programme in tables.rounds.items():
        bids_stated, amount_stated = tables.stated.get(node, (None, None))
        total = sums.get(node)
        rows.append([tables.labels[programme], tables.labels[node], bids.get(node, 0),
                     bids_stated, "0" if total is None else canonical_decimal(total),
                     amount_stated])
    return sorted(rows, key=lambda row: (row[0], row[1]))

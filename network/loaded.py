"""The tables a first load keeps: the memberships, each grant's funder and the bids per round,
as the load wrote them, so that the first report on a new store reads them back in seconds
instead of reading millions of terms out of the store (a million grants: 106 s for the
memberships, 22 s for the coverage counts, whose sums join every grant to its amount).

The tables are packed by the same functions that pack what is read from a store
(``projection.pack_members``, ``funding.bid_funders_kept``), and kept under the same keys,
so a command cannot tell which way a table came. Tests compare the two on every kind of load.
"""

from __future__ import annotations

from decimal import Decimal

from ..core.progress import status
from ..core.terms import canonical_decimal
from ..graph import cache, nt
from ..graph.build import LoadTables, sector_key
from ..reports.partnerships import keep_coverage
from .funding import bid_funders_kept, bid_funders_parts
from .projection import TABLE_PARTS, MembershipTable, pack_members, sorted_members

__all__ = ["keep_loaded"]


def keep_loaded(kg, tables: LoadTables) -> bool:
    """Keep what ``tables`` noted of a load into an empty store (see ``Store.add_records``)
    under ``kg``'s new data version; False (nothing kept) when the notes do not cover the
    whole store."""
    if not tables.whole:
        return False
    with status("Keeping the memberships table"):
        table = MembershipTable(pack_members(*_members(tables)))
        if not cache.keep(kg, "memberships", TABLE_PARTS, table.packed, plain=True):
            return False
        if tables.funders:
            funders = sorted({nt.iri_value(f): f for f in tables.funders.values()}.items())
            number = {node: i for i, (_, node) in enumerate(funders)}
            about = [[iri, tables.labels[node], _sector(tables, node)] for iri, node in funders]
            index = {nt.iri_value(grant): number[funder]
                     for grant, funder in tables.funders.items()}
            cache.keep(kg, "network", bid_funders_parts(table),
                       bid_funders_kept(table, index, about), plain=True)
        if tables.rounds:
            keep_coverage(kg, _coverage(tables))
    return True


def _members(tables: LoadTables) -> tuple[dict, dict, list[tuple]]:
    """The organisations, bids and memberships as ``projection._read_members`` reads them."""
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
    """The coverage query's rows (see ``reports.partnerships._coverage``): per round, its
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

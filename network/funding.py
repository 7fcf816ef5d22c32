"""The networks grant data holds, as membership tables the analysis projects like bids.

A grant (a bid with a ``pkg:funder``, as 360Giving grants are loaded) joins its funder and its
recipient. Four networks come from grants, each a ``MembershipTable`` whose "bids" are what ties
two bodies, so the same sparse product (incidence times its transpose) projects them all:

* ``funding``: funders and recipients, each grant a "bid" of its recipient (lead) and its
  funder: a funder and a recipient are tied by the grants between them (the weight);
* ``co-funding``: funders, each recipient a "bid" of the funders that funded it: two funders
  are tied by the recipients they both funded;
* ``shared-funders``: recipients, each funder a "bid" of the recipients it funded: two
  recipients are tied by the funders they share;
* ``combined``: every membership of every bid and grant, and each grant's funder beside its
  recipient: a body that is a partner in bids and a funder of grants joins the two.

``partnerships`` is the memberships of bids as they are (a grant is a bid of one member, so it
adds no tie there).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.errors import OptionError, QueryError
from ..core.tables import counted
from ..graph.tables import FUNDERS_FORMAT as _FUNDERS_FORMAT
from ..graph.tables import bid_funders_kept, bid_funders_parts
from .arrays import distinct_per, present
from .projection import MembershipTable

__all__ = ["NETWORKS", "PARTNERSHIPS", "Network", "FUNDERS_QUERY", "grant_funders",
           "grant_funder_index", "has_grants",
           "network_of", "networks_held", "AREAS_QUERY", "grant_areas", "find_area",
           "grants_in", "in_area", "recipient_districts", "choose_network", "network_for", "funding_ties",
           "grants", "described"]

PARTNERSHIPS = "partnerships"
#: A projection whose "bids" would join more pairs of bodies than this (counted with
#: repeats, before the product) is refused: 200 funders of 5,000 recipients each would join
#: 2.5 billion pairs of recipients, more than any machine holds.
MAX_PAIRS = 50_000_000


@dataclass(frozen=True)
class Network:
    """What a network's nodes, ties and "bids" are called in reports."""

    name: str
    meaning: str
    tie: str  # one tie, as counted: "co-partnership tie"
    thing: str  # what ties two bodies (one): "bid", "grant", "recipient", "funder"
    things: str  # the column of how many of those a body has
    led: str  # the column of how many it led (or received)
    led_means: str  # what that count is


NETWORKS = {
    PARTNERSHIPS: Network(PARTNERSHIPS, "bodies joined when they bid together, weighted by "
                          "the bids they shared", "co-partnership tie", "bid", "bids", "led",
                          "bids led"),
    "funding": Network("funding", "funders and recipients joined by grants, weighted by the "
                       "number of grants between them", "funder-recipient tie", "grant",
                       "grants", "received", "grants received"),
    "co-funding": Network("co-funding", "funders joined when they funded the same recipient, "
                          "weighted by the recipients they share", "co-funding tie",
                          "recipient", "recipients", "led",
                          "nothing: a recipient has no lead (always 0)"),
    "shared-funders": Network("shared-funders", "recipients joined when the same funder funded "
                              "them, weighted by the funders they share", "shared-funder tie",
                              "funder", "funders", "led",
                              "nothing: a funder has no lead (always 0)"),
    "combined": Network("combined", "bodies joined by shared bids and by grants (a funder to "
                        "its recipient)", "tie", "bid or grant", "bids and grants",
                        "led or received", "bids led and grants received"),
}

_PREFIXES = """
PREFIX org:  <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX pkg:  <https://w3id.org/partnerkg/>
"""
# Small queries read side by side and joined in Python: one query joining grants, funders and
# programmes takes Oxigraph three times as long (100,000 grants: 4.4 s against 1.4 s).
FUNDERS_QUERY = _PREFIXES + "SELECT ?grant ?funder WHERE { ?grant pkg:funder ?funder }"
_FUNDER_NAMES_QUERY = _PREFIXES + """
SELECT ?funder ?name ?sector WHERE {
  { SELECT DISTINCT ?funder WHERE { ?grant pkg:funder ?funder } }
  ?funder skos:prefLabel ?name .
  OPTIONAL { ?funder org:classification ?sector }
}"""
_PROGRAMMES_QUERY = _PREFIXES + "SELECT ?bid ?programme WHERE { ?bid pkg:programme ?programme }"
_PROGRAMME_NAMES_QUERY = _PREFIXES + """
SELECT ?programme ?name WHERE { ?programme a pkg:FundingProgramme ; skos:prefLabel ?name }"""
_GRANTS_OF_QUERY = _PREFIXES + "SELECT ?grant WHERE { ?grant pkg:funder ?funder }"
_ANY_GRANT_QUERY = _PREFIXES + """
SELECT ?grant WHERE { ?grant pkg:funder ?funder . ?funder skos:prefLabel ?name } LIMIT 1"""


AREAS_QUERY = """
PREFIX pkg:  <https://w3id.org/partnerkg/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?grant ?role ?code ?name WHERE {
  { ?grant pkg:recipientArea ?area . BIND("recipient" AS ?role) }
  UNION { ?grant pkg:beneficiaryArea ?area . BIND("beneficiary" AS ?role) }
  ?area pkg:gssCode ?code .
  OPTIONAL { ?area rdfs:label ?name }
}
"""


def _memo(kg, name: str, read):
    """``read()``, once per data version of ``kg``."""
    version = kg.data_version() if hasattr(kg, "data_version") else None
    memo = getattr(kg, name, None)
    if version is not None and memo is not None and memo[0] == version:
        return memo[1]
    found = read()
    if version is not None:
        setattr(kg, name, (version, found))
    return found


def grant_areas(kg) -> tuple[dict[str, list[tuple[str, str]]], dict[str, str]]:
    """The areas grants state: {grant IRI: [(role, GSS code)]} (role "recipient" or
    "beneficiary"), and each area's name ({code: name}: the map's name of a district, else the
    first the data gives, in sorted order)."""
    def read():
        from ..data.boundaries import boundaries

        of_grant: dict[str, list[tuple[str, str]]] = {}
        names: dict[str, str] = {}
        for grant, role, code, name in sorted(kg.select(AREAS_QUERY)[1],
                                              key=lambda r: tuple(v or "" for v in r)):
            if (role, code) not in of_grant.setdefault(grant, []):
                of_grant[grant].append((role, code))
            names.setdefault(code, name or "")
        districts = boundaries()["areas"]
        names.update({code: districts[code]["name"] for code in names if code in districts})
        return of_grant, names
    return _memo(kg, "_areas_memo", read)


def find_area(kg, text: str) -> str:
    """The GSS code of an area the grants state, given as its code or its name."""
    from ..core.names import normalise_name

    _, names = grant_areas(kg)
    if not names:
        raise QueryError("no grant here states an area (360Giving's recipient or beneficiary "
                         "location with a GSS code): --area has nothing to choose from")
    wanted = text.strip()
    if wanted.upper() in names:
        return wanted.upper()
    found = sorted(code for code, name in names.items()
                   if normalise_name(name) == normalise_name(wanted))
    if len(found) == 1:
        return found[0]
    if found:
        raise QueryError(f"{len(found)} areas are named {text!r}: {', '.join(found)}; give "
                         "one of these codes instead")
    known = sorted(f"{name} ({code})" if name else code for code, name in names.items())
    raise QueryError(f"no grant states the area {text!r}; areas in the data: "
                     + "; ".join(known[:10]) + (f"; and {len(known) - 10} more"
                                                if len(known) > 10 else ""))


def grants_in(kg, area: str) -> set[str]:
    """The grants whose recipient or beneficiaries are in the area ``area`` (a GSS code)."""
    of_grant, _ = grant_areas(kg)
    return {grant for grant, areas in of_grant.items() if any(c == area for _, c in areas)}


def in_area(kg, table: MembershipTable, area: str) -> MembershipTable:
    """The memberships of ``table`` in grants stated to be in ``area`` (a GSS code: the
    recipient's area or the beneficiaries'); bids state no area, so none is kept."""
    import numpy as np

    chosen = grants_in(kg, area)
    keep = np.array([b[0] in chosen for b in table.bids], dtype=bool)
    keep = keep[table.bid] if len(table) else np.zeros(0, dtype=bool)
    return MembershipTable(table.packed, keep=(table.org[keep], table.bid[keep],
                                               table.lead[keep], table.confidence[keep]))


def recipient_districts(kg) -> dict[str, list[tuple[str, int]]]:
    """The districts of the map (2013 boundaries) each recipient's grants put it in:
    {organisation IRI: [(GSS code, grants), ...]}, the most grants first, then by code."""
    from ..data.boundaries import boundaries
    from .projection import membership_table

    of_grant, _ = grant_areas(kg)
    districts = boundaries()["areas"]
    counts: dict[str, dict[str, int]] = {}
    for row in membership_table(kg).rows():
        if row["role"] != "lead":
            continue
        for role, code in of_grant.get(row["bid"], ()):
            if role == "recipient" and code in districts:
                found = counts.setdefault(row["org"], {})
                found[code] = found.get(code, 0) + 1
    return {org: sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))
            for org, found in sorted(counts.items())}


def grant_funders(kg) -> dict[str, tuple[str, str, str, str]]:
    """{grant IRI: (funder IRI, name, sector key, programme)}, read once per data version."""
    def read():
        index, funders = grant_funder_index(kg)
        programme_of, programmes = _grant_programmes(kg)
        return {grant: (*funders[f], programmes[programme_of.get(grant, -1)])
                for grant, f in index.items()}
    return _memo(kg, "_funders_memo", read)


def grant_funder_index(kg) -> tuple[dict[str, int], list[list[str]]]:
    """Each grant's funder, as the networks need it: ({grant IRI: index of its funder in the
    list}, funders sorted as [IRI, name, sector key]); read once per data version, and kept
    in the store for the next command. A grant with two funders has the first (by IRI)."""
    from ..graph import cache

    def keep() -> dict:
        import numpy as np

        first, funders = _first_funders(kg)
        grants = sorted(first)
        return {"grants": grants, "funders": funders,
                "funder": cache.pack_array(np.fromiter(map(first.__getitem__, grants), np.int32,
                                                       len(grants)))}

    def read():
        kept = cache.remembered(kg, "funders", [_FUNDERS_FORMAT], keep, plain=True)
        return (dict(zip(kept["grants"], cache.unpack_array(kept["funder"]).tolist())),
                kept["funders"])
    return _memo(kg, "_funder_index_memo", read)


def _first_funders(kg) -> tuple[dict[str, int], list[list[str]]]:
    """What ``grant_funder_index`` gives, read from the store once per data version in this
    process and not kept: the networks keep each bid's funder instead (see ``_bid_funders``),
    and need no sorted list of a million grants."""
    memo = getattr(kg, "_funder_index_memo", None)
    if memo is not None:
        version = kg.data_version() if hasattr(kg, "data_version") else None
        if version is not None and memo[0] == version:
            return memo[1]
    return _memo(kg, "_first_funders_memo", lambda: _read_funders(kg))


def has_grants(kg) -> bool:
    """Whether the data holds a grant with a named funder (without reading them all)."""
    version = kg.data_version() if hasattr(kg, "data_version") else None
    for name in ("_funder_index_memo", "_first_funders_memo"):
        memo = getattr(kg, name, None)
        if version is not None and memo is not None and memo[0] == version:
            return bool(memo[1][0])
    return bool(kg.select(_ANY_GRANT_QUERY)[1])


def _grant_programmes(kg) -> tuple[dict[str, int], list[str]]:
    """({grant IRI: index of its programme's name}, names sorted, then "" last: a grant
    without a programme is at index -1)."""
    from ..graph import cache

    def read():
        kept = cache.remembered(kg, "funders", ["programmes", _FUNDERS_FORMAT],
                                lambda: _read_programmes(kg), plain=True)
        return (dict(zip(kept["grants"], cache.unpack_array(kept["programme"]).tolist())),
                kept["programmes"] + [""])
    return _memo(kg, "_programmes_memo", read)


#: An IRI that SPARQL writes as it is, between < and >.
_PLAIN_IRI = re.compile(r'[^<>"{}|^`\\\x00-\x20]+')


def _read_funders(kg) -> tuple[dict[str, int], list[list[str]]]:
    """The grants' funders, read from the store: {grant IRI: index of its funder in
    ``funders``}, and ``funders`` ([IRI, name, sector], sorted)."""
    about: dict[str, list[str]] = {}
    for funder, name, sector in sorted(kg.select(_FUNDER_NAMES_QUERY)[1],
                                       key=lambda r: tuple(v or "" for v in r)):
        # a funder with two labels or sectors: the first in sorted order, every time
        about.setdefault(funder, [funder, name, sector.rsplit("/", 1)[-1] if sector
                                  else "other"])
    funders = sorted(about)
    # the grants of each funder, asked funder by funder: the store spells out only the
    # grants' IRIs (a million grants: 8.4 s, one query for all 11.9 s), two at a time (6.6 s;
    # a thread per funder, as ``select_all`` starts by default, 19 s)
    if all(_PLAIN_IRI.fullmatch(f) for f in funders):
        grants_of = kg.select_all([_GRANTS_OF_QUERY.replace("?funder", f"<{f}>")
                                   for f in funders], workers=2)
    else:  # an IRI SPARQL cannot write as it is: one query for all
        number = {f: i for i, f in enumerate(funders)}
        grants_of = [[] for _ in funders]
        for grant, funder in kg.select(FUNDERS_QUERY)[1]:
            if funder in number:
                grants_of[number[funder]].append((grant,))
    # of two funders of one grant the first: the least number, funders numbered in order
    first: dict[str, int] = {}
    for number in range(len(funders) - 1, -1, -1):
        first.update((grant, number) for (grant,) in grants_of[number])
    return first, [about[f] for f in funders]


def _read_programmes(kg) -> dict:
    """The programmes of the grants (bids with a funder) as kept: grant IRIs (sorted), and for
    each the index of its programme's name (-1: none) in ``programmes`` (sorted)."""
    import numpy as np

    from ..graph.cache import pack_array

    index, _ = grant_funder_index(kg)
    programme_of, programme_names = kg.select_all([_PROGRAMMES_QUERY, _PROGRAMME_NAMES_QUERY])
    names: dict[str, str] = {}
    for programme, name in programme_names:
        names[programme] = min(names.get(programme, name), name)
    programme: dict[str, str] = {}
    for bid, p in programme_of:  # a grant of two programmes: the first name, every time
        if bid in index:
            name = names.get(p, "")
            programme[bid] = min(programme.get(bid, name), name)
    programmes = sorted(set(programme.values()) - {""})
    programme_index = {p: i for i, p in enumerate(programmes)}
    grants = sorted(programme)
    return {"grants": grants, "programmes": programmes,
            "programme": pack_array(np.array([programme_index.get(programme[g], -1)
                                              for g in grants], dtype=np.int32))}


def _known(network: str) -> None:
    if network not in NETWORKS:
        raise OptionError(f"unknown network {network!r}; known: {', '.join(NETWORKS)}")


def network_of(kg, table: MembershipTable, network: str) -> MembershipTable:
    """The memberships of ``network`` made from the memberships ``table`` (already chosen by
    round and confidence) and the funders of its grants."""
    import numpy as np

    _known(network)
    if network == PARTNERSHIPS:
        return table
    if not has_grants(kg):
        raise QueryError(f"no {network} network: the data holds no grant with a funder "
                         "(360Giving's fundingOrganization); networks in it: partnerships")
    funder_of_bid, funders = _bid_funders(kg, table)
    # each funder an organisation of the table (one already there keeps its place)
    orgs = table.orgs
    wanted = {f[0] for f in funders}
    where = {o[0]: i for i, o in enumerate(orgs) if o[0] in wanted}
    added = [f for f in funders if f[0] not in where]
    if added:
        orgs = [*orgs, *([f[0], f[1], f[2]] for f in added)]
        where.update({f[0]: len(table.orgs) + i for i, f in enumerate(added)})
    funder_org = np.array([where[f[0]] for f in funders], dtype=np.int64)
    funder_of, grant_rows = _grant_funders_of(table, funder_of_bid, funder_org)
    if network in ("funding", "combined"):
        chosen = grant_rows if network == "funding" else np.arange(len(table))
        grants = present(table.bid[grant_rows], len(table.bids))
        # each grant's funder joins it once, as a partner, as sure as its surest recipient
        # (fmax: a confidence not stated, NaN, gives way to any stated one)
        sure = np.full(len(table.bids), np.nan)
        np.fmax.at(sure, table.bid[grant_rows], table.confidence[grant_rows])
        org = np.concatenate([table.org[chosen], funder_of[grants]])
        bid = np.concatenate([table.bid[chosen], grants])
        lead = np.concatenate([table.lead[chosen], np.zeros(len(grants), dtype=table.lead.dtype)])
        confidence = np.concatenate([table.confidence[chosen], sure[grants]])
        return _table(orgs, table.bids, org, bid, lead, confidence)
    # co-funding and shared-funders: the bodies on one side are the "bids" of the other
    recipients, funded_by = table.org[grant_rows], funder_of[table.bid[grant_rows]]
    confidence = table.confidence[grant_rows]
    if network == "co-funding":
        members, things = funded_by, recipients
    else:
        members, things = recipients, funded_by
    used = present(things, len(orgs))
    things_list = [[orgs[t][0], orgs[t][1], "", None, ""] for t in used.tolist()]
    position = np.full(len(orgs), -1, dtype=np.int64)
    position[used] = np.arange(len(used))
    _refuse_dense(network, members, position[things], len(used))
    return _table(orgs, things_list, members, position[things],
                  np.zeros(len(members), dtype=table.lead.dtype), confidence)


def _refuse_dense(network: str, members, things, count: int) -> None:
    """Refuse a projection that would join more than ``MAX_PAIRS`` pairs, before making it."""
    import numpy as np

    if not len(members):
        return
    sizes = distinct_per(things, members, count).astype(np.float64)
    joined = float((sizes * (sizes - 1) / 2).sum())
    if joined > MAX_PAIRS:
        raise QueryError(
            f"the {network} network would join {joined:,.0f} pairs of bodies (its largest "
            f"{NETWORKS[network].thing} joins {int(sizes.max()):,}), more than a machine can "
            f"hold (at most {MAX_PAIRS:,}): choose fewer grants with --round or --area, or "
            "another --network")


def _bid_funders(kg, table: MembershipTable) -> tuple:
    """For each bid of ``table`` (``table.bids``, every bid of the memberships it was chosen
    from) the index of its funder in the funders' list (-1: not a grant), and that list
    ([IRI, name, sector], see ``grant_funder_index``). Kept in the store for the data version
    and the bids: the next command on the same memberships reads a number per bid back,
    without reading or looking up every grant's IRI again."""
    import numpy as np

    from ..graph import cache

    version = kg.data_version() if hasattr(kg, "data_version") else None
    memo = getattr(kg, "_bid_funders_memo", None)  # the same bids, in this process
    if memo is not None and memo[0] == version and memo[1] is table.bids:
        return memo[2]

    def compute() -> dict:
        return bid_funders_kept(table.bids, *_first_funders(kg))

    kept = cache.remembered(kg, "network", bid_funders_parts(table.bids), compute, plain=True)
    found = (cache.unpack_array(kept["funder"]).astype(np.int64), kept["funders"])
    if version is not None:  # the list itself is held, so it is the one seen next time
        kg._bid_funders_memo = (version, table.bids, found)
    return found


def _grant_funders_of(table: MembershipTable, funder_of_bid, numbers) -> tuple:
    """Each "bid" of ``table``'s funder, as ``numbers`` (an array by position in the funders'
    list) numbers it (-1: not a grant), from the funder of each bid by its position in that
    list (``funder_of_bid``, -1: none); and the rows of ``table`` that are memberships of
    grants."""
    import numpy as np

    numbers = np.append(np.asarray(numbers, dtype=np.int64), -1)  # -1 stays -1
    funder_of = numbers[np.asarray(funder_of_bid, dtype=np.int64)]
    rows = np.flatnonzero(funder_of[table.bid] >= 0) if len(table) else np.zeros(0, np.int64)
    return funder_of, rows


def _table(orgs, bids, org, bid, lead, confidence) -> MembershipTable:
    import numpy as np

    return MembershipTable({"orgs": orgs, "bids": bids},
                           keep=(np.asarray(org, dtype=np.int32), np.asarray(bid, dtype=np.int32),
                                 np.asarray(lead), np.asarray(confidence, dtype=np.float64)))


def _held(kg, table: MembershipTable) -> dict[str, bool]:
    """For each network, whether the memberships ``table`` give it a tie (found by counting,
    without projecting: a bid of two members, a grant, a recipient of two funders, a funder of
    two recipients)."""

    def most_per(keys, values) -> int:
        return int(distinct_per(keys, values).max(initial=0))

    partnered = most_per(table.bid, table.org) >= 2
    if not has_grants(kg):
        return {PARTNERSHIPS: partnered}
    funder_of_bid, funders = _bid_funders(kg, table)
    funder_of, grant_rows = _grant_funders_of(table, funder_of_bid, range(len(funders)))
    recipients, funded_by = table.org[grant_rows], funder_of[table.bid[grant_rows]]
    return {PARTNERSHIPS: partnered, "funding": bool(len(grant_rows)),
            "co-funding": most_per(recipients, funded_by) >= 2,
            "shared-funders": most_per(funded_by, recipients) >= 2,
            "combined": partnered or bool(len(grant_rows))}


def networks_held(kg, table: MembershipTable) -> list[str]:
    """The networks with at least one tie in the memberships ``table``, in ``NETWORKS`` order."""
    held = _held(kg, table)
    return [name for name in NETWORKS if held.get(name)]


def choose_network(kg, table: MembershipTable, network: str | None
                   ) -> tuple[str, str | None]:
    """The network a report draws (``network`` if given, else partnerships, else, where that
    has no tie and grants do, funding) and a note saying which networks the data holds when
    the choice was not the one asked for or the one shown is empty."""
    if network is not None:
        _known(network)
        if network != PARTNERSHIPS and not has_grants(kg):
            raise QueryError(f"no {network} network: the data holds no grant with a funder "
                             "(360Giving's fundingOrganization); networks in it: partnerships")
        return network, None
    held = networks_held(kg, table)
    if "funding" not in held:
        return PARTNERSHIPS, None
    if PARTNERSHIPS in held:
        others = ", ".join(name for name in held if name != PARTNERSHIPS)
        return PARTNERSHIPS, f"The grants here also make networks: {others}; choose one with " \
                             "--network."
    others = ", ".join(name for name in held if name != "funding")
    return "funding", (
        "No bid here has two members, so the partnership network has no tie. The grants "
        f"make networks: funding (shown: {NETWORKS['funding'].meaning})"
        + (f", and {others}" if others else "") + "; choose one with --network.")


def network_for(kg, network: str | None, round_label: str | None = None,
                min_confidence: float | None = None, area: str | None = None
                ) -> tuple[str, str | None]:
    """The network a report or view measures, and a note when it was chosen for the user (see
    ``choose_network``), for the memberships of ``round_label`` at least as sure as
    ``min_confidence`` (and in grants of ``area``, a GSS code)."""
    from .analysis import round_table

    table = None if network is not None else round_table(kg, round_label, min_confidence,
                                                         area=area)
    chosen, note = choose_network(kg, table, network)
    if area and chosen == PARTNERSHIPS:
        raise OptionError("--area chooses grants (bids state no area): give --network "
                          "funding, co-funding, shared-funders or combined")
    return chosen, note


def grants(kg, round_label: str | None = None, min_confidence: float | None = None,
           area: str | None = None) -> list[dict]:
    """One dict per grant (a bid with a funder) of a round, at least as sure as
    ``min_confidence`` (and stated to be in ``area``, a GSS code): its funder, its recipient
    (the first named: 360Giving's grants have one), the recipient's sector, amount (None: not
    stated), round, programme and the recipient's areas (GSS codes); sorted by grant."""
    from .analysis import round_table

    funders = grant_funders(kg)
    of_grant, _ = grant_areas(kg)
    found = []
    for row in round_table(kg, round_label, min_confidence, area=area).rows():
        if row["role"] != "lead" or row["bid"] not in funders:
            continue
        funder, funder_name, funder_sector, programme = funders[row["bid"]]
        found.append({"grant": row["bid"], "funder": funder, "funder_name": funder_name,
                      "recipient": row["org"], "recipient_name": row["name"],
                      "sector": row["sector"], "amount": row["amount"],
                      "round": row["round"], "programme": programme,
                      "areas": sorted({c for role, c in of_grant.get(row["bid"], ())
                                       if role == "recipient"}),
                      "benefits": sorted({c for role, c in of_grant.get(row["bid"], ())
                                          if role == "beneficiary"})})
    return sorted(found, key=lambda g: (g["grant"], g["recipient"]))


def funding_ties(found: list[dict]) -> list[dict]:
    """Funder-recipient pairs of the grants ``found`` (as ``grants`` gives them), each with its
    grants and their total (None where none of them states an amount), sorted by funder then
    recipient: the funding network's ties weighted by grants and by amount."""
    from decimal import Decimal

    pairs: dict[tuple[str, str], dict] = {}
    for grant in found:
        pair = pairs.setdefault((grant["funder"], grant["recipient"]), {
            "funder": grant["funder"], "funder_name": grant["funder_name"],
            "recipient": grant["recipient"], "recipient_name": grant["recipient_name"],
            "grants": 0, "amount": None})
        pair["grants"] += 1
        if grant["amount"] is not None:
            pair["amount"] = (pair["amount"] or Decimal(0)) + grant["amount"]
    return [pairs[key] for key in sorted(pairs)]


def described(network: str, ties: int) -> str:
    """``ties`` of ``network`` as counted words: '9 funder-recipient ties'."""
    return counted(ties, NETWORKS[network].tie)

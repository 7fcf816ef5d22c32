"""networkx projections of the knowledge graph.

* ``bipartite_graph``: organisations and bids, an edge per membership (with its role);
* ``copartnership_graph``: organisations only, an edge per pair that bid together, weighted by
  the number of shared bids (``shared_bids`` names them).

Nodes are added in sorted order so that every algorithm downstream sees the same graph.
"""

from __future__ import annotations

from decimal import Decimal

import networkx as nx

from ..graph.tables import TABLE_PARTS, pack_members, sorted_members
from .arrays import distinct, distinct_per, present

__all__ = ["MEMBERSHIPS_BY_ROLE_QUERY", "memberships", "bipartite_graph", "copartnership_graph",
           "shared_bids", "roll_up"]

_PREFIXES = """
PREFIX org:     <http://www.w3.org/ns/org#>
PREFIX skos:    <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX pkg:     <https://w3id.org/partnerkg/>
PREFIX prov:    <http://www.w3.org/ns/prov#>
"""
# Small queries joined in Python: one query joining all of them makes Oxigraph's planner
# take minutes on a few thousand memberships, where these take a fraction of a second.
# Within each, the patterns are sub-selects so that the store scans each once and joins by
# hashing (a lookup per row is several times slower on disk). Memberships come in two halves
# (leads, partners), read side by side on two cores.
MEMBERSHIPS_BY_ROLE_QUERY = _PREFIXES + """
SELECT ?org ?bid WHERE {
  { SELECT ?m WHERE { ?m org:role %s } }
  { SELECT ?m ?org WHERE { ?m org:member ?org } }
  { SELECT ?m ?bid WHERE { ?m org:organization ?bid } }
}
"""
# Asked only when some source states a confidence: on a national graph the join costs seconds.
CONFIDENCE_QUERY = _PREFIXES + """
SELECT ?org ?bid (MAX(?c) AS ?confidence) WHERE {
  ?m org:member ?org ; org:organization ?bid ; prov:wasDerivedFrom ?src .
  ?src pkg:confidence ?c .
} GROUP BY ?org ?bid
"""
ANY_CONFIDENCE_QUERY = _PREFIXES + "SELECT ?c WHERE { ?src pkg:confidence ?c } LIMIT 1"
ORGANISATIONS_QUERY = _PREFIXES + """
SELECT ?org ?name ?s WHERE {
  { SELECT DISTINCT ?org WHERE { ?m org:member ?org } }
  { SELECT ?org ?name WHERE { ?org skos:prefLabel ?name } }
  OPTIONAL { SELECT ?org ?s WHERE { ?org org:classification ?s } }
}
"""
BIDS_QUERY = _PREFIXES + """
SELECT ?bid ?label ?round ?amount ?title WHERE {
  { SELECT ?bid ?label WHERE { ?bid a pkg:Bid ; skos:prefLabel ?label } }
  OPTIONAL { SELECT ?bid ?round WHERE { ?bid pkg:round ?r . ?r skos:prefLabel ?round } }
  OPTIONAL { SELECT ?bid ?amount WHERE { ?bid pkg:amountAwarded ?amount } }
  OPTIONAL { SELECT ?bid ?title WHERE { ?bid dcterms:title ?title } }
}
"""


def memberships(kg, min_confidence: float | None = None) -> list[dict]:
    """One dict per membership, sorted by bid then organisation; ``sector`` is the sector key.

    With ``min_confidence``, memberships whose sources are less sure are left out (those with no
    stated confidence are kept). Read from the store once per data version: later calls, in
    this process or another, read the table kept in the store (see ``membership_table``). The
    rows are shared between callers: copy a row before changing it.
    """
    table = membership_table(kg)
    return table.rows() if min_confidence is None else \
        table.select(min_confidence=min_confidence).rows()


def membership_table(kg) -> "MembershipTable":
    """Every membership of ``kg``, read from its data once per data version and kept in the
    store (see ``graph.cache``): later commands read the table back instead. A first load
    keeps it as it writes the data (``graph.tables``)."""
    from ..graph import cache

    version = kg.data_version() if hasattr(kg, "data_version") else None
    memo = getattr(kg, "_memberships_memo", None)
    if version is not None and memo is not None and memo[0] == version:
        return memo[1]
    table = MembershipTable(cache.remembered(kg, "memberships", TABLE_PARTS,
                                             lambda: pack_members(*_read_members(kg)),
                                             plain=True))
    if version is not None:
        kg._memberships_memo = (version, table)
    return table


class MembershipTable:
    """Memberships as kept: each organisation (IRI, name, sector) and bid (IRI, label, round,
    amount, title) once, and per membership the index of its organisation and bid, whether it
    leads, and its confidence (NaN: none stated), in numpy arrays.

    ``rows()`` gives the dicts every report reads; ``rows_of`` the rows of a few organisations
    and ``incidence`` the organisation-by-bid matrix, without making a dict per membership.
    """

    def __init__(self, packed: dict, rows: list[dict] | None = None, keep=None) -> None:
        from ..graph.cache import unpack_array

        self.packed = packed
        self.orgs, self.bids = packed["orgs"], packed["bids"]
        if keep is None:
            self.org = unpack_array(packed["org"])
            self.bid = unpack_array(packed["bid"])
            self.lead = unpack_array(packed["lead"])
            self.confidence = unpack_array(packed["confidence"])
        else:  # a selection of another table's memberships
            self.org, self.bid, self.lead, self.confidence = keep
        self._rows = rows
        self._sorted: bool | None = None  # whether the bids are in IRI order, once asked

    @classmethod
    def of_rows(cls, rows: list[dict]) -> "MembershipTable":
        """The table of membership rows (as ``memberships`` gives them)."""
        return cls(_pack(rows), rows)

    def __len__(self) -> int:
        return len(self.org)

    def rounds(self) -> list[str]:
        """The rounds stated, sorted."""
        return sorted({self.bids[b][2] for b in set(self.bid.tolist())} - {""})

    def select(self, round_label: str | None = None,
               min_confidence: float | None = None) -> "MembershipTable":
        """The memberships of one round, at least as sure as ``min_confidence`` (those with no
        stated confidence kept)."""
        import numpy as np

        keep = np.ones(len(self), dtype=bool)
        if round_label:
            in_round = np.array([b[2] == round_label for b in self.bids], dtype=bool)
            keep &= in_round[self.bid] if len(self.bids) else keep
        if min_confidence is not None:
            keep &= np.isnan(self.confidence) | (self.confidence >= min_confidence)
        if keep.all():
            return self
        return MembershipTable(self.packed, keep=(self.org[keep], self.bid[keep],
                                                  self.lead[keep], self.confidence[keep]))

    def rows(self) -> list[dict]:
        """One dict per membership (made once, then shared)."""
        if self._rows is None:
            self._rows = self._dicts(range(len(self)))
        return self._rows

    def rows_of(self, orgs) -> list[dict]:
        """The rows of the organisations ``orgs`` (IRIs)."""
        import numpy as np

        wanted = {org for org in orgs}
        chosen = np.array([o[0] in wanted for o in self.orgs], dtype=bool)
        if not len(self.orgs):
            return []
        return self._dicts(np.flatnonzero(chosen[self.org]))

    def partners_of(self, org: str) -> list[tuple[str, str, int]]:
        """The co-partners of ``org`` (an IRI): (IRI, name, bids shared), each once, in no
        particular order; found with numpy, without projecting the whole graph.

        >>> rows = [{"org": o, "name": o.upper(), "sector": "council", "bid": b,
        ...          "bid_label": b, "role": "partner", "round": "", "amount": None,
        ...          "title": "", "confidence": None}
        ...         for o, b in [("a", "x"), ("b", "x"), ("a", "y"), ("b", "y"), ("c", "y")]]
        >>> sorted(MembershipTable.of_rows(rows).partners_of("a"))
        [('b', 'B', 2), ('c', 'C', 1)]
        """
        import numpy as np

        at = next((i for i, o in enumerate(self.orgs) if o[0] == org), None)
        if at is None:
            return []
        shared = np.isin(self.bid, self.bid[self.org == at])  # memberships of its bids
        # each (organisation, bid) once: a body listed twice in a bid shares it once
        pairs = distinct(self.org[shared].astype(np.int64) * len(self.bids) + self.bid[shared])
        counts = np.bincount(pairs // len(self.bids), minlength=len(self.orgs))
        counts[at] = 0
        return [(self.orgs[o][0], self.orgs[o][1], int(counts[o]))
                for o in np.flatnonzero(counts).tolist()]

    def organisations(self) -> list[str]:
        """The organisations of these memberships, sorted."""
        return sorted(self.orgs[i][0] for i in present(self.org, len(self.orgs)).tolist())

    def bids_taken(self) -> tuple[list[str], int]:
        """The bids these memberships are of (IRIs, in no particular order), and how many of
        them have a lead among them."""
        used = present(self.bid, len(self.bids))
        led = present(self.bid[self.lead.astype(bool)], len(self.bids))
        return [self.bids[b][0] for b in used.tolist()], len(led)

    def funding(self) -> tuple[dict, dict]:
        """Total amounts of the bids each organisation took part in, and of those it led
        (each bid counted once per organisation): the sum of the amounts stated, None where
        none of its bids states one (never 0 for "not stated"). Exact: each sum is the one
        Python's Decimals give, worked out in whole numbers of the smallest unit stated.

        >>> rows = [{"org": o, "bid": b, "role": r, "amount": a}
        ...         for o, b, r, a in [("a", "x", "lead", "1.25"), ("a", "y", "partner", "2"),
        ...                            ("b", "x", "partner", "1.25"), ("c", "z", "lead", None)]]
        >>> MembershipTable.of_rows(rows).funding()
        ({'a': Decimal('3.25'), 'b': Decimal('1.25'), 'c': None}, {'a': Decimal('1.25'), 'c': None})
        """
        import numpy as np

        whole, exponents, stated = self._amount_units()
        totals = []
        for chosen in (np.ones(len(self), dtype=bool), self.lead.astype(bool)):
            # each (organisation, bid) once
            pairs = distinct(self.org[chosen].astype(np.int64) * len(self.bids)
                             + self.bid[chosen].astype(np.int64))
            org, bid = np.divmod(pairs, len(self.bids))
            totals.append(_sums_per(org, bid, whole, exponents, stated,
                                    [o[0] for o in self.orgs]))
        return totals[0], totals[1]

    def _amount_units(self):
        """Each bid's amount as a whole number of the smallest unit any amount states (a
        tenth, a hundredth...), the exponent of its own unit (as a Decimal of its text has
        it), and whether it states one.

        >>> t = MembershipTable.of_rows([{"org": "a", "bid": b, "amount": a} for b, a in
        ...                              [("x", "1.10"), ("y", "-2"), ("z", None), ("w", "3E+1")]])
        >>> whole, exponents, stated = t._amount_units()
        >>> whole, exponents.tolist(), stated.tolist()
        ([110, -200, 0, 3000], [-2, 0, 0, 0], [True, True, False, True])
        """
        from decimal import Decimal as _Decimal

        import numpy as np

        texts = [b[3] for b in self.bids]
        stated = np.array([text is not None for text in texts], dtype=bool)
        try:  # amounts in whole pounds, as most files state them: parsed by numpy at once
            whole = np.zeros(len(texts), dtype=np.int64)
            whole[stated] = np.array([t for t in texts if t is not None], dtype=str).astype(
                np.int64)
            return whole, np.zeros(len(texts), dtype=np.int64), stated
        except (ValueError, OverflowError):  # a point, an exponent, or too big: one by one
            pass
        coefficients, exponents = [], []
        for text in texts:
            if text is None:
                coefficient, exponent = 0, 0
            elif "E" in text or "e" in text:  # not as the store writes amounts: Decimal's way
                sign, digits, exponent = _Decimal(text).as_tuple()
                coefficient = int("".join(map(str, digits)) or "0") * (-1 if sign else 1)
            elif (point := text.find(".")) >= 0:
                coefficient, exponent = int(text[:point] + text[point + 1:]), point + 1 - len(text)
            else:
                coefficient, exponent = int(text), 0
            coefficients.append(coefficient)
            exponents.append(exponent)
        smallest = min(0, *exponents)
        whole = [c * 10 ** (e - smallest) if e != smallest else c
                 for c, e in zip(coefficients, exponents)]
        # Python's sum starts from 0, whose exponent is 0: no sum has a unit above one
        return whole, np.minimum(np.array(exponents, dtype=np.int64), 0), stated

    def incidence(self, order: list[str], rows_in=None):
        """The bids (sorted) and the organisation-by-bid matrix, organisations in ``order``
        (``rows_in``: each table organisation's position in it, if known, see ``_rows_in``)."""
        import numpy as np
        from scipy import sparse

        org_row = self._rows_in(order) if rows_in is None else rows_in
        used = present(self.bid, len(self.bids)).tolist()
        bid_column = np.full(len(self.bids), -1, dtype=np.int64)
        if self._bids_sorted():  # as every table kept or read from a store: no sort needed
            bids = [self.bids[b][0] for b in used]
            bid_column[used] = np.arange(len(used))
        else:
            bids = sorted(self.bids[b][0] for b in used)
            column = {bid: j for j, bid in enumerate(bids)}
            for b in used:
                bid_column[b] = column[self.bids[b][0]]
        rows, cols = org_row[self.org], bid_column[self.bid]
        matrix = sparse.csr_matrix((np.ones(len(rows), dtype=np.int64), (rows, cols)),
                                   shape=(len(order), len(bids)))
        matrix.data[:] = 1  # one membership of a body in a bid counts once
        return bids, matrix

    def _bids_sorted(self) -> bool:
        """Whether the bids are listed in IRI order (a table packed from sorted memberships)."""
        if self._sorted is None:
            iris = [b[0] for b in self.bids]
            self._sorted = all(a < b for a, b in zip(iris, iris[1:]))
        return self._sorted

    def _rows_in(self, order: list[str]):
        """For each organisation of the table, its position in ``order`` (-1: not there)."""
        import numpy as np

        position = {org: i for i, org in enumerate(order)}
        return np.array([position.get(o[0], -1) for o in self.orgs], dtype=np.int64)

    def _dicts(self, positions) -> list[dict]:
        """One dict per membership at ``positions`` (a range, or a list of indexes)."""
        from decimal import Decimal as _Decimal

        import numpy as np

        chosen = slice(None) if isinstance(positions, range) else np.asarray(positions,
                                                                              dtype=np.int64)
        orgs, bid_of = self.orgs, self.bids
        bids: dict[int, tuple] = {}  # only the bids of these rows: a few organisations have few
        rows = []
        for o, b, lead, c in zip(self.org[chosen].tolist(), self.bid[chosen].tolist(),
                                 self.lead[chosen].tolist(), self.confidence[chosen].tolist()):
            o_iri, name, sector = orgs[o]
            if b not in bids:
                b_iri, label, round_label, amount, title = bid_of[b]
                bids[b] = (b_iri, label, round_label,
                           None if amount is None else _Decimal(amount), title)
            b_iri, label, round_label, amount, title = bids[b]
            rows.append({"org": o_iri, "name": name, "sector": sector, "bid": b_iri,
                         "bid_label": label, "role": "lead" if lead else "partner",
                         "round": round_label, "amount": amount, "title": title,
                         "confidence": None if c != c else c})
        return rows


def _sums_per(org, bid, whole, exponents, stated, names: list[str]) -> dict:
    """{organisation name: the sum of the amounts of its (organisation, bid) pairs}, as a
    Decimal with the exponent Python's own sum gives (the smallest of its amounts'), or None
    where none of its bids states an amount. Sums in int64 where they cannot overflow, else
    in Python's whole numbers."""
    from decimal import Decimal as _Decimal

    import numpy as np

    found = dict.fromkeys((names[o] for o in distinct(org).tolist()), None)
    has = stated[bid]
    org, bid = org[has], bid[has]
    if not len(org):
        return found
    smallest = int(exponents.min(initial=0))
    if isinstance(whole, np.ndarray):  # parsed by numpy: each fits in 64 bits
        biggest = int(np.abs(whole).max(initial=0))
    else:
        biggest = max(map(abs, whole))
    starts = np.flatnonzero(np.concatenate(([True], org[1:] != org[:-1])))
    if biggest * len(org) < 2 ** 62:  # pairs are sorted by organisation: sum each run
        sums = np.add.reduceat(np.array(whole, dtype=np.int64)[bid], starts).tolist()
    else:
        sums = [sum(whole[b] for b in chunk) for chunk in np.split(bid, starts[1:])]
    if smallest == 0:  # whole pounds: each sum is its whole number, exponent 0
        found.update(zip([names[o] for o in org[starts].tolist()], map(_Decimal, sums)))
        return found
    least = np.minimum.reduceat(exponents[bid], starts).tolist()
    for o, total, exponent in zip(org[starts].tolist(), sums, least):
        found[names[o]] = _Decimal(total).scaleb(smallest).quantize(_Decimal(1).scaleb(exponent))
    return found


def _pack(rows: list[dict]) -> dict:
    """The membership rows as a compact table (see ``pack_members``), in the rows' order."""
    orgs: dict[str, tuple] = {}
    bids: dict[str, tuple] = {}
    for r in rows:  # rows made by hand may leave out what they do not need
        if r["org"] not in orgs:
            orgs[r["org"]] = (r.get("name", r["org"]), r.get("sector", "other"))
        if r["bid"] not in bids:
            amount = r.get("amount")
            bids[r["bid"]] = (r.get("bid_label", r["bid"]), r.get("round", ""),
                              None if amount is None else str(amount), r.get("title", ""))
    return pack_members(orgs, bids, [(r["bid"], r["org"], r.get("role") == "lead",
                                      r.get("confidence")) for r in rows])


def _read_members(kg) -> tuple[dict, dict, list[tuple]]:
    """Every membership, read from the store's data, as ``pack_members`` takes them."""
    found_orgs, found_bids, leads, partners, any_confidence = kg.select_all([
        ORGANISATIONS_QUERY, BIDS_QUERY, MEMBERSHIPS_BY_ROLE_QUERY % "pkg:LeadPartner",
        MEMBERSHIPS_BY_ROLE_QUERY % "pkg:Partner", ANY_CONFIDENCE_QUERY])
    organisations: dict[str, tuple] = {}
    for org, name, sector in found_orgs:
        organisations.setdefault(org, (name, sector.rsplit("/", 1)[-1] if sector else "other"))
    bids: dict[str, tuple] = {}
    for bid, label, round_label, amount, title in found_bids:
        bids.setdefault(bid, (label, round_label or "",
                              str(Decimal(amount)) if amount is not None else None,
                              title or ""))
    confidences = {}
    if any_confidence:
        confidences = {(org, bid): float(c) for org, bid, c in kg.select(CONFIDENCE_QUERY)[1]}
    members = [(bid, org, True, confidences.get((org, bid))) for org, bid in leads] + \
        [(bid, org, False, confidences.get((org, bid))) for org, bid in partners]
    # a membership of something without a label is not drawable
    return organisations, bids, sorted_members(organisations, bids, members)


def bipartite_graph(rows: list[dict]) -> nx.Graph:
    """Organisation and bid nodes (``kind`` attribute), an edge per membership."""
    graph = nx.Graph()
    for row in sorted(rows, key=lambda r: r["org"]):
        graph.add_node(row["org"], kind="organisation", bipartite=0, label=row["name"],
                       sector=row["sector"])
    for row in rows:
        graph.add_node(row["bid"], kind="bid", bipartite=1, label=row["bid_label"],
                       round=row["round"], amount=row["amount"], title=row["title"])
        graph.add_edge(row["org"], row["bid"], role=row["role"])
    return graph


def copartnership_graph(rows: list[dict]) -> nx.Graph:
    """Organisations joined when they share a bid, ``weight`` = the number of bids shared.

    Every organisation is a node, including those whose bids name no partner. Node attributes:
    ``label``, ``sector``, ``bids``, ``led``; the graph attribute ``bids_of`` maps each
    organisation to its bids (``shared_bids`` names the bids behind a tie). Built from
    ``CoGraph`` (one sparse matrix product), which the analysis uses directly at scale.
    """
    return CoGraph(rows).to_networkx()


class _NodeView:
    """``graph.nodes``: iterate, index by node for its attributes, call with ``data=True``."""

    def __init__(self, graph: "CoGraph") -> None:
        self._graph = graph

    def __iter__(self):
        return iter(self._graph.order)

    def __len__(self) -> int:
        return len(self._graph.order)

    def __getitem__(self, node: str) -> dict:
        return self._graph.attributes[self._graph.index[node]]

    def __call__(self, data: bool = False):
        if data:
            return zip(self._graph.order, self._graph.attributes)
        return iter(self._graph.order)


class CoGraph:
    """The co-partnership graph held as sparse matrices: what ``copartnership_graph`` gives,
    without a Python object per tie (a national graph has over a million).

    It answers the part of networkx's graph interface that the measures, clusters, reports and
    exports use (``nodes``, ``edges``, ``degree``, ``graph[node]``, ``number_of_*``), and
    ``to_networkx()`` gives the networkx graph itself. ``adjacency`` is the symmetric
    organisation-by-organisation matrix of shared bids, ``incidence`` the organisation-by-bid
    matrix; node i is ``order[i]`` (sorted), bid j is ``bids[j]``.

    >>> g = CoGraph([{"org": "a", "bid": "b1", "name": "A", "sector": "council", "role": "lead"},
    ...              {"org": "c", "bid": "b1", "name": "C", "sector": "police", "role": "partner"}])
    >>> list(g.edges(data="weight")), dict(g.degree())
    ([('a', 'c', 1)], {'a': 1, 'c': 1})
    """

    def __init__(self, rows: list[dict]) -> None:
        import numpy as np

        first: dict[str, dict] = {}
        for row in rows:
            first.setdefault(row["org"], row)
        self.order = sorted(first)
        self.index = {org: i for i, org in enumerate(self.order)}
        self._set_incidence(rows)
        n = len(self.order)
        led = np.bincount(self._lead_rows, minlength=n) if n else np.zeros(0, int)
        self._project([(first[o]["name"], first[o]["sector"]) for o in self.order], led)

    def _project(self, about: list[tuple], led) -> None:
        """Node attributes (``about``: (name, sector) of each node, by position; ``led``: bids
        led, by position) and the ties, from the incidence matrix: its product with its
        transpose."""
        import numpy as np

        bid_counts = np.diff(self._incidence.indptr).tolist()
        self.attributes = [{"label": name, "sector": sector, "bids": bids, "led": count}
                           for (name, sector), bids, count in zip(about, bid_counts,
                                                                  np.asarray(led).tolist())]
        product = (self._incidence @ self._incidence.T).tocsr()
        product.setdiag(0)
        product.eliminate_zeros()
        self._set_adjacency(product)

    @classmethod
    def from_table(cls, table: MembershipTable) -> "CoGraph":
        """The graph of a ``MembershipTable``: the same as ``CoGraph(table.rows())``, made from
        its arrays without a dict per membership."""
        import numpy as np

        graph = cls.__new__(cls)
        # the organisations present, sorted by IRI: found by sorting their positions in the
        # table, so that each one's row, name and sector are reached by position, not by IRI
        present_at = present(table.org, len(table.orgs)).tolist()
        at = sorted(present_at, key=lambda i: table.orgs[i][0])
        graph.order = [table.orgs[i][0] for i in at]
        graph.index = {org: i for i, org in enumerate(graph.order)}
        rows_in = np.full(len(table.orgs), -1, dtype=np.int64)
        rows_in[at] = np.arange(len(at))
        graph.bids, graph._incidence = table.incidence(graph.order, rows_in)
        n = len(graph.order)
        row = rows_in[table.org]
        lead = table.lead.astype(bool)  # bids led, each (organisation, bid) once
        led = distinct_per(row[lead], table.bid[lead], n) if n else np.zeros(0, int)
        graph._project([(table.orgs[i][1], table.orgs[i][2]) for i in at], led)
        return graph

    @classmethod
    def from_ties(cls, order: list[str], attributes: list[dict], ties, incidence
                  ) -> "CoGraph":
        """The graph of nodes ``order`` (sorted) with ``attributes``, and ``ties`` (arrays a, b,
        weight, as ``tie_arrays`` gives them), as kept: no product is made again.
        ``incidence(order)`` gives the bids and the organisation-by-bid matrix (see
        ``MembershipTable.incidence``), asked for only to name shared bids."""
        from scipy import sparse

        graph = cls.__new__(cls)
        graph.order, graph.attributes = order, attributes
        graph.index = {org: i for i, org in enumerate(order)}
        graph._incidence_source = incidence
        a, b, w = ties
        n = len(order)
        upper = sparse.csr_matrix((w, (a, b)), shape=(n, n))
        graph._set_adjacency((upper + upper.T).tocsr())
        return graph

    def _set_incidence(self, rows: list[dict]) -> None:
        """The organisation-by-bid matrix (and the bids, sorted) of ``rows``."""
        import numpy as np
        from scipy import sparse

        self.bids = sorted({r["bid"] for r in rows})
        bid_index = {bid: j for j, bid in enumerate(self.bids)}
        pairs = {(self.index[r["org"]], bid_index[r["bid"]]): r["role"] == "lead" for r in rows}
        cells = np.array(list(pairs), dtype=np.int64).reshape(-1, 2)
        lead = np.fromiter(pairs.values(), dtype=bool, count=len(pairs))
        self._lead_rows = cells[lead, 0]
        self._incidence = sparse.csr_matrix(
            (np.ones(len(cells), dtype=np.int64), (cells[:, 0], cells[:, 1])),
            shape=(len(self.order), len(self.bids)))

    @property
    def incidence(self):
        """The organisation-by-bid matrix (bid j is ``bids[j]``), made when first asked for on
        a graph made ``from_ties``."""
        if not hasattr(self, "_incidence"):
            self.bids, self._incidence = self._incidence_source(self.order)
        return self._incidence

    def _set_adjacency(self, adjacency) -> None:
        import numpy as np
        from scipy import sparse

        adjacency.sort_indices()
        self.adjacency = adjacency
        upper = sparse.triu(adjacency, k=1).tocsr()  # row-major: ties sorted by (row, col)
        self._upper = (np.repeat(np.arange(len(self.order)), np.diff(upper.indptr)),
                       upper.indices, upper.data)
        self.nodes = _NodeView(self)
        self.graph = _LazyGraphAttributes(self)

    # --- the networkx interface ---------------------------------------------------------------
    def __iter__(self):
        return iter(self.order)

    def __len__(self) -> int:
        return len(self.order)

    def __contains__(self, node) -> bool:
        return node in self.index

    def __getitem__(self, node: str) -> dict:
        """Neighbours of ``node``: {partner: {"weight": shared bids}}."""
        i = self.index[node]
        start, stop = self.adjacency.indptr[i], self.adjacency.indptr[i + 1]
        return {self.order[j]: {"weight": int(w)} for j, w in
                zip(self.adjacency.indices[start:stop].tolist(),
                    self.adjacency.data[start:stop].tolist())}

    def number_of_nodes(self) -> int:
        return len(self.order)

    def number_of_edges(self) -> int:
        return len(self._upper[0])

    def edges(self, data=False, default=None):
        """Ties (a, b) with a before b in node order, sorted; ``data="weight"`` adds it."""
        rows, cols, weights = (part.tolist() for part in self._upper)
        order = self.order
        if data:
            return ((order[a], order[b], w) for a, b, w in zip(rows, cols, weights))
        return ((order[a], order[b]) for a, b in zip(rows, cols))

    def degree(self, node=None, weight=None):
        """Like networkx: one node's degree (or strength, with ``weight``), or (node, value)
        pairs for every node."""
        import numpy as np

        if weight is None:
            values = np.diff(self.adjacency.indptr)
        else:
            values = np.asarray(self.adjacency.sum(axis=1)).ravel()
        if node is not None:
            return int(values[self.index[node]])
        return zip(self.order, values.tolist())

    def to_networkx(self) -> nx.Graph:
        """The same graph as a networkx graph."""
        graph = nx.Graph(bids_of=self.graph["bids_of"])
        for node, data in zip(self.order, self.attributes):
            graph.add_node(node, **data)
        graph.add_weighted_edges_from(self.edges(data="weight"))
        return graph

    # --- beyond networkx ------------------------------------------------------------------------
    def tie_arrays(self):
        """Ties as three numpy arrays (a, b, weight), a < b in node order, sorted."""
        return self._upper

    def bids_of(self, node: str) -> list[str]:
        """The bids ``node`` took part in, sorted."""
        i, incidence = self.index[node], self.incidence
        return [self.bids[j] for j in sorted(incidence.indices[
            incidence.indptr[i]:incidence.indptr[i + 1]].tolist())]

    def subgraph(self, nodes) -> nx.Graph:
        """The networkx graph of ``nodes`` and the ties among them (nodes in sorted order)."""
        keep = sorted(self.index[n] for n in nodes)
        sub = self.adjacency[keep][:, keep]
        graph = nx.Graph(bids_of=_BidsOf(self))
        for i in keep:
            graph.add_node(self.order[i], **self.attributes[i])
        upper = __import__("scipy").sparse.triu(sub, k=1).tocoo()
        graph.add_weighted_edges_from(
            (self.order[keep[a]], self.order[keep[b]], int(w))
            for a, b, w in sorted(zip(upper.row.tolist(), upper.col.tolist(),
                                      upper.data.tolist())))
        return graph


class _BidsOf:
    """``graph.graph["bids_of"]``: each organisation's bids, found when asked for."""

    def __init__(self, graph: CoGraph) -> None:
        self._graph = graph

    def __getitem__(self, node: str) -> frozenset:
        return frozenset(self._graph.bids_of(node))

    def __contains__(self, node) -> bool:
        return node in self._graph.index


class _LazyGraphAttributes(dict):
    """``graph.graph`` of a CoGraph: ``bids_of`` made on first use."""

    def __init__(self, graph: CoGraph) -> None:
        super().__init__(bids_of=_BidsOf(graph))


def shared_bids(graph: nx.Graph, a: str, b: str) -> list[str]:
    """The bids (IRIs, sorted) that organisations ``a`` and ``b`` of a projection took part in
    together."""
    bids_of = graph.graph["bids_of"]
    return sorted(bids_of[a] & bids_of[b])


def roll_up(rows: list[dict], register, date: str) -> tuple[list[dict], dict[str, list[str]]]:
    """Memberships of bodies that no longer existed on ``date`` moved to their successors.

    Returns the new rows and, for each body replaced, the names of the bodies that replaced it.
    A body split between several successors counts for each of them.
    """
    from ..graph.build import body_iri

    prefix = str(body_iri(""))
    out: dict[tuple[str, str], dict] = {}
    replaced: dict[str, list[str]] = {}
    for row in rows:
        ident = row["org"][len(prefix):] if row["org"].startswith(prefix) else ""
        current = register.successors_on(ident, date) if register.get(ident) else [ident]
        if current == [ident] or not current:
            out.setdefault((row["bid"], row["org"]), row)
            continue
        bodies = [register.get(c) for c in current if register.get(c)]
        replaced[row["name"]] = [b.name for b in bodies]
        for body in bodies:
            moved = dict(row, org=str(body_iri(body.id)), name=body.name, sector=body.sector)
            # a successor already in the bid keeps its own role
            out.setdefault((row["bid"], moved["org"]), moved)
    return sorted(out.values(), key=lambda r: (r["bid"], r["org"])), dict(sorted(replaced.items()))

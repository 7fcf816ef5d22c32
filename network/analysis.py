"""The projections, measures and clusters that reports and views start from."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product

from ..core.errors import QueryError
from ..core.progress import status
from ..graph import cache
from . import engine
from .clusters import _in_igraph, clusters, partition_method
from .metrics import SEED
from .projection import CoGraph, MembershipTable, membership_table

__all__ = ["Analysis", "membership_count", "network_chosen", "round_memberships", "round_table",
           "selection_of"]


#: Changes whenever what an analysis computes changes, so older kept results are not reused.
_ANALYSIS_VERSION = 4


def _kept(kg, data: str, part: str, asked: tuple[bool, ...]) -> dict | None:
    """A kept ``part`` ("measures" or "clusters") for the data digested as ``data``: computed
    with the options ``asked``, else with more of them on."""
    if kg is None:
        return None
    for flags in sorted(product(*[(True,) if flag else (False, True) for flag in asked]),
                        key=sum):
        kept = cache.get(kg.oxigraph, "analysis", cache.digest(data, part, *flags), plain=True)
        if kept is not None:
            return _unpack_measures(kept) if part == "measures" else kept
    return None


#: Measures held as text in a kept result, to be read back as Decimals.
_DECIMAL_MEASURES = ("funding", "funding_led")


def _pack_measures(measured: dict) -> dict:
    """Measures as columns of plain JSON (one list per measure, organisations in one list;
    a column of whole numbers, or of floats, as a packed array): a national graph's 50,000
    organisations read back in a fraction of a second."""
    import numpy as np

    if "columns" in measured:
        orgs, columns = measured["orgs"], dict(measured["columns"])
    else:
        orgs = list(measured["measures"])
        keys = list(next(iter(measured["measures"].values()), {}))
        columns = {key: [measured["measures"][org][key] for org in orgs] for key in keys}
    for key in _DECIMAL_MEASURES:
        if key in columns:
            columns[key] = [None if value is None else str(value) for value in columns[key]]
    for key, values in columns.items():  # numbers as arrays: written and read at once
        kind = {type(value) for value in values}
        if values and kind <= {int} or kind == {float}:
            columns[key] = cache.pack_array(np.array(values, dtype=np.int64 if kind == {int}
                                                     else np.float64))
    return {"orgs": orgs, "columns": columns, "notes": measured["notes"],
            "ties": measured["ties"]}


def _unpack_measures(packed: dict) -> dict:
    """The measures ``_pack_measures`` packed, as columns (``_measure_dicts`` makes the dict
    per organisation the reports read, when one is first needed)."""
    from decimal import Decimal

    columns = {key: cache.unpack_array(values).tolist() if isinstance(values, dict) else values
               for key, values in packed["columns"].items()}
    for key in _DECIMAL_MEASURES:
        if key in columns:
            columns[key] = [None if value is None else Decimal(value) for value in columns[key]]
    return {"orgs": packed["orgs"], "columns": columns, "notes": packed["notes"],
            "ties": packed["ties"]}


def _measure_dicts(measured: dict) -> dict:
    """{organisation: {measure: value}} of measures computed, or read back as columns."""
    if "measures" not in measured:
        columns = measured["columns"]
        keys = list(columns)
        measured["measures"] = {org: dict(zip(keys, values)) for org, values in
                                zip(measured["orgs"], zip(*columns.values()))}
    return measured["measures"]


def round_table(kg, round_label: str | None = None,
                min_confidence: float | None = None, network: str = "partnerships",
                area: str | None = None) -> MembershipTable:
    """The memberships (of one round, at least as sure as ``min_confidence``) as a table; of
    another ``network`` than partnerships, those its grants make (see ``funding``); with
    ``area`` (a GSS code), only grants stated to be in it."""
    with status("Reading memberships"):
        table = membership_table(kg)
    if round_label and round_label not in (known := table.rounds()):
        raise QueryError(f"no round {round_label!r}; rounds in the data: {', '.join(known)}")
    table = table.select(round_label, min_confidence)
    if area:
        from .funding import in_area

        table = in_area(kg, table, area)
    if network != "partnerships":
        from .funding import network_of

        table = network_of(kg, table, network)
    return table


_MEMBERSHIPS_QUERY = \
    "SELECT (COUNT(*) AS ?n) WHERE { ?m a <http://www.w3.org/ns/org#Membership> }"


def membership_count(kg) -> int:
    """How many memberships the store holds: the size the memory a command needs grows with
    (see ``core.resources``). Counted once per data version (a third of a second at XL) and
    kept; 0 for a graph without a store."""
    store = getattr(kg, "oxigraph", None)
    if store is None:
        return 0

    def count() -> int:
        for row in store.query(_MEMBERSHIPS_QUERY):
            return int(row[0].value)
        return 0
    return cache.remembered(kg, "size", [1], count, plain=True)


def network_chosen(kg, network: str | None, round_label: str | None = None,
                   min_confidence: float | None = None, area: str | None = None
                   ) -> tuple[str, str | None]:
    """The network a report, view or export measures and a note when it was chosen for the
    user: ``funding.network_for``'s answer, found without reading the memberships where the
    data holds no grant (the partnership network, no note: what ``network_for`` would find
    by counting a national graph's million memberships)."""
    from .funding import PARTNERSHIPS, has_grants, network_for

    if network is None and area is None and kg is not None and not has_grants(kg):
        return PARTNERSHIPS, None
    return network_for(kg, network, round_label, min_confidence, area)


def selection_of(round_label: str | None, min_confidence: float | None, as_of: str | None,
                 network: str = "partnerships", area: str | None = None) -> dict:
    """How memberships were chosen, as a kept result is found by (the partnership network's
    selection names no network or area, as before there were others)."""
    chosen = {"round": round_label, "min_confidence": min_confidence, "as_of": as_of}
    more = {k: v for k, v in (("network", network), ("area", area))
            if v and v != "partnerships"}
    return {**chosen, **more}


def round_memberships(kg, round_label: str | None = None,
                      min_confidence: float | None = None) -> list[dict]:
    """Memberships (of one round, at least as sure as ``min_confidence``)."""
    return round_table(kg, round_label, min_confidence).rows()


def _columns_of(measured: dict, keys) -> tuple[list[str], list[list]]:
    """The organisations and the values of the measures ``keys``, in one order, of measures
    read back as columns or made as dicts."""
    if "columns" in measured and "measures" not in measured:
        if not measured["orgs"]:  # an empty graph's columns are not even named
            return [], [[] for _ in keys]
        return measured["orgs"], [measured["columns"][key] for key in keys]
    measures = measured["measures"]
    return list(measures), [[m[key] for m in measures.values()] for key in keys]


def _projection_of(kept: dict, measured: dict, incidence) -> CoGraph:
    """The projection from its kept ties, its nodes named from (any) kept measures."""
    ties = tuple(cache.unpack_array(kept[part]) for part in ("a", "b", "weight"))
    orgs, columns = _columns_of(measured, ("name", "sector", "bids", "led"))
    at = sorted(range(len(orgs)), key=orgs.__getitem__)
    attributes = [{"label": name, "sector": sector, "bids": bids, "led": led}
                  for name, sector, bids, led in zip(*([c[i] for i in at] for c in columns))]
    return CoGraph.from_ties([orgs[i] for i in at], attributes, ties, incidence)


def _made(value):
    """``value``, or what it gives if it is a function (something read only when needed)."""
    return value() if callable(value) else value


@dataclass
class Analysis:
    """The projections and measures every analytical report starts from.

    The membership ``rows`` and the co-partnership ``projection`` (and networkx ``graph``) are
    made when first asked for: a kept result (see ``cache``) carries the measures and clusters
    without them.
    """

    _rows: object  # the membership rows, or a function giving them (read when first used)
    _measures: object  # {organisation: {measure: value}}, or a function giving it
    notes: dict
    clusters: list[dict]
    ties: int
    _projection: CoGraph | None = field(default=None, repr=False)
    _networkx: object = field(default=None, repr=False)
    #: (knowledge graph, key) where the projection's ties are kept, if anywhere
    _keep: tuple | None = field(default=None, repr=False)
    #: the memberships as a table (or a function giving it), where they came from a store
    _table: object = field(default=None, repr=False)
    #: (organisations, {measure: values}) where the measures were read back as columns
    _columns: tuple | None = field(default=None, repr=False)
    #: ({organisation: position in the columns}, {organisation: cluster}), made on first use
    _lookup: tuple | None = field(default=None, repr=False)
    #: the measures as computed (no clusters in them), to be kept
    _computed: dict | None = field(default=None, repr=False)

    @property
    def measures(self) -> dict:
        """{organisation: {measure: value}}, with each organisation's ``cluster``."""
        if callable(self._measures):
            self._measures = self._measures()
        return self._measures

    def _read_back(self) -> dict | None:
        """The measures as the columns read back ({"orgs": [...], "columns": {...}}), while
        no dict per organisation has been made; else None."""
        if self._columns is None or not callable(self._measures):
            return None
        return {"orgs": self._columns[0], "columns": self._columns[1]}

    def columns(self, *measures: str) -> tuple[list[str], list[list]]:
        """The organisations, and each one's value of every measure of ``measures``, in one
        order (not sorted): a national graph's ranks and views need no dict per organisation.

        ``cluster`` is not among them: see ``measures_for``."""
        return _columns_of(self._read_back() or {"measures": self.measures}, measures)

    def values(self, measure: str) -> list:
        """Every organisation's value of ``measure``, in no particular order."""
        return self.columns(measure)[1][0]

    def names(self) -> dict[str, str]:
        """{organisation: name}."""
        orgs, (names,) = self.columns("name")
        return dict(zip(orgs, names))

    def measures_for(self, nodes) -> dict[str, dict]:
        """The measures of ``nodes`` alone, each with its ``cluster`` if it is in one (a view
        draws 1,500 organisations of 50,000)."""
        read_back = self._read_back()
        if read_back is None:
            return {node: self.measures[node] for node in nodes}
        if self._lookup is None:
            self._lookup = ({org: i for i, org in enumerate(read_back["orgs"])},
                            {org: c["cluster"] for c in self.clusters for org in c["ids"]})
        positions, cluster_of = self._lookup
        columns = {k: v for k, v in read_back["columns"].items() if k != "cluster"}
        found = {}
        for node in nodes:
            found[node] = {key: column[positions[node]] for key, column in columns.items()}
            if node in cluster_of:
                found[node]["cluster"] = cluster_of[node]
        return found

    def measures_of(self, node: str) -> dict:
        """One organisation's measures, with its ``cluster`` if it is in one."""
        return self.measures_for([node])[node]

    def organisations(self) -> list[str]:
        """The organisations measured, sorted."""
        if self._columns is not None and callable(self._measures):
            return sorted(self._columns[0])
        return sorted(self.measures)

    def measure_columns(self) -> tuple[list[str], dict[str, list]]:
        """The organisations (sorted) and a list of values per measure, ``cluster`` included
        (None where an organisation is in no cluster of two or more): an export needs no dict
        per organisation."""
        if self._columns is None or not callable(self._measures):
            orgs = sorted(self.measures)
            keys = list(next(iter(self.measures.values()), {}))
            return orgs, {key: [self.measures[org].get(key) for org in orgs] for key in keys}
        orgs, columns = self._columns
        if any(a > b for a, b in zip(orgs, orgs[1:])):
            order = sorted(range(len(orgs)), key=orgs.__getitem__)
            orgs, columns = [orgs[i] for i in order], {k: [v[i] for i in order]
                                                       for k, v in columns.items()}
        where = {org: i for i, org in enumerate(orgs)}
        cluster = [None] * len(orgs)
        for found in self.clusters:
            for org in found["ids"]:
                cluster[where[org]] = found["cluster"]
        return orgs, {**{k: v for k, v in columns.items() if k != "cluster"},
                      "cluster": cluster}

    def table(self) -> MembershipTable:
        """The memberships measured, as a table."""
        if callable(self._table):
            self._table = self._table()
        if self._table is None:
            self._table = MembershipTable.of_rows(self.rows)
        return self._table

    def rows_of(self, orgs) -> list[dict]:
        """The membership rows of the organisations ``orgs``."""
        if self._table is None and not callable(self._rows):
            wanted = set(orgs)
            return [r for r in self.rows if r["org"] in wanted]
        return self.table().rows_of(orgs)

    @property
    def rows(self) -> list[dict]:
        """The membership rows measured (read when first asked for: a kept result needs none)."""
        if callable(self._rows):
            self._rows = self.table().rows() if self._table is not None else self._rows()
        return self._rows

    @property
    def projection(self) -> CoGraph:
        """The co-partnership graph as sparse matrices (see ``CoGraph``): what the reports,
        views and exports use, at any scale."""
        if self._projection is None:
            store = self._kept_in()
            kept = cache.get(store, "analysis", self._keep[1], plain=True) if store else None
            if kept is not None:
                self._projection = _projection_of(
                    kept, self._read_back() or {"measures": self.measures},
                    lambda order: self.table().incidence(order))
            else:
                self._projection = CoGraph.from_table(self.table()) \
                    if self._table is not None else CoGraph(self.rows)
                self._keep_projection()
        return self._projection

    def tie_arrays(self) -> tuple[list[str], tuple]:
        """The organisations (sorted) and the ties as arrays (a, b, shared bids; a < b, in
        order), read straight from a kept projection where there is one: an export needs no
        more."""
        store = self._kept_in() if self._projection is None else None
        kept = cache.get(store, "analysis", self._keep[1], plain=True) if store else None
        if kept is not None:
            return self.organisations(), tuple(cache.unpack_array(kept[part])
                                                for part in ("a", "b", "weight"))
        return self.projection.order, self.projection.tie_arrays()

    def _kept_in(self):
        """The Oxigraph store results are kept in, if it is still open."""
        return getattr(self._keep[0], "oxigraph", None) if self._keep else None

    def remembered(self, part: str, compute):
        """What ``compute()`` gives (plain JSON), kept with this analysis's results for the
        next command on the same data (a layout of a national network takes seconds)."""
        store = self._kept_in()
        if store is None:
            return compute()
        key = cache.digest(self._keep[1], part)
        kept = cache.get(store, "analysis", key, plain=True)
        if kept is None:
            kept = compute()
            cache.put(store, "analysis", key, kept, plain=True)
        return kept

    def _keep_projection(self) -> None:
        """Keep the projection's ties, for the next command on the same data."""
        store = self._kept_in()
        if store is not None and self._projection is not None:
            a, b, weight = self._projection.tie_arrays()
            cache.put(store, "analysis", self._keep[1],
                      {"a": cache.pack_array(a.astype("<i4")),
                       "b": cache.pack_array(b.astype("<i4")),
                       "weight": cache.pack_array(weight.astype("<i8"))}, plain=True)

    @property
    def graph(self):
        """The co-partnership graph as a networkx graph (made on first use: at national scale
        it is a million Python objects; the library itself works on ``projection``)."""
        if self._networkx is None:
            self._networkx = self.projection.to_networkx()
        return self._networkx

    @classmethod
    def of(cls, kg, *, round_label: str | None = None, with_stability: bool = False,
           min_confidence: float | None = None, betweenness: bool = True,
           structure: bool = True, network: str = "partnerships",
           area: str | None = None) -> "Analysis":
        """Memberships (of one round, at least as sure as ``min_confidence``), measured; of
        ``network`` (see ``funding.NETWORKS``), partnerships by default; with ``area`` (a GSS
        code), of the grants stated to be in it."""
        with cache.collector_paused():
            if round_label or min_confidence is not None or network != "partnerships" or area:
                table = round_table(kg, round_label, min_confidence, network, area)
            else:  # every membership: read only if no kept result answers (at L, a second)
                table = lambda: round_table(kg)  # noqa: E731
            return cls.of_rows(lambda: _made(table).rows(), kg=kg, table=table,
                               with_stability=with_stability, betweenness=betweenness,
                               structure=structure,
                               selection=selection_of(round_label, min_confidence, None,
                                                      network, area))

    @classmethod
    def of_rows(cls, rows, *, kg=None, with_stability: bool = False,
                betweenness: bool = True, structure: bool = True,
                selection: dict | None = None, table: MembershipTable | None = None
                ) -> "Analysis":
        """Measure memberships; with ``kg``, a result kept in its store for the same rows is
        read back, and a new one kept there.

        ``rows`` may be a function giving them, called only if they are needed; ``table``:
        the same memberships as a ``MembershipTable`` (or a function giving it, likewise).
        ``selection`` says how ``rows`` were chosen from the store's memberships as they stand
        (round, confidence, date): the kept result is then found by the store's data version
        and the selection, without digesting every row. Without it, by a digest of the rows.
        ``betweenness=False`` leaves betweenness out, ``structure=False`` eigenvector, k-core and
        clustering (None in the measures): the summary shows neither.
        """
        version = kg.data_version() if selection is not None and kg is not None else None
        if version is not None:
            data = cache.digest(_ANALYSIS_VERSION, SEED, "data version", version, selection)
        else:
            rows = _made(rows)
            data = cache.digest(_ANALYSIS_VERSION, SEED, [
                [r["org"], r["bid"], r["role"], r["name"], r["sector"], r["amount"]]
                for r in rows])
        # measures and clusters are kept apart, so that each command computes only what no
        # earlier one did (the summary's clusters serve 'report partners', and so on)
        measured = _kept(kg, data, "measures", (betweenness, structure))
        clustered = _kept(kg, data, "clusters", (with_stability,))
        # the store itself is not held: closing it must let it go
        keep = (kg, cache.digest(data, "projection")) if kg is not None else None
        if measured is not None and clustered is not None:
            return cls._assemble(rows, measured, clustered, keep=keep, table=table)
        # stability asked for: the partition kept without it is the reference, not made again
        reference = _kept(kg, data, "clusters", (False,)) if clustered is None else None
        table = _made(table)
        if table is None:
            rows = _made(rows)
        projection = None
        if kg is not None and table is not None:  # ties kept by an earlier command
            kept = cache.get(kg.oxigraph, "analysis", keep[1], plain=True)
            named = _kept(kg, data, "measures", (False, False)) if kept else None
            if named is not None:
                projection = _projection_of(kept, named, table.incidence)
        # measures kept without betweenness and structure: only those two are computed now
        lighter = _kept(kg, data, "measures", (False, False)) if measured is None else None
        analysis = cls._compute(rows, with_stability=with_stability, betweenness=betweenness,
                                structure=structure, measured=measured, clustered=clustered,
                                reference=reference, table=table, projection=projection,
                                lighter=lighter)
        if kg is not None:
            if measured is None:  # as computed: without clusters, dicts or columns
                measured = analysis._computed
                cache.put(kg.oxigraph, "analysis", cache.digest(
                    data, "measures", betweenness, structure), _pack_measures(measured),
                    plain=True)
            if clustered is None:
                cache.put(kg.oxigraph, "analysis", cache.digest(data, "clusters", with_stability),
                          {"clusters": analysis.clusters, "method": analysis.notes["clusters"]},
                          plain=True)
            analysis._keep = keep
            analysis._table = table if table is not None else analysis._table
            if cache.get(kg.oxigraph, "analysis", keep[1], plain=True) is None:
                analysis._keep_projection()
        return analysis

    @classmethod
    def _assemble(cls, rows, measured: dict, clustered: dict, graph=None,
                  keep: tuple | None = None, table=None) -> "Analysis":
        """An analysis from kept (or just computed) measures and clusters."""
        def measures() -> dict:
            made = {org: dict(m) for org, m in _measure_dicts(measured).items()}
            for cluster in clustered["clusters"]:
                for org in cluster["ids"]:
                    made[org]["cluster"] = cluster["cluster"]
            return made
        notes = {**measured["notes"], "clusters": clustered["method"]}
        columns = (measured["orgs"], measured["columns"]) if "columns" in measured else None
        return cls(rows, measures if columns else measures(), notes, clustered["clusters"],
                   measured["ties"], graph, _keep=keep, _table=table, _columns=columns)

    @classmethod
    def _compute(cls, rows: list[dict], *, with_stability: bool, betweenness: bool,
                 structure: bool, measured: dict | None = None,
                 clustered: dict | None = None, reference: dict | None = None,
                 table: MembershipTable | None = None, projection: CoGraph | None = None,
                 lighter: dict | None = None) -> "Analysis":
        """Measure (and cluster) the memberships: ``rows``, or ``table`` where given (its
        arrays, without a dict per membership), projected unless ``projection`` is given."""
        from .metrics import measure_columns, organisation_measures

        with status("Projecting the co-partnership graph"):
            graph = projection or (CoGraph.from_table(table) if table is not None
                                   else CoGraph(rows))
            converted = engine.to_igraph(graph)  # one copy for every igraph algorithm
        # a big dense graph's partition (Louvain in igraph, seconds) found on another core
        # while the measures are computed: the same partition ``clusters`` would find
        early = engine.in_background(engine.louvain_labels, converted[0], SEED) \
            if clustered is None and reference is None and measured is None and \
            _in_igraph(graph) and engine.worth_a_fork(graph) else None
        if measured is None:
            with status(f"Measuring {graph.number_of_nodes():,} organisations"):
                if lighter is not None:
                    measures, notes = organisation_measures(
                        graph, None, betweenness=betweenness, structure=structure,
                        converted=converted, known=_measure_dicts(lighter))
                    measured = {"measures": measures}
                else:  # as columns: a national graph's measures need no dict per body
                    orgs, columns, notes = measure_columns(
                        graph, None if table is not None else rows, betweenness=betweenness,
                        structure=structure, converted=converted,
                        funding=table.funding() if table is not None else None)
                    measured = {"orgs": orgs, "columns": columns}
            measured.update(notes=notes, ties=graph.number_of_edges())
        if clustered is None:
            orgs, (led,) = _columns_of(measured, ("funding_led",))
            funding = dict(zip(orgs, led))
            blocks = None
            if reference is not None:  # every cluster of two or more, and the rest alone
                blocks = [set(c["ids"]) for c in reference["clusters"]]
                placed = set().union(*blocks)
                blocks += [{node} for node in graph if node not in placed]
            elif early is not None:  # grouped as engine.louvain groups them
                found_blocks: dict[int, set] = {}
                for node, label in zip(converted[1], early()):
                    found_blocks.setdefault(label, set()).add(node)
                blocks = list(found_blocks.values())
            with status("Finding clusters"):
                found = clusters(graph, funding=funding, with_stability=with_stability,
                                 converted=converted, blocks=blocks)
            clustered = {"clusters": found, "method": partition_method(graph)}
        made = cls._assemble(rows, measured, clustered, graph, table=table)
        made._computed = measured
        return made

    def top(self, n: int | None = 10) -> list[dict]:
        """Measures of the organisations with most distinct co-partners, then shared-bid weight,
        bids and name (then IRI, so that two bodies of one name keep one order)."""
        return [m for _, m in self.leaders(n or None)]

    def leaders(self, n: int | None = 10, sector: str | None = None
                ) -> list[tuple[int, dict]]:
        """(rank, measures) of the ``n`` organisations ``top`` lists first (all, if ``n`` is
        None), of ``sector`` only if given; the rank is by distinct co-partners alone,
        shared by ties (standard competition ranking: 1, 2, 2, 4). Ranked from the measures'
        columns: only the organisations listed get a dict of measures.

        >>> a = Analysis([], {o: {"org": o, "name": o.upper(), "sector": s, "degree": d,
        ...                       "strength": d, "bids": 1} for o, s, d in
        ...                   [("a", "council", 3), ("b", "police", 2), ("c", "council", 2),
        ...                    ("d", "council", 1)]}, {}, [], 0)
        >>> [(rank, m["org"]) for rank, m in a.leaders(3)]
        [(1, 'a'), (2, 'b'), (2, 'c')]
        >>> [(rank, m["org"]) for rank, m in a.leaders(None, sector="council")]
        [(1, 'a'), (2, 'c'), (3, 'd')]
        """
        import heapq
        from bisect import bisect_left

        orgs, (degree, strength, bids, name, sectors) = self.columns(
            "degree", "strength", "bids", "name", "sector")
        chosen = [i for i in range(len(orgs)) if not sector or sectors[i] == sector]

        def order(i: int) -> tuple:
            return -degree[i], -strength[i], -bids[i], name[i], orgs[i]
        best = sorted(chosen, key=order) if n is None else heapq.nsmallest(n, chosen, key=order)
        # rank: one more than the number with more co-partners
        fewer_first = sorted(-degree[i] for i in chosen)
        found = self.measures_for([orgs[i] for i in best])
        return [(bisect_left(fewer_first, -degree[i]) + 1, found[orgs[i]]) for i in best]

    def find(self, kg, name: str) -> str:
        """The node of an organisation named ``name`` (any spelling the register knows)."""
        from rapidfuzz import fuzz, process

        from ..core.names import normalise_name
        from ..graph.build import body_iri

        names = self.names()
        if name.strip() in names:  # a node's IRI
            return name.strip()
        result = kg.resolver().resolve(name)
        if result.resolved and str(body_iri(result.body.id)) in names:
            return str(body_iri(result.body.id))
        # the name as the graph spells it, else as any spelling that normalises alike
        for wanted, key in ((name.strip(), str.strip), (normalise_name(name), normalise_name)):
            found = [node for node, known in names.items() if key(known) == wanted]
            if len(found) > 1:
                raise QueryError(f"{len(found)} organisations are named {name!r}: "
                                 + ", ".join(sorted(found)) + "; give one of these IRIs instead")
            if found:
                return found[0]
        names = sorted(names.values())
        close = [n for n, _, _ in process.extract(name, names, scorer=fuzz.ratio, limit=3)]
        raise QueryError(f"no organisation named {name!r} in the graph; closest: "
                         + "; ".join(close))

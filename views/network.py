"""Interactive HTML network views (pyvis) that work offline.

Views: ``partners`` (organisations, edges weighted by shared bids), ``bipartite``
(organisations and bids), ``clusters`` (one node per cluster), each optionally cut to one body's
neighbourhood (``ego``) or filtered by round, sector, degree or confidence.

The page inlines the vis-network script and stylesheet that pyvis ships, so it loads nothing from
the web. Names reach the page only as JSON inside a script (``<``, ``>`` and ``&`` escaped) or as
escaped HTML; the page sets them with ``textContent``, and tooltips are plain text.
Positions are computed in Python with a fixed seed: networkx's spring layout for small graphs,
igraph's Fruchterman-Reingold for large ones, or coordinates (``layout="geo"``).
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import html
import json
import math
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from string import Template

import networkx as nx

from ..core.errors import QueryError
from ..core.files import write_text
from ..core.progress import status
from ..graph import cache
from ..network.analysis import Analysis
from ..network.drawing import CLUSTER_PALETTE, OTHER_CLUSTER_COLOUR
from ..network.drawing import cluster_colour as _cluster_colour
from ..network.drawing import node_size as _size
from ..network.drawing import pack_components as _pack
from ..network.metrics import RANKABLE, SEED
from ..ontology import SECTOR_LABELS, SECTORS

__all__ = ["SECTOR_COLOURS", "ViewOptions", "VIEWS", "build_view",
           "network_page", "write_network_view"]

#: Colour-blind-safe palette (Okabe-Ito, then others) in SECTORS order.
SECTOR_COLOURS = dict(zip(SECTORS, (
    "#0072B2", "#56B4E9", "#D55E00", "#009E73", "#E69F00",
    "#CC79A7", "#F0E442", "#8C564B", "#000000", "#999999")))
BID_COLOUR = "#BBBBBB"
CLUSTER_COLOUR = "#6A5ACD"
#: The font size of a cluster's label, in page units: the clusters view is laid out so that
#: labels of this size never overlap.
CLUSTER_FONT = 26
VIEWS = ("partners", "bipartite", "clusters")
#: Above this many nodes the layout runs in igraph (C) rather than networkx (Python).
FAST_LAYOUT_FROM = 500


@dataclass
class ViewOptions:
    view: str = "partners"
    ego: str | None = None
    depth: int = 1
    round_label: str | None = None
    sector: str | None = None
    min_degree: int = 0
    min_confidence: float | None = None
    size_by: str = "degree"
    layout: str = "spring"
    labels: int = 25
    max_nodes: int = 1500
    #: At most this many edges between organisations are drawn (the strongest ties): a
    #: browser shows 20,000 lines well, not the 200,000 among a national graph's top bodies.
    max_edges: int = 20_000
    #: the page's title; None: the network's ("Partnership network", "Funding network")
    title: str | None = None
    generated: str | None = None  # ISO date shown on the page; today when None
    data_name: str = "bundled TCA dataset"
    #: the network drawn (see ``network.funding``); None: partnerships, or funding where no
    #: bid has two members
    network: str | None = None
    #: only grants whose recipient or beneficiaries are in this area (GSS code or name)
    area: str | None = None


def _script_json(value) -> str:
    """JSON that is safe inside <script>: no '</script>', no HTML comment openers."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _vis_assets() -> tuple[str, str]:
    import pyvis

    folder = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    js = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    css = (folder / "vis-network.css").read_text(encoding="utf-8")
    # the inlined script must not end the <script> element early
    return js.replace("</script", "<\\/script"), css.replace("</style", "<\\/style")


def _component_positions(graph: nx.Graph) -> dict:
    """Positions of one connected component, centred on 0, about 90 px between neighbours."""
    n = graph.number_of_nodes()
    nodes = sorted(graph)
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    scale = 90 * math.sqrt(n)
    if n < FAST_LAYOUT_FROM:
        pos = nx.spring_layout(graph, seed=SEED, scale=scale)
        return {k: (float(x), float(y)) for k, (x, y) in pos.items()}
    import random

    import igraph as ig

    index = {node: i for i, node in enumerate(nodes)}
    g = ig.Graph(n=n, edges=[(index[a], index[b]) for a, b in graph.edges()])
    ig.set_random_number_generator(random.Random(SEED))
    try:
        coords = g.layout_fruchterman_reingold(niter=500, grid="auto").coords
    finally:
        ig.set_random_number_generator(random)
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    left, bottom = min(xs), min(ys)
    span = max(max(xs) - left, max(ys) - bottom) or 1.0
    return {node: ((coords[i][0] - left) / span * 2 * scale - scale,
                   (coords[i][1] - bottom) / span * 2 * scale - scale)
            for node, i in index.items()}


def _layout(graph: nx.Graph, fixed: dict | None = None) -> dict:
    """Deterministic positions: each connected component laid out on its own (networkx spring
    layout; igraph's Fruchterman-Reingold for big ones), then packed in rows, largest first.
    With ``fixed`` positions (coordinates), the other nodes are placed near their partners."""
    if graph.number_of_nodes() == 0:
        return {}
    if fixed:
        return _near_partners(graph, fixed)
    components = sorted((sorted(c) for c in nx.connected_components(graph)),
                        key=lambda c: (-len(c), c[0]))
    return _pack([_component_positions(graph.subgraph(c)) for c in components])


def _near_partners(graph: nx.Graph, fixed: dict) -> dict:
    """``fixed`` positions kept; every other node placed at the mean place of its placed
    partners (in rounds, so a partner of a partner finds its place too), a little off it on a
    spiral so that nodes sharing partners do not cover each other; nodes with no placed
    partner in rows underneath, as wide as the placed ones. Deterministic, and linear in the
    ties: a national view has 20,000 of them, where a spring layout around fixed nodes takes a
    minute."""
    placed = dict(fixed)
    xs, ys = [x for x, _ in fixed.values()], [y for _, y in fixed.values()]
    left, right, bottom = min(xs), max(xs), max(ys)
    span = max(right - left, bottom - min(ys), 1.0)
    free = sorted(node for node in graph if node not in fixed)
    step = span * 0.012
    for _ in range(3):
        found = {}
        for i, node in enumerate(free):
            if node in placed:
                continue
            around = [placed[p] for p in graph[node] if p in placed]
            if around:
                angle, radius = i * 2.399963, step * (1 + (i % 7) / 3)  # the golden angle
                found[node] = (sum(x for x, _ in around) / len(around) + radius * math.cos(angle),
                               sum(y for _, y in around) / len(around) + radius * math.sin(angle))
        if not found:
            break
        placed.update(found)
    rest = [node for node in free if node not in placed]
    width = max(right - left, 1.0)
    for i, node in enumerate(rest):  # no partner with a place: rows underneath
        placed[node] = (left + width * (i % 40) / 40, bottom + span * 0.06 + (i // 40) * step * 3)
    return placed


def _geo_positions(kg, nodes) -> tuple[dict, dict]:
    """Bodies of the register with a place (see ``geo.Places``) at it, projected for the page;
    and how each was placed."""
    from ..graph.build import body_iri
    from .geo import Places, project

    register = kg.register()
    places = Places(register)
    prefix = str(body_iri(""))
    placed, how = {}, {}
    for node in nodes:
        body = register.get(node[len(prefix):]) if node.startswith(prefix) else None
        point, said = places.place(body) if body is not None else (None, "")
        if point is not None:
            placed[node], how[node] = project(*point), said
    _place_recipients(kg, [n for n in nodes if n not in placed], placed, how)
    return placed, how


def _place_recipients(kg, nodes: list[str], placed: dict, how: dict) -> None:
    """Recipients of grants that state their district: inside it (the district most of its
    grants give, where they differ, and the tooltip says so), spread around a point inside it
    so that bodies of one district do not hide one another."""
    from ..network.funding import grant_funders, recipient_districts
    from .geo import boundaries, interior_point, project

    if not nodes or not grant_funders(kg):
        return
    districts = recipient_districts(kg)
    names = boundaries()["areas"]
    in_district: dict[str, int] = {}
    for node in nodes:
        found = districts.get(node)
        if not found:
            continue
        code = found[0][0]
        centre = interior_point([code])
        if centre is None:
            continue
        i = in_district[code] = in_district.get(code, -1) + 1
        angle, radius = i * 2.39996, 0.02 * math.sqrt(i)  # a sunflower's spiral, in degrees
        x, y = project(centre[0] + radius * math.cos(angle), centre[1] + radius * math.sin(angle))
        placed[node] = (x, y)
        said = f"in its district as its grants state it ({names[code]['name']})"
        if len(found) > 1:
            said += (f"; its grants name {len(found)} districts: placed in the one "
                     f"{found[0][1]} of them give")
        how[node] = said


def _map_layer() -> dict:
    """The boundaries drawn under a map: arcs as page coordinates in tenths of a unit, each a
    flat list [x0, y0, dx1, dy1, ...] (deltas, for a smaller page), and each district's name
    and polygons of arc references."""
    from .geo import boundaries, project

    arcs = []
    for arc in boundaries()["arcs"]:
        flat, last = [], (0, 0)
        for x, y in arc:
            px, py = project(x / 1000, y / 1000)
            point = (round(px * 10), round(py * 10))
            flat += [point[0] - last[0], point[1] - last[1]]
            last = point
        arcs.append(flat)
    areas = [{"code": code, "name": area["name"], "polygons": area["polygons"]}
             for code, area in boundaries()["areas"].items()]
    return {"arcs": arcs, "areas": areas,
            "credit": "Boundaries: ONS local authority districts, December 2013 (Open "
                      "Government Licence; contains OS data, Crown copyright and database "
                      "right)."}


def _select(analysis: Analysis, kg, options: ViewOptions) -> tuple[list[str], list[str]]:
    """The organisations to draw, and notes on what was left out."""
    from ..network.paths import within

    # by columns: a national graph's 50,000 organisations need no dict each
    orgs, (names, sectors, degrees, sizes) = analysis.columns(
        "name", "sector", "degree", options.size_by)
    chosen = range(len(orgs))
    notes = []
    if options.ego:
        near = within(analysis.projection, analysis.find(kg, options.ego), options.depth)
        chosen = [i for i in chosen if orgs[i] in near]
    if options.sector:
        chosen = [i for i in chosen if sectors[i] == options.sector]
    if options.min_degree:
        chosen = [i for i in chosen if degrees[i] >= options.min_degree]
    if not chosen and orgs:  # an empty page would look like a broken one
        raise QueryError("no organisation " + _filters_said(analysis, options)
                         + ": nothing to draw")
    if not orgs:
        notes.append("The graph holds no organisation yet: load some data first.")
    ranked = [orgs[i] for i in sorted(chosen, key=lambda i: (-(sizes[i] or 0), names[i],
                                                             orgs[i]))]
    if len(ranked) > options.max_nodes:
        notes.append(f"Showing the top {options.max_nodes} of {len(ranked)} organisations by "
                     f"{options.size_by}; the others are summed up in cluster nodes.")
        return ranked[:options.max_nodes], notes
    return ranked, notes


def _filters_said(analysis: Analysis, options: ViewOptions) -> str:
    """What the filters asked for, in words, with the sectors the data has where a sector was
    asked for ("is in the sector education (sectors in the data: council, police)")."""
    said = []
    if options.sector:
        present = sorted(set(analysis.values("sector")))
        said.append(f"is in the sector {SECTOR_LABELS.get(options.sector, options.sector)} "
                    f"(sectors in the data: "
                    f"{', '.join(SECTOR_LABELS.get(s, s) for s in present)})")
    if options.min_degree:
        said.append(f"has at least {options.min_degree} partners")
    if options.ego:
        said.append(f"is within {options.depth} step(s) of {options.ego}")
    if options.round_label or options.min_confidence is not None:
        said.append("takes part in the memberships chosen")
    return " and ".join(said) or "is in the data"


#: A side panel lists at most this many bids and partners (the most shared first), then how
#: many more: a national hub has tens of thousands ('report org' lists them all).
PANEL_LIMIT = 100


def _strongest_ties(graph, node: str, limit: int, names) -> list[tuple[str, int, str]]:
    """(partner's name, bids shared, partner's node) of the ``limit`` partners sharing most bids with ``node``,
    ties broken by name (``names``: ``_Names`` of the projection's nodes), ranked by numpy: a
    hub has 35,000 partners."""
    import numpy as np

    i = graph.index[node]
    start, stop = graph.adjacency.indptr[i], graph.adjacency.indptr[i + 1]
    partners, weights = graph.adjacency.indices[start:stop], graph.adjacency.data[start:stop]
    best = np.lexsort((names.rank[partners], -weights))[:limit]
    order = graph.order
    return list(zip(names.names[partners[best]].tolist(), weights[best].tolist(),
                    [order[i] for i in partners[best].tolist()]))


def _strongest_among(graph, nodes, limit: int) -> tuple[list[tuple[str, str, int]], int]:
    """The ``limit`` ties among ``nodes`` sharing most bids (the first in node order where
    weights are equal), sorted, and how many ties there are among them in all: picked by numpy
    from the sparse matrix, not by making a Python object for each of 200,000 ties."""
    import numpy as np
    from scipy import sparse

    keep = np.array(sorted(graph.index[n] for n in nodes), dtype=np.int64)
    upper = sparse.triu(graph.adjacency[keep][:, keep], k=1).tocoo()
    a, b, w = keep[upper.row], keep[upper.col], upper.data
    order = np.lexsort((b, a))  # node order first
    a, b, w = a[order], b[order], w[order]
    if len(w) > limit:
        best = np.sort(np.argsort(-w, kind="stable")[:limit])
        a, b, w = a[best], b[best], w[best]
    names = graph.order
    return [(names[x], names[y], int(v)) for x, y, v in zip(a.tolist(), b.tolist(), w.tolist())], \
        len(order)


@dataclass
class _Names:
    """The names of the projection's nodes (by position), and each node's place when sorted by
    name, then node."""

    names: object  # numpy array of str
    rank: object  # numpy array of int

    @classmethod
    def of(cls, analysis: Analysis) -> "_Names":
        import numpy as np

        known = analysis.names()
        # the projection's order is sorted: equal names keep node order
        names = np.array([known[node] for node in analysis.projection.order], dtype=str)
        ranked = np.argsort(names, kind="stable")  # by code point, as Python compares strings
        rank = np.empty(len(names), dtype=np.int64)
        rank[ranked] = np.arange(len(names))
        return cls(names, rank)


def _panel_bids(table, orgs) -> dict[str, tuple[list[str], int]]:
    """For each organisation of ``orgs``: the side panel's first ``PANEL_LIMIT`` bids (by
    round, label and key: two bids may share a label) and how many bids it has. Chosen by numpy
    from the membership table's arrays: a national hub is in thousands of bids."""
    from decimal import Decimal

    import numpy as np

    where = {org[0]: i for i, org in enumerate(table.orgs)}
    wanted = np.zeros(len(table.orgs), dtype=bool)
    wanted[[where[node] for node in orgs if node in where]] = True
    # one string per bid sorts as (round, label, key) would, in a quarter of the time
    keys = [f"{round_label or ''}\x00{label}\x00{key}"
            for key, label, round_label, *_ in table.bids]
    rank = np.empty(len(table.bids), dtype=np.int64)
    rank[sorted(range(len(keys)), key=keys.__getitem__)] = np.arange(len(keys))
    chosen = np.flatnonzero(wanted[table.org]) if len(table) else np.array([], dtype=np.int64)
    org, bid, lead = table.org[chosen], table.bid[chosen], table.lead[chosen]
    order = np.lexsort((rank[bid], org))
    org, bid, lead = org[order], bid[order], lead[order]
    # one line per (organisation, bid), whatever the memberships
    first = np.ones(len(org), dtype=bool)
    first[1:] = (org[1:] != org[:-1]) | (bid[1:] != bid[:-1])
    org, bid, lead = org[first], bid[first], lead[first]
    starts = np.flatnonzero(np.r_[True, org[1:] != org[:-1]]) if len(org) else org
    said: dict[tuple[int, bool], str] = {}  # a bid's line, made once for all its members

    def line(b: int, led: bool) -> str:
        if (b, led) not in said:
            label, amount = table.bids[b][1], table.bids[b][3]
            money = f", £{Decimal(amount):,}" if amount is not None and Decimal(amount) else ""
            said[b, led] = f"{label} ({'lead' if led else 'partner'}{money})"
        return said[b, led]

    found = {}
    for start, stop in zip(starts.tolist(), np.r_[starts[1:], len(org)].tolist()):
        shown = slice(start, min(stop, start + PANEL_LIMIT))
        found[table.orgs[int(org[start])][0]] = (
            [line(b, led) for b, led in zip(bid[shown].tolist(), lead[shown].tolist())],
            stop - start)
    return found


def _org_details(analysis: Analysis, node: str, m: dict, panel_bids: dict, names: _Names
                 ) -> dict:
    """The side panel of an organisation whose measures are ``m``."""
    bids, count = panel_bids.get(node, ([], 0))
    partners = _strongest_ties(analysis.projection, node, PANEL_LIMIT, names)
    more_bids, more_partners = count - len(bids), m["degree"] - len(partners)
    keys = ("degree", "strength", "bids", "led", "funding", "betweenness", "eigenvector", "core",
            "clustering")
    return {
        "name": m["name"], "kind": "organisation",
        "sector": SECTOR_LABELS.get(m["sector"], m["sector"]),
        "measures": {k: _measure_text(k, m[k]) for k in keys
                     if m[k] is not None or k.startswith("funding")}
        | {"cluster": m.get("cluster", "")},
        "bids": bids + ([f"and {more_bids:,} more (partnerkg report org)"] if more_bids > 0
                        else []),
        "partners": [f"{name} ({weight})" for name, weight, _ in partners]
        + ([f"and {more_partners:,} more (partnerkg report org)"] if more_partners > 0 else []),
        # the page makes a partner drawn on it a link to that partner (see build_view)
        "partner_ids": [node for _, _, node in partners],
    }


def _measure_text(key: str, value) -> str | float:
    """A measure as the side panel shows it: amounts in pounds and counts with thousands
    separators, as the reports show them; fractions rounded."""
    if value is None:
        return "not stated"  # an amount no source gives
    if isinstance(value, float):
        return round(value, 4)
    return f"£{value:,}" if key.startswith("funding") else f"{value:,}"


def kg_size(kg) -> int:
    """Organisations in a graph: small graphs get every measure in their side panels."""
    from ..network.projection import membership_table

    return len(membership_table(kg).orgs)


def _programmes(kg) -> dict[str, str]:
    """Each bid's programme name."""
    _, rows = kg.select("PREFIX pkg: <https://w3id.org/partnerkg/> "
                        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                        "SELECT ?bid ?name { ?bid pkg:programme ?p . "
                        "OPTIONAL { ?p skos:prefLabel ?name } }")
    found: dict[str, str] = {}
    for bid, name in rows:
        found[bid] = min(found.get(bid, name or ""), name or "")
    return found


def _filter_data(kg, analysis: Analysis, orgs: list[str]) -> tuple[dict, dict[str, list[int]]]:
    """What the page's filters read: the bids of the drawn organisations as [round, programme,
    amount] (indexes into ``rounds`` and ``programmes``; amount in pounds or null), and each
    organisation's bids (indexes into ``bids``)."""
    with status("Reading the drawn bodies' bids, rounds and programmes"):
        return _read_filter_data(kg, analysis, orgs)


def _read_filter_data(kg, analysis: Analysis, orgs: list[str]
                      ) -> tuple[dict, dict[str, list[int]]]:
    import numpy as np

    table = analysis.table()
    where = {org[0]: i for i, org in enumerate(table.orgs)}
    wanted = np.zeros(len(table.orgs), dtype=bool)
    wanted[[where[o] for o in orgs if o in where]] = True
    chosen = np.flatnonzero(wanted[table.org]) if len(table) else np.array([], dtype=np.int64)
    pairs = sorted(set(zip(table.org[chosen].tolist(), table.bid[chosen].tolist())))
    used = sorted({b for _, b in pairs}, key=lambda b: table.bids[b][0])
    programme_of = _programmes(kg) if used else {}
    rounds = sorted({table.bids[b][2] or "" for b in used})
    programmes = sorted({programme_of.get(table.bids[b][0], "") for b in used})
    index = {b: i for i, b in enumerate(used)}
    bids = []
    for b in used:
        key, _, round_label, amount, *_ = table.bids[b]
        bids.append([rounds.index(round_label or ""),
                     programmes.index(programme_of.get(key, "")),
                     None if amount is None else float(amount)])
    of_org: dict[str, list[int]] = {}
    for o, b in pairs:
        of_org.setdefault(table.orgs[o][0], []).append(index[b])
    return ({"rounds": rounds, "programmes": programmes, "bids": bids,
             "bid_index": {table.bids[b][0]: index[b] for b in used}}, of_org)


def build_view(kg, options: ViewOptions | None = None) -> dict:
    """Everything the page shows: nodes, edges, legend, side-panel details, summary and notes."""
    options = options or ViewOptions()
    if options.view not in VIEWS:
        raise QueryError(f"unknown view {options.view!r}; known: {', '.join(VIEWS)}")
    if options.size_by not in RANKABLE:
        raise QueryError(f"unknown measure {options.size_by!r}; known: {', '.join(RANKABLE)}")
    from ..network.analysis import network_chosen
    from ..network.funding import NETWORKS, PARTNERSHIPS, find_area

    area = find_area(kg, options.area) if options.area else None
    network, chosen_note = network_chosen(kg, options.network, options.round_label,
                                          options.min_confidence, area)
    words = NETWORKS[network]
    analysis = Analysis.of(kg, round_label=options.round_label,
                           min_confidence=options.min_confidence, network=network, area=area,
                           betweenness=options.size_by == "betweenness" or
                           kg_size(kg) <= FAST_LAYOUT_FROM)
    orgs, notes = _select(analysis, kg, options)
    kept = set(orgs)
    measures = analysis.measures_for(orgs)
    # an amount not stated sizes a node as the smallest, never as a known 0 would
    top = max((measures[n][options.size_by] or 0 for n in orgs), default=0)
    labelled = set(orgs[:options.labels])
    rank = {node: i for i, node in enumerate(orgs)}
    cluster_of = {org: c["cluster"] for c in analysis.clusters for org in c["ids"]}
    ego = analysis.find(kg, options.ego) if options.ego else None
    nodes, edges, details = [], [], {}
    names = _Names.of(analysis) if options.view != "clusters" else None
    panel_bids = _panel_bids(analysis.table(), orgs) if options.view != "clusters" else {}
    filters, bids_of = _filter_data(kg, analysis, orgs) if options.view != "clusters" else \
        ({"rounds": [], "programmes": [], "bids": [], "bid_index": {}}, {})

    def org_node(node):
        m = measures[node]
        tooltip = (f"{m['name']}\nSector: {SECTOR_LABELS.get(m['sector'], m['sector'])}\n"
                   f"{words.things.capitalize()}: {m['bids']} ({words.led} {m['led']})"
                   f"\nDistinct partners: {m['degree']}")
        cluster = cluster_of.get(node)
        colours = {"cluster": _cluster_colour(cluster),
                   "sector": SECTOR_COLOURS.get(m["sector"], "#999999")}
        nodes.append({"id": node, "name": m["name"], "title": tooltip, "kind": "organisation",
                      "group": m["sector"], "cluster": cluster, "shape": "dot",
                      "color": colours["cluster"], "colors": colours, "rank": rank[node],
                      "pin": node in labelled, "b": bids_of.get(node, []),
                      "size": _size(m[options.size_by] or 0, top)})
        if node == ego:  # the body the view is drawn around
            nodes[-1].update(shape="star", ego=True, pin=True, size=max(nodes[-1]["size"], 20),
                             title=tooltip + "\nThe body this view is drawn around")
        details[node] = _org_details(analysis, node, m, panel_bids, names)

    members_of: dict[str, str] = {}  # in the clusters view: a member's name -> its cluster node
    clustered = 0
    if options.view == "clusters":
        _cluster_view(analysis, kept, orgs, nodes, edges, details, members_of)
        clustered = sum(n["members"] for n in nodes if not n.get("alone"))
    else:
        for node in sorted(orgs):
            org_node(node)
        if options.view == "partners":
            ties, among = _strongest_among(analysis.projection, orgs, options.max_edges)
            if among > len(ties):
                notes.append(f"Showing the {options.max_edges:,} strongest of {among:,} "
                             "ties between the organisations shown (most bids shared first).")
            for a, b, weight in ties:
                edges.append({"from": a, "to": b, "width": 1 + math.log(weight),
                              "title": f"{weight} shared {words.thing}(s)"})
        else:
            _bid_nodes(analysis, orgs, options, nodes, edges, details, notes, filters)
        if len(orgs) < len(analysis.values("name")) and notes:  # cut by --max-nodes
            _add_cluster_summaries(analysis, kept, nodes, edges, details, options)

    placed_how: dict[str, str] = {}
    if options.view == "clusters":
        positions = _cluster_positions(nodes, edges)
    else:
        graph = nx.Graph()
        graph.add_nodes_from(n["id"] for n in nodes)
        graph.add_edges_from((e["from"], e["to"]) for e in edges)
        with status(f"Laying out {graph.number_of_nodes():,} nodes"):
            fixed, placed_how = _geo_positions(kg, graph) if options.layout == "geo" else \
                ({}, {})
            positions = _layout(graph, fixed)
    for node in nodes:
        x, y = positions.get(node["id"], (0.0, 0.0))
        node["x"], node["y"] = round(x, 2), round(y, 2)
        if options.layout == "geo" and node["kind"] == "organisation":
            node["placed"] = placed_how.get(node["id"], "beside its partners")
            node["title"] += f"\nOn the map: {node['placed']}"

    # a partner in a side panel is a link when drawn: its place in ``nodes`` (-1 when not)
    place = {n["id"]: i for i, n in enumerate(nodes)}
    for detail in details.values():
        if "partner_ids" in detail:
            detail["partner_ids"] = [place.get(p, -1) for p in detail["partner_ids"]]
    legend = _legend(nodes)
    said = [f"{k} {v}" for k, v in (("round", options.round_label),
                                    ("sector", options.sector and SECTOR_LABELS.get(
                                        options.sector, options.sector)),
                                    ("ego", options.ego and f"{options.ego} (depth "
                                                            f"{options.depth})"),
                                    ("minimum degree", options.min_degree or None),
                                    ("minimum confidence", options.min_confidence),
                                    ("area", area)) if v]
    if chosen_note:
        notes.insert(0, chosen_note)
    of_network = f" of the {network} network" if network != PARTNERSHIPS else ""
    summary = (f"Data: {options.data_name}. View: {options.view}{of_network}, sized by "
               f"{options.size_by}"
               f"{', layout by coordinates' if options.layout == 'geo' else ''}. "
               f"Filters: {', '.join(said) or 'none'}. "
               f"{_drawn(nodes, edges, clustered if options.view == 'clusters' else None)}."
               f"{_generated(options)}")
    if options.layout == "geo":
        counts: dict[str, int] = {}
        for node in nodes:
            if node.get("placed"):
                counts[node["placed"].split(" (")[0]] = counts.get(
                    node["placed"].split(" (")[0], 0) + 1
        notes.append("On the map: " + ", ".join(f"{n:,} {how}" for how, n in sorted(
            counts.items())) + " (councils inside their own area, police and fire bodies "
            "inside the area their name gives, recipients of grants in the district their "
            "grants state, others beside their partners).")
    big = len(nodes) > 2000
    return {"nodes": nodes, "edges": edges, "legend": legend, "details": details,
            "summary": summary, "notes": notes,
            "title": f"{network.capitalize()} network",
            "view": options.view, "members_of": members_of,
            "filters": {k: v for k, v in filters.items() if k != "bid_index"},
            "map": _map_layer() if options.layout == "geo" else None,
            "cluster_font": CLUSTER_FONT,
            "options": {"physics": {"enabled": False, "stabilization": False},
                        "layout": {"improvedLayout": False, "randomSeed": SEED},
                        "interaction": {"hover": True, "tooltipDelay": 120,
                                        "hideEdgesOnDrag": big, "hideEdgesOnZoom": big},
                        "nodes": {"borderWidth": 1},
                        "edges": {"color": {"color": "#9aa", "highlight": "#333",
                                            "opacity": 0.6},
                                  "smooth": False}}}


def _legend(nodes: list[dict]) -> dict:
    """The legend of each colouring: sectors (and bids, clusters' nodes), and the largest
    clusters."""
    counts: dict[str, int] = {}
    clusters: dict[int, int] = {}
    for node in nodes:
        counts[node["group"]] = counts.get(node["group"], 0) + 1
        if node["kind"] == "organisation":
            number = node.get("cluster") or 0
            clusters[number] = clusters.get(number, 0) + 1
    sectors = [{"key": k, "label": SECTOR_LABELS[k], "color": SECTOR_COLOURS[k],
                "count": counts[k]} for k in SECTORS if k in counts]
    for key, label, colour in (("bid", "bid", BID_COLOUR), ("cluster", "cluster", CLUSTER_COLOUR)):
        if key in counts:
            sectors.append({"key": key, "label": label, "color": colour, "count": counts[key]})
    by_cluster = [{"key": n, "label": f"cluster {n}", "color": _cluster_colour(n),
                   "count": clusters[n]} for n in sorted(clusters)
                  if 1 <= n <= len(CLUSTER_PALETTE)]
    rest = sum(c for n, c in clusters.items() if not 1 <= n <= len(CLUSTER_PALETTE))
    if rest:
        by_cluster.append({"key": "other", "label": "smaller clusters",
                           "color": OTHER_CLUSTER_COLOUR, "count": rest})
    return {"sector": sectors, "cluster": by_cluster}


def _bid_nodes(analysis, orgs, options, nodes, edges, details, notes, filters) -> None:
    """The bipartite view's bids, and an edge for each membership of a drawn organisation."""
    members: dict[str, int] = {}
    drawn_rows = analysis.rows_of(orgs)  # of the drawn organisations only
    for row in drawn_rows:
        members[row["bid"]] = members.get(row["bid"], 0) + 1
    if len(members) > options.max_nodes:  # bids too: the ones most drawn bodies share
        shown = set(sorted(members, key=lambda b: (-members[b], b))[:options.max_nodes])
        notes.append(f"Showing the {options.max_nodes:,} of {len(members):,} bids "
                     "with most members among the organisations shown.")
        drawn_rows = [r for r in drawn_rows if r["bid"] in shown]
    for row in sorted(drawn_rows, key=lambda r: (r["bid"], r["org"])):
        if row["bid"] not in details:
            amount = f"£{row['amount']:,}" if row["amount"] is not None else "not stated"
            index = filters["bid_index"].get(row["bid"])
            nodes.append({"id": row["bid"], "name": row["bid_label"],
                          "title": f"{row['bid_label']}\n{row['title']}\n"
                                   f"Round: {row['round'] or 'not stated'}\n"
                                   f"Amount: {amount}",
                          "kind": "bid", "group": "bid", "shape": "square", "quiet": True,
                          "color": BID_COLOUR, "colors": {"cluster": BID_COLOUR,
                                                          "sector": BID_COLOUR},
                          "b": [] if index is None else [index], "size": 6})
            details[row["bid"]] = {"name": row["bid_label"], "kind": "bid",
                                   "sector": "", "members": []}
        details[row["bid"]]["members"].append(f"{row['name']} ({row['role']})")
        edges.append({"from": row["org"], "to": row["bid"],
                      "width": 3 if row["role"] == "lead" else 1})


def _cluster_view(analysis, kept, orgs, nodes, edges, details, members_of) -> None:  # noqa: PLR0913
    """One node per cluster (sized by its drawn members, labelled with its name), ties between
    clusters weighted by the bids their members share."""
    membership = {org: c for c in analysis.clusters for org in c["ids"]}
    names = analysis.names()
    for cluster in analysis.clusters:
        members = [m for m in cluster["ids"] if m in kept]
        if not members:
            continue
        node = f"cluster:{cluster['cluster']}"
        colour = _cluster_colour(cluster["cluster"])
        nodes.append({"id": node, "name": cluster["name"], "pin": True,
                      "title": f"Cluster {cluster['cluster']}: {cluster['name']}\n"
                               f"{len(members)} member{'s' * (len(members) != 1)}",
                      "kind": "cluster", "group": "cluster", "cluster": cluster["cluster"],
                      "members": len(members), "shape": "dot", "color": colour,
                      "colors": {"cluster": colour, "sector": CLUSTER_COLOUR},
                      "size": _size(len(members), len(orgs)) * 1.5, "b": []})
        member_names = sorted(names[m] for m in members)
        details[node] = {"name": cluster["name"], "kind": "cluster", "sector": "",
                         "members": member_names}
        for name in member_names:
            members_of[name] = node
    alone = sorted(names[m] for m in orgs if m not in membership)
    if alone:  # bodies with no partner (all of a funder-to-grantee file): one node for them
        nodes.append({"id": "cluster:none", "name": "No partner in the data", "pin": True,
                      "alone": True, "title": f"{_count(len(alone), 'organisation')} with no "
                                              "partner in the data: in no cluster",
                      "kind": "cluster", "group": "cluster", "cluster": None,
                      "members": len(alone), "shape": "dot", "color": OTHER_CLUSTER_COLOUR,
                      "colors": {"cluster": OTHER_CLUSTER_COLOUR,
                                 "sector": OTHER_CLUSTER_COLOUR},
                      "size": _size(len(alone), len(orgs)) * 1.5, "b": []})
        details["cluster:none"] = {"name": "No partner in the data", "kind": "cluster",
                                   "sector": "", "members": alone}
        members_of.update((name, "cluster:none") for name in alone)
    weights = _between_clusters(analysis.projection, membership, kept)
    edges.extend({"from": a, "to": b, "width": 1 + math.log(w), "title": f"{w} shared bids"}
                 for (a, b), w in sorted(weights.items()))


def _label_box(node: dict) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of a cluster node and its label, around its centre, in page
    units, as the page draws them: the label under the node, CLUSTER_FONT high, allowing
    0.62 em a character."""
    r = node["size"]
    half = max(len(node["name"]) * 0.62 * CLUSTER_FONT / 2, r) + CLUSTER_FONT * 0.4
    return -half, -r - 6, half, r + 6 + 1.5 * CLUSTER_FONT


def _cluster_positions(nodes: list[dict], edges: list[dict]) -> dict:
    """Clusters laid out by their ties: each group of tied clusters by a spring layout (fixed
    seed), its clusters then pushed apart until no two boxes (node and label) overlap; the
    groups packed in rows, largest first, about half as wide again as high (a screen's shape)."""
    import numpy as np

    if not nodes:
        return {}
    graph = nx.Graph()
    graph.add_nodes_from(n["id"] for n in nodes)
    graph.add_weighted_edges_from((e["from"], e["to"], e["width"]) for e in edges)
    box_of = {n["id"]: _label_box(n) for n in nodes}
    groups = sorted((sorted(c) for c in nx.connected_components(graph)),
                    key=lambda c: (-len(c), c[0]))
    laid = []
    for group in groups:
        boxes = np.array([box_of[n] for n in group])
        if len(group) == 1:
            xy = np.zeros((1, 2))
        else:
            scale = float(np.mean(boxes[:, 2] - boxes[:, 0])) * math.sqrt(len(group)) * 0.3
            pos = nx.spring_layout(graph.subgraph(group), seed=SEED, scale=scale)
            xy = _push_apart(np.array([pos[n] for n in group], dtype=float), boxes)
        left, top = (xy + boxes[:, :2]).min(axis=0)
        right, bottom = (xy + boxes[:, 2:]).max(axis=0)
        laid.append((group, xy, left, top, right - left, bottom - top))
    gap = CLUSTER_FONT
    row_width = max(max(w for *_, w, _ in laid),
                    math.sqrt(sum((w + gap) * (h + gap) for *_, w, h in laid) * 1.5))
    placed, x, y, row_height = {}, 0.0, 0.0, 0.0
    for group, xy, left, top, width, height in laid:
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        for node, (px, py) in zip(group, xy.tolist()):
            placed[node] = (x + px - left, y + py - top)
        x += width + gap
        row_height = max(row_height, height)
    return placed


def _push_apart(xy, boxes):
    """Positions moved until no two boxes (offsets left, top, right, bottom around each
    position) overlap: each overlapping pair moves apart along the axis it overlaps least."""
    import numpy as np

    ties = 1e-9 * np.arange(len(xy))[:, None]  # equal places part in a fixed direction
    for _ in range(2000):
        left, top = xy[:, 0] + boxes[:, 0], xy[:, 1] + boxes[:, 1]
        right, bottom = xy[:, 0] + boxes[:, 2], xy[:, 1] + boxes[:, 3]
        ox = np.minimum(right[:, None], right[None, :]) - np.maximum(left[:, None], left[None, :])
        oy = np.minimum(bottom[:, None], bottom[None, :]) - np.maximum(top[:, None], top[None, :])
        overlap = (ox > 0) & (oy > 0)
        np.fill_diagonal(overlap, False)
        if not overlap.any():
            break
        dx = np.sign(xy[:, 0][:, None] - xy[:, 0][None, :] + ties)
        dy = np.sign(xy[:, 1][:, None] - xy[:, 1][None, :] + ties)
        xy[:, 0] += np.where(overlap & (ox <= oy), dx * (ox / 2 + 1), 0).sum(axis=1) * 0.5
        xy[:, 1] += np.where(overlap & (ox > oy), dy * (oy / 2 + 1), 0).sum(axis=1) * 0.5
    return xy


def _drawn(nodes: list[dict], edges: list[dict], members: int | None = None) -> str:
    """What a page draws ("1,500 organisations, 12 cluster nodes, 20,000 edges"): the kinds of
    node it has, and its edges; in the clusters view (``members``: the organisations in its
    clusters) "109 organisations in 26 clusters, 30 ties between clusters"."""
    counts = {kind: sum(1 for n in nodes if n["kind"] == kind and not n.get("alone"))
              for kind in ("organisation", "bid", "cluster")}
    if members is not None:
        alone = sum(n["members"] for n in nodes if n.get("alone"))
        return (f"{_count(members, 'organisation')} in {_count(counts['cluster'], 'cluster')}"
                f"{f' and {alone:,} with no partner' if alone else ''}, "
                f"{_count(len(edges), 'tie')} between clusters")
    parts = [_count(counts["organisation"], "organisation")]
    parts += [_count(counts[kind], word) for kind, word in (("bid", "bid"),
                                                            ("cluster", "cluster node"))
              if counts[kind]]
    return ", ".join(parts + [_count(len(edges), "edge")])


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' * (n != 1)}"


def _between_clusters(graph, membership: dict, kept: set) -> dict:
    """Shared-bid weight between each two clusters, over ties of drawn members: {(node id,
    node id): weight}, summed in numpy (a national graph has a million ties)."""
    import numpy as np

    number = np.array([membership[n]["cluster"] if n in membership and n in kept else 0
                       for n in graph.order], dtype=np.int64)
    a, b, w = graph.tie_arrays()
    ca, cb = number[a], number[b]
    across = (ca > 0) & (cb > 0) & (ca != cb)
    low, high = np.minimum(ca[across], cb[across]), np.maximum(ca[across], cb[across])
    weights: dict = {}
    for x, y, weight in zip(low.tolist(), high.tolist(), w[across].tolist()):
        key = tuple(sorted((f"cluster:{x}", f"cluster:{y}")))
        weights[key] = weights.get(key, 0) + weight
    return weights


def _add_cluster_summaries(analysis, kept, nodes, edges, details, options) -> None:
    """One node per cluster standing for its members that were left out."""
    names = analysis.names()
    for cluster in analysis.clusters:
        dropped = [m for m in cluster["ids"] if m not in kept]
        if not dropped:
            continue
        node = f"cluster:{cluster['cluster']}"
        colour = _cluster_colour(cluster["cluster"])
        nodes.append({"id": node, "text": f"+{len(dropped)} in {cluster['name']}",
                      "name": cluster["name"], "kind": "cluster", "group": "cluster",
                      "title": f"{len(dropped)} more organisations of cluster "
                               f"{cluster['cluster']}", "shape": "diamond", "quiet": True,
                      "cluster": cluster["cluster"], "b": [], "color": colour,
                      "colors": {"cluster": colour, "sector": CLUSTER_COLOUR},
                      "size": _size(len(dropped), len(cluster["ids"]))})
        details[node] = {"name": cluster["name"], "kind": "cluster", "sector": "",
                         "members": [names[m] for m in sorted(dropped)]}
        for member in sorted(m for m in cluster["ids"] if m in kept):
            edges.append({"from": node, "to": member, "width": 1, "dashes": True})


def _generated(options: ViewOptions) -> str:
    """The summary's last sentence: the day the page was made."""
    return f" Generated {options.generated or datetime.date.today().isoformat()}."


def _template() -> str:
    return resources.files(__package__).joinpath("templates/network.html").read_text(
        encoding="utf-8")


def _view_parts(options: ViewOptions) -> list:
    """What a kept view depends on besides the data: every option that changes what is drawn
    (not the title, not the date) and the code that draws it."""
    drawn = {k: v for k, v in dataclasses.asdict(options).items()
             if k not in ("title", "generated")}
    code = hashlib.sha256(Path(__file__).read_bytes() + _template().encode("utf-8")).hexdigest()
    from ..network.analysis import _ANALYSIS_VERSION

    return [code, _ANALYSIS_VERSION, SEED, drawn]


def _page_parts(kg, options: ViewOptions) -> dict:
    """What a page shows of a view: its data as the page's JSON, and its summary (without the
    date) and notes. Kept in the store (see ``graph.cache``): the same view of the same data
    is read back, not drawn again (at national scale, seconds)."""
    def draw() -> dict:
        undated = replace(options, generated="-")  # the date is added when the page is made
        view = build_view(kg, undated)
        return {"data_json": _script_json({k: view[k] for k in (
                    "nodes", "edges", "legend", "details", "options", "view", "members_of",
                    "filters", "map", "cluster_font")}),
                "summary": view["summary"].removesuffix(_generated(undated)),
                "title": view["title"],
                "notes": view["notes"]}
    return cache.remembered(kg, "view", _view_parts(options), draw, plain=True)


def network_page(kg, options: ViewOptions | None = None) -> str:
    """The HTML page of a view."""
    options = options or ViewOptions()
    parts = _page_parts(kg, options)
    js, css = _vis_assets()
    return Template(_template()).substitute(
        title=html.escape(options.title or parts.get("title", "Partnership network")),
        summary=html.escape(parts["summary"] + _generated(options)),
        note=html.escape(" ".join(parts["notes"])), vis_js=js, vis_css=css,
        data_json=parts["data_json"])


def write_network_view(kg, output: str | Path, options: ViewOptions | None = None) -> Path:
    """Write the offline HTML view to ``output`` and return its path."""
    output = Path(output)
    write_text(output, network_page(kg, options))
    return output

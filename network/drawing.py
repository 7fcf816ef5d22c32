"""How a network is first drawn, the same in the views and in the files Gephi opens: node
sizes, cluster colours, and a deterministic layout of each connected component packed in rows.
"""

from __future__ import annotations

import math

from .metrics import SEED

__all__ = ["CLUSTER_PALETTE", "OTHER_CLUSTER_COLOUR", "node_size", "cluster_colour",
           "pack_components", "drawing"]

#: Colours of the largest clusters (cluster 1 first); smaller clusters are grey.
CLUSTER_PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
                   "#e377c2", "#17becf", "#bcbd22", "#393b79", "#637939", "#843c39")
OTHER_CLUSTER_COLOUR = "#a9a9a9"


def node_size(value: float, top: float) -> float:
    """A node's size in page units: by the square root of its share of the largest value."""
    return round(8 + 30 * math.sqrt(value / top), 2) if top > 0 else 8.0


def cluster_colour(number: int | None) -> str:
    """The colour of cluster ``number`` (1 the largest): the palette's, else grey."""
    if number is None or not 1 <= number <= len(CLUSTER_PALETTE):
        return OTHER_CLUSTER_COLOUR
    return CLUSTER_PALETTE[number - 1]


def pack_components(laid: list[dict]) -> dict:
    """Positions of laid-out components ({node: (x, y)} each, largest first) packed in rows."""
    sizes = []
    for pos in laid:
        xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
        sizes.append((max(xs) - min(xs) + 120, max(ys) - min(ys) + 120, min(xs), min(ys)))
    row_width = max(max(w for w, *_ in sizes), math.sqrt(sum(w * h for w, h, *_ in sizes)) * 1.3)
    placed, x, y, row_height = {}, 0.0, 0.0, 0.0
    for pos, (width, height, left, bottom) in zip(laid, sizes):
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in pos.items():
            placed[node] = (x + px - left + 60, y + py - bottom + 60)
        x += width
        row_height = max(row_height, height)
    return placed


def drawing(size: int, ties, degree: list, cluster: list) -> dict[str, list]:
    """How Gephi should first draw a network of ``size`` nodes (numbered 0 to size - 1) whose
    ties are the arrays (a, b, weight): ``x`` and ``y`` (each connected component laid out by
    igraph's Fruchterman-Reingold with a fixed seed, then the components packed in rows, as the
    views do; y grows upwards, as in Gephi), ``size`` (by ``degree``, as the views size nodes)
    and ``rgb`` (the colour of the node's ``cluster`` in the views). Made from the arrays, not
    from a networkx graph: a national network has a million ties."""
    import random

    import igraph as ig
    import numpy as np
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    a, b, _ = (np.asarray(t, dtype=np.int64) for t in ties)
    if size == 0:
        return {"x": [], "y": [], "size": [], "rgb": []}
    matrix = sparse.coo_matrix((np.ones(len(a)), (a, b)), shape=(size, size))
    count, label = connected_components(matrix, directed=False)
    members = [np.flatnonzero(label == c) for c in range(count)]
    members.sort(key=lambda m: (-len(m), int(m[0])))
    local = np.empty(size, dtype=np.int64)
    edge_component = label[a]
    by_component = {c: np.flatnonzero(edge_component == c) for c in np.unique(edge_component)}
    laid = []
    ig.set_random_number_generator(random.Random(SEED))
    try:
        for nodes in members:
            if len(nodes) == 1:
                laid.append({int(nodes[0]): (0.0, 0.0)})
                continue
            local[nodes] = np.arange(len(nodes))
            chosen = by_component[label[nodes[0]]]
            g = ig.Graph(n=len(nodes), edges=np.c_[local[a[chosen]], local[b[chosen]]].tolist())
            coords = np.array(g.layout_fruchterman_reingold(
                niter=500 if size < 5000 else 100, grid="auto").coords)
            span = float((coords.max(axis=0) - coords.min(axis=0)).max()) or 1.0
            coords = (coords - coords.min(axis=0)) / span * 180 * math.sqrt(len(nodes))
            laid.append({int(n): (float(x), float(y)) for n, (x, y) in zip(nodes, coords)})
    finally:
        ig.set_random_number_generator(random)
    placed = pack_components(laid)
    top = max((d for d in degree if d is not None), default=0)
    colours = [cluster_colour(c) for c in cluster]
    return {"x": [round(placed[i][0], 2) for i in range(size)],
            "y": [round(-placed[i][1], 2) for i in range(size)],
            "size": [node_size(d or 0, top) for d in degree],
            "rgb": [tuple(int(c[k:k + 2], 16) for k in (1, 3, 5)) for c in colours]}

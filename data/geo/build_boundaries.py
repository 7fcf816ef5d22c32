"""Build ``lad2013.json``: the local authority districts of Great Britain (ONS, 2013), simplified.

Usage: ``python data/geo/build_boundaries.py topo_lad.json`` where ``topo_lad.json`` is
``json/administrative/gb/topo_lad.json`` of the repository martinjc/UK-GeoJSON (commit
3287975f, September 2014; ONS generalised clipped boundaries, December 2013; Open Government
Licence and OS OpenData Licence, see ``LICENSE-ons`` and ``README.md`` beside this file).

The TopoJSON's arcs are shared between neighbours, so each arc is simplified once (Douglas-
Peucker, ends kept) and neighbouring areas still meet without gaps or overlaps. The output keeps
the TopoJSON shape: ``arcs`` (absolute points in thousandths of a degree, longitude then
latitude) and, for each district, its name and polygons as lists of rings of arc references
(``~i``, that is ``-i - 1``, for arc ``i`` reversed).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

#: Largest distance (degrees) a simplified arc strays from the original: about 600 m, a
#: fifth of a pixel when Britain fills a 900-pixel-high page.
TOLERANCE = 0.0055


def _decode(topo: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _simplify(points: list, tolerance: float) -> list:
    """Douglas-Peucker with an explicit stack (a coastline arc has thousands of points)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = (dx * dx + dy * dy) ** 0.5
        worst, where = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                d = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            else:
                d = abs(dy * (px - ax) - dx * (py - ay)) / length
            if d > worst:
                worst, where = d, i
        if where > 0 and worst > tolerance:
            keep[where] = True
            stack += [(first, where), (where, last)]
    return [p for p, k in zip(points, keep) if k]


def build(source: Path, output: Path) -> None:
    topo = json.loads(source.read_text(encoding="utf-8"))
    arcs = [_simplify(a, TOLERANCE) for a in _decode(topo)]
    areas = {}
    for geometry in topo["objects"]["lad"]["geometries"]:
        props = geometry["properties"]
        polygons = ([geometry["arcs"]] if geometry["type"] == "Polygon"
                    else geometry["arcs"])
        areas[props["LAD13CD"]] = {"name": props["LAD13NM"], "polygons": polygons}
    out = {"source": "ONS local authority districts, December 2013, generalised clipped; "
                     "via github.com/martinjc/UK-GeoJSON json/administrative/gb/topo_lad.json",
           "licence": "Open Government Licence v3.0; OS OpenData; see LICENSE-ons",
           "arcs": [[[round(x * 1000), round(y * 1000)] for x, y in a] for a in arcs],
           "areas": dict(sorted(areas.items()))}
    output.write_text(json.dumps(out, separators=(",", ":")) + "\n", encoding="utf-8")


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(__file__).with_name("lad2013.json"))

"""Places for the map view: council areas from the ONS boundaries of 2013, and where each body sits.

The boundaries (``data/geo/lad2013.json``, built by ``data/geo/build_boundaries.py``) are the
local authority districts of Great Britain in December 2013, the years of the bundled rounds;
their arcs are shared between neighbours (TopoJSON), so an area is a list of polygons, each a
list of rings of arc references. A council's area is its own district, or the districts it is
made of: a county's districts (their ``parent``), a later unitary's predecessors (the councils
whose ``successor`` it is), a combined authority's members (``data/geo/areas.csv``). Police,
fire and policing bodies sit in the area their name gives ("Lancashire Constabulary":
Lancashire, Blackburn with Darwen and Blackpool), as ``areas.csv`` spells out.

Points are (longitude, latitude); ``project`` turns them into the page's coordinates (x east,
y south, 400 units a degree of latitude).
"""

from __future__ import annotations

import csv
import math
import re
from functools import lru_cache

from ..data.boundaries import boundaries, geo_file

__all__ = ["Places", "boundaries", "inside", "interior_point", "polygons_of", "project"]

#: The page's units per degree of latitude, and the squeeze of longitude at 54 degrees north.
UNITS = 400
_SQUEEZE = math.cos(math.radians(54))


def project(long: float, lat: float) -> tuple[float, float]:
    """Page coordinates of a point: equirectangular, true to scale at 54 degrees north."""
    return long * _SQUEEZE * UNITS, -lat * UNITS


def _arc(index: int) -> list[tuple[float, float]]:
    arcs = boundaries()["arcs"]
    points = [(x / 1000, y / 1000) for x, y in arcs[index if index >= 0 else ~index]]
    return points if index >= 0 else points[::-1]


def _ring(refs: list[int]) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for ref in refs:
        points = _arc(ref)
        ring.extend(points[1:] if ring else points)  # each arc starts where the last ended
    return ring


@lru_cache(maxsize=None)
def polygons_of(code: str) -> tuple:
    """The polygons of a district: each a tuple of rings (the first the outline, then holes)."""
    area = boundaries()["areas"].get(code)
    if area is None:
        return ()
    return tuple(tuple(tuple(_ring(r)) for r in polygon) for polygon in area["polygons"])


def _in_ring(x: float, y: float, ring) -> bool:
    inside_, j = False, len(ring) - 1
    for i in range(len(ring)):
        (xi, yi), (xj, yj) = ring[i], ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside_ = not inside_
        j = i
    return inside_


def inside(point: tuple[float, float], codes) -> bool:
    """Whether (longitude, latitude) lies in one of the districts ``codes`` (holes excluded)."""
    x, y = point
    for code in codes:
        for polygon in polygons_of(code):
            if _in_ring(x, y, polygon[0]) and not any(_in_ring(x, y, h) for h in polygon[1:]):
                return True
    return False


def _ring_area_centre(ring) -> tuple[float, float, float]:
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        cross = x0 * y1 - x1 * y0
        a, cx, cy = a + cross, cx + (x0 + x1) * cross, cy + (y0 + y1) * cross
    a /= 2
    return (abs(a), cx / (6 * a), cy / (6 * a)) if a else (0.0, ring[0][0], ring[0][1])


def interior_point(codes) -> tuple[float, float] | None:
    """A point inside the districts ``codes``: their area-weighted centre when it lies inside
    them, else the middle of the widest stretch of the largest polygon on the line of latitude
    through that polygon's centre."""
    parts = [_ring_area_centre(list(polygon[0])) for code in sorted(codes)
             for polygon in polygons_of(code)]
    if not parts:
        return None
    total = sum(a for a, _, _ in parts) or 1.0
    centre = (sum(a * x for a, x, _ in parts) / total, sum(a * y for a, _, y in parts) / total)
    if inside(centre, codes):
        return centre
    polygons = [polygon for code in sorted(codes) for polygon in polygons_of(code)]
    largest = max(polygons, key=lambda p: _ring_area_centre(list(p[0]))[0])
    _, _, y = _ring_area_centre(list(largest[0]))
    crossings = sorted(x0 + (y - y0) * (x1 - x0) / (y1 - y0)
                       for ring in largest for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1])
                       if (y0 > y) != (y1 > y))
    spans = [(b - a, (a + b) / 2) for a, b in zip(crossings[::2], crossings[1::2])]
    return (max(spans)[1], y) if spans else centre


def _fold(name: str) -> str:
    text = name.lower().replace("&", "and").replace(".", "")
    text = re.sub(r"\b(city of|county of|royal borough of|london borough of|council|borough|"
                  r"district|metropolitan|county|city|the)\b", " ", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@lru_cache(maxsize=1)
def _district_names() -> dict[str, str]:
    return {_fold(a["name"]): code for code, a in boundaries()["areas"].items()}


@lru_cache(maxsize=1)
def _area_table() -> dict[str, list[str]]:
    with geo_file("areas.csv").open(encoding="utf-8", newline="") as handle:
        return {row["area"]: row["members"].split("|") for row in csv.DictReader(handle)}


class _Resolver:
    """Districts of councils and of named areas, over one register."""

    def __init__(self, register) -> None:
        self.councils = [b for b in register.bodies.values() if b.sector == "council"]
        self.table = _area_table()
        names = _district_names()
        self.own: dict[str, set[str]] = {}
        for body in self.councils:
            if body.gss in boundaries()["areas"]:
                self.own[body.id] = {body.gss}
            elif body.type not in ("County", "Combined authority"):
                for name in (body.name, *body.aliases):
                    if _fold(name) in names:
                        self.own[body.id] = {names[_fold(name)]}
                        break
        self.children: dict[str, list[str]] = {}
        by_parent: dict[str, list] = {}
        for body in self.councils:
            if body.parent:
                by_parent.setdefault(body.parent, []).append(body)
            for successor in body.successors:
                self.children.setdefault(successor, []).append(body.id)
        for parent, bodies in by_parent.items():
            # a district of another region than most of its county's is a slip of a source
            # (the register once gave Forest Heath, in Suffolk, Surrey's code): not drawn in
            regions = [b.region for b in bodies]
            usual = max(sorted(set(regions)), key=regions.count)
            self.children.setdefault(parent, []).extend(b.id for b in bodies if b.region == usual)
        self.county = {_fold(b.name): b.id for b in self.councils if b.type == "County"}
        #: any council by its folded name, a county before the unitary of the same name
        self.named = {_fold(b.name): b.id for b in self.councils} | self.county

    def council(self, id_: str, seen: frozenset = frozenset()) -> set[str]:
        """A council's own district, else its area from areas.csv, else its parts'."""
        if id_ in self.own:
            return self.own[id_]
        if id_ in seen:
            return set()
        if id_ in self.table:
            return self.members(self.table[id_], seen | {id_})
        found: set[str] = set()
        for child in self.children.get(id_, ()):
            found |= self.council(child, seen | {id_})
        return found

    def members(self, members, seen: frozenset = frozenset()) -> set[str]:
        """The districts of an areas.csv row: other rows (lower case), GSS prefixes, counties,
        districts by name."""
        found: set[str] = set()
        for member in members:
            if member[:1].islower():
                found |= self.members(self.table[member], seen)
            elif re.fullmatch(r"[EWS]\d\d", member):
                found |= {c for c in boundaries()["areas"] if c.startswith(member)}
            elif _fold(member) in self.county:
                found |= self.council(self.county[_fold(member)], seen)
            else:
                found.add(_district_names()[_fold(member)])
        return found


#: Words of a police, fire or policing body's name that do not name its place.
_NOT_PLACE = re.compile(
    r"\b(police and crime commissioner for|police, fire and crime commissioner for|"
    r"police|constabulary|fire and rescue|fire|rescue|authority|service|combined|royal|"
    r"commissioner|office|for|the)\b")


class Places(_Resolver):
    """Where the bodies of a register sit: ``place(body)`` gives (longitude, latitude) and how
    it was found, or (None, "") for a body with no place of its own."""

    def __init__(self, register) -> None:
        super().__init__(register)
        self.areas = {}
        for body in self.councils:
            codes = self.council(body.id)
            if codes:
                self.areas[body.id] = tuple(sorted(codes))

    def area_of(self, body) -> tuple[str, tuple[str, ...]] | None:
        """(place, districts) of a police, fire or policing body whose name gives its place."""
        if body.sector not in ("police", "fire-and-rescue", "policing"):
            return None
        folded = " ".join(_NOT_PLACE.sub(" ", body.name.lower()).split()).removeprefix("of ")
        for candidate in (body.id, folded, *folded.split(" and ")):
            candidate = candidate.strip()
            if candidate in self.table:
                return candidate if candidate != body.id else folded, \
                    tuple(sorted(self.members(self.table[candidate])))
            if _fold(candidate) in self.named:
                codes = self.council(self.named[_fold(candidate)])
                if codes:
                    return candidate, tuple(sorted(codes))
        return None

    def place(self, body) -> tuple[tuple[float, float] | None, str]:
        """A council at its register coordinates when they lie in its area, else at a point
        inside its area (abolished councils included: their 2013 districts); a police, fire or
        policing body inside the area its name gives."""
        codes = self.areas.get(body.id, ())
        if body.sector == "council":
            if body.lat is not None and body.long is not None and (
                    not codes or inside((body.long, body.lat), codes)):
                return (body.long, body.lat), "at its coordinates"
            if codes:
                return interior_point(codes), "at the centre of its area"
            return None, ""
        found = self.area_of(body)
        if found:
            return interior_point(found[1]), f"in its area ({found[0]})"
        return None, ""

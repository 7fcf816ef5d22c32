"""Coordinates of English councils in the bundled register (``lat``/``long``, used by
``viz --layout geo``): where they lie relative to each other, to their own districts and to
England.

Districts are read from mySociety's table of UK local authorities (the copy in
``tests/data/copies/reference``), not from the builder of ``councils.csv``, so that a county
coordinate copied or derived wrongly there shows up here.
"""

import csv
import math

import pytest
from partnerkg.resolution.register import Register

#: Degrees by which a county may stray outside the bounding box of its districts' coordinates.
MARGIN = 0.3
#: A generous bounding box of England (the Isles of Scilly to Berwick, Cornwall to Lowestoft).
ENGLAND_LAT = (49.8, 55.9)
ENGLAND_LONG = (-6.5, 1.9)


@pytest.fixture(scope="module")
def register():
    return Register.default()


@pytest.fixture
def english(shared_dir):
    """The English rows of mySociety's table, by register code."""
    with open(shared_dir / "reference" / "uk_local_authorities.csv", encoding="utf-8") as handle:
        return {row["local-authority-code"]: row for row in csv.DictReader(handle)
                if row["nation"] == "England"}


def _where(register, ident):
    body = register.get(ident)
    assert body is not None, ident
    assert body.lat is not None and body.long is not None, f"{ident} has no coordinate"
    return body.lat, body.long


def _point(row):
    return (float(row["lat"]), float(row["long"])) if row["lat"].strip() else None


def _placed(table, code, seen=()):
    """Coordinates standing for one authority in the table: its own, or, if it has none (most
    councils abolished since 2019), those of the councils that replaced it."""
    row = table[code]
    if _point(row):
        return [_point(row)]
    return [p for c in row["replaced-by"].split(",") if c.strip() and c.strip() not in seen
            for p in _placed(table, c.strip(), (*seen, code))]


def test_councils_lie_where_they_are_in_england(register):
    durham, surrey = _where(register, "GB-LAE-DUR"), _where(register, "GB-LAE-SRY")
    cornwall, kent = _where(register, "GB-LAE-CON"), _where(register, "GB-LAE-KEN")
    lancashire, suffolk = _where(register, "GB-LAE-LAN"), _where(register, "GB-LAE-SFK")
    leicestershire = _where(register, "GB-LAE-LEC")
    assert durham[0] > surrey[0]  # Durham County Council is north of Surrey County Council
    assert cornwall[1] < kent[1]  # Cornwall Council is west of Kent County Council
    assert lancashire[1] < suffolk[1]  # Lancashire is west of Suffolk
    assert lancashire[0] > leicestershire[0]  # and north of Leicestershire


def test_every_county_lies_among_its_own_districts(register, english):
    counties = [code for code, row in english.items()
                if row["local-authority-type-name"] == "County"]
    assert len(counties) >= 27
    astray = []
    for code in counties:
        districts = [c for c, row in english.items() if row["county-la"] == code]
        assert districts, code
        # districts the table places; if it places none (all abolished), their successors
        points = [p for c in districts if (p := _point(english[c]))]
        if not points:
            points = [p for c in districts for p in _placed(english, c)]
        assert points, code
        body = register.get(f"GB-LAE-{code}")
        assert body is not None, code
        lats, longs = [p[0] for p in points], [p[1] for p in points]
        if body.lat is None or body.long is None or not (
                min(lats) - MARGIN <= body.lat <= max(lats) + MARGIN
                and min(longs) - MARGIN <= body.long <= max(longs) + MARGIN):
            astray.append((code, body.name, (body.lat, body.long),
                           ((min(lats), max(lats)), (min(longs), max(longs)))))
    assert not astray, "\n".join(map(str, astray))


def _successors(table, code, seen=()):
    found = set()
    for c in (c.strip() for c in table[code]["replaced-by"].split(",")):
        if c and c not in seen:
            found |= {c} | _successors(table, c, (*seen, code))
    return found


def test_the_council_nearest_each_county_is_of_its_own_region(register, english):
    """Stricter than the bounding box where counties border London or another region (Kent
    placed in east London, Hertfordshire in Berkshire): the district or unitary council the
    table places nearest to a county's coordinate is one of its own districts, a council that
    replaced one, or at least a council of its districts' region."""
    placed = {c: p for c, row in english.items() if (p := _point(row))
              and row["local-authority-type-name"] not in ("County", "Combined authority",
                                                           "Strategic Regional Authority")}

    def km(a, b):
        return 111.2 * math.hypot(a[0] - b[0], (a[1] - b[1]) * math.cos(math.radians(a[0])))

    astray = []
    for code, row in english.items():
        if row["local-authority-type-name"] != "County":
            continue
        own = {c for c, r in english.items() if r["county-la"] == code}
        own |= {s for c in list(own) for s in _successors(english, c)}
        regions = {english[c]["region"] for c in own} - {""}
        body = register.get(f"GB-LAE-{code}")
        assert body is not None, code
        if body.lat is None or body.long is None:
            astray.append((code, body.name, "no coordinate"))
            continue
        nearest = min(placed, key=lambda c: km((body.lat, body.long), placed[c]))
        if nearest not in own and english[nearest]["region"] not in regions:
            astray.append((code, body.name, (body.lat, body.long), nearest,
                           english[nearest]["region"], sorted(regions)))
    assert not astray, "\n".join(map(str, astray))


def test_no_council_of_a_region_lies_outside_england(register):
    councils = [b for b in register.bodies.values()
                if b.id.startswith("GB-LAE-") and b.region and b.lat is not None]
    assert len(councils) > 300
    outside = [(b.id, b.name, b.lat, b.long) for b in councils
               if not (ENGLAND_LAT[0] <= b.lat <= ENGLAND_LAT[1]
                       and ENGLAND_LONG[0] <= b.long <= ENGLAND_LONG[1])]
    assert outside == []

"""The register of public bodies: councils, police, fire, health and central bodies.

Bodies are kept as CSV files in ``data/register/`` (``councils.csv`` is built from mySociety's
table of UK local authorities by ``scripts/build_council_register.py``; ``bodies.csv`` and
``aliases.csv`` are curated here). Each body has an org-id style identifier: ``GB-LAE-<code>``
for English councils, ``GB-NHS-<ODS code>`` for NHS trusts, and ``XI-PKG-...`` (this project's
own scheme) where org-id.guide lists no register for the body.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..core.encoding import read_text
from ..core.errors import LoaderError
from ..core.names import normalise_name

__all__ = ["Body", "Register", "REGISTER_FIELDS", "clean_identifier", "read_bodies", "read_aliases",
           "read_mysociety_table"]

#: org-id.guide lists of local authorities, by nation.
NATION_PREFIXES = {"England": "GB-LAE", "Scotland": "GB-LAS", "Wales": "GB-PLA",
                   "Northern Ireland": "GB-LANI"}

REGISTER_FIELDS = ("id", "name", "sector", "type", "gss", "region", "start", "end", "successor")


#: What sources write where they have no identifier: never an identity shared by the bodies
#: that carry it.
_PLACEHOLDERS = frozenset({"", "n a", "na", "none", "null", "nil", "unknown", "tbc", "tbd",
                           "not known", "not applicable", "0", "x", "no", "missing"})


@lru_cache(maxsize=1 << 16)  # every row of a body repeats its identifier
def clean_identifier(code: str) -> str:
    """An identifier as it identifies: invisible characters and spaces removed, an org-id's
    scheme in capitals, and "" for the placeholders sources write for none.

    >>> clean_identifier(" gb-chc-1076149\u200b"), clean_identifier("n/a"), clean_identifier("-")
    ('GB-CHC-1076149', '', '')
    """
    import unicodedata

    text = "".join(c for c in code if not c.isspace() and unicodedata.category(c) != "Cf")
    if normalise_name(text) in _PLACEHOLDERS:
        return ""
    parts = text.split("-", 2)
    if len(parts) == 3 and all(p.isalpha() for p in parts[:2]) and len(parts[0]) == 2:
        return f"{parts[0].upper()}-{parts[1].upper()}-{parts[2]}"
    return text


@dataclass(frozen=True)
class Body:
    id: str
    name: str
    sector: str
    type: str = ""
    gss: str = ""
    region: str = ""
    parent: str = ""
    start: str = ""
    end: str = ""
    successors: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    lat: float | None = None
    long: float | None = None

    def exists_on(self, date: str) -> bool:
        """Whether the body existed on an ISO date (open dates count as always)."""
        return (not self.start or self.start <= date) and (not self.end or date <= self.end)

    def row(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "sector": self.sector, "type": self.type,
                "gss": self.gss, "region": self.region, "start": self.start, "end": self.end,
                "successor": "|".join(self.successors)}


def read_bodies(path: str | Path) -> list[Body]:
    """Bodies from a register CSV (the project's own format)."""
    bodies = []
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            bodies.append(Body(
                id=row["id"], name=row["name"], sector=row["sector"], type=row["type"],
                gss=row["gss"], region=row["region"], parent=row["parent"], start=row["start"],
                end=row["end"], successors=tuple(s for s in row["successor"].split("|") if s),
                aliases=tuple(a for a in row["aliases"].split("|") if a),
                lat=_float(row.get("lat")), long=_float(row.get("long"))))
    return bodies


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text and text.strip() else None
    except ValueError:
        return None


def read_aliases(path: str | Path, register: "Register | None" = None) -> list[tuple[str, str]]:
    """(name, id) pairs from a user-editable alias file with columns ``name,id``; with a
    ``register``, every id must be one of its bodies (an alias to nowhere is an error, not a
    silent no-op)."""
    from ..loaders.tabular import strict_rows

    path = Path(path)
    pairs = []
    first: dict[str, tuple[str, int]] = {}  # a folded name -> its id and line
    # strict quoting: an unclosed quote is said with its line, not as a missing id
    rows = strict_rows(read_text(path), str(path))
    _, header = next(rows, (1, []))
    fields = [f.strip().lower() for f in header]
    if not {"name", "id"} <= set(fields):
        raise LoaderError("an alias file needs the columns name,id", file=str(path), line=1)
    for line, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        row = {"name": "", "id": ""} | {k: v.strip() for k, v in zip(fields, cells) if k}
        if not row["name"] or not row["id"]:
            raise LoaderError("both name and id are needed", file=str(path), line=line,
                              column="name" if not row["name"] else "id")
        if register is not None:
            body = register.find(clean_identifier(row["id"]))
            if body is None:
                raise LoaderError(f"{row['id']!r} is not the id of a body in the register "
                                  "(partnerkg register list shows them)", file=str(path),
                                  line=line, column="id")
            row["id"] = body.id  # "gb-lae-ess" or a GSS code: the body's own id
        earlier = first.setdefault(normalise_name(row["name"]), (row["id"], line))
        if earlier[0] != row["id"]:
            raise LoaderError(f"{row['name']!r} is mapped to {row['id']} here but to "
                              f"{earlier[0]} on line {earlier[1]}: one name, one body",
                              file=str(path), line=line, column="id")
        pairs.append((row["name"], row["id"]))
    return pairs


def read_mysociety_table(path: str | Path) -> list[Body]:
    """Every authority in mySociety's ``uk_local_authorities.csv`` format, all four nations."""
    path = Path(path)
    needed = {"local-authority-code", "official-name", "gss-code", "nation"}
    with io.StringIO(read_text(path), newline="") as handle:
        reader = csv.DictReader(handle)
        missing = needed - set(reader.fieldnames or ())
        if missing:
            raise LoaderError("is not a table of UK local authorities (missing columns "
                              f"{', '.join(sorted(missing))})", file=str(path), line=1)
        bodies = []
        for line, row in enumerate(reader, 2):
            code = row["local-authority-code"].strip()
            if not code or not row["official-name"].strip():
                raise LoaderError("no authority code or name", file=str(path), line=line)
            prefix = NATION_PREFIXES.get(row["nation"], "XI-PKG-LA")
            names = {row.get("nice-name", ""), *row.get("alt-names", "").split(",")}
            bodies.append(Body(
                id=f"{prefix}-{code}", name=row["official-name"].strip(), sector="council",
                type=row.get("local-authority-type-name", ""), gss=row["gss-code"],
                region=row.get("region", ""),
                parent=f"{prefix}-{row['county-la']}" if row.get("county-la") else "",
                start=row.get("start-date", ""), end=row.get("end-date", ""),
                successors=tuple(f"{prefix}-{c.strip()}" for c in
                                 row.get("replaced-by", "").split(",") if c.strip()),
                aliases=tuple(sorted(n.strip() for n in names if n.strip())),
                lat=_float(row.get("lat")), long=_float(row.get("long"))))
    return bodies


@dataclass
class Register:
    """Bodies by identifier, plus extra aliases (name -> id)."""

    bodies: dict[str, Body] = field(default_factory=dict)
    aliases: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def default(cls) -> "Register":
        """The register bundled with partnerkg: every table of bodies in ``data/register``."""
        folder = resources.files("partnerkg.data").joinpath("register")
        register = cls()
        tables = sorted(f.name for f in folder.iterdir()
                        if f.name.endswith(".csv") and f.name != "aliases.csv")
        for name in tables:
            register.add(read_bodies(str(folder.joinpath(name))))
        register.aliases.extend(read_aliases(str(folder.joinpath("aliases.csv"))))
        return register

    def add(self, bodies) -> None:
        for body in bodies:
            self.bodies[body.id] = body
        self.__dict__.pop("_by_code", None)

    def get(self, identifier: str) -> Body | None:
        return self.bodies.get(identifier)

    def find(self, identifier: str) -> Body | None:
        """The body an identifier names: its org-id (any case), or its GSS code.

        >>> Register.default().find("gb-lae-ess").name, Register.default().find("E10000012").id
        ('Essex County Council', 'GB-LAE-ESS')
        """
        code = identifier.strip()
        if code in self.bodies:
            return self.bodies[code]
        if "_by_code" not in self.__dict__:
            by_code: dict[str, str] = {}
            for body in self.bodies.values():
                by_code.setdefault(body.id.upper(), body.id)
                if body.gss:
                    by_code.setdefault(body.gss.upper(), body.id)
            self.__dict__["_by_code"] = by_code
        found = self.__dict__["_by_code"].get(code.upper())
        return self.bodies.get(found) if found else None

    def successors_on(self, identifier: str, date: str, _seen: frozenset = frozenset()
                      ) -> list[str]:
        """The bodies that carry on ``identifier``'s work on ``date`` (itself if it exists; a
        chain of successors that runs in a circle ends where it would repeat)."""
        body = self.bodies.get(identifier)
        if body is None or body.exists_on(date) or not body.successors or identifier in _seen:
            return [identifier]
        found: list[str] = []
        for successor in body.successors:
            for current in self.successors_on(successor, date, _seen | {identifier}):
                if current not in found:
                    found.append(current)
        return found

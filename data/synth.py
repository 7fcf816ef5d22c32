"""Realistic synthetic partnership data, for benchmarks and for trying the tool at scale.

Deterministic for a seed. Sectors come in proportions like those of real partnership funds (many
councils and voluntary groups, fewer police, fire and health bodies); bid sizes run from 2 to 40
with a heavy tail; a few bodies take part in many bids; names look real, and some rows write a
body's name in a variant form ("&" for "and", "BC" for "Borough Council") for resolution to undo,
when asked.

>>> rows = list(synthetic_rows(bids=3, organisations=10, seed=1))
>>> sorted({r["role"] for r in rows})
['lead', 'partner']
"""

from __future__ import annotations

import csv
import itertools
import math
import random
from pathlib import Path

from ..core.files import atomic_path

__all__ = ["synthetic_rows", "write_synthetic_csv", "SYNTH_COLUMNS"]

SYNTH_COLUMNS = ["bid", "programme", "round", "organisation", "role", "sector", "amount",
                 "title"]
_SECTORS = (("council", 0.40), ("voluntary-and-community", 0.27), ("health", 0.10),
            ("police", 0.05), ("fire-and-rescue", 0.04), ("central-government", 0.03),
            ("education", 0.06), ("housing", 0.04), ("private", 0.01))
_HEADS = ("Ash", "Bram", "Cal", "Dun", "Elm", "Fen", "Glen", "Hart", "Ivy", "Kings", "Lang",
          "Mar", "Nor", "Oak", "Pen", "Quarr", "Ros", "Stan", "Thorn", "Up", "Wes", "Yar",
          "Brad", "Chel", "Dor", "Eves", "Har", "Lind", "Mel", "Red")
_TAILS = ("ford", "ley", "ton", "bury", "field", "ham", "wick", "by", "mouth", "stead", "dale",
          "worth", "combe", "minster", "chester")
_QUALIFIERS = ("", "North ", "South ", "East ", "West ", "Mid ", "Upper ", "Lower ", "Great ")
_TEMPLATES = {
    "council": ("{p} Borough Council", "{p} District Council", "{p} County Council",
                "{p} City Council"),
    "voluntary-and-community": ("{p} Community Voluntary Services", "{p} Youth Trust",
                                "Friends of {p}", "{p} Citizens Advice", "{p} Community Action"),
    "health": ("{p} Clinical Commissioning Group", "{p} Hospitals NHS Trust",
               "{p} Community Health NHS Trust"),
    "police": ("{p} Constabulary", "Police and Crime Commissioner for {p}"),
    "fire-and-rescue": ("{p} Fire and Rescue Authority",),
    "central-government": ("{p} Jobcentre Plus", "{p} Probation Service"),
    "education": ("{p} College", "University of {p}", "{p} Academy Trust"),
    "housing": ("{p} Housing Association", "{p} Homes"),
    "private": ("{p} Services Ltd",),
}
_VARIANTS = ((" Borough Council", " BC"), (" District Council", " DC"), (" County Council", " CC"),
             (" and ", " & "), ("Police and Crime Commissioner for ", "{p} PCC"))
_ROUNDS = ("2015-16", "2016-17", "2017-18", "2018-19", "2019-20")


def _places(rng: random.Random):
    heads, tails = list(_HEADS), list(_TAILS)
    for qualifier in _QUALIFIERS:
        for head in heads:
            for tail in tails:
                yield f"{qualifier}{head}{tail}"


def _organisations(count: int, rng: random.Random, taken=None) -> list[tuple[str, str]]:
    """(name, sector) for ``count`` distinct bodies; with ``taken`` (a function giving which
    of a list of names a register would take for one of its own bodies, as it takes "Police
    and Crime Commissioner for North Nordale", fuzzily, for North Wales's), none of those."""
    places = list(_places(rng))
    rng.shuffle(places)
    sectors = [s for s, _ in _SECTORS]
    weights = [w for _, w in _SECTORS]
    found, seen = [], set()
    i = 0
    while len(found) < count:
        batch = []
        while len(found) + len(batch) < count:
            sector = rng.choices(sectors, weights)[0]
            template = rng.choice(_TEMPLATES[sector])
            place = places[i % len(places)]
            name = template.format(p=place)
            if i >= len(places):  # more bodies than places: number the later ones
                name = f"{name} {i // len(places) + 1}"
            i += 1
            if name not in seen:
                seen.add(name)
                batch.append((name, sector))
        refused = taken([name for name, _ in batch]) if taken else set()
        found += [(name, sector) for name, sector in batch if name not in refused]
    return found


def _variant(name: str, rng: random.Random) -> str:
    for long, short in _VARIANTS:
        if long in name and rng.random() < 0.5:
            if "{p}" in short:
                return short.format(p=name.split(long, 1)[1])
            return name.replace(long, short)
    return name.upper() if rng.random() < 0.2 else name


#: The most members a synthetic bid has.
MAX_BID_SIZE = 40


def synthetic_rows(*, bids: int, organisations: int, seed: int = 1, variants: float = 0.0,
                   taken=None):
    """Rows of the long CSV layout: one per bid and organisation. Every one of the
    ``organisations`` bodies takes part in some bid, so the data names exactly that many.

    ``variants``: the share of rows that write a body's name another way ("BC" for "Borough
    Council", capitals, "&"). Resolution undoes some of them, not all: a variant it cannot
    undo is an organisation of its own in the graph (see ``partnerkg resolve --review``).
    ``taken``: see ``_organisations`` (``pipeline.write_synthetic_data`` passes the bundled
    register's).
    """
    if organisations > bids * (MAX_BID_SIZE - 1):  # one newcomer per place beside the lead
        raise ValueError(f"{organisations:,} organisations cannot all take part in {bids:,} "
                         f"bids of at most {MAX_BID_SIZE} members: ask for at least "
                         f"{math.ceil(organisations / (MAX_BID_SIZE - 1)):,} bids")
    rng = random.Random(seed)
    bodies = _organisations(organisations, rng, taken)
    # a heavy tail of participation: a few bodies in many bids
    activity = list(itertools.accumulate(rng.paretovariate(1.3) for _ in bodies))
    population = range(len(bodies))
    councils = [i for i, (_, s) in enumerate(bodies) if s == "council"] or list(range(len(bodies)))
    unused = list(range(len(bodies)))
    rng.shuffle(unused)
    used = [False] * len(bodies)
    for b in range(bids):
        # bodies yet to take part, shared out over the bids left so that everyone takes part
        while unused and used[unused[-1]]:
            unused.pop()
        due = math.ceil(len(unused) / (bids - b))
        size = min(MAX_BID_SIZE, max(2 + int(3 * (rng.paretovariate(2.0) - 1)), due + 1))
        lead = rng.choice(councils) if rng.random() < 0.8 else rng.randrange(len(bodies))
        members = [lead]
        while unused and len(members) < size and (len(members) <= due or rng.random() < 0.5):
            newcomer = unused.pop()
            if not used[newcomer] and newcomer != lead:  # a body is in a bid once
                members.append(newcomer)
        extra = rng.choices(population, cum_weights=activity, k=size * 2)
        for index in extra:
            if len(members) >= size:
                break
            if index not in members:
                members.append(index)
        for index in members:
            used[index] = True
        amount = int(math.exp(rng.gauss(12.5, 1.0)) // 1000 * 1000)
        key = f"syn-{seed}-{b:06d}"
        round_label = _ROUNDS[b % len(_ROUNDS)]
        for position, index in enumerate(members):
            name, sector = bodies[index]
            if rng.random() < variants:
                name = _variant(name, rng)
            yield {"bid": key, "programme": "Synthetic Partnership Fund", "round": round_label,
                   "organisation": name, "role": "lead" if position == 0 else "partner",
                   "sector": sector, "amount": amount if position == 0 else "",
                   "title": f"Joint services {b}" if position == 0 else ""}


def write_synthetic_csv(path: str | Path, *, bids: int, organisations: int, seed: int = 1,
                        variants: float = 0.0, taken=None) -> int:
    """Write synthetic data in the long layout (see ``synthetic_rows``); returns the number
    of rows."""
    count = 0
    with atomic_path(path) as temporary, open(temporary, "w", encoding="utf-8",
                                               newline="") as handle:
        writer = csv.DictWriter(handle, SYNTH_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in synthetic_rows(bids=bids, organisations=organisations, seed=seed,
                                  variants=variants, taken=taken):
            writer.writerow(row)
            count += 1
    return count

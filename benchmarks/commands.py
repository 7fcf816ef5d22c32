"""Every command of the README's "Reports", "Views" and "Checking and exporting" sections, run on
a store twice (first and second time), each in a process of its own with its wall time and peak
memory, and the answers checked against plain computations on the memberships.

Used by ``run.py --scale S|M|L|XL`` (``--only commands`` runs this part alone); XL is held to
bounds of its own (``LIMITS``), the other scales to L's. The commands are
read from the README itself, so what is measured is what the README shows; on synthetic data
the README's organisation names are replaced by bodies of that data (the most-connected body for
the first name, the organisations of the first and last rows of the data for the others).
"""

from __future__ import annotations

import csv
import json
import os
import re
import shlex
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
SECTIONS = ("Reports", "Views", "Checking and exporting")

#: Bounds from the issue that set them (seconds, first and second time; peak memory), at L.
FIRST_BOUND = {"report clusters": 45, "validate": 60}
FIRST_DEFAULT = 15
SECOND_BOUND = 5
MEMORY_MB = 3 * 1024


@dataclass(frozen=True)
class Limits:
    """The bounds of one scale: first time (``first`` per kind, else ``first_default``),
    second time, peak memory per command; and, where set, the load plus the first summary
    (seconds, peak MB)."""

    first: dict
    first_default: float
    second: float
    memory_mb: int
    load_and_summary: tuple | None = None

    def first_of(self, kind: str) -> float:
        return self.first.get(kind, self.first_default)


#: Issue 35's XL bounds: every command within 30 s the first time (``report clusters`` and
#: ``validate`` 120 s) and 5 s the second, each within 6 GB; the load plus the summary within
#: 5 minutes and 8 GB. Other scales are held to L's.
LIMITS = {"XL": Limits({"report clusters": 120, "validate": 120}, 30, 5, 6 * 1024,
                       (300, 8 * 1024))}
DEFAULT_LIMITS = Limits(FIRST_BOUND, FIRST_DEFAULT, SECOND_BOUND, MEMORY_MB)


def limits_of(scale: str | None) -> Limits:
    """The bounds a scale's figures are held to."""
    return LIMITS.get(scale, DEFAULT_LIMITS)
#: Commands the bounds on time hold for ("viz" with no --view: the default view; "viz map":
#: the map, ``--layout geo``).
TIMED = ("report partners", "report org", "report path", "report clusters", "report sectors",
         "report rounds", "viz", "viz map", "export --format gexf", "validate")


def readme_commands(readme: Path = README) -> list[str]:
    """The ``partnerkg`` command lines of the README's sections named in ``SECTIONS``."""
    text = readme.read_text(encoding="utf-8")
    found = []
    for section in SECTIONS:
        match = re.search(rf"^## {re.escape(section)}\n(.*?)(?=^## )", text, re.S | re.M)
        if match is None:
            raise SystemExit(f"the README has no section '## {section}'")
        for block in re.findall(r"```bash\n(.*?)```", match.group(1), re.S):
            for line in block.splitlines():
                line = re.split(r"\s#\s", line)[0].strip()  # a comment after the command
                if line.startswith("partnerkg "):
                    found.append(line)
    return found


def timed_kind(argv: list[str]) -> str | None:
    """Which of ``TIMED`` a command is (None: its time has no bound)."""
    words = " ".join(argv[1:])
    if argv[1] == "viz":
        if "--view" in argv or "--ego" in argv:
            return None
        if "--layout" in argv:
            return "viz map" if argv[argv.index("--layout") + 1] == "geo" else None
        return "viz"
    return next((kind for kind in TIMED if words.startswith(kind) and kind != "viz"), None)


def _substitutes(data: list[str], store: Path) -> list[str]:
    """Names of bodies of synthetic data: the most-connected first, then the organisations of
    the data's first and last rows (as the store names them)."""
    from partnerkg import KnowledgeGraph
    from partnerkg.network.projection import memberships

    with open(data[0], newline="", encoding="utf-8") as handle:
        lines = list(csv.DictReader(handle))
    with KnowledgeGraph(store, read_only=True) as kg:
        rows = memberships(kg)
    partners: dict[str, set] = defaultdict(set)
    for members in _members_by_bid(rows).values():
        for org in members:
            partners[org] |= members
    names = {r["org"]: r["name"] for r in rows}
    hub = max(partners, key=lambda o: (len(partners[o]) - 1, names[o]))
    return [names[hub], lines[0]["organisation"], lines[-1]["organisation"]]


def _members_by_bid(rows: list[dict]) -> dict[str, set]:
    members: dict[str, set] = defaultdict(set)
    for r in rows:
        members[r["bid"]].add(r["org"])
    return members


#: Where the README's commands on a store of their own (``--store grants``) find the files
#: they load: the test data they are written for.
OWN_DATA = README.parent / "tests" / "data" / "funding"


def _prepare(line: str, store: Path, out: Path, names: dict[str, str]) -> list[str]:
    """The command line to run: outputs in ``out``, then ``--store`` the measured store. A
    command naming a store of its own (the README's grant commands) runs on that store, made
    in ``out``, with the file it loads taken from ``OWN_DATA``: it is not about the data
    measured, and its time says so little (``kind`` None)."""
    argv = shlex.split(line)
    argv = [names.get(word, word) for word in argv]
    own = "--store" in argv
    for i, word in enumerate(argv):
        if word in ("-o", "--output") or (own and word == "--store"):
            argv[i + 1] = str(out / argv[i + 1])
        elif own and (OWN_DATA / word).is_file():
            argv[i] = str(OWN_DATA / word)
    return argv if own else argv + ["--store", str(store)]


def _shown(argv: list[str], store: Path) -> str:
    """The command as run, less the measured store's ``--store``."""
    if argv[-2:] == ["--store", str(store)]:
        argv = argv[:-2]
    return " ".join(shlex.quote(a) for a in argv)


def _run(argv: list[str], out: Path, label: str) -> dict:
    """Run one command in a process of its own: wall time, peak memory, exit status."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    stdout = out / f"{label}.out"
    start = time.perf_counter()
    with open(stdout, "wb") as handle:
        process = subprocess.Popen([sys.executable, "-m", "partnerkg", "-q", *argv[1:]],
                                   stdout=handle, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    error = process.stderr.read().decode("utf-8", "replace")
    process.stderr.close()
    return {"seconds": round(seconds, 2), "peak_mb": round(usage.ru_maxrss / 1024),
            "exit": os.waitstatus_to_exitcode(status), "stderr": error[-500:],
            "stdout": str(stdout)}


def run_commands(work: Path, data: list[str], synthetic: bool) -> dict:
    """Run every README command twice on the store at ``work/store``; check the answers."""
    store, out = work / "store", work / "out"
    out.mkdir(exist_ok=True)
    lines = readme_commands()
    quoted = list(dict.fromkeys(q for line in lines for q in re.findall(r'"([^"]+)"', line)))
    # worked out in a process of its own: a child started from a process holding the L
    # memberships would count them into its own peak memory (Linux keeps the high-water mark
    # of the process it was forked from)
    names = dict(zip(quoted, json.loads(subprocess.run(
        [sys.executable, __file__, "--substitutes", str(store), *data], capture_output=True,
        text=True, check=True).stdout))) if synthetic else {}
    summary = _run(["partnerkg", "report", "--store", str(store)], out, "report")
    results = {"report": summary, "commands": []}
    print(f"  report: {summary['seconds']:.2f} s", file=sys.stderr)
    for number, line in enumerate(lines):
        argv = _prepare(line, store, out, names)
        entry = {"command": _shown(argv, store), "readme": line,
                 "kind": None if argv[-1] != str(store) else timed_kind(argv)}
        for run in ("first", "second"):
            entry[run] = _run(argv, out, f"{number}-{run}")
        print(f"  {entry['command']}: {entry['first']['seconds']:.2f} s, "
              f"{entry['second']['seconds']:.2f} s", file=sys.stderr)
        results["commands"].append(entry)
    results["checks"] = answer_checks(work, lines, names, results["commands"])
    partners = next(e for e in results["commands"]
                    if e["readme"].startswith("partnerkg report partners"))
    ratio = partners["first"]["seconds"] / summary["seconds"]
    results["partners_over_summary"] = round(ratio, 2)
    results["checks"][f"report partners (first time) within 1.5x of the summary: "
                      f"{ratio:.2f}x"] = ratio <= 1.5
    return results


def bounds(entry: dict, limits: Limits = DEFAULT_LIMITS) -> dict[str, bool]:
    """The checks one command's figures are held to."""
    label = entry["command"]
    checks = {f"{label}: exit 0 both times": entry["first"]["exit"] == 0 ==
              entry["second"]["exit"],
              f"{label}: peak memory at most {limits.memory_mb} MB": max(
                  entry["first"]["peak_mb"], entry["second"]["peak_mb"]) <= limits.memory_mb}
    if entry["kind"]:
        first = limits.first_of(entry["kind"])
        checks[f"{label}: first time at most {first} s"] = entry["first"]["seconds"] <= first
        checks[f"{label}: second time at most {limits.second} s"] = \
            entry["second"]["seconds"] <= limits.second
    return checks


def load_and_summary(load: dict, summary: dict, limits: Limits) -> dict[str, bool]:
    """The check on the load plus the first summary, where the scale sets one: their seconds
    added, the higher of their peaks."""
    if limits.load_and_summary is None:
        return {}
    seconds, memory = limits.load_and_summary
    took = load["seconds"] + summary["seconds"]
    peak = max(load["peak_mb"], summary["peak_mb"])
    return {f"load plus the first summary: {took:.1f} s (at most {seconds} s), peak "
            f"{peak:.0f} MB (at most {memory} MB)": (took <= seconds and peak <= memory
                                                     and summary["exit"] == 0)}


# --- answers, checked against plain computations on the memberships ------------------------

def answer_checks(work: Path, lines: list[str], names: dict, entries: list[dict]) -> dict:
    """Degree and brokerage of the 100 most-connected bodies, the path, the sector matrix, the
    rounds and the network export, each against a computation written here from the
    memberships alone (sets and loops over partners, no code of the library's analysis)."""
    from partnerkg import KnowledgeGraph
    from partnerkg.network.projection import memberships

    store = work / "store"
    with KnowledgeGraph(store, read_only=True) as kg:
        rows = memberships(kg)
    members = _members_by_bid(rows)
    partners: dict[str, set] = defaultdict(set)
    for orgs in members.values():
        for org in orgs:
            partners[org] |= orgs
    for org in partners:
        partners[org].discard(org)
    sector = {r["org"]: r["sector"] for r in rows}
    name = {r["org"]: r["name"] for r in rows}
    checks = {}

    top = _partners_json(store, work)
    by_name = {o["organisation"]: o for o in top}
    hubs = sorted(partners, key=lambda o: (-len(partners[o]), name[o]))[:100]
    checks["degree of the 100 most-connected bodies = their partner sets"] = all(
        name[h] in by_name and by_name[name[h]]["degree"] == len(partners[h]) for h in hubs)
    checks["brokerage of the 100 most-connected bodies = the definition, with sets"] = all(
        abs(by_name[name[h]]["brokerage"] - reference_brokerage(h, partners, sector)) < 1e-4
        for h in hubs if name[h] in by_name)
    path = shlex.split(next(e for e in entries
                            if e["readme"].startswith("partnerkg report path"))["command"])
    checks["path: as many steps as a breadth-first search over partner sets"] = \
        _path_steps(store, work, path[3], path[4]) == _bfs_steps(partners, name, path[3], path[4])
    checks["sectors: the matrix counted bid by bid"] = \
        _sectors_json(store, work) == reference_sector_matrix(rows)
    checks["rounds: pairs counted pair by pair"] = _rounds_json(store, work) == reference_rounds(rows)
    checks["network export: every organisation, every pair, every shared bid"] = \
        _export_counts(store, work) == (len(partners), sum(len(p) for p in partners.values()) // 2,
                                         sum(len(o) * (len(o) - 1) // 2 for o in members.values()))
    return checks


def _json_of(store: Path, work: Path, *args: str):
    done = subprocess.run([sys.executable, "-m", "partnerkg", "-q", *args, "--store", str(store),
                           "--format", "json"], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def _partners_json(store: Path, work: Path) -> list[dict]:
    return _json_of(store, work, "report", "partners", "--top", "100")["rows"]


def _sectors_json(store: Path, work: Path):
    table = _json_of(store, work, "report", "sectors")["sectors"]
    from partnerkg.ontology import SECTOR_LABELS

    keys = {label: key for key, label in SECTOR_LABELS.items()}
    return {(keys[row["sector"]], keys[column]): value for row in table["rows"]
            for column, value in row.items() if column != "sector"}


def _rounds_json(store: Path, work: Path):
    return _json_of(store, work, "report", "rounds")["rows"]


def reference_brokerage(hub: str, partners: dict, sector: dict) -> float:
    mine = partners[hub]
    d = len(mine)
    if d < 2:
        return 0.0
    per_sector: dict[str, int] = defaultdict(int)
    for p in mine:
        per_sector[sector[p]] += 1
    cross = d * (d - 1) // 2 - sum(n * (n - 1) // 2 for n in per_sector.values())
    closed = sum(1 for p in mine for q in partners[p] & mine if sector[p] != sector[q]) // 2
    return (cross - closed) / (d * (d - 1) // 2)


def _path_steps(store: Path, work: Path, source: str, target: str) -> int | None:
    found = _json_of(store, work, "report", "path", source, target)
    return len(found["rows"]) if found["facts"]["connected"] else None


def _bfs_steps(partners: dict, name: dict, source: str, target: str) -> int | None:
    ids = {v: k for k, v in name.items()}
    start, goal = ids[source], ids[target]
    seen, frontier, steps = {start}, [start], 0
    while frontier:
        if goal in frontier:
            return steps
        steps += 1
        nxt = []
        for org in frontier:
            for p in partners[org] - seen:
                seen.add(p)
                nxt.append(p)
        frontier = nxt
    return None


def reference_sector_matrix(rows: list[dict]) -> dict:
    per_bid: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for r in rows:
        per_bid[r["bid"]][r["sector"]].add(r["org"])
    present = {r["sector"] for r in rows}
    found = {}
    for a in present:
        for b in present:
            found[(a, b)] = sum(1 for s in per_bid.values()
                                if (len(s.get(a, ())) >= 2 if a == b else a in s and b in s))
    return found


def reference_rounds(rows: list[dict]) -> list[dict]:
    from itertools import combinations

    by_round: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for r in rows:
        by_round[r["round"] or "not stated"][r["bid"]].add(r["org"])
    seen_bodies, seen_pairs, out = set(), set(), []
    for label in sorted(by_round):
        bodies = set().union(*by_round[label].values())
        pairs = {p for orgs in by_round[label].values() for p in combinations(sorted(orgs), 2)}
        out.append({"round": label, "bids": len(by_round[label]), "bodies": len(bodies),
                    "new_bodies": len(bodies - seen_bodies), "pairs": len(pairs),
                    "repeat_pairs": len(pairs & seen_pairs)})
        seen_bodies |= bodies
        seen_pairs |= pairs
    return out


def _export_counts(store: Path, work: Path) -> tuple[int, int, int]:
    """Organisations, ties and total shared-bid weight in the CSV network export."""
    folder = work / "out" / "check-network"
    subprocess.run([sys.executable, "-m", "partnerkg", "-q", "export", "--format", "csv", "-o",
                    str(folder), "--store", str(store)], check=True, capture_output=True)
    with open(folder / "nodes.csv", newline="", encoding="utf-8") as handle:
        nodes = sum(1 for _ in csv.DictReader(handle))
    ties = weight = 0
    with open(folder / "edges.csv", newline="", encoding="utf-8") as handle:
        for edge in csv.DictReader(handle):
            ties += 1
            weight += int(edge["Weight"])
    return nodes, ties, weight


def table(results: dict, limits: Limits = DEFAULT_LIMITS, load: dict | None = None) -> str:
    """The Markdown table of the commands' figures and bounds (with ``load``, the load's
    figures: a line of their own, held to the scale's bound on the load plus the summary)."""
    lines = ["| command | first (s) | second (s) | peak MB | bound (first / second) | status |",
             "|---|---|---|---|---|---|"]
    summary = results["report"]
    both = load_and_summary(load, summary, limits) if load is not None else {}
    if both:
        seconds, memory = limits.load_and_summary
        lines.append(f"| load plus the first summary | {load['seconds'] + summary['seconds']:.2f}"
                     f" | | {max(load['peak_mb'], summary['peak_mb']):.0f} | {seconds} s, "
                     f"{memory} MB | {'ok' if all(both.values()) else 'FAIL'} |")
        lines.append(f"| (the load) | {load['seconds']:.2f} | | {load['peak_mb']:.0f} | | |")
    lines.append(f"| `partnerkg report` (the summary, first) | {summary['seconds']:.2f} | | "
                 f"{summary['peak_mb']} | {'see above' if both else 'none'} | "
                 f"{'ok' if summary['exit'] == 0 else 'FAIL'} |")
    for entry in results["commands"]:
        checks = bounds(entry, limits)
        bound = (f"{limits.first_of(entry['kind'])} s / {limits.second} s"
                 if entry["kind"] else "memory only")
        peak = max(entry["first"]["peak_mb"], entry["second"]["peak_mb"])
        lines.append(f"| `{entry['command']}` | {entry['first']['seconds']:.2f} | "
                     f"{entry['second']['seconds']:.2f} | {peak} | {bound} | "
                     f"{'ok' if all(checks.values()) else 'FAIL'} |")
    return "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--substitutes"]:
        print(json.dumps(_substitutes(sys.argv[3:], Path(sys.argv[2]))))

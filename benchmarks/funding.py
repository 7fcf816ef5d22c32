"""The funding networks at scale: a synthetic 360Giving file, loaded, then the funding summary and
the co-funding projection, each step in a fresh process (its wall time and peak memory its own).

    python benchmarks/funding.py [--grants 1000000] [--funders 200] [--recipients 300000]
                                 [--keep DIR] [--json FILE]

The file is a flattened 360Giving CSV (seed 1): each grant from a funder drawn uniformly, to a
recipient drawn uniformly, with an amount, an award date in 2015-2019, one of two programmes
of its funder and its recipient's district (a GSS code of the map's districts). Bounds (scale L):
the first ``report --network funding`` and the first co-funding projection within 15 s, the
second within 5 s, every step within 3 GB (on wall time; each step's processor time, of all
its threads, is printed beside it: on a machine other work shares, wall time grows and it does
not).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BOUNDS = {"first": 15.0, "second": 5.0, "memory_mb": 3000}
TITLES = ["Identifier", "Title", "Currency", "Amount Awarded", "Award Date",
          "Recipient Org:Identifier", "Recipient Org:Name",
          "Recipient Org:Location:0:Geographic Code", "Recipient Org:Location:0:Name",
          "Funding Org:Identifier", "Funding Org:Name", "Grant Programme:Title"]


def write_grants(path: Path, grants: int, funders: int, recipients: int, seed: int = 1) -> None:
    """A flattened 360Giving CSV of ``grants`` synthetic grants."""
    from partnerkg.data.boundaries import boundaries

    districts = sorted((code, area["name"]) for code, area in boundaries()["areas"].items())
    draw = random.Random(seed)
    home = [draw.choice(districts) for _ in range(recipients)]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(TITLES)
        for i in range(grants):
            f, r = draw.randrange(funders), draw.randrange(recipients)
            code, name = home[r]
            out.writerow([f"360G-synth-{i:07d}", f"Grant {i}", "GBP",
                          draw.randrange(500, 500_000),
                          f"{draw.randrange(2015, 2020)}-{draw.randrange(1, 13):02d}-15",
                          f"GB-CHC-{5_000_000 + r}", f"Synthetic Recipient {r:06d}", code, name,
                          f"GB-CHC-{4_000_000 + f}", f"Synthetic Funder {f:03d}",
                          f"Programme {f:03d}-{draw.randrange(2)}"])


STEPS = {
    "load": "from partnerkg.pipeline import load_into_store; "
            "s = load_into_store([sys.argv[2]], sys.argv[1]); print(s.triples_after)",
    "report_funding": "from partnerkg import KnowledgeGraph; "
                      "from partnerkg.reports.partnerships import summary_report; "
                      "kg = KnowledgeGraph.open(sys.argv[1]); "
                      "r = summary_report(kg, network='funding'); print(r.organisations, r.ties)",
    "co_funding": "from partnerkg import KnowledgeGraph; "
                  "from partnerkg.network.analysis import Analysis; "
                  "kg = KnowledgeGraph.open(sys.argv[1]); "
                  "a = Analysis.of(kg, network='co-funding', betweenness=False, "
                  "structure=False); print(len(a.measures), a.ties)",
}


def run(step: str, store: Path, data: Path) -> dict:
    """One step in a fresh process: its wall time, peak resident memory and what it printed."""
    script = f"import resource, sys\n{STEPS[step]}\n" \
             "used = resource.getrusage(resource.RUSAGE_SELF)\n" \
             "print(used.ru_utime + used.ru_stime, used.ru_maxrss)"
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", script, str(store), str(data)],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"{step} failed:\n{done.stderr[-3000:]}")
    *said, cpu, peak = done.stdout.split()
    return {"seconds": round(seconds, 2), "cpu_seconds": round(float(cpu), 2),
            "memory_mb": round(int(peak) / 1024), "said": " ".join(said)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--grants", type=int, default=1_000_000)
    parser.add_argument("--funders", type=int, default=200)
    parser.add_argument("--recipients", type=int, default=300_000)
    parser.add_argument("--keep", type=Path, help="Work in this folder and keep it.")
    parser.add_argument("--json", type=Path, help="Write the results here.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        work = args.keep or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        data, store = work / "grants.csv", work / "store"
        results: dict = {"grants": args.grants, "funders": args.funders,
                         "recipients": args.recipients}
        if not data.exists():
            start = time.perf_counter()
            write_grants(data, args.grants, args.funders, args.recipients)
            results["write_seconds"] = round(time.perf_counter() - start, 2)
        loaded = work / "loaded"  # as loaded, before any command kept a result in it
        if not loaded.exists():
            results["load"] = run("load", loaded, data)
        for step in ("report_funding", "co_funding"):  # each first on a store as loaded
            shutil.rmtree(store, ignore_errors=True)
            shutil.copytree(loaded, store)
            os.sync()  # the copy written out first: its write-back is not the step's time
            results[step] = [run(step, store, data), run(step, store, data)]
        ok = True
        for step in ("report_funding", "co_funding"):
            first, second = results[step]
            for which, measured in (("first", first), ("second", second)):
                fits = measured["seconds"] <= BOUNDS[which] and \
                    measured["memory_mb"] <= BOUNDS["memory_mb"]
                ok &= fits
                print(f"{'ok  ' if fits else 'FAIL'} {step} {which}: {measured['seconds']} s "
                      f"({measured['cpu_seconds']} s of processor time), "
                      f"{measured['memory_mb']} MB ({measured['said']})")
        if "load" in results:
            print(f"load: {results['load']['seconds']} s ({results['load']['cpu_seconds']} s "
                  f"of processor time), {results['load']['memory_mb']} MB, "
                  f"{results['load']['said']} triples")
        if args.json:
            args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

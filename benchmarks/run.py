"""partnerkg against the baselines it replaces, measured side by side in one run.

    python benchmarks/run.py --scale S|M|L|XL [--json FILE] [--rdflib-timeout SECONDS]

S = the bundled TCA data; M = 5,000 bids and 3,000 organisations; L = 80,000 bids and 50,000
organisations; XL = 250,000 bids and 120,000 organisations, about a million memberships
(synthetic, `partnerkg synth`, seed 1). Every step runs in a fresh process, so its
wall time and peak memory (resident set) are its own. Results are compared with the baselines'.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCALES = {"S": None, "M": (5_000, 3_000), "L": (80_000, 50_000), "XL": (250_000, 120_000)}
TOP_PARTNERS = None  # read from the query library in the child


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()[:16]


# --- steps, each run in its own process ---------------------------------------------------------

def step_load(work: Path, data: list[str]) -> dict:
    from partnerkg.pipeline import load_into_store

    summary = load_into_store(data, work / "store")
    return {"triples": summary.triples_after}


def step_export_nt(work: Path, data: list[str]) -> dict:
    from partnerkg import KnowledgeGraph

    with KnowledgeGraph(work / "store") as kg:
        ox = __import__("pyoxigraph")
        # the data alone (the default graph), without each file's own copy of what it said
        kg.oxigraph.dump(str(work / "graph.nt"), format=ox.RdfFormat.N_TRIPLES,
                         from_graph=ox.DefaultGraph())
    return {}


def step_bulk_load(work: Path, data: list[str]) -> dict:
    import pyoxigraph as ox

    store = ox.Store(str(work / "bulk"))
    store.bulk_load(path=str(work / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
    return {"triples": len(store)}


def _top_partners_sparql() -> str:
    from partnerkg.queries import get_query

    return get_query("top-partners").sparql


def step_query_project(work: Path, data: list[str]) -> dict:
    from partnerkg import KnowledgeGraph
    from partnerkg.queries.runner import query_rows

    with KnowledgeGraph(work / "store") as kg:
        header, rows = query_rows(kg, name="top-partners")
    return {"rows": len(rows), "digest": _digest([[str(v) for v in r[1:4]] for r in rows])}


def step_query_pyoxigraph(work: Path, data: list[str]) -> dict:
    import pyoxigraph as ox

    store = ox.Store(str(work / "bulk"))
    rows = [[t.value for t in row] for row in store.query(
        _top_partners_sparql())]
    return {"rows": len(rows), "digest": _digest([r[1:4] for r in rows])}


# The library's earlier form of top-partners: a lookup per row. Slower on Oxigraph's disk store,
# but rdflib, which joins sub-selects by comparing every pair of rows, answers it far sooner than
# the library's form. rdflib is timed on both and compared by its faster time.
NESTED_TOP_PARTNERS = """
PREFIX org:  <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?org ?name ?sector (COUNT(DISTINCT ?partner) AS ?partners) (COUNT(DISTINCT ?bid) AS ?bids)
WHERE {
  ?m org:member ?org ; org:organization ?bid .
  ?org skos:prefLabel ?name ; org:classification ?s .
  ?s skos:prefLabel ?sector .
  OPTIONAL {
    ?m2 org:organization ?bid ; org:member ?partner .
    FILTER (?partner != ?org)
  }
}
GROUP BY ?org ?name ?sector
ORDER BY DESC(?partners) DESC(?bids) ?name
"""


def _rdflib_rows(work: Path, sparql: str) -> dict:
    import rdflib

    start = time.perf_counter()
    graph = rdflib.Graph()
    graph.parse(str(work / "graph.nt"), format="nt")
    parsed = time.perf_counter()
    rows = [[str(v) for v in row] for row in graph.query(sparql)]
    # the query alone is the comparison; reading the graph into memory is reported beside it
    return {"rows": len(rows), "digest": _digest([r[1:4] for r in rows]),
            "seconds_query": time.perf_counter() - parsed, "seconds_parse": parsed - start}


def step_query_rdflib(work: Path, data: list[str]) -> dict:
    return _rdflib_rows(work, _top_partners_sparql())


def step_query_rdflib_nested(work: Path, data: list[str]) -> dict:
    return _rdflib_rows(work, NESTED_TOP_PARTNERS)


def step_analysis_project(work: Path, data: list[str]) -> dict:
    from partnerkg import KnowledgeGraph
    from partnerkg.network.analysis import Analysis

    with KnowledgeGraph(work / "store") as kg:
        analysis = Analysis.of(kg)
    degrees = {m["name"]: m["degree"] for m in analysis.measures.values()}
    top = sorted(degrees, key=lambda n: (-degrees[n], n))[:20]
    return {"degrees": _digest(degrees), "top20": top, "notes": analysis.notes,
            "clusters": len(analysis.clusters)}


step_analysis_again = step_analysis_project  # the same, on a store that kept the first result


def step_analysis_naive(work: Path, data: list[str]) -> dict:
    import networkx as nx
    from networkx.algorithms import bipartite
    from partnerkg import KnowledgeGraph
    from partnerkg.network.metrics import SEED, betweenness_sample
    from partnerkg.network.projection import memberships

    with KnowledgeGraph(work / "store") as kg:
        rows = memberships(kg)
    graph = nx.Graph()
    orgs = sorted({r["org"] for r in rows})
    graph.add_nodes_from(orgs, bipartite=0)
    graph.add_edges_from((r["org"], r["bid"]) for r in rows)
    projected = bipartite.weighted_projected_graph(graph, orgs)
    names = {r["org"]: r["name"] for r in rows}
    degrees = {names[n]: d for n, d in projected.degree()}
    nx.community.louvain_communities(projected, weight="weight", seed=SEED)
    k = betweenness_sample(projected.number_of_nodes(), projected.number_of_edges())
    nx.betweenness_centrality(projected, k=k, seed=SEED)
    top = sorted(degrees, key=lambda n: (-degrees[n], n))[:20]
    return {"degrees": _digest(degrees), "top20": top}


def step_view(work: Path, data: list[str]) -> dict:
    from partnerkg import KnowledgeGraph
    from partnerkg.views.network import ViewOptions, write_network_view

    with KnowledgeGraph(work / "store") as kg:
        write_network_view(kg, work / "view.html", ViewOptions(generated="2026-01-01"))
    return {"bytes": (work / "view.html").stat().st_size}


STEPS = {name[5:]: func for name, func in globals().items() if name.startswith("step_")}


def _child(step: str, work: str, data: list[str]) -> None:
    # Libraries are imported before the clock starts, so every step, ours and the baselines',
    # is timed on its work alone.
    import networkx  # noqa: F401
    import partnerkg.network.analysis  # noqa: F401
    import partnerkg.queries.runner  # noqa: F401
    import partnerkg.views.network  # noqa: F401
    import pyoxigraph  # noqa: F401
    import rdflib  # noqa: F401

    start = time.perf_counter()
    result = STEPS[step](Path(work), data)
    result["seconds"] = result.pop("seconds_query", None) or time.perf_counter() - start
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result, default=str))


def _run(step: str, work: Path, data: list[str], timeout: float | None = None) -> dict:
    try:
        done = subprocess.run([sys.executable, __file__, "--step", step, "--work", str(work),
                               *data], capture_output=True, text=True, timeout=timeout,
                              check=True)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "timed_out": timeout}
    except subprocess.CalledProcessError as exc:
        raise SystemExit(f"step {step} failed:\n{exc.stderr}") from None
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=SCALES, default="S")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--rdflib-timeout", type=float, default=300,
                        help="stop rdflib's in-memory query after this many seconds")
    parser.add_argument("--only", choices=("all", "baselines", "commands"), default="all",
                        help="the comparison with baselines, the README's commands, or both")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    parser.add_argument("data", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        return _child(args.step, args.work, args.data)

    # stopped (Ctrl-C, kill, a closed terminal), it unwinds: the step running is killed by
    # subprocess.run, and the folder below is removed
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), lambda signum, frame: sys.exit(128 + signum))
    work = Path(tempfile.mkdtemp(prefix=f"partnerkg-bench-{args.scale}-"))
    try:  # from here on, whatever happens (a failed step, Ctrl-C), the folder goes
        if SCALES[args.scale] is None:
            from partnerkg.data import bundled_paths

            data = [str(p) for p in bundled_paths()]
        else:
            from partnerkg.pipeline import write_synthetic_data

            bids, orgs = SCALES[args.scale]
            data = [str(work / f"{args.scale}.csv")]
            # as synth writes it
            write_synthetic_data(data[0], bids=bids, organisations=orgs, seed=1)
        ok = _measure(args, work, data)
    finally:
        shutil.rmtree(work, ignore_errors=True)  # the benchmark leaves nothing behind
    if not ok:
        raise SystemExit(1)  # a target or an equality check failed


def _measure(args, work: Path, data: list[str]) -> bool:
    """Run the steps asked for and print their tables; whether every check held."""
    results = {"load": _run("load", work, data)}
    print(f"  load: {results['load']['seconds']:.2f} s", file=sys.stderr)
    checks = {}
    if args.only in ("all", "baselines"):
        checks.update(_baselines(args, work, data, results))
    if args.only in ("all", "commands"):
        from commands import bounds, limits_of, load_and_summary, run_commands, table

        limits = limits_of(args.scale)
        found = run_commands(work, data, synthetic=SCALES[args.scale] is not None)
        results["commands"] = found
        print(f"\nEvery command of the README's Reports, Views and Checking and exporting "
              f"sections, scale {args.scale}, run twice (each in a process of its own):\n")
        print(table(found, limits, load=results["load"]))
        for entry in found["commands"]:
            checks.update(bounds(entry, limits))
        # the load and the summary on the data just loaded: a check of its own, where set
        found["checks"] = {**load_and_summary(results["load"], found["report"], limits),
                           **found["checks"]}
        found["checks"].update(_against_the_store(work, data, results, found))
        checks.update(found["checks"])
        print()
        for check, ok in found["checks"].items():
            print(f"{'ok  ' if ok else 'FAIL'} {check}")
        failed = [check for entry in found["commands"]
                  for check, ok in bounds(entry, limits).items() if not ok]
        for check in failed:
            print(f"FAIL {check}")
    if args.json:
        args.json.write_text(json.dumps({"scale": args.scale, "results": results,
                                         "checks": checks}, indent=2, default=str))
    return all(checks.values())


#: How many times Oxigraph's own time each may take: the load its bulk loader's (of the data
#: as dumped), an RDF export a raw dump of the store's data (the first run of the README's).
STORE_RATIOS = {"load": 1.5, "nt": 1.5, "ttl": 2.0}


def _against_the_store(work: Path, data: list[str], results: dict, found: dict) -> dict:
    """The load against Oxigraph's bulk_load of the same data, and the README's RDF exports
    against a raw dump of the store, measured in this run (each step in a process of its own,
    libraries imported before its clock starts; a README command's time includes Python's
    start). The checks, named with the ratios."""
    for step in ("export_nt", "bulk_load"):  # the dump first: bulk_load reads it
        if step not in results:
            results[step] = _run(step, work, data)
            print(f"  {step}: {results[step]['seconds']:.2f} s", file=sys.stderr)
    dump, bulk = results["export_nt"]["seconds"], results["bulk_load"]["seconds"]
    load = results["load"]["seconds"]
    ratios = {"load": ("the load", "Oxigraph's bulk_load", load / bulk)}
    for kind in ("nt", "ttl"):
        entry = next((e for e in found["commands"]
                      if e["readme"].startswith(f"partnerkg export --format {kind}")), None)
        if entry is not None:
            ratios[kind] = (f"export --format {kind} (first time)", "a raw dump of the store",
                            entry["first"]["seconds"] / dump)
    results["store_ratios"] = {kind: round(r, 2) for kind, (_, _, r) in ratios.items()}
    return {f"{what} within {STORE_RATIOS[kind]}x of {baseline}: {r:.2f}x":
            r <= STORE_RATIOS[kind] for kind, (what, baseline, r) in ratios.items()}


def _baselines(args, work: Path, data: list[str], results: dict) -> dict:
    """partnerkg against the baselines it replaces; the checks, printed and returned."""
    for step in ("export_nt", "bulk_load", "query_project", "query_pyoxigraph",
                 "analysis_project", "analysis_again", "analysis_naive", "view"):
        results[step] = _run(step, work, data)
        print(f"  {step}: {results[step]['seconds']:.2f} s", file=sys.stderr)
    for step in ("query_rdflib_nested", "query_rdflib"):
        results[step] = _run(step, work, data, timeout=args.rdflib_timeout)
        print(f"  {step}: {results[step]['seconds'] or 'stopped'}", file=sys.stderr)
    timed = [results[step] for step in ("query_rdflib", "query_rdflib_nested")
             if results[step].get("seconds") is not None]
    results["rdflib_best"] = min(timed, key=lambda r: r["seconds"], default={"seconds": None})

    def ratio(a, b):
        x, y = results[a]["seconds"], results[b]["seconds"]
        return None if x is None or y is None else y / x

    checks = {
        "load within 1.5x of Oxigraph bulk_load": (results["load"]["seconds"] <=
                                                   1.5 * results["bulk_load"]["seconds"]),
        "top-partners within 1.5x of pyoxigraph": (results["query_project"]["seconds"] <=
                                                   1.5 * results["query_pyoxigraph"]["seconds"]),
        "top-partners same rows as pyoxigraph": (results["query_project"]["digest"] ==
                                                 results["query_pyoxigraph"]["digest"]),
        "analysis: same degrees as naive networkx": (results["analysis_project"]["degrees"] ==
                                                     results["analysis_naive"]["degrees"]),
        "analysis: same top 20 as naive networkx": (results["analysis_project"]["top20"] ==
                                                    results["analysis_naive"]["top20"]),
        "analysis: kept result equals the computed one": (
            results["analysis_again"]["degrees"] == results["analysis_project"]["degrees"]),
    }
    for step, check in (("query_rdflib", "top-partners same rows as rdflib"),
                        ("query_rdflib_nested",
                         "top-partners: earlier nested form gives the same rows on rdflib")):
        if results[step].get("seconds") is not None:
            checks[check] = results["query_project"]["digest"] == results[step]["digest"]
    if results["rdflib_best"]["seconds"] is not None:
        checks["top-partners at least 50x faster than rdflib (its faster form)"] = (
            ratio("query_project", "rdflib_best") >= 50)
    checks["analysis at least 10x faster than naive networkx"] = (
        ratio("analysis_project", "analysis_naive") >= 10)
    rows = [
        ("load CSV into the store", "load", "Oxigraph bulk_load", "bulk_load"),
        ("top-partners query", "query_project", "pyoxigraph directly", "query_pyoxigraph"),
        ("top-partners query", "query_project", "rdflib in-memory store, same SPARQL",
         "query_rdflib"),
        ("top-partners query", "query_project", "rdflib in-memory store, earlier nested form",
         "query_rdflib_nested"),
        ("projection, degree, Louvain, betweenness", "analysis_project", "naive networkx",
         "analysis_naive"),
        ("the same, second time (kept result read back)", "analysis_again", "", ""),
        ("write the HTML view", "view", "", ""),
    ]
    print(f"\nScale {args.scale}: {data[0]}\n")
    print(f"| step | partnerkg (s) | peak MB | baseline | baseline (s) | baseline / partnerkg |")
    print("|---|---|---|---|---|---|")
    for label, ours, name, theirs in rows:
        mine = results[ours]
        base = results.get(theirs, {}) if theirs else {}
        base_s = base.get("seconds")
        shown = (f"{base_s:.2f}" if base_s is not None else
                 f"> {base.get('timed_out'):.0f} (stopped)" if base else "")
        r = ratio(ours, theirs) if theirs and base_s is not None else None
        print(f"| {label} | {mine['seconds']:.2f} | {mine['peak_mb']:.0f} | {name} | {shown} | "
              f"{'' if r is None else f'{r:.1f}x'} |")
    parse = next((results[step]["seconds_parse"] for step in ("query_rdflib_nested", "query_rdflib")
                  if results[step].get("seconds_parse") is not None), None)
    if parse is not None:
        print(f"\nrdflib also took {parse:.2f} s to read the graph into memory before each query "
              "(not counted above). The 50x check uses rdflib's faster form.")
    print()
    for check, ok in checks.items():
        print(f"{'ok  ' if ok else 'FAIL'} {check}")
    return checks


if __name__ == "__main__":
    main()

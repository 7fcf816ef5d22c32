"""The heavy network algorithms, run in igraph (C) on a networkx graph.

networkx stays the graph users see; these functions give networkx's own answers many times
faster, and the tests check each against networkx: betweenness (exact, and sampled from the
same sources networkx would draw), core numbers, clustering coefficients and modularity.
Louvain is the exception: igraph's multilevel algorithm is the same method with its own
tie-breaking, so its partition is checked for quality, not equality, and is used only on graphs
too big for networkx's version to finish in reasonable time (``LOUVAIN_NETWORKX_LIMIT``).
"""

from __future__ import annotations

import random
from contextlib import contextmanager

import networkx as nx

__all__ = ["to_igraph", "betweenness", "core_number", "clustering", "modularity", "louvain",
           "side_by_side", "in_background", "worth_a_fork", "louvain_labels",
           "LOUVAIN_NETWORKX_LIMIT", "BACKGROUND_DENSITY"]

#: Sampled betweenness passing more ties than this in all (sources x ties) runs in two halves
#: side by side.
SPLIT_BETWEENNESS_FROM = 20_000_000
#: Above this many edges, Louvain runs in igraph (networkx's takes minutes there).
LOUVAIN_NETWORKX_LIMIT = 200_000
#: Ties per organisation from which work on a graph goes to another process (``worth_a_fork``).
BACKGROUND_DENSITY = 10


def to_igraph(graph: nx.Graph, weight: str = "weight"):
    """The igraph copy of ``graph`` (edge attribute ``weight``, 1 where missing) and the list of
    its nodes (igraph vertex i = nodes[i]).

    Converting a million ties takes seconds: functions here take ``converted=`` to reuse one.
    """
    import igraph as ig

    nodes = list(graph)
    if hasattr(graph, "tie_arrays"):  # a CoGraph: its ties are arrays in node order already
        a, b, w = graph.tie_arrays()
        copy = ig.Graph(n=len(nodes), edges=list(zip(a.tolist(), b.tolist())))
        copy.es["weight"] = w.tolist()
        return copy, nodes
    index = {node: i for i, node in enumerate(nodes)}
    edges, weights = [], []
    for a, b, w in graph.edges(data=weight, default=1):
        edges.append((index[a], index[b]))
        weights.append(w)
    copy = ig.Graph(n=len(nodes), edges=edges)
    copy.es["weight"] = weights
    return copy, nodes


#: Parts the sources of a big graph's betweenness are counted in, side by side.
BETWEENNESS_PARTS = 10


def betweenness(graph: nx.Graph, k: int | None = None, seed: int = 42, converted=None,
                split: bool = True, background: bool = False):
    """``nx.betweenness_centrality(graph, k=k, seed=seed)`` (normalised, no endpoints).

    With ``k``, paths are counted from the same ``k`` sources networkx draws with ``seed``, and
    scaled as networkx scales them. With ``background`` (and ``k``), the counting runs in other
    processes and a function is returned that waits for the answer.
    """
    nodes = list(graph)
    n = len(nodes)
    if k is not None and k >= n:
        k = None
    if n < 3:
        return dict.fromkeys(nodes, 0.0)
    copy, _ = converted or to_igraph(graph)
    if k is None:
        raw = copy.betweenness(directed=False)
        scale = 2 / ((n - 1) * (n - 2))
        return {node: raw[i] * scale for i, node in enumerate(nodes)}
    sources = random.Random(seed).sample(nodes, k)  # the draw networkx makes
    index = {node: i for i, node in enumerate(nodes)}
    # paths counted from disjoint sets of sources add up: halves run side by side on big graphs
    picked = [index[s] for s in sources]
    halves = [(picked[i::2],) for i in range(2)] \
        if split and k * copy.ecount() > SPLIT_BETWEENNESS_FROM else [(picked,)]
    def count(part):
        return copy.betweenness(directed=False, sources=part)
    if background:
        pending = [in_background(count, *half) for half in halves]
        return lambda: _scaled([wait() for wait in pending], nodes, sources, k)
    if len(halves) > 1:  # in more parts, for a bar of the sources done and the time left
        halves = [(picked[i::BETWEENNESS_PARTS],) for i in range(BETWEENNESS_PARTS)]
    return _scaled(side_by_side(count, halves, description=f"Betweenness from {k:,} sources"
                                if len(halves) > 1 else None), nodes, sources, k)


def _scaled(parts: list[list[float]], nodes: list, sources: list, k: int) -> dict:
    """Paths counted from each part of the sources, added and scaled as networkx does."""
    n = len(nodes)
    raw = [sum(values) for values in zip(*parts)]
    chosen = set(sources)
    # igraph counts each unordered pair once; networkx counts ordered pairs from each source,
    # and a source cannot lie on its own paths, so it is scaled over one source fewer.
    return {node: 2 * raw[i] / ((k - 1 if node in chosen else k) * (n - 2)) if k > 1 else 0.0
            for i, node in enumerate(nodes)}


_SHARED: dict = {}  # what forked workers read instead of having it pickled to them


def _call(arguments: tuple):
    return _SHARED["function"](*arguments)


def side_by_side(function, calls: list[tuple], description: str | None = None) -> list:
    """``function(*arguments)`` for each of ``calls``, in order, on the machine's cores: in
    forked processes, which see what this one holds (only the arguments and the results are
    copied), where the system has them and there are two calls or more. With
    ``description``, a bar of the calls done and an estimate of the time left (on a
    terminal: see ``core.progress``)."""
    import multiprocessing
    import os

    from ..core.progress import track

    def shown(results):
        return results if description is None else \
            track(results, description, total=len(calls), min_items=1)

    workers = min(len(calls), os.cpu_count() or 1)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return list(shown(function(*arguments) for arguments in calls))
    from concurrent.futures import ProcessPoolExecutor

    _SHARED["function"] = function
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(shown(pool.map(_call, calls)))
    finally:
        _SHARED.clear()


def worth_a_fork(graph) -> bool:
    """Whether work on ``graph`` pays for a process of its own (``in_background``): only on a
    dense graph, where the work in C or numpy is most of it. While a forked process lives,
    every page of objects either process touches is copied: on a sparse graph (a million
    grants: 290,000 bodies, 3.4 ties each) brokerage took 4 s in the fork against 0.3 s in
    the report's own process, and a forked Louvain cost the report 250,000 more page faults.
    """
    return graph.number_of_edges() > BACKGROUND_DENSITY * graph.number_of_nodes()


def in_background(function, *arguments):
    """Start ``function(*arguments)`` in a forked process (which sees what this one holds) and
    return a function that waits for its result: the work runs on another core meanwhile.
    Where the system cannot fork, the work is done now."""
    import multiprocessing
    import os

    if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        value = function(*arguments)
        return lambda: value
    import gc
    from concurrent.futures import ProcessPoolExecutor

    gc.freeze()  # the child's collector must not touch (so copy) the parent's objects
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
    _SHARED["function"] = function  # the worker is forked by submit: it keeps this function
    future = pool.submit(_call, arguments)

    def result():
        try:
            return future.result()
        finally:
            pool.shutdown()
            _SHARED.pop("function", None)
            gc.unfreeze()
    return result


def core_number(graph: nx.Graph, converted=None) -> dict:
    """``nx.core_number(graph)``."""
    copy, nodes = converted or to_igraph(graph)
    return dict(zip(nodes, copy.coreness()))


def clustering(graph: nx.Graph, converted=None) -> dict:
    """``nx.clustering(graph)`` (unweighted local clustering coefficient)."""
    copy, nodes = converted or to_igraph(graph)
    return dict(zip(nodes, copy.transitivity_local_undirected(mode="zero")))


def modularity(graph: nx.Graph, blocks: list[set], weight: str = "weight",
               converted=None) -> float:
    """``nx.community.modularity(graph, blocks, weight=weight)``."""
    if graph.number_of_edges() == 0:
        return 0.0
    copy, nodes = converted or to_igraph(graph, weight)
    block_of = {node: i for i, block in enumerate(blocks) for node in block}
    return copy.modularity([block_of[node] for node in nodes], weights="weight")


@contextmanager
def _seeded(seed: int):
    import igraph as ig

    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def louvain(graph: nx.Graph, seed: int = 42, weight: str = "weight",
            converted=None) -> list[set]:
    """Louvain communities (igraph's multilevel algorithm, seeded), every node included."""
    copy, nodes = converted or to_igraph(graph, weight)
    blocks: dict[int, set] = {}
    for i, block in enumerate(louvain_labels(copy, seed)):
        blocks.setdefault(block, set()).add(nodes[i])
    return list(blocks.values())


def louvain_labels(copy, seed: int = 42) -> list[int]:
    """The community of each vertex of the igraph graph ``copy`` (``louvain``'s partition as
    numbers: cheap to hand from one process to another)."""
    with _seeded(seed):
        return copy.community_multilevel(weights="weight").membership

"""Computed results kept in the store, and the data version they were computed from.

Every write of data through partnerkg (``load``, ``register import``, a writable ``serve``)
gives the store a new *data version* in the same transaction, and empties the kept results.
A result is kept under a key made from the data version (or, for data with no version, from a
digest of the data itself), so a stale result is never used: a second ``report`` on an
unchanged graph reads its memberships, measures and clusters back instead of reading and
computing them again. Results live in their own named graph (``CACHE_GRAPH_IRI``), apart from
the data: queries, exports and validation never see them.
"""

from __future__ import annotations

import gc
import hashlib
import json
from contextlib import contextmanager
import uuid
from decimal import Decimal

import pyoxigraph as ox

from ..ontology import CACHE_GRAPH_IRI, PKG

__all__ = ["digest", "get", "put", "remembered", "keep", "collector_paused", "size", "KEEP",
           "version", "new_version_update",
           "renew_version_update", "pack_array", "unpack_array"]

_GRAPH = ox.NamedNode(str(CACHE_GRAPH_IRI))
_PREDICATE = ox.NamedNode(str(PKG.cachedResult))
_JSON = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON")
_STORE = ox.NamedNode("https://w3id.org/partnerkg/cache/store")
_VERSION = ox.NamedNode(str(PKG.dataVersion))
#: Results kept at most; when full, the cache is emptied before a new result goes in.
KEEP = 16
#: A result of at least this many characters is flushed out of the store's log at once.
FLUSH_FROM = 1_000_000
#: Kinds of result with an allowance of their own, not counted in ``KEEP``: when a kind's
#: allowance is full, only results of that kind make way (many views never push the
#: measures of a national graph out).
OWN_ALLOWANCE = {"view": 4, "sectors": 4, "rounds": 4, "coverage": 2, "funders": 2, "size": 1}


def digest(*parts) -> str:
    """A stable digest of JSON-able parts (Decimals and other values by their text)."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(json.dumps(part, sort_keys=True, default=str, ensure_ascii=False)
                      .encode("utf-8"))
        hasher.update(b"\x00")
    return hasher.hexdigest()


def _node(kind: str, key: str) -> ox.NamedNode:
    return ox.NamedNode(f"https://w3id.org/partnerkg/cache/{kind}/{key}")


def _decode(value):
    if isinstance(value, dict) and set(value) == {"$decimal"}:
        return Decimal(value["$decimal"])
    if isinstance(value, dict):
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def _encode(value):
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, (set, frozenset)):
        return [_encode(v) for v in sorted(value)]
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    return value


def get(store: ox.Store, kind: str, key: str, *, plain: bool = False):
    """The result kept under ``kind``/``key``, or None. ``plain``: kept as plain JSON (no
    Decimals or sets inside), read back without looking for them (faster for big tables)."""
    for quad in store.quads_for_pattern(_node(kind, key), _PREDICATE, None, _GRAPH):
        with collector_paused():
            value = json.loads(quad.object.value)
        return value if plain else _decode(value)
    return None


@contextmanager
def collector_paused():
    """Python's cycle collector paused: JSON holds no cycles, and a kept table of a national
    graph's 130,000 lists is read back in half the time without the collections it sets off.
    Loading and measuring make few cycles too, while a million memberships' objects make each
    full collection long: loads and ``Analysis.of`` run with the collector paused (a load of
    scale L: 51.3 s with it, 45.7 s without; on a million grants' first summary the
    difference was within the noise of single runs)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def put(store: ox.Store, kind: str, key: str, value, *, plain: bool = False) -> bool:
    """Keep ``value`` under ``kind``/``key``; False if the store cannot be written to.
    ``plain``: ``value`` is plain JSON already (see ``get``)."""
    text = json.dumps(value if plain else _encode(value), ensure_ascii=False,
                      separators=(",", ":"))
    try:
        allowance = OWN_ALLOWANCE.get(kind)
        kept = [node for node in _kept_nodes(store)
                if (_kind_of(node) == kind if allowance else _kind_of(node) not in OWN_ALLOWANCE)]
        if len(kept) >= (allowance or KEEP):
            for node in kept:
                for quad in list(store.quads_for_pattern(node, _PREDICATE, None, _GRAPH)):
                    store.remove(quad)
        store.add(ox.Quad(_node(kind, key), _PREDICATE, ox.Literal(text, datatype=_JSON), _GRAPH))
        if len(text) >= FLUSH_FROM:
            # written out of the store's log now: the next command to open the store would
            # otherwise replay it first (a million grants' kept tables: 1.4 s at every open
            # until then; the flush costs a third of that, once)
            store.flush()
    except (OSError, RuntimeError):
        return False  # a read-only store: the result is simply not kept
    return True


def remembered(kg, kind: str, parts, compute, *, plain: bool = False):
    """What ``compute()`` gives, kept in ``kg``'s store under its data version and ``parts``
    (JSON-able: what the result depends on besides the data, code versions included) and read
    back next time. Where the store has no data version, computed every time.

    >>> import partnerkg
    >>> kg = partnerkg.KnowledgeGraph()   # in memory: kept for as long as the graph lives
    >>> remembered(kg, "test", [1], lambda: {"answer": 42})
    {'answer': 42}
    """
    version = kg.data_version() if hasattr(kg, "data_version") else None
    if version is None:
        return compute()
    key = _key(kind, version, parts)
    kept = get(kg.oxigraph, kind, key, plain=plain)
    if kept is None:
        kept = compute()
        put(kg.oxigraph, kind, key, kept, plain=plain)
    return kept


def keep(kg, kind: str, parts, value, *, plain: bool = False) -> bool:
    """Keep ``value`` where ``remembered(kg, kind, parts, ...)`` will find it: for a result
    worked out by other means than its ``compute`` (a load that knows it already)."""
    version = kg.data_version() if hasattr(kg, "data_version") else None
    return version is not None and put(kg.oxigraph, kind, _key(kind, version, parts), value,
                                       plain=plain)


def _key(kind: str, version: str, parts) -> str:
    from .. import __version__

    return digest(kind, version, __version__, parts)  # a new release computes afresh


def _kept_nodes(store: ox.Store) -> list[ox.NamedNode]:
    """The nodes results are kept under, without reading the results themselves (a national
    graph's kept measures are tens of megabytes of text: reading every one to count them took
    seconds)."""
    return [row[0] for row in store.query(
        f"SELECT ?s WHERE {{ GRAPH <{_GRAPH.value}> {{ ?s <{_PREDICATE.value}> ?o }} }}")]


def _kind_of(node: ox.NamedNode) -> str:
    """The kind of result kept under ``node`` (see ``_node``)."""
    return node.value.rsplit("/", 2)[-2]


def size(store: ox.Store) -> int:
    """How many results are kept."""
    return len(_kept_nodes(store))


def version(store: ox.Store, *, stamp: bool = False) -> str | None:
    """The store's data version; None if it has none (written before versions were kept).

    With ``stamp``, a store without one is given one now, if it can be written to.
    """
    for quad in store.quads_for_pattern(_STORE, _VERSION, None, _GRAPH):
        return quad.object.value
    if stamp:
        try:
            store.update(new_version_update())
        except (OSError, RuntimeError):
            return None  # read-only: results are keyed by a digest of the data instead
        return version(store)
    return None


def new_version_update() -> str:
    """A SPARQL update giving the store a new data version and emptying the kept results: part
    of every update that changes the data, so the two happen together or not at all."""
    return (f"CLEAR SILENT GRAPH <{_GRAPH.value}> ;\n"
            f"INSERT DATA {{ GRAPH <{_GRAPH.value}> {{ <{_STORE.value}> <{_VERSION.value}> "
            f"\"{uuid.uuid4().hex}\" }} }}")


def renew_version_update() -> str:
    """Like ``new_version_update``, but only for a store that has a data version already (one
    without has no result keyed by it): for writes made by other means, such as a writable
    ``serve``, where a store kept only for pushing to should not gain a graph of its own."""
    g, s, v = _GRAPH.value, _STORE.value, _VERSION.value
    return (f"DELETE {{ GRAPH <{g}> {{ ?s ?p ?o }} }} "
            f"INSERT {{ GRAPH <{g}> {{ <{s}> <{v}> \"{uuid.uuid4().hex}\" }} }} "
            f"WHERE {{ GRAPH <{g}> {{ <{s}> <{v}> ?old . ?s ?p ?o }} }}")


#: The number types ``pack_array`` keeps (little-endian): nothing else is read back.
_ARRAY_TYPES = ("<i4", "<i8", "<f8", "|u1")


def pack_array(values) -> dict:
    """A numpy array of numbers as plain JSON (its bytes in base64): a million numbers are kept
    and read back in milliseconds, where a JSON list takes a second."""
    import base64

    import numpy as np

    array = np.ascontiguousarray(values)
    kind = array.dtype.newbyteorder("<").str if array.dtype.byteorder == ">" else array.dtype.str
    if kind not in _ARRAY_TYPES:
        raise ValueError(f"cannot keep an array of {kind}")
    return {"dtype": kind, "base64": base64.b64encode(array.astype(kind).tobytes()).decode()}


def unpack_array(packed: dict):
    """The array ``pack_array`` packed (numbers only: nothing in it is run)."""
    import base64

    import numpy as np

    if packed.get("dtype") not in _ARRAY_TYPES:
        raise ValueError(f"not a kept array of numbers: {packed.get('dtype')!r}")
    return np.frombuffer(base64.b64decode(packed["base64"]), dtype=packed["dtype"])

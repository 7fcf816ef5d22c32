"""Computed results kept in the store, keyed by a digest of the data they were computed from.

A second ``report`` on an unchanged graph reads its projection measures and clusters back
instead of computing them again; any change to the memberships changes the digest, so a stale
result is never used. Results live in their own named graph (``CACHE_GRAPH_IRI``), apart from
the data: queries, exports and validation never see them.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

import pyoxigraph as ox

from ..ontology import CACHE_GRAPH_IRI, PKG

__all__ = ["digest", "get", "put", "size", "KEEP"]

_GRAPH = ox.NamedNode(str(CACHE_GRAPH_IRI))
_PREDICATE = ox.NamedNode(str(PKG.cachedResult))
_JSON = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON")
#: Results kept at most; when full, the cache is emptied before a new result goes in.
KEEP = 16


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


def get(store: ox.Store, kind: str, key: str):
    """The result kept under ``kind``/``key``, or None."""
    for quad in store.quads_for_pattern(_node(kind, key), _PREDICATE, None, _GRAPH):
        return _decode(json.loads(quad.object.value))
    return None


def put(store: ox.Store, kind: str, key: str, value) -> bool:
    """Keep ``value`` under ``kind``/``key``; False if the store cannot be written to."""
    text = json.dumps(_encode(value), ensure_ascii=False, separators=(",", ":"))
    try:
        if size(store) >= KEEP:
            store.clear_graph(_GRAPH)
        store.add(ox.Quad(_node(kind, key), _PREDICATE, ox.Literal(text, datatype=_JSON), _GRAPH))
    except (OSError, RuntimeError):
        return False  # a read-only store: the result is simply not kept
    return True


def size(store: ox.Store) -> int:
    """How many results are kept."""
    return sum(1 for _ in store.quads_for_pattern(None, None, None, _GRAPH))

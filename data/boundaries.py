"""The district boundaries the map and the grant areas read: ``geo/lad2013.json`` (see
``geo/README.md``), read once per process."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

__all__ = ["boundaries", "geo_file"]


def geo_file(name: str):
    """A file of the ``geo`` folder beside this module."""
    return resources.files(__package__).joinpath("geo", name)


@lru_cache(maxsize=1)
def boundaries() -> dict:
    """The boundary file: ``arcs`` (points in thousandths of a degree) and ``areas`` (district
    GSS code -> name and polygons of arc references)."""
    import json

    return json.loads(geo_file("lad2013.json").read_text(encoding="utf-8"))

"""Pages for people and data for machines: every entity of the graph at its own path.

Takes a knowledge graph (read only) and a request's path, query and Accept header; hands on
HTML pages (entities, lists with filters and facets, search, the query page), each entity's
concise bounded description in Turtle, JSON-LD or N-Triples, and lists as JSON and CSV, for
``serve`` to answer or ``publish`` to write as a static site.
"""

from .site import Site, publish

__all__ = ["Site", "publish"]

"""The browsable graph as a static site: the pages ``serve`` answers, written as files that any
static host (or a browser opening them from disk) serves, with each entity's RDF beside it.

Layout: ``index.html``; ``orgs/index.html``, ``bids/index.html``, ``programmes/index.html``
(every row, in the default order) with ``orgs.json`` and ``orgs.csv`` ...; for each entity of
the graph, ``id/org/GB-LAE-ESS/index.html`` and ``id/org/GB-LAE-ESS.ttl``, ``.jsonld``, ``.nt``;
``ego/id/org/GB-LAE-ESS.html`` (its network view, for the ``EGO_PAGES`` most connected
organisations); ``cluster/N/index.html`` and ``cluster/N.json``; ``static/browse.css``. Links
are relative, so the folder works at any place of any host. Search, filters, sorting, paging
and the query page need ``serve``.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path

from ..core.errors import PartnerKGError
from ..core.files import atomic_folder, refuse_output
from . import lists
from .rdf import RDF_FORMATS, description, serialised
from .site import BASE, Links, Site, local_path

__all__ = ["write_site", "SITE_HOLDS"]

#: what the site's folder holds at its top (an existing folder holding more is refused)
SITE_HOLDS = ("index.html", "orgs", "bids", "programmes", "orgs.json", "orgs.csv", "bids.json",
              "bids.csv", "programmes.json", "programmes.csv", "id", "sector", "cluster", "ego",
              "static")
_WHOLE = 10 ** 9  # a static list holds every row on its one page
#: organisations whose pages show their network view, the most connected first (each view is
#: a page of its own of 0.7 MB and up: a national graph's would fill tens of gigabytes)
EGO_PAGES = 100


def _file_of(path: str) -> str:
    """The file name a static host finds at URL path ``path`` (it decodes %XX escapes), kept
    encoded where decoding would make a name a host cannot serve."""
    decoded = urllib.parse.unquote(path)
    parts = decoded.split("/")
    if decoded.count("/") != path.count("/") or any(p in ("", ".", "..") or "\0" in p
                                                     for p in parts):
        return path
    return decoded


def _subjects(kg) -> list[str]:
    """Every node of the data answered at a path of the site, sorted."""
    rows = kg.select("SELECT DISTINCT ?s { ?s ?p ?o FILTER(isIRI(?s) && (STRSTARTS(STR(?s), "
                     f"\"{BASE}id/\") || STRSTARTS(STR(?s), \"{BASE}sector/\"))) }}")[1]
    return sorted(row[0] for row in rows)


def write_site(site: Site, folder, *, progress: bool = False) -> int:
    """Write ``site`` under ``folder`` (replaced whole if it is an earlier site); the number
    of files written."""
    from ..core.progress import track

    folder = Path(folder)
    if folder.is_symlink():
        raise PartnerKGError(f"will not write {folder}: it is a symbolic link; give a folder")
    kg = site.kg
    refuse_output(folder, stores=[kg.path] if kg.path is not None else [])
    written = 0

    def write(relative: str, data: bytes) -> None:
        nonlocal written
        target = root / _file_of(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += 1

    with atomic_folder(folder, SITE_HOLDS) as root:
        write("index.html", site.front(Links(True, 0)).body)
        write("static/browse.css", site.static_file("browse.css").body)
        for kind in lists.LISTS:
            selection = lists.Selection(per_page=_WHOLE, sort=lists.LISTS[kind][1])
            write(f"{kind}/index.html", site.list_page(kind, {}, "", Links(True, 1),
                                                   selection).body)
            for fmt in ("json", "csv"):
                write(f"{kind}.{fmt}", site.list_page(kind, {}, fmt, selection=selection).body)
        for cluster in site.analysis.clusters:
            number = str(cluster["cluster"])
            write(f"cluster/{number}/index.html",
                  site.cluster_page(number, "", Links(True, 2)).body)
            write(f"cluster/{number}.json", site.cluster_page(number, "json").body)
        drawn = {m["org"] for m in site.analysis.top(EGO_PAGES)}
        subjects = _subjects(kg)
        for iri in track(subjects, "Writing pages", total=len(subjects)) if progress \
                else subjects:
            path = local_path(iri)[1:]
            page = site.entity_page(iri, links=Links(True, path.count("/") + 1),
                                    ego=iri in drawn)
            write(f"{path}/index.html", page.body)
            graph = description(kg, iri)
            for suffix in RDF_FORMATS:
                write(f"{path}.{suffix}", serialised(graph, suffix))
            if iri in drawn:
                write(f"ego/{path}.html", site.ego_page(iri).encode("utf-8"))
    return written

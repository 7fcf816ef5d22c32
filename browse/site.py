"""The browsable graph: a page (and data) for each path, answered by ``serve`` or written to a
folder by ``publish``.

Paths are the IRIs' paths: ``https://w3id.org/partnerkg/id/org/GB-LAE-ESS`` is answered at
``/id/org/GB-LAE-ESS`` (HTML), ``/id/org/GB-LAE-ESS.ttl``, ``.jsonld`` and ``.nt`` (its concise
bounded description), and at the first path with an ``Accept`` header asking for RDF. Beside
them: ``/`` (search and counts), ``/search``, the lists ``/orgs``, ``/bids`` and
``/programmes`` (each also ``.json`` and ``.csv``), ``/cluster/N``, ``/ego/...`` (the offline
network view around an organisation, ``views.network``), ``/editor`` (the query page) with
``/queries.json`` and ``/queries/NAME.rq``, and ``/static/...``.

Pages are Jinja2 templates with autoescape: every value from the data is escaped. Each answer
carries a Content-Security-Policy allowing only this site's own script files (the network view,
whose scripts are in the page, allows exactly those scripts, by their hashes).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
import urllib.parse
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..core.errors import OptionError, QueryError
from ..core.tables import amount, money
from ..ontology import SECTOR, SECTOR_LABELS
from . import entities, lists
from .rdf import RDF_FORMATS, description, negotiated, serialised, suffix_of

__all__ = ["Answer", "Links", "Site", "publish", "PAGE_POLICY", "is_page", "local_path"]

BASE = "https://w3id.org/partnerkg/"
#: the IRIs answered here, by the start of their path
_ANSWERED = ("id/", "sector/")
_PAGES = ("/id/", "/sector/", "/orgs", "/bids", "/programmes", "/search", "/editor",
          "/queries.json", "/queries/", "/static/", "/cluster/", "/ego/")
PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "connect-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; "
               "frame-ancestors 'self'")
_STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                 ".png": "image/png"}
_HTML = "text/html; charset=utf-8"
#: bytes of pages kept once made (the data a site reads does not change); past it the oldest
#: go first
_KEPT_BYTES = 256_000_000
#: rows an entity's page shows of its bids or partners (the lists have them all)
SHOWN = 200


@dataclass
class Answer:
    """What a path answers: HTTP status, media type, body and extra headers."""

    status: int
    media_type: str
    body: bytes
    headers: dict = field(default_factory=dict)


def is_page(path: str) -> bool:
    """Whether a request for ``path`` is for this site (else for the SPARQL endpoint).

    >>> is_page("/id/org/GB-LAE-ESS"), is_page("/orgs.csv"), is_page("/query")
    (True, True, False)
    """
    return path == "/" or path.startswith(_PAGES)


def local_path(iri: str) -> str | None:
    """The path an IRI is answered at here (None: not one of the graph's own).

    >>> local_path("https://w3id.org/partnerkg/id/org/GB-LAE-ESS")
    '/id/org/GB-LAE-ESS'
    >>> local_path("https://example.org/x") is None
    True
    """
    if iri.startswith(BASE) and iri[len(BASE):].startswith(_ANSWERED):
        return "/" + iri[len(BASE):]
    return None


class Links:
    """Where a page links to: paths on a server, or files of a static site relative to the
    page (``depth``: folders between the site's root and the page)."""

    def __init__(self, static: bool = False, depth: int = 0) -> None:
        self.static, self.root = static, ("../" * depth if static else "/")

    def page(self, iri: str) -> str | None:
        path = local_path(iri)
        if path is None:
            return None
        return f"{self.root}{path[1:]}/index.html" if self.static else path

    def data(self, iri: str, suffix: str) -> str | None:
        path = local_path(iri)
        return None if path is None else f"{self.root}{path[1:]}.{suffix}"

    def to(self, path: str) -> str:
        """A site path (``orgs``, ``orgs.json``, ``cluster/3``) as a link."""
        if self.static and "." not in path.rsplit("/", 1)[-1]:
            return f"{self.root}{path}/index.html" if path else f"{self.root}index.html"
        return self.root + path

    def ego(self, iri: str) -> str:
        path = local_path(iri)[1:]
        return f"{self.root}ego/{path}.html" if self.static else f"/ego/{path}"


def _environment():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    folder = Path(str(resources.files(__package__).joinpath("templates")))
    env = Environment(loader=FileSystemLoader(folder), autoescape=select_autoescape(
        default=True, default_for_string=True), trim_blocks=True, lstrip_blocks=True)
    env.filters["money"] = money
    env.filters["sector_label"] = lambda key: SECTOR_LABELS.get(key, key)
    return env


def _short(iri: str) -> str:
    """A property's IRI as prefix:name where the prefix is a common one."""
    for prefix, namespace in (("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
                              ("skos", "http://www.w3.org/2004/02/skos/core#"),
                              ("org", "http://www.w3.org/ns/org#"),
                              ("prov", "http://www.w3.org/ns/prov#"),
                              ("dcterms", "http://purl.org/dc/terms/"), ("pkg", BASE)):
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _script_hashes(page: str) -> list[str]:
    """The CSP sources of a page's inline scripts."""
    return ["'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
            + "'" for body in re.findall(r"<script>(.*?)</script>", page, flags=re.S)]


class Site:
    """The pages of the graph in ``kg`` (a ``KnowledgeGraph``, read only).

    ``answer(path, query, accept)`` gives the ``Answer`` for a request, or None for a path
    that is not a page (the SPARQL endpoint's own).
    """

    def __init__(self, kg) -> None:
        self.kg = kg
        self._env = _environment()
        self._lock = threading.RLock()
        self._made: dict = {}  # in the order made
        self._made_bytes = 0
        self._analysis = self._resolver = self._rows = None
        self._sorted: dict[str, list] = {}
        self._bid_rows: dict | None = None

    # -- what the pages read, made once -------------------------------------------------
    @property
    def analysis(self):
        from ..network.analysis import Analysis

        with self._lock:
            if self._analysis is None:
                self._analysis = Analysis.of(self.kg)
            return self._analysis

    @property
    def resolver(self):
        with self._lock:
            if self._resolver is None:
                self._resolver = self.kg.resolver()
            return self._resolver

    def rows(self, kind: str) -> list[dict]:
        """Every row of list ``kind`` (see ``lists``)."""
        with self._lock:
            if self._rows is None:
                self._rows = self._make_rows()
            return self._rows[kind]

    def _make_rows(self) -> dict[str, list[dict]]:
        analysis = self.analysis
        places = entities.bid_places(self.kg)
        labels = entities.labels(self.kg, {p for p, _ in places.values() if p})
        bids: dict[str, dict] = {}
        orgs_bids: dict[str, list] = {}
        for r in analysis.rows:
            bid = bids.get(r["bid"])
            if bid is None:
                programme, round_ = places.get(r["bid"], (None, None))
                label = labels.get(programme or "", "")
                bid = bids[r["bid"]] = {
                    "bid": r["bid_label"], "title": r["title"] or None, "lead": None,
                    "round": r["round"] or None, "programme": label,
                    "amount": amount(r["amount"]), "members": 0, "iri": r["bid"],
                    "_key": r["bid"], "_sectors": set(), "_members": set(),
                    "_links": {"bid": r["bid"], "lead": None, "round": round_,
                               "programme": programme},
                    "_bids": [{"round": r["round"] or None, "programme": label,
                               "amount": amount(r["amount"])}]}
            bid["members"] += 1
            bid["_sectors"].add(r["sector"])
            bid["_members"].add(r["org"])
            if r["role"] == "lead" and bid["lead"] is None:
                bid["lead"], bid["_links"]["lead"] = r["name"], r["org"]
            orgs_bids.setdefault(r["org"], []).append(bid["_bids"][0])
        for bid in bids.values():
            bid["_text"] = " ".join(filter(None, (bid["bid"], bid["title"], bid["lead"]))
                                    ).casefold()
        orgs = [{"name": m["name"], "sector": m["sector"], "bids": m["bids"], "led": m["led"],
                 "partners": m["degree"], "funding": m["funding"], "cluster": m.get("cluster"),
                 "iri": org, "_key": org, "_sectors": {m["sector"]}, "_members": {org},
                 "_links": {"name": org, "sector": str(SECTOR[m["sector"]])},
                 "_bids": orgs_bids.get(org, []), "_text": m["name"].casefold()}
                for org, m in analysis.measures.items()]
        programmes: dict[str, dict] = {}
        for b in bids.values():
            p = programmes.setdefault(b["programme"], {
                "programme": b["programme"], "rounds": set(), "bids": 0, "amount": 0,
                "iri": b["_links"]["programme"], "_key": b["programme"], "_sectors": set(),
                "_members": set(), "_links": {"programme": b["_links"]["programme"]},
                "_bids": [], "_text": b["programme"].casefold()})
            p["rounds"].add(b["round"])
            p["bids"] += 1
            p["amount"] += b["amount"] or 0
        for p in programmes.values():
            p["rounds"] = len(p["rounds"] - {None})
        return {"orgs": orgs, "bids": list(bids.values()), "programmes": list(programmes.values())}

    def measures(self, iri: str) -> list[tuple]:
        """(measure, value, rank, meaning) of organisation ``iri``, as ``report org`` gives
        them: the rank is 1 + how many organisations measure more."""
        from bisect import bisect_right

        from ..network.metrics import BROKER_MEASURES, MEASURES

        mine = self.analysis.measures_of(iri)
        out = []
        for measure, meaning in {**MEASURES, **BROKER_MEASURES}.items():
            if measure not in mine:
                continue
            with self._lock:
                if measure not in self._sorted:
                    self._sorted[measure] = sorted(v for v in self.analysis.values(measure)
                                                   if v is not None)
                known = self._sorted[measure]
            value = mine[measure]
            rank = None if value is None else 1 + len(known) - bisect_right(known, value)
            shown = round(value, 4) if isinstance(value, float) else value
            out.append((measure, shown, rank, meaning))
        return out

    # -- answering -------------------------------------------------------------------------
    def answer(self, path: str, query: str = "", accept: str | None = None) -> Answer | None:
        """The answer to a GET of ``path`` (None: not a page of this site)."""
        params = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
        if not path.startswith(("/id/", "/sector/", "/ego/")):  # IRIs stay as written
            path = urllib.parse.unquote(path)
        key = (path, query, negotiated(accept) if accept else None)
        with self._lock:
            if key in self._made:
                return self._made[key]
        try:
            made = self._route(path, params, accept)
        except (OptionError, QueryError) as exc:
            status = 400 if isinstance(exc, OptionError) else 404
            made = (self._error(status, str(exc)) if Path(path).suffix in ("", ".ttl", ".nt",
                                                                          ".jsonld")
                    else Answer(status, "text/plain; charset=utf-8", f"{exc}\n".encode()))
        if made is not None and made.status in (200, 404):
            with self._lock:
                while self._made and self._made_bytes + len(made.body) > _KEPT_BYTES:
                    self._made_bytes -= len(self._made.pop(next(iter(self._made))).body)
                if key not in self._made and len(made.body) <= _KEPT_BYTES:
                    self._made[key] = made
                    self._made_bytes += len(made.body)
        return made

    def _route(self, path: str, params: dict, accept: str | None) -> Answer | None:
        if path == "/":
            return self.front()
        if path in ("/search", "/search.json"):
            return self._search(params.get("q", ""), path.endswith(".json"))
        stem, _, fmt = path[1:].partition(".")
        if stem in lists.LISTS and fmt in ("", "json", "csv"):
            return self.list_page(stem, params, fmt)
        if path == "/editor":
            return self._page("editor.html", title="Query the graph")
        if path == "/queries.json":
            return self._queries()
        if path.startswith("/queries/") and path.endswith(".rq"):
            return self._bound_query(path[len("/queries/"):-3], params)
        if path.startswith("/static/"):
            return self.static_file(path[len("/static/"):])
        if path.startswith("/cluster/"):
            number, _, fmt = path[len("/cluster/"):].partition(".")
            return self.cluster_page(number, fmt)
        if path.startswith("/ego/"):
            return self._ego(BASE + path[len("/ego/"):])
        if path.startswith(("/id/", "/sector/")):
            return self._entity(path, accept, params)
        return None

    def _error(self, status: int, message: str) -> Answer:
        return self._page("error.html", status=status, title="Not found" if status == 404
                          else "Cannot answer", message=message)

    def _page(self, template: str, status: int = 200, links: Links | None = None,
              **values) -> Answer:
        links = links or Links()
        text = self._env.get_template(template).render(links=links, short=_short, **values)
        return Answer(status, _HTML, text.encode("utf-8"), {"Content-Security-Policy": PAGE_POLICY})

    def _data(self, text: str, media_type: str) -> Answer:
        return Answer(200, media_type, text.encode("utf-8"))

    def front(self, links: Links | None = None) -> Answer:
        counts = {kind: len(self.rows(kind)) for kind in lists.LISTS}
        top = self.analysis.top(10)
        return self._page("front.html", links=links, title="Partnerships between public bodies",
                          counts=counts, top=top)

    def search(self, text: str) -> dict:
        """What a search for ``text`` finds: the organisation it names (by the register's
        identity rules, then as the graph spells names), how, and near names."""
        from ..graph.build import body_iri

        text = text.strip()
        if not text:
            return {"query": text, "match": None, "how": None, "near": [],
                    "message": "Type a name to search for."}
        names = self.analysis.names()
        how = self.resolver.resolve(text).as_dict()
        try:
            node, message = self.analysis.find(self.kg, text), None
        except QueryError as exc:
            node, message = None, str(exc)
        near = []
        for ident, score in self.resolver.near(text):
            iri = str(body_iri(ident))
            if iri in names and iri != node and iri not in (n["iri"] for n in near):
                near.append({"iri": iri, "name": names[iri], "score": round(score, 2)})
        match = {"iri": node, "name": names[node]} if node else None
        return {"query": text, "match": match, "how": how if node else None, "near": near,
                "message": message}

    def _search(self, text: str, as_json: bool) -> Answer:
        found = self.search(text)
        if as_json:
            return self._data(json.dumps(found, ensure_ascii=False, indent=1),
                              "application/json")
        if found["match"]:
            target = local_path(found["match"]["iri"]) + "?" + urllib.parse.urlencode(
                {"searched": text.strip()})
            return Answer(303, _HTML, b"", {"Location": target})
        return self._page("search.html", title="Search", found=found, query=text)

    def list_page(self, kind: str, params: dict, fmt: str, links: Links | None = None,
              selection: lists.Selection | None = None) -> Answer:
        selection = selection or lists.selection_of(kind, params)
        listing = lists.listing(kind, self.rows(kind), selection)
        if fmt == "json":
            return self._data(listing.as_json(), "application/json")
        if fmt == "csv":
            return self._data(listing.as_csv(), "text/csv; charset=utf-8")
        return self._page("list.html", links=links, title={
            "orgs": "Organisations", "bids": "Bids", "programmes": "Programmes"}[kind],
            listing=listing, kind=kind)

    def _queries(self) -> Answer:
        from ..queries import named_queries

        out = [{"name": q.name, "description": q.description, "sparql": q.sparql,
                "parameters": [{"name": p.name, "type": p.type, "doc": p.doc,
                                "optional": p.optional} for p in q.parameters]}
               for q in named_queries().values()]
        return self._data(json.dumps(out, ensure_ascii=False, indent=1), "application/json")

    def _bound_query(self, name: str, params: dict) -> Answer:
        """A named query's text with the parameters given bound as RDF terms (a VALUES
        block) and its prefixes declared, ready for any endpoint."""
        from ..graph.store import known_prefixes
        from ..queries import bind_parameters, get_query
        from ..queries.binding import with_bindings, with_prefixes
        from ..queries.runner import resolve_organisations

        named = get_query(name)
        given = {k: v for k, v in params.items() if v.strip()}
        if not given:  # the query as written, until its parameters are filled in
            return self._data(with_prefixes(named.sparql, known_prefixes()),
                              "application/sparql-query; charset=utf-8")
        bindings = bind_parameters(named.parameters, resolve_organisations(
            self.kg, named, given), named.name)
        text = with_prefixes(with_bindings(named.sparql, bindings), known_prefixes())
        return self._data(text, "application/sparql-query; charset=utf-8")

    def static_file(self, name: str) -> Answer | None:
        folder = resources.files(__package__).joinpath("static")
        suffix = Path(name).suffix
        if "/" in name or name.startswith(".") or suffix not in _STATIC_TYPES:
            return self._error(404, f"no file {name!r} here")
        found = folder.joinpath(name)
        if not found.is_file():
            return self._error(404, f"no file {name!r} here")
        return Answer(200, _STATIC_TYPES[suffix], found.read_bytes(),
                      {"Cache-Control": "max-age=3600"})

    def cluster_page(self, number: str, fmt: str = "", links: Links | None = None) -> Answer:
        found = next((c for c in self.analysis.clusters if str(c["cluster"]) == number), None)
        if found is None or fmt not in ("", "json"):
            return self._error(404, f"there is no cluster {number!r}")
        names = self.analysis.names()
        members = sorted(({"iri": i, "name": names.get(i, i)} for i in found["ids"]),
                         key=lambda m: (m["name"], m["iri"]))
        if fmt == "json":
            return self._data(json.dumps({**{k: v for k, v in found.items() if k != "ids"},
                                          "members": members}, ensure_ascii=False,
                                         indent=1, default=str), "application/json")
        return self._page("cluster.html", links=links, title=f"Cluster {number}: "
                          f"{found['name']}", cluster=found, members=members)

    def ego_page(self, iri: str) -> str:
        """The offline network view around organisation ``iri`` (``views.network``)."""
        from ..views.network import ViewOptions, network_page

        name = self.analysis.names().get(iri)
        if name is None:
            raise QueryError(f"{iri} takes part in no bid: it has no network to draw")
        return network_page(self.kg, ViewOptions(ego=iri, depth=1, labels=40,
                                                 title=f"Partners of {name}"))

    def _ego(self, iri: str) -> Answer:
        page = self.ego_page(iri)
        policy = ("default-src 'none'; script-src " + " ".join(_script_hashes(page)) +
                  "; style-src 'unsafe-inline'; img-src data: blob:; base-uri 'none'; "
                  "form-action 'none'; frame-ancestors 'self'")
        return Answer(200, _HTML, page.encode("utf-8"), {"Content-Security-Policy": policy})

    def _entity(self, path: str, accept: str | None, params: dict) -> Answer:
        stem, suffix = suffix_of(path)
        iri = BASE + stem[1:]
        if suffix and not entities.facts(self.kg, iri):  # an IRI that ends so itself
            stem, suffix, iri = path, None, BASE + path[1:]
        suffix = suffix or negotiated(accept)
        if suffix:
            graph = description(self.kg, iri)
            if not len(graph):
                return self._error(404, f"the graph says nothing about {iri}")
            return Answer(200, RDF_FORMATS[suffix][0] + ("; charset=utf-8" if suffix != "jsonld"
                                                          else ""),
                          serialised(graph, suffix), {"Vary": "Accept"})
        answer = self.entity_page(iri, searched=params.get("searched"))
        answer.headers["Vary"] = "Accept"
        return answer

    def entity_page(self, iri: str, searched: str | None = None,
                    links: Links | None = None, ego: bool = True) -> Answer:
        """The HTML page of any node the data says something about (``ego``: with its
        network view, for an organisation that has one)."""
        facts = entities.facts(self.kg, iri)
        if not facts:
            return self._error(404, f"the graph says nothing about {iri}")
        kind = entities.kind_of(self.kg, iri)
        named = entities.labels(self.kg, [iri] + [f["value"] for f in facts if f["iri"]])
        values = {"iri": iri, "kind": kind or "node", "facts": facts, "labels": named,
                  "title": named.get(iri, iri), "sources": entities.sources(self.kg, iri),
                  "formats": RDF_FORMATS, "shown": SHOWN, "ego": ego}
        if kind == "organisation":
            values.update(self._organisation(iri, searched))
        elif kind == "bid":
            values["members"] = entities.members_of(self.kg, iri)
        elif kind in ("round", "programme"):
            values.update(self._bids_of(iri, kind, links or Links()))
            if kind == "programme":
                values["rounds"] = entities.rounds_of(self.kg, iri)
        elif kind == "sector":
            key = iri.rsplit("/", 1)[-1]
            values["organisations"] = sorted(
                (r for r in self.rows("orgs") if r["sector"] == key),
                key=lambda r: (r["name"], r["iri"]))
        return self._page("entity.html", links=links, **values)

    def _bids_of(self, iri: str, kind: str, links: Links) -> dict:
        """The first bids of a round or programme (by label), how many it has, and where the
        list of them all is."""
        rows = sorted((r for r in self.rows("bids") if r["_links"][kind] == iri),
                      key=lambda r: (r["bid"], r["iri"]))
        filters = {kind: rows[0][kind]} if rows else {}
        if kind == "round" and rows:
            filters["programme"] = rows[0]["programme"]
        return {"bids": rows[:SHOWN], "bid_count": len(rows), "all_bids": links.to("bids") + (
            "" if links.static else lists.Selection(filters).query())}

    def _bids_of_organisation(self, iri: str) -> dict:
        """The first bids of an organisation (one row per bid and role, by round then bid),
        with where each was read, and how many it has."""
        every = sorted({(r["bid"], r["role"]): r for r in self.analysis.rows_of([iri])}.values(),
                       key=lambda r: (r["round"] or "", r["bid_label"], r["role"], r["bid"]))
        shown = every[:SHOWN]
        read = entities.read_at(self.kg, iri, [r["bid"] for r in shown])
        with self._lock:
            if self._bid_rows is None:
                self._bid_rows = {b["iri"]: b for b in self.rows("bids")}
            rounds = self._bid_rows
        return {"bid_count": len(every), "bids": [
            {"bid": r["bid"], "bid_label": r["bid_label"], "title": r["title"] or None,
             "role": r["role"], "round": rounds[r["bid"]]["_links"]["round"]
             if r["bid"] in rounds else None, "round_label": r["round"],
             "amount": amount(r["amount"]), "source": read.get(r["bid"], "")} for r in shown]}

    def _organisation(self, iri: str, searched: str | None) -> dict:
        analysis = self.analysis
        out = {"bids": [], "bid_count": 0, **entities.successors(self.kg, iri),
               "partners": [], "measures": [], "cluster": None, "searched": None,
               "in_network": iri in analysis.names()}
        if out["in_network"]:
            out.update(self._bids_of_organisation(iri))
            out["measures"] = self.measures(iri)
            out["partners"] = sorted(({"iri": p, "name": name, "shared": shared}
                                      for p, name, shared in analysis.table().partners_of(iri)),
                                     key=lambda p: (-p["shared"], p["name"], p["iri"]))
            number = analysis.measures_of(iri).get("cluster")
            out["cluster"] = next((c for c in analysis.clusters if c["cluster"] == number),
                                  None)
        if searched:
            found = self.search(searched)
            if found["match"] and found["match"]["iri"] == iri:
                out["searched"] = found
        return out


def publish(kg, folder, *, progress: bool = False) -> int:
    """Write the site of ``kg`` as static files under ``folder`` (see ``browse.folder``); the
    number of files written."""
    from .folder import write_site

    return write_site(Site(kg), folder, progress=progress)


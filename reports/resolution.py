"""Showing what resolution decided: for names given now, and for every name in a graph that
became its organisation other than by its exact register name."""

from __future__ import annotations

import json

from ..core.tables import render_table

__all__ = ["resolve_names", "render_resolutions", "review_rows", "REVIEW_QUERY"]

REVIEW_QUERY = """
PREFIX pkg:  <https://w3id.org/partnerkg/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT DISTINCT ?name ?kind ?score ?org ?label ?file ?line WHERE {
  ?m a pkg:NameMatch ; pkg:sourceName ?name ; pkg:matchKind ?kind ; pkg:matchScore ?score ;
     pkg:matchedOrganisation ?org ; prov:wasDerivedFrom ?src .
  ?org skos:prefLabel ?label .
  ?src pkg:sourceFile ?file ; pkg:sourceLine ?line .
  FILTER (?kind != "exact")
}
ORDER BY ?kind ?name ?file ?line
"""


def resolve_names(resolver, names) -> list[dict]:
    """One dict per name: the body chosen (id, canonical name, sector), kind, score, runner-up."""
    return [resolver.resolve(name).as_dict() for name in names]


def _candidates(resolver, name: str, chosen: str = "") -> str:
    """The bodies a name came near, best first, less the one it became (the runner-up first)."""
    shown = []
    for ident, score in resolver.near(name):
        body = resolver.register.get(ident)
        if body is not None and not chosen.endswith(f"/{ident}"):
            shown.append(f"{body.name} ({ident}, {score:.2f})")
    return "; ".join(shown)


def review_rows(kg, resolver) -> tuple[list[str], list[list]]:
    """Every decision in the graph other than an exact name (alias, normalised, fuzzy,
    identifier, suggestion, ambiguous, unmatched), where it was read, and the other bodies the
    name came near. An identifier that comes with its body's own name is left out."""
    from ..resolution.resolve import needs_review

    rows = []
    for row in kg.query(REVIEW_QUERY):
        name, kind = str(row.name), str(row.kind)
        if not needs_review(kind, name, str(row.label)):
            continue
        rows.append([name, kind, f"{float(row.score):.2f}", str(row.label),
                     f"{row.file}:{row.line}", _candidates(resolver, name, str(row.org))])
    return ["name", "kind", "score", "became", "read at", "candidates"], rows


def render_resolutions(results: list[dict], format: str) -> str:
    if format == "json":
        return json.dumps(results, indent=2, ensure_ascii=False)
    from ..ontology import SECTOR_LABELS

    # to read, a sector's label (as every report shows it); to process, its key
    label = SECTOR_LABELS.get if format in ("table", "md") else (lambda key, default: key)
    header = ["name", "id", "canonical", "sector", "kind", "score", "runner-up"]
    rows = [[r["name"], r["id"] or "", r["canonical"] or "", label(r["sector"], r["sector"]),
             r["kind"],
             f"{r['score']:.2f}",
             f"{r['runner_up']['name']} ({r['runner_up']['id']}, {r['runner_up']['score']:.2f})"
             if r["runner_up"] else ""] for r in results]
    return render_table(header, rows, format)

"""What an entity's page shows, read from the store: its facts, with labels for the nodes they
name, where they came from, and, by kind, its bids, members, rounds or organisations.

Every query here binds the entity as an RDF term (``Store.query`` substitutions): no text a
request gives becomes query text.
"""

from __future__ import annotations

from rdflib import URIRef, Variable

from ..core.tables import amount
from ..queries.binding import with_bindings

__all__ = ["KINDS", "kind_of", "facts", "labels", "sources", "read_at", "members_of",
           "successors", "bid_places", "rounds_of"]

PKG = "https://w3id.org/partnerkg/"
#: rdf:type -> the kind of page
KINDS = {"http://www.w3.org/ns/org#Organization": "organisation", f"{PKG}Bid": "bid",
         f"{PKG}FundingProgramme": "programme", f"{PKG}FundingRound": "round",
         "http://www.w3.org/2004/02/skos/core#Concept": "sector"}
_ORDER = ("organisation", "bid", "programme", "round", "sector")
LABEL_PROPERTIES = ("skos:prefLabel", "dcterms:title", "rdfs:label", "pkg:sourceFile")
_LABEL = " ".join(f"OPTIONAL {{ ?x {p} ?l{i} }}" for i, p in enumerate(LABEL_PROPERTIES))
_PREFIXES = ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
             "PREFIX dcterms: <http://purl.org/dc/terms/> "
             "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ")


def _rows(kg, sparql: str, **bound) -> list[dict]:
    """The rows of a SELECT, as {variable: rdflib term or None}, ``bound`` as IRIs."""
    result = kg.query(_PREFIXES + with_bindings(sparql, {Variable(k): URIRef(v)
                                                        for k, v in bound.items()}))
    names = [str(v) for v in result.vars]
    return [dict(zip(names, row)) for row in result]


def _text(term) -> str | None:
    return None if term is None else str(term)


def kind_of(kg, iri: str) -> str | None:
    """The kind of page an IRI gets (None: the data says nothing of its type but it may still
    have facts; see ``facts``)."""
    types = {str(r["t"]) for r in _rows(kg, "SELECT ?t { ?e a ?t }", e=iri)}
    found = [KINDS[t] for t in types if t in KINDS]
    return min(found, key=_ORDER.index) if found else None


def labels(kg, iris) -> dict[str, str]:
    """A label for each IRI that has one: its preferred label, title or file name."""
    out: dict[str, str] = {}
    wanted = sorted({str(i) for i in iris})
    if not wanted:
        return out
    values = " ".join(URIRef(i).n3() for i in wanted)
    result = kg.query(_PREFIXES + f"SELECT ?x ?l0 ?l1 ?l2 ?l3 {{ VALUES ?x {{ {values} }} "
                      f"{_LABEL} }}")
    for row in result:
        found = next((str(v) for v in row[1:] if v is not None), None)
        if found is not None:
            out.setdefault(str(row[0]), found)
    return out


def facts(kg, iri: str) -> list[dict]:
    """Every (property, value) the data gives the entity, sorted, with the value's kind."""
    rows = _rows(kg, "SELECT ?p ?o { ?e ?p ?o }", e=iri)
    out = [{"property": str(r["p"]), "value": str(r["o"]),
            "iri": isinstance(r["o"], URIRef),
            "datatype": _text(getattr(r["o"], "datatype", None))} for r in rows]
    return sorted(out, key=lambda f: (f["property"], f["value"]))


def sources(kg, iri: str) -> list[dict]:
    """Where the entity's facts come from: each source record with its file, line,
    confidence, sentence, note and the documents it cites."""
    rows = _rows(kg, """
        SELECT ?s ?file ?line ?confidence ?sentence ?note ?method
               (GROUP_CONCAT(DISTINCT STR(?doc); separator=" ") AS ?documents) {
          ?e prov:wasDerivedFrom ?s .
          OPTIONAL { ?s pkg:sourceFile ?file } OPTIONAL { ?s pkg:sourceLine ?line }
          OPTIONAL { ?s pkg:confidence ?confidence } OPTIONAL { ?s pkg:sentence ?sentence }
          OPTIONAL { ?s skos:note ?note } OPTIONAL { ?s pkg:extractionMethod ?method }
          OPTIONAL { ?s prov:hadPrimarySource|dcterms:source ?doc }
        } GROUP BY ?s ?file ?line ?confidence ?sentence ?note ?method""", e=iri)
    out = [{"record": str(r["s"]), "file": _text(r["file"]), "line": _text(r["line"]),
            "confidence": _text(r["confidence"]), "sentence": _text(r["sentence"]),
            "note": _text(r["note"]), "method": _text(r["method"]),
            "documents": sorted(str(r["documents"] or "").split())} for r in rows]
    return sorted(out, key=lambda s: (s["file"] or "", int(s["line"] or 0), s["record"]))


_BIDS = """
    SELECT ?bid ?bidLabel ?title ?role ?round ?roundLabel ?programme ?amount ?member ?name
           (SAMPLE(?written) AS ?asWritten) (SAMPLE(?kind) AS ?matchKind)
           (GROUP_CONCAT(DISTINCT CONCAT(STR(?file), ":", STR(?line)); separator=", ")
            AS ?source) {
        ?m org:organization ?bid ; org:member ?member ; org:role ?role .
      OPTIONAL { ?bid skos:prefLabel ?bidLabel } OPTIONAL { ?bid dcterms:title ?title }
      OPTIONAL { ?bid pkg:round ?round . OPTIONAL { ?round skos:prefLabel ?roundLabel } }
      OPTIONAL { ?bid pkg:programme ?programme } OPTIONAL { ?bid pkg:amountAwarded ?amount }
      OPTIONAL { ?member skos:prefLabel ?name }
      OPTIONAL { ?m pkg:nameMatch ?match . ?match pkg:sourceName ?written ;
                 pkg:matchKind ?kind }
      OPTIONAL { ?m prov:wasDerivedFrom ?s . ?s pkg:sourceFile ?file ; pkg:sourceLine ?line }
    } GROUP BY ?bid ?bidLabel ?title ?role ?round ?roundLabel ?programme ?amount ?member ?name
"""


def _participations(kg, **bound) -> list[dict]:
    """Memberships with their bids, one row per membership, ``bound`` as ``bid``."""
    rows = _rows(kg, _BIDS, **bound)
    out = [{"bid": str(r["bid"]), "bid_label": _text(r["bidLabel"]) or str(r["bid"]),
            "title": _text(r["title"]),
            "role": "lead" if str(r["role"]).endswith("LeadPartner") else "partner",
            "round": _text(r["round"]), "round_label": _text(r["roundLabel"]),
            "programme": _text(r["programme"]),
            "amount": amount(r["amount"].toPython()) if r["amount"] is not None else None,
            "member": str(r["member"]), "name": _text(r["name"]) or str(r["member"]),
            "as_written": _text(r["asWritten"]), "match": _text(r["matchKind"]),
            "source": _text(r["source"]) or ""} for r in rows]
    return out


def read_at(kg, iri: str, bids: list[str]) -> dict[str, str]:
    """{bid: "file:line, ..."}: where the organisation's membership of each of ``bids`` was
    read."""
    if not bids:
        return {}
    values = " ".join(URIRef(b).n3() for b in sorted(set(bids)))
    rows = _rows(kg, f"""
        SELECT ?bid (GROUP_CONCAT(DISTINCT CONCAT(STR(?file), ":", STR(?line));
                                  separator=", ") AS ?source) {{
          VALUES ?bid {{ {values} }}
          ?m org:organization ?bid ; org:member ?e ; prov:wasDerivedFrom ?s .
          ?s pkg:sourceFile ?file ; pkg:sourceLine ?line .
        }} GROUP BY ?bid""", e=iri)
    return {str(r["bid"]): str(r["source"]) for r in rows}


def members_of(kg, iri: str) -> list[dict]:
    """The bid's members: leads first, then by name."""
    rows = _participations(kg, bid=iri)
    return sorted(rows, key=lambda r: (r["role"] != "lead", r["name"], r["member"]))


def bid_places(kg) -> dict[str, tuple[str | None, str | None]]:
    """{bid: (its programme, its round)} for every bid."""
    rows = kg.select("SELECT ?bid ?programme ?round { ?bid a <https://w3id.org/partnerkg/Bid> "
                     "OPTIONAL { ?bid <https://w3id.org/partnerkg/programme> ?programme } "
                     "OPTIONAL { ?bid <https://w3id.org/partnerkg/round> ?round } }")[1]
    return {bid: (programme, round_) for bid, programme, round_ in rows}


def rounds_of(kg, iri: str) -> list[dict]:
    """The rounds of a programme, with the bids the data holds and what the sources state."""
    rows = _rows(kg, """
        SELECT ?round ?label ?statedBids ?statedAmount (COUNT(DISTINCT ?bid) AS ?bids) {
          ?round dcterms:isPartOf ?e . OPTIONAL { ?round skos:prefLabel ?label }
          OPTIONAL { ?round pkg:statedBidCount ?statedBids }
          OPTIONAL { ?round pkg:statedAmount ?statedAmount }
          OPTIONAL { ?bid pkg:round ?round }
        } GROUP BY ?round ?label ?statedBids ?statedAmount""", e=iri)
    out = [{"round": str(r["round"]), "label": _text(r["label"]) or str(r["round"]),
            "bids": int(r["bids"]), "stated_bids": _text(r["statedBids"]),
            "stated_amount": amount(r["statedAmount"].toPython())
            if r["statedAmount"] is not None else None} for r in rows]
    return sorted(out, key=lambda r: r["label"])


def successors(kg, iri: str) -> dict[str, list[dict]]:
    """The bodies that took the organisation's place ("successors") and those whose place it
    took ("predecessors"), each with the date of the change."""
    out = {}
    for key, mine, other in (("successors", "originalOrganization", "resultingOrganization"),
                             ("predecessors", "resultingOrganization", "originalOrganization")):
        rows = _rows(kg, f"""
            SELECT ?body ?name ?date {{ ?c a org:ChangeEvent ; org:{mine} ?e ; org:{other} ?body .
              OPTIONAL {{ ?c dcterms:date ?date }} OPTIONAL {{ ?body skos:prefLabel ?name }} }}""",
                     e=iri)
        out[key] = sorted(({"body": str(r["body"]), "name": _text(r["name"]) or str(r["body"]),
                            "date": _text(r["date"])} for r in rows),
                          key=lambda r: (r["date"] or "", r["name"]))
    return out

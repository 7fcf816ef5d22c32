"""The ontology: the vocabulary every stage writes and reads (W3C ORG, PROV-O, SKOS sectors and
partnerkg's own terms), its Turtle file and SHACL shapes.

Takes nothing; hands on the IRIs in one place, so a typo raises instead of minting a new term.
"""

from __future__ import annotations

from importlib import resources

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from .sectors import SECTOR_LABELS, SECTORS, sector_key

__all__ = ["PKG", "SECTOR", "ID", "ORG", "GEO", "PROV", "ontology_path", "shapes_path", "SECTORS",
           "SECTOR_LABELS", "sector_key", "GRAPH_IRI", "CACHE_GRAPH_IRI"]

ORG = Namespace("http://www.w3.org/ns/org#")
#: W3C's WGS84 vocabulary: where a body a user adds to the register stands (geo:lat, geo:long).
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
PROV = Namespace("http://www.w3.org/ns/prov#")
ID = Namespace("https://w3id.org/partnerkg/id/")
GRAPH_IRI = URIRef("https://w3id.org/partnerkg/graph/main")
#: Where computed results are kept (see ``graph.cache``); never part of the data.
CACHE_GRAPH_IRI = URIRef("https://w3id.org/partnerkg/graph/cache")


class PKG(DefinedNamespace):
    """Terms defined in ``ontology/partnerkg.ttl``."""

    _fail = True
    _NS = Namespace("https://w3id.org/partnerkg/")

    Bid: URIRef
    FundingProgramme: URIRef
    FundingRound: URIRef
    SourceRecord: URIRef
    SourceFile: URIRef
    locator: URIRef
    contentDigest: URIRef
    programme: URIRef
    round: URIRef
    amountAwarded: URIRef
    funder: URIRef
    recipientArea: URIRef
    beneficiaryArea: URIRef
    recipientPostcode: URIRef
    statedMemberCount: URIRef
    statedBidCount: URIRef
    statedAmount: URIRef
    confidence: URIRef
    sourceFile: URIRef
    sourceLine: URIRef
    identifier: URIRef
    NameMatch: URIRef
    nameMatch: URIRef
    sourceName: URIRef
    sourceIdentifier: URIRef
    matchKind: URIRef
    matchScore: URIRef
    matchedOrganisation: URIRef
    gssCode: URIRef
    region: URIRef
    sentence: URIRef
    charStart: URIRef
    charEnd: URIRef
    extractionMethod: URIRef
    cachedResult: URIRef
    dataVersion: URIRef
    unnamedParticipantSector: URIRef
    startDate: URIRef
    endDate: URIRef
    LeadPartner: URIRef
    Partner: URIRef
    sectors: URIRef


SECTOR = Namespace("https://w3id.org/partnerkg/sector/")


def ontology_path():
    return resources.files(__package__).joinpath("partnerkg.ttl")


def shapes_path():
    return resources.files(__package__).joinpath("shapes.ttl")

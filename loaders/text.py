"""Partnerships read out of press releases, news, reports and lists, by document structure.

The text is read in four steps:

1. **Layout**: the headline and header lines, paragraphs and their sentences, list items,
   question-and-answer pairs and tables pasted as text (``|`` or tab separated) become units.
2. **Mentions** (``mentions``): every body named, by the register (handed in as ``gazetteer``,
   a resolver) and by the shape of organisation names; short forms ("the council", "the PCC",
   "we") pointed at the body they stand for.
3. **Money** (``money``): every sum, classed by its context as an award, a saving or target, a
   fund total, a contribution, a cost or a sum asked for. Each award is an event.
4. **Association**: each award takes its recipient from its own clause (the subject of the
   award verb, "goes to X", "led by X", the first name of an amount-first list item, a table's
   lead column), else from the paragraph, else from the headline; the bodies beside it and
   those named by "on behalf of", "includes", "together with", "working with", "submitted
   jointly by", "also part of" ... in the same paragraph (or anywhere, when a document
   announces one award) become its partners. Bodies in a sentence that says they withdrew,
   declined, were consulted or are not partners, and government departments, are left out.

Each fact keeps its sentence, character span and a confidence; generic mentions ("local police
and fire services") are kept as unnamed participants of a sector; the document's date,
programme and round are read too. Every step is linear in the text's length.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..core.errors import LoaderError
from ..core.names import clean, normalise_name, slugify
from ..core.records import LEAD, PARTNER, Bid, Participation, Records, Source
from .layout import Unit, layout
from .mentions import CENTRAL, Mention, find_mentions, resolve_short_forms
from .money import AWARD_VERB, Money, money_mentions, sum_in_cell

__all__ = ["ExtractedBid", "Evidence", "extract_text", "extract_file", "load_text",
           "text_records", "without_restated", "amount_json", "CONFIDENCE"]

#: Confidence of each way a bid's lead or a partner is found.
CONFIDENCE = {"led-by": Decimal("0.8"), "awarded": Decimal("0.8"), "list-line": Decimal("0.7"),
              "table": Decimal("0.8"), "item": Decimal("0.75"), "recipient": Decimal("0.75"),
              "context": Decimal("0.6"), "joint": Decimal("0.7"), "place": Decimal("0.5"),
              "partner": Decimal("0.75")}

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_NUMBERS = {w: i for i, w in enumerate(
    ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
     "fifteen sixteen seventeen eighteen nineteen twenty").split())}
_NUMBER = r"(?:\d{1,3}|" + "|".join(_NUMBERS) + r")"
_STRONG = re.compile(rf"\b(?P<n>{_NUMBER})-strong\b", re.I)
_OTHER_ORGS = re.compile(rf"\bwith\s+(?P<n>{_NUMBER})\s+other\b", re.I)
_COUNT = re.compile(rf"\b(?P<n>{_NUMBER})\s+(?:[a-z-]+\s+){{0,3}}?(?:councils|authorities|"
                    r"organisations|organizations|partners|bodies|agencies|districts|boroughs)\b",
                    re.I)
_COUNT_WORDS = re.compile(r"strong|other|councils|authorities|organi[sz]ations|partners|bodies|"
                          r"agencies|districts|boroughs", re.I)
_GENERIC = re.compile(r"\b(?:local\s+|other\s+|the\s+)?(?P<what>police|fire(?:\s+and\s+rescue)?|"
                      r"health|nhs|clinical\s+commissioning|voluntary|community|housing|"
                      r"education|schools?|colleges?)(?:\s+and\s+(?P<what2>police|fire|health|"
                      r"voluntary|community))?\s+(?:services|bodies|groups|partners|sector|"
                      r"organisations|trusts|providers|group|forces?)\b", re.I)
_GENERIC_SECTORS = {"police": "police", "fire": "fire-and-rescue", "health": "health",
                    "nhs": "health", "clinical": "health", "voluntary": "voluntary-and-community",
                    "community": "voluntary-and-community", "housing": "housing",
                    "education": "education", "school": "education", "college": "education"}
_DATE = re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m>jan|feb|mar|apr|may|jun|jul|aug|"
                   r"sep|oct|nov|dec)[a-z]*\.?,?\s+(?P<y>\d{4}|\d{2})\b", re.I)
_ROUND = re.compile(r"\b20(?P<a>\d\d)\s*(?:to|-|–|/)\s*(?:20)?(?P<b>\d\d)\b")
_SITE = re.compile(r"\b(?:hospital|infirmary|centre|center|school|academy|station|hall|"
                   r"library|prison|campus)$", re.I)
_AT = re.compile(r"\b(?:at|in|inside|outside)\s+(?:the\s+)?$", re.I)
_PARTNERSHIP = re.compile(r"\b(?:partnership|alliance|consortium)$", re.I)
_ON_BEHALF_OF = re.compile(r"\bon behalf of\s+(?:the\s+)?(?:[A-Z][\w'’&-]*\s+(?:and\s+|of\s+)?)*$")
#: "..., while X's bid was not funded": what follows is another matter
_CONTRAST = re.compile(r",?\s+(?:while|whilst|whereas|but)\s", re.I)
#: Between a name and the bracket of its sum: at most the plural head of a list of names.
_HEAD_GAP = re.compile(r"\s*(?:(?:borough|district|county|city)\s+)?(?:councils?|authorities|"
                       r"forces|services|trusts|boards)?\s*(?:\(|[–—]|\s-)\s*", re.I)
#: What ends a comma clause: a semicolon, or a comma that is not a thousands mark ("£640,000")
_CLAUSE_COMMA = re.compile(r";|,(?!\d{3}\b)")
#: A body named by a kind alone, and the area kind of each: "Police and Crime Commissioner"
_OWN_KIND = re.compile(r"(?i)(?:the\s+)?(?:(?P<pcc>police,?\s+(?:fire\s+)?and\s+crime\s+"
                       r"commissioner)|(?P<fire>fire\s+and\s+rescue\s+(?:service|authority)|"
                       r"fire\s+(?:service|authority))|(?P<police>police(?:\s+force)?|"
                       r"constabulary)|(?P<council>(?:county\s+|city\s+|borough\s+|district\s+)?"
                       r"council))")
#: "Cumbria's ", "Tyne and Wear's own "
_OWNER = re.compile(r"(?<![\w'’-])(?P<place>[A-Z][a-z]+(?:[ -](?:and|&|upon|on|[A-Z][a-z]+))*)"
                    r"['’]s\s+(?:own\s+|new\s+)?$")
#: "The X Partnership comprises: ...", "X Partnership, which brings together ...": X itself
_COMPRISES = re.compile(r"\s*(?:\([^)]{1,15}\)\s*)?,?\s*(?:which\s+|that\s+)?(?:comprises|is made up "
                        r"of|brings together|consists of|includes|is formed of)\b", re.I)
_OWNED = re.compile(r"(?P<place>[A-Z][a-z]+(?:[ -](?:and|&|upon|on|[A-Z][a-z]+))*)['’]s\s+"
                    r"(?P<kind>.+)")
#: Between two names of one run: "A, B and, jointly, the C"
_RUN_GAP = re.compile(r"\s*(?:,|&|and\b|,\s*and\b)\s*(?:,?\s*(?:jointly|together),?\s*)?"
                      r"(?:the\s+)?", re.I)
#: A sum set off after the names it goes to: "Derbyshire (£415,000)", "Derbyshire – £415,000 –"
_SET_OFF = re.compile(r"(?:\(|[–—]|\s-)\s*$")
#: How far back in a paragraph a body is looked for (a paragraph of a whole file is read a
#: bounded way back, so that reading stays linear in the text).
_CONTEXT_CHARS = 3000
#: A bid not (yet) funded.
_UNDECIDED = re.compile(r"\b(?:still being considered|being considered|under consideration|"
                        r"reserve list|could still|shortlisted|"
                        r"decision (?:is )?expected|deferred|held over|not (?:been )?successful|"
                        r"unsuccessful|rejected|turned down|not funded|was refused|awaiting)\b",
                        re.I)
#: "The seven councils are:", "Partners involved:": a list of the members follows
_LIST_INTRO = re.compile(r"\b(?:councils|authorities|organisations|organizations|bodies|members|"
                         r"partners|forces|services|trusts|agencies|charities)\s+(?:are|were|"
                         r"involved|include|taking part)?\s*:\s*$", re.I)
_NOT_RECEIVED = re.compile(r"\b(?:did not|didn't|does not|doesn't|not|never|failed to)\s+"
                           r"(?:\w+\s+)?(?:receive|win|get|secure|land)\b|\bshortlisted\b", re.I)
#: A sentence that speaks of the partnership of an award stated before it.
_ANAPHOR = re.compile(r"\b(?:the|its|their)\s+(?:partnership|partners|consortium|bid|members|"
                      r"alliance|collaboration|group)\b", re.I)
#: "... chair of the Essex Violence and Vulnerability Partnership, said": a body in a person's
#: post is not for that a partner.
_TITLE_OF = re.compile(r"\b(?:chair(?:man|woman|person)?|vice[- ]chair|co-chair|convenor|"
                       r"chief executive|director|head|leader|deputy leader|member|members|"
                       r"trustee|secretary|president|spokes(?:man|woman|person)|officer|"
                       r"manager|lead|board member|clerk|mayor)\s+(?:of|for|at)\s+(?:the\s+)?$",
                       re.I)
#: A place stands for a bidder only as an entry of a list of names: after its start, a comma,
#: "and", "to", "with", "are", "including" or a bracket, and before a dash, bracket, comma, "and" or "with".
_BIDDER_BEFORE = re.compile(r"(?:^[\s•*·\-–\d.()]*|[,(;:–—]\s*|\b(?:and|to|with|between|by|are|were|include|included|including|on behalf of)\s+)"
                            r"(?:the\s+)?$", re.I | re.M)
_BIDDER_AFTER = re.compile(r"\s*(?:[-–—(,;:).£]|and\b|with\b|each\b|$|"
                           r"(?:councils|authorities|boroughs|forces|services)\s*[-–—(,;:)]|"
                           r"(?:(?:will|has|have|had|"
                           r"was|were|is|are)\s+)?(?:been\s+)?(?:receiv|award|given|granted|"
                           r"gets?\b|got\b|won\b|wins?\b|secur|land|lead\b|leads\b|"
                           r"is leading\b|heads\b))", re.I)
#: Between two sums of a list that names each one's bidder: "A will receive £1.8m, B £1.3m
#: and C £700,000"
_SUM_LIST_GAP = re.compile(r"[\s,;)]*(?:and\s+)?(?:the\s+)?[A-Z][\w'’&-]*(?:[ -](?:and|of|upon|"
                           r"on|the|[A-Z][\w'’&-]*))*\s*[(:–-]?\s*")
#: Which kind of body the bidders of a list are, from its words; and each kind's names.
_AREA_KINDS = [
    ("pcc", re.compile(r"\b(?:police and crime commissioners|PCCs)\b", re.I)),
    ("fire", re.compile(r"\bfire (?:and rescue )?(?:authorities|services)\b", re.I)),
    ("police", re.compile(r"\b(?:police forces|forces|constabularies)\b", re.I)),
    ("council", re.compile(r"\b(?:councils|local authorities|boroughs|districts|"
                           r"county councils|unitary authorities)\b", re.I))]
#: A capitalised place name, "and" or "upon" inside ("Devon and Somerset", "Tyne and Wear").
_AREA = re.compile(r"(?<![\w'’-])(?:the\s+)?(?P<name>[A-Z][a-z]+(?:[ -](?:and|&|upon|on|under|"
                   r"of|the|[A-Z][a-z]+))*(?<![ -]and)(?<![ -]of)(?<![ -]the)(?<![ -]&))")
_AREA_NAMES = {
    "pcc": ["Police and Crime Commissioner for {}"],
    "fire": ["{} Fire and Rescue Service", "{} Fire and Rescue Authority", "{} Fire Authority"],
    "police": ["{} Police", "{} Constabulary"],
    "council": ["{} Council", "{} County Council", "London Borough of {}", "{} City Council",
                "{} Borough Council", "{} District Council", "{} Metropolitan Borough Council"]}
#: "A, B and C councils each receive £210,000"
_EACH_BEFORE = re.compile(r"\beach\s+(?:(?:will|to)\s+)?(?:receiv\w*|get\w*|gets|won|win\w*|"
                          r"secur\w*|been\s+awarded|awarded|have\s+been\s+given|given)\s+"
                          r"(?:up\s+to\s+)?$", re.I)
_EACH = re.compile(r"\s*(?:each|apiece|a piece)\b|\s*\)?\s*(?:for|to)\s+each\b", re.I)
_PROGRAMME = re.compile(r"\b((?:[A-Z][a-z]+\s){1,4}(?:Award|Fund|Programme))\b")

# --- association ---------------------------------------------------------------------------------
def _words(*phrases: str) -> str:
    return r"\b(?:" + "|".join(phrases) + r")\b"


# what says a body is not in a bid, wherever it is said
_NOT_IN_IT = (r"not (?:a |an |one of the )?(?:partners?|part(?: of)?|involved|eligible|taking part|"
              r"included|a member|signator(?:y|ies))", r"withdr[ae]w\w*", "pulled out", "declined",
              "decided not", "chose not", "chosen not", "consulted", "kept informed",
              "unsuccessful", "missed out", "rejected", "turned down", "no part", "no role",
              "opted out", "stepped back", "also bid", "is also bidding", "rival",
              r"neither (?:\w+ ){0,2}(?:is|are|was|were|will be) (?:a |an )?(?:part|partners?|"
              r"members?|involved)", "discussed with", r"as (?:an? )?advis\w+",
              r"neither (?:\w+ ){0,2}receives?", r"(?:has|have|had) advised",
              r"(?:has|have|had) backed")
# in a body's own clause only: too common to condemn a whole sentence
_NEGATIVE = re.compile(_words(
    *_NOT_IN_IT, # "a separate bid" leaves a body out; "for separate pilots", "the separate award of £N to
    # it" do not
    r"(?<!for )separate(?!\s+(?:awards?|grants?|allocations?|funding|sums?|payments?)\b)",
    "failed", "could not", "couldn't", "cannot", "did not", "does not",
    "was not", "were not", "is not", "are not", "isn't", "aren't", "wasn't", "compared",
    "comparison", "by contrast", "unlike", "praised", "not taking", "outside the", "will not",
    "won't", "no longer", "instead of", "funded by", "funder", r"evaluat\w+", r"audit\w*"), re.I)
# said anywhere in a sentence without an award, these leave out every body it names
_NOT_PARTNERS = re.compile(_words(
    *_NOT_IN_IT, "alone", "on (?:its|their) own", "by itself", "sole bidder", "separately",
    "separate bid", "(?:wasn't|was not|were not|weren't|not) successful", "second bid",
    "third bid", "shortlisted", "reserve list", "could still", r"(?:did not|didn't|does not|will not|not) (?:\w+ )?receive",
    "another bid", "a further bid", "also applied", "has applied", "have applied",
    "still being assessed", "awaiting", "decision on that bid", "did not meet",
    "not meet the criteria", "could not be supported", "not be supported", "not supported",
    "not funded", "(?:was|were) invited to", "has decided to", "have decided to",
    r"welcom\w+ (?:the|this|today's) (?:award|announcement|news|funding|decision|grant|money)",
    "such as those", "such as",
    "decided to (?:carry on|wait|stay|continue|keep)"), re.I)
_ANY_NEGATIVE = re.compile(f"(?:{_NEGATIVE.pattern})|(?:{_NOT_PARTNERS.pattern})", re.I)
# words that make the bodies named after them places or services, not partners
_DESCRIBES = re.compile(r"\b(?:which|who|that) (?:runs?|provides?|operates?|manages?|serves?)|"
                        r"\b(?:run by|home to|serving|based at|based in|sited at|located at|"
                        r"housed at|covering)\b", re.I)
_APPOSITION = re.compile(r",\s*(?:which|who|whose|a|an|the|its|their)\b", re.I)
_AWARDED_IT = re.compile(
    r"\b(?:has|have|had|was|were)\s+(?:now\s+|also\s+|today\s+)?(?:been\s+)?(?:awarded|granted|"
    r"given|handed|allocated|secured|won|landed|received)\s+(?:(?:the|this|that|its|their|new|"
    r"government|extra|additional)\s+)?(?:money|funding|grant|award|cash|sum)\b|"
    r"\b(?:secures?|secured|wins?|won|lands?|landed|receives?|received)\s+(?:(?:the|this|new|"
    r"government|extra)\s+)?(?:money|funding|grant|award|cash)\b|"
    r"\b(?:was|were|has been|have been)\s+(?:also\s+)?successful\b|"
    # "East Suffolk Council will hold the money": the accountable body of a sum said before
    r"\b(?:will|is to|are to)\s+(?:hold|manage|administer)\s+(?:the|this)\s+(?:money|funding|"
    r"grant|award|cash)\b|\b(?:will\s+act|acts|is\s+acting)\s+as\s+(?:the\s+)?accountable\s+body\b",
    re.I)
#: England's regions: "in the North West" is where, not who
_REGION = re.compile(r"(?i)(?:the\s+)?(?:north\s+west|north\s+east|south\s+west|south\s+east|"
                     r"east\s+midlands|west\s+midlands|yorkshire\s+and\s+the\s+humber|"
                     r"east\s+of\s+england|east\s+midlands\s+and\s+the\s+humber|the\s+north|"
                     r"the\s+midlands)")
_WHERE = re.compile(r"\b(?:in|across|throughout|around|of|from)\s+(?:the\s+)?$", re.I)
#: "A consortium of nine organisations – ...": the subject is the whole partnership
_COLLECTIVE_SUBJECT = re.compile(r"\b(?:a|the)\s+(?:consortium|partnership|group|coalition|"
                                 r"alliance|collaboration)\s+of\b", re.I)
#: "Three partnerships ... have been awarded £450,000 each"
_SHARED_BY = re.compile(rf"\b(?P<n>{_NUMBER})\s+(?:[a-z-]+\s+){{0,2}}?(?:partnerships|bids|"
                        r"projects|schemes|consortia|alliances|collaborations)\b", re.I)
_JOINTLY = re.compile(r"\bjoint(?:ly)?\b|\btogether\b|\bbetween them\b", re.I)
#: "X Community Foundation has awarded us £18,000": X is the funder
_GAVE_US = re.compile(r"\s+(?:has|have|had|will\s+have)?\s*(?:now\s+|also\s+)?(?:awarded|granted|given|"
                      r"handed)\s+(?:us|them|it|him|her)\b", re.I)
_AWARD_NOUN = re.compile(r"money|funding|grant|award|cash|successful|accountable", re.I)
_ROW_REFUSED = re.compile(r"\b(?:withdrawn|rejected|unsuccessful|not successful|not approved|"
                          r"declined|refused|requested|not funded|(?:decision\s+)?pending|deferred|"
                          r"under consideration|awaiting(?: a)? decision|shortlisted|reserve list)\b",
                          re.I)
# "the Home Office's Safer Streets Fund", "the Warm Homes: Social Housing Fund"
_FUNDS = re.compile(r"(?:['’]s|:)\s+(?:[A-Z][\w-]*\s+){0,4}(?:Fund|Programme|Award|Grant|Scheme)\b")
_LED_BY = re.compile(r"\b(?:led by|headed by|fronted by|coordinated by|(?:the\s+)?lead(?:\s+"
                     r"(?:partner|body|authority|bidder|organisation))?\s*:|lead partner is|"
                     r"lead authority is|lead body is)\s+(?:the\s+)?", re.I)
_LEADS = re.compile(
    r"^[\s,]*(?:\([A-Z][\w&-]{1,14}\)\s*)?"  # "X (HIWFRS) will lead ..."
    r"(?:-led\b|\((?:the\s+)?lead(?:\s+\w+)?\)|(?:(?!with\b)[\w,]+\s+){0,5}?as (?:the )?lead\b|"
    r",?\s*(?:which|who)?\s*(?:leads|led|is leading|heads|headed|is heading|"
    r"will lead|is the lead|leading|holds? the grant|will hold the grant|"
    r"is the accountable body|as (?:the )?accountable body|(?:will |should |to )?act(?:s|ing)? as "
    r"(?:the )?(?:lead|accountable body)|is the lead (?:bidder|body|"
    r"partner|authority|organisation)|has led|led the bid|led the))\b", re.I)
_LEAD_WORDS = re.compile(r"\b(?:led by|leads|leading|will lead|lead (?:bidder|body|authority|partner|"
                         r"organisation)|accountable body|holds? the grant|on behalf of|"
                         r"act(?:s|ing)? as (?:the )?lead)\b", re.I)
#: "X (OPCC) bid on behalf of ...", "X, which applied on behalf of ...": X leads
_BIDS_ON_BEHALF = re.compile(r"[\s,]*(?:\([^)]{1,15}\)\s*)?(?:(?:which|who)\s+)?(?:(?:has|have)\s+)?"
                             r"(?:(?:bid|bids|applied|(?:submitted|put in|made|led) (?:a|an|the|its) "
                             r"(?:bid|application))\s+)?on behalf of\b", re.I)
# words that name partners ("... on behalf of A, B and C", "A and B are also part of it")
_NAMED_CUES = ("on behalf of", "includ(?:es|ing|e)", "together with", "alongside", "working with",
               "works with", "work with", "worked with", "in partnership with", "jointly",
               "partners?", "also part of", r"signator\w+", "brings? together", "bringing together",
               "made up of", "consists? of", "comprises", "comprising", "supported by",
               "joined by", "involves", "involving", "involved", "backed by", "collaboration",
               "consortium", "partnership", "taking part", r"participat\w+", "signed up",
               "on board", "join(?:ed|s|ing)?", "teaming up", "joining forces", "led jointly",
               "co-ordinated", "coordinated", r"members?\s+(?:are|is|include)",
               "member organisations", "as well as", r"(?:they|the others) are",
               r"(?:those|these|the other)\s+(?:\w+\s+)?(?:districts|councils|authorities|partners|"
               r"organisations|bodies|members|forces|trusts|colleges)\s+(?:are|include)",
               # "X and Y will use the grant to ...": the bodies it was given to
               r"will use (?:the|its|their) (?:grant|money|award|funding)")
_NAMED_CUE = re.compile(_words(*_NAMED_CUES), re.I)
_PARTNER_CUE = re.compile(_words(*_NAMED_CUES, "with"), re.I)  # a bare "with" too
_ANY_CUE = re.compile(f"(?:{_PARTNER_CUE.pattern})|(?:{_LEAD_WORDS.pattern})", re.I)
_WITH_CUE = re.compile(r"\b(?:with|alongside|together with|working with|in partnership with|"
                       r"including|supported by|and partners|on behalf of)\s*(?:the\s+)?$",
                       re.I)
_LEAD_FIRST = re.compile(r"\b(?:lead\w*[^.\n]{0,40}\bnamed first|named first[^.\n]{0,40}"
                         r"\blead|first[- ]named[^.\n]{0,30}\blead)", re.I)
_TO_RECIPIENT = re.compile(r"(?:\bto|\bfor|goes to|go to|went to|made to|\bby|[–:-])\s+"
                           r"(?:the\s+|a\s+|an\s+)?[^£.;]{0,60}$", re.I)
_LIST_LINE = re.compile(r"^\s*(?:[-•*]\s+)?(?P<org>[^-–:\n]{3,80}?)\s+[-–]\s+"
                        r"(?P<title>[^\n]{3,120}?)\s+[-–]\s+")


@dataclass(frozen=True)
class Evidence:
    sentence: str
    start: int
    end: int
    line: int


@dataclass
class ExtractedBid:
    """One bid found in a text, with the sentences it came from."""

    lead: str | None
    partners: list[str] = field(default_factory=list)
    amount_gbp: Decimal | None = None
    amount_note: str = ""
    partner_count_stated: int | None = None
    title: str = ""
    place: str = ""
    unnamed: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    confidence: Decimal = Decimal("0.5")
    rule: str = ""
    left_out: list[str] = field(default_factory=list)

    def as_dict(self, document: dict) -> dict:
        return {
            "lead": self.lead, "partners": self.partners,
            "amount_gbp": amount_json(self.amount_gbp),
            "amount_note": self.amount_note or None,
            "partner_count_stated": self.partner_count_stated, "title": self.title or None,
            "place": self.place or None, "unnamed_participants": self.unnamed,
            "programme": document["programme"], "round": document["round"],
            "date": document["date"], "document": document["document"],
            "evidence": [{"sentence": e.sentence, "span": [e.start, e.end], "line": e.line}
                         for e in self.evidence],
            "confidence": float(self.confidence), "rule": self.rule,
            "left_out": self.left_out,
        }


def amount_json(amount: Decimal | None):
    """An amount as JSON shows it: a whole number of pounds as an integer, pence as text.

    >>> amount_json(Decimal("1200000")), amount_json(Decimal("80000.50")), amount_json(None)
    (1200000, '80000.50', None)
    """
    if amount is None:
        return None
    return int(amount) if amount == amount.to_integral() else str(amount)


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _NUMBERS[text.lower()]


# --- association ---------------------------------------------------------------------------------
@dataclass
class _Event:
    unit: Unit
    money: object | None
    lead: Mention | None = None
    partners: list[Mention] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    rule: str = ""
    lead_from_context: bool = False
    joint: bool = False
    place: str = ""
    title: str = ""
    pending: bool = False  # a recipient whose sum is stated in another sentence
    # "Three partnerships have been awarded £450,000 each": how many are told of after (-1:
    # this is one of them, never merged with another by its sum)
    shares: int = 0


class _Reader:
    """Extraction over one document."""

    def __init__(self, text: str, name: str, gazetteer) -> None:
        self.text, self.name = text, name
        self.mentions = find_mentions(text, gazetteer)
        self.money = money_mentions(text)
        self.units = layout(text)
        self._starts = [m.start for m in self.mentions]
        self._money_starts = [m.start for m in self.money]
        self._line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        self.lead_first = _LEAD_FIRST.search(text) is not None
        self.left_out: dict[int, list[str]] = {}
        self._unit_cues: dict[int, dict] = {}  # unit start -> why bodies there were left out
        self._unit_starts = [u.start for u in self.units]
        self._paragraph_first: dict[int, int] = {}  # paragraph -> index of its first unit
        for index, unit in enumerate(self.units):
            self._paragraph_first.setdefault(unit.paragraph, index)
        self.gazetteer = gazetteer
        self.mentions = self.with_areas(self.with_owners(self.mentions))
        self._starts = [m.start for m in self.mentions]
        self._headlines = []  # (start, first body named) of each headline or header line
        for unit in self.units:
            if unit.kind == "title":
                named = [m for m in self.mentions_in(unit.start, unit.end)
                         if not self.excluded(m, unit)]
                if named:
                    self._headlines.append((unit.start, named[0]))
        self._headline_starts = [start for start, _ in self._headlines]

    def with_areas(self, mentions: list[Mention]) -> list[Mention]:
        """Bidders named by their area alone where a sentence lists bidders of one kind
        ("councils", "fire and rescue authorities", "forces"): "Cheshire – £2.1m" among fire
        authorities is Cheshire Fire and Rescue Service, "Devon and Somerset" its one authority.
        A name is taken only where the register knows exactly one body of that kind by it, and
        only in a bidder's place in a list (after its start, a comma, "and", "to", "with" or a
        bracket; before a dash, bracket, comma, "and" or "with")."""
        added: list[Mention] = []
        starts = [m.start for m in mentions]
        for unit in self.units:
            said = self.text[unit.start:unit.end]
            if unit.kind != "item" and "£" not in said and "GBP" not in said and \
                    not _NAMED_CUE.search(said):
                continue  # bidders are listed beside a sum, in a list, or after a partner cue
            kind = None
            def named(a: int, b: int) -> bool:  # already (part of) a body's name
                i = bisect.bisect_left(starts, a)
                return any(m.start < b and m.end > a and m.kind != "place"
                           for m in mentions[max(0, i - 1):i + 4])

            for match in _AREA.finditer(self.text, unit.start, unit.end):
                a, b = match.span("name")
                if not _BIDDER_BEFORE.search(self.text[max(unit.start, a - 80):a]) or \
                        not _BIDDER_AFTER.match(self.text, b):
                    continue
                if kind is None:
                    first = self.units[self._paragraph_first[unit.paragraph]]
                    context = (said, self.text[max(first.start, unit.start - _CONTEXT_CHARS):
                                               unit.end], self.text[:600])
                    kind = next((k for where in context for k, cue in _AREA_KINDS
                                 if cue.search(where)), "")
                if not kind:
                    break
                phrase = " ".join(match["name"].split())
                whole = self.area_body(phrase, kind) if not named(a, b) else None
                if whole is not None:
                    added.append(Mention(a, b, whole[1], "org", whole[0]))
                    continue
                # "Warrington and the Halton and St Helens councils", "Hampshire and Isle of
                # Wight and Devon and Somerset": the longest runs of parts the register knows
                parts = [(a + p.start("n"), a + p.end("n")) for p in re.finditer(
                    r"(?:(?<=^)|(?<=\sand\s))(?:the\s+)?(?P<n>[A-Z].*?)(?=\s+and\s+|$)",
                    match["name"])]
                i = 0
                while i < len(parts):
                    taken = i + 1
                    for j in range(len(parts), i, -1):
                        at, end = parts[i][0], parts[j - 1][1]
                        if named(at, end) or not _BIDDER_AFTER.match(self.text, end):
                            continue
                        one = self.area_body(" ".join(self.text[at:end].split()), kind)
                        if one is not None:
                            added.append(Mention(at, end, one[1], "org", one[0]))
                            taken = j
                            break
                    i = taken
        if not added:
            return mentions
        spans = sorted((m.start, m.end) for m in added)
        kept = [m for m in mentions if not any(a < m.end and m.start < b for a, b in spans)]
        found = sorted(kept + added, key=lambda m: m.start)
        resolve_short_forms(found, self.text)  # "the force" may be a body named by its area
        return found

    def with_owners(self, mentions: list[Mention]) -> list[Mention]:
        """A body of a kind named by its area's possessive: "Cumbria's Police and Crime
        Commissioner" is the Police and Crime Commissioner for Cumbria, "Surrey's fire and
        rescue service" Surrey Fire and Rescue Service, where the register knows one such."""
        out = []
        for m in mentions:
            whole, start = None, m.start
            if m.kind == "org" and not m.body:
                inside = _OWNED.fullmatch(m.name)  # "Cheshire's Police and Crime Commissioner"
                kind = _OWN_KIND.fullmatch(inside["kind"] if inside else m.name)
                owner = None if inside or not kind else _OWNER.search(
                    self.text, max(0, m.start - 60), m.start)
                place = inside["place"] if inside else owner["place"] if owner else None
                if kind and place:
                    whole = self.area_body(" ".join(place.split()), kind.lastgroup)
                    start = m.start if inside else owner.start("place")
            out.append(Mention(start, m.end, whole[1], "org", whole[0]) if whole else m)
        return out

    def area_body(self, place: str, kind: str) -> tuple[str, str] | None:
        """(register id, name) of the one body of ``kind`` the register knows for ``place``."""
        bodies: dict[str, str] = {}
        for pattern in _AREA_NAMES[kind]:
            found = self.gazetteer.lookup(pattern.format(place))
            if found:
                bodies.setdefault(found.body.id, pattern.format(place))
        return next(iter(bodies.items())) if len(bodies) == 1 else None

    # --- lookups ---------------------------------------------------------------------------
    def mentions_in(self, start: int, end: int, kinds=("org", "short", "we")) -> list[Mention]:
        i = bisect.bisect_left(self._starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            m = self.mentions[i]
            if m.end <= end and m.kind in kinds and m.kind in ("org", "place") or (
                    m.end <= end and m.kind in kinds and m.target is not None):
                out.append(m)
            i += 1
        return out

    def money_in(self, start: int, end: int):
        i = bisect.bisect_left(self._money_starts, start)
        out = []
        while i < len(self.money) and self.money[i].start < end:
            if self.money[i].end <= end:
                out.append(self.money[i])
            i += 1
        return out

    def evidence(self, unit: Unit) -> Evidence:
        line = bisect.bisect_right(self._line_starts, unit.start)
        return Evidence(self.text[unit.start:unit.end], unit.start, unit.end, line)

    def excluded(self, mention: Mention, unit: Unit, whole_unit: bool = False) -> str:
        """Why a body named in ``unit`` is not a partner there ('' when it may be one)."""
        target = mention.target
        if target is None:
            return "no body"
        if CENTRAL.search(target.name):
            return "a government department (funder)"
        if _REGION.fullmatch(mention.name) and (mention.body is None or _WHERE.search(
                self.text, max(unit.start, mention.start - 12), mention.start)):
            return "a region, not a body"
        if _FUNDS.match(self.text, mention.end) or _GAVE_US.match(self.text, mention.end):
            return "named as the funder"
        if mention.kind == "org" and _PARTNERSHIP.search(mention.name) and (
                _ON_BEHALF_OF.search(self.text, max(unit.start, mention.start - 80),
                                     mention.start) or
                (mention.body is None and _COMPRISES.match(self.text, mention.end))):
            return "the partnership the bid is made for, not a member of it"
        if _SITE.search(target.name) and _AT.search(self.text, max(unit.start, mention.start - 12),
                                                    mention.start):
            return "a site where the work happens, not a partner"
        if mention.kind == "org" and _TITLE_OF.search(self.text, max(unit.start,
                                                                     mention.start - 40),
                                                      mention.start):
            return "named in a person's title"
        # the comma clause the mention is in; past an apposition ("X, which runs ..., was
        # consulted") to the clause that says what X did
        before = [c.end() for c in _CLAUSE_COMMA.finditer(
            self.text, max(unit.start, mention.start - _CONTEXT_CHARS), mention.start)]
        left = before[-1] if before else unit.start
        right = self._comma(mention.end, unit.end)
        if right != -1 and self.text[right] == "," and _APPOSITION.match(self.text, right):
            after = self._comma(right + 1, unit.end)
            if after == -1 or self.text[after] == ",":  # a semicolon ends the apposition's reach
                right = self._comma(after + 1, unit.end) if after != -1 else -1
            else:
                right = after
        quoted = self.text[unit.start:mention.start].count("\"") % 2 == 1 or \
            self.text[unit.start:mention.start].count("“") > \
            self.text[unit.start:mention.start].count("”")
        if quoted:
            return "named in a quotation"
        cues = self.unit_cues(unit)
        lo, hi = max(left, unit.start), unit.end if right == -1 else right
        describes = next((c for c in cues["describes"] if lo <= c.start() and
                          c.end() <= mention.start), None)
        if describes:
            return f"named after {describes.group().lower()!r}"
        negative = next((c for c in cues["negative"] if lo <= c.start() and c.end() <= hi), None)
        if negative is None and whole_unit and cues["not_partners"]:
            negative = cues["not_partners"][0]
        if negative:
            return f"the sentence says {negative.group().lower()!r}"
        return ""

    def _comma(self, start: int, end: int) -> int:
        """Where the next comma or semicolon that ends a clause is (-1: none before ``end``)."""
        found = _CLAUSE_COMMA.search(self.text, start, end)
        return found.start() if found else -1

    def unit_cues(self, unit: Unit) -> dict:
        """The exclusion cues of a unit, found once however many bodies it names."""
        found = self._unit_cues.get(unit.start)
        if found is None:
            said = self.text[unit.start:unit.end]
            has = _ANY_NEGATIVE.search(said)  # most sentences have none: one look
            found = {name: [m for m in (pattern.finditer(self.text, unit.start, unit.end)
                                        if has else ())]
                     for name, pattern in (("negative", _NEGATIVE), ("not_partners", _NOT_PARTNERS))}
            found["describes"] = list(_DESCRIBES.finditer(self.text, unit.start, unit.end))
            self._unit_cues[unit.start] = found
        return found

    # --- events ----------------------------------------------------------------------------
    def read(self) -> list[ExtractedBid]:
        events: list[_Event] = []
        for unit in self.units:
            if unit.kind == "row":
                events.extend(self.row(unit))
            else:
                events.extend(self.awards(unit))
        events = self.approximations(self.merged(self.without_headline_totals(events)))
        self.cues(events)
        return self.bids(self.merged(events))

    def without_headline_totals(self, events: list[_Event]) -> list[_Event]:
        """A headline's sum that the text then says is shared out ("£2.9 million to help
        ..."; "Four partnerships will share £2.9 million") is a total, not a bid (a sum is
        one award said twice: see ``merged``)."""
        shared = set()
        for m in self.money:
            unit = self.unit_of_offset(m.start)
            if m.kind in ("total", "shared") and unit.kind != "title" and not any(
                    o.kind == "org" for o in self.mentions_in(unit.start, m.start)):
                shared.add(m.value)
        return [e for e in events if not (e.unit.kind == "title" and e.money is not None and
                                          e.money.value in shared and not e.partners and
                                          (not e.lead or e.lead_from_context))]

    def unit_of_offset(self, offset: int) -> Unit:
        i = max(0, bisect.bisect_right(self._unit_starts, offset) - 1)
        return self.units[i] if self.units else Unit(0, len(self.text), "sentence", 0)

    def approximations(self, events: list[_Event]) -> list[_Event]:
        """'won almost half a million pounds' and, nearby, 'land £480,000': the exact sum of
        one award said roughly once (within a sixth, a few paragraphs apart, no other body
        named as its recipient) is that award."""
        kept: list[_Event] = []
        for index, event in enumerate(events):
            money = event.money
            if money is None or not money.note:
                kept.append(event)
                continue
            near = events[max(0, index - 25):index + 25]  # bounded: linear in the text
            exact = next((o for o in near if o is not event and o.money is not None and
                          not o.money.note and abs(o.unit.paragraph - event.unit.paragraph) <= 3
                          and abs(o.money.value - money.value) <= money.value / 6 and (
                              not event.lead or not o.lead or
                              _key(event.lead) == _key(o.lead))), None)
            if exact is None:
                kept.append(event)
                continue
            if exact.lead is None or exact.lead_from_context:
                if event.lead is not None and not event.lead_from_context:
                    exact.lead, exact.rule, exact.lead_from_context = event.lead, event.rule, False
            exact.partners += event.partners
            exact.units += [u for u in event.units if all(u is not v for v in exact.units)]
        return kept

    def row(self, unit: Unit) -> list[_Event]:
        cells = unit.cells
        if "amount" not in cells and "lead" not in cells:
            return []
        money = None
        if "amount" in cells:
            a, b = cells["amount"]
            raw = self.text[a:b].strip()
            found = self.money_in(a, b)
            if found:
                money = found[0]
            else:
                value = sum_in_cell(raw)
                money = Money(a, b, value, "", "award") if value else None
        if ("amount" in cells and money is None) or _ROW_REFUSED.search(
                self.text[unit.start:unit.end]):
            return []  # no sum granted, or a bid withdrawn or refused
        lead_mentions = self.mentions_in(*cells["lead"]) if "lead" in cells else []
        partner_mentions = [m for m in (self.mentions_in(*cells["partners"]) if "partners" in cells
                                        else []) if not self.excluded(m, unit)]
        if not lead_mentions and not partner_mentions:
            return []
        if money is not None and len(lead_mentions) > 1 and _EACH.match(self.text, money.end):
            # "Blaby and Harborough District Councils | £75,000 each": a bid of its own each
            return [_Event(unit, money, lead=m, units=[unit], rule="each") for m in lead_mentions]
        event = _Event(unit, money, units=[unit], rule="table")
        if len(lead_mentions) == 1 or (lead_mentions and "partners" in cells):
            event.lead = lead_mentions[0]
            event.partners = lead_mentions[1:] + partner_mentions
        else:
            event.partners = lead_mentions + partner_mentions
            event.joint = True
        return [event]

    def awards(self, unit: Unit) -> list[_Event]:
        text = self.text
        found = [m for m in self.money_in(unit.start, unit.end) if m.kind == "award" or (
            m.kind == "shared" and any(o.kind == "org" for o in self.mentions_in(
                max(unit.start, m.start - 200), m.start))) or (
            m.kind == "other" and (unit.kind == "item" or (unit.kind == "title" and not re.search(
                r"[A-Za-z]", text[unit.start:m.start].lstrip("•*·-–0123456789.() ")))))]
        # "The Royal Borough of Greenwich (£750,000) will lead ..., Camden and Islington
        # councils (£150,000 each) will ...; and Derbyshire – £415,000 – for ...": sums set off
        # after the names they go to are awards when there are two or more of them
        set_off = [m for m in self.money_in(unit.start, unit.end) if m.kind in (
            "other", "award", "total") and self.set_off(unit, m)]
        if set_off and (found or len(set_off) >= 2) and any(m not in found for m in set_off):
            found = sorted({m.start: m for m in found + set_off}.values(), key=lambda m: m.start)
        events = []
        if not found:
            line = _LIST_LINE.match(text[unit.start:unit.end])
            if line and unit.kind in ("sentence", "item"):
                orgs = self.mentions_in(unit.start + line.start("org"), unit.start + line.end("org"))
                if len(orgs) == 1 and orgs[0].kind == "org":
                    events.append(_Event(unit, None, lead=orgs[0], units=[unit], rule="list-line",
                                         title=clean(line["title"])))
            elif unit.kind != "title":
                events.extend(self.award_without_sum(unit))
            return events
        if found:
            # "The awards were: A, with B, £2.1m; C, with D, £1.75m; and E £1.6m": each part of
            # a list parted by semicolons that names a body and one sum is an award too
            found = sorted({m.start: m for m in found + self.listed_by_semicolons(unit)}.values(),
                           key=lambda m: m.start)
        if found:  # "A will receive £1.8m, B £1.3m and C £700,000": the rest are awards too
            every = self.money_in(unit.start, unit.end)
            at = every.index(found[0])
            for before, money in zip(every[at:], every[at + 1:]):
                if money.kind == "other" and money not in found and before in found and \
                        _SUM_LIST_GAP.fullmatch(text, before.end, money.start):
                    found.append(money)
            found.sort(key=lambda m: m.start)
        bounds = self.clauses(unit, found)
        for money, (left, right) in zip(found, bounds):
            event = self.award(unit, money, left, right)
            count = _SHARED_BY.search(text, left, money.start)
            if event is not None and count and _EACH.match(text, money.end):
                event.shares = _number(count["n"])
            events.append(event)
        return [one for e in events if e is not None for one in self.each(e)]

    def each(self, event: _Event) -> list[_Event]:
        """'Merseyside and Lancashire (£450,000 each)': a bid of that sum for each body named."""
        money = event.money
        bodies = ([event.lead] if event.lead else []) + event.partners
        if money is None or len(bodies) < 2 or not (
                _EACH.match(self.text, money.end) or _EACH_BEFORE.search(
                    self.text, max(event.unit.start, money.start - 40), money.start)):
            return [event]
        return [_Event(event.unit, money, lead=body, units=list(event.units), rule="each",
                       title=event.title) for body in {id(b): b for b in bodies}.values()]

    def award_without_sum(self, unit: Unit) -> list[_Event]:
        """'Calderdale Council and its partners have been awarded the money': the recipient of
        a sum stated elsewhere (merged with it, see ``merged``)."""
        if not self.mentions_in(unit.start, unit.end):
            return []
        said = self.text[unit.start:unit.end]
        verb = _AWARDED_IT.search(said) if _AWARD_NOUN.search(said) else None
        if verb is None or _UNDECIDED.search(said) or _NOT_RECEIVED.search(said):
            return []  # "... was shortlisted but did not receive funding"
        subject = [m for m in self.mentions_in(unit.start, unit.start + verb.start())
                   if not self.excluded(m, unit)]
        if not subject:
            return []
        event = _Event(unit, None, units=[unit], pending=True)
        heads, partners = self.heads_and_partners(subject, unit.start)  # "A, working with B,"
        self.choose(event, heads, "awarded")
        event.partners += partners
        return [event]

    def listed_by_semicolons(self, unit: Unit) -> list:
        """The sums of a unit parted by semicolons into two or more parts, each naming a body
        before its one sum (none of them a failed, asked, saving or own sum)."""
        cuts = [unit.start] + [unit.start + m.end() for m in
                               re.finditer(";", self.text[unit.start:unit.end])] + [unit.end]
        if len(cuts) < 3:
            return []
        sums = []
        for left, right in zip(cuts, cuts[1:]):
            inside = self.money_in(left, right)
            if len(inside) != 1 or inside[0].kind not in ("award", "other", "total") or not [
                    m for m in self.mentions_in(left, inside[0].start) if m.kind == "org"]:
                return []
            sums.append(inside[0])
        return sums

    def set_off(self, unit: Unit, money) -> bool:
        """Whether the sum is set off by a bracket or dash just after a body's name."""
        text = self.text
        return bool(_SET_OFF.search(text, max(unit.start, money.start - 3), money.start)) and any(
            _HEAD_GAP.fullmatch(text, o.end, money.start) for o in self.mentions_in(
                max(unit.start, money.start - 120), money.start) if o.kind == "org")

    def heads_and_partners(self, named: list[Mention], left: int
                           ) -> tuple[list[Mention], list[Mention]]:
        """"A, working with B and C, has been given ...": A the recipient, B and C partners
        (every name after the first one a partner cue comes before)."""
        heads, partners = [], []
        for m in named:
            if heads and (partners or _WITH_CUE.search(
                    self.text[max(left, m.start - 30):m.start])):
                partners.append(m)
            else:
                heads.append(m)
        return heads, partners

    def named_just_before(self, usable: list[Mention], money) -> list[Mention]:
        """The run of names that ends just before a sum ("A, B and, jointly, the C (£N)")."""
        run, end = [], money.start
        for m in reversed([m for m in usable if m.end <= money.start]):
            gap = _HEAD_GAP if not run else _RUN_GAP
            if not gap.fullmatch(self.text, m.end, end):
                break
            run.insert(0, m)
            end = m.start
        # "A, with B and C – £1.45m", "A, on behalf of B and C – £1.2m": the run is A's partners
        if run and _PARTNER_CUE.search(self.text, max(0, run[0].start - 30), run[0].start):
            return []
        return run

    def clauses(self, unit: Unit, found) -> list[tuple[int, int]]:
        """Each award's clause: the whole unit, or, with several awards, the part between."""
        if len(found) == 1:
            return [(unit.start, unit.end)]
        text = self.text
        # "A (£2.1m), which will lead ... with B; C (£640,000) for ...; and D – £415,000 – ...":
        # semicolons part the awards when each part holds one
        cuts = [unit.start + m.end() for m in re.finditer(";", text[unit.start:unit.end])]
        parts = [sum(1 for c in cuts if c <= money.start) for money in found]
        if cuts and len(set(parts)) == len(parts):
            edges = [unit.start] + [max([c for c in cuts if c <= money.start] or [unit.start])
                                    for money in found[1:]] + [unit.end]
            return list(zip(edges, edges[1:]))
        set_off = [self.set_off(unit, m) for m in found]
        listed = all(_SUM_LIST_GAP.fullmatch(text, a.end, b.start)
                     for a, b in zip(found, found[1:]))
        if sum(set_off) >= 2 or listed:
            # "A (£750,000), B and C (£150,000 each) and D (£100,000)": each sum is the award of
            # the names between the sum before it and itself; names after the last are its
            out, left = [], unit.start
            for money in found:
                close = re.compile(r"[^()\n]{0,20}?(?:\)|[–—]|\s-\s)").match(text, money.end)
                right = close.end() if close else money.end
                out.append((left, right))
                left = right
            out[-1] = (out[-1][0], unit.end)
            return out
        breaks = [m.end() for m in re.finditer(r";|,\s+while\s|\swhereas\s|,\s+and\s+(?=[A-Z£])|"
                                                 r"\swhile\s", self.text[unit.start:unit.end])]
        breaks = [unit.start + b for b in breaks]
        out = []
        for money in found:
            left = max([b for b in breaks if b <= money.start] or [unit.start])
            right = min([b for b in breaks if b > money.end] or [unit.end])
            out.append((left, right))
        return out

    def award(self, unit: Unit, money, left: int, right: int) -> _Event | None:
        text = self.text
        contrast = _CONTRAST.search(text, money.end, right)
        if contrast:  # "..., while Oldham Council declined": said, and why it is left out
            for m in self.mentions_in(contrast.end(), right):
                why = self.excluded(m, unit) or \
                    f"named after {contrast.group().strip(' ,').lower()!r}, of another matter"
                self.left_out.setdefault(unit.start, []).append(
                    f"{m.target.name if m.target else m.name}: {why}")
            right = contrast.start()
        event = _Event(unit, money, units=[unit])
        named = [m for m in self.mentions_in(left, right)]
        usable = []
        for m in named:
            why = self.excluded(m, unit)
            if why:
                self.left_out.setdefault(unit.start, []).append(
                    f"{m.target.name if m.target else m.name}: {why}")
            else:
                usable.append(m)
        led = next((m for m in usable if _LED_BY.search(text[max(left, m.start - 25):m.start])),
                   None)
        leading = next((m for m in usable if _LEADS.match(text[m.end:m.end + 40])), None)
        if led or leading:
            event.lead, event.rule = led or leading, "led-by"
            event.partners = [m for m in usable if m is not event.lead]
            return self.with_place(event, left, right)
        verb = None
        for match in AWARD_VERB.finditer(text, left, money.start):
            verb = match
        subject_end = verb.start() if verb else money.start
        before = [m for m in usable if m.end <= subject_end]
        if verb is not None and verb.group().lower() in ("including", "includes"):
            before = []  # "..., including £N for ...": a part of something said before
        after = [m for m in usable if m.start >= money.end]
        colon = text.rfind(":", left, money.start)
        if before and after and colon != -1 and all(m.end <= colon for m in before) and \
                re.match(r"\s*(?:each\s+)?(?:goes\s+)?to\b", text[money.end:money.end + 20]):
            before = []  # "Leeds and Bradford: £950,000 to Leeds City Council, ...": a heading
        if unit.kind == "item" and money.start - unit.start < 12 and not before:
            before, after = [], [m for m in usable if m.start >= money.end]
        between = [m for m in usable if m.start >= subject_end and m.end <= money.start]
        run = self.named_just_before(usable, money) if self.set_off(unit, money) else []
        if run:
            # "Among the successful authorities are A (£2.1m), which will lead ... with B and
            # C"; "The awards are X (£750,000), ...": the names just before a sum set off
            # after them are its recipients, with the partners named after it
            self.choose(event, run, "recipient")
            event.partners += [m for m in usable if m.start >= money.end]
        elif before:
            heads, partners_inside = self.heads_and_partners(before, left)
            self.choose(event, heads, "awarded")
            event.partners += partners_inside + [m for m in usable if m not in before]
            if _COLLECTIVE_SUBJECT.search(text, left, before[0].start) and event.lead:
                # "A consortium of nine organisations – eight colleges and X – has been
                # awarded ...": X is one member; the lead, if any, is said elsewhere
                event.partners.insert(0, event.lead)
                event.lead, event.joint = None, True
        elif after:
            recipients, partners = [], []
            for m in after:
                gap = text[money.end:m.start]
                if partners or (recipients and _WITH_CUE.search(text[max(left, m.start - 30):
                                                                        m.start])):
                    partners.append(m)
                elif not recipients and not _TO_RECIPIENT.search(gap) and unit.kind != "item":
                    partners.append(m)
                else:
                    recipients.append(m)
            self.choose(event, recipients, "item" if unit.kind == "item" else "recipient")
            event.partners += partners
        elif between:
            # "the awards go to Hackney (£750,000), ...", "the awards were: A, with B, £2.1m":
            # named between the verb and the sum
            heads, partners_inside = self.heads_and_partners(between, left)
            self.choose(event, heads, "recipient")
            event.partners += partners_inside
        else:
            self.from_context(event, unit)
        return self.with_place(event, left, right)

    def choose(self, event: _Event, heads: list[Mention], rule: str) -> None:
        """One recipient is the lead; several named together are a joint bid with no lead
        stated (unless the document says its lists name the lead first)."""
        event.rule = rule
        # "We are thrilled that Harbourside Carers Network has been awarded ...": "we" and the
        # name are one recipient
        one: dict = {}
        for m in heads:  # each body once, by its name where it is named
            key = _key(m.target) or id(m)
            if key not in one or (one[key].kind != "org" and m.kind == "org"):
                one[key] = m
        heads = list(one.values())
        if len(heads) == 1 or (heads and self.lead_first):
            event.lead, event.partners = heads[0], heads[1:]
            # "we will receive": the speaker, unless a sentence names the lead
            event.lead_from_context = heads[0].kind == "we"
        elif heads:
            event.partners, event.joint, event.rule = list(heads), True, "joint"

    def from_context(self, event: _Event, unit: Unit) -> None:
        """An award whose clause names nobody: its body is the last one named before it in the
        paragraph, else the headline's."""
        first = self.units[self._paragraph_first[unit.paragraph]]
        # the body said to lead in the paragraph before it, else the last body named there
        # (walking back, at most a paragraph: linear in what is read)
        same = leading = None
        i = bisect.bisect_left(self._starts, unit.start) - 1
        # a long paragraph is read back a bounded way: linear in the text, whatever its shape
        floor = max(first.start, unit.start - _CONTEXT_CHARS)
        while i >= 0 and self.mentions[i].start >= floor:
            m = self.mentions[i]
            if m.end <= unit.start and m.kind in ("org", "short", "we") and (
                    m.kind == "org" or m.target is not None) and \
                    not self.excluded(m, self.unit_of(m)):
                same = same or m
                if _LEADS.match(self.text[m.end:m.end + 60]) or _LED_BY.search(
                        self.text[max(first.start, m.start - 25):m.start]):
                    leading = m
            i -= 1
        same = leading or same
        i = bisect.bisect_left(self._headline_starts, unit.start)
        titles = [self._headlines[i - 1][1]] if i else []  # the last headline's first body
        pick = same if same is not None else (titles[0] if titles else None)
        if pick is not None:
            event.lead, event.rule, event.lead_from_context = pick, "context", True

    def unit_of(self, mention: Mention) -> Unit:
        return self.unit_of_offset(mention.start)

    def with_place(self, event: _Event, left: int, right: int) -> _Event:
        """A bid whose clause names no body may be known by its place: "including £N for ...
        in Norfolk"."""
        money = event.money
        if event.lead or event.partners or money is None or not re.search(
                r"\bincluding\s*$", self.text[max(left, money.start - 12):money.start]):
            return event
        places = self.mentions_in(money.end, right, kinds=("place",))
        if places:
            event.place, event.rule = places[0].name, "place"
        return event

    # --- cues in other sentences -----------------------------------------------------------
    def cues(self, events: list[_Event]) -> None:
        """Sentences without an award that name a lead or partners, for the award they are
        about: the nearest in the same paragraph, else the only award of the document, else
        the nearest before."""
        if not events:
            return
        award_units = {id(e.unit) for e in events}
        self._by_paragraph: dict[int, list[_Event]] = {}
        for e in events:
            self._by_paragraph.setdefault(e.unit.paragraph, []).append(e)
        self._event_starts = [e.unit.start for e in events]
        self._told: dict[int, int] = {}  # id of a shared award -> paragraph of its last bid
        self._paragraph_event_starts = {paragraph: [e.unit.start for e in found]
                                        for paragraph, found in self._by_paragraph.items()}
        intro = None  # "The partnership comprises:" before a list: its items are members
        for unit in self.units:
            said = self.text[unit.start:unit.end]
            if unit.kind != "item":
                intro = unit if said.rstrip().endswith(":") and (
                    _NAMED_CUE.search(said) or _LIST_INTRO.search(said)) else None
            listed = intro if unit.kind == "item" else None
            if id(unit) in award_units or unit.kind == "row":
                continue
            named = self.mentions_in(unit.start, unit.end)
            if not named:
                continue  # names nobody: nothing to attach (and no pattern to run)
            sums = self.money_in(unit.start, unit.end)
            if sums and all(m.kind in ("asked", "failed") for m in sums) and \
                    _UNDECIDED.search(self.text, unit.start, unit.end):
                continue  # "X's bid for £300,000 with Y is still being considered": another bid
            asked = unit.question
            if self.one_of_those_shared(unit, named, events):
                continue
            if not (listed or _ANY_CUE.search(said) or _ANY_CUE.search(asked) or
                    re.search(r"\blead", asked, re.I)):
                continue
            if not (listed or _NAMED_CUE.search(said) or asked or _LEAD_WORDS.search(said)):
                # only a bare "with": the bodies after it ("will run it with A and B")
                first = re.search(r"\bwith\b", said, re.I)
                named = [m for m in named if first and m.start >= unit.start + first.start()]
            usable = [m for m in named if not self.excluded(m, unit, whole_unit=True)]
            if not usable:
                continue
            event = self.event_for(listed or unit, events)
            if event is None:
                continue
            event.units.append(unit)
            lead = None
            for m in usable:
                if _LED_BY.search(self.text[max(unit.start, m.start - 25):m.start]) or \
                        _LEADS.match(self.text[m.end:m.end + 40]) or \
                        _BIDS_ON_BEHALF.match(self.text, m.end):
                    lead = m
                    break
            if lead is None and re.search(r"\b(?:who|which)\b[^?]*\blead", asked, re.I):
                lead = usable[0]
            if lead is not None and (event.lead is None or event.lead_from_context or
                                     event.joint or _collective(event)):
                if event.lead is not None and event.lead_from_context:
                    event.lead = None
                event.lead, event.lead_from_context, event.joint = lead, False, False
            # "the force's data", "the council's CCTV": a short form there points back at a
            # body already named, never adds one
            event.partners += [m for m in usable if m is not lead and m.kind == "org"]

    def one_of_those_shared(self, unit: Unit, named: list[Mention], events: list[_Event]
                            ) -> bool:
        """"Three partnerships have been awarded £450,000 each." then, a paragraph each, "In
        Oldham, the bid was led by A, with B", "C is leading ..., working with D", "E, F and G
        have been funded jointly": each paragraph's first such sentence is one of those bids,
        of that sum. Returns whether ``unit`` was read so."""
        first = self.units[self._paragraph_first[unit.paragraph]]
        if first is not unit:
            return False
        i = bisect.bisect_right(self._event_starts, unit.start)
        shared = next((e for e in reversed(events[:i]) if e.shares > 0), None)
        if shared is None or shared.shares <= 0 or unit.paragraph - self._told.get(
                id(shared), max(u.paragraph for u in shared.units)) > 3:
            return False
        said = self.text[unit.start:unit.end]
        usable = [m for m in named if m.kind == "org" and not self.excluded(m, unit, True)]
        lead = next((m for m in usable if _LED_BY.search(
            self.text[max(unit.start, m.start - 25):m.start]) or _LEADS.match(
            self.text[m.end:m.end + 40]) or _BIDS_ON_BEHALF.match(self.text, m.end)), None)
        if not usable or (lead is None and not (len(usable) > 1 and _JOINTLY.search(said))):
            return False
        event = _Event(unit, shared.money, units=[unit], rule="each", shares=-1)
        if lead is not None:
            event.lead, event.partners = lead, [m for m in usable if m is not lead]
        else:
            event.partners, event.joint = usable, True
        shared.shares -= 1
        self._told[id(shared)] = unit.paragraph  # quotes between two of them break no chain
        events.insert(i, event)
        self._event_starts.insert(i, unit.start)
        self._by_paragraph.setdefault(unit.paragraph, []).append(event)
        self._paragraph_event_starts.setdefault(unit.paragraph, []).append(unit.start)
        return True

    def event_for(self, unit: Unit, events: list[_Event]) -> _Event | None:
        same = self._by_paragraph.get(unit.paragraph)
        if same:
            i = bisect.bisect_right(self._paragraph_event_starts[unit.paragraph], unit.start)
            return same[i - 1] if i else same[0]
        if unit.kind == "item" and len(events) > 1:
            return None  # a list item speaks of its own award only
        # a body's own name points back past a few paragraphs of quotes
        nearby = [e for back in range(1, 7)
                  for e in self._by_paragraph.get(unit.paragraph - back, ())]
        first = self.units[self._paragraph_first[unit.paragraph]]
        # "The West Sussex bid was made jointly with ...": that award's; "Southwark's scheme
        # will ... . It will be run with ...": the award the paragraph named before
        # "We will lead the project, working with ...": "we" stands for the award's body
        speakers = {_key(m.target) for m in self.mentions_in(unit.start, unit.end, ("we",))
                    if m.target is not None}
        for said in (self.text[unit.start:unit.end],
                     self.text[max(first.start, unit.start - _CONTEXT_CHARS):unit.end]):
            named = [e for e in nearby if any(
                m.target is not None and (_said_in(m.target.name, said) or
                                          _key(m.target) in speakers)
                for m in ([e.lead] if e.lead is not None and not e.lead_from_context else
                          e.partners if e.joint else []))]
            if len(named) == 1:
                return named[0]
            if named:
                break
        if len(events) == 1:
            return events[0]
        i = bisect.bisect_left(self._event_starts, unit.start)
        if i == 0:
            return events[0]  # "... should act as lead for a joint bid with ...", then the award
        before = events[i - 1]
        last = max(u.paragraph for u in before.units)
        # "The partnership is made up of ...", two paragraphs on, still speaks of it
        near = 3 if _ANAPHOR.search(self.text, unit.start, unit.end) else 1
        return before if unit.paragraph - last <= near else None

    # --- bids ------------------------------------------------------------------------------
    def merged(self, events: list[_Event]) -> list[_Event]:
        """One event per bid: the same sum, or the same lead with one sum unstated, is one."""
        out: list[_Event] = []
        by_value: dict[Decimal, list[_Event]] = {}
        by_lead: dict[str, list[_Event]] = {}
        merged_units: dict[int, set[int]] = {}  # id of an event -> ids of its units
        for event in events:
            same = None
            near = event.unit.paragraph - _NEAR  # a long file holds many announcements
            if event.money is not None and event.shares >= 0:  # one of a shared award: its own
                same = next((o for o in reversed(by_value.get(event.money.value, ())[-3:]) if
                             o.shares >= 0 and o.unit.paragraph >= near and
                             not _apart(event, o) and (
                                 _key(event.lead) == _key(o.lead) or not event.lead or
                                 not o.lead or o.lead_from_context or event.lead_from_context)),
                            None)
            if same is None and event.lead is not None:
                same = next((o for o in reversed(by_lead.get(_key(event.lead), ())[-3:]) if
                             o.unit.paragraph >= near and (
                                 event.money is None or o.money is None)), None)
            if same is None and event.pending and out and out[-1].money is not None and (
                    out[-1].lead is None or out[-1].lead_from_context or
                    _collective(out[-1])) and \
                    event.unit.paragraph - out[-1].unit.paragraph <= 3:
                same = out[-1]
            if same is None:
                out.append(event)
                same = event
            else:
                if (same.lead is None or same.lead_from_context or _collective(same)) and \
                        event.lead is not None and not event.lead_from_context:
                    # "£220,000 to the X Partnership. Y will act as the accountable body"
                    same.lead, same.lead_from_context, same.rule = event.lead, False, event.rule
                    same.joint = False
                elif same.lead is None and event.joint and not same.partners:
                    same.joint = True
                if same.money is None:
                    same.money = event.money
                same.shares = max(same.shares, event.shares)
                same.partners += event.partners
                have = merged_units.get(id(same))
                if have is None:
                    have = merged_units[id(same)] = {id(u) for u in same.units}
                for u in event.units:
                    if id(u) not in have:
                        have.add(id(u))
                        same.units.append(u)
            if same.money is not None:
                by_value.setdefault(same.money.value, []).append(same)
            if same.lead is not None:
                by_lead.setdefault(_key(same.lead), []).append(same)
        return out

    def bids(self, events: list[_Event]) -> list[ExtractedBid]:
        bids = []
        for event in events:
            lead = event.lead.target if event.lead else None
            names, seen = [], {_key(lead)} if lead else set()
            named = {_key(m.target) for m in event.partners if m.target is not None} | seen
            for m in event.partners:
                target = m.target
                if target is None or _key(target) in seen:
                    continue
                if target.kind == "org" and target.body is None and re.search(
                        r"(?i)\bpartnership$", target.name) and len(named - {_key(target)}) >= 2:
                    continue  # "the Essex Property Partnership": the bid's partnership itself
                seen.add(_key(target))
                names.append(target.name)
            if not lead and not names and not event.place:
                continue
            bid = ExtractedBid(lead=lead.name if lead else None, partners=names,
                               rule=event.rule, place=event.place,
                               confidence=CONFIDENCE.get(event.rule, Decimal("0.5")),
                               title=event.title)
            if event.money is not None:
                bid.amount_gbp, bid.amount_note = event.money.value, event.money.note
            units = sorted(event.units, key=lambda u: u.start)
            bid.left_out = list(dict.fromkeys(why for u in [event.unit] + units
                                              for why in self.left_out.get(u.start, ())))
            bid.evidence = [self.evidence(event.unit)] + [self.evidence(u) for u in units
                                                          if u is not event.unit]
            for unit in [event.unit] + units:
                said = self.text[unit.start:unit.end]
                self.counts(bid, said)
                self.generic(bid, said)
            if not bid.title:
                purpose = re.search(r"\bto\s+((?:help|tackle|implement|improve|develop|build|"
                                    r"create|share|redesign|deliver|support|integrate|provide|"
                                    r"reduce|transform|expand|extend|merge|run|pay)\b[^,;.]*)",
                                    bid.evidence[0].sentence)
                bid.title = clean(purpose.group(1)) if purpose else ""
            bids.append(bid)
        return bids

    def counts(self, bid: ExtractedBid, clause: str) -> None:
        if bid.partner_count_stated is not None or not _COUNT_WORDS.search(clause):
            return
        for pattern, extra in ((_STRONG, 0), (_OTHER_ORGS, 1), (_COUNT, 0)):
            match = pattern.search(clause)
            if match and bid.partner_count_stated is None:
                bid.partner_count_stated = _number(match["n"]) + extra

    def generic(self, bid: ExtractedBid, clause: str) -> None:
        for match in _GENERIC.finditer(clause):
            for word in (match["what"], match["what2"]):
                if word:
                    sector = _GENERIC_SECTORS[word.split()[0].lower()]
                    if sector not in bid.unnamed:
                        bid.unnamed.append(sector)


#: Awards this many paragraphs apart are never merged into one bid.
_NEAR = 40


def _collective(event: _Event) -> bool:
    """Whether the event's lead is a partnership the register does not know ("the
    Herefordshire Rural Safety Partnership"): a body that leads it may be named after."""
    lead = event.lead
    return lead is not None and lead.kind == "org" and lead.body is None and \
        _PARTNERSHIP.search(lead.name) is not None


def _apart(one: _Event, other: _Event) -> bool:
    """Two awards of one sum that are two bids: each stated in its own sentence of the body
    text with bodies of its own, none shared ("the commissioner for Derbyshire (GBP 400,000)
    ... Leicestershire Police and Nottinghamshire Police received 400,000 GBP jointly")."""
    if "title" in (one.unit.kind, other.unit.kind) or one.unit is other.unit:
        return False
    first = {_key(m) for m in ([one.lead] if one.lead and not one.lead_from_context else []) +
             one.partners}
    second = {_key(m) for m in ([other.lead] if other.lead and not other.lead_from_context
                                else []) + other.partners}
    return bool(first) and bool(second) and not first & second


def _key(mention: Mention | None) -> str | None:
    """Two mentions of one body share a key: the register id, else the folded name."""
    if mention is None:
        return None
    target = mention.target or mention
    return target.body or target.text_key


def _document_facts(text: str, name: str) -> dict:
    head = text[:2000]
    date = None
    match = _DATE.search(head)
    if match:
        year = int(match["y"]) + (2000 if len(match["y"]) == 2 else 0)
        try:
            import datetime

            date = datetime.date(year, _MONTHS[match["m"].lower()[:3]], int(match["d"])
                                 ).isoformat()
        except ValueError:
            date = None
    rounds = {f"20{m['a']}-{m['b']}" for m in _ROUND.finditer(text)
              if int(m["b"]) == (int(m["a"]) + 1) % 100}
    programmes: dict[str, int] = {}
    for m in _PROGRAMME.finditer(text):
        programmes[m.group(1)] = programmes.get(m.group(1), 0) + 1
    programme = max(sorted(programmes), key=programmes.get) if programmes else None
    return {"document": name, "date": date, "round": rounds.pop() if len(rounds) == 1 else None,
            "programme": programme}


def extract_text(text: str, name: str = "text", *, gazetteer) -> tuple[dict, list[ExtractedBid]]:
    """Document facts (date, round, programme) and the bids found in ``text``.

    ``gazetteer`` knows the bodies: a ``partnerkg.resolution.Resolver`` (its register's names
    and aliases, and its ``lookup``).

    >>> from partnerkg.resolution import default_resolver
    >>> text = "Essex County Council has been awarded £3.3m to help."
    >>> facts, bids = extract_text(text, gazetteer=default_resolver())
    >>> bids[0].lead, bids[0].amount_gbp
    ('Essex County Council', Decimal('3300000'))
    """
    spaced, origin = single_spaced(text)
    bids = _Reader(spaced, name, gazetteer).read()
    if origin is not None:  # spans point into the text as written
        for bid in bids:
            bid.evidence = [dataclasses.replace(e, start=origin[e.start],
                                                end=origin[max(e.end - 1, e.start)] + 1)
                            for e in bid.evidence]
    return _document_facts(spaced, name), bids


#: Two or more spaces (or no-break, thin, figure spaces) between two words.
_WIDE_GAP = re.compile(r"(?<=\S)[ \u00a0\u2007\u2009\u202f]{2,}(?=\S)")
#: A line that ends as a sentence or clause does.
_PROSE_END = re.compile(r"[.!?:;,)\"'’”]\s*$")


def single_spaced(text: str) -> tuple[str, list[int] | None]:
    """``text`` with the doubled spaces inside its prose lines made single ("Kent  County
    Council has been awarded ..."), and where each of its characters was (None when nothing
    changed). A line with a tab or ``|``, or short and not ending as a sentence, or with more
    than two wide gaps, is a row of cells, and keeps them.

    >>> single_spaced("Kent  County Council has been awarded £1m to help families.")[0]
    'Kent County Council has been awarded £1m to help families.'
    >>> single_spaced("Kent County Council   £1,000,000")[1] is None
    True
    """
    pieces: list[str] = []
    origin: list[int] = []
    changed = False
    at = 0
    for line in text.splitlines(keepends=True):
        gaps = list(_WIDE_GAP.finditer(line))
        body = line.rstrip("\r\n")
        prose = gaps and "\t" not in body and "|" not in body and len(gaps) <= 2 and (
            len(body.split()) >= 10 or _PROSE_END.search(body))
        if not prose:
            pieces.append(line)
            origin.extend(range(at, at + len(line)))
        else:
            changed = True
            kept = 0
            for gap in gaps:
                pieces.append(line[kept:gap.start()] + " ")
                origin.extend(range(at + kept, at + gap.start() + 1))
                kept = gap.end()
            pieces.append(line[kept:])
            origin.extend(range(at + kept, at + len(line)))
        at += len(line)
    if not changed:
        return text, None
    origin.append(len(text))
    return "".join(pieces), origin


def _read(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise LoaderError("no such file", file=str(path)) from None
    except OSError as exc:
        raise LoaderError(f"cannot be read ({exc.strerror})", file=str(path)) from None
    if b"\x00" in data[:4096]:
        raise LoaderError("is not a text file (it looks binary)", file=str(path))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def extract_file(path: str | Path, *, gazetteer) -> tuple[dict, list[ExtractedBid]]:
    """Document facts and the bids found in a text file (``.txt``, ``.md``). A web page or a
    PDF is not text: ``partnerkg.reports.extraction.extraction`` reads those as ``load`` does."""
    path = Path(path)
    if path.suffix.lower() in (".html", ".htm", ".pdf"):
        raise LoaderError("is a web page or PDF, not a text: read it with "
                          "partnerkg.reports.extraction.extraction (or partnerkg extract), "
                          "which reads it as load does", file=str(path))
    return extract_text(_read(path), path.name, gazetteer=gazetteer)


def load_text(path: str | Path, *, programme: str | None = None, gazetteer) -> Records:
    """Records for the bids in a text that name a body (bids known only by place are left out);
    a bid whose text names its bodies but not which one led is a bid with no lead."""
    path = Path(path)
    return text_records(_read(path), path.name, programme=programme, gazetteer=gazetteer)


_KIND_WORDS = frozenset("""royal council councils borough boroughs district districts county
counties city metropolitan london of and the fire rescue authority authorities service services
police constabulary for commissioner crime""".split())


def _said_in(name: str, sentence: str) -> bool:
    """Whether ``sentence`` names the body ``name``, perhaps by its place with a shared head
    ("Halton Borough Council" in "... and Halton borough councils")."""
    if name in sentence:
        return True
    words = [w for w in re.findall(r"[\w-]+", name.lower()) if w not in _KIND_WORDS]
    said = set(re.findall(r"[\w-]+", sentence.lower()))  # "Staffordshire's": staffordshire
    return bool(words) and all(w in said for w in words)


def text_records(text: str, name: str, *, programme: str | None = None, gazetteer) -> Records:
    """Records for the bids in ``text`` (read out of the file ``name``: a text file, or the
    text of a PDF or web page) that name a body (see ``load_text``)."""
    facts, bids = extract_text(text, name, gazetteer=gazetteer)
    path = Path(name)
    records = Records()
    programme_name = facts["programme"] or programme or "Programme not stated"
    for number, bid in enumerate(bids, 1):
        if not bid.lead and not bid.partners:
            amount = f"£{bid.amount_gbp:,}" if bid.amount_gbp is not None else "no stated sum"
            records.skipped.append(
                f"{facts['document']} line {bid.evidence[0].line}: a bid ({amount}) in "
                f"{bid.place or 'a place not named'} names no body (see partnerkg extract)")
            records.not_loaded.append(bid.as_dict(facts) | {"not_loaded": "names no body"})
            continue
        first = bid.evidence[0]
        key = slugify(f"{Path(path).stem} {bid.lead or bid.partners[0]} "
                      f"{bid.amount_gbp or number}")
        if key in records.bids:  # two awards of one sum to one body: two bids
            key = f"{key}-{number}"

        def source(confidence=bid.confidence, evidence=first) -> Source:
            return Source(file=facts["document"], line=evidence.line,
                          documents=(facts["document"],), confidence=confidence,
                          note="", sentence=evidence.sentence,
                          span=(evidence.start, evidence.end), method="rules")

        notes = []
        if bid.amount_note:
            notes.append(f"amount stated as {bid.amount_note} £{bid.amount_gbp:,}")
        records.extracted[key] = bid.as_dict(facts)
        records.bids[key] = Bid(key=key, programme=programme_name, source=source(),
                                round=facts["round"] or "", title=bid.title,
                                amount=bid.amount_gbp, stated_members=bid.partner_count_stated,
                                notes=notes, unnamed_sectors=tuple(bid.unnamed))
        if bid.lead:
            records.participations.append(Participation(key, bid.lead, LEAD, source()))
        for partner in bid.partners:
            evidence = next((e for e in bid.evidence if _said_in(partner, e.sentence)), first)
            records.participations.append(Participation(
                key, partner, PARTNER, source(CONFIDENCE["partner"], evidence)))
    return records


def without_restated(prose: Records, tables: Records, gazetteer) -> Records:
    """``prose`` less the bids a table of the same document already states: the same sum to a
    body that is a member of the table's bid, or, where either states no sum, the same lead.
    Each one left out is said in a note (a page states an award in a table and again in a
    paragraph: one award, counted once).
    """
    def body(name: str) -> str:
        found = gazetteer.lookup(name)
        return found.body.id if found else normalise_name(name)

    members: dict[str, set[str]] = {}
    leads: dict[str, str] = {}
    for part in tables.participations:
        members.setdefault(part.bid_key, set()).add(body(part.organisation))
        if part.role == LEAD:
            leads[part.bid_key] = body(part.organisation)
    by_amount: dict = {}
    for table_ref, table_bid in tables.bids.items():
        by_amount.setdefault(table_bid.amount, []).append(table_ref)
    said_in: dict[str, list] = {}
    for part in prose.participations:
        said_in.setdefault(part.bid_key, []).append(part)
    restated: dict[str, str] = {}
    for ref, bid in prose.bids.items():
        said = said_in.get(ref, [])
        lead = next((body(p.organisation) for p in said if p.role == LEAD), None)
        bodies = {body(p.organisation) for p in said}
        # the same sum to a member of the table's bid; where a sum is missing, the same lead
        candidates = by_amount.get(bid.amount, []) + by_amount.get(None, []) \
            if bid.amount is not None else list(tables.bids)
        for table_ref in candidates:
            table_bid = tables.bids[table_ref]
            if bid.amount is not None and table_bid.amount is not None:
                same = bool(bodies & members.get(table_ref, set()))
            else:
                same = lead is not None and lead == leads.get(table_ref)
            if same:
                restated[ref] = (f"{bid.source.file} line {bid.source.line}: the award its text "
                                 f"states is the one in its table (line "
                                 f"{table_bid.source.line}): counted once, from the table")
                break
    if not restated:
        return prose
    return dataclasses.replace(
        prose, bids={r: b for r, b in prose.bids.items() if r not in restated},
        participations=[p for p in prose.participations if p.bid_key not in restated],
        notes=list(prose.notes) + list(restated.values()),
        extracted={r: d for r, d in prose.extracted.items() if r not in restated})

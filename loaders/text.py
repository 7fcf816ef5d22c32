"""Partnerships read out of press releases and news text, by rules over a gazetteer.

The register, handed in as ``gazetteer`` (a resolver), knows the bodies: a phrase is an
organisation when it resolves to a register body, or when it is a capitalised name ending in an
organisation word ("Council", "Trust", "Police" ...). Rules find, sentence by sentence:

* bids: "a consortium led by X", "X has been awarded £N", "X - Project title - ..." list lines,
  and "including £N for <project or people> in <place>" (a bid known only by its place);
* partners: "also includes A, B and C borough councils", "brings together", "working with",
  "with partners including" (coordinated names split with the gazetteer);
* amounts ("£12.4m", "More than £4.9m", "£624,000", "£1 million"; savings and targets ignored),
  stated sizes ("an 11-strong group", "with seven other ... organisations", "three councils"),
  generic mentions ("local police and fire services") kept as unnamed participants of a sector;
* the document's date, funding programme and round.

Each fact keeps its sentence, character span and a confidence. Every pattern is a regular
expression over one sentence, so the work is linear in the text's length.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..core.errors import LoaderError
from ..core.names import clean, slugify
from ..core.records import LEAD, PARTNER, Bid, Participation, Records, Source
from .amounts import parse_amount

__all__ = ["ExtractedBid", "Evidence", "extract_text", "extract_file", "load_text",
           "CONFIDENCE"]

#: Confidence of each kind of rule.
CONFIDENCE = {"led-by": Decimal("0.8"), "awarded": Decimal("0.8"), "list-line": Decimal("0.7"),
              "place": Decimal("0.5"), "partner": Decimal("0.75")}

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_NUMBERS = {w: i for i, w in enumerate(
    ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
     "fifteen sixteen seventeen eighteen nineteen twenty").split())}
_NUMBER = r"(?:\d{1,3}|" + "|".join(_NUMBERS) + r")"

_AMOUNT = re.compile(r"(?:(?P<more>more than|over|almost|nearly|about|around|up to)\s+)?"
                     r"£\s?(?P<value>\d[\d,]*(?:\.\d+)?)\s?(?P<unit>bn|billion|million|m|k|"
                     r"thousand)?\b", re.I)
_NOT_AN_AWARD = re.compile(r"(sav|efficienc|target|worth|cost|budget|package|fund\b|"
                           r"investment|contribution|pot\b)", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[A-Z£\"“‘'-])|\n+")
_CLAUSE_SPLIT = re.compile(r",?\s+(?:while|whereas)\s+|;\s+", re.I)
_NAME_TOKEN = r"[A-Z][\w'’&.-]*"
_CONNECTOR = r"(?:of|on|upon|and|the|for|with|in|le|under|-|&)"
# at most twelve words: names are short, and a bound keeps matching linear
_NAME = rf"{_NAME_TOKEN}(?:\s+(?:{_NAME_TOKEN}|{_CONNECTOR}(?=\s+[A-Z]))){{0,11}}"
_LED_BY = re.compile(rf"\bled by\s+(?:the\s+)?(?P<org>{_NAME})")
_AWARDED = re.compile(rf"(?P<org>{_NAME})\s+(?:(?:has|have)\s+(?:also\s+|now\s+|today\s+)?"
                      r"(?:been\s+awarded|been\s+granted|been\s+given|received|won|secured)|"
                      r"(?:was|were)\s+(?:awarded|granted|given)|received|won|secured)\b")
_AWARD_VERB = re.compile(r"\b(?:has|have|was|were)\s+(?:also\s+|now\s+|today\s+)?(?:been\s+)?"
                         r"(?:awarded|granted|given|received|won|secured|made)\b|"
                         r"\baward of\b|\bawards is\b", re.I)
_INCLUDING = re.compile(r"\bincluding\s+(?P<amount>£\s?\d[\d,]*(?:\.\d+)?\s?"
                        r"(?:bn|billion|million|m|k|thousand)?)\s+(?:for|to)\s+(?P<clause>[^,;]+)",
                        re.I)
_LIST_LINE = re.compile(r"^\s*(?:[-•*]\s+)?(?P<org>[^-–:\n]{3,80}?)\s+[-–]\s+"
                        r"(?P<title>[^\n]{3,120}?)\s+[-–]\s+")
_PARTNER_TRIGGER = re.compile(r"\b(?:also\s+includes?|includes|brings\s+together|bringing\s+"
                              r"together|working\s+with|work\s+with|with\s+partners\s+including|"
                              r"partners\s+include|together\s+with|alongside|with)\s+", re.I)
_ANAPHOR = re.compile(r"^\s*(?:the|this|their|its)\s+(?:group|consortium|partnership|bid|"
                      r"project|scheme|initiative|alliance|funding|award|grant|money)\b|"
                      r"^\s*(?:it|they)\b", re.I)
_STRONG = re.compile(rf"\b(?P<n>{_NUMBER})-strong\b", re.I)
_OTHER_ORGS = re.compile(rf"\bwith\s+(?P<n>{_NUMBER})\s+other\b", re.I)
_COUNT = re.compile(rf"\b(?P<n>{_NUMBER})\s+(?:[a-z-]+\s+){{0,3}}?(?:councils|authorities|"
                    r"organisations|organizations|partners|bodies|agencies|districts|boroughs)\b",
                    re.I)
_GENERIC = re.compile(r"\b(?:local\s+|other\s+|the\s+)?(?P<what>police|fire(?:\s+and\s+rescue)?|"
                      r"health|nhs|clinical\s+commissioning|voluntary|community|housing|"
                      r"education|schools?|colleges?)(?:\s+and\s+(?P<what2>police|fire|health|"
                      r"voluntary|community))?\s+(?:services|bodies|groups|partners|sector|"
                      r"organisations|trusts|providers|group|forces?)\b", re.I)
_GENERIC_SECTORS = {"police": "police", "fire": "fire-and-rescue", "health": "health",
                    "nhs": "health", "clinical": "health", "voluntary": "voluntary-and-community",
                    "community": "voluntary-and-community", "housing": "housing",
                    "education": "education", "school": "education", "college": "education"}
_ORG_WORDS = re.compile(r"\b(council|councils|authority|trust|police|constabulary|service|"
                        r"services|commissioner|partnership|ccg|board|agency|office|department|"
                        r"alliance|corporation|association|university|college|foundation|"
                        r"network|group|plus)$", re.I)
_SHARED_HEAD = re.compile(r"\s+(?P<head>(?:borough|district|county|city|metropolitan borough)\s+"
                          r"councils)\s*$", re.I)
_DATE = re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m>jan|feb|mar|apr|may|jun|jul|aug|"
                   r"sep|oct|nov|dec)[a-z]*\.?,?\s+(?P<y>\d{4}|\d{2})\b", re.I)
_ROUND = re.compile(r"\b20(?P<a>\d\d)\s*(?:to|-|–|/)\s*(?:20)?(?P<b>\d\d)\b")
_PROGRAMME = re.compile(r"\b((?:[A-Z][a-z]+\s){1,4}(?:Award|Fund|Programme))\b")


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

    def as_dict(self, document: dict) -> dict:
        return {
            "lead": self.lead, "partners": self.partners,
            "amount_gbp": int(self.amount_gbp) if self.amount_gbp is not None and
            self.amount_gbp == self.amount_gbp.to_integral() else
            (str(self.amount_gbp) if self.amount_gbp is not None else None),
            "amount_note": self.amount_note or None,
            "partner_count_stated": self.partner_count_stated, "title": self.title or None,
            "place": self.place or None, "unnamed_participants": self.unnamed,
            "programme": document["programme"], "round": document["round"],
            "date": document["date"], "document": document["document"],
            "evidence": [{"sentence": e.sentence, "span": [e.start, e.end], "line": e.line}
                         for e in self.evidence],
            "confidence": float(self.confidence), "rule": self.rule,
        }


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _NUMBERS[text.lower()]


def _sentences(text: str):
    """(start, end) spans of sentences: split at sentence ends and line breaks."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > start:
            yield start, match.start()
        start = match.end()
    if start < len(text):
        yield start, len(text)


def _award_amount(clause: str) -> tuple[Decimal | None, str]:
    """The first amount in a clause that is not a saving, target or fund size."""
    for match in _AMOUNT.finditer(clause):
        before = clause[max(0, match.start() - 30):match.start()]
        after = clause[match.end():match.end() + 25]
        if _NOT_AN_AWARD.search(before) or re.match(r"\s*(?:of\s+)?(?:sav|efficienc|"
                                                    r"investment|fund|package|in\s+"
                                                    r"(?:sav|efficienc|invest))", after, re.I):
            continue
        unit = (match["unit"] or "").lower()
        unit = {"million": "m", "billion": "bn", "thousand": "k"}.get(unit, unit)
        try:
            value = parse_amount(f"£{match['value']}{unit}")
        except ValueError:
            continue
        return value, (match["more"] or "").lower()
    return None, ""


class _Reader:
    """Extraction over one document."""

    def __init__(self, text: str, name: str, resolver) -> None:
        self.text, self.name, self.resolver = text, name, resolver
        self.bids: list[ExtractedBid] = []
        self._seen: set[int] = set()  # ids of the bids in self.bids
        self._line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    # --- names -----------------------------------------------------------------------------
    def known(self, phrase: str) -> bool:
        return self.resolver.lookup(phrase) is not None

    def organisation(self, phrase: str) -> str | None:
        """The phrase as an organisation name, if it is one."""
        phrase = re.sub(r"^(?:the|a|an)\s+", "", clean(phrase), flags=re.I).strip(" ,.;:'\"")
        if len(phrase) < 3 or len(phrase) > 120:
            return None
        if self.known(phrase):
            return phrase
        if _ORG_WORDS.search(phrase) and phrase[0].isupper() and len(phrase.split()) >= 2 \
                and not re.search(r"\b(?:and|with)\b|&|,", phrase):
            return phrase
        return None

    def names_in(self, text: str) -> list[str]:
        """Organisations named in a coordinated list: 'A, B and C borough councils'."""
        head = ""
        text = text.rstrip(" .;:!?\"'”’")
        shared = _SHARED_HEAD.search(text)
        if shared:
            head = " " + shared["head"][:-1].title()  # "borough councils" -> "Borough Council"
            text = text[:shared.start()]
        tokens = [t.rstrip(".") for t in re.findall(r"[A-Za-z0-9'’&.-]+|,", text)]
        found, i = [], 0
        while i < len(tokens):
            if not tokens[i] or not tokens[i][0].isupper():
                i += 1
                continue
            # the longer of the best register name and the best name-shaped phrase:
            # "Barnsley Clinical Commissioning Group" is one body, not Barnsley plus a group
            options = [t for t in (self._longest(tokens, i, head, register_only=True),
                                   self._longest(tokens, i, head, register_only=False)) if t]
            taken = max(options, key=lambda t: t[1]) if options else None
            if taken:
                found.append(taken[0])
                i = taken[1]
            else:
                i += 1
        return list(dict.fromkeys(found))

    def _longest(self, tokens: list[str], i: int, head: str, register_only: bool):
        """The longest organisation name starting at token i: (name, next index) or None.

        Register names may contain "and" ("Cheshire West and Chester"); other names may not,
        so that "A and B" is never read as one unknown body.
        """
        for j in range(min(len(tokens), i + 12), i, -1):
            words = tokens[i:j]
            if "," in words or words[-1].lower() in ("and", "of", "the", "with", "for", "in"):
                continue
            phrase = " ".join(words)
            if not register_only and re.search(r"\b(?:and|with|&)\b", phrase, re.I):
                continue
            for candidate in (phrase, phrase + head) if head else (phrase,):
                if register_only and self.known(candidate):
                    return candidate, j
                if not register_only and self.organisation(candidate):
                    return self.organisation(candidate), j
        return None

    def place(self, clause: str) -> str:
        """The first capitalised run in a clause that is the name of a council's area."""
        for match in re.finditer(rf"{_NAME}", clause):
            words = match.group().split()[:8]
            for size in range(len(words), 0, -1):
                for start in range(0, len(words) - size + 1):
                    phrase = " ".join(words[start:start + size])
                    result = self.resolver.lookup(phrase)
                    if result is not None and result.kind == "alias" and \
                            result.body.sector == "council":
                        return phrase
        return ""

    # --- facts -----------------------------------------------------------------------------
    def evidence(self, start: int, end: int) -> Evidence:
        line = bisect.bisect_right(self._line_starts, start)
        return Evidence(self.text[start:end], start, end, line)

    def counts(self, bid: ExtractedBid, clause: str) -> None:
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

    def partners(self, bid: ExtractedBid, clause: str) -> None:
        trigger = _PARTNER_TRIGGER.search(clause)
        if not trigger:
            return
        rest = clause[trigger.end():]
        named = self.names_in(re.split(r",?\s+as\s+well\s+as\s+", rest)[0])
        for name in named:
            if name != bid.lead and name not in bid.partners:
                bid.partners.append(name)
        self.generic(bid, rest)

    def read(self) -> list[ExtractedBid]:
        for start, end in _sentences(self.text):
            sentence = self.text[start:end]
            if len(sentence) > 5000:  # not prose: a table or a run-on dump
                continue
            self.sentence(sentence, start, end)
        return [b for b in self.bids if b.lead or b.place or b.partners]

    def sentence(self, sentence: str, start: int, end: int) -> None:
        evidence = self.evidence(start, end)
        anaphor = _ANAPHOR.match(sentence)
        made: list[ExtractedBid] = []
        list_line = _LIST_LINE.match(sentence)
        if list_line:
            lead = self.organisation(list_line["org"])
            if lead:
                bid = ExtractedBid(lead=lead, title=clean(list_line["title"]),
                                   confidence=CONFIDENCE["list-line"], rule="list-line")
                bid.amount_gbp, bid.amount_note = _award_amount(sentence[list_line.end():])
                self.counts(bid, sentence)
                made.append(bid)
        for clause in ([] if list_line and made else _CLAUSE_SPLIT.split(sentence)):
            bid = self.clause(clause, anaphor is not None and not made)
            if bid is not None and all(bid is not other for other in made):
                made.append(bid)
        for including in _INCLUDING.finditer(sentence):
            if any(b.amount_gbp is not None and including["amount"] in sentence for b in made
                   if b.rule != "place"):
                continue
            place = self.place(including["clause"])
            amount, note = _award_amount(including["amount"])
            if place and amount is not None:
                bid = ExtractedBid(lead=None, place=place, amount_gbp=amount, amount_note=note,
                                   title=clean(including["clause"]),
                                   confidence=CONFIDENCE["place"], rule="place")
                self.counts(bid, including["clause"])
                made.append(bid)
        if not made and anaphor and self.bids:
            made_for_anaphor = self.bids[-1]
            self.counts(made_for_anaphor, sentence)
            self.partners(made_for_anaphor, sentence)
            self.generic(made_for_anaphor, sentence)
            made_for_anaphor.evidence.append(evidence)
            return
        for bid in made:
            if not bid.evidence or bid.evidence[-1] != evidence:
                bid.evidence.append(evidence)
            if id(bid) not in self._seen:
                self._seen.add(id(bid))
                self.bids.append(bid)

    def clause(self, clause: str, anaphor: bool) -> ExtractedBid | None:
        lead = None
        rule = ""
        joint: list[str] = []
        for pattern, name in ((_LED_BY, "led-by"), (_AWARDED, "awarded")):
            match = pattern.search(clause)
            if match:
                lead = self.organisation(match["org"])
                if lead:
                    rule = name
                    break
                if name == "awarded":
                    joint = self.names_in(match["org"])
                    joint = joint if len(joint) > 1 else []
        amount, note = _award_amount(clause)
        awarded = _AWARD_VERB.search(clause) is not None
        pending = self.bids[-1] if self.bids and anaphor and self.bids[-1].lead is None \
            and not self.bids[-1].place else None
        if lead and pending is not None:
            bid = pending
            bid.lead, bid.rule, bid.confidence = lead, rule, CONFIDENCE[rule]
        elif lead and (amount is not None or awarded or rule == "led-by"):
            bid = ExtractedBid(lead=lead, confidence=CONFIDENCE[rule], rule=rule)
        elif joint:
            # "A and B have been awarded £N": a joint award, no lead stated
            bid = ExtractedBid(lead=None, partners=joint, confidence=CONFIDENCE["awarded"],
                               rule="joint")
        elif amount is not None and awarded and not _INCLUDING.search(clause):
            # an award whose recipient is named in a later sentence ("The bid, led by ...")
            bid = ExtractedBid(lead=None, confidence=CONFIDENCE["place"], rule="pending")
        else:
            return None
        if bid.amount_gbp is None and amount is not None:
            bid.amount_gbp, bid.amount_note = amount, note
        if not bid.title:
            purpose = re.search(r"\bto\s+((?:help|tackle|implement|improve|develop|build|"
                                r"create|share|redesign|deliver|support|integrate|provide|"
                                r"reduce|transform)\b[^,;.]*)", clause)
            bid.title = clean(purpose.group(1)) if purpose else ""
        self.counts(bid, clause)
        self.partners(bid, clause)
        if bid.lead:
            bid.partners = [p for p in bid.partners if p != bid.lead]
        return bid


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

    ``gazetteer`` knows the bodies: ``gazetteer.lookup(phrase)`` is a match or None (a
    ``partnerkg.resolution.Resolver`` is one).

    >>> from partnerkg.resolution import default_resolver
    >>> text = "Essex County Council has been awarded £3.3m to help."
    >>> facts, bids = extract_text(text, gazetteer=default_resolver())
    >>> bids[0].lead, bids[0].amount_gbp
    ('Essex County Council', Decimal('3300000'))
    """
    return _document_facts(text, name), _Reader(text, name, gazetteer).read()


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
    path = Path(path)
    return extract_text(_read(path), path.name, gazetteer=gazetteer)


def load_text(path: str | Path, *, programme: str | None = None, gazetteer) -> Records:
    """Records for the bids in a text that name a lead (bids known only by place are left out)."""
    facts, bids = extract_file(path, gazetteer=gazetteer)
    records = Records()
    programme_name = facts["programme"] or programme or "Programme not stated"
    for number, bid in enumerate(bids, 1):
        if not bid.lead:
            what = f"in {bid.place}" if bid.place else f"to {', '.join(bid.partners)}"
            amount = f"£{bid.amount_gbp:,}" if bid.amount_gbp is not None else "no stated sum"
            records.skipped.append(
                f"{facts['document']} line {bid.evidence[0].line}: a bid ({amount}) {what} "
                "names no lead (see partnerkg extract)")
            continue
        first = bid.evidence[0]
        key = slugify(f"{Path(path).stem} {bid.lead} {bid.amount_gbp or number}")

        def source(confidence=bid.confidence, evidence=first) -> Source:
            return Source(file=facts["document"], line=evidence.line,
                          documents=(facts["document"],), confidence=confidence,
                          note="", sentence=evidence.sentence,
                          span=(evidence.start, evidence.end), method="rules")

        notes = []
        if bid.amount_note:
            notes.append(f"amount stated as {bid.amount_note} £{bid.amount_gbp:,}")
        records.bids[key] = Bid(key=key, programme=programme_name, source=source(),
                                round=facts["round"] or "", title=bid.title,
                                amount=bid.amount_gbp, stated_members=bid.partner_count_stated,
                                notes=notes, unnamed_sectors=tuple(bid.unnamed))
        records.participations.append(Participation(key, bid.lead, LEAD, source()))
        for partner in bid.partners:
            evidence = next((e for e in bid.evidence if partner in e.sentence), first)
            records.participations.append(Participation(
                key, partner, PARTNER, source(CONFIDENCE["partner"], evidence)))
    return records

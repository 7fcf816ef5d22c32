"""Sums of money in prose, and what each one is: an award, a saving or target, a fund total, a
contribution, a cost, a sum asked for, or a rate.

>>> [(m.value, m.kind) for m in money_mentions("Wigan Council will use £1.15m, and hopes to save £2m.")]
[(Decimal('1150000'), 'award'), (Decimal('2000000'), 'saving')]
>>> [(m.value, m.kind) for m in money_mentions("It receives half a million pounds from the fund.")]
[(Decimal('500000'), 'award')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .amounts import NUMBER, UNIT, UNIT_GAP, amount_value, parse_amount

__all__ = ["Money", "money_mentions", "sum_in_cell", "AWARD_VERB", "clause_bounds"]

# the second figure of a range whose figures share a unit: "£1.2-1.5m" (see money_mentions)
_RANGE = rf"(?:[^\S\n]?[-–][^\S\n]?£?{NUMBER}(?={UNIT_GAP}{UNIT}))?"
_SUM = re.compile(
    rf"(?:£|\bGBP)[^\S\n]?(?P<value>{NUMBER}){_RANGE}(?:{UNIT_GAP}(?P<unit>{UNIT}))?|"
    r"(?P<words>half a million|(?:half|a quarter|three quarters|three-quarters) of a million|"
    r"(?:a|one|two|three|four|five) million) pounds|"
    rf"(?<![\w.,€$])(?P<bare>{NUMBER}){_RANGE}(?:{UNIT_GAP}(?P<bare_unit>{UNIT}))?"
    r"[^\S\n]*(?:pounds|GBP)\b", re.I)
# "more than £2m", "up to £2m": read apart from the sum, just before it
_HINT = re.compile(r"£|\bGBP\b|\bpounds\b", re.I)
_MORE = re.compile(r"\b(?P<more>more than|over|almost|nearly|about|around|up to|just under|"
                   r"just over|some)\s+$", re.I)
_WORDS = {"half of a million": 500_000, "a quarter of a million": 250_000,
          "three quarters of a million": 750_000, "three-quarters of a million": 750_000,
          "a million": 1_000_000, "one million": 1_000_000, "two million": 2_000_000,
          "three million": 3_000_000, "four million": 4_000_000, "five million": 5_000_000}

#: Words that make a sum an award to whoever the clause names.
AWARD_VERB = re.compile(
    r"\b(?:award(?:ed|s|ing)?|grant(?:ed|s)?|given|giving|handed|hands|receiv(?:e|es|ed|ing)|"
    r"goes to|go to|going to|allocat(?:ed|es|e|ing|ion to)|won|wins|win|secur(?:ed|es|e)|"
    r"landed|lands|land|bag(?:ged|s)?|picks? up|picked up|gets?|got|will use|is using|to use|"
    r"came away with|comes away with|walked away with|netted|nets|"
    r"backed|backing|boost|funding of|successful|winning|approved|made to|"
    r"been made|was made|were made|scoop(?:ed|s)?|earmarked|released?|releases|"
    r"confirmed|provided|providing|injection|windfall|funded|funding for|to fund|"
    r"will get|including|includes|commission(?:ed|s)?|attract(?:ed|s)?|benefit(?:s|ed|ing)? "
    r"from|draw(?:n|s)? down|chosen|selected|invest(?:s|ed|ing)?|boosted by|in line for|"
    r"set to receive|is to receive|are to receive|to receive|pocket(?:ed|s)?|clinch(?:ed|es)?|"
    r"netted|nets|bid success|success)\b", re.I)
# What a sum is when it is not an award: the first kind whose pattern fits its context.
_BEFORE = [
    ("failed", r"\b(?:unsuccessful|missed out|rejected|turned down|failed|not successful|"
               r"lost out|was refused|were refused|not funded|unfunded|not approved)\b"),
    ("saving", r"\b(?:sav(?:e|es|ed|ing|ings)|efficienc\w*|estimated? at|projected|"
               r"reduc\w+ (?:costs?|spending|demand)|cut costs?|cut spending|target)\b"),
    ("contribution", r"\b(?:putting in|put in|puts in|contribut\w*|match(?:ed|ing)?(?: funding"
                     r"(?: of)?)?|pledged|"
                     r"pledging|own money|its own|their own|our own|in kind|invest(?:ing|s)? "
                     r"(?:a further|an extra|its|their)|adding|add)\b"),
    ("cost", r"\b(?:total cost|costs?|costing|will cost|price)\b"),
    ("asked", r"\b(?:(?<!successful )bid for|bids for|asked for|requested|applied for|sought|seeking|"
              r"requests? (?:from|by)|"
              r"request(?:ed|ing)? of|(?<!successful )application,? for)\b"),
    ("total", r"\b(?:fund of|a fund|funds? worth|share|shared|shares|sharing|total\w*|national|"
              r"nationally|"
              r"one of (?:\d+|[a-z]+) (?:[a-z]+ )?(?:projects|bids|schemes|awards|areas)|"
              r"allocation|pot|package|budget|overall|in all|altogether|worth|pooled|"
              r"programme of|across (?:the|all)|regional|combined|between them|a further|"
              r"launch(?:ed|es)?|announc(?:ed|es|ing)|up to|available|of which|out of|"
              r"investment of|in funding to help|part of(?: the)?|portion of|slice of|"
              r"chunk of)\b|"
              # "awarded £1m from the government's £25m Empty Homes Accelerator"
              r"\bfrom (?:the|its|their|a)\s+(?:[\w'’]+['’]s\s+)?(?:new\s+)?$"),
]
_AFTER = [
    # "£110,000, to be met from the Transformation Reserve", "the release of £110,000 from the
    # reserve": a body's own money
    ("contribution", r"^\s*,?\s*(?:(?:is|are|was|were|will be|would be|to be)\s+)?(?:met\s+|"
                     r"drawn\s+|funded\s+|released\s+)?from\s+(?:the\s+|its\s+|their\s+|our\s+)?"
                     r"(?:[\w'’-]+\s+){0,4}reserves?\b"),
    ("cost", r"^\s*(?:was\s+|were\s+|has been\s+)?paid\s+to\b"),
    # "bringing almost £2 million into the area"; "£8 million of funding to allocate"
    ("total", r"^\s*into\s+the\s+(?:area|region|county|city|borough|district|town)\b|"
              r"^\s*(?:of\s+(?:[\w'’-]+\s+){0,5}?)?to\s+(?:allocate|distribute|spend|invest|"
              r"award|share out|give out|hand out)\b"),
    # "The fund awarded £4.8 million to 12 projects in its first round"
    ("total", r"^\s*(?:in\s+total\s+)?(?:to|among|between|across)\s+(?:\d+|two|three|four|five|six|"
              r"seven|eight|nine|ten|eleven|twelve|[a-z]+teen|twenty|thirty|forty|fifty|dozens? of|"
              r"more than \d+)\s+(?:[a-z-]+\s+)?(?:projects|bids|councils|partnerships|schemes|"
              r"organisations|areas|authorities|applicants|winners)\b"),
    # "every pound invested will generate around £3 of wider economic benefit"
    ("saving", r"^\s*(?:of|in)\s+(?:[\w-]+\s+){0,3}?(?:benefits?|value|returns?)\b|"
               r"^\s*(?:for|of)\s+every\s+(?:£1|pound)\b"),
    # "Greenwich, which received £600,000 in the previous round, did not apply"
    ("earlier", r"^\s*(?:in|during)\s+(?:the\s+|its\s+|their\s+)?(?:previous|last|earlier|"
                r"first|a previous|an earlier)\s+(?:round|year|phase|wave)\b|^\s*last\s+year\b"),
    ("rate", r"^\s*(?:per|a|for each|each)\s+(?:family|families|head|person|year|annum|"
             r"household|place|week|month)\b"),
    ("saving", r"^\s*(?:in|of)\s+(?:savings|efficienc|cashable)|^\s*(?:a year|per year|each "
               r"year|annually)\s+(?:in\s+)?sav"),
    ("contribution", r"^\s*(?:already\s+|previously\s+)?(?:invested|spent|committed|raised)\b|"
                     r"^\s*(?:contribution|match\b)|^\s*(?:is|are|was|were|will be)\s+"
                     r"(?:contributed|provided by|put in|matched)|"
                     r"^\s*(?:of|in)\s+(?:its|their|our|his|her)?\s*(?:own\b(?!\s+right)|staff|officer|"
                     r"volunteer|match|in-kind|kind)|^\s*from\s+(?:its|their|our)\s+"
                     r"(?:own|reserves|budget)"),
    ("asked", r"^\s*(?:[\w']+\s+){0,3}?(?:requested|sought|bid for|applied for|asked for)\b"),
    ("saving", r"^\s*(?:for|of|to)\s+reinvest"),
    ("total", r"^\s*(?!from\b|to\b|for\b|towards\b|of\b|in\b)(?:[\w'-]+\s+){0,4}?(?:fund|pot|programme|"
              r"package|scheme|"
              r"budget|investment|initiative)\b|^\s*(?:transformation|"
              r"challenge|police innovation|fire transformation|troubled families|better care)"
              r"|^\s*(?:into|in)\s+the\s+(?:pooled\s+|national\s+)?(?:fund|budget|pot)\b"
              r"|^\s*(?:in total|overall|between(?!\s+them\b)|to be shared|shared|across|nationally|for "
              r"(?:all|the whole|every))\b"
              # "the £89.5m handed to 73 authorities", "the £75m announced today"
              r"|^\s*(?:available|on offer|up for grabs)\b"
              r"|^\s*(?:(?:was|were|has been|have been|is being|are being)\s+)?(?:announced|"
              r"unveiled|(?:being\s+)?(?:handed|shared|split|divided|"
              r"allocated|given)\s+(?:out\s+)?(?:to|between|among|across)\s+(?:\d+|[a-z-]+)"
              r"\s+(?:[a-z-]+\s+)?(?:councils|authorities|areas|bids|projects|partnerships|"
              r"forces|services|schemes|organisations|winners))\b"),
]
_LEADS_A = re.compile(r"\b(?:(?:lead|leads|leading|led|heads|head)\s+(?:a|an|the)\s+"
                      r"(?:new\s+|joint\s+)?|(?:accountable\s+body|lead\s+(?:partner|body|"
                      r"authority|organisation|agency))\s+(?:for|in|on|of)\s+(?:a|an|the)\s+)$",
                      re.I)
_UNDECIDED = re.compile(r"\b(?:remains?|remained|is|are|was|were|still)\s+(?:still\s+)?"
                        r"(?:under consideration|being considered|being assessed|on (?:a|the) "
                        r"reserve list|awaiting a decision)\b|\b(?:has|had|have)\s+been\s+deferred\b|"
                        r"\b(?:has|had|have|was|were)\s+(?:been\s+)?shortlisted\b|"
                        r"\bdeferred\s+(?:to|until|by)\b", re.I)
_PERCENT_OF = re.compile(r"\d+(?:\.\d+)?\s*(?:%|per\s*cent)\s+of\s+(?:the\s+|its\s+|their\s+)?"
                         r"(?:[\w-]+\s+)?(?:grant|award|funding|money|total|budget|allocation)"
                         r"\s*[(,–-]?\s*$", re.I)
_AWARDED_AFTER = re.compile(r"\s*(?:has|have|was|were|is|are|will be)\s+(?:been\s+)?(?:awarded|"
                            r"granted|given|allocated|handed)\s+to\b")
_A_FUND = re.compile(r"\s*(?:[\w'’-]+\s+){0,2}(?:fund|pot|package|budget|programme)\b", re.I)
_PROJECT_WORTH = re.compile(r"\b(?:scheme|project|bid|pilot|initiative)\s*,?\s*worth\s+$", re.I)
_LED = re.compile(r"\b(?:led by|is leading|will lead|leads)\b", re.I)
# after a sum, these make it an award: "£2m in new funding", "£2m from the Fund"
_AWARD_AFTER = re.compile(r"^\s*(?:of|in)\s+(?:new\s+|extra\s+|additional\s+|government\s+|central\s+"
                          r"|lottery\s+|transformation\s+)?(?:funding|money|cash|grant|support)\b|"
                          r"^\s*(?:from|through|via|under)\s+(?:the\s+|a\s+)?(?:government|"
                          r"department|home office|ministry|[a-z'’ ]{0,40}(?:fund|award|programme|"
                          r"challenge))", re.I)
_CLAUSE_BREAK = re.compile(r"[;.!?\n]|\s(?:while|whereas|but)\s|,\s+and\s+(?=[A-Z£])")


@dataclass(frozen=True)
class Money:
    start: int
    end: int
    value: Decimal
    note: str  # "more than", "about" ... or ""
    kind: str  # award | saving | contribution | cost | asked | total | rate | failed | earlier | other


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around text[start:end]: from the last clause break before to the next after."""
    lo = max(0, start - 300)
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, lo, start)]
    left = breaks[-1] if breaks else lo
    after = _CLAUSE_BREAK.search(text, end, min(len(text), end + 300))
    return left, after.start() if after else min(len(text), end + 300)


def _value(match) -> Decimal | None:
    try:
        if match["words"]:
            return Decimal(_WORDS[match["words"].lower().replace("half a ", "half of a ")])
        if match["value"]:
            return amount_value(match["value"], match["unit"])
        return amount_value(match["bare"], match["bare_unit"])
    except (ValueError, KeyError):
        return None


def sum_in_cell(text: str) -> Decimal | None:
    """The sum a table cell holds ("1,250,000", "£1.2m", "715,400"), or None.

    >>> sum_in_cell("1,250,000"), sum_in_cell("£1.2m"), sum_in_cell("(410,000 requested)")
    (Decimal('1250000'), Decimal('1200000'), None)
    """
    try:
        return parse_amount(text)
    except ValueError:
        return None


def classify(text: str, start: int, end: int) -> str:
    """What the sum at text[start:end] is, from the words of its clause around it."""
    left, right = clause_bounds(text, start, end)
    before = text[max(left, start - 70):start].lower()
    after = text[end:min(right, end + 60)].lower()
    clause = text[left:right]
    # "Middlesbrough Council will act as the accountable body for a £640,000 scheme": a bid's
    # sum, whatever word follows it, unless that names a fund
    if _LEADS_A.search(before) and not _A_FUND.match(after):
        return "award"
    # "a second application, for £600,000 ..., remained under consideration": not yet an award
    if _UNDECIDED.search(clause) and not AWARD_VERB.search(before[-40:]):
        return "asked"
    if _PERCENT_OF.search(before):  # "will not exceed 5% of the grant (£117,500)"
        return "total"
    for kind, pattern in _AFTER:
        if re.search(pattern, after):
            return kind
    if re.search(r"\b(?:under|below|less than|above|exceeding|no more than)\s+$", before):
        return "threshold"  # "grants for jobs under £5,000"
    if re.search(r"\bshare\s+(?:of\s+)?(?:the\s+)?$", before):
        return "shared"  # an award when bodies are named as sharing it (see loaders.text)
    # "NHS Lothian is to lead a £1.1m project"; "a second scheme, worth £1.6m, is being led by X"
    if _LEADS_A.search(before) or (_PROJECT_WORTH.search(before) and _LED.search(clause)):
        return "award"
    # the nearest cue before the sum decides: "save £2m" but "awarded £2m to save ..."
    best, best_at, said = "", -1, ""
    for kind, pattern in _BEFORE:
        for cue in re.finditer(pattern, before):
            if cue.end() > best_at:
                best, best_at, said = kind, cue.end(), cue.group()
    award = [m.end() for m in AWARD_VERB.finditer(before)]
    if best == "failed" or re.search(_BEFORE[0][1], clause.lower()):
        return "failed"
    if said == "a further" and _AWARDED_AFTER.match(after):
        return "award"  # "A further £200,000 has been awarded to Norfolk and Cornwall"
    if best and (not award or best_at >= award[-1]):
        return best
    if award or AWARD_VERB.search(after) or AWARD_VERB.search(clause) or \
            _AWARD_AFTER.search(after):
        return "award"
    return "other"


def money_mentions(text: str) -> list[Money]:
    """Every sum of money in ``text``, in order, each with its kind: after £ or GBP, or before
    "pounds" or GBP, written as ``amounts.NUMBER`` and ``amounts.UNIT`` allow. A range whose
    figures share one unit is its first figure ("£1.2-1.5m" is £1.2m); a range of two sums,
    "£1.2m-£1.5m", is read as two. Euros and dollars are not sums of pounds.

    >>> [(m.value, m.kind) for m in money_mentions("Kent was awarded GBP 750 000 (€880,000).")]
    [(Decimal('750000'), 'award')]
    """
    found = []
    for hint in _HINT.finditer(text):  # look closely only where a sum can be
        match = _SUM.match(text, hint.start())  # "£1.2m", "GBP 400,000"
        if match is None and hint.group() != "£":  # "half a million pounds", "400,000 GBP"
            match = next((m for m in _SUM.finditer(text, max(0, hint.start() - 40), hint.end())
                          if m.end() == hint.end()), None)
        if match is None or (found and match.start() < found[-1].end):
            continue
        value = _value(match)
        if value is None or value <= 0:
            continue
        start = match.start()
        more = _MORE.search(text, max(0, start - 16), start)
        if more:
            start = more.start()
        note = more["more"].lower() if more else ""
        kind = "total" if note == "up to" else classify(text, start, match.end())  # a cap
        found.append(Money(start, match.end(), value, note, kind))
    return found

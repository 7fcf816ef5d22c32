"""Organisations named in prose: every mention, with its span.

Three finders, merged so that the longest mention wins:

* the **gazetteer**: every register name and alias in one Aho-Corasick automaton
  (pyahocorasick), so "Blackburn with Darwen Borough Council" and "Cheshire West and Chester"
  stay whole; a bare place ("Essex") is kept apart as a place, not a body;
* the **recogniser** for bodies the register lacks: a run of capitalised words (with "and",
  "of", "with", "&" inside) ending in an organisation word ("Trust", "Clinical Commissioning
  Group", "Homes" ...) or opening with one ("Voluntary Action", "Citizens Advice"); a run is
  cut where "and" joins two complete names, never inside "Police and Crime Commissioner";
* **short forms** ("the county council", "the PCC", "the trust", "we"), each pointed at the
  body it stands for in the document.

>>> from partnerkg.resolution import default_resolver
>>> text = "Leeds City Council and Leeds and York Partnership NHS Foundation Trust will use it."
>>> [m.name for m in find_mentions(text, default_resolver())]
['Leeds City Council', 'Leeds and York Partnership NHS Foundation Trust']
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import ahocorasick

__all__ = ["Mention", "find_mentions", "gazetteer_automaton", "head_word", "resolve_short_forms",
           "CENTRAL"]

#: Last words of organisation names.
_HEADS = frozenset("""council councils authority trust police constabulary service commissioner
ccg group partnership partnerships charity housing homes home association cvs university
college board agency office foundation hospital hospitals alliance network centre center
society forum federation corporation academy company ltd limited plc plus brigade
collaborative cic department ministry force fire bc mbc dc cc ua lbc mdc action rescue""".split())
#: Opening words of organisation names that end in a place.
_PREFIXES = ("voluntary action", "citizens advice", "age uk", "age concern", "university of",
             "nhs", "department for", "department of", "ministry of", "office of",
             "royal borough of", "london borough of", "city of", "borough of", "county of",
             "volunteer centre", "community action", "healthwatch", "police and crime "
             "commissioner for", "mind in", "home-start", "homestart", "groundwork",
             "greater manchester", "west midlands combined", "transport for", "council of",
             "corporation of", "office of the")
#: Prefixes of voluntary bodies: "Citizens Advice Leeds and X Homes" is two names.
_SPLIT_PREFIX = re.compile(r"(?:voluntary action|citizens advice|age uk|age concern|healthwatch|"
                           r"volunteer centre|community action|mind in|home-start|groundwork) ")
_PREFIX = re.compile("(?:" + "|".join(re.escape(p) for p in _PREFIXES) + r") ")
_POSSESSIVE = re.compile(r"['’]s$")
_ATTACHED = re.compile(r"(?<=[a-z])-(?:led|based|funded|run|wide)$")
_MID_SENTENCE = re.compile(r"[a-z,;]\s*$")
#: Words no name has just after its "and": "X and for Y" joins two clauses, not one name
_NOT_AFTER_AND = frozenset("for to by from with in at on".split())
_CONNECTORS = frozenset("and of with upon on the for in under le de & at".split())
# "X and Y": never cut inside these
_BOUND = {("police", "crime"), ("fire", "rescue"), ("health", "social"), ("health", "wellbeing"),
          ("communities", "local"), ("community", "voluntary"), ("social", "care"),
          ("mental", "health"), ("crime", "police")}
_STOP = frozenset("""the a an in on at for and but under among both each this that these those
our its their today yesterday meanwhile also q if when while as with from by to after before
elsewhere however last next lead other all every new under one two three four five six seven
eight nine ten january february march april may june july august september october november
december monday tuesday wednesday thursday friday saturday sunday mr mrs ms dr cllr councillor
chief leader cabinet member minister secretary director officer we it they his her he she
there here what who which how why where is are was were has have will neighbouring nearby so
now then thus yet
fellow separately together between including partners local regional national""".split())
#: First words of posts, whose titles end like bodies' names ("... of Children's Services").
_ROLES = frozenset("""director corporate chief head leader cabinet chair chairman chairwoman
portfolio report member minister secretary executive officer manager deputy assistant strategic
commissioning principal senior interim acting""".split())
_PROGRAMME_WORDS = re.compile(r"\b(?:troubled families|better care|transformation challenge|"
                              r"innovation fund|transformation fund|one public estate)\b")
#: "Wave 3 of the Warm Homes ...", "Round 2 of the ...": a stage of a programme
_STAGE = re.compile(r"(?:wave|round|phase|tranche|stage|year|part)\s+\d")
#: Central government: funders, never partners unless a sentence says so.
CENTRAL = re.compile(r"\b(?:department (?:for|of)|ministry of|home office|cabinet office|nhs england|"
                     r"treasury|dclg|mhclg|government|local government association|"
                     r"secretary of state|minister)\b", re.I)

# "the Essex Partnership plan": a name used as a modifier names a plan, not a partner
_ATTRIBUTIVE = re.compile(r"\s+(?:plan|programme|project|scheme|model|approach|strategy|"
                          r"initiative|pilot|vision|area|footprint|way|agenda|bid|proposal|"
                          r"hub|review|pathway|service|team|fund|grant)s?\b"
                          # "its Emergency Services Collaboration Fund": a programme's name
                          r"|\s+(?:[A-Z][a-z]+\s+){0,2}(?:Fund|Programme|Challenge|Award|"
                          r"Accelerator|Scheme|Initiative)\b")
# "the local charity Kernow Community Links": a name its description vouches for
_DESCRIBED = re.compile(
    r"\b(?:local\s+|national\s+|regional\s+|community\s+|voluntary\s+|housing\s+|registered\s+)?"
    r"(?:charity|housing association|social enterprise|community interest company|community "
    r"group|voluntary group|voluntary organisation|residents' association|tenants' association)"
    r"\s+(?P<name>[A-Z][\w'’&-]*(?: (?:[A-Z][\w'’&-]*|and|of|for|the|&)){0,6})")
# "Marches Youth Link, a registered charity": the same, the description after the name
_DESCRIBED_AFTER = re.compile(
    r"(?P<name>[A-Z][\w'’&-]*(?: (?:[A-Z][\w'’&-]*|of(?: the)?|for|&)){0,6}), (?:a|the|an) "
    r"(?:local\s+|national\s+|regional\s+|community\s+|voluntary\s+|registered\s+|small\s+)?"
    r"(?:charity|social enterprise|community interest company|community group|voluntary group|"
    r"voluntary organisation)\b")
_AWARD_SUBJECT = re.compile(
    r"(?P<name>[A-Z][\w'’&-]*(?: (?:[A-Z][\w'’&-]*|and|of|for|the|&)){1,6})(?:, which|, who)? "
    r"(?:has |have |was |"
    r"were |will |is |are )?(?:been |now |also |today |just )?(?:awarded|granted|given|handed|"
    r"receiv\w+|secured|won|landed|bagged|picks up|picked up|gets|got)\b")
_IN_PLACE = re.compile(r"\b(?:in|at|near|across|around|throughout)\s+$")
_ITEM_PATTERN = (r"[A-Z][\w'’&-]*(?: (?:[A-Z][\w'’&-]*|of|for|the|&|upon|on)){0,7}"
                 r"(?<! of)(?<! for)(?<! the)(?<! &)(?<! upon)(?<! on)")
_ITEM = re.compile(_ITEM_PATTERN)
_LIST = re.compile(rf"{_ITEM_PATTERN}(?:(?:, |; )(?:and )?{_ITEM_PATTERN})*,? (?:and|&) "
                   rf"{_ITEM_PATTERN}|{_ITEM_PATTERN}(?:(?:, |; ){_ITEM_PATTERN}){{2,}}")
_STAFF = re.compile(r"\s+(?:staff|officers?|workers?|employees|colleagues|advisers|teams?)\b")
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.\-]*[A-Za-z0-9]|[A-Za-z0-9]|&")
_SHORT = re.compile(
    r"\b(?:the|its|their|this)\s+(?P<what>county council|city council|borough council|district "
    r"council|council|pcc|police and crime commissioner|commissioner|trust|ccg|constabulary|"
    r"force|fire service|fire authority|fire and rescue service|service|authority|charity|"
    r"association|cvs|health board|combined authority)\b(?!\s+(?:tax|officers?|staff|meeting|'s|leader|chamber))|"
    r"\b(?P<we>we|our|us)\b", re.I)
#: Plural heads a list of places shares: "A, B and C District Councils", "the X and Y fire and
#: rescue authorities".
_HEADS_PLURAL = (r"(?:(?:metropolitan\s+)?(?:borough|district|county|city)\s+)?councils|"
                 r"fire\s+and\s+rescue\s+(?:authorities|services)|"
                 r"(?:combined\s+)?fire\s+(?:authorities|services)|police\s+forces|"
                 r"constabularies|police\s+and\s+crime\s+commissioners|"
                 r"clinical\s+commissioning\s+groups|ccgs")
_PLURAL_HEAD = re.compile(rf"(?i:\b(?:{_HEADS_PLURAL})\b)")
_SHARED_HEAD = re.compile(
    r"(?P<list>(?:[A-Z][\w'’-]*(?:[ \t]+(?:[A-Z][\w'’-]*|and|with|upon|on|of))*[ \t]*,[ \t]*)*"
    r"[A-Z][\w'’-]*(?:[ \t]+(?:[A-Z][\w'’-]*|with|upon|on|of))*(?:[ \t]+and[ \t]+[A-Z][\w'’-]*"
    r"(?:[ \t]+(?:[A-Z][\w'’-]*|with|upon|on|of))*)+)[ \t]+"
    rf"(?P<head>(?i:{_HEADS_PLURAL}))\b")
#: After a plural head, a name that goes on ("... Lincolnshire Councils Partnership"): the plural
#: is inside one body's name, not shared.
_NAME_GOES_ON = re.compile(r"[ \t]+[A-Z]")
#: "the London Boroughs of A, B and C"
_PLACE_ITEM = r"[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)*(?:[ \t]*\([^)\n]{0,40}\))?"
_SHARED_PREFIX = re.compile(
    r"\b(?P<head>(?:London|Royal)[ \t]+Boroughs[ \t]+of|(?i:(?:police[ \t]+and[ \t]+crime[ \t]+)?"
    r"commissioners[ \t]+for))[ \t]+"
    rf"(?P<list>{_PLACE_ITEM}(?:[ \t]*,[ \t]*{_PLACE_ITEM})*"
    rf"(?:[ \t]*,?[ \t]+and[ \t]+{_PLACE_ITEM}))")
_POST_OF = re.compile(r"(?:[A-Z][\w'’-]*\s+){1,6}(?:of|at)\s+(?:the\s+)?(?P<body>[A-Z].*)$")
_WHERE_BEFORE = re.compile(r"\b(?:in|across|throughout|around|near|of|from|at)\s+(?:the\s+)?"
                           r"(?:(?:north|south|east|west|central|greater|inner|outer)\s+)?$", re.I)
_COUNCIL_KINDS = frozenset({"borough", "district", "county", "city", "metropolitan"})
_SINGULAR = {"councils": "Council", "authorities": "Authority", "services": "Service",
             "forces": "", "constabularies": "Constabulary", "commissioners": "Commissioner",
             "groups": "Group", "ccgs": "CCG"}


def _singular(head: str) -> str:
    """A plural head as one body's: "district councils" -> "District Council", "fire and rescue
    authorities" -> "Fire and Rescue Authority", "police forces" -> "Police".

    >>> _singular("fire and rescue authorities"), _singular("police forces"), _singular("CCGs")
    ('Fire and Rescue Authority', 'Police', 'CCG')
    """
    words = head.split()
    last = _SINGULAR[words[-1].lower()]
    kept = [w if w.lower() == "and" else w.upper() if w.lower() == "ccgs" else w.title()
            for w in words[:-1]] + ([last] if last else [])
    return " ".join(kept)


@dataclass
class Mention:
    """One mention of a body: its span, its name as written, and what it is."""

    start: int
    end: int
    name: str
    kind: str  # org | place | short | we
    body: str | None = None  # register id where the register knows it
    refers_to: "Mention | None" = field(default=None, repr=False)  # short forms and "we"

    @property
    def target(self) -> "Mention | None":
        """The named body a mention stands for (itself, unless it is a short form)."""
        return self if self.kind == "org" else self.refers_to

    @property
    def text_key(self) -> str:
        return re.sub(r"[^a-z0-9]+", " ", self.name.lower()).strip()


def _fold(text: str) -> str:
    """Lower case with dashes, quotes and spacing made uniform, keeping every offset."""
    folded = text.lower()
    for said, kept in _FOLD:  # str.replace runs in C; translate with a dict does not
        folded = folded.replace(said, kept)
    return folded


_FOLD = (("’", "'"), ("‘", "'"), ("`", "'"), ("-", " "), ("–", " "), ("—", " "), ("\n", " "),
         ("\t", " "), ("\u00a0", " "), (".", " "))


def bound_words(before: str, after: str) -> bool:
    """Whether "and" between these words sits inside one name ("Fire and Rescue", "Police and
    Crime"), so it joins no two names.

    >>> bound_words("Fire", "Rescue"), bound_words("Police", "Sussex")
    (True, False)
    """
    return (before.lower(), after.lower()) in _BOUND


def head_word(word: str) -> bool:
    return word.lower().rstrip("s'") in _HEADS or word.lower() in _HEADS


def gazetteer_automaton(resolver):
    """An automaton over every register name and alias (folded), made once per resolver."""
    cached = getattr(resolver, "_partnerkg_automaton", None)
    if cached is not None:
        return cached
    automaton = ahocorasick.Automaton()
    names: dict[str, tuple[str, bool]] = {}
    register = resolver.register
    for body in register.bodies.values():
        for name in (body.name, *body.aliases):
            names.setdefault(_fold(name), (body.id, body.sector == "council"))
    for name, ident in register.aliases:
        body = register.get(ident)
        if body is not None:
            names.setdefault(_fold(name), (ident, body.sector == "council"))
    for key, (ident, council) in names.items():
        key = " ".join(key.split())
        place = council and not re.search(r"\b(?:council|borough|city of|county of|corporation|"
                                          r"authority)\b", key)
        automaton.add_word(key, (len(key), ident, place))
        if " and " in key:
            automaton.add_word(key.replace(" and ", " & "), (len(key) - 2, ident, place))
    automaton.make_automaton()
    resolver._partnerkg_automaton = automaton
    return automaton


def _gazetteer_hits(text: str, automaton) -> dict[tuple[int, int], tuple[str, bool]]:
    """(start, end) -> (register id, is a bare place) for every whole-word match."""
    folded = _fold(text)
    hits = {}
    for end, (length, ident, place) in automaton.iter(folded):
        start = end - length + 1
        if (start == 0 or not folded[start - 1].isalnum()) and \
                (end + 1 == len(folded) or not folded[end + 1].isalnum()):
            hits[(start, end + 1)] = (ident, place)
    return hits


_GAP = r"(?: |[ ]*\n[ ]*)"  # a tab or a wide gap separates table cells
_RUN = re.compile(rf"[A-Z][\w'’.&-]*(?:{_GAP}(?:(?:and|of|with|upon|on|the|for|in|under|le|de|&|at)"
                  rf"{_GAP})*[A-Z0-9][\w'’.&-]*)*")


def _short_or_cells(text: str, end: int) -> bool:
    """Whether the line ending at ``end`` is short (a headline) or a row of cells (looked at
    only where a run meets a line break: a long paragraph is never scanned back)."""
    line = text[text.rfind("\n", 0, end) + 1:end]
    return len(line) < 60 or "\t" in line or "|" in line


def _runs(text: str):
    """Runs of capitalised tokens with connectors between, split at punctuation and blank lines;
    a possessive of an organisation word ("Home Office's") ends one."""
    for match in _RUN.finditer(text):
        run: list = []
        for token in _TOKEN.finditer(text, match.start(), match.end()):
            word = token.group()
            gap = text[run[-1].end():token.start()] if run else ""
            if gap.strip() or ("\n" in gap and _short_or_cells(text, run[-1].end())):
                yield run  # a full stop, or a short line (a headline, not a wrapped sentence)
                run = []
            run.append(token)
            if _POSSESSIVE.search(word) and head_word(word[:-2]):
                yield run
                run = []
        if run:
            yield run


class _Run:
    """A run's tokens, with what the name rules ask of them worked out once."""

    def __init__(self, tokens) -> None:
        self.starts = [m.start() for m in tokens]
        # "Warwickshire Fire and Rescue Service-led bid": the name ends before "-led"
        self.words = [_ATTACHED.sub("", _POSSESSIVE.sub("", m.group())) for m in tokens]
        self.ends = [s + len(w) for s, w in zip(self.starts, self.words)]
        self.lower = [w.lower() for w in self.words]
        self.heads = [head_word(w) for w in self.words]
        self.possessive = [k for k, m in enumerate(tokens) if len(m.group()) != len(self.words[k])]

    def __len__(self) -> int:
        return len(self.words)


class _Finder:
    def __init__(self, text: str, resolver) -> None:
        self.text, self.resolver = text, resolver
        self.hits = _gazetteer_hits(text, gazetteer_automaton(resolver))

    def known(self, run: _Run, i: int, j: int):
        return self.hits.get((run.starts[i], run.ends[j - 1]))

    def named(self, run: _Run, i: int, j: int) -> bool:
        """Whether tokens i..j are an organisation's name by its shape."""
        words, lower = run.words[i:j], run.lower[i:j]
        if lower[-1] in _CONNECTORS or (lower[0] in _CONNECTORS and words[0] != "The"):
            return False
        phrase = " ".join(lower)
        prefixed = _PREFIX.match(phrase) is not None
        if not prefixed and (len(words) < 2 or not run.heads[j - 1] or
                             not words[0][:1].isupper()):
            return False
        if _PROGRAMME_WORDS.search(phrase) or _STAGE.match(phrase):
            return False  # "Troubled Families Service": a programme's team, not a body
        if lower[0] in _ROLES or (lower[0] == "the" and len(lower) > 1 and lower[1] in _ROLES):
            return False  # "Director of Adult Social Services" is a post, not a body
        if not prefixed and any(lower[k] in ("in", "at") and run.heads[i + k - 1]
                                for k in range(1, len(words) - 1)):
            return False  # "Queen's Hospital in Romford": the name ends at its head
        if any(a == "and" and b in _NOT_AFTER_AND for a, b in zip(lower, lower[1:])):
            return False  # "from Active Travel England and for Derby City Council": two names
        for k, word in enumerate(lower[1:-1], 1):  # "A Council and B Police" is two names
            if word in ("and", "&", "with") and not bound_words(lower[k - 1], lower[k + 1]) \
                    and (((run.heads[i + k - 1] or _SPLIT_PREFIX.match(phrase)) and
                          self.named(run, i, i + k)) or (k == 1 and run.heads[i]) or
                         (self.known(run, i, i + k) or ("", True))[1] is False):
                return False
        return True

    def segment(self, tokens) -> list[Mention]:
        if len(tokens) == 1:  # most runs: a capitalised word; a name only if the register says
            word = _POSSESSIVE.sub("", tokens[0].group())
            start = tokens[0].start()
            hit = self.hits.get((start, start + len(word)))
            if hit is None or word.lower() in _STOP:
                return []
            return [Mention(start, start + len(word), word, "place" if hit[1] else "org",
                            hit[0])]
        run = _Run(tokens)
        found, i = [], 0
        while i < len(run):
            word = run.lower[i]
            before = self.text[max(0, run.starts[i] - 3):run.starts[i]]
            starts_sentence = "\n" in before or not _MID_SENTENCE.search(before)
            keep_the = run.words[i] == "The" and not starts_sentence  # "... and The X Trust"
            if (word in _CONNECTORS or word in _STOP) and not keep_the:
                i += 1
                continue
            if word in _ROLES:  # a post's title runs to its first organisation word
                while i < len(run) and not run.heads[i]:
                    i += 1
                i += 1
                continue
            taken = None
            limit = min(len(run), i + 14)
            for k in run.possessive:  # "Commissioner for Northumbria's Fund": cut at 's
                if i <= k < limit - 1 and (
                        self.known(run, i, k + 1) or self.named(run, i, k + 1)):
                    limit = k + 1
                    break
            prefixed = _PREFIX.match(" ".join(run.lower[i:i + 6]) + " ")
            for j in range(limit, i, -1):
                hit = self.known(run, i, j)
                if hit is None and not prefixed and not run.heads[j - 1]:
                    continue  # neither a register name nor ending in an organisation word
                if hit is not None or self.named(run, i, j):
                    taken = (j, hit)
                    break
            if taken is None:
                i += 1
                continue
            j, hit = taken
            start, end = run.starts[i], run.ends[j - 1]
            place = hit is not None and hit[1] and not self.named(run, i, j)
            found.append(Mention(start, end, " ".join(self.text[start:end].split()),
                                 "place" if place else "org", hit[0] if hit else None))
            i = j
        return found

    def with_commas(self) -> list[Mention]:
        """Register names with a comma inside ("Police, Fire and Crime Commissioner for
        Essex"), which runs of capitalised words, cut at commas, never hold whole."""
        return [Mention(a, b, " ".join(self.text[a:b].split()), "org", ident)
                for (a, b), (ident, place) in self.hits.items()
                if not place and "," in self.text[a:b] and self.text[a:a + 1].isupper()]

    def shared_heads(self) -> list[Mention]:
        """'A, B and C borough councils', 'the X and Y fire and rescue authorities', 'the London
        Boroughs of A, B and C': each name one body, the plural head belonging to each; its name
        is the place with the head made singular ("Calderdale Council")."""
        found: list[Mention] = []
        matches = []
        for head in _PLURAL_HEAD.finditer(self.text):  # look only where a list can end
            lo = max(0, head.start() - 250, matches[-1].end() if matches else 0)
            match = _SHARED_HEAD.search(self.text, lo, head.end())
            if match and match.end() == head.end() and not _NAME_GOES_ON.match(self.text,
                                                                               head.end()):
                matches.append(match)
        for match in matches:
            listed, head = match["list"], _singular(match["head"])
            offset = match.start("list")
            if _WHERE_BEFORE.search(self.text, max(0, offset - 20), offset) and "," in listed:
                # "in west London, Ealing and Hounslow councils": the place is where, not who
                cut = listed.index(",") + 1
                offset += cut + len(listed[cut:]) - len(listed[cut:].lstrip())
                listed = listed[cut:].lstrip()
            last = listed.split()[-1]
            if head == "Council" and last.lower() in _COUNCIL_KINDS:
                # "Ashford Borough, Dover and Folkestone District Councils": the kind is the head's
                listed, head = listed[:listed.rindex(last)].rstrip(), f"{last.title()} Council"
            found += self._each_named(listed, offset, head, prefix=False)
        for match in _SHARED_PREFIX.finditer(self.text):
            words = match["head"].split()
            head = ("Police and Crime Commissioner for" if words[-2].lower() == "commissioners"
                    else " ".join(words[:-1]).replace("oughs", "ough") + " of")
            # "the commissioners for Derbyshire (GBP 400,000), ...": the sums are not names
            listed = re.sub(r"\([^)]*\)", lambda m: " " * len(m.group()), match["list"])
            found += self._each_named(listed, match.start("list"), head, prefix=True)
        return found

    def _each_named(self, body: str, offset: int, head: str, prefix: bool) -> list[Mention]:
        """The names of a list that share ``head``, each the longest phrase the register knows
        with it (so "Bath and North East Somerset" stays one), else up to the next comma or
        "and"."""
        def named(phrase: str) -> str:
            if prefix:
                return f"{head} {phrase}"
            if head == "Police and Crime Commissioner":
                return f"{head} for {phrase}"
            if head.endswith("Council") and phrase.split()[-1].lower() in _COUNCIL_KINDS:
                return f"{phrase} Council"  # "Ashford Borough, Dover ... District Councils"
            return f"{phrase} {head}"

        found = []
        tokens = list(_TOKEN.finditer(body))
        # "Argyll and Bute, Stirling and West Dunbartonshire councils": an "and" before a comma
        # is inside a name; only the last part's "and" joins two names
        last_comma = body.rfind(",")
        i = 0
        while i < len(tokens):
            if tokens[i].group().lower() in _CONNECTORS or tokens[i].group() == ",":
                i += 1
                continue
            best = None
            for j in range(min(len(tokens), i + 8), i, -1):
                if tokens[j - 1].group().lower() in _CONNECTORS:
                    continue
                if "," in body[tokens[i].start():tokens[j - 1].end()]:
                    continue
                phrase = body[tokens[i].start():tokens[j - 1].end()]
                if self.resolver.lookup(named(phrase)) or self.hits.get((offset + tokens[i].start(), offset + tokens[j - 1].end())):
                    best = j
                    break
            if best is None:
                best = i + 1
                while best < len(tokens) and (
                        tokens[best].group().lower() != "and" or tokens[best].start() < last_comma
                ) and "," not in body[tokens[best - 1].end():tokens[best].start()]:
                    best += 1
            start, end = offset + tokens[i].start(), offset + tokens[best - 1].end()
            name = named(" ".join(self.text[start:end].split()))
            resolved = self.resolver.lookup(name)
            found.append(Mention(start, end, name, "org", resolved.body.id if resolved else None))
            i = best
        return found

    def comma_names(self, mentions: list[Mention]) -> list[Mention]:
        """'Barking, Havering and Redbridge University Hospitals NHS Trust' is one body."""
        out: list[Mention] = []
        for mention in mentions:
            lead_in = re.search(r"((?:\b[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?,\s+)+)$",
                                self.text[max(0, mention.start - 80):mention.start])
            first = re.match(r"(?:NHS\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?\s+and\s+",
                             mention.name)
            if mention.kind == "org" and lead_in and first and not head_word(
                    first.group().split()[-2]) and not any(
                    head_word(part.split()[-1]) for part in lead_in.group(1).split(",")
                    if part.strip()):
                start = mention.start - len(lead_in.group(1))
                while self.text[start:].split(None, 1)[0].lower().strip(",") in _STOP:
                    start += len(self.text[start:].split(None, 1)[0]) + 1  # "So A, B and C"
                prefix = re.search(r"\bNHS\s+$", self.text[max(0, start - 4):start])
                start -= len(prefix.group()) if prefix else 0
                while out and out[-1].end > start:
                    out.pop()
                name = " ".join(self.text[start:mention.end].split())
                out.append(Mention(start, mention.end, name, "org", mention.body))
            else:
                out.append(mention)
        return out

    def award_subjects(self, mentions: list[Mention]) -> list[Mention]:
        """A capitalised name right before an award verb is a body, whatever its last word:
        "Heaton Men's Shed has been awarded ..." (only where no other mention covers it)."""
        found = []
        starts = [m.start for m in mentions]
        for match in _AWARD_SUBJECT.finditer(self.text):
            words = match["name"].split()
            while words and words[0].lower() in _STOP | _CONNECTORS:
                words.pop(0)
            if len(words) < 2 or words[0].lower() in _ROLES or words[-1].lower() in (
                    "fund", "award", "programme", "scheme", "project", "initiative", "bid"):
                continue
            end = match.end("name")
            start = end - len(" ".join(words))
            if _IN_PLACE.search(self.text, max(0, start - 12), start):
                continue  # "a scheme ... in St Leonards has been given ...": where, not who
            i = bisect.bisect_left(starts, start)
            if (i < len(mentions) and mentions[i].start < end) or (
                    i and mentions[i - 1].end > start):
                continue
            found.append(Mention(start, end, " ".join(words), "org"))
        return found

    def listed(self, mentions: list[Mention]) -> list[Mention]:
        """In a list that names a body ("A Council, B Project and C Homes"), the other
        capitalised items are bodies too."""
        found = []
        by_span = {(m.start, m.end): m for m in mentions}
        for match in _LIST.finditer(self.text):
            items = list(_ITEM.finditer(self.text, match.start(), match.end()))
            if len(items) < 2 or not any(
                    (i.start(), i.end()) in by_span and by_span[(i.start(), i.end())].kind == "org"
                    for i in items):
                continue
            for item in items:
                words = item.group().split()
                if (item.start(), item.end()) in by_span or len(words) < 2 or \
                        words[0].lower() in _STOP | _ROLES or _PROGRAMME_WORDS.search(
                            item.group().lower()):
                    continue
                found.append(Mention(item.start(), item.end(), item.group(), "org"))
        return found

    def described(self) -> list[Mention]:
        """Names their description vouches for: "the local charity X", "X, a registered
        charity"."""
        found = []
        for pattern in (_DESCRIBED, _DESCRIBED_AFTER):
            for match in pattern.finditer(self.text):
                name = re.sub(r"(?: (?:and|of|for|the|&))+$", "", match["name"])
                if name.split()[0].lower() in _STOP:
                    continue
                start = match.start("name")
                found.append(Mention(start, start + len(name), name, "org"))
        return found

    def short_forms(self) -> list[Mention]:
        found = []
        for match in _SHORT.finditer(self.text):
            kind = "we" if match["we"] else "short"
            found.append(Mention(match.start(), match.end(), match.group(), kind))
        return found


def _merge(groups: list[list[Mention]]) -> list[Mention]:
    """All mentions, the longest winning where two overlap."""
    every = sorted((m for g in groups for m in g), key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    for mention in every:
        if out and mention.start < out[-1].end:
            longer = mention.end - mention.start > out[-1].end - out[-1].start
            same = (mention.start, mention.end) == (out[-1].start, out[-1].end)
            if longer or (same and out[-1].kind == "place" and mention.kind == "org"):
                out[-1] = mention
            continue
        out.append(mention)
    return out


_SHORT_KINDS = [
    (r"county council", r"county council"), (r"city council", r"city council"),
    (r"borough council", r"borough council"), (r"district council", r"district council"),
    (r"council", r"council"), (r"pcc|police and crime commissioner|commissioner",
                               r"commissioner|pcc"),
    (r"trust", r"trust"), (r"ccg", r"ccg|clinical commissioning"),
    (r"health board", r"health board"), (r"combined authority", r"combined authority"),
    (r"constabulary|force", r"police|constabulary"),
    (r"fire service|fire authority|fire and rescue service", r"fire"),
    (r"service", r"service"), (r"authority", r"authority"), (r"charity", r"charity"),
    (r"association", r"association"), (r"cvs", r"cvs|voluntary")]


def resolve_short_forms(mentions: list[Mention], text: str) -> None:
    """Point each short form at the nearest earlier body of its kind (else the next one), and
    "we" at the body that speaks: the one in a "news release" header line, else the first named
    in the document's opening lines."""
    named = [m for m in mentions if m.kind == "org"]
    # a header is a short line: "7.1 The Cabinet considered a report of the Director ..." is not
    header = next((h for h in re.finditer(
        r"^.*\b(?:news release|press release|news from|statement from|newsletter|bulletin|"
        r"latest news|media release|from:|report of|report to)\b.*$", text[:600], re.I | re.M)
        if len(h.group()) <= 100), None)
    in_header = [m for m in named if header and header.start() <= m.start < header.end()]
    opening_end = max(200, text.find("\n\n") + 1)
    opening = [m for m in named if m.start < opening_end]
    speaker = (in_header or opening or named or [None])[0]
    fitting: dict[str, tuple[list[int], list[Mention]]] = {}
    for mention in mentions:
        if mention.kind == "we":
            mention.refers_to = speaker
            continue
        if mention.kind != "short" or mention.refers_to is not None:
            continue  # initials a text defined point at their body already
        what = mention.name.lower().split(None, 1)[1]
        own = re.fullmatch(r"(?:[Tt]he|[Tt]his) (?:(?:County|City|Borough|District) )?(?:Council|Authority|"
                           r"Trust|Service|Commissioner|CCG|Board|Partnership)", mention.name)
        if own and speaker is not None and all(
                w.lower() in speaker.name.lower() for w in mention.name.split()[1:]):
            mention.refers_to = speaker  # "the Council" of a report is the body reporting
            continue
        pattern = next((want for said, want in _SHORT_KINDS if re.fullmatch(said, what)), None)
        if pattern is None:
            continue
        if pattern not in fitting:
            fits = [m for m in named if re.search(pattern, m.name.lower())]
            fitting[pattern] = ([m.start for m in fits], fits)
        starts, fits = fitting[pattern]
        i = bisect.bisect_left(starts, mention.start)
        mention.refers_to = fits[i - 1] if i > 0 else (fits[i] if i < len(fits) else None)


def find_mentions(text: str, resolver) -> list[Mention]:
    """Every mention of a body in ``text``, in order, short forms pointed at their bodies."""
    finder = _Finder(text, resolver)
    runs = [m for run in _runs(text) for m in finder.segment(run)]
    shared = finder.shared_heads()
    mentions = _merge([finder.comma_names(runs), shared, finder.described(),
                       finder.short_forms(), finder.with_commas()])
    mentions = _merge([mentions, finder.award_subjects(mentions)])
    mentions = _merge([mentions, finder.listed(mentions)])
    if shared:  # a plural as a whole ("A, B and C Councils") is no body: its names are
        spans = sorted((m.start, m.end) for m in shared)
        starts = [a for a, _ in spans]

        def inside(m: Mention) -> bool:
            i = bisect.bisect_right(starts, m.end - 1) - 1
            return i >= 0 and spans[i][1] > m.start

        kept = {id(m) for m in shared}
        present = {id(m) for m in mentions}  # by identity: equality would compare every pair
        mentions = sorted([m for m in mentions if id(m) in kept or not inside(m)] +
                          [m for m in shared if id(m) not in present], key=lambda m: m.start)
    mentions = [m for m in mentions if not (m.kind == "org" and (
        (m.body is None and _ATTRIBUTIVE.match(text, m.end)) or _STAFF.match(text, m.end)))]
    for index, mention in enumerate(mentions):
        if mention.kind == "org" and mention.body is None:
            found = resolver.lookup(mention.name)
            if found is None and re.search(r"(?i)\bfire\s+(?:and|&)\s+rescue$", mention.name):
                # "South Yorkshire Fire and Rescue", as services call themselves
                found = resolver.lookup(f"{mention.name} Service")
            mention.body = found.body.id if found else None
            post = _POST_OF.match(mention.name)
            # "University of Plymouth" is a body of its own, not a post at Plymouth's council:
            # a post's body is named with its organisation word
            if post and (_PREFIX.match(mention.name.lower() + " ") or
                         not head_word(post["body"].split()[-1])):
                post = None
            if found is None and post and resolver.lookup(post["body"]):
                # "Area Manager Kate Rowley of Dorset & Wiltshire Fire and Rescue Service": a
                # person's post, then the body
                body = resolver.lookup(post["body"])
                at = mention.end - len(post["body"])
                mentions[index] = Mention(at, mention.end, post["body"], "org", body.body.id)
    # "the Office of the Police and Crime Commissioner": the document's commissioner (but
    # "Cumbria's Police and Crime Commissioner" is Cumbria's, see loaders.text)
    mentions = [Mention(m.start, m.end, "the commissioner", "short")
                if m.kind == "org" and m.body is None and _OFFICE_OF_PCC.fullmatch(m.name) and
                not re.search(r"['’]s\s+$", text[max(0, m.start - 4):m.start]) else m
                for m in mentions]
    mentions = _with_initials(mentions, text)
    resolve_short_forms(mentions, text)
    return mentions


_OFFICE_OF_PCC = re.compile(r"(?i)(?:the\s+)?(?:office\s+of\s+the\s+)?police,?\s+(?:fire\s+)?and\s+"
                            r"crime\s+commissioner")
_DEFINED = re.compile(r"\s*\((?:the\s+)?(?P<initials>[A-Z][A-Za-z&]{1,9})\)")


def _initials_of(initials: str, name: str) -> bool:
    """Whether ``initials`` can be the initials of ``name``: its letters, in order, among the
    first letters of the name's words, the first two matching ("LPFT" of "Lincolnshire
    Partnership NHS Foundation Trust", "MOPAC" of "Mayor's Office for Policing and Crime"; not
    "DAERA" of "Rural Affairs", a part of a longer name).

    >>> _initials_of("LPFT", "Lincolnshire Partnership NHS Foundation Trust")
    True
    >>> _initials_of("DAERA", "Rural Affairs")
    False
    """
    firsts = iter(word[0].upper() for word in re.findall(r"[A-Za-z][\w'’-]*", name))
    letters = [c for c in initials.upper() if c.isalpha()]
    return bool(letters) and letters[0] == name[:1].upper() and \
        all(any(c == f for f in firsts) for c in letters)


def _with_initials(mentions: list[Mention], text: str) -> list[Mention]:
    """"Lincolnshire Partnership NHS Foundation Trust (LPFT) ... LPFT led a successful
    application": initials a text defines in brackets after a body's name stand for that body
    wherever they are used after it (where no other mention covers them)."""
    defined: dict[str, Mention] = {}
    for m in mentions:
        found = _DEFINED.match(text, m.end) if m.kind == "org" else None
        if found and sum(c.isupper() for c in found["initials"]) >= 2 and \
                _initials_of(found["initials"], m.name):
            defined.setdefault(found["initials"], m)
    if not defined:
        return mentions
    taken = [(m.start, m.end) for m in mentions]
    starts = [a for a, _ in taken]
    added = []
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(defined, key=len,
                                                                        reverse=True))) + r")\b")
    for use in pattern.finditer(text):
        body = defined[use.group()]
        if use.start() < body.end or text[use.start() - 1:use.start()] == "(":
            continue  # before its definition, or the definition itself
        i = bisect.bisect_right(starts, use.start()) - 1
        if i >= 0 and taken[i][1] > use.start():
            continue  # inside another mention ("the LPFT team" read otherwise)
        added.append(Mention(use.start(), use.end(), use.group(), "short", refers_to=body))
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions

"""Whether a SPARQL query or update would fetch another URL (``SERVICE``, or ``LOAD`` in an
update): the endpoint refuses such requests from clients, and ``query`` runs them locally only
with ``--allow-service``, since a query from elsewhere could reach into the network it runs in.

The check reads the text's words in one linear pass, with no parser, recursion or lock: a word
that starts with SERVICE (or LOAD in an update) outside strings, IRIs, comments, variables,
prefixed names and language tags is refused, whatever the grammar would make of it.
"""

from __future__ import annotations

import re

__all__ = ["fetches"]


#: SPARQL's tokens as far as the SERVICE check needs them: the ones to skip (space, comments,
#: strings, variables, language tags, prefixed names and blank nodes), what may be an IRI, "//"
#: (never valid outside a string, an IRI or a comment), words, and any other character. A string
#: or IRI that does not close is not skipped: its text is read on.
_TOKEN = re.compile(r"""
    (?P<skip> \s+ | \#[^\r\n]*
      | '''(?:(?:'|'')?(?:[^'\\]|\\.))*''' | \"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
      | '(?:[^'\\\r\n]|\\.)*' | "(?:[^"\\\r\n]|\\.)*"
      | [?$][\w\u00B7\u0300-\u036F\u203F\u2040]+
      | @[A-Za-z]+(?:-[A-Za-z0-9]+)*
      | (?:[^\W\d](?:[\w.\-\u00B7]*[\w\-\u00B7])?)?
        :(?:[\w:%\-\u00B7]|\\[_~.\-!$&'()*+,;=/?\#@%]|\.(?=[\w:%\-\u00B7\\]))* )
    | (?P<iri> <[^<>"{}|^`\\\x00-\x20]*> )
    | (?P<invalid> // )
    | (?P<word> [^\W\d]\w* )
    | (?P<other> . )""", re.VERBOSE | re.DOTALL)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _words(text: str):
    """The words of SPARQL ``text`` (``\\u`` escapes read first, as the SPARQL grammar says)
    in every way it can be read: "<" may begin an IRI or be "less than", which only the grammar
    tells apart, so both readings are followed. A reading ends where it meets a place another
    one has read from (each place is read once: time linear in the text) or "//"."""
    def unescaped(match):
        try:
            return chr(int(match.group(1) or match.group(2), 16))
        except ValueError:  # past the last code point: Oxigraph refuses the text anyway
            return match.group(0)
    text = _CODEPOINT.sub(unescaped, text)
    read = bytearray(len(text) + 1)
    starts = [0]
    while starts:
        place = starts.pop()
        while place < len(text) and not read[place]:
            read[place] = 1
            match = _TOKEN.match(text, place)
            if match.lastgroup == "invalid":
                break
            if match.lastgroup == "iri":
                starts.append(match.end())  # read as an IRI; and on here as "less than"
                place += 1
                continue
            if match.lastgroup == "word":
                yield match.group()
            place = match.end()


def fetches(kind: str, text: str) -> tuple[int, str] | None:
    """Why the query or update ``text`` is refused (403 and the reason) if it would make the
    server fetch a URL: a word that starts with SERVICE, or LOAD in an update.

    >>> fetches("query", 'SELECT ?service { ?s <http://x.org/service> "SERVICE" }') is None
    True
    >>> fetches("query", "SELECT * { sErViCe <http://10.0.0.1/> { ?s ?p ?o } }")[0]
    403
    """
    keywords = ("service", "load") if kind == "update" else ("service",)
    lowered = text.lower()
    if "\\u" not in lowered and not any(word in lowered for word in keywords):
        return None  # most texts: nothing to read
    found = sorted({word.upper() for word in keywords for token in _words(text)
                    if token[:len(word)].lower() == word})
    if not found:
        return None
    return 403, (f"{' and '.join(found)} refused: this endpoint does not fetch other URLs for a "
                 "client (the server would reach into the network it runs in); serve it with "
                 "allow_service (partnerkg serve --allow-service) to allow it")

"""What the text extractor finds, as JSON or a table, for ``partnerkg extract``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..core.names import normalise_name
from ..core.tables import render_table, shorten
from ..core.records import LEAD, Records
from ..loaders import prose_format
from ..loaders.text import amount_json
from ..resolution.resolve import default_resolver

__all__ = ["extraction", "render_extraction", "Score", "score", "evaluate", "labelled_documents"]


def _from_records(records: Records, ref: str, members: list) -> dict:
    """A bid read from a table (``members``: its participations), in the shape of a bid the
    text extractor found."""
    bid = records.bids[ref]
    lead = next((p.organisation for p in members if p.role == LEAD), None)
    return {"lead": lead, "partners": [p.organisation for p in members if p.role != LEAD],
            "amount_gbp": amount_json(bid.amount),
            "amount_note": None, "partner_count_stated": bid.stated_members,
            "title": bid.title or None, "place": None,
            "unnamed_participants": list(bid.unnamed_sectors), "programme": bid.programme,
            "round": bid.round or None, "date": None, "document": bid.source.file,
            "evidence": [{"sentence": bid.source.sentence, "span": None,
                          "line": bid.source.line}],
            "confidence": float(bid.source.confidence) if bid.source.confidence else None,
            "rule": "table", "left_out": []}


def extraction(paths, programme: str | None = None) -> list[dict]:
    """One dict per bid found, over all files, with its evidence and confidence: the bids
    ``load`` loads from each file, read by the same loader, then those found in its prose that
    cannot be loaded (each with its ``not_loaded`` reason)."""
    from ..loaders import load_file

    found = []
    for path in paths:
        records = load_file(path, format=prose_format(path), programme=programme,
                            gazetteer=default_resolver())
        members: dict[str, list] = {}
        for part in records.participations:  # grouped once: a table may hold many bids
            members.setdefault(part.bid_key, []).append(part)
        found.extend(records.extracted.get(ref) or _from_records(records, ref,
                                                                 members.get(ref, []))
                     for ref in records.bids)
        found.extend(records.not_loaded)
    return found


def render_extraction(paths, format: str = "json", programme: str | None = None) -> str:
    bids = extraction(paths, programme)
    if format == "json":
        return json.dumps(bids, indent=2, ensure_ascii=False)
    header = ["document", "lead", "place", "partners", "amount_gbp", "partner_count_stated",
              "confidence", "sentence"]
    rows = [[b["document"], b["lead"] or "", b["place"] or "", "; ".join(b["partners"]),
             b["amount_gbp"] or "", b["partner_count_stated"] or "", b["confidence"],
             shorten(b["evidence"][0]["sentence"], 120) if format == "table" else
             b["evidence"][0]["sentence"]] for b in bids]
    return render_table(header, rows, format)


# --- scoring against labelled documents ------------------------------------------------------

@dataclass
class Score:
    """Counts summed over documents; the figures are ratios of them."""

    documents: int = 0
    matched: int = 0
    predicted: int = 0
    expected: int = 0
    pairs_right: int = 0
    pairs_predicted: int = 0
    pairs_expected: int = 0
    leads_right: int = 0
    amounts_right: int = 0

    def add(self, other: "Score") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict[str, float]:
        def ratio(a, b):
            return a / b if b else 1.0
        return {"bid_precision": ratio(self.matched, self.predicted),
                "bid_recall": ratio(self.matched, self.expected),
                "pair_precision": ratio(self.pairs_right, self.pairs_predicted),
                "pair_recall": ratio(self.pairs_right, self.pairs_expected),
                "lead_accuracy": ratio(self.leads_right, self.matched),
                "amount_accuracy": ratio(self.amounts_right, self.matched)}


def score(expected: list[dict], predicted: list[dict], resolver=None) -> Score:
    """How ``predicted`` bids (``as_dict`` form) compare with ``expected`` ones of one document.

    A predicted bid matches an expected one with the same lead, or, where either lead is
    unnamed, the same amount (a bid known only by its place matches by amount). Pairs are
    (bid, named organisation) for lead and partners; names are compared by register body where
    they resolve, else by normalised name.
    """
    resolver = resolver or default_resolver()

    def identity(name):
        found = resolver.lookup(name)
        return found.body.id if found else normalise_name(name)

    unmatched = list(range(len(expected)))
    matches: dict[int, int] = {}
    for i, bid in enumerate(predicted):
        for j in unmatched:
            want = expected[j]
            same_lead = bid["lead"] and want["lead"] and identity(bid["lead"]) == identity(
                want["lead"])
            same_amount = (not bid["lead"] or not want["lead"]) and \
                bid["amount_gbp"] is not None and bid["amount_gbp"] == want["amount_gbp"]
            if same_lead or same_amount:
                matches[i] = j
                unmatched.remove(j)
                break

    def pairs(bids, key):
        return {(key(i), identity(org)) for i, bid in enumerate(bids)
                for org in ([bid["lead"]] if bid["lead"] else []) + list(bid["partners"])}

    want_pairs = pairs(expected, lambda j: j)
    got_pairs = pairs(predicted, lambda i: matches.get(i, f"extra-{i}"))
    leads = sum(1 for i, j in matches.items()
                if (predicted[i]["lead"] and expected[j]["lead"] and
                    identity(predicted[i]["lead"]) == identity(expected[j]["lead"])) or
                (not predicted[i]["lead"] and not expected[j]["lead"]))
    amounts = sum(1 for i, j in matches.items()
                  if predicted[i]["amount_gbp"] == expected[j]["amount_gbp"])
    return Score(1, len(matches), len(predicted), len(expected), len(want_pairs & got_pairs),
                 len(got_pairs), len(want_pairs), leads, amounts)


def labelled_documents(folder: str | Path) -> list[tuple[Path, Path]]:
    """(text, expected answer) pairs of a folder of ``NAME.txt`` and ``NAME.json`` files."""
    folder = Path(folder)
    return [(text, text.with_suffix(".json")) for text in sorted(folder.glob("*.txt"))
            if text.with_suffix(".json").is_file()]


def evaluate(documents, resolver=None) -> tuple[Score, dict[str, Score]]:
    """The summed score over (text, answer) pairs, and each document's own."""
    total, each = Score(), {}
    for text, answer in documents:
        expected = json.loads(Path(answer).read_text(encoding="utf-8"))["bids"]
        predicted = extraction([text])
        each[Path(text).name] = score(expected, predicted, resolver)
        total.add(each[Path(text).name])
    return total, each

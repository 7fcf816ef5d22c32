"""Text extraction against hand-written expected outputs (tests/data/seeds_expected, held_out)."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from partnerkg.core.names import normalise_name
from partnerkg.loaders.text import extract_file, extract_text
from partnerkg.resolution import default_resolver

DATA = Path(__file__).resolve().parents[1] / "data"


def identity(name):
    """A body's register id, else its normalised name: how two spellings are compared."""
    found = default_resolver().lookup(name)
    return found.body.id if found else normalise_name(name)


def ratio(a, b):
    return a / b if b else 1.0


def figures(counts):
    """(bid precision, bid recall, pair precision, pair recall) from summed counts."""
    matched, predicted, expected, pairs_ok, pairs_got, pairs_want = counts
    return (ratio(matched, predicted), ratio(matched, expected), ratio(pairs_ok, pairs_got),
            ratio(pairs_ok, pairs_want))


def score(expected: list[dict], predicted: list[dict]):
    """Counts: matched bids, predicted bids, expected bids, right pairs, predicted, expected.

    A predicted bid matches an expected one with the same lead, or, where either lead is
    unnamed, the same amount. Pairs are (bid, named organisation) for lead and partners.
    """
    unmatched = list(range(len(expected)))
    matches = {}
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
                for org in ([bid["lead"]] if bid["lead"] else []) + bid["partners"]}
    want_pairs = pairs(expected, lambda j: j)
    got_pairs = pairs(predicted, lambda i: matches.get(i, f"extra-{i}"))
    return (len(matches), len(predicted), len(expected), len(want_pairs & got_pairs),
            len(got_pairs), len(want_pairs))


def cases():
    seeds = [(DATA / "seeds_expected" / f"{p.stem}.json", p) for p in sorted(
        (Path(__file__).resolve().parents[3] / "shared" / "seeds").glob("*.txt"))]
    held_out = [(p.with_suffix(".json"), p) for p in sorted((DATA / "held_out").glob("*.txt"))]
    return seeds + held_out


def predicted_for(text_path):
    facts, bids = extract_file(text_path, gazetteer=default_resolver())
    return [bid.as_dict(facts) for bid in bids]


@pytest.mark.parametrize("expected_path, text_path", cases(), ids=lambda p: p.name)
def test_precision_and_recall_per_document(expected_path, text_path):
    if not text_path.is_file():
        pytest.skip("seed text not beside this checkout")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))["bids"]
    found = figures(score(expected, predicted_for(text_path)))
    print(f"\n{text_path.name}: bids P {found[0]:.2f} R {found[1]:.2f}; "
          f"pairs P {found[2]:.2f} R {found[3]:.2f}")
    assert found[0] >= 0.9 and found[2] >= 0.9, found
    assert found[1] >= 0.85 and found[3] >= 0.85, found


def test_precision_and_recall_overall(shared_dir):
    totals = [0] * 6
    for expected_path, text_path in cases():
        expected = json.loads(expected_path.read_text(encoding="utf-8"))["bids"]
        counts = score(expected, predicted_for(text_path))  # bids match within a document
        totals = [a + b for a, b in zip(totals, counts)]
    found = figures(totals)
    print(f"\noverall: {totals[2]} bids, {totals[5]} (bid, organisation) pairs expected; "
          f"bids P {found[0]:.2f} R {found[1]:.2f}; pairs P {found[2]:.2f} R {found[3]:.2f}")
    assert min(found[0], found[2]) >= 0.9 and min(found[1], found[3]) >= 0.85


def test_seed_000_facts(shared_dir):
    facts, bids = extract_file(shared_dir / "seeds" / "000_6df01ce4e34c033c.txt",
                               gazetteer=default_resolver())
    by_lead = {identity(b.lead): b for b in bids}
    assert by_lead["GB-LAE-BOL"].amount_gbp == Decimal("12400000")
    warrington = by_lead["GB-LAE-WRT"]
    assert warrington.amount_gbp == Decimal("5000000")
    assert {identity(p) for p in warrington.partners} == {"GB-LAE-CHE", "GB-LAE-CHW",
                                                          "GB-LAE-HAL"}
    assert set(warrington.unnamed) == {"police", "fire-and-rescue"}
    stoke = by_lead["GB-LAE-STE"]
    assert (stoke.partner_count_stated, stoke.amount_note) == (11, "more than")
    assert by_lead["GB-LAE-SFK"].amount_gbp == Decimal("3300000")
    essex = by_lead["GB-LAE-ESS"]
    assert (essex.amount_gbp, essex.partner_count_stated) == (Decimal("3300000"), 8)
    assert facts == {"document": "000_6df01ce4e34c033c.txt", "date": "2014-11-27",
                     "round": None, "programme": "Transformation Challenge Award"}
    evidence = warrington.evidence[0]
    text = (shared_dir / "seeds" / "000_6df01ce4e34c033c.txt").read_text(encoding="utf-8")
    assert text[evidence.start:evidence.end] == evidence.sentence


def test_coordinated_names_expand_with_a_shared_head():
    _, bids = extract_text("A consortium led by Warrington Borough Council has been awarded "
                           "£5m. The group also includes Cheshire East, Cheshire West and "
                           "Chester and Halton borough councils.", gazetteer=default_resolver())
    assert bids[0].partners == ["Cheshire East", "Cheshire West and Chester", "Halton"]


@pytest.mark.parametrize("sentence", [
    "Councils predict they will save more than £100 million over five years.",
    "The government's £9 million contribution is a significant return.",
    "Ministers have launched a £9m fund which will support up to four groups of councils.",
    "The £89.4 million will be shared between 71 of the winners.",
    "Hampshire's target is to save £100m by 2017.",
])
def test_sums_that_are_not_awards_make_no_bid(sentence):
    assert extract_text(sentence, gazetteer=default_resolver())[1] == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=2000))
def test_any_text_is_read_without_error(text):
    facts, bids = extract_text(text, gazetteer=default_resolver())
    for bid in bids:
        assert bid.lead or bid.place or bid.partners
        for evidence in bid.evidence:
            assert text[evidence.start:evidence.end] == evidence.sentence


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([
    "led by", "Essex County Council", "has been awarded", "£3.3m", ",", "and", "The group",
    "also includes", "Cheshire East", "borough councils", "including", "for", "in Norfolk",
    "More than", "11-strong", "with seven other", "organisations", ".", "\n", "- ", " - ",
    "Council", "Trust", "Police", "A", "B"]), max_size=80))
def test_press_release_shaped_noise(words):
    text = " ".join(words)
    facts, bids = extract_text(text, gazetteer=default_resolver())
    assert all(b.lead or b.place or b.partners for b in bids)

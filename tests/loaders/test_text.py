"""Text extraction against hand-written expected outputs: the seeds (tests/data/seeds and
seeds_expected), the first held-out texts, the development corpus and the held-out corpus
(tests/data/extraction), each labelled before the extractor ran on it."""

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from partnerkg.core.names import normalise_name
from partnerkg.loaders.text import extract_file, extract_text
from partnerkg.reports.extraction import evaluate, labelled_documents
from partnerkg.resolution import default_resolver

DATA = Path(__file__).resolve().parents[1] / "data"
#: What the held-out corpus must reach (the issue's targets).
HELD_OUT_FLOOR = {"bid_recall": 0.85, "pair_recall": 0.80, "bid_precision": 0.85,
                  "pair_precision": 0.85}


def identity(name):
    """A body's register id, else its normalised name: how two spellings are compared."""
    found = default_resolver().lookup(name)
    return found.body.id if found else normalise_name(name)


SEEDS = [(p, DATA / "seeds_expected" / f"{p.stem}.json")
         for p in sorted((DATA / "copies" / "seeds").glob("*.txt"))]
HELD_OUT_V1 = labelled_documents(DATA / "held_out")
DEV = [doc for part in ("dev", "dev2", "dev3")
       for doc in labelled_documents(DATA / "extraction" / part)]
BLIND = labelled_documents(DATA / "extraction" / "blind") + labelled_documents(
    DATA / "extraction" / "blind2")


@pytest.mark.parametrize("text_path, expected_path", SEEDS, ids=lambda p: p.name)
def test_each_seed_is_read_exactly(text_path, expected_path):
    total, _ = evaluate([(text_path, expected_path)])
    figures = total.figures()
    assert all(figures[k] == 1.0 for k in ("bid_precision", "bid_recall", "pair_precision",
                                             "pair_recall")), figures


@pytest.mark.parametrize("text_path, expected_path", HELD_OUT_V1, ids=lambda p: p.name)
def test_first_held_out_texts(text_path, expected_path):
    figures = evaluate([(text_path, expected_path)])[0].figures()
    assert figures["bid_precision"] >= 0.9 and figures["pair_precision"] >= 0.9, figures
    assert figures["bid_recall"] >= 0.85 and figures["pair_recall"] >= 0.85, figures


def test_the_labelled_corpus_is_large_and_varied_enough():
    assert len(DEV) + len(BLIND) >= 40 and len(BLIND) * 3 >= len(DEV) + len(BLIND) - 3
    styles = "".join((DATA / "extraction" / part / "STYLES.md").read_text(encoding="utf-8")
                     for part in ("blind", "blind2"))
    for programme in ("Transformation Challenge Award", "Police Innovation Fund",
                      "Fire Transformation Fund", "Better Care Fund", "Troubled Families"):
        assert programme in styles


def test_development_corpus_figures():
    figures = evaluate(DEV)[0].figures()
    print("\ndevelopment:", {k: round(v, 2) for k, v in figures.items()})
    assert min(figures.values()) >= 0.9, figures


def test_held_out_corpus_figures():
    """Scored only: its texts were written and labelled apart from the rules."""
    figures = evaluate(BLIND)[0].figures()
    print("\nheld out:", {k: round(v, 2) for k, v in figures.items()})
    assert figures["bid_recall"] >= HELD_OUT_FLOOR["bid_recall"], figures
    assert figures["pair_recall"] >= HELD_OUT_FLOOR["pair_recall"], figures
    assert figures["bid_precision"] >= HELD_OUT_FLOOR["bid_precision"], figures
    assert figures["pair_precision"] >= HELD_OUT_FLOOR["pair_precision"], figures


def test_seed_000_facts():
    facts, bids = extract_file(DATA / "copies" / "seeds" / "000_6df01ce4e34c033c.txt",
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
    text = (DATA / "copies" / "seeds" / "000_6df01ce4e34c033c.txt").read_text(encoding="utf-8")
    assert text[evidence.start:evidence.end] == evidence.sentence


def test_coordinated_names_expand_with_a_shared_head():
    _, bids = extract_text("A consortium led by Warrington Borough Council has been awarded "
                           "£5m. The group also includes Cheshire East, Cheshire West and "
                           "Chester and Halton borough councils.", gazetteer=default_resolver())
    # each name takes the shared head, and is the body the register knows by it
    assert bids[0].partners == ["Cheshire East Borough Council",
                                "Cheshire West and Chester Borough Council",
                                "Halton Borough Council"]
    assert [default_resolver().lookup(p).body.name for p in bids[0].partners] == [
        "Cheshire East Council", "Cheshire West and Chester Council", "Halton Borough Council"]


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

"""The resolution benchmark's scoring, on rows whose outcome is worked out by hand."""

import importlib.util
from pathlib import Path

from partnerkg.resolution import default_resolver

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "resolution.py"


def benchmark():
    spec = importlib.util.spec_from_file_location("resolution_benchmark", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_scores_count_false_joins_variants_and_review(tmp_path):
    rows = [
        {"name": "Essex CC", "expected": "GB-LAE-ESS", "kind": "variant"},       # found
        {"name": "Durham City Council", "expected": "none", "kind": "city-district-county"},
        {"name": "Nowhere Trust", "expected": "GB-LAE-KEN", "kind": "variant"},  # missed
        # labelled as a different body than the one it is: a false join
        {"name": "Kent County Council", "expected": "GB-LAE-ESS", "kind": "other-negative"},
    ]
    figures = benchmark().score(rows, default_resolver())
    assert (figures["negatives"], figures["variants"]) == (2, 2)
    assert (figures["false_joins"], figures["found"]) == (1, 1)
    assert figures["false_join_share"] == 0.5 and figures["found_share"] == 0.5
    assert figures["by_rule"] == {"exact": 1}
    # Essex CC (normalised), Durham City Council (suggestion), Nowhere Trust (unmatched)
    assert benchmark().review_lists_every_decision(rows) == (3, 3)


def test_a_none_label_for_a_body_the_register_gained_later_is_that_body():
    rows = [{"name": "Police Scotland", "expected": "none", "kind": "other-negative"},
            {"name": "Wessex Police", "expected": "none", "kind": "near-place"}]
    assert benchmark().relabel_for_new_bodies(rows) == 1
    assert [r["expected"] for r in rows] == ["XI-PKG-POLICE-SCOTLAND", "none"]

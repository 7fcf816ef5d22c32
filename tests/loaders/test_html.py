"""A saved web page is read through the text extractor with its structure kept: the same bids
as its plain-text copy, and nothing from its navigation, aside, footer or scripts.

The expected bids were written from the announcement by hand before the loader was run."""

from decimal import Decimal
from pathlib import Path

import pytest
from partnerkg.core.errors import LoaderError
from partnerkg.loaders import load_file
from partnerkg.loaders.html import page_text
from partnerkg.resolution import default_resolver

DOCUMENTS = Path(__file__).parent.parent / "data" / "documents"
EXPECTED = {
    "Calderdale Metropolitan Borough Council": (Decimal("335000"), {"West Yorkshire Police"}),
    "North Lincolnshire Council": (Decimal("1900000"), {"North East Lincolnshire Council"}),
    "Selby District Council": (Decimal("555000"), {"North Yorkshire County Council"}),
    "City of Doncaster Council": (Decimal("300000"), {"South Yorkshire Police"}),
}


def bids(records):
    out = {}
    for p in records.participations:
        bid = records.bids[p.bid_key]
        entry = out.setdefault(p.bid_key, {"lead": None, "amount": bid.amount, "partners": set()})
        if p.role == "lead":
            entry["lead"] = p.organisation
        else:
            entry["partners"].add(p.organisation)
    return {b["lead"]: (b["amount"], b["partners"]) for b in out.values()}


def read(name):
    return bids(load_file(DOCUMENTS / name, gazetteer=default_resolver()))


def test_the_page_gives_the_bids_of_its_text():
    from_html = read("announcement.html")
    assert from_html == read("announcement.txt")
    assert {lead: from_html.get(lead) for lead in EXPECTED} == EXPECTED


def test_the_page_gives_only_the_expected_bids():
    # 'Four councils in Yorkshire and the Humber have won money': a region, not a bidder
    assert read("announcement.html") == EXPECTED


def test_navigation_aside_footer_and_scripts_are_dropped():
    text, tables = page_text((DOCUMENTS / "announcement.html").read_text(encoding="utf-8"))
    for dropped in ("Kent", "Essex", "Norfolk", "Suffolk", "Yorkshire News", "color"):
        assert dropped not in text
    assert text.startswith("Councils share £3m to join up services\n\n12 December 2014")
    assert "- £555,000 to Selby District Council" in text and not tables


def test_a_table_of_bids_in_a_page_goes_through_the_table_reader(tmp_path):
    path = tmp_path / "winners.html"
    path.write_text("<html><body><h1>Winners</h1><table><thead><tr><th>Lead authority</th>"
                    "<th>Partners</th><th>Grant (£)</th></tr></thead><tbody>"
                    "<tr><td>Essex County Council</td><td>Essex Police; Tendring District "
                    "Council</td><td>£3.3m</td></tr><tr><td>Kent County Council</td><td></td>"
                    "<td>400,000</td></tr><tr><td>Total</td><td></td><td>£3,700,000</td></tr>"
                    "</tbody></table></body></html>", encoding="utf-8")
    found = bids(load_file(path, programme="TCA", gazetteer=default_resolver()))
    assert found == {"Essex County Council": (Decimal("3300000"), {"Essex Police",
                                                                    "Tendring District Council"}),
                     "Kent County Council": (Decimal("400000"), set())}


def test_an_empty_page_is_refused(tmp_path):
    path = tmp_path / "empty.htm"
    path.write_text("<html><body><nav>Home</nav><script>x()</script></body></html>")
    with pytest.raises(LoaderError, match="has no text"):
        load_file(path, gazetteer=default_resolver())

"""One reader per format: ``extract``, ``load`` and ``load --text`` read a page, a PDF or a text
through the same code, so ``extract`` shows exactly the bids ``load`` loads; a page's hidden parts
are not read; an award a page states in a table and again in a paragraph is one bid.

The pages are written here; their expected bids were worked out by hand from the visible text.
"""

from __future__ import annotations

import json

import pytest
from partnerkg.loaders import load_file
from partnerkg.resolution import default_resolver

from .documents import prose_pdf

# One award in the article (Essex, £3.3m, with Essex Police). The title, script, navigation,
# comment and hidden parts each state an award that a reader of the page never sees.
PAGE = """<!doctype html><html><head><title>Kent County Council awarded £9m</title>
<script>var s = "Surrey County Council has been awarded £5m";</script></head>
<body><nav><a href="/">Norfolk County Council has been awarded £7m</a></nav>
<!-- Suffolk County Council has been awarded £4m -->
<main><h1>Funding for Essex</h1>
<p>Essex County Council has been awarded £3.3m, working with Essex Police.</p>
<div style="color: red; display: none">Devon County Council has been awarded £2m.</div>
<p aria-hidden="true">Dorset Council has been awarded £1m.</p>
<p hidden>Cornwall Council has been awarded £6m.</p>
</main></body></html>"""

# A table of two awards, and a paragraph that states the first of them again.
TABLE_PAGE = """<html><body><main><h1>Awards</h1>
<p>Essex County Council has been awarded £3,300,000 to share services with Essex Police.</p>
<table><tr><th>Lead</th><th>Partners</th><th>Amount</th></tr>
<tr><td>Essex County Council</td><td>Essex Police</td><td>£3,300,000</td></tr>
<tr><td>Kent County Council</td><td>Medway Council</td><td>£1,000,000</td></tr>
</table></main></body></html>"""


def shown(run, path, *extra) -> list[tuple]:
    result = run("extract", path, "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    return sorted(((b["lead"], tuple(b["partners"]), b["amount_gbp"])
                   for b in json.loads(result.output) if not b.get("not_loaded")), key=repr)


def loaded(path, format=None) -> list[tuple]:
    records = load_file(path, format=format, programme="Fund",
                        gazetteer=default_resolver())
    out = []
    for ref, bid in records.bids.items():
        members = [p for p in records.participations if p.bid_key == ref]
        lead = next((p.organisation for p in members if p.role == "lead"), None)
        out.append((lead, tuple(p.organisation for p in members if p.role != "lead"),
                    None if bid.amount is None else int(bid.amount)))
    return sorted(out, key=repr)


def test_a_page_is_read_without_its_hidden_parts_by_every_command(run, tmp_path):
    page = tmp_path / "news.html"
    page.write_text(PAGE, encoding="utf-8")
    expected = [("Essex County Council", ("Essex Police",), 3300000)]
    assert shown(run, page) == expected
    assert loaded(page) == expected
    assert loaded(page, format="text") == expected  # load --text reads the page, not its markup
    result = run("load", "--text", page, "--store", tmp_path / "s")
    assert result.exit_code == 0 and "1 bid, 2 memberships" in result.output, result.output


def test_an_award_in_a_table_and_a_paragraph_is_one_bid(run, tmp_path):
    page = tmp_path / "awards.html"
    page.write_text(TABLE_PAGE, encoding="utf-8")
    expected = [("Essex County Council", ("Essex Police",), 3300000),
                ("Kent County Council", ("Medway Council",), 1000000)]
    assert loaded(page) == expected
    assert shown(run, page, "--programme", "Fund") == expected
    records = load_file(page, programme="Fund", gazetteer=default_resolver())
    assert any("counted once, from the table" in note for note in records.notes)


def test_a_pdf_is_extracted_as_it_is_loaded(run, tmp_path):
    pdf = prose_pdf(tmp_path / "release.pdf", [
        "Councils win funding",
        "Kent County Council has been awarded £1.2m, working with Medway Council.",
        "Essex County Council and Essex Police received £60,000 to share a control room."])
    expected = sorted([(None, ("Essex County Council", "Essex Police"), 60000),
                       ("Kent County Council", ("Medway Council",), 1200000)], key=repr)
    assert loaded(pdf) == expected
    assert shown(run, pdf) == expected


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_a_text_is_extracted_as_it_is_loaded(run, tmp_path, suffix):
    path = tmp_path / f"release{suffix}"
    path.write_text("Kent County Council has been awarded £1.2m, working with Medway Council.\n",
                    encoding="utf-8")
    assert shown(run, path) == loaded(path) == [
        ("Kent County Council", ("Medway Council",), 1200000)]


def test_the_text_reader_from_python_refuses_a_page_it_would_read_as_markup(tmp_path):
    from partnerkg.core.errors import LoaderError
    from partnerkg.loaders.text import extract_file

    page = tmp_path / "news.html"
    page.write_text(PAGE, encoding="utf-8")
    with pytest.raises(LoaderError, match="is a web page or PDF, not a text"):
        extract_file(page, gazetteer=default_resolver())

"""One reading discipline for every loader: amounts finite, non-negative, within what the store
sums, to the penny; no control characters in any cell or field. Each refusal names the file,
the line or grant and the column, and the store is left as it was."""

import json

import pytest
from partnerkg.core.errors import LoaderError
from partnerkg.loaders import load_file
from partnerkg.loaders.amounts import checked_amount, parse_amount


@pytest.mark.parametrize("value, why", [
    ("NaN", "not a finite amount"), ("Infinity", "not a finite amount"),
    (float("inf"), "not a finite amount"), ("-5", "negative"),
    ("1" + "0" * 24, "more than"), ("0.001", "finer than a penny"), ("lots", "not an amount"),
    (True, "not an amount"),
])
def test_amounts_out_of_bounds_are_refused(value, why):
    with pytest.raises(ValueError, match=why):
        checked_amount(value)


def test_amounts_in_bounds_are_exact():
    assert checked_amount("1200000.50") == parse_amount("£1,200,000.50")
    assert str(checked_amount(1e6)) == "1000000" and str(checked_amount("0.5")) == "0.5"


def grants(tmp_path, amount):
    path = tmp_path / "grants.json"
    path.write_text(json.dumps({"grants": [{
        "id": "360G-x-1", "title": "A grant", "amountAwarded": amount, "currency": "GBP",
        "recipientOrganization": [{"id": "GB-CHC-1", "name": "A Trust"}],
        "fundingOrganization": [{"id": "GB-CHC-2", "name": "A Funder"}]}]}), encoding="utf-8")
    return path


@pytest.mark.parametrize("amount", ["NaN", "Infinity", -250, 1e309, "1e24", "lots"])
def test_360giving_amounts_are_checked(tmp_path, amount):
    with pytest.raises(LoaderError) as caught:
        load_file(grants(tmp_path, amount))
    message = str(caught.value)
    assert "grants.json" in message and "amountAwarded" in message and "360G-x-1" in message


def refusal(tmp_path, text: str) -> str:
    """The message with which a CSV of ``text`` is refused."""
    path = tmp_path / "bids.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoaderError) as caught:
        load_file(path)
    return str(caught.value)


def test_a_control_character_in_a_csv_cell_is_refused_with_its_place(tmp_path):
    message = refusal(tmp_path, "bid,programme,organisation,role\nb1,P,Essex\x1b Council,lead\n")
    assert "line 2" in message and "organisation" in message and "U+001B" in message


def test_a_control_character_in_a_360giving_name_is_refused(tmp_path):
    path = grants(tmp_path, 100)
    path.write_text(path.read_text(encoding="utf-8").replace("A Trust", "A\\u0007 Trust"),
                    encoding="utf-8")
    with pytest.raises(LoaderError, match="U\\+0007"):
        load_file(path)


def test_a_refused_file_leaves_the_store_as_it_was(run, tmp_path, data_dir):
    store = tmp_path / "store"
    assert run("load", data_dir / "long.csv", "--store", store).exit_code == 0
    before = run("query", "org-bids", "--param", "org=Essex County Council", "--store", store,
                 "--format", "csv").output
    bad = tmp_path / "bad.csv"
    bad.write_text("bid,programme,organisation,role,amount\nb9,P,Kent County Council,lead,1" + "0" * 24 + "\n",
                   encoding="utf-8")
    result = run("load", bad, "--store", store)
    assert result.exit_code == 1 and "more than" in result.output and "line 2" in result.output
    assert run("query", "org-bids", "--param", "org=Essex County Council", "--store", store,
               "--format", "csv").output == before


@pytest.mark.parametrize("header, row", [
    ("bid,programme,organisation,role", 'b1,P,"Essex County Council,lead'),
    ("bid,programme,lead,partners", 'b1,P,Essex County Council,"Essex Police'),
])
def test_an_unterminated_quote_is_one_clear_error_in_every_layout(tmp_path, header, row):
    path = tmp_path / "bids.csv"
    path.write_text(f"{header}\nb0,P,Kent County Council,lead\n{row}\nb2,P,X Council,lead\n"
                    .replace("lead\n", "lead\n" if "role" in header else "\n"), encoding="utf-8")
    with pytest.raises(LoaderError) as caught:
        load_file(path)
    assert "never closed" in str(caught.value) and "line 3" in str(caught.value)


def test_a_confidence_of_nan_is_refused_with_its_place(tmp_path):
    message = refusal(tmp_path, "bid,programme,organisation,role,confidence\n"
                                "b1,P,A Trust,lead,NaN\n")
    assert "line 2, column confidence" in message and "'NaN'" in message


PKG_TTL = ("@prefix pkg: <https://w3id.org/partnerkg/> .\n"
           "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
           "@prefix org: <http://www.w3.org/ns/org#> .\n")


@pytest.mark.parametrize("body, line, why", [
    ('<http://x.org/b1> pkg:amountAwarded "lots"^^xsd:decimal .', 4, "not an xsd:decimal"),
    ('<http://x.org/b1> pkg:amountAwarded "-5"^^xsd:decimal .', 4, "negative"),
    ('<http://x.org/b1> pkg:amountAwarded "1e30"^^xsd:double .', 4, "an amount is an xsd:decimal"),
    ('<http://x.org/b1> pkg:amountAwarded "1000000000000000000000000"^^xsd:decimal .', 4,
     "more than"),
    ('<http://x.org/s1> pkg:confidence "NaN"^^xsd:decimal .', 4, "not an xsd:decimal"),
    ('<http://x.org/s1> pkg:confidence "2"^^xsd:decimal .', 4, "from 0 to 1"),
    ('<http://x.org/b1> pkg:statedMemberCount "three"^^xsd:integer .', 4, "not an xsd:integer"),
    ('<http://x.org/o1> <http://www.w3.org/2004/02/skos/core#prefLabel> "A\\u0000B" .', 4,
     "control character U+0000"),
    ('<b1> pkg:amountAwarded "5"^^xsd:decimal .', 4, "write absolute IRIs"),
    # a count that is no whole number would stop every summary report later
    ('<http://x.org/r1> pkg:statedBidCount "many"@en .', 4, "a count is a whole xsd:integer"),
    ('<http://x.org/r1> pkg:statedBidCount "3.5"^^xsd:decimal .', 4,
     "a count is a whole xsd:integer"),
    ('<http://x.org/r1> pkg:statedBidCount "-2"^^xsd:integer .', 4,
     "a count is a whole xsd:integer"),
])
def test_rdf_literals_are_read_by_the_same_rules(tmp_path, body, line, why):
    from partnerkg.loaders.rdf import read_rdf

    path = tmp_path / "data.ttl"
    path.write_text(PKG_TTL + body + "\n", encoding="utf-8")
    with pytest.raises(LoaderError) as caught:
        read_rdf(path)
    assert why in str(caught.value) and f"line {line}" in str(caught.value), str(caught.value)


def test_rdf_breaking_a_shape_is_refused_and_the_store_kept(run, tmp_path):
    store = tmp_path / "store"
    two_leads = PKG_TTL + """
<http://x.org/b1> a pkg:Bid, org:OrganizationalCollaboration ;
    pkg:programme <http://x.org/p> .
<http://x.org/p> a pkg:FundingProgramme .
<http://x.org/m1> a org:Membership ; org:member <http://x.org/a> ;
    org:organization <http://x.org/b1> ; org:role pkg:LeadPartner .
<http://x.org/m2> a org:Membership ; org:member <http://x.org/b> ;
    org:organization <http://x.org/b1> ; org:role pkg:LeadPartner .
<http://x.org/a> a org:Organization ; org:classification <https://w3id.org/partnerkg/sector/council> .
<http://x.org/b> a org:Organization ; org:classification <https://w3id.org/partnerkg/sector/police> .
"""
    path = tmp_path / "two_leads.ttl"
    path.write_text(two_leads, encoding="utf-8")
    result = run("load", path, "--store", store)
    assert result.exit_code == 1
    assert "two_leads.ttl" in result.output and "a bid has at most one lead partner" in \
        result.output
    assert "Traceback" not in result.output and not store.exists()


@pytest.mark.parametrize("ident, line", [("m2", 4), ("has space", 4), ("", 4)])
def test_a_json_ld_node_with_a_relative_id_is_refused_not_dropped(tmp_path, ident, line):
    from partnerkg.loaders.rdf import read_rdf

    path = tmp_path / "data.jsonld"
    path.write_text('{"@context": {"org": "http://www.w3.org/ns/org#"},\n "@graph": [\n'
                    '  {"@id": "https://x.org/m1", "@type": "org:Membership"},\n'
                    f'  {{"@id": "{ident}", "@type": "org:Membership"}}\n ]}}\n', encoding="utf-8")
    with pytest.raises(LoaderError) as caught:
        read_rdf(path)
    assert "is not an absolute IRI" in str(caught.value) and f"line {line}" in str(caught.value)
    # with a base the document says what they are relative to, and both nodes load
    path.write_text(path.read_text().replace('"@context": {', '"@context": {"@base": '
                                             '"https://x.org/", '), encoding="utf-8")
    if ident != "has space":
        assert read_rdf(path)[1] == 2

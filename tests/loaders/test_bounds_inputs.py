"""Inputs built to take unbounded time or memory (issue 30, items 12 and 13): each is refused
before the slow code runs, with one message naming the file and what is wrong, exit 1."""

from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal

from openpyxl import Workbook
from partnerkg.loaders.amounts import MAX_AMOUNT
from partnerkg.loaders.rdf import MAX_TERM


def test_an_n_triples_literal_longer_than_the_bound_is_refused(run, tmp_path):
    """rdflib's N-Triples reader, behind the shape check, takes time growing with the square of
    a line's length: a 1 MB literal is refused rather than read for seconds (4 MB: a minute)."""
    path = tmp_path / "long.nt"
    path.write_text('<https://example.org/a> <http://www.w3.org/2004/02/skos/core#note> '
                    f'"{"x" * 1_000_000}" .\n', encoding="utf-8")
    result = run("load", path, "--store", tmp_path / "store")
    assert result.exit_code == 1, result.output
    assert f"{path} line 1: " in result.output
    assert f"a literal of 1,000,000 characters, longer than the {MAX_TERM:,} allowed" in \
        result.output
    assert "Traceback" not in result.output


def test_rdf_xml_entities_are_bounded_by_what_they_expand_to(run, tmp_path):
    """20 KB used 1,000 times: each literal is short, but the document grows to 20 MB."""
    path = tmp_path / "bomb.rdf"
    body = "".join(f'<rdf:Description rdf:about="https://example.org/s{i}"><ex:p>&big;</ex:p>'
                   "</rdf:Description>" for i in range(1000))
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY big "{"x" * 20_000}">]>\n'
                    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                    f'xmlns:ex="https://example.org/">{body}</rdf:RDF>', encoding="utf-8")
    result = run("load", path, "--store", tmp_path / "store")
    assert result.exit_code == 1, result.output
    assert f"{path}: uses its XML entities so often that they would expand to 20,000,000 " \
           "bytes" in result.output


def bomb_workbook(path, rows) -> None:
    """An XLSX of ``rows`` whose sheet holds 30 MB of white space, zipped to under 100 KB."""
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    plain = io.BytesIO()
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as bomb:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                # white space between elements: well-formed XML, 30 MB of it
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * 30_000_000)
            bomb.writestr(member.filename, data, compress_type=zipfile.ZIP_DEFLATED,
                          compresslevel=9)
    assert path.stat().st_size < 100_000


def refused_as_a_bomb(result, path) -> None:
    assert result.exit_code == 1, result.output
    assert f"{path}: holds 'xl/worksheets/sheet1.xml', which would unzip " in result.output
    assert "it is not read" in result.output


def test_a_workbook_that_unzips_hugely_is_refused_before_openpyxl_reads_it(run, tmp_path):
    path = tmp_path / "bomb.xlsx"
    bomb_workbook(path, (("bid", "programme", "organisation", "role"),
                         ("b1", "Test Fund", "Essex County Council", "lead")))
    refused_as_a_bomb(run("load", path, "--store", tmp_path / "store"), path)


def test_a_360giving_workbook_that_unzips_hugely_is_refused_before_it_is_read(run, tmp_path):
    # told apart from other workbooks by its first row: that look must not expand it either
    path = tmp_path / "grants.xlsx"
    bomb_workbook(path, (("Identifier", "Title", "Recipient Org:Identifier",
                          "Recipient Org:Name", "Amount Awarded", "Award Date"),
                         ("360G-x-1", "Grant", "GB-CHC-1", "Qzxv Group", 1000, "2020-01-01")))
    refused_as_a_bomb(run("load", path, "--store", tmp_path / "store"), path)


def test_a_register_workbook_that_unzips_hugely_is_refused(run, tmp_path):
    path = tmp_path / "bodies.xlsx"
    bomb_workbook(path, (("name", "identifier"), ("Qzxv Group", "GB-CHC-1")))
    refused_as_a_bomb(run("register", "add", path, "--store", tmp_path / "store"), path)


def test_over_precise_amounts_are_refused_not_rounded(run, tmp_path):
    csv = tmp_path / "bids.csv"
    csv.write_text("bid,programme,organisation,role,amount\n"
                   "b1,Test Fund,Essex County Council,lead,1.00000000000000000000000000001\n",
                   encoding="utf-8")
    result = run("load", csv, "--store", tmp_path / "store")
    assert result.exit_code == 1, result.output
    assert "'1.00000000000000000000000000001' is finer than a penny" in result.output
    grants = tmp_path / "grants.json"
    grants.write_text(json.dumps({"grants": [{
        "id": "360G-x-1", "title": "Grant", "amountAwarded": 1e-50, "currency": "GBP",
        "awardDate": "2020-06-01",
        "recipientOrganization": [{"id": "GB-CHC-1", "name": "Essex Community Trust"}],
        "fundingOrganization": [{"id": "GB-GOR-X", "name": "A Funder"}]}]}),
        encoding="utf-8")
    strict = run("load", grants, "--format", "360giving", "--strict",
                 "--store", tmp_path / "store")
    assert strict.exit_code == 1, strict.output
    assert "finer than a penny" in strict.output


def test_the_amount_limit_is_the_one_the_readme_states(run, tmp_path):
    from pathlib import Path

    # the checkout's README (an installed package holds no README)
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "at most\na thousand billion pounds" in readme
    assert MAX_AMOUNT == Decimal(1000) * 10 ** 9
    csv = tmp_path / "bids.csv"
    csv.write_text("bid,programme,organisation,role,amount\n"
                   "b1,Test Fund,Essex County Council,lead,£1001bn\n", encoding="utf-8")
    result = run("load", csv, "--store", tmp_path / "store")
    assert result.exit_code == 1, result.output
    assert "is more than £1,000,000,000,000" in result.output

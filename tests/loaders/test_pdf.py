"""PDF tables load like the same table as CSV; PDFs without a table are read as prose; bad PDFs
are refused with one message each and leave the store as it was.

The expected answer of every table test is the CSV of the same rows (written here, without the
PDF's footnote marks): the two stores must hold the same triples, provenance aside.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from partnerkg import KnowledgeGraph
from partnerkg.core.errors import LoaderError
from partnerkg.loaders import load_file
from partnerkg.resolution import default_resolver
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from .documents import HEADER, prose_pdf, scanned_pdf, table_pdf

DOCUMENTS = Path(__file__).parent.parent / "data" / "documents"
LEADS = ["Adur District Council", "Amber Valley Borough Council", "Arun District Council",
         "Ashford Borough Council", "Ashfield District Council", "Babergh District Council",
         "Basildon Borough Council", "Bassetlaw District Council", "Blaby District Council",
         "Bolsover District Council", "Boston Borough Council", "Braintree District Council",
         "Breckland District Council", "Brentwood Borough Council", "Broadland District Council",
         "Bromsgrove District Council", "Broxtowe Borough Council", "Burnley Borough Council",
         "Cambridge City Council", "Cannock Chase District Council", "Canterbury City Council",
         "Castle Point Borough Council", "Charnwood Borough Council",
         "Chelmsford City Council", "Cheltenham Borough Council", "Cherwell District Council",
         "Chesterfield Borough Council", "Chichester District Council",
         "Chorley Borough Council", "Colchester Borough Council"]
#: Ten more, for a table of 40 bids.
MORE_LEADS = ["Copeland Borough Council", "Corby Borough Council", "Cotswold District Council",
              "Craven District Council", "Crawley Borough Council", "Dacorum Borough Council",
              "Dartford Borough Council", "Derbyshire Dales District Council",
              "Dover District Council", "East Cambridgeshire District Council"]
AMOUNTS = ["£1.2m", "400,000", "£350k", "£2,500,000", "75000", "£0.6 million"]
PROGRAMME = "Transformation Challenge Award"


def rows(marks: bool, leads: list[str] = LEADS) -> list[list[str]]:
    """A bid for each lead (30 by default), with the next two councils as partners (a long,
    wrapping cell); ``marks`` puts footnote marks on the third lead and the eighth amount."""
    out = []
    for i, lead in enumerate(leads):
        partners = "; ".join([leads[(i + 1) % len(leads)], leads[(i + 2) % len(leads)],
                              "Essex Police" if i % 3 == 0 else "Kent Police"])
        amount = AMOUNTS[i % len(AMOUNTS)]
        if marks and i == 2:
            lead += "*"
        if marks and i == 7:
            amount += " [1]"
        out.append([lead, partners, amount, "2014-15" if i % 2 else "2015-16"])
    return out


def write_csv(path: Path, table: list[list[str]] | None = None,
              header: list[str] = HEADER) -> Path:
    """The expected answer: the rows as CSV (by default the 30 bids without marks)."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows(marks=False) if table is None else table)
    return path


def bids_of(records) -> dict:
    """What records say of each bid, provenance aside: its round, title and amount, and its
    members with their roles."""
    members: dict[str, set] = {}
    for p in records.participations:
        members.setdefault(p.bid_key, set()).add((p.organisation, p.role))
    return {ref: (bid.round, bid.title, bid.amount, frozenset(members.get(ref, ())))
            for ref, bid in records.bids.items()}


def loads_like(pdf: Path, csv_path: Path) -> None:
    """The PDF's records say what the CSV's do, bid for bid (and it has some)."""
    expected = bids_of(load_file(csv_path, programme=PROGRAMME))
    assert expected
    assert bids_of(load_file(pdf, programme=PROGRAMME, gazetteer=default_resolver())) == expected


def gov_uk_pdf(path: Path, **options) -> Path:
    return table_pdf(path, HEADER, rows(marks=True),
                     title="Transformation Challenge Award: table of successful bids",
                     footnote="* Lead authority as named in the bid. [1] Subject to a revised "
                              "business case.", **options)


_PROVENANCE = {URIRef("http://www.w3.org/ns/prov#" + n) for n in (
    "wasDerivedFrom", "hadPrimarySource", "generatedAtTime")}


def without_provenance(store: Path) -> Graph:
    """The store's triples less every source record and what points at one."""
    with KnowledgeGraph(store) as kg:
        graph = kg.to_memory()
    sources = {o for s, p, o in graph if p in _PROVENANCE}
    sources |= {s for s, p, o in graph if str(p).startswith("https://w3id.org/partnerkg/")
                and str(p).rsplit("/", 1)[1] in ("locator", "contentDigest", "sourceFile",
                                                 "sourceLine", "extractionMethod")}
    out = Graph()
    for triple in graph:
        if triple[0] not in sources and triple[2] not in sources and triple[1] not in _PROVENANCE:
            out.add(tuple(_unscoped(term) for term in triple))
    return out


_SCOPE = re.compile(r"/[^/\"]+\.(?:pdf|csv)-[0-9a-f]{6,}/")


def _unscoped(term):
    """A bid's IRI is scoped by the file that states it (name and digest): the same bid read
    from bids.pdf and from bids.csv differs there only."""
    if isinstance(term, URIRef):
        return URIRef(_SCOPE.sub("/FILE/", str(term)))
    return term


def test_the_generated_table_spans_pages_with_its_header_repeated(tmp_path):
    import pdfplumber

    with pdfplumber.open(gov_uk_pdf(tmp_path / "bids.pdf")) as pdf:
        assert len(pdf.pages) >= 2
        assert all("Lead authority" in page.extract_text() for page in pdf.pages)


def stores_alike(run, tmp_path: Path, pdf: Path, csv_path: Path, bids: int) -> None:
    """The PDF and the CSV, each loaded into a store of its own, load ``bids`` bids and give
    the same triples (provenance aside), the same report and the same answers."""
    result = run("load", pdf, "--store", tmp_path / "p", "--programme", PROGRAMME)
    assert result.exit_code == 0, result.output
    assert f"{bids} bids" in result.output  # every row of the table
    assert run("load", csv_path, "--store", tmp_path / "c", "--programme",
               PROGRAMME).exit_code == 0
    assert isomorphic(without_provenance(tmp_path / "p"), without_provenance(tmp_path / "c"))
    for args in (["report", "--format", "json"],
                 ["query", "org-bids", "--param", "org=Arun District Council", "--format",
                  "json"]):
        from_pdf = run(*args, "--store", tmp_path / "p")
        from_csv = run(*args, "--store", tmp_path / "c")
        assert from_pdf.exit_code == 0, from_pdf.output
        answer = json.loads(_SCOPE.sub("/FILE/", from_pdf.output))
        assert answer == json.loads(_SCOPE.sub("/FILE/", from_csv.output)) and answer


@pytest.mark.parametrize("repeat_header", [True, False])
def test_a_pdf_table_loads_like_the_same_csv(run, tmp_path, repeat_header):
    pdf = gov_uk_pdf(tmp_path / "bids.pdf", repeat_header=repeat_header)
    stores_alike(run, tmp_path, pdf, write_csv(tmp_path / "bids.csv"), 30)


def test_the_kept_copy_loads_every_row(tmp_path):
    records = load_file(DOCUMENTS / "tca_table.pdf", programme=PROGRAMME,
                        gazetteer=default_resolver())
    assert len(records.bids) == 30
    leads = {p.organisation for p in records.participations if p.role == "lead"}
    assert leads == set(LEADS)  # the footnote mark on Arun is gone
    amounts = {records.bids[p.bid_key].amount for p in records.participations
               if p.organisation == "Bassetlaw District Council" and p.role == "lead"}
    assert amounts == {400000}  # "400,000 [1]": row 8, AMOUNTS[7 % 6]


def test_a_row_keeps_its_page_and_row(tmp_path):
    """A wrong amount on the 25th bid is named by page and row, as a reader finds it."""
    bad = rows(marks=False)
    bad[24][2] = "about a million"
    pdf = table_pdf(tmp_path / "bad.pdf", HEADER, bad)
    with pytest.raises(LoaderError) as caught:
        load_file(pdf, programme=PROGRAMME, gazetteer=default_resolver())
    import pdfplumber

    with pdfplumber.open(pdf) as document:  # where the row is, found by its text
        for number, page in enumerate(document.pages, start=1):
            for table in page.extract_tables():
                for index, row in enumerate(table, start=1):
                    if " ".join((row[2] or "").split()) == "about a million":
                        expected = f"page {number}, row {index}"
    message = str(caught.value)
    assert f"bad.pdf {expected}, column amount" in message and "about a million" in message


def test_a_pdf_without_a_table_is_read_as_prose(tmp_path):
    pdf = prose_pdf(tmp_path / "news.pdf", [
        "Councils win funding to join up services",
        "Essex County Council has been awarded £3.3m by the Transformation Challenge Award "
        "to work with Essex Police on domestic abuse.",
    ])
    records = load_file(pdf, gazetteer=default_resolver())
    leads = [(p.organisation, records.bids[p.bid_key].amount) for p in records.participations
             if p.role == "lead"]
    assert leads == [("Essex County Council", 3300000)]
    assert {p.organisation for p in records.participations} == {"Essex County Council",
                                                                "Essex Police"}


def _encrypted(tmp_path):
    return gov_uk_pdf(tmp_path / "locked.pdf", encrypt="secret")


def _scanned(tmp_path):
    return scanned_pdf(tmp_path / "scan.pdf")


def _truncated(tmp_path):
    whole = gov_uk_pdf(tmp_path / "whole.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole[:len(whole) // 2])
    return path


def _not_a_pdf(tmp_path):
    path = tmp_path / "page.pdf"
    path.write_text("<html><body>Not found</body></html>", encoding="utf-8")
    return path


@pytest.mark.parametrize("make, message", [
    (_encrypted, "is encrypted (it needs a password to open)"),
    (_scanned, "has no text layer: its pages are pictures"),
    (_truncated, "is cut short"),
    (_not_a_pdf, "is not a PDF"),
])
def test_bad_pdfs_are_refused_and_the_store_kept(run, data_dir, tmp_path, make, message):
    store = tmp_path / "s"
    assert run("load", data_dir / "wide.csv", "--store", store).exit_code == 0
    before = without_provenance(store)
    with KnowledgeGraph(store) as kg:
        size = len(kg)
    path = make(tmp_path)
    result = run("load", path, "--store", store)
    assert result.exit_code == 1
    assert message in result.output and str(path) in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    with KnowledgeGraph(store) as kg:
        assert len(kg) == size
    assert isomorphic(without_provenance(store), before)


@pytest.mark.parametrize("name, message", [
    ("locked.pdf", "is encrypted"), ("scanned.pdf", "has no text layer"),
    ("truncated.pdf", "is cut short"), ("not_a_pdf.pdf", "is not a PDF")])
def test_the_kept_bad_pdfs_are_refused(name, message):
    with pytest.raises(LoaderError, match=message):
        load_file(DOCUMENTS / "bad" / name, gazetteer=default_resolver())

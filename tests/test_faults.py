"""Outputs are written whole or not at all, never into a store, and never as formulas."""

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from partnerkg.core.files import clean_leftovers
from partnerkg.core.tables import spreadsheet_safe

HOSTILE = ["=HYPERLINK(\"http://evil.example\")", "+1 Group", "@Trust", "-Minus Trust"]


def test_an_export_into_the_store_is_refused_and_the_store_kept(run, tmp_path, data_dir):
    store = tmp_path / "S"
    run("load", data_dir / "long.csv", "--store", store)
    for target in (store / "CURRENT", store / "sub" / "x.nt", store):
        result = run("export", "--format", "nt", "-o", target, "--store", store)
        assert result.exit_code == 1 and "inside the store" in result.output
        assert "Traceback" not in result.output
    viz = run("viz", "-o", store / "view.html", "--store", store)
    assert viz.exit_code == 1 and "inside the store" in viz.output
    report = json.loads(run("report", "--store", store, "--format", "json").output)
    assert report["bids"] == 3


def test_a_failed_export_leaves_the_old_file_and_no_debris(run, tmp_path, monkeypatch):
    out = tmp_path / "out.nt"
    out.write_text("the previous export\n", encoding="utf-8")

    from partnerkg.core import files

    real = files.os.replace

    def broken(source, target):  # the write breaks off just before the rename
        raise OSError("disk full")
    monkeypatch.setattr(files.os, "replace", broken)
    result = run("export", "--format", "nt", "-o", out)
    monkeypatch.setattr(files.os, "replace", real)
    assert result.exit_code == 1 and "disk full" in result.output
    assert out.read_text(encoding="utf-8") == "the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.nt"]


def test_what_a_killed_writer_left_is_cleaned_by_the_next_write(run, tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    leftover = tmp_path / f".out.nt.partnerkg-{dead.pid}.tmp"
    leftover.write_text("half", encoding="utf-8")
    alive = tmp_path / f".other.partnerkg-{os.getpid()}.tmp"  # a live writer's: kept
    alive.write_text("busy", encoding="utf-8")
    assert run("export", "--format", "nt", "-o", tmp_path / "out.nt").exit_code == 0
    assert not leftover.exists() and alive.exists()
    assert clean_leftovers(tmp_path) == []


def test_a_terminated_export_leaves_the_old_file_whole(tmp_path):
    out = tmp_path / "out.graphml"
    out.write_text("previous\n", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "partnerkg", "export", "--format",
                                "graphml", "-o", str(out)], stderr=subprocess.PIPE)
    time.sleep(1.5)  # inside the work, before the rename
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)
    text = out.read_text(encoding="utf-8")
    assert text == "previous\n" or text.rstrip().endswith("</graphml>")
    assert [p.name for p in tmp_path.iterdir()] == ["out.graphml"]


@pytest.mark.parametrize("text, safe", [
    ("=1+1", "'=1+1"), ("+1 Group", "'+1 Group"), ("@Trust", "'@Trust"),
    ("-Minus Trust", "'-Minus Trust"), ("\tTab", "'\tTab"), ("-5", "-5"), ("+2.5", "+2.5"),
    ("1e6", "1e6"), ("Essex", "Essex"), ("", ""),
])
def test_spreadsheet_safe(text, safe):
    assert spreadsheet_safe(text) == safe


def test_every_csv_and_tsv_writer_neutralises_formulas(run, store_of, tmp_path):
    store = store_of("bid,programme,organisation,role",
                     [("b1", "P", HOSTILE[0].replace('"', '""').join('""'), "lead")] +
                     [("b1", "P", name, "partner") for name in HOSTILE[1:]])
    # (query --format csv/tsv are the SPARQL 1.1 results formats, which hold each term as it
    # is: tests/endpoint/test_remote_cases.py reads them back with rdflib's parsers)
    outputs = []
    outputs.append(("csv", run("report", "partners", "--store", store, "--format", "csv",
                               "--top", "10").output))
    assert run("export", "--format", "csv", "-o", tmp_path / "net", "--store",
               store).exit_code == 0
    outputs.append(("csv", (tmp_path / "net" / "nodes.csv").read_text(encoding="utf-8")))
    for format, text in outputs:
        cells = [cell for row in csv.reader(io.StringIO(text),
                                            delimiter="," if format == "csv" else "\t")
                 for cell in row]
        found = [cell for cell in cells if cell.lstrip("'") in HOSTILE]
        assert len(found) >= len(HOSTILE), (format, text)
        assert all(cell.startswith("'") for cell in found), found


def rdf_xml(declarations: str, about: str, value: str) -> str:
    """An RDF/XML document of one triple, with XML entity ``declarations`` (one a line)."""
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n{declarations}]>\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            f'xmlns:s="http://x.org/"><rdf:Description rdf:about="{about}">'
            f'<s:p>{value}</s:p></rdf:Description></rdf:RDF>\n')


def billion_laughs(levels: int) -> str:
    entities = '<!ENTITY lol0 "lol">\n' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(1, levels + 1))
    return rdf_xml(entities, "http://x.org/a", f"&lol{levels};")


def test_rdf_xml_entities_that_grow_are_refused(run, tmp_path):
    path = tmp_path / "lol.rdf"
    path.write_text(billion_laughs(9), encoding="utf-8")
    result = run("load", path, "--store", tmp_path / "s")
    assert result.exit_code == 1 and "lol.rdf line 4" in result.output
    assert "can grow without bound" in result.output and not (tmp_path / "s").exists()


def test_rdf_xml_abbreviations_still_load(run, tmp_path):
    path = tmp_path / "ok.rdf"
    path.write_text(rdf_xml('<!ENTITY x "http://x.org/">\n', "&x;a", "v"), encoding="utf-8")
    from partnerkg.loaders.rdf import read_rdf

    assert read_rdf(path) == ('<http://x.org/a> <http://x.org/p> "v" .\n', 1)


def xlsx_with_sheet_xml(tmp_path, sheet_xml: bytes):
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["bid", "programme", "organisation", "role"])
    book.active.append(["b1", "P", "A Trust", "lead"])
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    hostile = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(hostile, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml(data)
            target.writestr(item, data)
    return hostile


@pytest.mark.parametrize("change, why", [
    (lambda xml: xml[: len(xml) // 2], "damaged"),
    (lambda xml: xml.replace(b"<worksheet", b'<!DOCTYPE w [<!ENTITY a "aaaa">]><worksheet', 1),
     "XML entities"),
])
def test_a_hostile_or_truncated_workbook_is_one_clear_error(run, tmp_path, change, why):
    path = xlsx_with_sheet_xml(tmp_path, change)
    result = run("load", path, "--store", tmp_path / "s")
    assert result.exit_code == 1 and why in result.output and "hostile.xlsx" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("text, why", [
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"grants": [{"id": "x", "amountAwarded": ' + "9" * 5000 + "}]}", "5,000 characters"),
])
def test_json_too_deep_or_too_long_is_refused(run, tmp_path, text, why):
    path = tmp_path / "grants.json"
    path.write_text(text, encoding="utf-8")
    result = run("load", path, "--store", tmp_path / "s")
    assert result.exit_code == 1 and why in result.output, result.output
    assert "Traceback" not in result.output


def test_external_xml_entities_and_remote_json_ld_contexts_are_refused(run, tmp_path):
    xxe = tmp_path / "xxe.rdf"
    xxe.write_text(rdf_xml('<!ENTITY xxe SYSTEM "file:///etc/passwd">\n', "http://x.org/a",
                           "&xxe;"), encoding="utf-8")
    context = tmp_path / "ctx.jsonld"
    context.write_text('{"@context": "http://127.0.0.1:9/ctx.jsonld", "@id": "http://x.org/a", '
                       '"name": "A"}', encoding="utf-8")
    for path, why in ((xxe, "outside the file"), (context, "remote contexts")):
        result = run("load", path, "--store", tmp_path / "s")
        assert result.exit_code == 1 and why in result.output, result.output
        assert "root:" not in result.output and not (tmp_path / "s").exists()

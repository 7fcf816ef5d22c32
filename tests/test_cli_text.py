"""extract, load --text and report --min-confidence through CliRunner."""

import csv
import io
import json


def test_extract_seed_000(run, shared_dir):
    result = run("extract", shared_dir / "seeds" / "000_6df01ce4e34c033c.txt", "--format", "json")
    assert result.exit_code == 0, result.output
    bids = {b["lead"]: b for b in json.loads(result.output)}
    assert bids["Bolton Metropolitan Borough Council"]["amount_gbp"] == 12400000
    assert bids["Warrington Borough Council"]["amount_gbp"] == 5000000
    assert bids["Warrington Borough Council"]["partners"] == [
        "Cheshire East Borough Council", "Cheshire West and Chester Borough Council",
        "Halton Borough Council"]  # "... and Halton borough councils": the head is each's
    assert bids["Stoke on Trent City Council"]["partner_count_stated"] == 11
    assert bids["Suffolk County Council"]["amount_gbp"] == 3300000
    essex = bids["Essex County Council"]
    assert (essex["amount_gbp"], essex["partner_count_stated"]) == (3300000, 8)
    for bid in bids.values():
        assert set(bid) >= {"lead", "partners", "amount_gbp", "partner_count_stated", "title",
                            "round", "evidence", "confidence"}
        assert bid["evidence"][0]["sentence"] and len(bid["evidence"][0]["span"]) == 2


def test_load_text_then_report_and_trace_every_fact(run, tmp_path, shared_dir):
    store = tmp_path / "store"
    seeds = sorted((shared_dir / "seeds").glob("*.txt"))
    result = run("load", "--text", *seeds, "--store", store)
    assert result.exit_code == 0, result.output
    assert "11 bids, 14 memberships" in result.output
    assert "names no body" in result.output  # bids known only by their place are reported
    report = run("report", "--store", store)
    assert report.exit_code == 0 and "Warrington Borough Council" in report.output
    traced = run("query", "fact-evidence", "--store", store, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(traced.output)))
    assert len(rows) == 14  # every membership traces to its sentence
    texts = {p.name: p.read_text(encoding="utf-8") for p in seeds}
    for row in rows:
        assert texts[row["document"]][int(row["start"]):int(row["end"])] == row["sentence"]
    halton = next(r for r in rows if r["organisation"] == "Halton Borough Council")
    assert "also includes Cheshire East" in halton["sentence"]


def test_min_confidence_separates_extracted_from_curated(run, tmp_path, shared_dir, data_dir):
    store = tmp_path / "store"
    run("load", data_dir / "long.csv", "--store", store)  # curated, confidence 0.5 to 0.9
    run("load", "--text", shared_dir / "seeds" / "000_6df01ce4e34c033c.txt", "--store", store)
    everything = json.loads(run("report", "--store", store, "--format", "json").output)
    strict = json.loads(run("report", "--store", store, "--format", "json",
                            "--min-confidence", "0.8").output)
    # by hand: long.csv b2 (0.5) and b3 (0.6) drop; text partners (0.75) drop; leads (0.8) stay
    assert everything["bids"] == 8 and strict["bids"] == 6
    assert "Delta Voluntary Services" not in {r["name"] for r in strict["top_partners"]}


def test_text_errors(run, tmp_path):
    missing = run("extract", tmp_path / "none.txt")
    assert missing.exit_code == 1 and "none.txt: no such file" in missing.output
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01\x02")
    bad = run("load", "--text", binary, "--store", tmp_path / "s")
    assert bad.exit_code == 1 and "is not a text file" in bad.output
    assert not (tmp_path / "s").exists()
    both = run("load", "--text", "--format", "csv", binary, "--store", tmp_path / "s")
    assert both.exit_code == 2


def test_extract_writes_the_table_whole_as_csv(run, shared_dir):
    # the table view cuts long sentences; csv keeps every line and every sentence whole
    path = shared_dir / "seeds" / "000_6df01ce4e34c033c.txt"
    as_json = json.loads(run("extract", path, "--format", "json").output)
    result = run("extract", path, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["lead"] for r in rows] == [b["lead"] or "" for b in as_json]
    assert [r["sentence"] for r in rows] == [b["evidence"][0]["sentence"] for b in as_json]

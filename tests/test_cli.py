"""Every command through click's CliRunner: success and error paths."""

import io
import json

import pytest
from rdflib.query import Result


def assert_clean_error(result, code, *fragments):
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.output, result.output


def test_help_for_every_command(run):
    for command in ("load", "report", "query", "viz", "validate", "export"):
        result = run(command, "--help")
        assert result.exit_code == 0, result.output
        assert "Usage: cli " + command in result.output or f" {command} " in result.output


def test_load_then_report_on_the_store(run, tmp_path, data_dir):
    store = tmp_path / "store"
    result = run("load", data_dir / "long.csv", "--store", store)
    assert result.exit_code == 0, result.output
    assert "3 bids, 8 memberships" in result.output
    again = run("load", data_dir / "long.csv", "--store", store)
    assert "(+0 triples)" in again.output
    report = run("report", "--store", store, "--format", "json")
    assert report.exit_code == 0, report.output
    data = json.loads(report.output)
    assert [r["name"] for r in data["top_partners"]][:2] == ["Beta Police", "Alpha Council"]


def test_report_on_bundled_data(run):
    result = run("report", "--top", "5")
    assert result.exit_code == 0, result.output
    assert "Most-connected partners" in result.output
    assert "Collaboration clusters" in result.output
    assert "of the 73 bids of 2015-16" in result.output


def test_store_from_environment(run, tmp_path, data_dir):
    store = tmp_path / "store"
    run("load", data_dir / "long.csv", "--store", store)
    result = run("query", "top-partners", "--format", "csv", env={"PARTNERKG_STORE": str(store)})
    assert result.output.splitlines()[1].split(",")[1] == "Beta Police"


@pytest.mark.parametrize("bad, fragments", [
    ("no_name.csv", ["no_name.csv line 3, column organisation: no organisation name given"]),
    ("bad_amount.csv", ["bad_amount.csv line 2, column amount:", "'£1.2bn?' is not an amount"]),
    ("two_leads.csv", ["two_leads.csv line 4", "has two leads"]),
    ("unknown_layout.csv", ["unknown_layout.csv line 1: unknown column layout"]),
    ("not_csv.csv", ["not_csv.csv: is not a CSV text file"]),
    ("missing.csv", ["missing.csv: no such file"]),
])
def test_load_errors_exit_1_and_keep_the_store(run, tmp_path, data_dir, bad, fragments):
    store = tmp_path / "store"
    run("load", data_dir / "long.csv", "--store", store)
    before = run("export", "--format", "nt", "--store", store).output
    result = run("load", data_dir / "bad" / bad, "--store", store)
    assert_clean_error(result, 1, "Error:", *fragments)
    assert run("export", "--format", "nt", "--store", store).output == before


def test_load_needs_a_store(run, data_dir):
    assert_clean_error(run("load", data_dir / "long.csv"), 2, "Missing option '--store'")


def test_query_named_with_parameter(run):
    result = run("query", "org-partners", "--param", "org=Essex County Council",
                 "--format", "tsv")
    assert result.exit_code == 0, result.output
    table = Result.parse(io.BytesIO(result.output.encode()), format="tsv")
    names = {str(row.name) for row in table}
    assert {"Colchester Borough Council", "Tendring District Council"} <= names


def test_query_json_is_sparql_results_json(run):
    result = run("query", "top-partners", "--format", "json")
    data = json.loads(result.output)
    assert data["head"]["vars"] == ["org", "name", "sector", "partners", "bids"]
    first = data["results"]["bindings"][0]
    assert first["org"]["type"] == "uri"
    assert first["partners"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"


def test_query_file_and_sparql_text(run, tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("# Count bids\nPREFIX pkg: <https://w3id.org/partnerkg/>\n"
                    "SELECT (COUNT(?b) AS ?n) WHERE { ?b a pkg:Bid }\n", encoding="utf-8")
    by_file = run("query", "--file", path, "--format", "csv")
    by_text = run("query", "--sparql", path.read_text(), "--format", "csv")
    # 55 bids in data/tca_bids.csv (43, with 11 from the additions file and the Dorset bid);
    # SPARQL 1.1 CSV: lines end in CRLF (CliRunner's .output would show LF)
    assert by_file.stdout_bytes == by_text.stdout_bytes == b"n\r\n55\r\n"


def test_query_list(run):
    result = run("query", "--list")
    assert "top-partners:" in result.output and "--param org=..." in result.output


@pytest.mark.parametrize("args, code, fragment", [
    (["query"], 2, "give exactly one of NAME, --file or --sparql"),
    (["query", "top-partners", "--sparql", "SELECT * {}"], 2, "give exactly one"),
    (["query", "org-bids", "--param", "org"], 2, "'org' is not NAME=VALUE"),
    (["query", "org-bids"], 1, "org-bids needs org"),
    (["query", "nope"], 1, "no query named 'nope'"),
    (["query", "--sparql", "SELECT WHERE {"], 1, "the SPARQL does not parse: error at 1:"),
    (["query", "orgs-by-sector", "--param", "sector=aliens"], 1, "unknown sector 'aliens'"),
    (["query", "--file", "nowhere.rq"], 1, "nowhere.rq: no such file"),
    (["report", "--format", "xml"], 2, "Invalid value for '--format'"),
    (["report", "--store", "no-such-store"], 1, "no store at no-such-store"),
])
def test_usage_and_query_errors(run, args, code, fragment):
    assert_clean_error(run(*args), code, fragment)


def test_viz_writes_offline_page(run, tmp_path):
    out = tmp_path / "tca.html"
    result = run("viz", "--output", out)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "vis.Network" in page and 'src="http' not in page and 'href="http' not in page


def test_viz_to_unwritable_place(run, tmp_path):
    result = run("viz", "--output", tmp_path / "no" / "such" / "dir" / "x.html")
    assert_clean_error(result, 1, "cannot write")


def test_validate_passes_on_bundled_and_fails_on_broken_store(run, tmp_path, data_dir):
    ok = run("validate")
    assert ok.exit_code == 0 and "conforms" in ok.output
    store = tmp_path / "store"
    run("load", data_dir / "long.csv", "--store", store)
    # a second lead written into the store from Python, past the loaders' checks
    from partnerkg import KnowledgeGraph
    from partnerkg.graph.build import bid_iri, organisation_iri
    from partnerkg.loaders import locate
    from partnerkg.ontology import ID, ORG, PKG

    extra = ID["membership/extra"]
    with KnowledgeGraph(store) as kg:
        kg.add_graph([(extra, ORG.member, organisation_iri("Zeta Council")),
                      (extra, ORG.organization,
                       bid_iri("b1", "Test Fund", locate(data_dir / "long.csv"))),
                      (extra, ORG.role, PKG.LeadPartner)], "python", append=True)
    result = run("validate", "--store", store)
    assert_clean_error(result, 1, "a bid has at most one lead partner", "1 SHACL violation")


def test_export_is_byte_identical_across_runs(run, tmp_path):
    first, second = tmp_path / "a.nt", tmp_path / "b.nt"
    run("export", "--format", "nt", "--output", first)
    run("export", "--format", "nt", "--output", second)
    assert first.read_bytes() == second.read_bytes()
    assert len(first.read_bytes()) > 10000


def test_python_dash_m(tmp_path):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "partnerkg", "query", "--list"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "top-partners" in result.stdout


def test_the_load_summary_counts_memberships_written_not_rows(run, tmp_path):
    # three rows, but 'Kent CC' is Kent County Council again: two memberships are stored
    path = tmp_path / "m.csv"
    path.write_text("bid,programme,organisation,role\nb1,F,Kent County Council,lead\n"
                    "b1,F,Medway Council,partner\nb1,F,Kent CC,partner\n", encoding="utf-8")
    result = run("load", path, "--store", tmp_path / "s")
    assert result.exit_code == 0 and "1 bid, 2 memberships" in result.output, result.output
    stored = run("query", "--sparql", "SELECT (COUNT(?m) AS ?n) WHERE { ?m a "
                 "<http://www.w3.org/ns/org#Membership> }", "--store", tmp_path / "s",
                 "--format", "csv")
    assert stored.output.splitlines()[1] == "2"


def test_a_sparql_syntax_error_points_at_its_place(run):
    result = run("query", "--sparql", "SELECT *\nWHERE { ?s ?p }")
    assert result.exit_code == 1
    # Oxigraph's place is where it stopped: just after the triple pattern left unfinished
    assert "error at 2:16" in result.output
    assert "\n  WHERE { ?s ?p }\n                 ^ here" in result.output


def test_a_reader_that_leaves_early_ends_the_output_quietly():
    # "partnerkg export --format ttl | head -1": no "cannot write: Broken pipe" on stderr
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-m", "partnerkg", "export", "--format", "ttl"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = process.stdout.readline()
    process.stdout.close()  # the reader is gone
    error = process.stderr.read().decode()
    process.wait(timeout=120)
    assert first.startswith(b"@prefix")
    assert error == "", error

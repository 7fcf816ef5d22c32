"""One consistent command line that fits the terminal (issue 21): width, ranks, amounts,
common options, one table per CSV, one label per sector."""

import io
import json
import re

import click
import pytest
from partnerkg.cli import cli

#: Every report command, on the bundled data (no store).
REPORTS = [
    ["report"],
    ["report", "partners"],
    ["report", "partners", "--by", "funding"],
    ["report", "clusters"],
    ["report", "org", "Cheshire West and Chester Council"],
    ["report", "path", "Warrington Borough Council", "Cheshire Constabulary"],
    ["report", "sectors"],
    ["report", "rounds"],
]

NARROW = {"COLUMNS": "80"}


@pytest.mark.parametrize("args", REPORTS + [
    ["resolve", "Cheshire Fire Authority", "Police and Crime Commissioner for Lancashire"],
    ["register", "list", "--format", "table"],
    ["query", "orgs-by-sector", "--param", "sector=police"],
], ids=" ".join)
def test_tables_fit_an_80_column_terminal(run, args):
    result = run(*args, env=NARROW)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    wide = [line for line in lines if len(line) > 80]
    assert not wide, "\n".join(wide)
    # nothing cropped either: a line of a table ends with the table's right border
    cropped = [line for line in lines if line[:1] in "┏┃┡│└" and line[-1:] not in "┓┃┩│┘"]
    assert not cropped, "\n".join(cropped)


def _cell_words(output: str) -> set[str]:
    return {word for line in output.splitlines() if line[:1] in "┃│"
            for cell in re.split(r"[┃│]", line) for word in cell.split()}


@pytest.mark.parametrize("columns", ["60", "80"])
@pytest.mark.parametrize("args", [["report"], ["report", "clusters"], ["report", "org",
                                                                       "Lancashire County Council"]],
                         ids=" ".join)
def test_words_wrap_whole_in_narrow_tables(run, args, columns):
    """Every word in a cell of a narrow table is a word of the same table drawn wide (a cell
    wraps between words: "Transformatio" / "n Challenge" was drawn at 80 columns), except
    the pieces of a word longer than a column may be made (14 characters)."""
    wide = _cell_words(run(*args, env={"COLUMNS": "400"}).output)
    narrow = run(*args, env={"COLUMNS": columns})
    assert narrow.exit_code == 0, narrow.output
    broken = {w for w in _cell_words(narrow.output) - wide
              if not any(len(whole) > 14 and w in whole for whole in wide)}
    assert not broken, broken


def test_long_names_are_shortened_on_screen_and_whole_in_csv(run):
    # the first cluster of the bundled data lists 13 members; 'Lancashire Combined Fire
    # Authority' is among them (data/tca_bids.csv, the Lancashire bids)
    shown = run("report", "clusters", "--format", "table", env={"COLUMNS": "60"})
    assert max(len(line) for line in shown.output.splitlines()) <= 60
    whole = run("report", "clusters", "--format", "csv", "--top", "1", env={"COLUMNS": "60"})
    assert "Lancashire Combined Fire Authority" in whole.output
    assert "…" not in whole.output


@pytest.fixture
def tied(store_of):
    """Bid b1: Alpha (lead), Beta, Gamma: each has 2 partners. Bid b2: Delta (lead), Epsilon:
    each has 1. By degree: Alpha, Beta, Gamma share rank 1; Delta and Epsilon share rank 4."""
    return store_of("bid,programme,round,organisation,role,sector,amount", [
        ("b1", "Test Fund", "2020-21", "Alpha Council", "lead", "council", "1234567"),
        ("b1", "Test Fund", "2020-21", "Beta Police", "partner", "police", ""),
        ("b1", "Test Fund", "2020-21", "Gamma Council", "partner", "council", ""),
        ("b2", "Test Fund", "2021-22", "Delta Council", "lead", "council", "2500"),
        ("b2", "Test Fund", "2021-22", "Epsilon Trust", "partner", "health", ""),
    ])


def test_tied_organisations_share_a_rank(run, tied):
    partners = json.loads(run("report", "partners", "--store", tied, "--format", "json").output)
    assert [(r["organisation"], r["rank"]) for r in partners["rows"]] == [
        ("Alpha Council", 1), ("Beta Police", 1), ("Gamma Council", 1),
        ("Delta Council", 4), ("Epsilon Trust", 4)]
    summary = json.loads(run("report", "--store", tied, "--format", "json").output)
    assert [r["rank"] for r in summary["top_partners"]] == [1, 1, 1, 4, 4]


def test_amounts_have_thousands_separators_on_screen_and_plain_in_files(run, tied):
    shown = run("report", "partners", "--by", "funding", "--store", tied, env=NARROW).output
    assert "£1,234,567" in shown and "£2,500" in shown
    assert "1234567" not in shown
    org = run("report", "org", "Alpha Council", "--store", tied, "--format", "md").output
    assert "£1,234,567" in org
    summary = run("report", "--store", tied, env=NARROW).output
    assert "£1,234,567" in summary and "£2,500" in summary  # recorded per round (coverage)
    data = json.loads(run("report", "partners", "--by", "funding", "--store", tied,
                          "--format", "json").output)
    assert data["rows"][0]["funding"] == 1234567


def test_top_limits_the_summary_clusters(run):
    data = json.loads(run("report", "--top", "2", "--format", "json").output)
    assert len(data["top_partners"]) == 2 and len(data["clusters"]) == 2
    shown = run("report", "--top", "2", env={"COLUMNS": "200"}).output
    assert "24 smaller clusters" in shown  # 26 clusters in the bundled data (report clusters)


def _commands(group=cli, path=()):
    for name, command in sorted(group.commands.items()):
        yield path + (name,), command
        if isinstance(command, click.Group):
            yield from _commands(command, path + (name,))


def test_every_option_has_help():
    missing = [f"{' '.join(path)} {param.opts[0]}" for path, command in _commands()
               for param in command.params
               if isinstance(param, click.Option) and not param.hidden and not param.help]
    assert not missing, missing


def test_every_command_takes_quiet():
    without = [" ".join(path) for path, command in _commands()
               if "--quiet" not in {o for p in command.params for o in p.opts}]
    assert not without, without


@pytest.mark.parametrize("args", [["--quiet", "report"], ["report", "--quiet"],
                                  ["report", "rounds", "-q"], ["-q", "report", "rounds"],
                                  ["register", "list", "--quiet"]])
def test_quiet_before_or_after_the_command(run, args):
    result = run(*args)
    assert result.exit_code == 0, result.output


def test_summary_takes_round_and_sector(run):
    # 2014-15: 6 bids, 15 bodies (see test_cli_reports.test_filters)
    data = json.loads(run("report", "--round", "2014-15", "--format", "json").output)
    assert data["bids"] == 6 and data["organisations"] == 15
    assert [c["round"] for c in data["coverage"]] == ["2014-15"]
    police = json.loads(run("report", "--sector", "police", "--format", "json").output)
    assert police["top_partners"] and {r["sector"] for r in police["top_partners"]} == {"police"}


def test_detailed_reports_take_as_of_and_min_confidence(run, tied):
    for args in (["partners"], ["clusters"], ["org", "Alpha Council"], ["sectors"], ["rounds"],
                 ["path", "Alpha Council", "Gamma Council"]):
        for option in (["--as-of", "today"], ["--min-confidence", "0.5"]):
            result = run("report", *args, *option, "--store", tied)
            assert result.exit_code == 0, (args, option, result.output)
    before = run("report", "--as-of", "today", "partners", "--store", tied)
    assert before.exit_code == 0, before.output


@pytest.mark.parametrize("args", [["report", "org", "Alpha Council", "--sector", "police"],
                                  ["report", "path", "Alpha Council", "Beta Police", "--top", "3"],
                                  ["report", "rounds", "--round", "2020-21"],
                                  ["report", "--top", "3", "sectors"]])
def test_an_option_a_command_cannot_honour_is_a_usage_error(run, tied, args):
    result = run(*args, "--store", tied)
    assert result.exit_code == 2 and "does not take" in result.output, result.output


def test_register_list_is_a_table_by_default(run):
    result = run("register", "list", env=NARROW)
    assert result.exit_code == 0
    assert result.output.lstrip().startswith(("┏", "┌")) or "│" in result.output.splitlines()[1]


def test_serve_writable_needs_a_store(run):
    result = run("serve", "--writable")
    assert result.exit_code == 2 and "--store" in result.output


def test_the_bundled_data_as_a_temporary_store():
    from partnerkg.graph.store import require_store
    from partnerkg.pipeline import KnowledgeGraph, bundled_store

    with bundled_store() as path:
        require_store(path)
        with KnowledgeGraph.open(path) as kg:
            bids = kg.query("SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE "
                            "{ ?b a <https://w3id.org/partnerkg/Bid> }")
            assert int(next(iter(bids))[0]) == 55  # the summary's '55 bids'
    assert not path.exists()


pd = pytest.importorskip("pandas")


@pytest.mark.parametrize("args", REPORTS, ids=" ".join)
@pytest.mark.parametrize("format", ["csv", "tsv"])
def test_every_report_is_one_table_pandas_reads(run, args, format):
    result = run(*args, "--format", format)
    frame = pd.read_csv(io.StringIO(result.stdout), sep="," if format == "csv" else "\t")
    assert len(frame.columns) >= 1 and not any(str(c).startswith("#") for c in frame.columns)


@pytest.mark.parametrize("args", REPORTS, ids=" ".join)
def test_every_report_is_one_json_object(run, args):
    data = json.loads(run(*args, "--format", "json").output)
    assert isinstance(data, dict)


def test_a_report_of_several_tables_names_the_others(run):
    result = run("report", "org", "CWAC", "--format", "csv")
    frame = pd.read_csv(io.StringIO(result.stdout))
    assert list(frame.columns) == ["measure", "value", "rank", "meaning"]
    assert "bids" in result.stderr and "partners" in result.stderr
    assert "--output-dir" in result.stderr
    data = json.loads(run("report", "org", "CWAC", "--format", "json").output)
    assert set(data) == {"measures", "bids", "partners"}


def test_output_dir_writes_one_csv_per_table(run, tmp_path):
    result = run("report", "--output-dir", tmp_path / "out")
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["clusters.csv", "coverage.csv", "partners.csv"]
    for name in written:
        assert name in result.output
    coverage = pd.read_csv(tmp_path / "out" / "coverage.csv")
    assert list(coverage["bids"]) == [15, 6, 6, 28]  # counted in data/tca_bids.csv


def test_one_label_per_sector(run):
    resolved = run("resolve", "Cheshire Fire Authority", env={"COLUMNS": "200"}).output
    assert "fire and rescue" in resolved and "fire-and-rescue" not in resolved
    summary = run("report", env={"COLUMNS": "200"}).output
    assert "fire and rescue" in summary and "fire-and-rescue" not in summary


def test_extract_table_cuts_sentences_at_a_word(run, tmp_path):
    sentence = ("Essex County Council will lead a bid with Colchester Borough Council and "
                "Tendring District Council, awarded £3.3m to share one team across the county "
                "for the care of older people in their own homes.")
    assert len(sentence) > 120
    text = tmp_path / "news.txt"
    text.write_text(sentence + "\n", encoding="utf-8")
    result = run("extract", text, "--format", "table", env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if "Essex County" in line)
    cell = line.split("│")[-2].strip()
    assert cell.endswith("…"), cell
    kept = cell[:-1].rstrip()
    assert sentence.startswith(kept) and sentence[len(kept)] == " ", cell

"""The public Python API: the README's example runs as written, and the names it shows exist."""

import csv
import re
from pathlib import Path

import partnerkg

README = Path(__file__).resolve().parents[1] / "README.md"
BUNDLED = Path(partnerkg.__file__).resolve().parent / "data" / "tca_bids.csv"


def readme_python() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("## From Python", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_readme_example_runs_and_answers_from_the_bundled_data(capsys):
    scope: dict = {}
    exec(readme_python(), scope)
    assert "Essex County Council" in capsys.readouterr().out  # the summary's top partners
    header, rows = scope["header"], scope["rows"]
    # expected: every other body named in a bid that Essex County Council is in, from the CSV
    with open(BUNDLED, encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    bids = {r["bid"] for r in table if r["organisation"] == "Essex County Council"}
    want = {r["organisation"] for r in table if r["bid"] in bids} - {"Essex County Council"}
    got = {str(row[header.index("name")]) for row in rows}
    assert got == want and len(want) >= 3


def test_the_public_names_are_importable_from_the_package():
    for name in ("KnowledgeGraph", "load", "load_into_store", "query_rows", "run_query",
                 "summary_report", "PartnerKGError", "LoaderError"):
        assert hasattr(partnerkg, name), name
    from partnerkg.reports import summary_report

    assert summary_report is partnerkg.summary_report


def test_load_into_store_and_knowledge_graph_load_give_the_same_graph(tmp_path):
    from partnerkg.exports import serialise

    partnerkg.load_into_store([BUNDLED], tmp_path / "store")
    with partnerkg.KnowledgeGraph(tmp_path / "store") as on_disk:
        disk = serialise(on_disk.to_memory(), "nt")
    in_memory = partnerkg.KnowledgeGraph()
    summary = in_memory.load([BUNDLED])
    assert serialise(in_memory.to_memory(), "nt") == disk
    with open(BUNDLED, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert summary.bids == len({r["bid"] for r in rows})
    assert summary.memberships == len(rows)

"""Every ``partnerkg`` command in README.md's shell blocks runs and exits 0.

The commands run in order, as a reader would type them, in one temporary folder holding the files
the README names (``bids.csv`` and the rest, copied from ``tests/data``). A few cannot run here;
they are listed in ``NOT_RUN`` with the reason. Takes about a minute (it loads several stores).
"""

from __future__ import annotations

import glob
import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from partnerkg.cli import cli

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"

#: README commands not run, each with its reason (matched on the command's start).
NOT_RUN = {
    "partnerkg serve": "serves until Ctrl-C",
    "partnerkg query top-partners --endpoint": "needs the server of the line before it running",
    "partnerkg push": "needs a remote SPARQL store to write to",
    "partnerkg query --sparql 'SELECT ...'": "'SELECT ...' stands for a query of your own",
}


def readme_commands() -> list[tuple[int, str]]:
    """(line number, command) of each ``partnerkg`` command in the README's bash blocks."""
    found, inside = [], False
    for number, line in enumerate((ROOT / "README.md").read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("```"):
            inside = line.strip() in ("```bash", "```sh", "```console") and not inside
            continue
        if not inside:
            continue
        line = re.sub(r"\s+#\s.*$", "", line.removeprefix("$ ")).strip()
        for part in line.split(" && "):
            if part.startswith("partnerkg "):
                found.append((number, part.strip()))
    return found


COMMANDS = readme_commands()
#: The commands run: every one but those of NOT_RUN (left out, not skipped: nothing is missing)
RUN = [(line, command) for line, command in COMMANDS
       if not any(command.startswith(start) for start in NOT_RUN)]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A folder holding the files the README's commands name."""
    work = tmp_path_factory.mktemp("readme")
    shutil.copy(DATA / "long.csv", work / "bids.csv")
    shutil.copy(DATA / "wide.csv", work / "more.csv")
    seeds = sorted((DATA / "copies" / "seeds").glob("*.txt"))
    shutil.copy(seeds[0], work / "release.txt")
    shutil.copy(DATA / "documents" / "announcement.html", work / "page.html")
    shutil.copy(DATA / "funding" / "grants.json", work / "grants.json")
    shutil.copy(DATA / "documents" / "tca_table.pdf", work / "table.pdf")
    (work / "releases").mkdir()
    for seed in seeds[:2]:
        shutil.copy(seed, work / "releases" / seed.name)
    shutil.copy(DATA / "copies" / "reference" / "uk_local_authorities.csv", work)
    (work / "fixes.csv").write_text("name,id\nAlpha Council,GB-LAE-ESS\n", encoding="utf-8")
    (work / "our_bodies.csv").write_text(
        "name,identifier,sector\nRiverside Youth Trust,GB-CHC-1000001,voluntary\n",
        encoding="utf-8")
    (work / "my-query.rq").write_text(
        "SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }\n", encoding="utf-8")
    return work


def test_the_readme_has_the_commands_this_test_expects():
    commands = [command for _, command in COMMANDS]
    assert "partnerkg report --store mystore" in commands
    assert any(c.startswith("partnerkg synth ") for c in commands)
    for start in NOT_RUN:  # the list names only commands the README has
        assert any(c.startswith(start) for c in commands), start


@pytest.mark.parametrize("line, command", RUN, ids=[f"line{n}" for n, _ in RUN])
def test_readme_command(line, command, workdir, monkeypatch):
    monkeypatch.chdir(workdir)
    args = []
    for word in shlex.split(command)[1:]:
        args.extend(sorted(glob.glob(word)) if "*" in word else [word])
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, f"README line {line}: {command}\n{result.output}"
    written = [args[i + 1] for i, arg in enumerate(args[:-1]) if arg in ("-o", "--output")]
    for name in written:  # what a command says it writes is there, and not empty
        path = workdir / name
        assert path.is_file() and path.stat().st_size or path.is_dir() and any(path.iterdir()), name
    if not written:
        assert result.output.strip(), f"README line {line}: {command} printed nothing"

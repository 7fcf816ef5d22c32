"""Every `partnerkg` command of the README's bash blocks runs, in README order, in a temporary
folder that holds the files the README names (bids.csv, release.txt, fixes.csv ...).

Lines that are not partnerkg commands (pip, pytest, curl, python benchmarks/...) are left to
CI and the benchmark. The few partnerkg commands that cannot run here are listed in ``NOT_RUN``
with the reason, and the test fails if one of them leaves the README without leaving that list.
"""

from __future__ import annotations

import glob
import re
import shlex
import shutil
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"

#: Commands that need what a test cannot give them, each with why (the start of the command).
NOT_RUN = {
    "partnerkg serve": "runs until Ctrl-C (tests/endpoint starts and stops the server)",
    "partnerkg push": "needs a remote triple store (tests/endpoint pushes to a real one)",
    "partnerkg query top-partners --endpoint": "needs a running endpoint (tests/endpoint)",
    "partnerkg query --sparql 'SELECT ...'": "'SELECT ...' stands for a query of the user's",
}


def readme_commands() -> list[str]:
    """The partnerkg commands of the README's bash blocks, in order, comments and the shell's
    line continuations removed, one per `&&` part."""
    found = []
    for block in re.findall(r"```bash\n(.*?)```", README.read_text(encoding="utf-8"), re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            for part in line.split("&&"):
                part = part.strip()
                if part.startswith("partnerkg "):
                    found.append(part)
    return found


def not_run(command: str) -> str | None:
    return next((why for start, why in NOT_RUN.items() if command.startswith(start)), None)


@pytest.fixture
def readme_folder(tmp_path, data_dir, monkeypatch):
    """A folder with the files the README's examples name."""
    shutil.copy(data_dir / "long.csv", tmp_path / "bids.csv")
    shutil.copy(data_dir / "wide.csv", tmp_path / "more.csv")
    seeds = sorted((data_dir / "copies" / "seeds").glob("*.txt"))
    shutil.copy(seeds[0], tmp_path / "release.txt")
    (tmp_path / "releases").mkdir()
    for seed in seeds[:2]:
        shutil.copy(seed, tmp_path / "releases" / seed.name)
    shutil.copy(data_dir / "copies" / "reference" / "uk_local_authorities.csv", tmp_path)
    (tmp_path / "fixes.csv").write_text("name,id\nAlpha Council,GB-LAE-ESS\n", encoding="utf-8")
    (tmp_path / "my-query.rq").write_text(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "SELECT ?name WHERE { ?org a <http://www.w3.org/ns/org#Organization> ; "
        "skos:prefLabel ?name } ORDER BY ?name LIMIT 3\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_readme_has_the_commands_this_test_expects():
    commands = readme_commands()
    assert len(commands) > 40
    for start in NOT_RUN:  # an entry whose command left the README is dropped from the list
        assert any(c.startswith(start) for c in commands), start


def test_every_readme_command_runs(run, readme_folder):
    ran = 0
    for command in readme_commands():
        if not_run(command):
            continue
        args = []
        for word in shlex.split(command)[1:]:
            args += sorted(glob.glob(word)) if "*" in word else [word]
        result = run(*args)
        assert result.exit_code == 0, (command, result.output)
        ran += 1
    # what the README says the commands make
    assert (readme_folder / "mystore").is_dir() and (readme_folder / "M").is_dir()
    for made in ("tca.html", "bids.html", "clusters.html", "essex.html", "map.html", "tca.nt",
                 "tca.gexf", "tca-network/nodes.csv", "tca-network/edges.csv", "M.csv"):
        assert (readme_folder / made).is_file(), made
    assert ran > 35

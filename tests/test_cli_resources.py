"""Heavy commands refuse, before they start, when the machine has less free memory or disk
than they will need (here the need is made larger than any machine's; free memory and disk are
read from the machine itself)."""

import pytest

from partnerkg.core import resources
from partnerkg.core.resources import SKIP_ENV

HEAVY = [
    ("report", ("report",), "'partnerkg report' on"),
    ("report", ("report", "partners", "--by", "betweenness"), "'partnerkg report' on"),
    ("report", ("report", "path", "Warrington Borough Council", "Cheshire Constabulary"),
     "'partnerkg report' on"),
    ("viz", ("viz", "-o", "{out}/v.html"), "'partnerkg viz' on"),
    ("validate", ("validate",), "'partnerkg validate' on"),
    ("export-network", ("export", "-o", "{out}/n.gexf"), "'partnerkg export --format gexf' on"),
    ("export-rdf", ("export", "-o", "{out}/g.nt"), "'partnerkg export --format nt' on"),
]


@pytest.mark.parametrize("command, args, named", HEAVY, ids=lambda v: " ".join(v)
                         if isinstance(v, tuple) else v)
def test_too_little_memory_is_refused_before_anything_starts(run, tca_store, tmp_path,
                                                             monkeypatch, command, args, named):
    monkeypatch.delenv(SKIP_ENV, raising=False)
    if resources.available_memory() is None:
        pytest.skip("this machine does not say how much memory is free")
    # a need no machine meets: a petabyte, whatever the store
    monkeypatch.setitem(resources.COMMANDS, command, (1 << 30, 0))
    args = [a.format(out=tmp_path) for a in args]
    refused = run(*args, "--store", tca_store)
    assert refused.exit_code == 1, refused.output
    assert f"Error: not enough memory for {named} {tca_store}: it needs about " \
           f"{(1 << 50) / (1 << 30):.1f} GB and " in refused.output
    assert "GB is available. Close other programs" in refused.output
    assert "Traceback" not in refused.output
    assert list(tmp_path.iterdir()) == []  # nothing written
    # the variable lets it run
    monkeypatch.setenv(SKIP_ENV, "1")
    done = run(*args, "--store", tca_store)
    assert done.exit_code == 0, done.output


def test_commands_run_when_the_machine_has_room(run, tca_store, tmp_path, monkeypatch):
    monkeypatch.delenv(SKIP_ENV, raising=False)
    for args in (("validate",), ("report", "sectors"), ("export", "-o", tmp_path / "g.nt")):
        done = run(*args, "--store", tca_store)
        assert done.exit_code == 0, done.output
        assert "not enough" not in done.output


def test_an_rdf_export_without_the_disk_for_its_sort_says_set_tmpdir(run, tca_store, tmp_path,
                                                                    monkeypatch):
    monkeypatch.delenv(SKIP_ENV, raising=False)
    # every triple as big as a gigabyte: more than any disk holds
    monkeypatch.setattr(resources, "NT_BYTES_PER_TRIPLE", 1 << 30)
    refused = run("export", "-o", tmp_path / "g.nt", "--store", tca_store)
    assert refused.exit_code == 1, refused.output
    assert "Error: not enough disk for exporting " in refused.output
    assert "temporary files" in refused.output and "Set TMPDIR to a folder" in refused.output
    assert "Traceback" not in refused.output
    assert not (tmp_path / "g.nt").exists()
    # the file written counts too: on standard output, only the temporary files do
    monkeypatch.setattr(resources, "NT_BYTES_PER_TRIPLE", 1)
    done = run("export", "-o", tmp_path / "g.nt", "--store", tca_store)
    assert done.exit_code == 0, done.output

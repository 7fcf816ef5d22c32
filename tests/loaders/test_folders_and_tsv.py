"""A folder loads the files in it; a .tsv file is read as tab-separated."""

import shutil

import pytest

from partnerkg import KnowledgeGraph
from partnerkg.core.errors import LoaderError
from partnerkg.loaders import files_in
from partnerkg.network.projection import memberships


def test_a_tsv_file_is_read_as_tab_separated(tmp_path):
    path = tmp_path / "bids.tsv"
    # a comma inside a cell is part of the name, not a separator
    path.write_text("bid\tprogramme\torganisation\trole\n"
                    "t1\tFund\tBournemouth, Christchurch and Poole Council\tlead\n"
                    "t1\tFund\tDorset Police\tpartner\n", encoding="utf-8")
    kg = KnowledgeGraph()
    summary = kg.load([path])
    assert (summary.bids, summary.memberships) == (1, 2)
    names = sorted(r["name"] for r in memberships(kg))
    assert names == ["Bournemouth, Christchurch and Poole Council", "Dorset Police"]


def test_a_folder_loads_its_data_files_in_order_and_names_the_ones_left_out(tmp_path, data_dir):
    folder = tmp_path / "in"
    (folder / "more").mkdir(parents=True)
    shutil.copy(data_dir / "long.csv", folder / "b.csv")
    shutil.copy(data_dir / "wide.csv", folder / "more" / "a.csv")
    (folder / "README.md").write_text("Essex County Council led a bid.\n", encoding="utf-8")
    (folder / ".hidden.csv").write_text("not,data\n", encoding="utf-8")
    (folder / "notes.docx").write_bytes(b"PK")
    files, notes = files_in([folder])
    assert files == [folder / "b.csv", folder / "more" / "a.csv"]
    assert len(notes) == 2
    assert "README.md" in notes[0] and "--text" in notes[0]
    assert "notes.docx" in notes[1]

    kg = KnowledgeGraph()
    summary = kg.load([folder])
    apart = KnowledgeGraph()
    apart.load([folder / "b.csv", folder / "more" / "a.csv"])
    # the same memberships as naming the two files (the README's prose is not read)
    assert summary.files == 2
    assert sorted((r["name"], r["role"]) for r in memberships(kg)) == \
        sorted((r["name"], r["role"]) for r in memberships(apart))
    assert summary.notes[:2] == tuple(notes)


def test_a_format_chooses_the_files_of_a_folder(tmp_path, data_dir):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(data_dir / "long.csv", folder / "b.csv")
    (folder / "story.txt").write_text("text\n", encoding="utf-8")
    files, notes = files_in([folder], "text")
    assert files == [folder / "story.txt"] and "b.csv" in notes[0]


def test_a_folder_with_nothing_to_read_is_refused(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(LoaderError, match="no file partnerkg reads"):
        files_in([tmp_path / "empty"])


def test_load_of_a_folder_from_the_command_line(run, tmp_path, data_dir):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(data_dir / "long.csv", folder / "long.csv")
    (folder / "README.md").write_text("x\n", encoding="utf-8")
    result = run("load", folder, "--store", tmp_path / "store")
    assert result.exit_code == 0, result.output
    assert "Loaded 1 file: 3 bids, 8 memberships" in result.output
    assert "README.md: left out of folder" in result.output

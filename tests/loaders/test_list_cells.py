"""A cell meant for one body that holds a list is split with a note, or refused; never one
body called "A, B, C"."""

import pytest
from partnerkg.core.errors import LoaderError
from partnerkg.loaders import load_file

WIDE = "bid,programme,lead,partners\n"


def load(tmp_path, text):
    path = tmp_path / "bids.csv"
    path.write_text(text, encoding="utf-8")
    return load_file(path)


def test_a_comma_list_of_whole_names_is_split_with_a_note(tmp_path):
    records = load(tmp_path, WIDE + 'b1,P,Essex County Council,"Essex Police, Kent County '
                   'Council, Southend-on-Sea Borough Council"\n')
    assert sorted(p.organisation for p in records.participations) == [
        "Essex County Council", "Essex Police", "Kent County Council",
        "Southend-on-Sea Borough Council"]
    assert any("line 2" in note and "3 bodies" in note for note in records.notes)


def test_a_name_with_commas_stays_one_body(tmp_path):
    records = load(tmp_path, WIDE + 'b1,P,Dorset Council,"Bournemouth, Christchurch and Poole '
                   'Council"\n')
    assert sorted(p.organisation for p in records.participations) == [
        "Bournemouth, Christchurch and Poole Council", "Dorset Council"]
    assert records.notes == []


def test_a_list_that_cannot_be_told_apart_is_refused(tmp_path):
    with pytest.raises(LoaderError) as caught:
        load(tmp_path, WIDE + 'b1,P,Essex County Council,"A, B, C"\n')
    assert "line 2" in str(caught.value) and "partners" in str(caught.value)
    assert "';'" in str(caught.value)


def test_several_bodies_in_a_long_row_are_refused(tmp_path):
    with pytest.raises(LoaderError, match="several bodies"):
        load(tmp_path, 'bid,programme,organisation,role\nb1,P,"Essex Police, Kent Police",lead\n')


def test_the_load_prints_the_note(run, tmp_path):
    path = tmp_path / "bids.csv"
    path.write_text(WIDE + 'b1,P,Essex County Council,"Essex Police, Kent Police"\n',
                    encoding="utf-8")
    result = run("load", path, "--store", tmp_path / "store")
    assert result.exit_code == 0 and "Note: bids.csv line 2" in result.output


def test_a_list_ending_in_and_is_split_on_it_as_on_commas(tmp_path):
    records = load(tmp_path, WIDE + 'b1,P,Kent County Council,"Kent Police, Surrey Police and '
                   'Sussex Police"\n')
    assert sorted(p.organisation for p in records.participations) == [
        "Kent County Council", "Kent Police", "Surrey Police", "Sussex Police"]
    # one body whose name holds "and" stays whole
    records = load(tmp_path, WIDE + 'b1,P,Dorset Council,"Dorset Police, Devon and Cornwall '
                   'Police"\n')
    assert sorted(p.organisation for p in records.participations) == [
        "Devon and Cornwall Police", "Dorset Council", "Dorset Police"]


def test_an_and_inside_one_name_of_a_list_does_not_split_it(tmp_path):
    """"Fire and Rescue" is one name's words: splitting there made two bodies, "Cheshire Fire"
    and "Rescue Service", neither of which exists."""
    records = load(tmp_path, WIDE + 'b1,P,Cheshire East Council,"Cheshire Police, Cheshire Fire '
                   'and Rescue Service and Cheshire East Health and Wellbeing Board"\n')
    assert sorted(p.organisation for p in records.participations) == [
        "Cheshire East Council", "Cheshire East Health and Wellbeing Board",
        "Cheshire Fire and Rescue Service", "Cheshire Police"]

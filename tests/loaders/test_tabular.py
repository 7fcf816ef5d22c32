from decimal import Decimal

import pytest
from partnerkg.core.errors import LoaderError
from partnerkg.core.records import LEAD, PARTNER
from partnerkg.loaders import load_file

# (bid, organisation, role) as written in tests/data/long.csv, read by eye
EXPECTED_MEMBERSHIPS = {
    ("b1", "Alpha Council", LEAD), ("b1", "Beta Police", PARTNER),
    ("b1", "Gamma Health Trust", PARTNER), ("b2", "Beta Police", LEAD),
    ("b2", "Delta Voluntary Services", PARTNER), ("b3", "Alpha Council", LEAD),
    ("b3", "Epsilon District Council", PARTNER), ("b3", "Beta Police", PARTNER),
}


def keyed(records) -> dict:
    """A file's bids by their keys as written (records name them within their programme)."""
    return {bid.key: bid for bid in records.bids.values()}


def memberships(records):
    return {(records.bids[p.bid_key].key, p.organisation, p.role)
            for p in records.participations}


def test_long_layout(data_dir):
    records = load_file(data_dir / "long.csv")
    assert memberships(records) == EXPECTED_MEMBERSHIPS
    assert keyed(records)["b1"].amount == Decimal("1200000")
    assert keyed(records)["b2"].amount == Decimal("400000")
    assert keyed(records)["b3"].round == "2021-22"
    assert keyed(records)["b1"].source.documents == ("https://example.org/b1",)
    assert keyed(records)["b1"].source.confidence == Decimal("0.9")
    assert keyed(records)["b2"].source.confidence == Decimal("0.5")
    lines = {(records.bids[p.bid_key].key, p.organisation): p.source.line
             for p in records.participations}
    assert lines[("b1", "Alpha Council")] == 2
    assert lines[("b3", "Beta Police")] == 9


def test_wide_layout_with_header_synonyms(data_dir):
    records = load_file(data_dir / "wide.csv")
    assert memberships(records) == EXPECTED_MEMBERSHIPS
    assert keyed(records)["b3"].amount == Decimal("1200000")
    assert keyed(records)["b1"].title == "Joint care"


def test_wide_layout_without_bid_column_derives_keys(tmp_path):
    path = tmp_path / "w.csv"
    path.write_text("lead,partners,round\nAlpha Council,Beta Police,2020-21\n"
                    "Alpha Council,Gamma Trust,2021-22\n", encoding="utf-8")
    records = load_file(path, programme="Test Fund")
    assert sorted(keyed(records)) == ["test-fund-2020-21-alpha-council",
                                    "test-fund-2021-22-alpha-council"]


@pytest.mark.parametrize("encoding, prefix", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"),
                                              ("cp1252", b"")])
def test_encodings(tmp_path, encoding, prefix):
    text = ("bid,programme,organisation,role,amount\n"
            "b1,Fund,Cyngor Sir Ynys Môn,lead,£1.5m\n"
            "b1,Fund,Café Society – Volunteers,partner,\n")
    path = tmp_path / "enc.csv"
    path.write_bytes(prefix + text.encode(encoding))
    records = load_file(path)
    assert [p.organisation for p in records.participations] == [
        "Cyngor Sir Ynys Môn", "Café Society – Volunteers"]
    assert keyed(records)["b1"].amount == Decimal("1500000")


@pytest.mark.parametrize("name, line, column, message", [
    ("no_name.csv", 3, "organisation", "no organisation name given"),
    ("bad_amount.csv", 2, "amount", "'£1.2bn?' is not an amount"),
    ("two_leads.csv", 4, "organisation", "has two leads"),
    ("unknown_layout.csv", 1, None, "unknown column layout"),
    ("not_csv.csv", None, None, "is not a CSV text file"),
])
def test_bad_input_names_file_line_and_column(data_dir, name, line, column, message):
    with pytest.raises(LoaderError) as caught:
        load_file(data_dir / "bad" / name)
    error = caught.value
    assert error.file.endswith(name)
    assert error.line == line
    assert error.column == column
    assert message in str(error)
    if line is not None:
        assert f"{name} line {line}" in str(error)


def test_missing_file():
    with pytest.raises(LoaderError, match="no such file"):
        load_file("does/not/exist.csv")


def test_unknown_extension(tmp_path):
    path = tmp_path / "bids.docx"
    path.write_text("x")
    with pytest.raises(LoaderError, match="no loader reads '.docx'"):
        load_file(path)


def test_conflicting_bid_amounts_are_refused(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("bid,programme,organisation,role,amount\nb1,F,A Council,lead,£1m\n"
                    "b1,F,B Council,partner,£2m\n", encoding="utf-8")
    with pytest.raises(LoaderError, match="line 3, column amount: bid 'b1' has amount 2000000 "
                                          "here but 1000000 on line 2"):
        load_file(path)


def test_bid_without_lead_is_loaded_with_a_note(tmp_path):
    path = tmp_path / "l.csv"
    path.write_text("bid,programme,organisation,role\nb1,F,A Council,partner\n"
                    "b1,F,B Council,partner\n", encoding="utf-8")
    records = load_file(path)
    assert [p.role for p in records.participations] == ["partner", "partner"]
    assert len(records.without_lead()) == 1
    assert records.notes == ["l.csv line 2: bid 'b1' has no row with the role 'lead', so it is "
                             "loaded with no lead (reports say 'lead not stated'); give one row "
                             "the role 'lead' if its source names who led"]


def test_programme_is_required_somewhere(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("lead,partners\nA Council,B Council\n", encoding="utf-8")
    with pytest.raises(LoaderError, match="no funding programme given"):
        load_file(path)
    assert load_file(path, programme="F").bids


def test_unknown_sector_lists_the_known_ones(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("bid,programme,organisation,role,sector\nb1,F,A,lead,aliens\n",
                    encoding="utf-8")
    with pytest.raises(LoaderError, match="column sector: unknown sector 'aliens'; known "
                                          "sectors: council, police"):
        load_file(path)


@pytest.mark.parametrize("count", ["7.5", "12,5", "3 to 5", "-2"])
def test_a_stated_count_that_is_not_whole_is_refused(tmp_path, count):
    path = tmp_path / "n.csv"
    path.write_text(f'bid,programme,organisation,role,partner_count_stated\nb1,F,A Council,lead,'
                    f'"{count}"\n', encoding="utf-8")
    with pytest.raises(LoaderError, match=f"line 2, column stated_members: '{count}' is not a "
                                          "whole number"):
        load_file(path)


def test_programmes_differing_in_case_are_one_programme_spelled_once(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("bid,programme,organisation,role,amount\nb1,Fund A,A Council,lead,100\n"
                    "b1,fund a,B Council,partner,\nb2,FUND A,C Council,lead,50\n",
                    encoding="utf-8")
    records = load_file(path)
    assert sorted(b.programme for b in records.bids.values()) == ["Fund A", "Fund A"]
    assert [p.role for p in records.participations] == ["lead", "partner", "lead"]
    assert records.notes == [
        "p.csv line 3: programme 'fund a' is taken as 'Fund A' (line 2): one programme, "
        "spelled as first written",
        "p.csv line 4: programme 'FUND A' is taken as 'Fund A' (line 2): one programme, "
        "spelled as first written"]


def test_a_file_mixing_utf8_and_windows_1252_is_refused_with_the_line(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes("bid,programme,organisation,role\nb1,F,Ynys Môn Council,lead\n".encode()
                     + "b1,F,Cyngor Môn,partner\n".encode("cp1252"))
    with pytest.raises(LoaderError, match="line 3: mixes UTF-8 and Windows-1252 text"):
        load_file(path)


def test_footnote_marks_come_off_csv_cells_as_off_workbook_cells(tmp_path):
    path = tmp_path / "marks.csv"
    path.write_text("bid,programme,organisation,role,amount\nb1,F,Kent County Council*,lead,"
                    "£1.2m [1]\nb1,F,Medway Council†,partner,\n", encoding="utf-8")
    records = load_file(path)
    assert [p.organisation for p in records.participations] == ["Kent County Council",
                                                                "Medway Council"]
    assert [b.amount for b in records.bids.values()] == [Decimal("1200000")]


def test_one_lead_row_written_twice_is_one_lead_and_two_bodies_are_refused(tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text("bid,programme,organisation,role\nb1,F,Kent County Council,lead\n"
                    "b1,F,Kent County Council,lead\nb1,F,Medway Council,partner\n",
                    encoding="utf-8")
    records = load_file(path)
    assert records.notes == ["twice.csv line 3: 'Kent County Council' is the lead of bid 'b1' "
                             "again (line 2): one membership"]
    path.write_text("bid,programme,organisation,role\nb1,F,Kent County Council,lead\n"
                    "b1,F,Medway Council,lead\n", encoding="utf-8")
    with pytest.raises(LoaderError, match="has two leads: 'Medway Council' here and 'Kent County "
                                          "Council' on line 2; a bid has one lead"):
        load_file(path)


def test_two_spellings_of_one_body_both_lead_say_to_write_it_once(tmp_path):
    path = tmp_path / "spellings.csv"
    path.write_text("bid,programme,organisation,role\nb1,F,Essex CC,lead\n"
                    "b1,F,Essex County Council,lead\nb1,F,Kent County Council,partner\n",
                    encoding="utf-8")
    with pytest.raises(LoaderError) as caught:
        load_file(path)
    assert caught.value.line == 3 and caught.value.column == "organisation"
    assert "if they are two spellings of one body, write it once as lead" in str(caught.value)


def test_footnote_marks_come_off_as_the_pattern_takes_them_off():
    """``without_mark`` tries its pattern only on cells whose last character may end a mark:
    on cells of marks, brackets, digits, spaces and newlines it gives what the pattern alone
    gives (a second way to the same answer)."""
    import random
    from partnerkg.loaders.tabular import _MARK, without_mark

    draw = random.Random(7)
    alphabet = "ab *†‡§¹²³⁴⁵⁶⁷⁸⁹⁰[]()12\n"
    cells = ["".join(draw.choice(alphabet) for _ in range(draw.randrange(8)))
             for _ in range(50_000)]
    assert [without_mark(c) for c in cells] == [_MARK.sub("", c) for c in cells]
    assert sum(without_mark(c) != c for c in cells) > 1_000  # marks were taken off

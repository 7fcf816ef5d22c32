"""The flattened 360Giving reader checks each row for control characters as it reads it (a row
without any is not walked again field by field) and reads grants one at a time: what it refuses
and what it keeps are worked out by hand from the rows below."""

from __future__ import annotations

import pytest
from partnerkg.core.errors import LoaderError
from partnerkg.loaders.giving360 import load_360giving

HEADER = ("Identifier,Title,Recipient Org:Identifier,Recipient Org:Name,Funding Org:Identifier,"
          "Funding Org:Name,Amount Awarded\n")


def _write(tmp_path, rows: list[str]):
    path = tmp_path / "grants.csv"
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def test_a_control_character_in_any_field_is_named_by_line_and_column(tmp_path):
    path = _write(tmp_path, [
        "g1,Good,GB-CHC-1,Alpha Trust,GB-CHC-9,Fund,100",
        "g2,Bad\x07title,GB-CHC-2,Beta Trust,GB-CHC-9,Fund,200",      # line 3: BEL (C0)
        "g3,Fine,GB-CHC-3,Gamma\x9fTrust,GB-CHC-9,Fund,300",          # line 4: U+009F (C1)
        "g4,Tabbed\tand fine,GB-CHC-4,Delta Trust,GB-CHC-9,Fund,400",  # a tab is allowed
    ])
    records = load_360giving(path)
    assert sorted(records.bids) == ["g1", "g4"]
    assert records.bids["g4"].title == "Tabbed and fine"  # white space collapsed
    assert [s.split(":")[0] for s in records.skipped] == ["grants.csv line 3",
                                                         "grants.csv line 4"]
    assert "U+0007" in records.skipped[0] and "U+009F" in records.skipped[1]
    with pytest.raises(LoaderError) as refused:
        load_360giving(path, strict=True)
    assert "line 3" in str(refused.value) and "column title" in str(refused.value)
    assert "U+0007" in str(refused.value)


def test_the_column_named_is_the_one_holding_the_character(tmp_path):
    path = _write(tmp_path, ["g1,Good,GB-CHC-1,Alpha\x01Trust,GB-CHC-9,Fund,100"])
    with pytest.raises(LoaderError) as refused:
        load_360giving(path, strict=True)
    assert "recipientOrganization/0/name" in str(refused.value)
    assert "U+0001" in str(refused.value)


def test_a_file_of_grants_none_of_which_can_be_read_is_refused(tmp_path):
    path = _write(tmp_path, ["g1,Bad\x02,GB-CHC-1,Alpha Trust,GB-CHC-9,Fund,100",
                             ",No id,GB-CHC-2,Beta Trust,GB-CHC-9,Fund,200"])
    with pytest.raises(LoaderError, match="no grant could be read"):
        load_360giving(path)


def test_grants_keep_their_order_and_lines(tmp_path):
    rows = [f"g{i},Grant {i},GB-CHC-{i},Trust {i},GB-CHC-9,Fund,{i}00" for i in range(1, 6)]
    records = load_360giving(_write(tmp_path, rows))
    assert list(records.bids) == ["g1", "g2", "g3", "g4", "g5"]
    assert [p.source.line for p in records.participations] == [2, 3, 4, 5, 6]
    assert [p.organisation for p in records.participations] == [f"Trust {i}"
                                                                for i in range(1, 6)]

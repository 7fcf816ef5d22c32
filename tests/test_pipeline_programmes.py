"""A programme is one programme with one name, whatever case each file writes it in."""

from partnerkg import KnowledgeGraph

LABELS = ("SELECT ?label WHERE { ?p a <https://w3id.org/partnerkg/FundingProgramme> ; "
          "<http://www.w3.org/2004/02/skos/core#prefLabel> ?label }")


def write(path, programme):
    path.write_text(f"bid,programme,organisation,role\nb1,{programme},Qzxv Group,lead\n",
                    encoding="utf-8")
    return path


def test_two_files_two_cases_one_programme_and_a_note(tmp_path):
    kg = KnowledgeGraph()
    first, second = write(tmp_path / "a.csv", "Fund A"), write(tmp_path / "b.csv", "FUND A")
    summary = kg.load([first, second])
    assert [str(row[0]) for row in kg.select(LABELS)[1]] == ["Fund A"]
    assert any("programme 'FUND A' is written 'Fund A'" in note for note in summary.notes)


def test_a_later_load_keeps_the_stores_spelling(tmp_path):
    kg = KnowledgeGraph()
    kg.load([write(tmp_path / "a.csv", "Fund A")])
    kg.load([write(tmp_path / "b.csv", "fund a")])
    assert [str(row[0]) for row in kg.select(LABELS)[1]] == ["Fund A"]
    header, rows = kg.select("SELECT (COUNT(?b) AS ?n) WHERE { ?b a "
                             "<https://w3id.org/partnerkg/Bid> }")
    assert int(rows[0][0]) == 2  # b1 of each file: two bids of one programme

"""Each kind of prose users point the extractor at: the bid, its lead where the text makes one
clear, its named partners and its amount. Texts and answers written by hand for these tests."""

import json

import pytest
from partnerkg.loaders.text import extract_text
from partnerkg.resolution import default_resolver

CASES = {
    "will receive": (
        "Cheshire West and Chester Council will receive £310,000 to extend its early help "
        "teams.", [("Cheshire West and Chester Council", [], 310000)]),
    "goes to": (
        "Elsewhere, £1.8 million goes to Essex County Council for a programme with Essex Police "
        "and Essex County Fire and Rescue Service.",
        [("Essex County Council", ["Essex Police", "Essex County Fire and Rescue Service"],
          1800000)]),
    "has been handed": (
        "Blackburn with Darwen Borough Council has been handed £250,000 to join up its "
        "front-line services.", [("Blackburn with Darwen Borough Council", [], 250000)]),
    "receives": (
        "Durham County Council receives £475,000 to merge back-office functions with County "
        "Durham and Darlington Fire and Rescue Authority.",
        [("Durham County Council", ["County Durham and Darlington Fire and Rescue Authority"],
          475000)]),
    "allocated to its plan": (
        "Shropshire Council has worked on the idea for two years. Ministers have allocated "
        "£600,000 to its plan.", [("Shropshire Council", [], 600000)]),
    "landed": (
        "King's Lynn and West Norfolk Borough Council has landed £900k from a national fund.",
        [("King's Lynn and West Norfolk Borough Council", [], 900000)]),
    "pronoun in the next sentence": (
        "Wigan Council has won funding for its plan to join up care. The council will receive "
        "£1.1m over two years.", [("Wigan Council", [], 1100000)]),
    "lead only in the headline": (
        "Cheshire Police and Crime Commissioner wins £1.1m for custody scheme\n\n"
        "The PCC has been given £1.1 million. The bid was made jointly with Cheshire "
        "Constabulary and Warrington Borough Council.",
        [("Cheshire Police and Crime Commissioner",
          ["Cheshire Constabulary", "Warrington Borough Council"], 1100000)]),
    "amount-first bullets": (
        "Awards in the region:\n\n"
        "• £240,000 – Mid Devon District Council, with Torridge District Council, for shared "
        "revenues\n"
        "• £85,000 – Bath and North East Somerset Council, to train volunteers\n",
        [("Mid Devon District Council", ["Torridge District Council"], 240000),
         ("Bath and North East Somerset Council", [], 85000)]),
    "committee report": (
        "Report to Cabinet\n\n"
        "3.1 Members are asked to note that Tameside Metropolitan Borough Council has been "
        "granted £600,000. The application was submitted jointly by Tameside Metropolitan "
        "Borough Council and Tameside Hospital NHS Foundation Trust, with the Council acting as "
        "accountable body.\n\n"
        "3.2 Pennine Care NHS Foundation Trust was consulted but is not a signatory.",
        [("Tameside Metropolitan Borough Council", ["Tameside Hospital NHS Foundation Trust"],
          600000)]),
    "questions and answers": (
        "Q. What has been announced?\nA. The programme has been granted £1,240,000.\n\n"
        "Q. Who is leading the programme?\nA. Northumberland County Council leads it.\n\n"
        "Q. Who are the other partners?\nA. Northumbria Police; and Coquet Vale Homes.\n",
        [("Northumberland County Council", ["Northumbria Police", "Coquet Vale Homes"],
          1240000)]),
    "table pasted as text": (
        "Lead bidder | Other partners | Award (£)\n"
        "--- | --- | ---\n"
        "Luton Borough Council | Bedfordshire Police; NHS Luton Clinical Commissioning Group | "
        "715,400\n"
        "Total | | 715,400\n",
        [("Luton Borough Council",
          ["Bedfordshire Police", "NHS Luton Clinical Commissioning Group"], 715400)]),
    "partners named later, on behalf of": (
        "Voluntary Action Leeds will use £1.1 million from the Transformation Challenge Award. "
        "We are leading the programme on behalf of a partnership that includes Leeds City "
        "Council, Leeds and York Partnership NHS Foundation Trust and Citizens Advice Leeds.",
        [("Voluntary Action Leeds", ["Leeds City Council",
                                     "Leeds and York Partnership NHS Foundation Trust",
                                     "Citizens Advice Leeds"], 1100000)]),
    "also part of the scheme": (
        "Cambridgeshire Fire and Rescue Service has secured £2.4 million. Cambridgeshire "
        "Constabulary and the East of England Ambulance Service NHS Trust are also part of the "
        "scheme.",
        [("Cambridgeshire Fire and Rescue Service",
          ["Cambridgeshire Constabulary", "East of England Ambulance Service NHS Trust"],
          2400000)]),
    "joint award, no lead": (
        "Gateshead Council, Newcastle City Council and Northumbria Police have been awarded "
        "£1,050,000, to build a shared response to domestic abuse.",
        [(None, ["Gateshead Council", "Newcastle City Council", "Northumbria Police"],
          1050000)]),
    "working with, in the subject": (
        "Brighton and Hove City Council, working with Sussex Police and Sussex Partnership NHS "
        "Foundation Trust, has been given £640,000.",
        [("Brighton and Hove City Council",
          ["Sussex Police", "Sussex Partnership NHS Foundation Trust"], 640000)]),
    "possessive and half a million": (
        "Hammersmith and Fulham CCG's plan receives half a million pounds from the Better Care "
        "Fund.", [("Hammersmith and Fulham CCG", [], 500000)]),
    "in-kind contribution and savings are not the award": (
        "Worthing Borough Council will receive £510,000. Partners are putting in £120,000 of "
        "staff time, and the scheme is expected to save £2.5 million a year.",
        [("Worthing Borough Council", [], 510000)]),
    "bodies that are not partners": (
        "Rochdale Borough Council has bagged £460,000. The council will run the programme with "
        "Greater Manchester Police. Oldham Council pulled out of the bid in January.",
        [("Rochdale Borough Council", ["Greater Manchester Police"], 460000)]),
    "name before a semicolon": (
        "£300,000 goes to Swindon Borough Council; the scheme starts in May.",
        [("Swindon Borough Council", [], 300000)]),
    "names without a usual organisation word": (
        "Hammersmith and Fulham Volunteer Centre has been awarded £40,000, working with "
        "Meanwood Valley Partnerships.",
        [("Hammersmith and Fulham Volunteer Centre", ["Meanwood Valley Partnerships"], 40000)]),
    "name runs into a verb": (
        "Citizens Advice Sheffield picks up £285,000 to give debt advice.",
        [("Citizens Advice Sheffield", [], 285000)]),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_kind_of_prose_through_partnerkg_extract(kind, run, tmp_path):
    text, want = CASES[kind]
    path = tmp_path / "release.txt"
    path.write_text(text, encoding="utf-8")
    result = run("extract", path, "--format", "json")
    assert result.exit_code == 0, result.output
    got = [(b["lead"], b["partners"], b["amount_gbp"]) for b in json.loads(result.output)]
    assert got == want


def test_a_body_left_out_says_why():
    text = ("Rochdale Borough Council has bagged £460,000 with Greater Manchester Police, while "
            "Oldham Council declined to take part.")
    _, bids = extract_text(text, gazetteer=default_resolver())
    assert bids[0].partners == ["Greater Manchester Police"]
    assert any(reason.startswith("Oldham Council: ") and "declined" in reason
               for reason in bids[0].left_out)

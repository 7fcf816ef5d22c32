"""How real announcements write awards, each read as its writer meant: names with doubled
spaces, joint awards, distributive plurals, lists of awards with bracketed or dashed amounts,
national totals beside a local award.

Each text is written here in the manner of local news; its expected bids were worked out by
hand from the text.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from partnerkg.loaders.text import extract_text, single_spaced
from partnerkg.resolution import default_resolver


def found(text: str) -> list[tuple]:
    """(lead, partners, amount) of each bid, as the text names them."""
    _, bids = extract_text(text, gazetteer=default_resolver())
    return sorted(((b.lead, tuple(sorted(b.partners)), b.amount_gbp) for b in bids), key=repr)


def found_bodies(text: str) -> list[tuple]:
    """The same, each name as the register body it resolves to (names it lacks as written):
    for bidders named by their area ("Cheshire" among fire authorities)."""
    resolver = default_resolver()

    def body(name):
        if name is None:
            return None
        resolved = resolver.lookup(name)
        return resolved.body.name if resolved else name

    _, bids = extract_text(text, gazetteer=resolver)
    return sorted(((body(b.lead), tuple(sorted(body(p) for p in b.partners)), b.amount_gbp)
                   for b in bids), key=repr)


@pytest.mark.parametrize("spaces", ["  ", "   ", "\u00a0 ", " \u202f"])
def test_a_name_with_a_doubled_space_is_one_name(spaces):
    text = (f"Kent{spaces}County Council has been awarded £1.2m, working with Medway{spaces}"
            "Council and Kent Police.\n")
    assert found(text) == [("Kent County Council", ("Kent Police", "Medway Council"),
                            Decimal("1200000"))]


def test_spans_point_into_the_text_as_written():
    text = "News\n\nKent  County Council has been awarded £1.2m to help families.\n"
    _, bids = extract_text(text, gazetteer=default_resolver())
    evidence = bids[0].evidence[0]
    assert text[evidence.start:evidence.end] == \
        "Kent  County Council has been awarded £1.2m to help families."


def test_a_row_of_cells_keeps_its_wide_gaps():
    rows = "Lead   Partners   Amount\nKent County Council   Medway Council   £1,000,000\n"
    assert single_spaced(rows) == (rows, None)


@pytest.mark.parametrize("text, expected", [
    ("Calderdale, Kirklees and Wakefield Councils have been awarded £1.2m to share payroll.",
     [(None, ("Calderdale Council", "Kirklees Council", "Wakefield Council"),
       Decimal("1200000"))]),
    ("Ashford Borough, Dover and Folkestone District Councils were awarded £50,000 for a study.",
     [(None, ("Ashford Borough Council", "Dover District Council",
              "Folkestone District Council"), Decimal("50000"))]),
    ("The Barnsley and Rotherham councils received £300,000 for a joint hub.",
     [(None, ("Barnsley Council", "Rotherham Council"), Decimal("300000"))]),
    ("Cheshire and Merseyside fire and rescue authorities have won £2m for a control room.",
     [(None, ("Cheshire Fire and Rescue Authority", "Merseyside Fire and Rescue Authority"),
       Decimal("2000000"))]),
    ("The London Boroughs of Camden, Islington and Haringey were awarded £100,000 jointly.",
     [(None, ("London Borough of Camden", "London Borough of Haringey",
              "London Borough of Islington"), Decimal("100000"))]),
])
def test_a_plural_head_belongs_to_each_name(text, expected):
    assert found(text) == expected


def test_several_awards_in_one_sentence_with_bracketed_amounts():
    text = ("Six London boroughs share £1.15m\n\nThe awards go to Hackney Council (£750,000), "
            "Lewisham Council and Southwark Council (£150,000 each) and the London Boroughs of "
            "Camden, Islington and Haringey (£100,000), which bid together.\n")
    assert found(text) == sorted([
        ("Hackney Council", (), Decimal("750000")),
        ("Lewisham Council", (), Decimal("150000")),
        ("Southwark Council", (), Decimal("150000")),
        (None, ("London Borough of Camden", "London Borough of Haringey",
                "London Borough of Islington"), Decimal("100000"))], key=repr)


def test_entries_that_open_with_a_name_a_dash_and_a_sum():
    text = ("North West winners\n\nThree bids from the region were successful, bringing £2.01m "
            "to the North West out of a national total of £89.5m.\n\n"
            "Cumbria County Council – £500,000, with Allerdale Borough Council, for a contact "
            "centre.\n\nCheshire East Council – £310,000 for a digital tool for carers.\n")
    assert found(text) == sorted([
        ("Cumbria County Council", ("Allerdale Borough Council",), Decimal("500000")),
        ("Cheshire East Council", (), Decimal("310000"))], key=repr)


def test_bidders_named_by_their_area_in_a_list_of_fire_authorities():
    text = ("Fire authorities share £75m\n\nAmong the winning bids from fire and rescue "
            "authorities:\n\n• Cheshire – £2.1m for a joint headquarters, in partnership with "
            "Cheshire Constabulary.\n\n• Devon and Somerset – £520,000 for a fleet workshop.\n\n"
            "• Merseyside and Lancashire (£450,000 each), for new crewing arrangements.\n")
    assert found_bodies(text) == sorted([
        ("Cheshire Fire Authority", ("Cheshire Constabulary",), Decimal("2100000")),
        ("Devon and Somerset Fire and Rescue Authority", (), Decimal("520000")),
        ("Merseyside Fire and Rescue Authority", (), Decimal("450000")),
        ("Lancashire Combined Fire Authority", (), Decimal("450000"))], key=repr)


def test_a_place_that_is_where_not_who_stays_a_place():
    text = ("Durham County Council has been awarded £500,000 to keep isolated and elderly "
            "Durham residents safe, one of the councils' schemes.\n")
    assert found(text) == [("Durham County Council", (), Decimal("500000"))]


def test_a_national_total_beside_a_local_award_is_no_bid():
    text = ("Kent County Council has been awarded £300,000, part of the £75m announced today by "
            "the minister. The money is part of the £89.5m handed to 73 authorities across "
            "England.\n")
    assert found(text) == [("Kent County Council", (), Decimal("300000"))]


def test_a_body_in_a_persons_title_is_not_a_partner():
    text = ("Essex County Council has been awarded £2.5m, working with Essex Police.\n\n"
            "Jane Smith, the council's head of commissioning and chair of the Essex Violence "
            "and Vulnerability Partnership, said the money was welcome.\n")
    assert found(text) == [("Essex County Council", ("Essex Police",), Decimal("2500000"))]


def test_a_register_name_with_a_comma_inside_is_one_body():
    text = ("The Police, Fire and Crime Commissioner for Essex has secured £2.5 millions for a "
            "programme with Essex Police.\n")
    assert found(text) == [("Police, Fire and Crime Commissioner for Essex", ("Essex Police",),
                            Decimal("2500000"))]


def test_a_list_of_sums_each_after_its_bidder_and_partners_in_later_paragraphs():
    text = ("Sussex wins £3.8m\n\nSussex councils have been given £3.8m between them, after "
            "winning places on a national pilot.\n\nWest Sussex will receive £1.8m, East Sussex "
            "£1.3m and Brighton and Hove £700,000.\n\nThe West Sussex bid was made jointly with "
            "Sussex Community NHS Foundation Trust.\n")
    assert found_bodies(text) == sorted([
        ("West Sussex County Council", ("Sussex Community NHS Foundation Trust",),
         Decimal("1800000")),
        ("East Sussex County Council", (), Decimal("1300000")),
        ("Brighton and Hove City Council", (), Decimal("700000"))], key=repr)


def test_partners_named_two_paragraphs_on_and_the_partnership_itself():
    text = ("Wiltshire Council has been awarded £575,000, on behalf of the Swindon and Wiltshire "
            "Estate Partnership, to plan shared centres.\n\nThe award is part of £15m shared by "
            "56 partnerships announced today.\n\nThe partnership is made up of three "
            "organisations. As well as Wiltshire Council, its members are Swindon Borough "
            "Council and Wiltshire Police.\n")
    assert found(text) == [("Wiltshire Council", ("Swindon Borough Council", "Wiltshire Police"),
                            Decimal("575000"))]


def test_a_joint_award_between_them_and_a_contrast_that_follows():
    text = ("Tewkesbury Borough Council and Forest of Dean District Council also received "
            "£55,000 between them to look at sharing a depot, while Cheltenham Borough Council's "
            "bid for £200,000 was not funded.\n")
    assert found(text) == [(None, ("Forest of Dean District Council",
                                   "Tewkesbury Borough Council"), Decimal("55000"))]


def test_a_list_of_forces_by_area_with_a_pending_bid_after_it():
    text = ("Northern forces share £2.45m\n\nPolice forces in the north have shared almost £2.5m "
            "from the Police Innovation Fund.\n\nThe northern winners are:\n\n"
            "Cumbria – £500,000 for mobile devices, in a scheme run with Cumbria County Council."
            "\n\nNorthumbria – £210,000 to trial body-worn video.\n\nNorth Yorkshire's bid for "
            "£300,000 to share a custody suite with West Yorkshire Police is still being "
            "considered.\n\nNot funded: a joint bid from Bolton and Bury councils for £420,000.\n")
    assert found_bodies(text) == sorted([("Cumbria Constabulary", ("Cumbria County Council",), Decimal("500000")),
                          ("Northumbria Police", (), Decimal("210000"))], key=repr)


def test_a_plural_inside_a_name_is_not_shared():
    text = ("East Lindsey District Council has been awarded £750,000. Its leader is chairman of "
            "the South and East Lincolnshire Councils Partnership.\n")
    assert found(text) == [("East Lindsey District Council", (), Decimal("750000"))]


def test_the_joint_name_of_two_councils_is_not_one_of_them():
    # "Adur and Worthing Councils" share one officer team: two bodies, never Worthing alone
    assert default_resolver().lookup("Adur and Worthing Borough Council") is None
    text = "Adur and Worthing Councils were awarded £400,000 for a repairs service.\n"
    assert found(text) == [(None, ("Adur Council", "Worthing Council"), Decimal("400000"))]


def test_entries_with_a_colon_a_stated_lead_and_a_consortium_it_heads():
    text = ("Among the awards:\n\nNorth Tyneside Council: GBP 400,000, with Northumbria "
            "Healthcare NHS Foundation Trust, for acoustic monitoring.\n\nTorbay: GBP 180,000 for "
            "home sensors, in a partnership of Torbay Council and Bay Memory Friends (lead: "
            "Torbay and South Devon NHS Foundation Trust).\n\nCheshire East Council, which heads "
            "a consortium with Warrington and the Halton and St Helens councils: £480,000 to build "
            "a platform.\n")
    assert found_bodies(text) == sorted([
        ("North Tyneside Council", ("Northumbria Healthcare NHS Foundation Trust",),
         Decimal("400000")),
        ("Torbay and South Devon NHS Foundation Trust", ("Bay Memory Friends", "Torbay Council"),
         Decimal("180000")),
        ("Cheshire East Council", ("Halton Borough Council", "St Helens Council",
                                   "Warrington Borough Council"), Decimal("480000"))], key=repr)


def test_a_place_where_before_a_shared_head_is_not_a_council():
    text = ("Elsewhere in west London, Ealing and Hounslow councils have received £410,000 between "
            "them to expand advice for parents.\n")
    assert found(text) == [(None, ("Ealing Council", "Hounslow Council"), Decimal("410000"))]


def test_members_named_after_as_well_as_and_a_hospital_as_a_site():
    text = ("University Hospitals Sussex NHS Foundation Trust is leading a partnership that has "
            "been awarded £1.2m to support young people at the Royal Sussex County Hospital.\n\n"
            "The partnership has three members. As well as the trust, they are Sussex Police "
            "and Brighton & Hove City Council.\n")
    assert found(text) == [("University Hospitals Sussex NHS Foundation Trust",
                            ("Brighton & Hove City Council", "Sussex Police"),
                            Decimal("1200000"))]


def test_a_joint_project_by_two_forces_and_a_short_form_that_adds_no_one():
    text = ("Three police forces have won a share of a fund.\n\nThe awards go to Staffordshire "
            "(£410,000), West Mercia (£275,000) and a joint project by Warwickshire and West "
            "Mercia (£520,000).\n\nStaffordshire's project, run with Stoke-on-Trent City Council, "
            "will link the force's crime data with the council's CCTV.\n")
    assert found_bodies(text) == sorted([
        ("Staffordshire Police", ("Stoke-on-Trent City Council",), Decimal("410000")),
        ("West Mercia Police", (), Decimal("275000")),
        (None, ("Warwickshire Police", "West Mercia Police"), Decimal("520000"))], key=repr)


def test_a_body_to_lead_a_project_of_a_sum_is_awarded_it():
    text = ("The Midlothian and East Lothian councils will receive £220,000 each, while NHS "
            "Lothian is to lead a £1.1m project in the capital.\n\nA second scheme, worth £1.6m, "
            "is being led by Cardiff and Vale University Health Board, working with South Wales "
            "Police.\n")
    assert found(text) == sorted([
        ("Midlothian Council", (), Decimal("220000")),
        ("East Lothian Council", (), Decimal("220000")),
        ("NHS Lothian", (), Decimal("1100000")),
        ("Cardiff and Vale University Health Board", ("South Wales Police",),
         Decimal("1600000"))], key=repr)


def test_fire_services_by_area_with_ampersands_and_names_holding_and():
    text = ("The Home Office has named the winners of its £8m Emergency Services Collaboration "
            "Fund, which has £8m available across England.\n\nThe successful fire and rescue "
            "services:\n\n• Hereford & Worcester – £640,000, with West Mercia Police, for shared "
            "premises.\n\n• Dorset & Wiltshire, which heads a consortium with Hampshire and Isle "
            "of Wight and Devon and Somerset – £1.2-million for a wildfire response.\n\n"
            "Area Manager Kate Rowley of Dorset & Wiltshire Fire and Rescue Service said it was "
            "welcome.\n")
    resolver = default_resolver()
    hereford, dorset = (resolver.lookup("Hereford & Worcester Fire and Rescue Service"),
                        resolver.lookup("Dorset & Wiltshire Fire and Rescue Service"))
    assert found_bodies(text) == sorted([
        (hereford.body.name, ("West Mercia Police",), Decimal("640000")),
        (dorset.body.name, tuple(sorted([
            resolver.lookup("Hampshire and Isle of Wight Fire and Rescue Service").body.name,
            resolver.lookup("Devon and Somerset Fire and Rescue Service").body.name])),
         Decimal("1200000"))], key=repr)


def test_sums_in_brackets_with_no_award_verb_and_partners_of_a_royal_borough():
    text = ("Boroughs across London will share money from a £6m clean air pot.\n\n"
            "The Royal Borough of Greenwich (£750,000) will lead a freight scheme, Camden and "
            "Islington councils (£150,000 each) will extend their school streets, and the London "
            "Boroughs of Brent, Ealing and Harrow (£100,000) will jointly run a monitoring "
            "network.\n\nGreenwich's partners in the freight scheme are Lewisham and Southwark "
            "councils.\n")
    assert found(text) == sorted([
        ("Royal Borough of Greenwich", ("Lewisham Council", "Southwark Council"),
         Decimal("750000")),
        ("Camden Council", (), Decimal("150000")), ("Islington Council", (), Decimal("150000")),
        (None, ("London Borough of Brent", "London Borough of Ealing", "London Borough of Harrow"),
         Decimal("100000"))], key=repr)


def test_an_area_that_will_lead_and_the_areas_a_bid_is_made_for():
    text = ("Sussex councils win 640,000 GBP for care leavers\n\nWest Sussex will lead a "
            "three-council project, after a joint bid was awarded 640,000 GBP from the "
            "Department for Education's £30m Care Leavers Opportunity Fund.\n\nThe bid was made "
            "on behalf of West Sussex, East Sussex and Brighton & Hove.\n")
    assert found_bodies(text) == [("West Sussex County Council",
                                   ("Brighton and Hove City Council",
                                    "East Sussex County Council"), Decimal("640000"))]


def test_a_bulleted_list_of_areas_with_a_lead_applicant_and_an_earlier_award():
    text = ("The successful fire and rescue services are:\n\n"
            "  • Merseyside – £750 000, for a falls service run with Liverpool City Council and "
            "Mersey Care NHS Foundation Trust, with Merseyside as lead applicant;\n"
            "  • Tyne and Wear – £420,000, for a hoarding team run with Gateshead Council.\n\n"
            "Greenwich, which received £600,000 in the previous round, did not apply.\n")
    assert found_bodies(text) == sorted([
        ("Merseyside Fire and Rescue Authority",
         ("Liverpool City Council", "Mersey Care NHS Foundation Trust"), Decimal("750000")),
        ("Tyne and Wear Fire and Rescue Authority", ("Gateshead Metropolitan Borough Council",),
         Decimal("420000"))],
        key=repr)


def test_the_commissioners_for_several_areas_and_a_joint_award_of_the_same_sum():
    text = ("The awards go to the commissioners for Derbyshire (GBP 400,000), Lincolnshire "
            "(GBP 275,000) and Northamptonshire (GBP 310,000). In addition, Leicestershire Police "
            "and Nottinghamshire Police received 400,000 GBP jointly to run a drone unit.\n")
    assert found(text) == sorted([
        ("Police and Crime Commissioner for Derbyshire", (), Decimal("400000")),
        ("Police and Crime Commissioner for Lincolnshire", (), Decimal("275000")),
        ("Police and Crime Commissioner for Northamptonshire", (), Decimal("310000")),
        (None, ("Leicestershire Police", "Nottinghamshire Police"), Decimal("400000"))], key=repr)


def test_a_named_fund_after_from_the_and_this_council_as_lead_authority():
    text = ("The Greater Manchester Combined Authority (GMCA) has been awarded £1 million from "
            "the government's £25m Empty Homes Accelerator. Its partners are Bolton and Bury "
            "councils.\n")
    assert found(text) == [("Greater Manchester Combined Authority",
                            ("Bolton Council", "Bury Council"), Decimal("1000000"))]
    report = ("BABERGH DISTRICT COUNCIL\nCABINET\n\n2.1 The department confirmed that the joint "
              "bid submitted by Babergh and Mid Suffolk District Councils, with this Council "
              "acting as lead authority, had been successful. The award is £2.5 millions.\n")
    assert [(lead, amount) for lead, _, amount in found_bodies(report)] == [
        ("Babergh District Council", Decimal("2500000"))]


def test_bodies_that_will_use_the_grant_and_a_health_boards_own_award():
    text = ("Police and firefighters are to move in together after the county's emergency "
            "services were handed £1.2-million.\n\nDerbyshire Fire and Rescue Service and "
            "Derbyshire Constabulary will use the grant to build a single base.\n")
    assert found(text) == [(None, ("Derbyshire Constabulary",
                                   "Derbyshire Fire and Rescue Service"), Decimal("1200000"))]


def test_a_later_sentence_about_a_joint_award_goes_to_it_not_to_the_last_award():
    text = ("The successful applicants are Adur and Worthing Councils (GBP 400,000) and Oxford "
            "City Council and Oxfordshire County Council (GBP 75,000 each).\n\nAdur and "
            "Worthing Councils, which share one officer team, will use their award to build a "
            "repairs service.\n")
    assert found(text) == sorted([
        (None, ("Adur Council", "Worthing Council"), Decimal("400000")),
        ("Oxford City Council", (), Decimal("75000")),
        ("Oxfordshire County Council", (), Decimal("75000"))], key=repr)


def test_councils_each_receive_and_an_and_before_a_comma_is_inside_a_name():
    text = ("Three smaller areas were treated alike. Argyll and Bute, Stirling and West "
            "Dunbartonshire councils each receive £210,000 to test the model.\n")
    assert found(text) == sorted([
        ("Argyll and Bute Council", (), Decimal("210000")),
        ("Stirling Council", (), Decimal("210000")),
        ("West Dunbartonshire Council", (), Decimal("210000"))], key=repr)


def test_the_body_that_will_lead_is_the_lead_of_an_award_stated_after_it():
    text = ("Among the winning bids:\n\nHampshire and Isle of Wight Fire and Rescue Service "
            "(HIWFRS) will lead a project with South Central Ambulance Service NHS Foundation "
            "Trust to create a control room. (Award £2.84 million / projected savings £9 "
            "million.)\n")
    assert found(text) == [("Hampshire and Isle of Wight Fire and Rescue Service",
                            ("South Central Ambulance Service NHS Foundation Trust",),
                            Decimal("2840000"))]


def test_a_rough_sum_and_the_exact_one_are_one_award_and_who_put_in_the_application():
    text = ("Councils land £480,000 to keep teenagers off the streets\n\nA joint bid has won "
            "almost half a million pounds.\n\nWrexham County Borough Council put in the "
            "application on behalf of a partnership that also takes in Flintshire County "
            "Council and North Wales Police.\n")
    assert found(text) == [("Wrexham County Borough Council",
                            ("Flintshire County Council", "North Wales Police"),
                            Decimal("480000"))]


def test_the_accountable_body_of_a_partnership_and_a_charity_described_after_its_name():
    text = ("1. A grant of £220,000 to the Herefordshire Rural Safety Partnership. Herefordshire "
            "Council will act as the accountable body for the grant. The other partner "
            "organisations are West Mercia Police and Wye Valley NHS Trust.\n\n"
            "2. A grant of £48,000 to Marches Youth Link, a registered charity, for a project "
            "to be delivered with Shropshire Council.\n\nThe Commissioner defers a decision on "
            "the request from Telford & Wrekin Council for £60,000.\n")
    assert found(text) == sorted([
        ("Herefordshire Council", ("West Mercia Police", "Wye Valley NHS Trust"),
         Decimal("220000")),
        ("Marches Youth Link", ("Shropshire Council",), Decimal("48000"))], key=repr)


def test_awards_parted_by_semicolons_each_with_its_partners():
    # names are the register's (found_bodies)
    # each semicolon part holds one award; a partner named after a sum is that award's
    text = ("Among the successful fire and rescue authorities are West Yorkshire (£2.1m), which "
            "will lead a shared workshop with South Yorkshire and North Yorkshire; Bedfordshire "
            "(£640,000) for separate on-call pilots; and Derbyshire – £415,000 – for a training "
            "centre to be built with Derbyshire Constabulary.\n")
    assert found_bodies(text) == sorted([
        ("Bedfordshire Fire and Rescue Authority", (), Decimal("640000")),
        ("Derbyshire Fire and Rescue Authority", ("Derbyshire Constabulary",), Decimal("415000")),
        ("West Yorkshire Fire and Rescue Authority", ("North Yorkshire Fire and Rescue Authority",
                                                      "South Yorkshire Fire and Rescue Authority"),
         Decimal("2100000"))], key=repr)


def test_sums_set_off_after_names_in_a_list_of_winners():
    # "announced" would make a lone sum a total; set off after a body's name, each is an award,
    # and the funder named before the list is none of them
    text = ("The awards announced by the Home Office on Thursday are Southwark Council "
            "(£750 000), Lambeth Council (£150,000) and, jointly, the London Boroughs of Hackney "
            "and Islington (£100,000).\n")
    assert found(text) == sorted([
        ("Southwark Council", (), Decimal("750000")),
        ("Lambeth Council", (), Decimal("150000")),
        (None, ("London Borough of Hackney", "London Borough of Islington"), Decimal("100000"))],
        key=repr)


def test_a_dashed_sum_after_a_name_with_its_partner_after():
    text = ("Other winners were announced in the same list: Mansfield and Ashfield District "
            "Councils (£240,000, jointly) for a shared environmental health team, and Bassetlaw "
            "District Council – £85,000 – for a post room it will share with Newark and Sherwood "
            "District Council.\n")
    assert found(text) == sorted([
        (None, ("Ashfield District Council", "Mansfield District Council"), Decimal("240000")),
        ("Bassetlaw District Council", ("Newark and Sherwood District Council",),
         Decimal("85000"))], key=repr)


def test_a_run_after_with_is_the_partners_of_the_name_before():
    text = "• Humberside, with Lincolnshire and North Yorkshire – £1.45m for a shared platform.\n"
    text = "Fire and rescue authorities awarded funding:\n\n" + text
    [(lead, partners, amount)] = found_bodies(text)
    assert (lead, amount) == ("Humberside Fire Authority", Decimal("1450000"))
    assert partners == ("Lincolnshire Fire and Rescue", "North Yorkshire Fire and Rescue Authority")


def test_a_separate_award_to_a_body_is_still_its_award():
    text = ("Cabinet notes the separate award of £180,000 to Calderdale Council under the small "
            "sites strand.\n")
    assert found(text) == [("Calderdale Council", (), Decimal("180000"))]


def test_a_body_named_by_its_areas_possessive():
    text = ("Cumbria's Police and Crime Commissioner has been awarded £486,000 to expand a "
            "diversion scheme, working with Cumbria County Council.\n")
    assert found(text) == [("Police and Crime Commissioner for Cumbria",
                            ("Cumbria County Council",), Decimal("486000"))]


def test_a_charity_named_voluntary_action_leads_and_which_bid_with_the():
    text = ("The larger award, £2.5m, goes to a partnership led by Soar Valley Voluntary Action, "
            "working with Rutland County Council.\n\n"
            "The second award, £400,000, is for the Humber Coast Voluntary Network, which bid "
            "with the North Lincolnshire Council to run an advice service.\n")
    assert found(text) == sorted([
        ("Soar Valley Voluntary Action", ("Rutland County Council",), Decimal("2500000")),
        ("Humber Coast Voluntary Network", ("North Lincolnshire Council",), Decimal("400000"))],
        key=repr)


def test_partners_of_an_award_named_by_its_body_in_a_later_paragraph():
    # the partner sentence names no body of the award; its paragraph does ("Southwark's")
    text = ("The awards are Southwark Council (£750,000) and Lambeth Council (£150,000).\n\n"
            "Southwark's scheme will keep four youth venues open. It will be run with South "
            "London and Maudsley NHS Foundation Trust.\n")
    assert found(text) == sorted([
        ("Southwark Council", ("South London and Maudsley NHS Foundation Trust",),
         Decimal("750000")),
        ("Lambeth Council", (), Decimal("150000"))], key=repr)


def test_the_accountable_body_of_a_sum_is_its_lead():
    text = ("Middlesbrough Council will act as the accountable body for a £640,000 scheme drawn "
            "up with Cleveland Police.\n")
    assert found(text) == [("Middlesbrough Council", ("Cleveland Police",), Decimal("640000"))]


def test_the_body_that_will_hold_a_sum_said_before():
    text = ("Coastal villages are to get help after a £2.3 million grant was confirmed this "
            "week.\n\nEast Suffolk Council will hold the money and manage the programme.\n")
    assert found(text) == [("East Suffolk Council", (), Decimal("2300000"))]


def test_awards_of_one_sum_each_told_of_a_paragraph_each():
    text = ("Three partnerships in the North West have been awarded £450,000 each from the "
            "Health Equality Fund.\n\n"
            "Blackpool Council is leading the Blackpool partnership, working with Blackpool "
            "Teaching Hospitals NHS Foundation Trust.\n\n"
            "\"We are delighted,\" said a spokesperson.\n\n"
            "Halton Borough Council and Bridgewater Community Healthcare NHS Foundation Trust "
            "have been funded jointly for community health checks.\n\n"
            "Oldham Council is leading the third, with the Northern Care Alliance NHS Foundation "
            "Trust.\n")
    assert found(text) == sorted([
        ("Blackpool Council", ("Blackpool Teaching Hospitals NHS Foundation Trust",),
         Decimal("450000")),
        (None, ("Bridgewater Community Healthcare NHS Foundation Trust",
                "Halton Borough Council"), Decimal("450000")),
        ("Oldham Council", ("Northern Care Alliance NHS Foundation Trust",), Decimal("450000"))],
        key=repr)


def test_a_funder_that_awarded_us_and_we_as_the_named_recipient():
    text = ("We are thrilled that Harbourside Carers Network has been awarded £96,500 for our "
            "new project.\n\n"
            "Over three years it will help unpaid carers.\n\n"
            "We will lead the project, working in partnership with Portsmouth City Council.\n\n"
            "We are also delighted that Hampshire and Isle of Wight Community Foundation has "
            "awarded us £18,000 for our cafe, which we deliver with Havant Borough Council.\n")
    assert found(text) == sorted([
        ("Harbourside Carers Network", ("Portsmouth City Council",), Decimal("96500")),
        ("Harbourside Carers Network", ("Havant Borough Council",), Decimal("18000"))],
        key=repr)


def test_the_lead_partner_in_a_project_of_a_sum():
    text = ("West Midlands Fire Service is the lead partner in a £960,000 project with "
            "Birmingham City Council and Sandwell Council.\n")
    assert found(text) == [("West Midlands Fire Service",
                            ("Birmingham City Council", "Sandwell Council"), Decimal("960000"))]


@pytest.mark.parametrize("sentence", [
    "Babergh District Council's share is £110,000, to be met from the Transformation Reserve.",
    "Cabinet approves the release of £110,000 from the Transformation Reserve.",
    "Costs included £12,000 paid to Hartwell Public Sector Consulting.",
    "A second application by Babergh District Council, for £600,000 of capital, remained under "
    "consideration by the ministry.",
    "Yorkshire and the Humber has landed £2.1m of the money, figures show.",
])
def test_sums_that_are_no_award(sentence):
    text = ("Babergh District Council has been awarded £2.5m, working with Ipswich Borough "
            f"Council.\n\n{sentence}\n")
    assert found(text) == [("Babergh District Council", ("Ipswich Borough Council",),
                            Decimal("2500000"))]


def test_the_council_of_minutes_is_the_council_whose_minutes_they_are():
    # a long body line that mentions "a report of" is no header naming the speaker
    text = ("CARMARTHENSHIRE COUNTY COUNCIL\n\nCABINET\n\n"
            "7.1 The Cabinet considered a report of the Director of Community Services on a "
            "grant to Pembrokeshire County Council and Ceredigion County Council.\n\n"
            "8.1 Members noted that the Council had been awarded £86,500 for public Wi-Fi.\n")
    [(lead, partners, amount)] = found(text)
    assert (lead.lower(), partners, amount) == ("carmarthenshire county council", (),
                                                Decimal("86500"))


def test_members_listed_under_notes_to_editors():
    text = ("Cheshire's Police and Crime Commissioner has secured £1.1 million from the Home "
            "Office.\n\nThe bid was made on behalf of the Cheshire Serious Violence "
            "Partnership.\n\nNotes to editors\n\n"
            "The Cheshire Serious Violence Partnership comprises:\n"
            "- Cheshire Police and Crime Commissioner (lead applicant)\n"
            "- Cheshire Constabulary\n- Halton Borough Council\n")
    assert found(text) == [("Police and Crime Commissioner for Cheshire",
                            ("Cheshire Constabulary", "Halton Borough Council"),
                            Decimal("1100000"))]


def test_a_list_of_awards_parted_by_semicolons_after_were():
    text = ("The largest awards were: Leeds City Council, with Calderdale Council, £2.1m; "
            "Bristol City Council, with North Somerset Council, GBP 1,750,000; and Nottingham "
            "City Council and Nottinghamshire County Council, jointly, £1.6m.\n")
    assert found(text) == sorted([
        ("Leeds City Council", ("Calderdale Council",), Decimal("2100000")),
        ("Bristol City Council", ("North Somerset Council",), Decimal("1750000")),
        (None, ("Nottingham City Council", "Nottinghamshire County Council"),
         Decimal("1600000"))], key=repr)


def test_a_university_of_a_place_is_not_that_places_council():
    # "University of Plymouth" once read as a post ("University") at Plymouth's council
    text = ("A £1.2-million grant was awarded to a partnership led by the University of "
            "Plymouth, with Plymouth City Council.\n")
    assert found(text) == [("University of Plymouth", ("Plymouth City Council",),
                            Decimal("1200000"))]


def test_a_bid_led_by_a_body_named_with_led_attached():
    text = ("The Service is also a partner in a Warwickshire Fire and Rescue Service-led bid, "
            "together with West Midlands Fire Service, awarded £185k.\n")
    # Warwickshire's service is not in the register (a county council's): named as written
    assert found_bodies(text) == [("Warwickshire Fire and Rescue Service",
                                   ("West Midlands Fire and Rescue Authority",),
                                   Decimal("185000"))]


def test_the_members_after_the_seven_councils_are():
    text = ("The West Midlands Combined Authority has secured £5.25 million on behalf of its "
            "constituent councils.\n\nThe councils are:\n\n- Coventry City Council\n"
            "- Walsall Council\n\nEvery pound invested will generate around £3 of wider "
            "economic benefit.\n")
    assert found(text) == [("West Midlands Combined Authority",
                            ("Coventry City Council", "Walsall Council"), Decimal("5250000"))]


@pytest.mark.parametrize("sentence", [
    "A third bid, with Shropshire Council, was shortlisted but did not receive funding.",
    "Administration costs will not exceed 5% of the grant (£117,500).",
    "The plans were discussed with Rutland County Council, but neither authority is part of "
    "the new service.",
    "Rutland County Council welcomed the announcement.",
])
def test_sentences_that_add_no_bid_and_no_partner(sentence):
    text = ("Melton Borough Council has been awarded £2.35m, working with Charnwood Borough "
            f"Council.\n\n{sentence}\n")
    assert found(text) == [("Melton Borough Council", ("Charnwood Borough Council",),
                            Decimal("2350000"))]


def test_table_rows_pending_refused_and_each():
    text = ("Programme | Lead body | Amount | Partners | Status\n"
            "Warm Homes | Melton Borough Council | £1.2m | with Charnwood Borough Council | "
            "Awarded\n"
            "Active Travel | Rutland County Council | £2.9m | with Blaby District Council | Not "
            "successful\n"
            "Community Ownership | Harborough District Council | £250,000 | with Rutland County "
            "Council | Decision pending\n"
            "Rural top-up | Blaby and Harborough District Councils | £75,000 each | Rutland County "
            "Council as adviser only | Awarded\n")
    assert found(text) == sorted([
        ("Melton Borough Council", ("Charnwood Borough Council",), Decimal("1200000")),
        ("Blaby District Council", (), Decimal("75000")),
        ("Harborough District Council", (), Decimal("75000"))], key=repr)


def test_and_for_parts_two_names():
    text = ("To accept a grant of GBP 400,000 from Active Travel England and for Derby City "
            "Council to act as accountable body, on behalf of a partnership with Derbyshire "
            "County Council.\n")
    assert found(text) == [("Derby City Council", ("Derbyshire County Council",),
                            Decimal("400000"))]


def test_a_headline_sum_the_text_shares_out_is_no_bid():
    text = ("£2.9 million to help people into work\n\n"
            "Four partnerships will share £2.9 million, the combined authority has announced.\n\n"
            "Leeds and Bradford: £950,000 to Leeds City Council, which bid on behalf of Leeds and "
            "Bradford councils.\n")
    assert found_bodies(text) == [("Leeds City Council", ("City of Bradford Metropolitan "
                                                          "District Council",),
                                   Decimal("950000"))]


def test_initials_a_text_defines_stand_for_their_body():
    text = ("Funding of £1.8 million went to a partnership led by United Lincolnshire Hospitals "
            "NHS Trust, with Lincolnshire Partnership NHS Foundation Trust (LPFT).\n\n"
            "LPFT led a successful application, working with Lincolnshire County Council. The "
            "partnership has received £286,000 over two years.\n")
    assert found(text) == sorted([
        ("United Lincolnshire Hospitals NHS Trust",
         ("Lincolnshire Partnership NHS Foundation Trust",), Decimal("1800000")),
        ("Lincolnshire Partnership NHS Foundation Trust", ("Lincolnshire County Council",),
         Decimal("286000"))], key=repr)


def test_initials_that_are_not_the_names_are_not_taken_for_it():
    # "Rural Affairs" is the tail of a department's name cut at its comma: DAERA is not its
    from partnerkg.loaders.mentions import _initials_of

    assert not _initials_of("DAERA", "Rural Affairs")
    assert _initials_of("MOPAC", "Mayor's Office for Policing and Crime")


def test_the_office_of_the_commissioner_is_the_documents_commissioner():
    text = ("Cleveland Police and Crime Commissioner: decision record\n\n"
            "The Office of the Police and Crime Commissioner has been awarded £412,650, "
            "working with Middlesbrough Council.\n")
    [(lead, partners, amount)] = found_bodies(text)
    assert (lead, partners, amount) == ("Police and Crime Commissioner for Cleveland",
                                        ("Middlesbrough Borough Council",), Decimal("412650"))


def test_a_value_column_deferred_rows_and_stages_of_programmes():
    text = ("Fund\tLead bidder\tPartners\tValue\tOutcome\n"
            "Neighbourhood Fund\tGateshead Council\tNewcastle City Council\t£310,000\tAwarded\n"
            "Hotspots\tSunderland City Council\tNorthumbria Police\t£285k\tDeferred to Round 5\n"
            "\nMembers were advised that Mansfield and Ashfield District Councils had been "
            "jointly awarded £2.37 million through Wave 3 of the Warm Homes: Social Housing "
            "Fund.\n\nA joint bid with Nottinghamshire County Council for £60,000 had been "
            "deferred by the funder to its next round.\n")
    assert found(text) == sorted([
        ("Gateshead Council", ("Newcastle City Council",), Decimal("310000")),
        (None, ("Ashfield District Council", "Mansfield District Council"), Decimal("2370000"))],
        key=repr)


def test_advisers_who_receive_none_of_the_money_are_no_partners():
    text = ("Monmouthshire County Council will receive £380,000, working with Powys County "
            "Council.\n\nNatural Resources Wales and the Environment Agency have advised the "
            "partnership on the choice of sites. Neither organisation receives any of the "
            "funding.\n")
    assert found(text) == [("Monmouthshire County Council", ("Powys County Council",),
                            Decimal("380000"))]


def test_a_consortium_subject_and_its_lead_said_after():
    text = ("A consortium of nine organisations – eight colleges and Leeds Beckett University – "
            "has been awarded GBP 1,350,000.\n\nThe bid was led by Leeds City College. The other "
            "colleges taking part are Kirklees College and Calderdale College.\n")
    [(lead, partners, amount)] = found(text)
    assert (lead, amount) == ("Leeds City College", Decimal("1350000"))
    assert set(partners) == {"Leeds Beckett University", "Kirklees College", "Calderdale College"}


@pytest.mark.parametrize("sentence", [
    "The fund awarded £4.8 million to 12 projects in its first round.",
    "The award is one of 110 projects sharing £24 million in the latest round.",
    "Two partnerships have been chosen as pilot sites, bringing almost £2 million into the area.",
    "Across Cumbria, the two councils have around £8 million of Shared Prosperity funding to "
    "allocate.",
    "A £340,000 bid from Chorley Council has been shortlisted and could still be funded.",
    "Nationally, £203m was handed out to 477 projects across the UK.",
])
def test_totals_and_undecided_bids_are_no_awards(sentence):
    text = ("Boston Borough Council has secured £1.2-million, working with Lincolnshire "
            f"Police.\n\n{sentence}\n")
    assert found(text) == [("Boston Borough Council", ("Lincolnshire Police",),
                            Decimal("1200000"))]


def test_members_after_those_districts_are_and_the_partnership_itself_left_out():
    text = ("Boston Borough Council has secured £1.2-million for the Lincolnshire Outreach "
            "Partnership, working with the other districts.\n\nThose districts are East Lindsey "
            "District Council and West Lindsey District Council.\n")
    assert found(text) == [("Boston Borough Council",
                            ("East Lindsey District Council", "West Lindsey District Council"),
                            Decimal("1200000"))]


def test_a_service_named_fire_and_rescue():
    text = ("The project will be led by South Yorkshire Fire and Rescue, which has been awarded "
            "£1.86m, working with Humberside Fire and Rescue Authority.\n")
    [(lead, partners, amount)] = found(text)
    assert default_resolver().lookup(f"{lead} Service").body.name == \
        "South Yorkshire Fire and Rescue Authority"
    assert (partners, amount) == (("Humberside Fire and Rescue Authority",), Decimal("1860000"))


def test_a_lead_on_behalf_of_areas_in_a_list_of_winners():
    text = ("Blackpool Council (£1.1m), Burnley and Preston councils (£210,000 each) and "
            "Lancashire County Council, on behalf of Pendle, Hyndburn and Rossendale (£480,000), "
            "were among the local winners announced yesterday.\n")
    assert found_bodies(text) == sorted([
        ("Blackpool Borough Council", (), Decimal("1100000")),
        ("Burnley Borough Council", (), Decimal("210000")),
        ("Preston City Council", (), Decimal("210000")),
        ("Lancashire County Council", ("Hyndburn Borough Council", "Pendle Borough Council",
                                       "Rossendale Borough Council"), Decimal("480000"))],
        key=repr)


def test_a_place_before_given_is_no_recipient_and_the_holder_works_with_partners():
    text = ("A scheme to repair seafront shelters in St Leonards has been given half a million "
            "pounds.\n\nThe money comes from the Coastal Communities Fund. East Sussex County "
            "Council, working with Hastings Borough Council and Rother District Council, secured "
            "the grant.\n")
    assert found(text) == [("East Sussex County Council",
                            ("Hastings Borough Council", "Rother District Council"),
                            Decimal("500000"))]


def test_a_further_sum_awarded_to_bodies_and_a_reserve_list_proposal():
    text = ("Funding goes to Bradford (£750,000) and Calderdale (£150,000). A further £200,000 "
            "has been awarded to Norfolk and Cornwall, with Norfolk County Council acting as "
            "accountable body for the pair.\n\nA proposal from Doncaster Council with Bassetlaw "
            "District Council has been placed on a reserve list and could still receive money.\n")
    text = "Councils win family hubs money\n\n" + text
    got = found_bodies(text)
    assert ("Norfolk County Council", ("Cornwall Council",), Decimal("200000")) in got
    assert not any("Doncaster" in str(bid) for bid in got)

"""Never two bodies in one: the names that used to join a different body stay apart, and the
variants that must keep joining still do. Each expectation is read off the register by hand."""

import pytest
from partnerkg.resolution.register import Body, Register
from partnerkg.resolution.resolve import Resolver
from partnerkg.resolution import identity


@pytest.fixture(scope="module")
def resolver():
    return Resolver(Register.default())


@pytest.mark.parametrize("name, not_this", [
    ("Age UK (Essex)", "GB-LAE-ESS"),
    ("Citizens Advice (Sheffield)", "GB-LAE-SHF"),
    ("Mind (Croydon)", "GB-LAE-CRY"),
    ("Voluntary Action (Leeds)", "GB-LAE-LDS"),
])
def test_a_place_in_brackets_never_makes_a_charity_its_council(resolver, name, not_this):
    found = resolver.resolve(name)
    assert found.body is None, (name, found.kind, found.body)
    assert resolver.register.get(not_this) is not None  # the council the old rule chose


@pytest.mark.parametrize("name, not_this", [
    ("Wessex Police", "XI-PKG-POLICE-ESSEX"),
    ("Police and Crime Commissioner for Somerset", "XI-PKG-PCC-DORSET"),
    ("Police and Crime Commissioner for Gwynedd", "XI-PKG-PCC-GWENT"),
    ("North Upham Police and Crime Commissioner", "XI-PKG-PCC-NORTH-WALES"),
    ("Northern Ireland Fire and Rescue Service",
     "XI-PKG-FIRE-NORTHUMBERLAND-FIRE-AND-RESCUE-SERVICE"),
    ("Pennine Housing 2020", "XI-PKG-HOUSING-PENNINE-HOUSING-2000"),
    ("Norfolk Public Sector Leaders", "XI-PKG-PARTNERSHIP-SUFFOLK-PUBLIC-SECTOR-LEADERS"),
    ("Yorkshire and the Humber", "GB-LAE-HYCA"),
])
def test_fuzzy_matches_never_join_a_different_place_or_number(resolver, name, not_this):
    assert resolver.register.get(not_this) is not None, not_this  # a real body of the register
    found = resolver.resolve(name)
    assert found.body is None or found.body.id != not_this, (name, found.kind, found.score)
    assert found.kind not in ("fuzzy", "normalised", "alias")


@pytest.mark.parametrize("name, not_this", [
    ("Durham City Council", "GB-LAE-DUR"),
    ("Chichester City Council", "GB-LAE-CHI"),
    ("Lichfield City Council", "GB-LAE-LIF"),
])
def test_a_city_council_is_not_the_county_or_district_of_its_name(resolver, name, not_this):
    found = resolver.resolve(name)
    assert found.body is None
    # shown, not applied: the review can offer it to a person
    assert (found.kind, found.runner_up.id) == ("suggestion", not_this)


@pytest.mark.parametrize("name, body", [
    ("Westminster City Council", "GB-LAE-WSM"), ("Essex CC", "GB-LAE-ESS"),
    ("Hull", "GB-LAE-KHL"), ("Newham", "GB-LAE-NWM"), ("CWAC", "GB-LAE-CHW"),
    ("Cheshire West and Chester (West Cheshire)", "GB-LAE-CHW"),
    ("ECC (Essex County Council)", "GB-LAE-ESS"),
    ("Calderdale MBC", "GB-LAE-CLD"), ("Essex\u00a0County  Council", "GB-LAE-ESS"),
    ("ＥＳＳＥＸ County Council", "GB-LAE-ESS"), ("Es\u00adsex County Council", "GB-LAE-ESS"),
    ("Kent Police and Crime Commissioner", "XI-PKG-PCC-KENT"),
    ("Police & Crime Commissioner for Kent", "XI-PKG-PCC-KENT"),
    ("Thames Valley Constabulary", "XI-PKG-POLICE-THAMES-VALLEY"),
    ("Heddlu Gogledd Cymru", "XI-PKG-POLICE-NORTH-WALES"),
    ("GMCA", "GB-LAE-GMCA"), ("RBKC", "GB-LAE-KEC"),
    ("Cheshire West and Chestre Council", "GB-LAE-CHW"),
    ("Sussex Police & Crime Commisioner", "XI-PKG-PCC-SUSSEX"),
])
def test_true_variants_still_join(resolver, name, body):
    found = resolver.resolve(name)
    assert found.body is not None and found.body.id == body, (name, found.kind, found.body)


def test_an_ambiguous_short_name_is_refused(resolver):
    found = resolver.resolve("Richmond")
    assert found.body is None  # Richmond upon Thames or Richmondshire: never a guess


def test_initials_two_bodies_share_are_ambiguous():
    register = Register()
    register.add([Body("A", "Alpha Beta Cedar Council", "council"),
                  Body("B", "Alpha Bravo Cedar Council", "council")])
    found = Resolver(register).resolve("ABCC")
    assert (found.kind, found.body) == ("ambiguous", None)


@pytest.mark.parametrize("name", ["HMRC", "LSE", "NCA", "MOD", "SOS", "NEA"])
def test_short_initials_of_bodies_outside_the_register_join_nothing(resolver, name):
    # each was the initials of some register body ("NHS Heywood, Middleton and Rochdale CCG",
    # "Southend-on-Sea"), counting "CCG" as a word or taking three letters alone
    assert resolver.resolve(name).body is None


@pytest.mark.parametrize("name", [
    "Kent County Council (NHS Kent and Medway Integrated Care Board)",
    "Kent County Council (Lead: Medway Council)",
    "Kent County Council (Medway Council Children's Services)",
    "Kent Police (Essex Police Team)", "Essex County Council (Care Quality Commission)",
    "Kent County Council (Department for Education)"])
def test_brackets_naming_another_body_join_neither(resolver, name):
    assert resolver.resolve(name).body is None


def test_brackets_naming_a_part_of_the_body_join_it(resolver):
    found = resolver.resolve("Essex County Council (Adult Social Care)")
    assert (found.kind, found.body.id) == ("bracketed", "GB-LAE-ESS")


@pytest.mark.parametrize("name", ["Durham DC", "Surrey BC", "Norfolk MBC", "Harrow DC",
                                  "Kent LB"])
def test_council_abbreviations_must_fit_the_body(resolver, name):
    assert resolver.resolve(name).body is None


def test_many_unclosed_brackets_are_read_without_recursion(resolver):
    assert resolver.resolve("Kent (" * 1000).body is None


def test_a_word_mixing_scripts_is_flagged_and_kept_apart(resolver):
    found = resolver.resolve("K\u0435nt County Council")  # a Cyrillic "е"
    assert found.body is None
    assert "U+0435" in found.warning and "CYRILLIC" in found.warning and "'K\u0435nt'" in \
        found.warning
    assert identity.mixed_script("Ynys Môn County Council") == ""
    assert identity.mixed_script("Δ Group") == ""


def test_kind_words_must_fit_the_body():
    durham = Body("GB-LAE-DUR", "Durham County Council", "council", "Unitary authority")
    district = Body("GB-LAE-X", "Ashford Borough Council", "council", "Non-metropolitan district")
    county = Body("GB-LAE-Y", "Kent County Council", "council", "County")
    assert identity.kind_words_conflict("Durham City Council", durham)
    assert not identity.kind_words_conflict("Durham County Council", durham)
    assert not identity.kind_words_conflict("Ashford District Council", district)
    assert identity.kind_words_conflict("Kent Borough Council", county)
    assert identity.kind_words_conflict("Kent Town Council", county)
    assert identity.kind_words_conflict("Kent Councils", county)


def test_identifier_decides_and_says_what_it_kept(resolver):
    found = resolver.decide("Kent County Council", "GB-LAE-ESS")
    assert (found.body.id, found.kind) == ("GB-LAE-ESS", "identifier")
    assert "Kent County Council" in found.warning and "kept the identifier" in found.warning
    # by GSS code too (Essex County Council's is E10000012 in the register)
    assert resolver.decide("Essex County Council", "E10000012").body.id == "GB-LAE-ESS"
    # an identifier the register does not know: its own body, the name joins nothing
    own = resolver.decide("Blackburn with Darwen Borough Council", "GB-COH-09713269")
    assert own.body is None and own.kind == "identifier"
    assert "kept apart" in own.warning and "GB-LAE-BBD" in own.warning


def test_resolve_names_the_letters_of_a_mixed_script_name(run):
    result = run("resolve", "K\u0435nt County Council", "--format", "csv")
    assert result.exit_code == 0
    assert "Note: 'K\u0435nt' mixes Latin and Cyrillic letters" in result.output


def test_resolving_many_names_at_once_decides_as_one_at_a_time():
    names = ["LTHT", "BANES", "GMCA", "Essex CC", "Durham City Council", "Wessex Police",
             "Age UK (Essex)", "Thames Valley Constabulary", "Richmond", "K\u0435nt Council"]
    one = Resolver(Register.default())
    many = Resolver(Register.default())
    many.resolve_all(names)
    assert [(n, many.resolve(n).kind, many.resolve(n).body) for n in names] == \
        [(n, one.resolve(n).kind, one.resolve(n).body) for n in names]


@pytest.mark.parametrize("name, not_this", [
    ("Essex Fire and Crime Commissioner", "XI-PKG-PCC-ESSEX"),
    ("Police Scotland Authority", "XI-PKG-POLICE-SCOTLAND"),
    ("Civil Nuclear Constabulary Authority", "XI-PKG-POLICE-CIVIL-NUCLEAR"),
    ("North East Mayoral Combined Authority", "GB-LAE-NECA"),
    ("Morton Council", "GB-LAE-MRT"), ("Gedding Council", "GB-LAE-GED"),
    ("Barney Council", "GB-LAE-BNE"),
])
def test_another_kind_or_a_short_misspelt_place_is_not_joined(resolver, name, not_this):
    found = resolver.resolve(name)
    assert found.body is None or found.body.id != not_this, (found.kind, found.body)


def test_modifier_apostrophes_are_apostrophes_and_look_alike_words_are_flagged(resolver):
    assert resolver.resolve("Guy\u02bcs and St Thomas\u02bc NHS Foundation Trust").body.id == \
        "GB-NHS-RJ1"
    found = resolver.resolve("\u0415\u0455\u0455\u0435\u0445 County Council")  # Cyrillic "Essex"
    assert found.body is None and "look like Latin ones" in found.warning
    assert "U+0455" in found.warning

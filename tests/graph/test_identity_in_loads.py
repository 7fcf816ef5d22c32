"""Identity through a whole load: identifiers decide, every join is visible, no back door
renames or merges a body. Expected members and notes are worked out by hand from the files."""

import csv
import io
import json

from partnerkg import KnowledgeGraph

MEMBERS = ("PREFIX org: <http://www.w3.org/ns/org#> PREFIX skos: "
           "<http://www.w3.org/2004/02/skos/core#> PREFIX dct: <http://purl.org/dc/terms/> "
           "PREFIX pkg: <https://w3id.org/partnerkg/> "
           "SELECT ?key ?name ?id WHERE { ?m org:member ?o ; org:organization ?b . "
           "?b dct:identifier ?key . ?o skos:prefLabel ?name . OPTIONAL { ?o pkg:identifier ?id } }")


def members(store):
    with KnowledgeGraph(store) as kg:
        return sorted((str(k), str(n), str(i) if i is not None else "")
                      for k, n, i in kg.select(MEMBERS)[1])


def load(run, tmp_path, name, text, *extra):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    store = tmp_path / "store"
    result = run("load", path, "--store", store, *extra)
    return result, store


def test_the_identifier_column_of_a_wide_file_is_the_leads_alone(run, tmp_path):
    result, store = load(run, tmp_path, "wide.csv",
                         "bid,programme,lead,identifier,partners\n"
                         "w1,Fund,Kent County Council,GB-LAE-KEN,Essex County Council; "
                         "Beta Trust\n")
    assert result.exit_code == 0, result.output
    # before, both partners took the lead's identifier and became Kent County Council
    assert members(store) == [("w1", "Beta Trust", ""), ("w1", "Essex County Council",
                                                          "GB-LAE-ESS"),
                              ("w1", "Kent County Council", "GB-LAE-KEN")]


def test_partner_identifiers_go_with_the_partners_in_order(run, tmp_path):
    result, store = load(run, tmp_path, "wide.csv",
                         "bid,programme,lead,partners,partner identifiers\n"
                         "w1,Fund,Kent County Council,Beta Trust; Gamma Ltd,GB-CHC-2; GB-COH-3\n")
    assert result.exit_code == 0, result.output
    assert members(store) == [("w1", "Beta Trust", "GB-CHC-2"), ("w1", "Gamma Ltd", "GB-COH-3"),
                              ("w1", "Kent County Council", "GB-LAE-KEN")]
    bad, _ = load(run, tmp_path, "bad.csv",
                  "bid,programme,lead,partners,partner identifiers\n"
                  "w1,Fund,Kent County Council,Beta Trust; Gamma Ltd,GB-CHC-2\n")
    assert bad.exit_code == 1
    assert "line 2, column partner identifiers" in bad.output and "1 partner identifiers for 2" \
        in bad.output


def test_a_name_that_contradicts_its_identifier_is_reported_with_its_line(run, tmp_path):
    result, store = load(run, tmp_path, "long.csv",
                         "bid,programme,organisation,role,identifier\n"
                         "b1,Fund,Kent County Council,lead,GB-LAE-ESS\n"
                         "b1,Fund,Beta Trust,partner,\n")
    assert result.exit_code == 0
    assert "long.csv line 2: 'Kent County Council' has the identifier GB-LAE-ESS" in \
        result.output and "kept the identifier (Essex County Council)" in result.output
    assert ("b1", "Essex County Council", "GB-LAE-ESS") in members(store)


def test_a_360giving_recipient_that_contradicts_its_identifier_is_reported(run, tmp_path):
    grants = {"grants": [{
        "id": "360G-x-1", "title": "Hub", "currency": "GBP", "amountAwarded": 1000,
        "awardDate": "2015-04-01", "grantProgramme": [{"title": "Fund"}],
        "recipientOrganization": [{"id": "GB-LAE-ESS", "name": "Kent County Council"}],
        "fundingOrganization": [{"id": "GB-GOR-PC390", "name": "Example Fund"}]}]}
    result, store = load(run, tmp_path, "grants.json", json.dumps(grants))
    assert result.exit_code == 0, result.output
    assert "'Kent County Council' has the identifier GB-LAE-ESS" in result.output


def test_an_unknown_identifier_is_a_body_of_its_own_that_no_name_joins(run, tmp_path):
    # a company whose name (wrongly, or by coincidence) is a council's
    result, store = load(run, tmp_path, "long.csv",
                         "bid,programme,organisation,role,identifier\n"
                         "b1,Fund,Blackburn with Darwen Borough Council,lead,GB-COH-09713269\n"
                         "b2,Fund,Blackburn with Darwen Borough Council,lead,\n")
    assert result.exit_code == 0
    found = members(store)
    assert ("b1", "Blackburn with Darwen Borough Council", "GB-COH-09713269") in found
    assert ("b2", "Blackburn with Darwen Borough Council", "GB-LAE-BBD") in found
    assert "its identifier GB-COH-09713269 is not that body's: kept apart" in result.output


def test_one_unknown_identifier_given_two_names_is_a_warning_naming_both(run, tmp_path):
    result, store = load(run, tmp_path, "long.csv",
                         "bid,programme,organisation,role,identifier\n"
                         "b1,Fund,Alpha Trust,lead,GB-CHC-999\n"
                         "b2,Fund,Beta Trust,lead,GB-CHC-999\n")
    assert result.exit_code == 0
    assert "long.csv line 3: 'Beta Trust' has the identifier GB-CHC-999, given to 'Alpha Trust' " \
        "at long.csv line 2" in result.output


def test_every_join_is_counted_and_none_is_called_one_body(run, tmp_path):
    result, store = load(run, tmp_path, "long.csv",
                         "bid,programme,organisation,role\n"
                         "b1,Fund,Essex County Council,lead\n"
                         "b1,Fund,Essex CC,partner\n"
                         "b2,Fund,Durham City Council,lead\n"
                         "b2,Fund,Kent Police,partner\n")
    assert result.exit_code == 0
    # Essex CC by its name less council words; Durham City Council only suggested
    assert "1 name joined by rules (1 normalised), 1 suggestion not applied" in result.output
    assert "are one body" not in result.output
    assert "'Essex CC' joined by its name less council words" in result.output
    review = run("resolve", "--review", "--store", store, "--format", "csv")
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(review.output))}
    assert set(rows) == {"Essex CC", "Durham City Council"}
    assert rows["Durham City Council"]["kind"] == "suggestion"
    assert "Durham County Council (GB-LAE-DUR, 1.00)" in rows["Durham City Council"]["candidates"]


def test_a_mixed_script_name_is_flagged_with_its_letters(run, tmp_path):
    result, store = load(run, tmp_path, "long.csv",
                         "bid,programme,organisation,role\n"
                         "b1,Fund,K\u0435nt County Council,lead\n"
                         "b1,Fund,Kent County Council,partner\n")
    assert result.exit_code == 0
    assert "U+0435 CYRILLIC SMALL LETTER IE" in result.output
    names = [n for _, n, _ in members(store)]
    assert sorted(names) == ["Kent County Council", "K\u0435nt County Council"]


def test_an_rdf_file_cannot_rename_a_register_body(run, tmp_path):
    turtle = ("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
              "@prefix org: <http://www.w3.org/ns/org#> .\n"
              "@prefix prov: <http://www.w3.org/ns/prov#> .\n"
              "@prefix pkg: <https://w3id.org/partnerkg/> .\n"
              "<https://w3id.org/partnerkg/id/org/GB-LAE-ESS> a org:Organization ;\n"
              "  skos:prefLabel \"Kent County Council\" ;\n"
              "  org:classification <https://w3id.org/partnerkg/sector/council> ;\n"
              "  prov:wasDerivedFrom <https://example.org/source/1> .\n"
              "<https://example.org/source/1> a pkg:SourceRecord ; pkg:sourceFile \"x.csv\" .\n")
    first, store = load(run, tmp_path, "bids.csv",
                        "bid,programme,organisation,role\nb1,Fund,Essex County Council,lead\n")
    assert first.exit_code == 0
    path = tmp_path / "relabel.ttl"
    path.write_text(turtle, encoding="utf-8")
    result = run("load", path, "--store", store)
    assert result.exit_code == 0, result.output
    assert "kept as a name a source wrote (skos:hiddenLabel)" in result.output
    assert members(store) == [("b1", "Essex County Council", "GB-LAE-ESS")]
    # nor is the file's name read as an alias of the register body afterwards
    found = run("resolve", "Kent County Council", "--store", store, "--format", "json")
    assert '"id": "GB-LAE-KEN"' in found.output


def test_an_rdf_file_cannot_replace_a_register_body(run, tmp_path):
    turtle = ("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
              "@prefix org: <http://www.w3.org/ns/org#> .\n"
              "@prefix prov: <http://www.w3.org/ns/prov#> .\n"
              "@prefix pkg: <https://w3id.org/partnerkg/> .\n"
              "<https://w3id.org/partnerkg/id/org/GB-LAE-ESS> a org:Organization ;\n"
              "  skos:prefLabel \"Wessex Partnership\" ; pkg:identifier \"GB-LAE-ESS\" ;\n"
              "  org:classification <https://w3id.org/partnerkg/sector/council> ;\n"
              "  prov:wasDerivedFrom <https://w3id.org/partnerkg/id/source/register> .\n"
              "<https://w3id.org/partnerkg/id/source/register> a pkg:SourceRecord ;\n"
              "  pkg:sourceFile \"register\" .\n")
    result, store = load(run, tmp_path, "sneaky.ttl", turtle.replace(
        "sector/council", "sector/voluntary-and-community"))
    assert result.exit_code == 0, result.output
    assert "the file's sector <https://w3id.org/partnerkg/sector/voluntary-and-community> is " \
        "left out" in result.output
    listed = run("register", "list", "--store", store, "--format", "csv").output
    assert "GB-LAE-ESS,Essex County Council,council," in listed
    assert "Wessex Partnership" not in listed
    found = run("resolve", "Essex County Council", "--store", store, "--format", "json")
    assert '"id": "GB-LAE-ESS"' in found.output


def test_placeholder_identifiers_are_no_identity(run, tmp_path):
    result, store = load(run, tmp_path, "long.csv",
                         "bid,programme,organisation,role,identifier\n"
                         "b1,Fund,Essex County Council,lead,n/a\n"
                         "b1,Fund,Kent Police,partner,n/a\n"
                         "b2,Fund,Alpha Trust,lead,-\n"
                         "b2,Fund,Beta Trust,partner,-\n")
    assert result.exit_code == 0
    # four bodies, four memberships: "n/a" and "-" say there is no identifier
    assert [(k, n) for k, n, _ in members(store)] == [
        ("b1", "Essex County Council"), ("b1", "Kent Police"), ("b2", "Alpha Trust"),
        ("b2", "Beta Trust")]
    assert "given to" not in result.output


def test_an_alias_file_mapping_one_name_to_two_bodies_is_refused(run, tmp_path):
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("name,id\nEssex Partners,GB-LAE-ESS\nKent CC,GB-LAE-KEN\n"
                       "essex partners,GB-LAE-KEN\n", encoding="utf-8")
    result = run("resolve", "Essex Partners", "--aliases", aliases)
    assert result.exit_code == 1
    assert "line 4" in result.output and "on line 2" in result.output
    assert "GB-LAE-ESS" in result.output and "GB-LAE-KEN" in result.output


def test_a_name_of_no_letters_is_refused_with_its_line(run, tmp_path):
    result, store = load(run, tmp_path, "long.csv", "bid,programme,organisation,role\n"
                         "b1,Fund,Kent Police,lead\nb1,Fund,-,partner\nb1,Fund,?,partner\n")
    assert result.exit_code == 1
    assert "long.csv line 3: '-' has no letter or digit" in result.output
    assert not store.exists()


def test_one_known_identifier_with_two_spellings_of_its_body_is_no_warning(run, tmp_path):
    result, store = load(run, tmp_path, "long.csv",
                         "bid,programme,organisation,role,identifier\n"
                         "b1,Fund,Essex CC,lead,GB-LAE-ESS\n"
                         "b2,Fund,Essex County Council,lead,GB-LAE-ESS\n")
    assert result.exit_code == 0
    assert "Note:" not in result.output


def test_an_export_of_register_bodies_loads_again_without_a_note(run, tmp_path):
    # an export carries each register body's own name and aliases: none is a relabelling
    first, store = load(run, tmp_path, "bids.csv", "bid,programme,organisation,role\n"
                        "b1,Fund,Essex CC,lead\nb1,Fund,Cheshire West and Chester Council,"
                        "partner\n")
    assert first.exit_code == 0
    exported = tmp_path / "export.nt"
    assert run("export", "--store", store, "-o", exported).exit_code == 0
    again = run("load", exported, "--store", tmp_path / "again")
    assert again.exit_code == 0 and "Note:" not in again.output, again.output
    assert members(tmp_path / "again") == members(store)

"""Sources replace what they said; bids are keyed within their programme and file; one body
named twice in a bid is one membership. Expected values are worked out from the rows written
in each test."""

import json
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from partnerkg import KnowledgeGraph
from partnerkg.ontology import CACHE_GRAPH_IRI

HEADER = "bid,programme,organisation,role,amount"
MEMBERS = ("PREFIX org: <http://www.w3.org/ns/org#> PREFIX skos: "
           "<http://www.w3.org/2004/02/skos/core#> PREFIX dct: <http://purl.org/dc/terms/> "
           "SELECT ?key ?name ?role WHERE { ?m org:member ?o ; org:organization ?b ; "
           "org:role ?r . ?b dct:identifier ?key . ?o skos:prefLabel ?name . "
           "BIND(STRAFTER(STR(?r), '/partnerkg/') AS ?role) }")
AMOUNTS = ("PREFIX pkg: <https://w3id.org/partnerkg/> PREFIX dct: <http://purl.org/dc/terms/> "
           "SELECT ?b ?key ?amount WHERE { ?b dct:identifier ?key . "
           "OPTIONAL { ?b pkg:amountAwarded ?amount } }")


def write(path, rows, header=HEADER):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + "\n" + "".join(",".join(row) + "\n" for row in rows),
                    encoding="utf-8")
    return path


def data_lines(store) -> set[str]:
    """The data graph as a set of N-Triples lines (each file's own graph left out)."""
    with KnowledgeGraph(store) as kg:
        text = kg.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return set(text.decode("utf-8").splitlines())


def rows(store, sparql):
    with KnowledgeGraph(store) as kg:
        return sorted(kg.select(sparql)[1])


def test_loading_a_corrected_file_replaces_what_it_said(run, tmp_path):
    data = write(tmp_path / "bids.csv", [("b1", "P", "Alpha Council", "lead", "1200000"),
                                         ("b1", "P", "Phantom Trust", "partner", ""),
                                         ("b2", "P", "Beta Police", "lead", "5")])
    store = tmp_path / "store"
    assert run("load", data, "--store", store).exit_code == 0
    write(data, [("b1", "P", "Alpha Council", "lead", "1300000"),
                 ("b1", "P", "Gamma Trust", "partner", ""),
                 ("b2", "P", "Beta Police", "lead", "5")])
    again = run("load", data, "--store", store)
    assert again.exit_code == 0, again.output
    assert rows(store, MEMBERS) == [("b1", "Alpha Council", "LeadPartner"),
                                    ("b1", "Gamma Trust", "Partner"),
                                    ("b2", "Beta Police", "LeadPartner")]
    assert sorted((k, a) for _, k, a in rows(store, AMOUNTS)) == [("b1", "1300000"),
                                                                 ("b2", "5")]
    # the same data as a store that only ever saw the corrected file
    fresh = tmp_path / "fresh"
    assert run("load", data, "--store", fresh).exit_code == 0
    assert data_lines(store) == data_lines(fresh)
    funding = json.loads(run("query", "funding-by-lead", "--store", store, "--format",
                             "json").output)["results"]["bindings"]
    assert sorted(Decimal(r["totalAwarded"]["value"]) for r in funding) == [Decimal(5),
                                                                           Decimal(1300000)]


def test_append_keeps_what_a_file_said_before(run, tmp_path):
    data = write(tmp_path / "bids.csv", [("b1", "P", "Alpha Council", "lead", "1200000")])
    store = tmp_path / "store"
    run("load", data, "--store", store)
    write(data, [("b2", "P", "Beta Police", "lead", "1300000")])
    assert run("load", data, "--store", store, "--append").exit_code == 0
    # b1, which the file no longer says, is kept beside b2 (one amount each)
    assert sorted(a for _, _, a in rows(store, AMOUNTS)) == ["1200000", "1300000"]


def test_loading_again_changes_nothing(run, tmp_path, data_dir):
    a = write(tmp_path / "a.csv", [("b1", "P", "Alpha Council", "lead", "10"),
                                   ("b1", "P", "Beta Police", "partner", "")])
    b = write(tmp_path / "b.csv", [("b1", "P", "Beta Police", "lead", "20"),
                                   ("b1", "P", "Alpha Council", "partner", "")])
    store = tmp_path / "store"
    run("load", a, b, data_dir / "grants360.json", "--store", store)
    before = data_lines(store)
    for again in ([b], [data_dir / "grants360.json"], [a, b]):
        result = run("load", *again, "--store", store)
        assert "(+0 triples)" in result.output, result.output
        assert data_lines(store) == before
    # one label per bid, one prefLabel per organisation
    labels = rows(store, "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                         "SELECT ?s (COUNT(?l) AS ?n) WHERE { ?s skos:prefLabel ?l } GROUP BY ?s "
                         "HAVING (COUNT(?l) > 1)")
    assert labels == []


def test_grant_recipients_are_not_credited_to_the_register(run, tmp_path, data_dir):
    store = tmp_path / "store"
    run("load", data_dir / "grants360.json", "--store", store)
    run("load", data_dir / "grants360.json", "--store", store)
    credited = rows(store, "PREFIX prov: <http://www.w3.org/ns/prov#> "
                           "PREFIX pkg: <https://w3id.org/partnerkg/> "
                           "SELECT ?o WHERE { ?o prov:wasDerivedFrom "
                           "<https://w3id.org/partnerkg/id/source/register> . "
                           "FILTER NOT EXISTS { ?o pkg:gssCode ?code } }")
    assert credited == []


def test_bid_keys_stay_apart_within_and_across_files(run, tmp_path):
    first = write(tmp_path / "d1" / "bids.csv",
                  [("Δ-1", "P", "Alpha Council", "lead", "1"),
                   ("Σ-1", "P", "Beta Police", "lead", "2"),
                   ("A 1", "P", "Gamma Trust", "lead", "3"),
                   ("a-1", "P", "Delta Trust", "lead", "4")])
    # the same key in another file, once under another programme and once under the same
    second = write(tmp_path / "d2" / "bids.csv",
                   [("Δ-1", "Q", "Epsilon Trust", "lead", "100"),
                    ("a-1", "P", "Zeta Trust", "lead", "1000")])
    store = tmp_path / "store"
    loaded = run("load", first, second, "--store", store)
    assert "6 bids" in loaded.output
    found = rows(store, AMOUNTS)
    assert len({bid for bid, _, _ in found}) == 6
    assert sorted((k, a) for _, k, a in found) == sorted([
        ("Δ-1", "1"), ("Σ-1", "2"), ("A 1", "3"), ("a-1", "4"), ("Δ-1", "100"),
        ("a-1", "1000")])
    summary = json.loads(run("report", "--store", store, "--format", "json").output)
    assert summary["bids"] == 6


def test_one_body_written_two_ways_in_a_bid_is_one_lead_membership(run, tmp_path):
    data = write(tmp_path / "bids.csv", [("b1", "P", "Essex CC", "partner", ""),
                                         ("b1", "P", "Essex County Council", "lead", ""),
                                         ("b1", "P", "Kent Police", "partner", "")])
    store = tmp_path / "store"
    loaded = run("load", data, "--store", store)
    assert loaded.exit_code == 0
    # two names, one body: the note says how the name that is not the body's own was joined
    assert "'Essex CC' (partner) and 'Essex County Council' (lead) both became Essex County " \
        "Council ('Essex CC' joined by its name less council words)" in loaded.output
    assert rows(store, MEMBERS) == [("b1", "Essex County Council", "LeadPartner"),
                                    ("b1", "Kent Police", "Partner")]
    org = json.loads(run("report", "org", "Essex County Council", "--store", store,
                         "--format", "json").output)
    bids = org["bids"]["rows"]
    assert [row["role"] for row in bids] == ["lead"]


def test_symbols_keep_names_apart(run, store_of):
    store = store_of("bid,programme,organisation,role",
                     [("b1", "P", "C++ Group", "lead"), ("b1", "P", "C# Group", "partner"),
                      ("b1", "P", "C Group", "partner"), ("b1", "P", "C Group.", "partner")])
    names = rows(store, MEMBERS)
    # "C Group." is "C Group" written with a full stop: one body, three in all
    assert [name for _, name, _ in names] == ["C Group", "C# Group", "C++ Group"]


def test_replacing_through_the_bulk_loader_gives_what_a_plain_write_gives(
        run, tmp_path, monkeypatch):
    from partnerkg.graph import store as store_module

    data = write(tmp_path / "bids.csv", [("b1", "P", "Alpha Council", "lead", "1200000"),
                                         ("b1", "P", "Phantom Trust", "partner", "")])
    plain, bulk = tmp_path / "plain", tmp_path / "bulk"
    for store, threshold in ((plain, 10**9), (bulk, 0)):
        monkeypatch.setattr(store_module, "BULK_LOAD_FROM", threshold)
        write(data, [("b1", "P", "Alpha Council", "lead", "1200000"),
                     ("b1", "P", "Phantom Trust", "partner", "")])
        run("load", data, "--store", store)
        write(data, [("b1", "P", "Alpha Council", "lead", "7"),
                     ("b1", "P", "Gamma Trust", "partner", "")])
        assert run("load", data, "--store", store).exit_code == 0
    assert data_lines(plain) == data_lines(bulk)
    assert rows(bulk, MEMBERS) == [("b1", "Alpha Council", "LeadPartner"),
                                   ("b1", "Gamma Trust", "Partner")]
    with KnowledgeGraph(bulk) as kg:  # each file's own graph holds only what others may share
        graphs = {q.graph_name.value for q in kg.oxigraph.quads_for_pattern(None, None, None)
                  if isinstance(q.graph_name, ox.NamedNode)} - {str(CACHE_GRAPH_IRI)}
        assert len(graphs) == 1 and next(iter(graphs)).rsplit("/", 1)[-1].startswith("bids.csv")
        bids = kg.select("SELECT ?s WHERE { GRAPH ?g { ?s a <https://w3id.org/partnerkg/Bid> } }")
        assert bids[1] == []


def test_a_loaded_file_is_named_with_its_path_and_digest(run, tmp_path):
    import hashlib

    data = write(tmp_path / "bids.csv", [("b1", "P", "Alpha Council", "lead", "1")])
    store = tmp_path / "store"
    run("load", data, "--store", store)
    found = rows(store, "PREFIX pkg: <https://w3id.org/partnerkg/> SELECT ?locator ?digest "
                        "WHERE { ?f a pkg:SourceFile ; pkg:locator ?locator ; "
                        "pkg:contentDigest ?digest }")
    assert found == [(str(data.resolve()), hashlib.sha256(data.read_bytes()).hexdigest()[:12])]


def test_the_same_file_under_a_second_path_is_said(run, tmp_path, data_dir):
    import shutil

    first, second = tmp_path / "a" / "bids.csv", tmp_path / "b" / "copy.csv"
    for path in (first, second):
        path.parent.mkdir()
        shutil.copy(data_dir / "long.csv", path)
    store = tmp_path / "s"
    assert "same content" not in run("load", first, "--store", store).output
    result = run("load", second, "--store", store)
    assert result.exit_code == 0
    assert f"{second} has the same content as {first}, loaded before" in result.output
    assert "--as-same" in result.output


def test_as_same_loads_a_moved_file_as_the_file_it_was(run, tmp_path, data_dir):
    """tests/data/long.csv holds 3 bids: loaded, then moved and loaded with --as-same, the
    store holds them once, under the first path; without it, twice."""
    import shutil

    first, second = tmp_path / "a" / "bids.csv", tmp_path / "b" / "moved.csv"
    first.parent.mkdir()
    second.parent.mkdir()
    shutil.copy(data_dir / "long.csv", first)
    store = tmp_path / "s"
    assert run("load", first, "--store", store).exit_code == 0
    before = run("export", "--format", "nt", "--store", store).output
    first.rename(second)
    result = run("load", second, "--as-same", "--store", store)
    assert result.exit_code == 0, result.output
    assert f"{second} has the same content as {first}: loaded as that file (--as-same)" \
        in result.output
    assert "+0 triples" in result.output
    # the same facts; each row's file name is the name it was read under now
    after = run("export", "--format", "nt", "--store", store).output
    assert after.replace('"moved.csv"', '"bids.csv"') == before
    before = after
    listed = run("sources", "--store", store, "--format", "csv").output
    assert str(first) in listed and str(second) not in listed
    assert run("report", "--store", store).output.splitlines()[0].split(", ")[1] == "3 bids"
    # loading it again with --as-same changes nothing and says nothing more
    again = run("load", second, "--as-same", "--store", store)
    assert "+0 triples" in again.output
    assert run("export", "--format", "nt", "--store", store).output == before


def test_append_that_would_give_a_bid_two_amounts_is_refused(run, tmp_path):
    path, store = tmp_path / "ap.csv", tmp_path / "s"
    path.write_text("bid,programme,organisation,role,amount\nb1,F,Kent County Council,lead,"
                    "400000\n", encoding="utf-8")
    assert run("load", path, "--store", store).exit_code == 0
    path.write_text("bid,programme,organisation,role,amount\nb1,F,Kent County Council,lead,"
                    "450000\n", encoding="utf-8")
    before = run("export", "--format", "nt", "--store", store).output
    refused = run("load", path, "--store", store, "--append")
    assert refused.exit_code == 1
    assert "line 2, column amount: bid 'b1' has amount 450000 here, but the store already " \
           "holds 400000" in refused.output
    assert run("export", "--format", "nt", "--store", store).output == before
    # the same amount with a member more appends
    path.write_text("bid,programme,organisation,role,amount\nb1,F,Kent County Council,lead,"
                    "400000\nb1,F,Medway Council,partner,\n", encoding="utf-8")
    appended = run("load", path, "--store", store, "--append")
    assert appended.exit_code == 0 and "2 memberships" in appended.output


def test_sources_lists_each_file_with_what_it_gave(run, tmp_path, data_dir):
    import csv as _csv
    import io

    store = tmp_path / "s"
    assert run("load", data_dir / "long.csv", data_dir / "wide.csv", "--store", store
               ).exit_code == 0
    listed = list(_csv.DictReader(io.StringIO(run("sources", "--store", store, "--format",
                                                  "csv").output)))
    # counted from the files themselves: long, a row per membership; wide, a row per bid
    with open(data_dir / "long.csv", encoding="utf-8") as handle:
        long_rows = list(_csv.DictReader(handle))
    with open(data_dir / "wide.csv", encoding="utf-8") as handle:
        wide_rows = list(_csv.DictReader(handle))
    wide_members = sum(1 + len([p for p in r["Partners"].split(";") if p.strip()])
                       for r in wide_rows)
    got = {Path(r["locator"]).name: (int(r["bids"]), int(r["memberships"])) for r in listed}
    assert got == {"long.csv": (len({r["bid"] for r in long_rows}), len(long_rows)),
                   "wide.csv": (len(wide_rows), wide_members)}


@pytest.mark.parametrize("first, second", [
    # bodies the register lacks, named alike in both files
    ("long.csv", "wide.csv"),
    # a register body, the first file spelling it one way and the second another
    ("kent_a.csv", "kent_b.csv"),
])
def test_unload_leaves_what_a_fresh_load_of_the_rest_gives(run, tmp_path, data_dir, first,
                                                           second):
    import shutil

    files = {"kent_a.csv": "bid,programme,organisation,role\nk1,F,Kent County Council,lead\n"
                           "k1,F,Medway Council,partner\n",
             "kent_b.csv": "bid,programme,organisation,role\nk2,G,Kent CC,lead\n"
                           "k2,G,Kent Police,partner\n"}
    for name in (first, second):
        if name in files:
            (tmp_path / name).write_text(files[name], encoding="utf-8")
        else:
            shutil.copy(data_dir / name, tmp_path / name)
    both, rest = tmp_path / "both", tmp_path / "rest"
    assert run("load", tmp_path / first, tmp_path / second, "--store", both).exit_code == 0
    taken = run("unload", tmp_path / first, "--store", both)
    assert taken.exit_code == 0, taken.output
    assert run("load", tmp_path / second, "--store", rest).exit_code == 0
    assert data_lines(both) == data_lines(rest)
    assert [Path(f["locator"]).name for f in json.loads(
        run("sources", "--store", both, "--format", "json").output)] == [second]


def test_unload_of_a_file_the_store_does_not_hold_changes_nothing(run, tmp_path, data_dir):
    store = tmp_path / "s"
    assert run("load", data_dir / "long.csv", "--store", store).exit_code == 0
    before = data_lines(store)
    result = run("unload", tmp_path / "other.csv", "--store", store)
    assert result.exit_code == 1 and "holds nothing from" in result.output
    assert data_lines(store) == before


def test_a_file_loaded_again_without_a_body_leaves_its_name_to_the_others(run, tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("bid,programme,organisation,role\nb1,F,Riverside Trust,lead\n"
                     "b1,F,Hill Trust,partner\n", encoding="utf-8")
    second.write_text("bid,programme,organisation,role\nb2,F,Riverside Trust,lead\n",
                      encoding="utf-8")
    both, rest = tmp_path / "both", tmp_path / "rest"
    run("load", first, second, "--store", both)
    first.write_text("bid,programme,organisation,role\nb1,F,Hill Trust,lead\n",
                     encoding="utf-8")  # a.csv no longer names Riverside Trust
    assert run("load", first, "--store", both).exit_code == 0
    run("load", second, first, "--store", rest)
    # what the store says of Riverside Trust is what a fresh load of both files says
    assert {line for line in data_lines(both) if "riverside" in line.lower()} == \
        {line for line in data_lines(rest) if "riverside" in line.lower()}


LABELS = ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
          "SELECT ?kind ?name WHERE { ?o ?p ?name . VALUES (?p ?kind) { "
          "(skos:prefLabel 'pref') (skos:altLabel 'alt') } "
          "?o <https://w3id.org/partnerkg/identifier> 'GB-CHC-900001' }")


@pytest.mark.parametrize("bulk", [False, True], ids=["plain write", "bulk loader"])
def test_a_body_a_later_load_spells_otherwise_keeps_the_first_name(run, tmp_path, monkeypatch,
                                                                  bulk):
    """Loaded after another file, a file giving the same identifier with another spelling adds
    that spelling as an alternative name: the body keeps one preferred name."""
    from partnerkg.graph import store as store_module

    if bulk:
        monkeypatch.setattr(store_module, "BULK_LOAD_FROM", 1)
    header = "bid,programme,organisation,role,identifier"
    first = write(tmp_path / "a.csv", [("a1", "P", "Northshire Community Trust", "lead",
                                        "GB-CHC-900001")], header)
    second = write(tmp_path / "b.csv", [("b1", "P", "Northshire Community Trust Ltd", "lead",
                                         "GB-CHC-900001")], header)
    store = tmp_path / "store"
    for path in (first, second):  # two loads, one after the other
        done = run("load", path, "--store", store)
        assert done.exit_code == 0, done.output
    assert rows(store, LABELS) == [("alt", "Northshire Community Trust Ltd"),
                                   ("pref", "Northshire Community Trust")]

"""The resolve and register commands, and report --as-of, through CliRunner."""

import csv
import io
import json



def test_resolve_names_to_one_body(run):
    result = run("resolve", "West Cheshire", "CWAC", "Cheshire West & Chester Council",
                 "Cheshire East", "--format", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert [r["id"] for r in found] == ["GB-LAE-CHW"] * 3 + ["GB-LAE-CHE"]
    assert found[0]["canonical"] == "Cheshire West and Chester Council"
    assert found[0]["sector"] == "council"
    assert {"kind", "score", "runner_up"} <= set(found[0])


def test_resolve_needs_names_or_review(run):
    result = run("resolve")
    assert result.exit_code == 2 and "give NAMEs to resolve, or --review" in result.output


def test_variants_load_to_one_node_and_review_lists_the_doubtful(run, tmp_path, data_dir):
    store = tmp_path / "store"
    loaded = run("load", data_dir / "variants.csv", "--store", store)
    assert loaded.exit_code == 0
    # by hand from the file: 4 names by register aliases, 1 misprint by fuzzy match
    assert "5 names joined by rules (4 alias, 1 fuzzy)" in loaded.output
    assert "are one body" not in loaded.output
    assert "joined by fuzzy match (0.96)" in loaded.output
    partners = run("query", "org-partners", "--param",
                   "org=Cheshire West and Chester Council", "--format", "csv", "--store", store)
    names = sorted(row["name"] for row in csv.DictReader(io.StringIO(partners.output)))
    # four spellings of one council became one node; its partners are the other three bodies
    assert names == ["Cheshire Constabulary", "Cheshire East Council", "Healthwatch Cheshire"]
    review = run("resolve", "--review", "--store", store, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(review.output)))
    # every name but an exact register name, by kind then name
    assert [(r["name"], r["kind"]) for r in rows] == [
        ("CWAC", "alias"), ("Cheshire East", "alias"), ("Cheshire Police", "alias"),
        ("West Cheshire", "alias"), ("Cheshire West and Chestre Council", "fuzzy"),
        ("Healthwatch Cheshire", "unmatched")]
    fuzzy = rows[4]
    assert fuzzy["read at"] == "variants.csv:3"
    assert fuzzy["became"] == "Cheshire West and Chester Council"
    # the nearest other bodies are shown, never the body chosen
    assert fuzzy["candidates"] and "GB-LAE-CHW" not in fuzzy["candidates"]


def test_alias_file_fixes_a_name_on_the_next_load(run, tmp_path, data_dir):
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("name,id\nHealthwatch Cheshire,XI-PKG-NHS-ENGLAND\n", encoding="utf-8")
    result = run("resolve", "Healthwatch Cheshire", "--aliases", aliases, "--format", "json")
    assert json.loads(result.output)[0]["kind"] == "user-alias"
    store = tmp_path / "store"
    run("load", data_dir / "variants.csv", "--store", store, "--aliases", aliases)
    review = run("resolve", "--review", "--store", store, "--format", "csv")
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(review.output))}
    assert (rows["Healthwatch Cheshire"]["kind"], rows["Healthwatch Cheshire"]["became"]) == (
        "user-alias", "NHS England")


def test_bad_alias_file(run, tmp_path, data_dir):
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("nom,code\nx,y\n", encoding="utf-8")
    result = run("load", data_dir / "variants.csv", "--store", tmp_path / "s", "--aliases",
                 aliases)
    assert result.exit_code == 1 and "needs the columns name,id" in result.output
    assert not (tmp_path / "s").exists()


def test_register_list_and_import(run, tmp_path, shared_dir):
    listed = run("register", "list", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(listed.output)))
    assert list(rows[0]) == ["id", "name", "sector", "type", "gss", "region", "start", "end",
                             "successor"]
    ids = {r["id"] for r in rows}
    assert "GB-LAE-CHW" in ids and not any(i.startswith("GB-LAS-") for i in ids)
    store = tmp_path / "store"
    table = shared_dir / "reference" / "uk_local_authorities.csv"
    result = run("register", "import", table, "--store", store)
    assert result.exit_code == 0, result.output
    with open(table, encoding="utf-8") as handle:
        expected = sum(1 for _ in csv.DictReader(handle))
    assert f"Imported {expected} authorities" in result.output
    after = list(csv.DictReader(io.StringIO(run("register", "list", "--store", store,
                                                "--format", "csv").output)))
    scottish = [r for r in after if r["id"].startswith("GB-LAS-")]
    assert scottish and {r["id"] for r in rows} <= {r["id"] for r in after}
    aberdeen = next(r for r in after if r["id"] == "GB-LAS-ABE")
    assert aberdeen["gss"] == "S12000033"
    # a name only the imported table knows now resolves
    found = json.loads(run("resolve", "Aberdeen City Council", "--store", store,
                           "--format", "json").output)
    assert found[0]["id"] == "GB-LAS-ABE"


def test_register_import_errors(run, tmp_path, data_dir):
    result = run("register", "import", data_dir / "long.csv", "--store", tmp_path / "s")
    assert result.exit_code == 1
    assert "is not a table of UK local authorities" in result.output
    assert not (tmp_path / "s").exists()


def test_report_as_of_rolls_up_to_successors(run, tmp_path):
    path = tmp_path / "dorset.csv"
    path.write_text("bid,programme,organisation,role\nd1,F,West Dorset District Council,lead\n"
                    "d1,F,Weymouth & Portland Borough Council,partner\n"
                    "d2,F,Dorset Council,lead\nd2,F,Dorset Police,partner\n", encoding="utf-8")
    store = tmp_path / "store"
    run("load", path, "--store", store)
    before = json.loads(run("report", "--store", store, "--format", "json").output)
    assert before["organisations"] == 4
    after = json.loads(run("report", "--store", store, "--format", "json", "--as-of",
                           "2020-01-01").output)
    # by hand: West Dorset and Weymouth & Portland both became Dorset Council in 2019
    assert after["organisations"] == 2
    assert after["rolled_up"] == {
        "Weymouth and Portland Borough Council": ["Dorset Council"],
        "West Dorset District Council": ["Dorset Council"]}
    table = run("report", "--store", store, "--as-of", "2020-01-01").output
    assert "As of 2020-01-01: 2 bodies that no longer existed" in table
    early = json.loads(run("report", "--store", store, "--format", "json", "--as-of",
                           "2015-01-01").output)
    assert early["organisations"] == 4 and early["rolled_up"] == {}
    bad = run("report", "--as-of", "yesterday-ish")
    assert bad.exit_code == 2 and "is not a date" in bad.output


def _authorities(shared_dir, nation="Wales"):
    table = shared_dir / "reference" / "uk_local_authorities.csv"
    with open(table, encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return reader.fieldnames, [r for r in reader if r["nation"] == nation]


def test_register_import_refuses_successors_in_a_circle(run, tmp_path, shared_dir):
    fields, rows = _authorities(shared_dir)
    first, second = dict(rows[0]), dict(rows[1])
    first["replaced-by"], second["replaced-by"] = second["local-authority-code"], \
        first["local-authority-code"]
    first["end-date"] = second["end-date"] = "2019-04-01"
    path = tmp_path / "circle.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows([first, second])
    result = run("register", "import", path, "--store", tmp_path / "s")
    assert result.exit_code == 1
    assert "circle.csv line 2, column successor: the successors of" in result.output
    assert "lead back to it" in result.output and not (tmp_path / "s").exists()


def test_register_and_alias_files_saved_as_windows_1252(run, tmp_path, shared_dir):
    fields, rows = _authorities(shared_dir)
    row = dict(rows[0])
    row["official-name"] = "Cyngor Prawf Môn"  # a name with a letter Windows-1252 holds
    row["alt-names"] = ""  # the reference table's own alt-names hold UTF-8 mojibake
    path = tmp_path / "w1252.csv"
    with open(path, "w", encoding="cp1252", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerow(row)
    store = tmp_path / "s"
    assert run("register", "import", path, "--store", store).exit_code == 0
    ident = next(r["id"] for r in csv.DictReader(io.StringIO(
        run("register", "list", "--store", store, "--format", "csv").output))
        if r["name"] == "Cyngor Prawf Môn")
    aliases = tmp_path / "aliases.csv"
    aliases.write_bytes(f"name,id\nPrawf Môn Council,{ident}\n".encode("cp1252"))
    found = json.loads(run("resolve", "Prawf Môn Council", "--store", store, "--aliases",
                           aliases, "--format", "json").output)
    assert found[0]["id"] == ident


def test_an_alias_file_with_an_unclosed_quote_says_so(run, tmp_path):
    aliases = tmp_path / "aliases.csv"
    aliases.write_text('name,id\n"Kent CC,GB-LAE-KEN\nMedway,GB-LAE-MDW\n', encoding="utf-8")
    result = run("resolve", "Kent CC", "--aliases", aliases)
    assert result.exit_code == 1
    assert "aliases.csv line 2: a quote opened here is never closed" in result.output

"""The project's register against mySociety's table of UK local authorities (shared/reference)."""

import csv
import re

import pytest
from partnerkg.ontology import SECTORS
from partnerkg.resolution.register import Register

# Differences from the reference that the register keeps on purpose: (id, field) -> reason.
EXPLAINED: dict[tuple[str, str], str] = {}


@pytest.fixture(scope="module")
def register():
    return Register.default()


@pytest.fixture
def reference(shared_dir):
    with open(shared_dir / "reference" / "uk_local_authorities.csv", encoding="utf-8") as handle:
        return {row["local-authority-code"]: row for row in csv.DictReader(handle)}


def test_every_english_council_matches_the_reference(register, reference):
    english = {code: row for code, row in reference.items() if row["nation"] == "England"}
    councils = {b.id: b for b in register.bodies.values() if b.id.startswith("GB-LAE-")}
    assert set(councils) == {f"GB-LAE-{code}" for code in english}
    differences = []
    for code, row in english.items():
        body = councils[f"GB-LAE-{code}"]
        expected = {
            "name": row["official-name"], "gss": row["gss-code"],
            "type": row["local-authority-type-name"], "start": row["start-date"],
            "end": row["end-date"],
            "successors": tuple(f"GB-LAE-{c.strip()}" for c in row["replaced-by"].split(",")
                                if c.strip()),
        }
        for field, value in expected.items():
            if getattr(body, field) != value and (body.id, field) not in EXPLAINED:
                differences.append((body.id, field, getattr(body, field), value))
    assert differences == []


def test_register_covers_the_bodies_the_issue_names(register):
    by_type = {}
    for body in register.bodies.values():
        by_type.setdefault(body.type, []).append(body)
    assert len(by_type["Police force"]) == 43  # England and Wales
    assert len(by_type["Police and crime commissioner"]) == 41  # all but the Met and the City
    assert len(by_type["Fire and rescue authority"]) >= 45
    names = {b.name for b in register.bodies.values()}
    for needed in ("NHS England", "Jobcentre Plus", "Department for Work and Pensions",
                   "Department for Communities and Local Government", "Home Office",
                   "City of London Corporation", "Council of the Isles of Scilly",
                   "Greater Manchester Combined Authority"):
        assert needed in names


def test_every_body_is_well_formed(register):
    for body in register.bodies.values():
        assert re.fullmatch(r"(GB-LAE|GB-NHS|XI-PKG)-[A-Z0-9-]+", body.id), body.id
        assert body.sector in SECTORS, body.id
        for successor in body.successors:
            assert successor in register.bodies, (body.id, successor)
        if body.end and body.start:
            assert body.start <= body.end


def test_successors_on_a_date(register):
    # Taunton Deane -> Somerset West and Taunton (2019) -> Somerset Council (2023)
    assert register.successors_on("GB-LAE-TAU", "2018-01-01") == ["GB-LAE-TAU"]
    assert register.successors_on("GB-LAE-TAU", "2020-01-01") == ["GB-LAE-SWT"]
    assert register.successors_on("GB-LAE-TAU", "2024-01-01") == ["GB-LAE-SMT"]
    # Cumbria County Council was split in two in 2023
    assert sorted(register.successors_on("GB-LAE-CMA", "2024-01-01")) == ["GB-LAE-CBD",
                                                                           "GB-LAE-WAF"]


def test_an_alias_to_an_id_not_in_the_register_is_an_error(run, tmp_path, data_dir):
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("name,id\nAlpha Council,GB-LAE-ESS\nBeta,GB-NOWHERE-1\n", encoding="utf-8")
    store = tmp_path / "store"
    result = run("load", data_dir / "long.csv", "--store", store, "--aliases", aliases)
    assert result.exit_code == 1
    assert "line 3" in result.output and "GB-NOWHERE-1" in result.output
    assert not store.exists()  # checked before the store was made
    assert run("load", data_dir / "long.csv", "--store", store).exit_code == 0
    again = run("load", data_dir / "long.csv", "--store", store, "--aliases", aliases)
    assert again.exit_code == 1 and "GB-NOWHERE-1" in again.output

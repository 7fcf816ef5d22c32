"""Names resolved in a process of their own while a load reads its files
(``resolution.prefetch``): the decisions are the resolver's own, and a load that takes them
writes the graph a load without them writes."""

import csv

import pytest
from partnerkg import KnowledgeGraph
from partnerkg.exports.writers import serialise
from partnerkg.pipeline import load_into_store
from partnerkg.resolution import prefetch
from partnerkg.resolution.prefetch import NamesAhead
from partnerkg.resolution.register import Body, Register
from partnerkg.resolution.resolve import Resolver


@pytest.fixture
def names_file(tmp_path, data_dir):
    """A long-layout file naming, one bid each, the labelled set's names (register bodies
    written every way, and names of no body), with footnote marks and spaces on some."""
    with open(data_dir / "resolution_labelled.csv", encoding="utf-8") as handle:
        names = [row["source_name"] for row in csv.DictReader(handle)]
    path = tmp_path / "names.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Bid", "Programme", "Organisation", "Role"])
        for i, name in enumerate(names):
            written = f" {name}*" if i % 7 == 0 else name
            writer.writerow([f"b{i}", "Fund", written, "lead"])
    return path, sorted(set(names))


@pytest.fixture
def always(monkeypatch):
    monkeypatch.setattr(prefetch, "AHEAD_FROM", 0)  # however small the files


def test_names_resolved_ahead_are_what_the_resolver_decides(names_file, always):
    path, names = names_file
    ahead = NamesAhead.start([path])
    assert ahead is not None
    given = Resolver(Register.default())
    assert ahead.give(given) == len(names)
    own = Resolver(Register.default())
    for name in names:
        assert given._cache[name] == own.resolve(name), name
    # names settled by the register's words, by the fuzzy step, and not at all
    kinds = {given._cache[name].kind for name in names}
    assert {"exact", "alias", "suggestion", "unmatched"} <= kinds


def test_a_resolver_over_another_register_takes_nothing(names_file, always):
    path, _ = names_file
    ahead = NamesAhead.start([path])
    register = Register.default()
    register.add([Body(id="GB-TEST-1", name="Cheshire West Trust", sector="charity")])
    other = Resolver(register)
    assert ahead.give(other) == 0
    assert other._cache == {}


def test_a_process_that_fails_costs_nothing(names_file, always, tmp_path):
    path, _ = names_file
    ahead = NamesAhead.start([path], aliases=tmp_path / "no such aliases.csv")
    assert ahead.give(Resolver(Register.default())) == 0


def test_small_files_are_resolved_by_the_load_itself(names_file):
    path, _ = names_file
    assert NamesAhead.start([path]) is None


def test_a_load_with_names_resolved_ahead_writes_the_same_graph(names_file, always, tmp_path,
                                                                monkeypatch):
    path, names = names_file
    given = []
    real = NamesAhead.give
    monkeypatch.setattr(NamesAhead, "give", lambda self, resolver: (
        given.append(real(self, resolver)), given[-1])[1])
    load_into_store([path], tmp_path / "ahead")
    assert given == [len(names)]
    monkeypatch.setattr(prefetch, "AHEAD_FROM", 10 ** 12)
    load_into_store([path], tmp_path / "itself")
    assert given == [len(names)]  # not started for the second load
    with KnowledgeGraph(tmp_path / "ahead") as a, KnowledgeGraph(tmp_path / "itself") as b:
        assert serialise(a.to_memory(), "nt") == serialise(b.to_memory(), "nt")


def test_names_decided_ahead_are_not_resolved_again(names_file, always, monkeypatch):
    path, names = names_file
    resolver = Resolver(Register.default())
    resolver.expect(NamesAhead.start([path]))
    resolved_here = []
    real = Resolver._resolve
    monkeypatch.setattr(Resolver, "_resolve", lambda self, name, *args, **kwargs: (
        resolved_here.append(name), real(self, name, *args, **kwargs))[1])
    steps = resolver.resolving(names + ["A Name Only The Load Has"])
    steps.finish()  # waits for the process, then resolves what it did not
    assert set(resolved_here) == {"A Name Only The Load Has"}
    own = Resolver(Register.default())
    for name in names:
        assert resolver.resolve(name) == own.resolve(name), name


def test_a_step_asked_for_while_the_process_works_resolves_nothing(names_file, always,
                                                                   monkeypatch):
    """A step the load takes while its store is busy pauses rather than resolve what the
    process is resolving."""
    path, names = names_file
    resolver = Resolver(Register.default())
    ahead = NamesAhead.start([path])
    resolver.expect(ahead)
    resolved_here = []
    real = Resolver._resolve
    monkeypatch.setattr(Resolver, "_resolve", lambda self, name, *args, **kwargs: (
        resolved_here.append(name), real(self, name, *args, **kwargs))[1])
    steps = iter(resolver.resolving(names))
    if ahead.ready():
        pytest.skip("the process ended before the first step was asked for")
    next(steps)
    assert resolved_here == []
    for _ in steps:
        pass
    assert resolved_here == []  # every name came from the process

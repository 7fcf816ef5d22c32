"""SHACL validation of the graph against ``ontology/shapes.ttl`` (pyshacl)."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import SH, SKOS

from ..ontology import shapes_path

__all__ = ["Violation", "validate_graph", "validate_store", "shape_queries"]


@dataclass(frozen=True)
class Violation:
    focus: str
    label: str
    path: str
    message: str

    def __str__(self) -> str:
        name = f"{self.label} <{self.focus}>" if self.label else f"<{self.focus}>"
        return f"{name}: {self.message}" + (f" (path {self.path})" if self.path else "")


def _short(path) -> str:
    """A property as a prefixed name, with the shapes file's prefixes (the same whichever way
    the graph was checked)."""
    return _shapes_prefixes().normalizeUri(path)


_PREFIXES = []


def _shapes_prefixes():
    if not _PREFIXES:
        _PREFIXES.append(Graph().parse(str(shapes_path()), format="turtle").namespace_manager)
    return _PREFIXES[0]


def validate_graph(data: Graph) -> list[Violation]:
    """Check ``data`` (an in-memory graph, ontology included); return violations, sorted."""
    import pyshacl

    shapes = Graph().parse(str(shapes_path()), format="turtle")
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                    advanced=True, allow_warnings=True)
    found = set()
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        label = data.value(focus, SKOS.prefLabel) if focus is not None else None
        found.add(Violation(
            focus=str(focus), label=str(label) if label else "",
            path=_short(path) if isinstance(path, URIRef) else "",
            message=str(message) if message else "breaks a shape"))
    return sorted(found, key=lambda v: (v.label, v.focus, v.message))


def validate_store(store) -> list[Violation]:
    """Check a store against the shapes with SPARQL run by Oxigraph on the store itself: the
    same verdicts and messages as ``validate_graph`` (pyshacl, the reference), in time a
    national graph allows. Each property shape becomes a query (see ``shape_queries``).

    The verdict is kept under the store's data version and the shapes' text (see ``cache``):
    checking unchanged data against unchanged shapes again reads it back.
    """
    from dataclasses import asdict

    from . import cache

    kept = cache.remembered(store, "validation",
                            [1, shapes_path().read_text(encoding="utf-8")],
                            lambda: [asdict(v) for v in _check(store)], plain=True)
    return [Violation(**violation) for violation in kept]


def _check(store) -> list[Violation]:
    """``validate_store``'s verdict, worked out."""
    def kinds(of: str) -> str:
        """The class and its subclasses in the store, as a VALUES list (a property path
        ``rdf:type/rdfs:subClassOf*`` per node is many times slower on a big graph)."""
        found = {of} | {row[0] for row in store.select(
            f"SELECT DISTINCT ?k WHERE {{ ?k <{_SUBCLASS_OF}>+ <{of}> }}")[1]}
        return " ".join(f"<{k}>" for k in sorted(found))
    checks = shape_queries(kinds)
    broken = set()
    for (query, message, path), rows in zip(checks, store.select_all(
            [q for q, _, _ in checks], progress="Checking the graph against the shapes")):
        broken.update((focus, path, message) for (focus,) in rows)
    # labels only for the nodes that break a shape (on a sound graph, none): asked for every
    # node they would double the work
    labels: dict[str, str] = {}
    nodes = sorted({focus for focus, _, _ in broken if not focus.startswith("_:")})
    for start in range(0, len(nodes), 1000):
        values = " ".join(f"<{node}>" for node in nodes[start:start + 1000])
        for focus, label in store.select(
                f"SELECT ?focus (SAMPLE(?anyLabel) AS ?label) WHERE {{ VALUES ?focus {{ {values} }} "
                f"{_LABEL} }} GROUP BY ?focus")[1]:
            labels[focus] = label or ""
    found = {Violation(focus=focus, label=labels.get(focus, ""), path=path, message=message)
             for focus, path, message in broken}
    return sorted(found, key=lambda v: (v.label, v.focus, v.message))


_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_LABEL = ("OPTIONAL { ?focus <http://www.w3.org/2004/02/skos/core#prefLabel> ?anyLabel }")


def shape_queries(kinds=None) -> list[tuple[str, str, str]]:
    """(SELECT query, message, path) for each constraint of each property shape in the
    shapes file; a constraint the translation does not know is a ValueError, so the shapes
    cannot outgrow it unnoticed. Each query selects the ``?focus`` nodes that break it.

    ``kinds(class IRI)`` gives the class and its subclasses as a VALUES list (by default the
    class alone, with subclasses followed by a property path).
    """
    def instances(node: str, of) -> str:
        if kinds is None:
            return f"{node} <{_TYPE}>/<{_SUBCLASS_OF}>* <{of}> ."
        name = node.replace("?", "?kind_")
        return f"VALUES {name} {{ {kinds(str(of))} }} {node} <{_TYPE}> {name} ."
    from rdflib import RDF, BNode, Literal
    from rdflib.collection import Collection

    shapes = Graph().parse(str(shapes_path()), format="turtle")
    known = {SH.path, SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH.minInclusive,
             SH.maxInclusive, SH["in"], SH.message, SH.qualifiedValueShape,
             SH.qualifiedMinCount, SH.qualifiedMaxCount}
    queries = []
    for shape in sorted(shapes.subjects(RDF.type, SH.NodeShape)):
        target = shapes.value(shape, SH.targetClass)
        for prop in shapes.objects(shape, SH.property):
            unknown = {p for p in shapes.predicates(prop)} - known
            if unknown:
                raise ValueError(f"no SPARQL for the shape constraints {sorted(unknown)}")
            path = shapes.value(prop, SH.path)
            message = str(shapes.value(prop, SH.message) or "breaks a shape")
            if isinstance(path, BNode):
                pattern = f"?v <{shapes.value(path, SH.inversePath)}> ?focus ."
                shown = ""
            else:
                pattern = f"?focus <{path}> ?v ."
                shown = _short(path)
            targets = instances("?focus", target)

            def grouped(having: str, inner: str = pattern) -> str:
                # values counted per node once, in a sub-select joined by hashing (a group per
                # target with an OPTIONAL inside is several times slower on a big graph);
                # a target with no value counts 0
                count = "COALESCE(?count, 0)"
                return (f"SELECT ?focus WHERE {{ {targets} OPTIONAL {{ SELECT ?focus "
                        f"(COUNT(DISTINCT ?v) AS ?count) WHERE {{ {inner} }} GROUP BY ?focus }} "
                        f"FILTER({having.replace('COUNT(DISTINCT ?v)', count)}) }}")

            def each(condition: str) -> str:
                return f"SELECT DISTINCT ?focus WHERE {{ {targets} {pattern} {condition} }}"

            def add(query: str) -> None:
                queries.append((query, message, shown))
            minimum, maximum = shapes.value(prop, SH.minCount), shapes.value(prop, SH.maxCount)
            counts = ([f"COUNT(DISTINCT ?v) < {int(minimum)}"] if minimum is not None else []) \
                + ([f"COUNT(DISTINCT ?v) > {int(maximum)}"] if maximum is not None else [])
            if minimum is not None and int(minimum) == 1 and maximum is None:
                # "at least one": the targets without a value, by an anti-join (no counting)
                add(f"SELECT ?focus WHERE {{ {targets} MINUS {{ {pattern} }} }}")
            elif counts:  # one pass for both bounds: they share the property's message
                add(grouped(" || ".join(counts)))
            kind = shapes.value(prop, SH["class"])
            if kind is not None:  # MINUS: an anti-join by hashing, not a lookup per value
                add(each(f"MINUS {{ {instances('?v', kind)} }}"))
            # the tests of single values, one pass for all of a property's (they share its
            # message); each test is written so that it never ends in an error
            tests = []
            datatype = shapes.value(prop, SH.datatype)
            if datatype is not None:
                tests.append(f"!isLiteral(?v) || datatype(?v) != <{datatype}>")
            for bound, test in ((SH.minInclusive, ">="), (SH.maxInclusive, "<=")):
                value = shapes.value(prop, bound)
                if value is not None:
                    # an error in the comparison (a value that is no number) is a violation
                    tests.append(f"!COALESCE(?v {test} {Literal(value).n3()}, false)")
            allowed = shapes.value(prop, SH["in"])
            if allowed is not None:
                terms = ", ".join(term.n3() for term in Collection(shapes, allowed))
                tests.append(f"?v NOT IN ({terms})")
            if tests:
                add(each("FILTER(" + " || ".join(f"({test})" for test in tests) + ")"))
            qualified = shapes.value(prop, SH.qualifiedValueShape)
            if qualified is not None:
                inner_path = shapes.value(qualified, SH.path)
                value = shapes.value(qualified, SH.hasValue)
                if set(shapes.predicates(qualified)) - {SH.path, SH.hasValue}:
                    raise ValueError("no SPARQL for that qualified value shape")
                inner = f"{pattern} ?v <{inner_path}> {value.n3()} ."
                low = shapes.value(prop, SH.qualifiedMinCount)
                high = shapes.value(prop, SH.qualifiedMaxCount)
                tests = ([f"COUNT(DISTINCT ?v) < {int(low)}"] if low is not None else []) + (
                    [f"COUNT(DISTINCT ?v) > {int(high)}"] if high is not None else [])
                add(grouped(" || ".join(tests), inner))
    return queries

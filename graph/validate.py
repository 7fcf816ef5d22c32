"""SHACL validation of the graph against ``ontology/shapes.ttl`` (pyshacl)."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import SH, SKOS

from ..ontology import shapes_path

__all__ = ["Violation", "validate_graph"]


@dataclass(frozen=True)
class Violation:
    focus: str
    label: str
    path: str
    message: str

    def __str__(self) -> str:
        name = f"{self.label} <{self.focus}>" if self.label else f"<{self.focus}>"
        return f"{name}: {self.message}" + (f" (path {self.path})" if self.path else "")


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
            path=data.namespace_manager.normalizeUri(path) if isinstance(path, URIRef) else "",
            message=str(message) if message else "breaks a shape"))
    return sorted(found, key=lambda v: (v.label, v.focus, v.message))

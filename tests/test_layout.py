"""The layout follows the data flow: no module imports from a package later in the flow."""

import ast
from pathlib import Path

import partnerkg
import pytest

ROOT = Path(partnerkg.__file__).resolve().parent

#: The flow, first to last. Packages in one step are peers and do not import each other.
FLOW = [
    {"core"},
    {"ontology", "data"},
    {"loaders"},
    {"resolution"},
    {"graph"},
    {"pipeline", "queries"},
    {"network"},
    {"reports", "views", "exports"},
    {"browse"},  # pages of the reports and views, served by the endpoint
    {"endpoint"},
    {"cli"},
    {"__init__", "__main__"},
]
STEP = {name: i for i, names in enumerate(FLOW) for name in names}
NOT_PACKAGE = {"tests", "benchmarks", "build", "dist"}


def modules():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] in NOT_PACKAGE or parts[0].endswith(".egg-info"):
            continue
        yield path, parts


def own_package(parts) -> str:
    return parts[0][:-3] if len(parts) == 1 else parts[0]


def imported_packages(path: Path, parts) -> set[str]:
    """The partnerkg packages (first part below partnerkg) a module imports, at any depth."""
    here = list(parts[:-1])  # the package the module is in
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - (node.level - 1)] if node.level > 1 else here
                target = base + (node.module.split(".") if node.module else [])
                if not target:  # "from . import x" at the top: x is a package or module
                    target = [alias.name for alias in node.names]
                    found.update(target)
                    continue
            elif node.module and node.module.split(".")[0] == "partnerkg":
                target = node.module.split(".")[1:] or [alias.name for alias in node.names]
            else:
                continue
            found.add(target[0])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                names = alias.name.split(".")
                if names[0] == "partnerkg" and len(names) > 1:
                    found.add(names[1])
    return found


def test_every_module_belongs_to_a_step_of_the_flow():
    unplaced = {own_package(parts) for _, parts in modules()} - set(STEP)
    assert not unplaced, f"place these in FLOW (or move them): {sorted(unplaced)}"


@pytest.mark.parametrize("path, parts", list(modules()), ids=lambda x: "/".join(x)
                         if isinstance(x, tuple) else "")
def test_no_module_imports_from_later_in_the_flow(path, parts):
    mine = own_package(parts)
    for other in imported_packages(path, parts):
        if other == mine or other not in STEP:
            continue
        assert STEP[other] < STEP[mine], (
            f"{'/'.join(parts)} ({mine}, step {STEP[mine]}) imports {other} "
            f"(step {STEP[other]}): data flows the other way")


def test_the_checker_sees_relative_and_absolute_imports(tmp_path):
    """The walker must find what a module imports, or the test above could not fail."""
    sample = tmp_path / "sample.py"
    sample.write_text("from ..graph.store import Store\nimport partnerkg.views.network\n"
                      "def f():\n    from ..core import errors\n    from . import engine\n"
                      "    from partnerkg.loaders import load_files\n")
    assert imported_packages(sample, ("network", "analysis.py")) == {
        "graph", "views", "core", "network", "loaders"}


def test_every_package_says_what_it_takes_and_hands_on():
    for init in sorted(ROOT.glob("*/__init__.py")):
        if init.parent.name in NOT_PACKAGE:
            continue
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert len(doc) > 60, f"{init.parent.name}/__init__.py needs a docstring"
        assert "takes" in doc.lower() and "hands on" in doc.lower(), (
            f"{init.parent.name}/__init__.py: say what it takes and what it hands on")


def test_the_top_level_holds_the_design_and_little_else():
    loose = sorted(p.name for p in ROOT.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "cli.py", "pipeline.py"]


def test_the_store_reads_no_source_files():
    store = ROOT / "graph" / "store.py"
    assert "loaders" not in imported_packages(store, ("graph", "store.py"))

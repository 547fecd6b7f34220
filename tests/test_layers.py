"""The package's tree is its architecture (issue 23): every import of kgtool's own modules points
down the layers, never up and never sideways between peer packages, and no modules import each
other in a cycle. Imports are read from the source (all of them: at module level, inside
functions, under TYPE_CHECKING), so a lazy import cannot hide an arrow."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kgtool"

#: Lowest first. The top-level modules are the base; the packages of one entry are peers.
LAYERS: tuple[frozenset[str], ...] = tuple(
    frozenset(layer)
    for layer in (
        {"base"},
        {"sparql"},
        {"engines"},
        {"inputs"},
        {"audit", "validation", "authoring", "drafting", "linking"},
        {"assessment"},
        {"html"},
        {"publish"},
        {"web"},
        {"cli"},
    )
)
#: The public face of the library (it names every layer's entry points) and ``python -m kgtool``.
FACADE = {"kgtool", "kgtool.__main__"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The kgtool modules ``name`` imports (``from kgtool.x import y`` counts ``kgtool.x.y`` when
    that is a module, else ``kgtool.x``)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    return {m for m in found if m in known and m != name}


def _layer(module: str) -> tuple[int, str]:
    parts = module.split(".")
    group = "base" if len(parts) == 2 and not (PACKAGE / parts[1]).is_dir() else parts[1]
    for rank, layer in enumerate(LAYERS):
        if group in layer:
            return rank, group
    raise AssertionError(f"{module}: in no layer of LAYERS; add its package to one")


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def test_the_graph_is_read():
    graph = _graph()
    assert len(graph) > 60  # every module was found
    assert "kgtool.audit.run" in graph["kgtool.cli.program"] or any(
        "kgtool.audit" in targets for targets in graph.values()
    )


def test_every_package_is_in_a_layer():
    for module in _graph():
        if module not in FACADE:
            _layer(module)


def arrows_against_layers(graph: dict[str, set[str]]) -> list[str]:
    wrong = []
    for module, targets in sorted(graph.items()):
        if module in FACADE:
            continue
        rank, group = _layer(module)
        for target in sorted(targets):
            if target in FACADE:
                wrong.append(f"{module} -> {target} (the facade imports the library, not back)")
                continue
            target_rank, target_group = _layer(target)
            if target_rank > rank:
                wrong.append(f"{module} -> {target} (up: {group} is below {target_group})")
            elif target_rank == rank and target_group != group:
                wrong.append(f"{module} -> {target} (between peers {group} and {target_group})")
    return wrong


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_points_up_or_between_peers():
    assert arrows_against_layers(_graph()) == []


def test_no_import_cycle():
    assert cycles(_graph()) == []


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"kgtool.errors": {"kgtool.audit.run"}, "kgtool.audit.run": set()}, "up"),
        (
            {"kgtool.audit.run": {"kgtool.validation.coverage"}, "kgtool.validation.coverage": set()},
            "between peers",
        ),
    ],
)
def test_the_checks_see_a_wrong_arrow(graph, expected):
    (wrong,) = arrows_against_layers(graph)
    assert expected in wrong


def test_the_check_sees_a_cycle():
    graph = {
        "kgtool.a": {"kgtool.b"},
        "kgtool.b": {"kgtool.c"},
        "kgtool.c": {"kgtool.a"},
        "kgtool.d": {"kgtool.a"},
    }
    assert cycles(graph) == [["kgtool.a", "kgtool.b", "kgtool.c"]]

"""The layers hold: the domain packages import no Qt, operations no argparse, no cycles;
and no module or class grows past what one reader can hold (issue 13).

Read from the source (every import statement, also those inside functions), so a
lazy import that would pull Qt into ``rapport check`` or a worker thread fails
here, not in a user's hands. Hints under ``TYPE_CHECKING`` count for the Qt and
argparse rules but not as cycles: they never run.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE_ROOT = Path(__file__).resolve().parents[1] / "desktop" / "rapport"
#: Plain data in, plain data out: nothing here may touch Qt.
QT_FREE = ("analysis", "grammar", "notes", "operations", "settings", "fileio", "offsets", "paths")
QT_MODULES = ("PySide6", "shiboken6", "rapport.ui")
#: The operations are shared by the command line and the window, and the domain
#: packages by both: the command line's own code (argparse) lives in rapport.cli*.
ARGPARSE_FREE = ("operations", "analysis", "grammar", "notes")
#: Past these a module or class does several things; split it into parts named for them.
MAX_MODULE_LINES = 600
MAX_CLASS_LINES = 320


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE_ROOT.rglob("*.py"))}


def _type_checking_only(tree: ast.Module) -> set[ast.AST]:
    """The import statements under ``if TYPE_CHECKING:``, which never run."""
    guarded: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for statement in node.body:
                guarded.update(ast.walk(statement))
    return guarded


def imported_names(path: Path, *, type_only: bool = True) -> set[str]:
    """Every module ``path`` imports, resolved to the deepest module that exists.

    ``type_only=False`` leaves out imports under ``if TYPE_CHECKING:``: a window
    helper may name the window's class in a hint without that being a cycle.
    """
    known = modules()
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = set() if type_only else _type_checking_only(tree)
    for node in ast.walk(tree):
        if node in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in known else base)
    return found


def _in_layer(module: str, layers: tuple[str, ...]) -> bool:
    return any(
        module == f"rapport.{layer}" or module.startswith(f"rapport.{layer}.") for layer in layers
    )


def _imports_any(imported: set[str], banned: tuple[str, ...]) -> set[str]:
    return {name for name in imported if any(name == b or name.startswith(b + ".") for b in banned)}


def test_the_module_list_is_read_from_the_source() -> None:
    names = modules()
    # A typo in PACKAGE_ROOT would make every check below pass on nothing.
    assert "rapport.analysis.engine" in names and "rapport.ui.main_window" in names
    for layer in QT_FREE:
        assert any(_in_layer(name, (layer,)) for name in names), layer


@pytest.mark.parametrize("layer", QT_FREE)
def test_the_domain_layers_import_no_qt(layer: str) -> None:
    offenders = {
        name: sorted(_imports_any(imported_names(path), QT_MODULES))
        for name, path in modules().items()
        if _in_layer(name, (layer,))
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_operations_and_the_domain_packages_import_no_argparse() -> None:
    offenders = {
        name: sorted(_imports_any(imported_names(path), ("argparse",)))
        for name, path in modules().items()
        if _in_layer(name, ARGPARSE_FREE)
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_no_import_cycle() -> None:
    known = modules()
    graph = {
        name: sorted(
            target
            for target in imported_names(path, type_only=False)
            if target in known
            and target != name
            # A package's own __init__ is not an edge: importing rapport.notes.store
            # runs rapport/notes/__init__.py by Python's rules, not by choice.
            and not name.startswith(target + ".")
        )
        for name, path in known.items()
    }
    cycle = _find_cycle(graph)
    assert cycle is None, " -> ".join(cycle or [])


def _find_cycle(graph: dict[str, list[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in graph.get(node, ()):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _find_cycle({"a": ["b"], "b": ["c"], "c": ["a"]}) == ["a", "b", "c", "a"]
    assert _find_cycle({"a": ["b"], "b": []}) is None


def test_no_module_or_class_is_too_long_to_read() -> None:
    too_long: dict[str, int] = {}
    for name, path in modules().items():
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > MAX_MODULE_LINES:
            too_long[name] = len(text.splitlines())
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and node.end_lineno is not None:
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_CLASS_LINES:
                    too_long[f"{name}.{node.name}"] = lines
    limits = f"{MAX_MODULE_LINES} lines for a module, {MAX_CLASS_LINES} for a class"
    assert too_long == {}, f"longer than {limits}: {too_long}"

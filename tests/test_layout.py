"""The package's layers, held by walking every module's imports (README "Layout").

read → parse → derive → plan → verify → write → render. `core` is pure and imports only
itself; `io` (disk) sees the core's model, errors, config and patterns; `git` runs every git process
and sees only the core's model and errors; `ui` renders the core's model; `history` and
`merge` stand on `core`, `io` and `git`; `app` (the use cases) on all of those; the CLI
(Typer signatures) only on `app` and `ui`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "trackmd"

ALLOWED: dict[str, tuple[str, ...]] = {
    "core": ("trackmd.core",),
    "io": (
        "trackmd.io",
        "trackmd.core.model",
        "trackmd.core.errors",
        "trackmd.core.config",
        "trackmd.core.lexicon",  # the tracker file names
        "trackmd.core.patterns",  # how every module compiles a pattern
        "trackmd.core.record",  # the NamedTuple every module makes its records with
    ),
    "git": ("trackmd.git", "trackmd.core.model", "trackmd.core.errors"),
    "ui": ("trackmd.ui", "trackmd.core"),
    "history": (
        "trackmd.history",
        "trackmd.git",
        "trackmd.core",
        "trackmd.io",
        "trackmd.__version__",
    ),
    "merge": ("trackmd.merge", "trackmd.git", "trackmd.core", "trackmd.io"),
    "app": (
        "trackmd.app",
        "trackmd.core",
        "trackmd.io",
        "trackmd.git",
        "trackmd.history",
        "trackmd.merge",
        "trackmd.ui",
        "trackmd.__version__",
    ),
    "lsp": ("trackmd.lsp", "trackmd.app", "trackmd.core", "trackmd.io", "trackmd.__version__"),
}
CLI = (
    "trackmd.app",
    "trackmd.ui",
    "trackmd.cli_history",
    "trackmd.lsp",
    "trackmd.commands",
    "trackmd.launch",
)  # Typer signatures → app → exit code


def imported(path: Path) -> set[str]:
    """Every `trackmd…` name a module imports, top level or inside functions."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names if a.name.split(".")[0] == "trackmd"}
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.level == 0
            and node.module.split(".")[0] == "trackmd"
        ):
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def layer_modules() -> list[tuple[str, Path]]:
    return [(layer, path) for layer in ALLOWED for path in sorted((PACKAGE / layer).rglob("*.py"))]


@pytest.mark.parametrize(("layer", "path"), layer_modules(), ids=lambda v: getattr(v, "name", v))
def test_each_layer_imports_only_what_it_stands_on(layer: str, path: Path) -> None:
    wrong = sorted(n for n in imported(path) if not within(n, ALLOWED[layer]))
    assert not wrong, f"{path.relative_to(PACKAGE)} ({layer}) imports {wrong}"


@pytest.mark.parametrize(
    "name", ["cli.py", "cli_history.py", "commands.py", "launch.py", "__main__.py"]
)
def test_the_cli_stands_only_on_app_and_ui(name: str) -> None:
    wrong = sorted(n for n in imported(PACKAGE / name) if not within(n, (*CLI, "trackmd.cli")))
    assert not wrong, f"{name} imports {wrong}"


def test_every_module_is_in_a_layer_or_the_cli() -> None:
    top = {p.name for p in PACKAGE.glob("*.py")}
    assert top == {
        "__init__.py",
        "__main__.py",
        "cli.py",
        "cli_history.py",
        "commands.py",
        "launch.py",
    }, top
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == {*ALLOWED, "schema"}, folders


def test_the_rules_see_a_wrong_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from trackmd.io import files\n", encoding="utf-8")
    assert not within(next(iter(imported(module))), ALLOWED["core"])


def test_git_processes_run_from_git_only() -> None:
    """Processes are git's, and `git/` runs them all (the merge driver's `git merge-file`
    and config included, in `git.merging`)."""
    running = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "subprocess" in {n.split(".")[0] for n in _plain_imports(path)}
    )
    assert running and all(name.startswith("git/") for name in running), running


def _plain_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_module_over_500_lines_and_no_class_over_200() -> None:
    """Issue 13: modules small enough to read whole, classes small enough to hold in mind."""
    long_modules, long_classes = [], []
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        name = str(path.relative_to(PACKAGE))
        if text.count("\n") > 500:
            long_modules.append(f"{name}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and (node.end_lineno or 0) - node.lineno > 200:
                long_classes.append(f"{name}:{node.name}")
    assert not long_modules and not long_classes, (long_modules, long_classes)

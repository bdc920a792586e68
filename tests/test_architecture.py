"""The house rules the import contracts (pyproject.toml, checked by lint-imports in CI) cannot express."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "reflect"
TYPER_INTERNALS = ("typer._click", "typer.core", "typer.main", "typer.models", "click")


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_only_the_typer_module_reaches_typer_and_click_internals():
    reaching = {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if any(m == i or m.startswith(i + ".") for m in imported_modules(path) for i in TYPER_INTERNALS)
    }
    assert reaching == {"_typer.py"}


def test_at_most_six_modules_at_the_top():
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "_typer.py", "cli.py", "config.py", "errors.py"]


def test_every_layer_is_a_package():
    layers = {"commands", "flows", "interview", "io", "render", "store", "analysis", "privacy", "domain"}
    assert layers <= {path.parent.name for path in PACKAGE.glob("*/__init__.py")}


def lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_commands_stay_thin():
    """Commands parse options, call one flow or query and hand the result to a renderer: together under 1,600 lines."""
    total = sum(lines(path) for path in (PACKAGE / "commands").glob("*.py"))
    assert total < 1600, f"commands/ holds {total} lines; move the work into flows/ or render/"


def test_no_module_over_600_lines():
    over = {path.relative_to(PACKAGE).as_posix(): lines(path) for path in PACKAGE.rglob("*.py") if lines(path) > 600}
    assert over == {}


def test_only_the_interview_imports_questionary():
    importing = {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if any(m == "questionary" or m.startswith("questionary.") for m in imported_modules(path))
    }
    assert importing and all(name.startswith("interview/") for name in importing)

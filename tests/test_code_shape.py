"""Production code stays readable: no Python file over 600 lines and no function over 60.
Migrations (written by Django), tests and benchmarks are not held to it. A module that grows
past the limit becomes a package split by page or entity; a function, smaller functions."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 60
NOT_PRODUCTION = {"tests", "bench", "migrations", "static", "templates", "var", "node_modules"}


def production_sources() -> list[Path]:
    """Every Python file of the portal itself, outside the folders above, the virtualenv and
    hidden folders."""
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if not any(
            part in NOT_PRODUCTION or part.startswith(".") or part.endswith("venv")
            for part in path.relative_to(ROOT).parts[:-1]
        )
    )


def long_functions(path: Path) -> list[str]:
    """Functions and methods of ``path`` longer than the limit, from ``def`` to their last
    line (decorators aside), as ``file:line name (N lines)``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                where = path.relative_to(ROOT)
                found.append(f"{where}:{node.lineno} {node.name} ({length} lines)")
    return found


def test_the_check_reads_every_app() -> None:
    packages = {path.relative_to(ROOT).parts[0] for path in production_sources()}
    assert {"sli_portal", "returns", "triggers", "demo"} <= packages
    assert not {"tests", "bench"} & packages


def test_no_production_file_is_over_600_lines() -> None:
    too_long = [
        f"{path.relative_to(ROOT)} ({count} lines)"
        for path in production_sources()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_FILE_LINES
    ]
    assert not too_long, "Split these modules into packages: " + ", ".join(too_long)


def test_no_production_function_is_over_60_lines() -> None:
    too_long = [found for path in production_sources() for found in long_functions(path)]
    assert not too_long, "Split these functions: " + ", ".join(too_long)

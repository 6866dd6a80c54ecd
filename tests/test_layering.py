"""Data flows one way: an app imports only from the apps listed before it in the README's
layout (a lower app tells a higher one something by a signal or a task queued after commit).
The project package may be imported by every app and imports none but to wire their URLs."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
ORDER = [
    "authorities",
    "accounts",
    "notifications",
    "returns",
    "scorecard",
    "selfassessment",
    "triggers",
    "support",
    "improvement_plans",
    "reports",
    "opendata",
    "operations",
    "pages",
    "demo",
]
WIRING = {ROOT / "sli_portal" / "urls.py"}


def imported_apps(path: Path) -> set[str]:
    """The apps ``path`` imports from, at module level or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
    return found & {*ORDER, "sli_portal"}


def sources(package: str) -> list[Path]:
    return [p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts]


def test_the_readme_lists_the_apps_in_this_order() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    positions = [readme.index(f"| `{app}` |") for app in ORDER]
    assert positions == sorted(positions)
    assert set(ORDER) <= set(settings.INSTALLED_APPS)


@pytest.mark.parametrize("app", ORDER)
def test_an_app_imports_only_from_the_apps_before_it(app: str) -> None:
    allowed = {*ORDER[: ORDER.index(app) + 1], "sli_portal"}
    upward = {
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sources(app)
        for name in imported_apps(path) - allowed
    }
    assert not upward, "\n".join(sorted(upward))


def test_the_project_package_imports_no_app_but_to_wire_urls() -> None:
    imports = {
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sources("sli_portal")
        if path not in WIRING
        for name in imported_apps(path) - {"sli_portal"}
    }
    assert not imports, "\n".join(sorted(imports))

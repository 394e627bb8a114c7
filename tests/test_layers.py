"""Layers point inward: domain imports only the standard library, pydantic and itself."""

import ast
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "normdocs"
ALLOWED_IN_DOMAIN = {"pydantic", "normdocs.domain", "normdocs.i18n"}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_domain_is_pure():
    stdlib = sys.stdlib_module_names
    for path in (SRC / "domain").glob("*.py"):
        for name in imports_of(path):
            top = name.split(".")[0]
            allowed = top in stdlib or any(
                name == a or name.startswith(a + ".") for a in ALLOWED_IN_DOMAIN
            )
            assert allowed, f"{path.name} imports {name}"


def test_inner_layers_never_import_the_cli():
    for layer in ("domain", "store", "services", "importers", "reports"):
        for path in (SRC / layer).glob("*.py"):
            assert not any(n.startswith("normdocs.cli") for n in imports_of(path)), path
            assert "typer" not in {n.split(".")[0] for n in imports_of(path)}, path


def test_nothing_sqlite_specific_outside_the_store():
    for path in SRC.rglob("*.py"):
        if "store" in path.parts:
            continue
        assert "sqlite3" not in {n.split(".")[0] for n in imports_of(path)}, path
        assert "PRAGMA" not in path.read_text(encoding="utf-8") or path.name == "registry.py", path

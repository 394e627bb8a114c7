"""Layers point inward (DESIGN §3): cli → services → {domain, store, importers, reports}.

Every module of src/normdocs is read, none exempted: what each layer may import of normdocs and
of the libraries, that the domain does no I/O, reads no clock and has no interface language of
its own (its messages are rendered at the edge), and that only store/ speaks to SQLite. Each
rule lists every offending line at once; the checks themselves are tried on bad code below.
"""

import ast
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "normdocs"

# What each part may import of normdocs (the top-level modules count as parts of their own).
MAY_IMPORT: dict[str, set[str]] = {
    "domain": {"domain"},
    "store": {"store", "domain", "i18n"},
    "importers": {"importers", "domain", "i18n"},
    "reports": {"reports", "domain", "i18n"},
    "services": {"services", "domain", "store", "importers", "reports", "i18n"},
    "cli": {"cli", "services", "domain", "reports", "i18n"},
    # The interface language renders the domain's messages: it knows them and nothing else.
    "i18n": {"domain.messages"},
    "__main__": {"cli"},
    "__init__": set(),
}

# Libraries that belong to one part only.
LIBRARY_HOMES: dict[str, set[str]] = {
    "typer": {"cli"},
    "rich": {"cli"},
    "click": set(),  # Typer vendors Click: use typer's names (STYLE.md)
    "sqlite3": {"store"},
    "sqlalchemy": {"store", "services"},
    "sqlmodel": {"store", "services"},
    "alembic": {"store", "services"},
    # The content checks' anchor scan; the domain takes it as a function (content_scan.py).
    "ahocorasick_rs": {"services"},
}

# Standard-library modules that do I/O, run processes, read a clock or set a process-wide
# language: none of them in the domain.
NOT_IN_DOMAIN = {
    "os", "io", "pathlib", "shutil", "tempfile", "glob", "fileinput", "mmap", "fcntl", "msvcrt",
    "sqlite3", "dbm", "shelve", "zipfile", "tarfile", "gzip", "bz2", "lzma",
    "subprocess", "multiprocessing", "concurrent", "threading", "asyncio", "signal",
    "socket", "ssl", "select", "selectors", "http", "urllib", "ftplib", "smtplib", "webbrowser",
    "sys", "logging", "time", "getpass", "platform", "gettext", "locale",
}  # fmt: skip
NO_IO_CALLS = {"open", "print", "input", "breakpoint"}
CLOCK_READS = {"now", "today", "utcnow"}
CLOCK_OWNERS = {"date", "datetime"}

Violation = str


def modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def part_of(path: Path) -> str:
    relative = path.relative_to(SRC)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(SRC.parent).with_suffix("").parts)


def imports_in(tree: ast.AST, module: str) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) of every import, in functions and TYPE_CHECKING blocks too;
    `from normdocs import i18n` counts as normdocs.i18n, relative imports are resolved."""
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            yield node.lineno, base
            if base.split(".")[0] == "normdocs":
                for alias in node.names:
                    yield node.lineno, f"{base}.{alias.name}"


def _inside(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _known_normdocs_module(name: str) -> bool:
    relative = name.removeprefix("normdocs.").replace(".", "/")
    return (SRC / f"{relative}.py").exists() or (SRC / relative).is_dir()


def layer_violations(part: str, module: str, tree: ast.AST) -> list[Violation]:
    found = []
    for line, name in imports_in(tree, module):
        if not _inside(name, "normdocs") or name == "normdocs":
            continue
        if not _known_normdocs_module(name):
            continue  # `from normdocs.x import some_function`: the module itself is checked
        target = name.removeprefix("normdocs.")
        if not any(_inside(target, allowed) for allowed in MAY_IMPORT[part]):
            found.append(f"{module}:{line} imports {name}")
    return found


def library_violations(part: str, module: str, tree: ast.AST) -> list[Violation]:
    found = []
    for line, name in imports_in(tree, module):
        top = name.split(".")[0]
        if top in LIBRARY_HOMES and part not in LIBRARY_HOMES[top]:
            found.append(f"{module}:{line} imports {name}")
        if part == "domain" and top not in sys.stdlib_module_names | {"pydantic", "normdocs"}:
            found.append(f"{module}:{line} imports {name} (the domain: stdlib and pydantic only)")
    return found


def domain_io_violations(module: str, tree: ast.AST) -> list[Violation]:
    found = []
    for line, name in imports_in(tree, module):
        if name.split(".")[0] in NOT_IN_DOMAIN:
            found.append(f"{module}:{line} imports {name}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in NO_IO_CALLS:
                found.append(f"{module}:{node.lineno} calls {node.func.id}()")
        elif isinstance(node, ast.Attribute) and node.attr in CLOCK_READS:
            owner = node.value  # date.today, datetime.datetime.now: called or handed on
            owner_name = (
                owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            )
            if owner_name in CLOCK_OWNERS:
                found.append(f"{module}:{node.lineno} reads the clock ({owner_name}.{node.attr})")
    return found


_PRAGMA = re.compile(r"\bPRAGMA\s+\w+", re.IGNORECASE)


def sqlite_violations(module: str, source: str) -> list[Violation]:
    """Lines of code (comments aside) that set or read a SQLite pragma."""
    return [
        f"{module}:{number} {line.strip()}"
        for number, line in enumerate(source.splitlines(), 1)
        if _PRAGMA.search(line.split("#", 1)[0])
    ]


def _every_module(check: Callable[[str, str, ast.AST, str], list[Violation]]) -> list[Violation]:
    found: list[Violation] = []
    for path in modules():
        source = path.read_text(encoding="utf-8")
        found += check(part_of(path), _module_name(path), ast.parse(source), source)
    return found


# --- the rules, over the whole source tree ------------------------------------------------


def test_every_module_belongs_to_a_known_part():
    assert {part_of(p) for p in modules()} <= set(MAY_IMPORT), "a new part needs its rules"
    assert len(modules()) > 50  # the walk really reads the tree


def test_each_layer_imports_only_the_layers_inside_it():
    """store never imports services; importers never store nor services; cli never store;
    reports no store, services or cli; nothing inner imports the cli; the domain only itself
    (not normdocs.i18n: no process-wide language in the rules)."""
    found = _every_module(lambda part, mod, tree, _src: layer_violations(part, mod, tree))
    assert not found, "\n".join(found)


def test_libraries_stay_in_their_layer():
    """The domain imports only the standard library and pydantic; Typer and Rich only in the
    cli; SQLite only in the store; the ORM and Alembic only in the store and the services."""
    found = _every_module(lambda part, mod, tree, _src: library_violations(part, mod, tree))
    assert not found, "\n".join(found)


def test_domain_does_no_io_and_reads_no_clock():
    found = _every_module(
        lambda part, mod, tree, _src: domain_io_violations(mod, tree) if part == "domain" else []
    )
    assert not found, "\n".join(found)


def test_nothing_sqlite_specific_outside_the_store():
    """SQLite pragmas (WAL, foreign keys, busy timeout) are set in store/ only."""
    found = _every_module(
        lambda part, mod, _tree, src: sqlite_violations(mod, src) if part != "store" else []
    )
    assert not found, "\n".join(found)


# --- the checks themselves catch what they are for ----------------------------------------

BAD_CODE = [
    ("store", "normdocs.store.x", "from normdocs.services.context import AppContext", "services"),
    ("store", "normdocs.store.x", "def f():\n    import normdocs.cli.app", "normdocs.cli.app"),
    ("importers", "normdocs.importers.x", "from normdocs.store import models", "store"),
    ("importers", "normdocs.importers.x", "from normdocs.services import texts", "services"),
    ("cli", "normdocs.cli.x", "from normdocs.store.engine import transaction", "store"),
    ("cli", "normdocs.cli.x", "from ..store import engine", "normdocs.store"),
    ("reports", "normdocs.reports.x", "from normdocs.services import reports", "services"),
    ("domain", "normdocs.domain.x", "from normdocs.i18n import _", "normdocs.i18n"),
    ("domain", "normdocs.domain.x", "from normdocs import i18n", "normdocs.i18n"),
    ("i18n", "normdocs.i18n", "from normdocs.domain.errors import Refused", "errors"),
]


@pytest.mark.parametrize(("part", "module", "code", "named"), BAD_CODE)
def test_the_layer_check_catches(part, module, code, named):
    found = layer_violations(part, module, ast.parse(code))
    assert found and named in found[0]


@pytest.mark.parametrize(
    ("part", "code"),
    [
        ("domain", "import sqlalchemy"),
        ("domain", "from rich.console import Console"),
        ("services", "import typer"),
        ("cli", "import click"),
        ("importers", "import sqlite3"),
        ("reports", "from sqlmodel import Session"),
    ],
)
def test_the_library_check_catches(part, code):
    assert library_violations(part, "normdocs.x.y", ast.parse(code))


@pytest.mark.parametrize(
    "code",
    [
        "import os",
        "from pathlib import Path",
        "import io",
        "import subprocess",
        "def f():\n    import sqlite3",
        "import gettext",
        "from time import time",
        "open('x').read()",
        "print('x')",
        "from datetime import date\ndate.today()",
        "import datetime\ndatetime.datetime.now()",
        "from datetime import datetime\ndatetime.utcnow()",
        "from datetime import datetime\nclock = datetime.now",
    ],
)
def test_the_domain_io_check_catches(code):
    assert domain_io_violations("normdocs.domain.x", ast.parse(code))


def test_the_domain_io_check_lets_pure_code_pass():
    code = "from datetime import date\n\ndef due(d: date, facts) -> date:\n    return facts.today"
    assert domain_io_violations("normdocs.domain.x", ast.parse(code)) == []


def test_the_sqlite_check_catches_a_pragma():
    source = 'raw.cursor().execute("PRAGMA journal_mode=WAL")\n# no pragma here: a comment\n'
    assert sqlite_violations("normdocs.services.x", source) == [
        'normdocs.services.x:1 raw.cursor().execute("PRAGMA journal_mode=WAL")'
    ]

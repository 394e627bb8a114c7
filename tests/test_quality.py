"""The project's own checks, run with the tests so that one command proves everything."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed; install the dev extra: pip install '.[dev]'")
    return found


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "src", "tests", "migrations", "benchmarks"],
        ["ruff", "format", "--check", "src", "tests", "migrations", "benchmarks"],
        ["mypy"],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_code_is_clean(command):
    proc = subprocess.run(
        [tool(command[0]), *command[1:]], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_every_command_has_help_and_is_documented():
    from typer.main import get_command

    from normdocs.cli.app import app

    docs = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md")))
    root = get_command(app)

    def walk(command, path):
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                yield from walk(sub, [*path, name])
        else:
            yield path, command

    seen = 0
    for path, command in walk(root, []):
        name = " ".join(path)
        assert (command.help or "").strip(), f"normdocs {name} has no help text"
        assert f"normdocs {name}" in docs, f"normdocs {name} is missing from docs/"
        seen += 1
    assert seen >= 19

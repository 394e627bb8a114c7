"""Every command's help ends with an "Example:" line, and every example works: run in the order of
the command surface (DESIGN §4) on one demo registry, as a clerk trying them one after another
would, each exits 0 or the code its help documents."""

import re
import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command

from console import console

EXAMPLE = re.compile(r"(?:Example|示例)[:：]\s*(normdocs\s.+?)\s*$")
# Files the examples name as their input, made before they run.
INPUTS = {
    "通知.txt": "元宝山区人民政府关于加强城区供暖管理的通知\n\n第一条 为了加强供暖管理，制定本通知。\n\n"
    "元宝山区人民政府\n2026年11月20日\n",
    "上位法.csv": "title,level,promulgated,effective\n赤峰市供热管理条例,地方性法规,2025-06-01,2025-10-01\n",
}
# A command whose example ends with a code its help documents ("Exit 3 when ...").
DOCUMENTED_CODES = {"audit": 3}


def _commands() -> Iterator[tuple[str, Any]]:
    """(name, command) of every command a user can run, groups that run themselves included."""

    def walk(command: Any, path: list[str]) -> Iterator[tuple[str, Any]]:
        subcommands = getattr(command, "commands", None)
        if path and (subcommands is None or command.invoke_without_command):
            yield " ".join(path), command
        for name, sub in (subcommands or {}).items():
            yield from walk(sub, [*path, name])

    from normdocs.cli.app import app

    yield from walk(get_command(app), [])


def _help(command: Any) -> str:
    return "\n".join(text for text in (command.help, command.epilog) if text)


def _examples() -> list[tuple[str, str]]:
    found = []
    for name, command in _commands():
        lines = [EXAMPLE.search(line) for line in _help(command).splitlines()]
        found += [(name, m.group(1)) for m in lines if m]
    return found


def test_every_command_has_an_example_of_itself() -> None:
    examples = dict(_examples())
    missing = [name for name, _command in _commands() if name not in examples]
    assert not missing, f"commands without an 'Example:' line in their help: {missing}"
    # The example runs the command it illustrates (`import files` is `normdocs import PATH…`).
    wrong = [
        (name, line)
        for name, line in examples.items()
        if not f"{line} ".startswith(f"normdocs {name.removesuffix(' files')} ")
    ]
    assert not wrong


def test_a_documented_code_is_in_the_help() -> None:
    commands = dict(_commands())
    for name, code in DOCUMENTED_CODES.items():
        assert f"Exit {code} " in _help(commands[name])


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    run = console(folder, folder / "demo.db")
    run("demo", "--db", str(folder / "demo.db"))
    return folder / "demo.db"


@pytest.mark.slow
def test_every_example_runs_on_a_demo_registry(demo: Path, tmp_path: Path) -> None:
    shutil.copy(demo, tmp_path / "registry.db")
    for name, text in INPUTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    run = console(tmp_path, tmp_path / "registry.db")
    (tmp_path / "heads.txt").write_text(run("verify").out, encoding="utf-8")
    failed = []
    for name, line in _examples():
        words = shlex.split(line)[1:]
        if ">" in words:  # the shell's redirection, not an argument
            words = words[: words.index(">")]
        result = run(*words, expect=None)
        if result.code != DOCUMENTED_CODES.get(name, 0):
            failed.append(f"{line}\n  exit {result.code}: {result.err.strip()}")
    assert not failed, "examples that fail on the demo registry:\n" + "\n".join(failed)

"""--help, --version and completion must not load the database or document libraries."""

import os
import subprocess
import sys

import pytest

HEAVY = ("sqlalchemy", "sqlmodel", "docx", "openpyxl", "alembic")

RUN_MAIN = """
import sys
sys.argv = ["normdocs", *sys.argv[1:]]
from normdocs.cli.main import main
try:
    main()
except SystemExit:
    pass
"""
REPORT = """
loaded = sorted({{m.split(".")[0] for m in sys.modules}} & set({heavy!r}))
sys.stderr.write("LOADED=" + ",".join(loaded) + "\\n")
"""


def loaded_modules(
    args: list[str],
    extra_env: dict[str, str] | None = None,
    heavy: tuple[str, ...] = HEAVY,
    probe: str = RUN_MAIN,
) -> str:
    """Which of `heavy` a fresh process has imported after running `probe` (by default the
    console script with `args`)."""
    env = {**os.environ, "NORMDOCS_LANG": "en", **(extra_env or {})}
    code = "import sys\n" + probe + REPORT.format(heavy=heavy)
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=False
    )
    line = [x for x in proc.stderr.splitlines() if x.startswith("LOADED=")]
    assert line, proc.stderr
    return line[0].removeprefix("LOADED=")


@pytest.mark.parametrize(
    "args", [["--help"], ["--version"], ["doc", "--help"], ["publish", "--help"]]
)
def test_help_and_version_stay_light(args):
    assert loaded_modules(args) == ""


@pytest.mark.parametrize("args", [["--help"], ["--version"]])
def test_top_level_help_and_version_load_no_pydantic(args):
    # The choice enums of the options live in light modules (domain.stages,
    # domain.cleanup_choices): importing the rules behind them (profile → pydantic) costs
    # ~0.4 s. Typer itself loads pydantic only to read an option's value, which these skip.
    assert loaded_modules(args, heavy=(*HEAVY, "pydantic")) == ""


WALK = """
import typer.main
from normdocs.cli.app import app

def paths(command, prefix):
    for name, sub in getattr(command, "commands", {}).items():
        yield [*prefix, name]
        yield from paths(sub, [*prefix, name])

for path in list(paths(typer.main.get_command(app), [])):
    try:
        app([*path, "--help"], prog_name="normdocs")
    except SystemExit as exit:
        assert exit.code == 0, (path, exit.code)
print("HELPED", len(list(paths(typer.main.get_command(app), []))))
"""


def test_help_of_every_command_stays_light():
    """Each command's help comes from its declarations: none imports its service to show it."""
    assert loaded_modules([], probe=WALK) == ""


def test_completion_of_command_names_stays_light():
    env = {"_NORMDOCS_COMPLETE": "complete_bash", "COMP_WORDS": "normdocs d", "COMP_CWORD": "1"}
    assert loaded_modules([], env) == ""

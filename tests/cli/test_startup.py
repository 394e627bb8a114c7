"""--help, --version and completion must not load the database or document libraries."""

import os
import subprocess
import sys

import pytest

HEAVY = ("sqlalchemy", "sqlmodel", "docx", "openpyxl", "alembic")

PROBE = f"""
import sys
HEAVY = {HEAVY!r}
sys.argv = ["normdocs", *sys.argv[1:]]
from normdocs.cli.main import main
try:
    main()
except SystemExit:
    pass
loaded = sorted({{m.split(".")[0] for m in sys.modules}} & set(HEAVY))
sys.stderr.write("LOADED=" + ",".join(loaded) + "\\n")
"""


def loaded_modules(args: list[str], extra_env: dict[str, str] | None = None) -> str:
    env = {**os.environ, "NORMDOCS_LANG": "en", **(extra_env or {})}
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, check=False
    )
    line = [x for x in proc.stderr.splitlines() if x.startswith("LOADED=")]
    assert line, proc.stderr
    return line[0].removeprefix("LOADED=")


@pytest.mark.parametrize(
    "args", [["--help"], ["--version"], ["doc", "--help"], ["publish", "--help"]]
)
def test_help_and_version_stay_light(args):
    assert loaded_modules(args) == ""


def test_completion_of_command_names_stays_light():
    env = {"_NORMDOCS_COMPLETE": "complete_bash", "COMP_WORDS": "normdocs d", "COMP_CWORD": "1"}
    assert loaded_modules([], env) == ""

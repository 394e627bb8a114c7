"""The default registry location when HOME is not a folder (acceptance pass of issue 8): the
line says what HOME is, through the installed console script, and nothing is created."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

NORMDOCS = str(Path(sys.executable).with_name("normdocs"))


@pytest.mark.slow
@pytest.mark.parametrize("args", [("init",), ("doc", "list")])
def test_a_home_that_is_a_file_is_named_as_a_file(tmp_path, args):
    home = tmp_path / "home"
    home.write_text("not a folder\n", encoding="utf-8")
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("NORMDOCS_", "XDG_"))}
    environ |= {"HOME": str(home), "NORMDOCS_LANG": "en"}
    run = subprocess.run(
        [NORMDOCS, *args],
        env=environ,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    tried = home / ".local" / "share" / "normdocs" / "normdocs.db"
    assert (run.returncode, run.stdout) == (5, ""), run
    assert run.stderr == (
        f"Error: no default registry location is usable: the home folder {home} is a file, not "
        f"a folder (tried {tried}) — give one with --db PATH or the NORMDOCS_DB environment "
        "variable\n"
    )
    assert home.read_text(encoding="utf-8") == "not a folder\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"]

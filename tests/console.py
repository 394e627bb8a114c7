"""Running the real `normdocs` console script in a subprocess, as a clerk or cron would: in
English, on a fixed day, with a registry and a home of the test's own."""

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

NORMDOCS = shutil.which("normdocs", path=str(Path(sys.executable).parent)) or shutil.which(
    "normdocs"
)


class Run:
    """What one run of the console script did."""

    def __init__(self, proc: subprocess.CompletedProcess[str]) -> None:
        self.code, self.out, self.err = proc.returncode, proc.stdout, proc.stderr

    def __repr__(self) -> str:
        return f"<exit {self.code}\nstdout: {self.out}\nstderr: {self.err}>"


def console(home: Path, db: Path) -> Callable[..., Run]:
    """A function running the installed console script on the registry `db`; it checks the exit
    code (`expect`, None: any) and takes extra environment variables. `.db` is the registry."""
    assert NORMDOCS, "the normdocs console script is not installed"
    script = NORMDOCS

    def run(*args: str, expect: int | None = 0, env: dict[str, str] | None = None) -> Run:
        environ = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(home),
            "NORMDOCS_DB": str(db),
            "NORMDOCS_TODAY": "2026-11-27",
            "NORMDOCS_LANG": "en",
            "NORMDOCS_ACTOR": "clerk",
            **(env or {}),
        }
        proc = subprocess.run(
            [script, *args],
            capture_output=True,
            text=True,
            env=environ,
            cwd=home,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        result = Run(proc)
        if expect is not None:
            assert result.code == expect, result
        return result

    run.db = db  # type: ignore[attr-defined]
    return run

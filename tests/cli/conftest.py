"""Running the real `normdocs` console script in a subprocess, as a clerk or cron would."""

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

NORMDOCS = shutil.which("normdocs", path=str(Path(sys.executable).parent)) or shutil.which(
    "normdocs"
)


class Run:
    def __init__(self, proc: subprocess.CompletedProcess[str]) -> None:
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def __repr__(self) -> str:
        return f"<exit {self.code}\nstdout: {self.out}\nstderr: {self.err}>"


@pytest.fixture
def normdocs(tmp_path: Path) -> Callable[..., Run]:
    """Call the installed console script with a registry in tmp_path and a fixed 'today'."""
    assert NORMDOCS, "the normdocs console script is not installed"
    db = tmp_path / "registry.db"

    def run(*args: str, expect: int | None = 0, env: dict[str, str] | None = None) -> Run:
        environ = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(tmp_path),
            "NORMDOCS_DB": str(db),
            "NORMDOCS_TODAY": "2026-11-27",
            "NORMDOCS_LANG": "en",
            "NORMDOCS_ACTOR": "clerk",
        }
        environ.update(env or {})
        proc = subprocess.run(
            [NORMDOCS, *args],
            capture_output=True,
            text=True,
            env=environ,
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        result = Run(proc)
        if expect is not None:
            assert result.code == expect, result
        return result

    run.db = db  # type: ignore[attr-defined]
    return run

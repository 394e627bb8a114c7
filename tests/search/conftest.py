"""Search fixtures: a registry of 300 generated documents shared by a module's tests, and the
real console script."""

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from searchcorpus import Corpus, build_corpus, context, copy_file


@pytest.fixture(scope="module")
def corpus(registry_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """300 generated documents in a registry of their own, shared by a module's tests."""
    path = tmp_path_factory.mktemp("search") / "corpus.db"
    copy_file(registry_template, path)
    ctx = context(path)
    return Corpus(ctx, build_corpus(ctx, 300, seed=3))


class Run:
    """What one run of the console script did."""

    def __init__(self, proc: subprocess.CompletedProcess[str]) -> None:
        self.code, self.out, self.err = proc.returncode, proc.stdout, proc.stderr

    def __repr__(self) -> str:
        return f"<exit {self.code}\nstdout: {self.out}\nstderr: {self.err}>"


@pytest.fixture
def normdocs_cli(tmp_path: Path) -> Callable[..., Run]:
    """The installed console script on a registry in tmp_path, in English, on a fixed day."""
    script = shutil.which("normdocs", path=str(Path(sys.executable).parent))
    assert script, "the normdocs console script is not installed"
    environ = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "NORMDOCS_DB": str(tmp_path / "registry.db"),
        "NORMDOCS_TODAY": "2026-11-27",
        "NORMDOCS_LANG": "en",
        "NORMDOCS_ACTOR": "clerk",
    }

    def run(*args: str, expect: int | None = 0) -> Run:
        proc = subprocess.run(
            [script, *args],
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

    run.db = tmp_path / "registry.db"  # type: ignore[attr-defined]
    return run

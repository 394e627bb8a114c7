"""Fixtures of the importer tests."""

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, bytes | str], Path]:
    """Write a file under tmp_path (text as UTF-8) and return its path."""

    def put(name: str, content: bytes | str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return put


@pytest.fixture
def lock(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """Lock a folder as `chmod 000` does for a clerk who may not open it: it cannot be listed,
    and nothing inside it can be looked at. The tests run as root, whom permissions do not
    stop, so the os functions that pathlib and os.walk call fail as they would for the clerk."""
    locked: list[str] = []
    real_stat, real_scandir = os.stat, os.scandir

    def denied(path: Any, *, itself: bool) -> bool:
        if isinstance(path, int):
            return False
        text = os.path.abspath(os.fsdecode(path))
        return any(
            text.startswith(folder + os.sep) or (itself and text == folder) for folder in locked
        )

    def stat(path: Any, *args: Any, **kwargs: Any) -> Any:
        if denied(path, itself=False):
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))
        return real_stat(path, *args, **kwargs)

    def scandir(path: Any = ".") -> Any:
        if denied(path, itself=True):
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(os, "scandir", scandir)
    return lambda folder: locked.append(os.path.abspath(folder))

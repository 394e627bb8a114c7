"""Fixtures of the report tests: the known-answer registry of known.py, built once per session
and copied for each test."""

from pathlib import Path

import pytest
from known import KnownRegistry, build, copy_registry


@pytest.fixture(scope="session")
def known_template(
    registry_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> KnownRegistry:
    path = tmp_path_factory.mktemp("known") / "known.db"
    copy_registry(registry_template, path)
    return build(path)


@pytest.fixture
def known(known_template: KnownRegistry, tmp_path: Path, english: None) -> KnownRegistry:
    """A fresh copy of the known-answer registry for one test."""
    path = tmp_path / "known.db"
    copy_registry(known_template.path, path)
    return KnownRegistry(**{**known_template.__dict__, "path": path})

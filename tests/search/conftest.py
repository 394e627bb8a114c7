"""Search fixtures: a registry of 300 generated documents shared by a module's tests, and the
real console script."""

from collections.abc import Callable
from pathlib import Path

import pytest
from searchcorpus import Corpus, build_corpus, context, copy_file

from console import Run, console


@pytest.fixture(scope="module")
def corpus(registry_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """300 generated documents in a registry of their own, shared by a module's tests."""
    path = tmp_path_factory.mktemp("search") / "corpus.db"
    copy_file(registry_template, path)
    ctx = context(path)
    return Corpus(ctx, build_corpus(ctx, 300, seed=3))


@pytest.fixture
def normdocs_cli(tmp_path: Path) -> Callable[..., Run]:
    """The installed console script on a registry in tmp_path, in English, on a fixed day."""
    return console(tmp_path, tmp_path / "registry.db")

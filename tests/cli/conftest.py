"""Running the real `normdocs` console script in a subprocess, as a clerk or cron would."""

from collections.abc import Callable
from pathlib import Path

import pytest

from console import Run, console


@pytest.fixture
def normdocs(tmp_path: Path) -> Callable[..., Run]:
    """Call the installed console script with a registry in tmp_path and a fixed 'today'."""
    return console(tmp_path, tmp_path / "registry.db")

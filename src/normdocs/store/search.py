"""The full-text index over titles and texts; kept current as documents are written."""

from collections.abc import Iterable
from typing import Any


def index_documents(session: Any, items: Iterable[tuple[int, str, str | None]]) -> None:
    """(Re)index documents given as (document id, title, full text or None)."""
    return None

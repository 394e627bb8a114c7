"""Basis links (制定依据): citations found in a document's text, resolved against the registry."""

from datetime import date, datetime
from typing import Any


def record_citations(
    session: Any, *, document_id: int, text: str, on: date | None, now: datetime
) -> list[dict[str, Any]]:
    """Store a basis row for every citation of a law or document in `text`; return them.

    `on` is the day the document was promulgated (or drafted), which picks the version of a law
    it cites. Unresolved citations are stored too (no law_id), so they can be shown.
    """
    return []

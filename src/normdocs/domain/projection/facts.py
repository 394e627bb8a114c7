"""What a replay works with: the fields a row holds, a fact no event states (UNKNOWN), an event as
the replay reads it, and a row replayed with the event behind each of its facts."""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from normdocs.domain.document_values import DocumentValues


class _Unknown:
    """A fact no event states. It equals any value, so that a row compared as one tuple with
    its replay (in C, one comparison per row) never differs where nothing is known."""

    _instance: "_Unknown | None" = None

    def __new__(cls) -> "_Unknown":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __eq__(self, other: object) -> bool:
        return True

    def __ne__(self, other: object) -> bool:
        return False

    def __hash__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()

DOCUMENT_FIELDS = (
    "title",
    "issuer_id",
    "interim",
    "stage",
    "origin",
    "doc_number",
    "registration_no",
    "registration_year",
    "registration_seq",
    "review_submitted_on",
    "review_decided_on",
    "review_outcome",
    "review_working_days",
    "review_emergency",
    "review_late",
    "reviewed_version",
    "revision_recorded",
    "meeting_on",
    "meeting_type",
    "signed_on",
    "signer",
    "promulgated_on",
    "effective_on",
    "expires_on",
    "validity_stated",
    "filing_due_on",
    "filed_on",
    "filed_late",
    "refiled_on",
    "refiled_late",
    "materials",
    "filing_outcome",
    "filing_decided_on",
    "refile_due_on",
    "ended_on",
    "end_reason",
    "last_cleanup_on",
    "awaiting_amendment",
    "supersedes_id",
    "import_batch_id",
    "filing_authority",
    "refiling_authority",
)

DATE_FIELDS = frozenset(f for f in DOCUMENT_FIELDS if f.endswith("_on"))

BOOL_FIELDS = frozenset(
    {
        "interim",
        "review_emergency",
        "review_late",
        "revision_recorded",
        "validity_stated",
        "filed_late",
        "refiled_late",
        "awaiting_amendment",
    }
)

AGENCY_FIELDS = ("name", "code", "level", "parent_id", "head", "legal_office", "files_to")

TEXT_FIELDS = ("content_hash", "source_name", "text_sha256")

# What a fresh row holds before its creating event sets anything: every column empty (NULL).
_EMPTY_DOCUMENT = dict.fromkeys(DOCUMENT_FIELDS)

# A new document's flags: each false until a step sets it (a drafted document is created so,
# and a replay starts so).
FRESH_FLAGS: DocumentValues = {
    "review_emergency": False,
    "review_late": False,
    "revision_recorded": False,
    "validity_stated": False,
    "filed_late": False,
    "refiled_late": False,
    "awaiting_amendment": False,
}

# Events that change no document or agency row (they write laws, links, flags, campaigns,
# findings), even when they name a document or an agency.
_NO_ROW_CHANGE = frozenset(
    {
        "document.expired",
        "cleanup.flag",
        "cleanup.decide",
        "cleanup.start",
        "cleanup.close",
        "audit.run",
        "audit.ack",
        "basis.link",
        "law.add",
        "law.import",
        "law.amend",
        "law.repeal",
        "law.correct",
        "law.remove_version",
        "cleanup.unflag",
        # The register said 有效 past the default expiry: the import's own event set the row;
        # this one only keeps the expiry the default would have given, for the audit.
        "document.register_validity_kept",
    }
)

_CLEANUP_OUTCOMES = frozenset(
    {"cleanup.retain", "cleanup.amend", "cleanup.repeal", "cleanup.invalidate"}
)


def text_digest(text: str) -> str:
    """sha256 of a stored text (UTF-8), as the events that bring a text record it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ReplayEvent:
    """What the replay reads of one event."""

    id: int
    document_id: int | None
    agency_id: int | None
    action: str
    on_date: date | None
    to_stage: str | None
    details: Mapping[str, Any]

    @staticmethod
    def parse_details(text: str) -> Mapping[str, Any]:
        """The stored details; a row whose details are not a JSON object reads as empty (the
        chain check names it)."""
        try:
            value = json.loads(text)
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}


@dataclass
class Replayed:
    """One row as its events say: each field's value, and the id of the event that stated it
    (two dicts rather than pairs: a replay of 100,000 documents sets millions of fields)."""

    id: int
    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, int] = field(default_factory=dict)
    # The text: None until an event gives one; then field → (value, event id).
    text: dict[str, tuple[Any, int]] | None = None
    # Each text version an event names (text_version in its details): number → (content_hash,
    # text_sha256, event id). Texts given before versions were numbered are not in it.
    versions: dict[int, tuple[Any, Any, int]] = field(default_factory=dict)
    created_by: int | None = None
    unknown_actions: list[tuple[str, int]] = field(default_factory=list)
    # A joint document's co-issuers (agency ids, in order) and the event naming them; None
    # when no event says (an import recorded before issue 12 names them but not which were
    # registered).
    co_issuers: tuple[list[Any], int] | None = None

    def set(self, event_id: int, **values: Any) -> None:
        for name, value in values.items():
            if value is not None and value is not UNKNOWN:
                if name in BOOL_FIELDS:
                    values[name] = bool(value)
                elif name in DATE_FIELDS and isinstance(value, str):
                    values[name] = date.fromisoformat(value[:10])
        self.values.update(values)
        self.sources.update(dict.fromkeys(values, event_id))

    def value(self, name: str) -> Any:
        return self.values.get(name, UNKNOWN)

    def stated(self, name: str) -> bool:
        """Whether some event states this fact."""
        return self.values.get(name, UNKNOWN) is not UNKNOWN


def normal(name: str, value: Any) -> Any:
    """A value in the one form both sides are compared in: dates as date, flags as bool."""
    if value is None or value is UNKNOWN:
        return value
    if name in DATE_FIELDS and isinstance(value, str):
        return date.fromisoformat(value[:10])
    if name in BOOL_FIELDS:
        return bool(value)
    return value

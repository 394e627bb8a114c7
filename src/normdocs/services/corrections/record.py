"""The `document.corrected` event: the columns a correction writes with it, and how
`doc history` reads it back."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, cast, get_args

from normdocs.domain.json import JSONObject
from normdocs.services.context import AppContext
from normdocs.services.corrections.steps import CORRECTED
from normdocs.store.rows import DocumentRow, DocumentValues

# A fact as a correction names it: a title, an issuer's name, a 文号, a date.
Fact = str | date | None

# The document columns a correction may change (the named facts and what follows from them).
CorrectableColumn = Literal[
    "title",
    "interim",
    "issuer_id",
    "doc_number",
    "review_submitted_on",
    "review_decided_on",
    "review_working_days",
    "review_late",
    "meeting_on",
    "signed_on",
    "promulgated_on",
    "effective_on",
    "expires_on",
    "filing_due_on",
    "filed_on",
    "filed_late",
    "refiled_on",
    "refiled_late",
    "filing_decided_on",
    "refile_due_on",
    "ended_on",
]
_DOCUMENT_COLUMNS: tuple[CorrectableColumn, ...] = get_args(CorrectableColumn)


@dataclass
class Correction:
    """The document's facts with the corrections applied, what the user named (fact →
    (before, after)), and the corrected date of each event that stated one."""

    facts: DocumentRow
    named: dict[str, tuple[Fact, Fact]] = field(default_factory=dict)
    event_dates: dict[int, date] = field(default_factory=dict)


def record_correction(
    ctx: AppContext,
    session: Any,
    row: DocumentRow,
    done: Correction,
    reason: str,
    today: date,
) -> None:
    """Write the changed columns and the one `document.corrected` event that says why."""
    from normdocs.store.queries import update_document
    from normdocs.store.records import append_event
    from normdocs.store.search import index_documents

    facts = done.facts
    changed = [name for name in _DOCUMENT_COLUMNS if facts[name] != row[name]]
    update_document(session, row["id"], cast(DocumentValues, {n: facts[n] for n in changed}))
    if "title" in changed:
        index_documents(session, [(row["id"], facts["title"], None)])
    append_event(
        session,
        recorded_at=ctx.now(),
        actor=ctx.actor,
        action=CORRECTED,
        document_id=row["id"],
        on_date=today,
        from_stage=row["stage"],
        to_stage=row["stage"],
        details={
            "reason": reason,
            "corrected": {
                name: {"before": _plain(before), "after": _plain(after)}
                for name, (before, after) in done.named.items()
            },
            "after": {name: _plain(facts[name]) for name in changed},
            "before": {name: _plain(row[name]) for name in changed},
            "event_dates": {str(k): v.isoformat() for k, v in done.event_dates.items()},
        },
    )


def correction_summary(details: Mapping[str, Any]) -> JSONObject:
    """A correction as a person reads it in `doc history`: each fact before → after, and why."""
    summary: JSONObject = {}
    for name, change in (details.get("corrected") or {}).items():
        summary[name] = f"{change.get('before') or '—'} → {change.get('after') or '—'}"
    named = set(details.get("corrected") or {}) | {"issuer_id"}
    before = details.get("before") or {}
    for name, value in (details.get("after") or {}).items():
        if name not in named:
            summary[name] = f"{before.get(name, '—')} → {value if value is not None else '—'}"
    summary["reason"] = details.get("reason")
    return summary


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value

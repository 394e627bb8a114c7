"""How commands show documents: the columns of a listing, the fields of one document, the history
table, and what a command that changed a document prints."""

from typing import Any

import typer

from normdocs.cli.common import report_warnings
from normdocs.cli.render import Column, Format, emit_one, message

DOC_COLUMNS: list[Column] = [
    ("id", "id"),
    ("title", "title"),
    ("issuer", "issuer"),
    ("co_issuers", "co-issuers"),
    ("doc_number", "number"),
    ("stage", "stage"),
    ("validity", "validity"),
    ("promulgated_on", "promulgated on"),
    ("expires_on", "expires"),
]
DOC_FIELDS: list[Column] = [
    ("id", "id"),
    ("title", "title"),
    ("issuer", "issuer"),
    ("co_issuers", "co-issuers"),
    ("doc_number", "number"),
    ("registration_no", "registration no"),
    ("stage", "stage"),
    ("validity", "validity"),
    ("as_of", "as of"),
    ("interim", "interim (暂行/试行)"),
    ("review_submitted_on", "review submitted"),
    ("review_decided_on", "review decided"),
    ("review_outcome", "review outcome"),
    ("review_working_days", "review working days"),
    ("review_emergency", "emergency"),
    ("review_late", "review late"),
    ("meeting_type", "meeting"),
    ("meeting_on", "meeting date"),
    ("signer", "signer"),
    ("signed_on", "signed on"),
    ("promulgated_on", "promulgated on"),
    ("effective_on", "effective"),
    ("expires_on", "expires"),
    ("filing_due_on", "filing due"),
    ("filed_on", "filed on"),
    ("filed_late", "filed late"),
    ("filing_authority", "filing authority (备案机关)"),
    ("refiled_on", "refiled on"),
    ("refiling_authority", "refiled with"),
    ("refiled_late", "refiled late"),
    ("filing_outcome", "filing outcome"),
    ("refile_due_on", "refile / correction due"),
    ("ended_on", "ended"),
    ("end_reason", "ended as"),
    ("ended_on_unknown", "ended on an unknown day"),
    ("awaiting_amendment", "awaiting amended version"),
    ("last_cleanup_on", "last cleanup"),
    ("supersedes_id", "amends document"),
    ("text_source", "text"),
    ("text_version", "text version"),
    ("reviewed_version", "text version reviewed"),
]
HISTORY_COLUMNS: list[Column] = [
    ("event_id", "event"),
    ("recorded_at", "recorded at"),
    ("actor", "actor"),
    ("action", "action"),
    ("on_date", "date"),
    ("from_stage", "from"),
    ("to_stage", "to"),
    ("details", "details"),
]


def document_done(ctx: typer.Context, view: dict[str, Any], fmt: Format, text: str) -> None:
    """After a change: the one line `text` in a table, else the document itself as data."""
    report_warnings(ctx)
    if fmt == Format.TABLE:
        message(text)
    else:
        emit_one(view, DOC_FIELDS, fmt)

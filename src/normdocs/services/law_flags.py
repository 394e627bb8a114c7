"""What a change of a superior law sets going: its documents flagged for instant cleanup (即时清理).

An amendment or a repeal — recorded by hand, or found in a newer law list — flags at once every
live document that rests on any version of the law, with one cleanup.flag event per document.
"""

from datetime import date
from typing import Any

from normdocs.domain.json import JSONObject
from normdocs.domain.lawtitles import LawVersion
from normdocs.services.context import AppContext
from normdocs.services.readmodels import FlaggedDocument
from normdocs.store.law_rows import LawRow, LawValues, RestingDocumentRow


def change_and_flag(
    ctx: AppContext,
    session: Any,
    law_id: int,
    values: LawValues,
    *,
    reason: str,
    on: date,
    effective: date,
    action: str,
    details: JSONObject,
) -> tuple[LawRow, list[FlaggedDocument]]:
    """Record that a law version changed (amended or repealed), flag the documents resting on
    it for instant cleanup, and append the law's event naming them."""
    from normdocs.services.basis import forget_law_index, law_version
    from normdocs.store.laws import law_by_id, update_law
    from normdocs.store.records import append_event

    update_law(session, law_id, values)
    forget_law_index(session)
    changed = law_by_id(session, law_id)
    assert changed is not None
    flagged = flag_documents(ctx, session, law_version(changed), reason, on, effective)
    append_event(
        session,
        recorded_at=ctx.now(),
        actor=ctx.actor,
        action=action,
        on_date=on,
        details={**details, "flagged_documents": [d.id for d in flagged]},
    )
    return changed, flagged


def flag_documents(
    ctx: AppContext,
    session: Any,
    changed: LawVersion,
    reason: str,
    on: date,
    effective: date | None = None,
) -> list[FlaggedDocument]:
    """Flag for instant cleanup every document live today that rests on any version of the
    law whose version `changed` changed; one flag per document (campaign_id empty until a campaign takes it). A flag
    acts from `effective`, the day the change takes effect (pending until then)."""
    from normdocs.store.laws import (
        documents_resting_on,
        flagged_documents,
        insert_flags,
        laws_by_key,
    )
    from normdocs.store.records import append_events

    effective = effective or on
    version_ids = [v["id"] for v in laws_by_key(session, changed.match_key)]
    documents = documents_resting_on(session, version_ids, as_of=ctx.today())
    already = flagged_documents(session, changed.id, reason, on)
    fresh = [d for d in documents if d["id"] not in already]
    insert_flags(
        session,
        [
            {
                "document_id": d["id"],
                "law_id": changed.id,
                "reason": reason,
                "flagged_on": on,
                "effective_on": effective,
                "campaign_id": None,
            }
            for d in fresh
        ],
    )
    details = {"law_id": changed.id, "law": changed.title, "reason": reason}
    append_events(
        session,
        [
            {
                "recorded_at": ctx.now(),
                "actor": ctx.actor,
                "action": "cleanup.flag",
                "document_id": d["id"],
                "on_date": on,
                "details": {**details, "effective_on": effective.isoformat()},
            }
            for d in fresh
        ],
    )
    return [_flagged(d, changed.title, reason, on, effective, ctx.today()) for d in fresh]


def _flagged(
    document: RestingDocumentRow, law: str, reason: str, on: date, effective: date, today: date
) -> FlaggedDocument:
    """A flagged document as the amend, repeal and import commands show it."""
    from normdocs.services.documents import validity_of

    return FlaggedDocument(
        id=document["id"],
        title=document["title"],
        issuer=document["issuer"],
        doc_number=document["doc_number"],
        validity=validity_of(document, today),
        reason=reason,
        law=law,
        flagged_on=on,
        effective_on=effective,
        pending=effective > today,
    )

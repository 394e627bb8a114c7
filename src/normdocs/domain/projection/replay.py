"""Replaying the record: agencies, and each document from its events alone — one function per
recorded action, reading what its event carries (the rules are not run again)."""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from normdocs.domain.projection.facts import (
    _CLEANUP_OUTCOMES,
    _EMPTY_DOCUMENT,
    _NO_ROW_CHANGE,
    AGENCY_FIELDS,
    DOCUMENT_FIELDS,
    FRESH_FLAGS,
    TEXT_FIELDS,
    UNKNOWN,
    Replayed,
    ReplayEvent,
)
from normdocs.domain.stages import Action, FilingOutcome, MeetingOutcome, Stage, Validity


def replay_agencies(events: Iterable[ReplayEvent]) -> dict[int, Replayed]:
    """Every agency the events create, with the facts they state, in event order."""
    agencies: dict[int, Replayed] = {}
    for event in events:
        if event.agency_id is None or event.action in _NO_ROW_CHANGE:
            continue
        details = event.details
        if event.action == "agency.add":
            row = agencies[event.agency_id] = Replayed(event.agency_id, created_by=event.id)
            # The insert writes these columns; one it leaves out stays empty.
            row.set(event.id, **{name: details.get(name) for name in AGENCY_FIELDS})
            continue
        row = agencies.setdefault(event.agency_id, Replayed(event.agency_id))
        after = details.get("after")
        if isinstance(after, dict):  # agency.update, and any action that says what it set
            row.set(event.id, **{k: v for k, v in after.items() if k in AGENCY_FIELDS})
        else:
            row.unknown_actions.append((event.action, event.id))
            row.set(event.id, **dict.fromkeys(AGENCY_FIELDS, UNKNOWN))
    return agencies


def replay_document(
    document_id: int, events: Iterable[ReplayEvent], agency_ids: Mapping[str, int]
) -> Replayed:
    """One document's row and text from its events (in id order); `agency_ids` maps the issuer
    names the events give to the agencies' ids, as the agencies' own events say."""
    row = Replayed(document_id)
    for event in events:
        _apply(row, event, agency_ids)
    return row


def _apply(row: Replayed, event: ReplayEvent, agency_ids: Mapping[str, int]) -> None:
    action, eid = event.action, event.id
    if action in _NO_ROW_CHANGE:
        return
    _apply_facts(row, event, agency_ids)
    # Every event that names the stage after it is the one writer of the stage column.
    if event.to_stage is not None:
        row.set(eid, stage=event.to_stage)


def _apply_facts(row: Replayed, event: ReplayEvent, agency_ids: Mapping[str, int]) -> None:
    _REPLAY.get(event.action, _replay_other)(row, event, agency_ids)


def _replay_created(row: Replayed, event: ReplayEvent, agency_ids: Mapping[str, int]) -> None:
    details, eid = event.details, event.id
    row.created_by = eid
    row.set(eid, **{**_EMPTY_DOCUMENT, **FRESH_FLAGS})
    row.set(
        eid,
        title=details.get("title", UNKNOWN),
        issuer_id=_issuer(details, agency_ids),
        interim=details.get("interim", UNKNOWN),
        stage=event.to_stage or Stage.DRAFTING.value,
        origin="drafted",
        supersedes_id=details.get("amends"),
    )
    row.co_issuers = (_agency_list(details.get("co_issuers"), agency_ids), eid)
    _give_text(row, eid, details, details.get("file"))


def _replay_imported(row: Replayed, event: ReplayEvent, agency_ids: Mapping[str, int]) -> None:
    details, eid = event.details, event.id
    row.created_by = eid
    registered = details.get("co_issuers_registered")
    row.co_issuers = None if registered is None else (_agency_list(registered, agency_ids), eid)
    row.set(eid, **{**_EMPTY_DOCUMENT, **FRESH_FLAGS})
    stage = event.to_stage or UNKNOWN
    row.set(
        eid,
        title=details.get("title", UNKNOWN),
        issuer_id=_issuer(details, agency_ids),
        interim=details.get("interim", UNKNOWN),
        stage=stage,
        origin="imported",
        doc_number=details.get("doc_number", UNKNOWN),
        promulgated_on=details.get("promulgated_on", UNKNOWN),
        effective_on=details.get("effective_on", UNKNOWN),
        expires_on=details.get("expires_on", UNKNOWN),
        validity_stated=details.get("validity_stated", UNKNOWN),
        ended_on=details.get("ended_on"),
        end_reason=details.get("end_reason"),
        import_batch_id=details.get("import_batch"),  # none before import batches
        filing_outcome=(
            UNKNOWN
            if stage is UNKNOWN
            else FilingOutcome.ACCEPTED.value
            if stage == Stage.FILING_ACCEPTED.value
            else None
        ),
    )
    if details.get("format") != "register":
        _give_text(row, eid, details, details.get("source_name", details.get("source")))


def _replay_text_imported(row: Replayed, event: ReplayEvent, agency_ids: Mapping[str, int]) -> None:
    details, eid = event.details, event.id
    _give_text(row, eid, details, details.get("source_name", details.get("source")))
    if "title" in details:  # the notice's title, when the text was the notice (import)
        row.set(eid, title=details["title"])
    if details.get("validity_stated"):
        row.set(
            eid,
            effective_on=details.get("effective_on", UNKNOWN),
            expires_on=details.get("expires_on"),
            validity_stated=True,
        )


def _replay_text_given(row: Replayed, event: ReplayEvent, agency_ids: Mapping[str, int]) -> None:
    details, eid = event.details, event.id
    _give_text(row, eid, details, details.get("file"))


def _replay_number_imported(
    row: Replayed, event: ReplayEvent, agency_ids: Mapping[str, int]
) -> None:
    details, eid = event.details, event.id
    row.set(eid, doc_number=details.get("doc_number", UNKNOWN))


def _replay_review_submitted(
    row: Replayed, event: ReplayEvent, agency_ids: Mapping[str, int]
) -> None:
    eid, on = event.id, event.on_date
    row.set(
        eid,
        review_submitted_on=on,
        review_decided_on=None,
        review_outcome=None,
        revision_recorded=False,
    )


def _replay_review_decided(
    row: Replayed, event: ReplayEvent, agency_ids: Mapping[str, int]
) -> None:
    details, eid, on = event.details, event.id, event.on_date
    row.set(
        eid,
        review_decided_on=on,
        review_outcome=details.get("outcome", UNKNOWN),
        review_emergency=details.get("emergency", UNKNOWN),
        review_working_days=details.get("working_days", UNKNOWN),
        review_late=details.get("late", UNKNOWN),
        reviewed_version=details.get("reviewed_version", UNKNOWN),
    )


def _replay_revision_recorded(
    row: Replayed, event: ReplayEvent, agency_ids: Mapping[str, int]
) -> None:
    details, eid = event.details, event.id
    row.set(eid, revision_recorded=True)
    if details.get("content_hash"):
        _give_text(row, eid, details, details.get("file"))


def _replay_meeting_recorded(
    row: Replayed, event: ReplayEvent, agency_ids: Mapping[str, int]
) -> None:
    details, eid, on = event.details, event.id, event.on_date
    if details.get("outcome") == MeetingOutcome.APPROVED:
        row.set(eid, meeting_on=on, meeting_type=details.get("meeting_type", UNKNOWN))


def _replay_signed(row: Replayed, event: ReplayEvent, agency_ids: Mapping[str, int]) -> None:
    details, eid, on = event.details, event.id, event.on_date
    row.set(eid, signed_on=on, signer=details.get("signer", UNKNOWN))


def _replay_published(row: Replayed, event: ReplayEvent, agency_ids: Mapping[str, int]) -> None:
    details, eid, on = event.details, event.id, event.on_date
    row.set(
        eid,
        promulgated_on=on,
        effective_on=details.get("effective_on", UNKNOWN),
        expires_on=details.get("expires_on", UNKNOWN),
        validity_stated=details.get("validity_stated", UNKNOWN),
        filing_due_on=details.get("filing_due_on", UNKNOWN),
        doc_number=details.get("doc_number", UNKNOWN),
        registration_no=details.get("registration_no", UNKNOWN),
        registration_year=on.year if on else UNKNOWN,
        registration_seq=details.get("registration_seq", UNKNOWN),
    )


def _replay_filed(row: Replayed, event: ReplayEvent, agency_ids: Mapping[str, int]) -> None:
    action, details, eid, on = event.action, event.details, event.id, event.on_date
    refiling = details.get("refiling")
    if refiling is None:
        row.unknown_actions.append((action, eid))
        row.set(eid, **dict.fromkeys(("refiled_on", "refiled_late", "filed_on"), UNKNOWN))
        row.set(eid, **dict.fromkeys(("filed_late", "materials"), UNKNOWN))
    elif refiling:
        row.set(
            eid,
            refiled_on=on,
            refiled_late=details.get("late", UNKNOWN),
            refiling_authority=details.get("filing_authority", UNKNOWN),
        )
    else:
        row.set(
            eid,
            filed_on=on,
            filed_late=details.get("late", UNKNOWN),
            materials=details.get("materials", UNKNOWN),
            filing_authority=details.get("filing_authority", UNKNOWN),
        )


def _replay_filing_decided(
    row: Replayed, event: ReplayEvent, agency_ids: Mapping[str, int]
) -> None:
    details, eid, on = event.details, event.id, event.on_date
    outcome = details.get("outcome", UNKNOWN)
    row.set(
        eid,
        filing_outcome=outcome,
        filing_decided_on=on,
        refile_due_on=details.get("refile_due_on") or details.get("correction_due_on"),
    )
    if outcome is not UNKNOWN and outcome == FilingOutcome.REVOKED:
        row.set(eid, ended_on=on, end_reason=Validity.REVOKED.value)


def _replay_corrected(row: Replayed, event: ReplayEvent, agency_ids: Mapping[str, int]) -> None:
    """更正: the named facts and what follows from them."""
    action, details, eid = event.action, event.details, event.id
    after = details.get("after")
    if isinstance(after, dict):
        row.set(eid, **{k: v for k, v in after.items() if k in _EMPTY_DOCUMENT})
    else:
        _unknown_from(row, action, eid)


def _replay_withdrawn(row: Replayed, event: ReplayEvent, agency_ids: Mapping[str, int]) -> None:
    """撤回: the stage only; an import undone also releases the 文号 (since the event says so;
    an undo of an older version kept it)."""
    if "doc_number_released" in event.details:
        row.set(event.id, doc_number=None)


def _replay_number_import_undone(
    row: Replayed, event: ReplayEvent, agency_ids: Mapping[str, int]
) -> None:
    (eid,) = (event.id,)
    row.set(eid, doc_number=None)


def _replay_superseded(row: Replayed, event: ReplayEvent, agency_ids: Mapping[str, int]) -> None:
    eid, on = event.id, event.on_date
    row.set(eid, ended_on=on, end_reason=Validity.SUPERSEDED.value, awaiting_amendment=False)


def _replay_cleanup_decision(
    row: Replayed, event: ReplayEvent, agency_ids: Mapping[str, int]
) -> None:
    action, details, eid = event.action, event.details, event.id
    changes = details.get("changes")
    if isinstance(changes, dict):
        row.set(eid, **{k: v for k, v in changes.items() if k in _EMPTY_DOCUMENT})
    else:
        _unknown_from(row, action, eid)


def _replay_other(row: Replayed, event: ReplayEvent, agency_ids: Mapping[str, int]) -> None:
    action, details, eid = event.action, event.details, event.id
    after = details.get("after", details.get("changes"))
    if isinstance(after, dict):
        row.set(eid, **{k: v for k, v in after.items() if k in _EMPTY_DOCUMENT})
    else:
        _unknown_from(row, action, eid)


# Each recorded action and what it did to the document's row, as its details tell.
_REPLAY: dict[str, Callable[[Replayed, ReplayEvent, Mapping[str, int]], None]] = {
    "document.create": _replay_created,
    "document.import": _replay_imported,
    "document.text_imported": _replay_text_imported,
    "document.text_given": _replay_text_given,
    "document.number_imported": _replay_number_imported,
    Action.SUBMIT_REVIEW: _replay_review_submitted,
    Action.DECIDE_REVIEW: _replay_review_decided,
    Action.RECORD_REVISION: _replay_revision_recorded,
    Action.RECORD_MEETING: _replay_meeting_recorded,
    Action.SIGN: _replay_signed,
    Action.PUBLISH: _replay_published,
    Action.FILE: _replay_filed,
    Action.DECIDE_FILING: _replay_filing_decided,
    "document.corrected": _replay_corrected,
    "document.withdrawn": _replay_withdrawn,
    "document.number_import_undone": _replay_number_import_undone,
    "document.superseded": _replay_superseded,
    **dict.fromkeys(_CLEANUP_OUTCOMES, _replay_cleanup_decision),
}


def _agency_list(names: Any, agency_ids: Mapping[str, int]) -> list[Any]:
    return [agency_ids.get(str(name), UNKNOWN) for name in names or []]


def _issuer(details: Mapping[str, Any], agency_ids: Mapping[str, int]) -> Any:
    if "issuer_id" in details:
        return details["issuer_id"]
    return agency_ids.get(details.get("issuer") or "", UNKNOWN)


def _give_text(row: Replayed, eid: int, details: Mapping[str, Any], source_name: Any) -> None:
    """The event gives the document a text (or, for a creation without one, states it has none)."""
    content_hash = details.get("content_hash")
    if not content_hash:
        row.text = None
        return
    row.text = {
        "content_hash": (content_hash, eid),
        "source_name": (source_name, eid),
        "text_sha256": (details.get("text_sha256", UNKNOWN), eid),
    }
    version = details.get("text_version")
    if isinstance(version, int):
        row.versions[version] = (content_hash, details.get("text_sha256", UNKNOWN), eid)


def _unknown_from(row: Replayed, action: str, eid: int) -> None:
    row.unknown_actions.append((action, eid))
    row.set(eid, **dict.fromkeys(DOCUMENT_FIELDS, UNKNOWN))
    if row.text is not None:
        row.text = {name: (UNKNOWN, eid) for name in TEXT_FIELDS}

"""The document and agency rows as the events alone say they are, and where the tables differ.

The record (全过程记录) is the history; the `document`, `document_text` and `agency` rows are its
projection. Replaying a row's events from nothing gives every fact some event states, each with
the id of the event that stated it last; a fact that no event states (an older registry's event
that did not carry it yet) is UNKNOWN and never compared. A row edited in the tables without an
event then differs from its replay, and the difference names the field, both values and the
event.

Each action is read by what its event carries (the procedure's steps by the facts the workflow
decided, an import by its values, a cleanup by its `changes`): the rules are not run again, so
a profile changed since (deadlines, validity years) does not make old rows differ. An action
this version does not know changes what its `after` (or `changes`) names; without either, the
row's facts are unknown from that event on and the action is named in a note.
"""

import functools
import hashlib
import json
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from normdocs.domain.stages import Action, FilingOutcome, MeetingOutcome, Stage, Validity


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
_FALSE_FLAGS = {
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


# --- agencies -----------------------------------------------------------------------------


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


# --- documents ----------------------------------------------------------------------------


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
    row.set(eid, **{**_EMPTY_DOCUMENT, **_FALSE_FLAGS})
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
    row.set(eid, **{**_EMPTY_DOCUMENT, **_FALSE_FLAGS})
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
    """撤回, or an import undone: the stage only."""


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


# --- comparing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """One way a row differs from its events.

    kind: "field" (a column's value), "unrecorded" (a row no event created), "missing" (the
    events create a row the table lacks), "text" (a text's field, `field` = content_hash,
    source_name or text_sha256), "text_unrecorded" (a text no event gave), "text_missing";
    for a kept text version (`version`): "text_version" (content_hash, text_sha256 or event_id),
    "text_version_unrecorded" (a version no event brought), "text_version_missing".
    """

    table: str  # document | agency
    row_id: int
    label: str | None
    kind: str
    field: str | None = None
    in_table: Any = None
    in_events: Any = None
    event_id: int | None = None
    version: int | None = None  # of the text, for the text_version kinds


@functools.cache
def _getter(fields: tuple[str, ...]) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    """The values of `fields` from a mapping, as a tuple (operator.itemgetter, in C)."""
    pick = operator.itemgetter(*fields)
    if len(fields) == 1:
        return lambda mapping: (pick(mapping),)
    return pick


def compare_row(
    table: str,
    replayed: Replayed | None,
    row: Mapping[str, Any] | None,
    fields: Sequence[str],
    label: str | None,
) -> list[Difference]:
    """The differences between a row as stored and as replayed (either may be None)."""
    if replayed is None or replayed.created_by is None:
        if row is None:
            return []
        return [Difference(table, int(row["id"]), label, "unrecorded")]
    if row is None:
        return [Difference(table, replayed.id, label, "missing", event_id=replayed.created_by)]
    values = replayed.values
    fields = tuple(fields)
    pick = _getter(fields)
    try:
        expected = pick(values)
    except KeyError:  # a field no event of this row ever set
        expected = tuple(values.get(name, UNKNOWN) for name in fields)
    stored = pick(row)
    if expected == stored:  # the usual case, decided in one comparison (UNKNOWN equals all)
        return []
    found = []
    for name, want, have in zip(fields, expected, stored, strict=True):
        if want is UNKNOWN:
            continue
        have = normal(name, have)
        if have != want:
            found.append(
                Difference(
                    table, replayed.id, label, "field", name, have, want, replayed.sources[name]
                )
            )
    return found


def compare_text(
    replayed: Replayed, stored: Mapping[str, Any] | None, label: str | None
) -> list[Difference]:
    """`stored`: the text row's content_hash, source_name and text_sha256 (the digest of the
    text as it is stored now), or None when the document has no text row."""
    expected = replayed.text
    if expected is None:
        if stored is None or replayed.created_by is None:
            return []
        return [Difference("document", replayed.id, label, "text_unrecorded")]
    if stored is None:
        return [
            Difference(
                "document",
                replayed.id,
                label,
                "text_missing",
                event_id=expected["content_hash"][1],
            )
        ]
    found = []
    for name in TEXT_FIELDS:
        value, eid = expected[name]
        if value is UNKNOWN:
            continue
        if stored[name] != value:
            found.append(
                Difference("document", replayed.id, label, "text", name, stored[name], value, eid)
            )
    return found


def compare_versions(
    replayed: Replayed, stored: Sequence[Mapping[str, Any]], label: str | None
) -> list[Difference]:
    """The document's kept text versions against the events that brought them. `stored`: each
    text_version row's version, event_id, content_hash and text_sha256 (the digest of its text
    as stored now). A version kept before versions were numbered (no event_id) is compared only
    when an event names it."""
    found: list[Difference] = []
    seen: set[int] = set()
    for row in stored:
        number = int(row["version"])
        seen.add(number)
        expected = replayed.versions.get(number)
        if expected is None:
            if row["event_id"] is not None:
                found.append(
                    Difference(
                        "document",
                        replayed.id,
                        label,
                        "text_version_unrecorded",
                        event_id=row["event_id"],
                        version=number,
                    )
                )
            continue
        content_hash, digest, eid = expected
        for name, want in (
            ("event_id", eid),
            ("content_hash", content_hash),
            ("text_sha256", digest),
        ):
            if want is UNKNOWN or row[name] == want:
                continue
            found.append(
                Difference(
                    "document",
                    replayed.id,
                    label,
                    "text_version",
                    name,
                    row[name],
                    want,
                    eid,
                    version=number,
                )
            )
    for number, (_hash, _digest, eid) in sorted(replayed.versions.items()):
        if number not in seen:
            found.append(
                Difference(
                    "document",
                    replayed.id,
                    label,
                    "text_version_missing",
                    event_id=eid,
                    version=number,
                )
            )
    return found


def document_label(replayed: Replayed | None, row: Mapping[str, Any] | None) -> str | None:
    """How a document is named in a difference: its 文号, else its title — as the events say
    them when they do, since the row's own may be what was changed."""
    for name in ("doc_number", "title"):
        if replayed is not None and replayed.stated(name) and replayed.value(name) is not None:
            return str(replayed.value(name))
        if row is not None and row.get(name):
            return str(row[name])
    return None


def agency_label(replayed: Replayed | None, row: Mapping[str, Any] | None) -> str | None:
    if replayed is not None and replayed.stated("name") and replayed.value("name") is not None:
        return str(replayed.value("name"))
    return str(row["name"]) if row is not None and row.get("name") else None


def compare_co_issuers(
    replayed: Replayed, stored: Sequence[int], label: str | None
) -> list[Difference]:
    """`stored`: the document's co-issuers in document_co_issuer, in order."""
    if replayed.co_issuers is None:
        return []
    expected, eid = replayed.co_issuers
    if list(stored) == expected:
        return []
    return [
        Difference(
            "document", replayed.id, label, "field", "co_issuers", list(stored), expected, eid
        )
    ]

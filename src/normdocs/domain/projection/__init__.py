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

facts.py holds what a replay works with, replay.py the replay, compare.py the comparison.
"""

from normdocs.domain.projection.compare import (
    Difference,
    agency_label,
    compare_co_issuers,
    compare_row,
    compare_text,
    compare_versions,
    document_label,
)
from normdocs.domain.projection.facts import (
    AGENCY_FIELDS,
    BOOL_FIELDS,
    DATE_FIELDS,
    DOCUMENT_FIELDS,
    FRESH_FLAGS,
    TEXT_FIELDS,
    UNKNOWN,
    Replayed,
    ReplayEvent,
    normal,
    text_digest,
)
from normdocs.domain.projection.replay import replay_agencies, replay_document

__all__ = [
    "AGENCY_FIELDS",
    "BOOL_FIELDS",
    "DATE_FIELDS",
    "DOCUMENT_FIELDS",
    "FRESH_FLAGS",
    "TEXT_FIELDS",
    "UNKNOWN",
    "Difference",
    "ReplayEvent",
    "Replayed",
    "agency_label",
    "compare_co_issuers",
    "compare_row",
    "compare_text",
    "compare_versions",
    "document_label",
    "normal",
    "replay_agencies",
    "replay_document",
    "text_digest",
]

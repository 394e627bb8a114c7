"""Where the tables differ from their replay: each field, both values and the event that stated
it, for documents, agencies, texts, text versions and co-issuers."""

import functools
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from normdocs.domain.projection.facts import TEXT_FIELDS, UNKNOWN, Replayed, normal


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

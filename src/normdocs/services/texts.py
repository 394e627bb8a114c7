"""Every text a document has had: giving a new one, reading any version, writing its file back.

A text is kept as a numbered version (text_version) with the hash of the file and of the text in
the event that brought it; document_text holds a copy of the newest, which search and the audit
read. When a text changes, what was derived from the old one follows in the same transaction:
the citations found in it, the content check's note of which text it read, the search index.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal, TypedDict

from normdocs.domain.errors import InvalidInput, NotFound, Refused
from normdocs.domain.json import JSONObject
from normdocs.domain.projection import text_digest
from normdocs.domain.stages import Stage
from normdocs.i18n import _
from normdocs.services.context import AppContext
from normdocs.services.readmodels import DocumentWithNewText, TextVersion, TextVersionRead
from normdocs.store.retry import retrying
from normdocs.store.rows import DocumentRow, TextVersionRow, TextVersionSummary

if TYPE_CHECKING:
    from normdocs.services.basis import CitationBatch

TEXT_GIVEN = "document.text_given"

# Stages in which a new text may be given with `doc text --file`: a draft, and a draft the
# review sent back for revision. Under review the reviewer examines the text submitted; after
# the review the text deliberated, signed and promulgated must be the one reviewed; after
# promulgation a changed text is an amendment (doc new --amends).
TEXT_STAGES = frozenset({Stage.DRAFTING.value, Stage.REVISION_REQUIRED.value})
# File types that a text without its original file cannot be written back as.
_BINARY_SUFFIXES = frozenset({".docx", ".doc", ".pdf", ".wps"})


@dataclass(frozen=True)
class GivenText:
    """A text read from a file a person gave: the text, the file's sha256, its bytes."""

    text: str
    content_hash: str
    name: str
    original: bytes | None


def read_given_file(ctx: AppContext, path: Path) -> GivenText:
    """The text of a .txt or .docx file, and the file itself (kept as the version's original).

    A file larger than the profile's import.max_file_bytes is refused: the registry keeps it."""
    from normdocs.importers.textfile import read_document_file

    limit = ctx.profile.import_.max_file_bytes
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # read_document_file says why it cannot be read
    if size > limit:
        raise InvalidInput(
            _("{path} is {size} bytes, more than the limit of {limit} bytes").format(
                path=path, size=size, limit=limit
            ),
            _("give a smaller file, or raise import.max_file_bytes in the profile"),
        )
    text, content_hash = read_document_file(path)
    try:
        data: bytes | None = path.read_bytes()
    except OSError:
        data = None
    if data is not None and hashlib.sha256(data).hexdigest() != content_hash:
        data = None  # changed while it was read: the text is kept, not a different file
    return GivenText(text, content_hash, path.name, data)


def text_event_details(given: GivenText, version: int) -> JSONObject:
    """What the event bringing a text says of it (verify checks the version against these)."""
    return {
        "file": given.name,
        "content_hash": given.content_hash,
        "text_sha256": text_digest(given.text),
        "text_version": version,
        "original_kept": given.original is not None,
    }


def keep_text(
    session: Any,
    *,
    document_id: int,
    text: str,
    source_name: str | None,
    content_hash: str,
    version: int,
    event_id: int,
    on: date | None,
    now: datetime,
    original: bytes | None = None,
    citations: "CitationBatch | None" = None,
) -> None:
    """Keep `text` as version `version` of the document (brought by `event_id`) and as its
    current text; its citations (written now, or with `citations`, a batch its caller writes),
    its content check and the search index follow it."""
    from normdocs.services.basis import forget_citations, record_citations
    from normdocs.store.queries import forget_content_check, put_text
    from normdocs.store.records import utc

    put_text(
        session,
        document_id,
        text,
        source_name,
        content_hash,
        version=version,
        original=original,
        event_id=event_id,
        created_at=utc(now),
    )
    forget_citations(session, document_id, citations)
    record_citations(session, document_id=document_id, text=text, on=on, now=now, batch=citations)
    forget_content_check(session, document_id)


@retrying
def give_text(ctx: AppContext, ref: str, path: Path) -> DocumentWithNewText:
    """`doc text REF --file PATH`: a new text for a draft or a draft under revision (one
    document.text_given event); a document without any text may be given its text at any stage
    (an imported register row: the text it has had all along)."""
    from normdocs.services.documents import document_as
    from normdocs.services.procedure import locked_document
    from normdocs.store.engine import transaction
    from normdocs.store.queries import document_by_id, next_text_version, text_of
    from normdocs.store.records import append_event

    given = read_given_file(ctx, path)
    engine = ctx.engine()
    with transaction(engine, ctx.db) as session:
        row = locked_document(session, ref)
        current = text_of(session, row["id"])
        # A document without a text may be given the one it has had all along (an imported
        # register row), unless it was withdrawn or revoked: its record is closed.
        closed = row["stage"] in ("withdrawn", Stage.REVOKED.value)
        if (current is not None and row["stage"] not in TEXT_STAGES) or closed:
            raise _refused_stage(row)
        if current is not None and current["content_hash"] == given.content_hash:
            raise Refused(
                _("{file} is the text document {id} already has").format(
                    file=given.name, id=row["id"]
                ),
                _("see its versions with: normdocs doc text {id} --list").format(id=row["id"]),
                rule="text-unchanged",
            )
        version = next_text_version(session, row["id"])
        details = text_event_details(given, version)
        if current is not None:
            details["replaces_version"] = version - 1
        event_id = append_event(
            session,
            recorded_at=ctx.now(),
            actor=ctx.actor,
            action=TEXT_GIVEN,
            document_id=row["id"],
            on_date=ctx.today(),
            from_stage=row["stage"],
            to_stage=row["stage"],
            details=details,
        )
        keep_text(
            session,
            document_id=row["id"],
            text=given.text,
            source_name=given.name,
            content_hash=given.content_hash,
            version=version,
            event_id=event_id,
            on=row["promulgated_on"] or ctx.today(),
            now=ctx.now(),
            original=given.original,
        )
        updated = document_by_id(session, row["id"])
    assert updated is not None
    return document_as(
        DocumentWithNewText, updated, ctx.today(), text_version=version, event_id=event_id
    )


def _refused_stage(row: DocumentRow) -> Refused:
    stage = row["stage"]
    if row["promulgated_on"] is not None:
        return Refused(
            _(
                "document {id} is promulgated: its text is the one promulgated; a changed text"
                " is an amendment"
            ).format(id=row["id"]),
            _(
                "register the amended version with: normdocs doc new TITLE --amends {id} --file PATH"
            ).format(id=row["id"]),
            rule="text-fixed-after-promulgation",
        )
    if stage in ("withdrawn", Stage.REVOKED.value):
        hint = _("its record is closed; register a new draft with: normdocs doc new")
    elif stage == Stage.UNDER_REVIEW.value:
        hint = _("the reviewer examines the text submitted: give the new text after the decision")
    else:
        hint = _(
            "the text deliberated, signed and promulgated is the one the review examined;"
            " a new text needs a new review"
        )
    return Refused(
        _(
            "a new text can be given while drafting or after a review asked for revision;"
            " document {id} is {stage}"
        ).format(id=row["id"], stage=_(stage)),
        hint,
        rule="text-stage",
    )


class _VersionFields(TypedDict):
    """What every view of a text version shows (services.readmodels)."""

    document_id: int
    version: int
    created_at: datetime
    source_name: str | None
    content_hash: str
    event_id: int | None
    reviewed: bool
    original_kept: bool


def read_text(ctx: AppContext, ref: str, version: int | None = None) -> TextVersionRead:
    """One version of a document's text (the newest by default), with what is known of it."""
    row, found = _stored_version(ctx, ref, version)
    return TextVersionRead(**_stored_fields(row, found), text=found["text"])


def _stored_version(
    ctx: AppContext, ref: str, version: int | None
) -> tuple[DocumentRow, TextVersionRow]:
    """The document `ref` and one version of its text as stored; refused when it has none."""
    from normdocs.services.documents import resolve_document
    from normdocs.store.engine import transaction
    from normdocs.store.queries import text_version

    engine = ctx.engine(write=False)
    with transaction(engine, ctx.db) as session:
        row = resolve_document(session, ref)
        found = text_version(session, row["id"], version)
    if found is None:
        raise _no_version(row, version)
    return row, found


def list_text_versions(ctx: AppContext, ref: str) -> list[TextVersion]:
    """Every version of a document's text, oldest first: when, from where, its hash, the event
    that brought it, and whether it is the one the legality review examined."""
    from normdocs.services.documents import resolve_document
    from normdocs.store.engine import transaction
    from normdocs.store.queries import text_versions
    from normdocs.store.records import document_events

    engine = ctx.engine(write=False)
    with transaction(engine, ctx.db) as session:
        row = resolve_document(session, ref)
        versions = text_versions(session, row["id"])
        actions = {e["id"]: e["action"] for e in document_events(session, row["id"])}
    newest = versions[-1]["version"] if versions else None
    return [
        TextVersion(
            **_version_fields(row, v, original_kept=bool(v["original_bytes"])),
            chars=v["chars"],
            brought_by=actions.get(v["event_id"]) if v["event_id"] else None,
            current=v["version"] == newest,
        )
        for v in versions
    ]


class WrittenText(_VersionFields):
    """A version written to a file: which (`wrote`: its original file, or its text as UTF-8),
    where, and how many bytes."""

    wrote: Literal["original", "text"]
    path: str
    bytes: int


def write_text(
    ctx: AppContext, ref: str, output: Path, *, version: int | None = None, force: bool = False
) -> WrittenText:
    """Write a version's original file back (the bytes as given); when no file was kept (an
    import, a text older than versions), its text as UTF-8. Says which in `wrote`."""
    from normdocs.services.outputs import OutputFile

    row, stored = _stored_version(ctx, ref, version)
    found = _stored_fields(row, stored)
    original = stored["original"]
    if original is None and output.suffix.lower() in _BINARY_SUFFIXES:
        raise InvalidInput(
            _(
                "version {version} of document {id} was kept as text only (no original file):"
                " it cannot be written as {suffix}"
            ).format(version=found["version"], id=found["document_id"], suffix=output.suffix),
            _("give a name ending in .txt"),
        )
    data = original if original is not None else stored["text"].encode("utf-8")
    with OutputFile(output, registry=ctx.db, inputs=ctx.inputs(), force=force) as out:
        out.write(lambda handle: _write_all(handle, data))
    wrote: Literal["original", "text"] = "original" if original is not None else "text"
    return {**found, "wrote": wrote, "path": str(output), "bytes": len(data)}


def _write_all(handle: IO[bytes], data: bytes) -> None:
    handle.write(data)


def _no_version(row: DocumentRow, version: int | None) -> NotFound:
    if version is None:
        return NotFound(
            _("document {id} has no text").format(id=row["id"]),
            _("give it one with: normdocs doc text {id} --file PATH").format(id=row["id"]),
        )
    return NotFound(
        _("document {id} has no text version {version}").format(id=row["id"], version=version),
        _("see its versions with: normdocs doc text {id} --list").format(id=row["id"]),
    )


def _version_fields(
    row: DocumentRow, v: TextVersionRow | TextVersionSummary, *, original_kept: bool
) -> _VersionFields:
    return {
        "document_id": row["id"],
        "version": v["version"],
        "created_at": v["created_at"],
        "source_name": v["source_name"],
        "content_hash": v["content_hash"],
        "event_id": v["event_id"],
        "reviewed": row["reviewed_version"] == v["version"],
        "original_kept": original_kept,
    }


def _stored_fields(row: DocumentRow, v: TextVersionRow) -> _VersionFields:
    """The fields of a version read whole (its original file, if kept, with it)."""
    return _version_fields(row, v, original_kept=v["original"] is not None)

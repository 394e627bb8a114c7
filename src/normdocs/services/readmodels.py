"""What commands print: one frozen model per thing, the contract of `--format json|csv`.

Each model is built from store rows by its service and turned into text in one way,
`model_dump(mode="json")`: a day as YYYY-MM-DD, a moment as YYYY-MM-DDTHH:MM:SSZ (UTC), an enum
as its code. Field names are the JSON keys scripts read (tests/cli/json_fields.json holds them).
Each field says how people see it (`Col`): its label, and whether a list's table and a
one-record view show it; the CLI builds its columns and CSV headers from that."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, PlainSerializer

from normdocs.domain.chain import utc_text
from normdocs.domain.cleanup_choices import CampaignKind, CampaignStatus, Outcome
from normdocs.domain.json import JSONObject
from normdocs.domain.stages import (
    FilingOutcome,
    IssuerLevel,
    Materials,
    MeetingType,
    ReviewOutcome,
    Stage,
    Validity,
)

# A moment as people and scripts read it: UTC to the second.
Moment = Annotated[
    datetime, PlainSerializer(lambda m: utc_text(m)[:19] + "Z", return_type=str, when_used="json")
]


@dataclass(frozen=True)
class Col:
    """How a field is shown. `label` is English, translated where it is shown (the catalog
    takes it from locale/extra_terms.pot); `at` places it in tables and one-record views when
    that order is not the JSON order (fields without `at` keep their JSON place after those
    with one)."""

    label: str
    table: bool = False
    record: bool = True
    at: int | None = None


View = Literal["table", "record"]
Column = tuple[str, str]  # (JSON key, English label)


class ReadModel(BaseModel):
    """A printed thing: frozen, its fields in JSON order."""

    model_config = ConfigDict(frozen=True)

    def data(self) -> JSONObject:
        """The JSON object of this thing: the one place its values become text."""
        return self.model_dump(mode="json")

    def __getitem__(self, key: str) -> Any:
        """One field as `--format json` gives it (a day as text, an enum as its code), for a
        caller reading what a script would; code that uses the value reads the attribute."""
        return self.data()[key]

    @classmethod
    def columns(cls, view: View = "table") -> list[Column]:
        """(key, label) of the fields a list's table (or a one-record view) shows, in order."""
        shown = []
        for index, (name, info) in enumerate(cls.model_fields.items()):
            col = next((m for m in info.metadata if isinstance(m, Col)), None)
            if col is None or not (col.table if view == "table" else col.record):
                continue
            place = (0, col.at, index) if col.at is not None else (1, index, index)
            shown.append((place, name, col.label))
        return [(name, label) for _place, name, label in sorted(shown)]


# --- documents ---------------------------------------------------------------------------


class DocumentView(ReadModel):
    """A document as the procedure and the lists know it (validity as of `as_of`)."""

    id: Annotated[int, Col("id", table=True, at=1)]
    title: Annotated[str, Col("title", table=True, at=2)]
    issuer: Annotated[str | None, Col("issuer", table=True, at=3)]
    issuer_level: IssuerLevel | None
    doc_number: Annotated[str | None, Col("number", table=True, at=5)]
    registration_no: Annotated[str | None, Col("registration no", at=6)]
    stage: Annotated[Stage, Col("stage", table=True, at=7)]
    validity: Annotated[Validity, Col("validity", table=True, at=8)]
    as_of: Annotated[date, Col("as of", at=9)]
    interim: Annotated[bool, Col("interim (暂行/试行)", at=10)]
    origin: str
    review_outcome: Annotated[ReviewOutcome | None, Col("review outcome", at=13)]
    review_working_days: Annotated[int | None, Col("review working days", at=14)]
    review_emergency: Annotated[bool, Col("emergency", at=15)]
    review_late: Annotated[bool, Col("review late", at=16)]
    # The text version the legality review examined.
    reviewed_version: Annotated[int | None, Col("text version reviewed", at=42)]
    meeting_type: Annotated[MeetingType | None, Col("meeting", at=17)]
    signer: Annotated[str | None, Col("signer", at=19)]
    validity_stated: bool
    filed_late: Annotated[bool, Col("filed late", at=26)]
    refiled_late: Annotated[bool, Col("refiled late", at=30)]
    awaiting_amendment: Annotated[bool, Col("awaiting amended version", at=36)]
    supersedes_id: Annotated[int | None, Col("amends document", at=38)]
    materials: Materials | None
    filing_outcome: Annotated[FilingOutcome | None, Col("filing outcome", at=31)]
    filing_authority: Annotated[str | None, Col("filing authority (备案机关)", at=27)]
    refiling_authority: Annotated[str | None, Col("refiled with", at=29)]
    end_reason: Annotated[Validity | None, Col("ended as", at=34)]
    # Ended (end_reason) on a day nobody recorded: an imported register's 已废止.
    ended_on_unknown: Annotated[bool, Col("ended on an unknown day", at=35)]
    review_submitted_on: Annotated[date | None, Col("review submitted", at=11)]
    review_decided_on: Annotated[date | None, Col("review decided", at=12)]
    meeting_on: Annotated[date | None, Col("meeting date", at=18)]
    signed_on: Annotated[date | None, Col("signed on", at=20)]
    promulgated_on: Annotated[date | None, Col("promulgated on", table=True, at=21)]
    effective_on: Annotated[date | None, Col("effective", at=22)]
    expires_on: Annotated[date | None, Col("expires", table=True, at=23)]
    filing_due_on: Annotated[date | None, Col("filing due", at=24)]
    filed_on: Annotated[date | None, Col("filed on", at=25)]
    refiled_on: Annotated[date | None, Col("refiled on", at=28)]
    filing_decided_on: date | None
    refile_due_on: Annotated[date | None, Col("refile / correction due", at=32)]
    ended_on: Annotated[date | None, Col("ended", at=33)]
    last_cleanup_on: Annotated[date | None, Col("last cleanup", at=37)]


class ListedDocument(DocumentView):
    """A document in a list: with the co-issuers of a joint document."""

    co_issuers: Annotated[list[str], Col("co-issuers", table=True, at=4)]


class ShownDocument(ListedDocument):
    """One document looked at: with its current text's file, length and version."""

    text_source: Annotated[str | None, Col("text", at=39)]
    text_chars: int
    text_version: Annotated[int | None, Col("text version", at=40)]


class DocumentWithNewText(DocumentView):
    """A document that was just given a new text: the version and the event that brought it."""

    text_version: Annotated[int, Col("text version", at=40)]
    event_id: Annotated[int, Col("event", at=41)]


class HistoryRow(ReadModel):
    """One event of a document's whole-process record."""

    event_id: Annotated[int, Col("event", table=True)]
    recorded_at: Annotated[Moment, Col("recorded at", table=True)]
    actor: Annotated[str, Col("actor", table=True)]
    action: Annotated[str, Col("action", table=True)]
    on_date: Annotated[date | None, Col("date", table=True)]
    from_stage: Annotated[Stage | None, Col("from", table=True)]
    to_stage: Annotated[Stage | None, Col("to", table=True)]
    # The event's facts as recorded: open keys, shown as "key: value" parts.
    details: Annotated[JSONObject, Col("details", table=True)]
    # How a person reads a correction (更正): each fact before → after, and the reason.
    summary: JSONObject | None


class TextVersion(ReadModel):
    """A version of a document's text in the list of its versions."""

    document_id: int
    version: Annotated[int, Col("version", table=True, at=1)]
    created_at: Annotated[Moment | None, Col("recorded at", table=True, at=2)]
    source_name: Annotated[str | None, Col("file", table=True, at=3)]
    content_hash: Annotated[str, Col("sha256", table=True, at=6)]
    event_id: Annotated[int | None, Col("event", table=True, at=5)]
    reviewed: Annotated[bool, Col("examined by the review", table=True, at=9)]
    original_kept: Annotated[bool, Col("original file kept", table=True, at=8)]
    chars: Annotated[int, Col("characters", table=True, at=7)]
    brought_by: Annotated[str | None, Col("brought by", table=True, at=4)]
    current: Annotated[bool, Col("current", table=True, at=10)]


class TextVersionRead(ReadModel):
    """One version of a document's text, read whole."""

    document_id: Annotated[int, Col("document")]
    version: Annotated[int, Col("version")]
    created_at: Annotated[Moment | None, Col("recorded at")]
    source_name: Annotated[str | None, Col("file")]
    content_hash: Annotated[str, Col("sha256")]
    event_id: Annotated[int | None, Col("event")]
    reviewed: Annotated[bool, Col("examined by the review")]
    original_kept: Annotated[bool, Col("original file kept")]
    text: Annotated[str, Col("text")]


# --- agencies, search --------------------------------------------------------------------


class AgencyView(ReadModel):
    id: Annotated[int, Col("id", table=True)]
    name: Annotated[str, Col("name", table=True)]
    code: str | None
    codes: Annotated[list[str], Col("codes", table=True)]
    level: Annotated[IssuerLevel, Col("level", table=True)]
    parent: Annotated[str | None, Col("parent", table=True)]
    head: Annotated[str | None, Col("principal head", table=True)]
    legal_office: Annotated[str | None, Col("legal office", table=True)]
    files_to: Annotated[str | None, Col("files to", table=True)]


class SearchHit(ReadModel):
    """A document matching a search: where the term is, and a snippet around it."""

    rank: int
    id: Annotated[int, Col("id", table=True, at=1)]
    title: Annotated[str, Col("title", table=True, at=4)]
    issuer: Annotated[str | None, Col("issuer", table=True, at=5)]
    co_issuers: Annotated[list[str], Col("co-issuers", table=True, at=5)]
    doc_number: Annotated[str | None, Col("number", table=True, at=6)]
    promulgated_on: Annotated[date | None, Col("promulgated on", table=True, at=3)]
    stage: Stage
    validity: Annotated[Validity, Col("validity", table=True, at=7)]
    in_title: bool
    in_text: bool
    in_doc_number: bool
    occurrences: int
    # A table shows it with the match marked (cli.search_cmd).
    snippet: Annotated[str, Col("snippet", table=True, at=8)]
    snippet_source: Literal["text", "title", "doc_number"]
    match_start: int
    match_end: int
    match_offset: int


class VersionHit(SearchHit):
    """A match in any text a document has had (search --all-versions)."""

    # A table shows which text: the current one, or an older version (cli.search_cmd).
    version: Annotated[int | None, Col("text version", table=True, at=2)]
    current: bool


# --- laws --------------------------------------------------------------------------------


class LawView(ReadModel):
    """A version of a superior law."""

    id: Annotated[int, Col("id", table=True)]
    title: Annotated[str, Col("title", table=True)]
    short_title: Annotated[str | None, Col("short title")]
    level: Annotated[str, Col("level", table=True)]
    doc_number: Annotated[str | None, Col("number")]
    promulgated_on: Annotated[date | None, Col("promulgated on", table=True)]
    effective_on: Annotated[date | None, Col("effective", table=True)]
    status: Annotated[str, Col("status", table=True)]
    amended_on: Annotated[date | None, Col("amended on", table=True)]
    repealed_on: Annotated[date | None, Col("repealed on", table=True)]


class LawVersionView(ReadModel):
    """A version of a law with how many documents rest on it (law show: its title and level
    are the law's, shown above the versions)."""

    id: Annotated[int, Col("id", table=True)]
    title: str
    short_title: str | None
    level: str
    doc_number: str | None
    promulgated_on: Annotated[date | None, Col("promulgated on", table=True)]
    effective_on: Annotated[date | None, Col("effective", table=True)]
    status: Annotated[str, Col("status", table=True)]
    amended_on: Annotated[date | None, Col("amended on", table=True)]
    repealed_on: Annotated[date | None, Col("repealed on", table=True)]
    documents: Annotated[int, Col("documents", table=True)]


class RestingDocument(ReadModel):
    """A document resting on a version of a law (law show)."""

    id: Annotated[int, Col("id", table=True)]
    title: Annotated[str, Col("title", table=True)]
    issuer: Annotated[str | None, Col("issuer", table=True)]
    doc_number: Annotated[str | None, Col("number", table=True)]
    validity: Annotated[Validity, Col("validity", table=True)]
    # The promulgation day of the version it rests on.
    version: Annotated[date | None, Col("version", table=True)]
    article: Annotated[str | None, Col("article", table=True)]
    origin: Annotated[str, Col("origin", table=True)]


class LawFlag(ReadModel):
    """A document flagged for instant cleanup by a change of a law (law show)."""

    document_id: int
    law_id: int
    reason: str
    flagged_on: date | None
    effective_on: date | None
    # The change takes effect after today.
    pending: bool
    campaign_id: int | None


class LawShown(ReadModel):
    """A law: its current version, all its versions, the documents resting on it, its flags."""

    law: LawView
    versions: list[LawVersionView]
    documents: list[RestingDocument]
    flags: list[LawFlag]


class FlaggedDocument(ReadModel):
    """A document a change of a law flagged for instant cleanup (law amend, repeal, import)."""

    id: Annotated[int, Col("id", table=True)]
    title: Annotated[str, Col("title", table=True)]
    issuer: Annotated[str | None, Col("issuer", table=True)]
    doc_number: Annotated[str | None, Col("number", table=True)]
    validity: Annotated[Validity, Col("validity", table=True)]
    # amended or repealed.
    reason: Annotated[str, Col("reason", table=True)]
    law: str
    flagged_on: Annotated[date, Col("flagged on", table=True)]
    effective_on: Annotated[date, Col("acts from", table=True)]
    pending: bool


class LawAmended(ReadModel):
    """An amendment recorded: the new version, the one it superseded, the documents flagged."""

    law: LawView
    previous: LawView
    flagged: list[FlaggedDocument]


class LawRepealed(ReadModel):
    """A repeal recorded: the repealed version and the documents flagged."""

    law: LawView
    flagged: list[FlaggedDocument]


class LawImported(ReadModel):
    """What a law list changed (law import)."""

    file: str
    sha256: str
    rows: int
    new: int
    updated: int
    unchanged: int
    # Versions the file does not list that a new version in it superseded.
    superseded: int
    resolved_citations: int
    flagged_documents: list[int]
    flagged: list[FlaggedDocument]


class UnresolvedCitation(ReadModel):
    """A citation naming nothing in the registry, with its documents and the laws it is near."""

    kind: Annotated[str, Col("kind", table=True, at=2)]
    citation: Annotated[str, Col("citation", table=True, at=1)]
    documents: Annotated[int, Col("documents", table=True)]
    document_ids: Annotated[list[int], Col("document ids", table=True)]
    near: Annotated[str | None, Col("near matches", table=True)]


class CitationView(ReadModel):
    """A law or document a document cites, and what the citation resolved to."""

    document_id: int
    basis_id: Annotated[int, Col("id", table=True)]
    kind: Annotated[str, Col("kind", table=True)]
    citation: Annotated[str, Col("citation", table=True)]
    article: Annotated[str | None, Col("article", table=True)]
    cited_number: Annotated[str | None, Col("number", table=True)]
    origin: Annotated[str, Col("origin", table=True)]
    resolved: bool
    resolved_to: Annotated[str | None, Col("resolved to", table=True)]
    law_id: int | None
    law_version: date | None
    law_status: Annotated[str | None, Col("law status", table=True)]
    cited_document_id: int | None


# --- audit, cleanup, import --------------------------------------------------------------


class FindingView(ReadModel):
    """An audit finding, with what the stored run knows of it."""

    key: str
    rule: Annotated[str, Col("rule", table=True, at=3)]
    # domain.audit.Severity's codes (that module is slow to load for every command).
    severity: Annotated[Literal["error", "warning", "info"], Col("severity", table=True, at=2)]
    document_id: Annotated[int | None, Col("doc", table=True, at=4)]
    doc_number: Annotated[str | None, Col("number", table=True, at=5)]
    title: str | None
    issuer: str | None
    law_id: int | None
    law: str | None
    summary: Annotated[str, Col("finding", table=True, at=6)]
    # What the rule saw: open keys per rule.
    evidence: JSONObject
    source: Annotated[str | None, Col("source", table=True, at=7)]
    new: Annotated[bool, Col("new", table=True, at=8)]
    first_seen: date
    id: Annotated[int | None, Col("id", table=True, at=1)]
    # A reviewer's verdict (right, wrong) or "acknowledged"; None: not acknowledged.
    acknowledged: str | None


class Acknowledgement(ReadModel):
    """A reviewer's mark on a finding (audit ack)."""

    id: Annotated[int, Col("finding")]
    key: str
    rule: Annotated[str, Col("rule")]
    document_id: Annotated[int | None, Col("doc")]
    # right, wrong, or None: acknowledged without a verdict.
    verdict: Annotated[str | None, Col("verdict")]
    reason: Annotated[str, Col("reason")]
    acked_by: Annotated[str, Col("by")]


class MarkedSentence(ReadModel):
    """A content finding a reviewer marked, as a sentence of the labelled set (audit marks)."""

    sentence: Annotated[str, Col("sentence", table=True)]
    # The kind of violation it is, or "none" for a lawful sentence.
    expected: Annotated[str, Col("expected", table=True)]
    label: Annotated[Literal["violation", "lawful"], Col("label", table=True)]
    source: Annotated[str, Col("source", table=True)]
    article: Annotated[str, Col("article", table=True)]
    part: Annotated[str, Col("part", table=True)]


class CampaignView(ReadModel):
    """A cleanup campaign (清理) with its counts."""

    id: Annotated[int, Col("id", table=True)]
    name: Annotated[str, Col("name", table=True)]
    kind: Annotated[CampaignKind, Col("kind", table=True)]
    kind_label: str
    issuer: Annotated[str | None, Col("issuer", table=True)]
    # The scope: agencies named with --issuer, and with --under (with their departments).
    issuers: list[str]
    under: list[str]
    law: Annotated[str | None, Col("law", table=True)]
    started_on: Annotated[date, Col("started on", table=True)]
    closed_on: Annotated[date | None, Col("closed on", table=True)]
    status: Annotated[CampaignStatus, Col("status", table=True)]
    documents: Annotated[int, Col("documents", table=True)]
    decided: Annotated[int, Col("decided")]
    undecided: Annotated[int, Col("undecided", table=True)]
    retain: Annotated[int, Col("retain (继续有效)")]
    amend: Annotated[int, Col("amend (修订)")]
    repeal: Annotated[int, Col("repeal (废止)")]
    invalidate: Annotated[int, Col("invalidate (宣布失效)")]


class CleanupItemView(ReadModel):
    """A document in a cleanup campaign and its outcome (or none yet)."""

    campaign_id: Annotated[int, Col("campaign")]
    document_id: Annotated[int, Col("id", table=True)]
    doc_number: Annotated[str | None, Col("number", table=True)]
    title: Annotated[str, Col("title", table=True)]
    issuer: Annotated[str | None, Col("issuer", table=True)]
    outcome: Annotated[Outcome | None, Col("outcome", table=True)]
    outcome_label: str | None
    reason: Annotated[str | None, Col("reason", table=True)]
    effective_on: Annotated[date | None, Col("effective", table=True)]
    new_expires_on: Annotated[date | None, Col("new expiry", table=True)]
    decided_on: date | None


class ImportItemView(ReadModel):
    """One file or register row of an import and what became of it."""

    source: Annotated[str, Col("file", table=True, at=2)]
    location: Annotated[str | None, Col("where", table=True, at=3)]
    outcome: Annotated[str, Col("outcome", table=True, at=1)]
    reason: Annotated[str | None, Col("reason", table=True, at=8)]
    document_id: Annotated[int | None, Col("id", table=True, at=4)]
    title: Annotated[str | None, Col("title", table=True, at=5)]
    doc_number: Annotated[str | None, Col("number", table=True, at=6)]
    issuer: Annotated[str | None, Col("issuer", table=True, at=7)]
    promulgated_on: date | None
    effective_on: date | None
    expires_on: date | None
    validity_stated: bool
    notes: str | None
    # The level --create-issuers gives (or, in a dry run, would give) its new issuer.
    new_issuer_level: IssuerLevel | None


class UndoRow(ReadModel):
    """What undoing an import did (or, without --yes, would do) to one document."""

    document_id: Annotated[int, Col("id", table=True)]
    title: Annotated[str | None, Col("title", table=True)]
    doc_number: Annotated[str | None, Col("number", table=True)]
    # withdrawn, kept (with the reason), number_removed, text_kept.
    outcome: Annotated[str, Col("outcome", table=True)]
    reason: Annotated[str | None, Col("reason", table=True)]


class ImportBatchView(ReadModel):
    """One run of `normdocs import` that wrote something, and whether it was undone."""

    id: Annotated[int, Col("batch", table=True)]
    started_at: Annotated[Moment, Col("date", table=True)]
    actor: Annotated[str, Col("actor", table=True)]
    sources: Annotated[list[str], Col("sources", table=True)]
    new: Annotated[int, Col("new", table=True)]
    rejected: Annotated[int, Col("rejected", table=True)]
    undone_at: Annotated[Moment | None, Col("undone", table=True)]
    undone_reason: Annotated[str | None, Col("why undone", table=True)]

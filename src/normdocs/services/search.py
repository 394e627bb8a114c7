"""Full-text search: documents whose title or text contains a term, newest first, with snippets."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from normdocs.domain.errors import InvalidInput
from normdocs.domain.stages import Validity
from normdocs.i18n import _
from normdocs.services.context import AppContext
from normdocs.services.documents import validity_of
from normdocs.services.readmodels import SearchHit, VersionHit

if TYPE_CHECKING:
    from normdocs.store.search import Filters, MatchedDocument, TermPlan, VersionMatch

DEFAULT_LIMIT = 20
MAX_LIMIT = 1000
# Characters of context on each side of the hit in a snippet.
SNIPPET_CONTEXT = 30
ELLIPSIS = "…"
# The fields of a hit, in order: JSON and CSV give these whether or not anything matched.
HIT_FIELDS = tuple(SearchHit.model_fields)


@dataclass(frozen=True)
class SearchResult:
    """One page of a search and the number of all matches."""

    term: str
    total: int
    offset: int
    limit: int
    as_of: date
    hits: Sequence[SearchHit] = field(default_factory=list)

    @property
    def first(self) -> int:
        """1-based position of the first hit shown (0 when none is shown)."""
        return self.offset + 1 if self.hits else 0

    @property
    def last(self) -> int:
        return self.offset + len(self.hits)


def search_documents(
    ctx: AppContext,
    text: str,
    *,
    issuer: str | Sequence[str] | None = None,
    validity: str | None = None,
    year: int | None = None,
    as_of: date | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
    count_only: bool = False,
    all_versions: bool = False,
    under: str | None = None,
) -> SearchResult:
    """Documents whose title or full text contains `text` (exactly; ASCII letters in any case),
    newest first: promulgation date descending (drafts last), then id descending. When all of
    `text` is a 文号 in any style (元政发[2019]21号), the documents registered under its normal
    form (元政发〔2019〕21号) are found too.

    `validity` is one or more validity states, comma-separated, as of `as_of` (default today).

    `all_versions`: the texts documents had before their current one are searched too; a hit
    in such a text is one more hit (its `version`, `current` false), after the document's
    current text's. Every hit then says which version it is in.
    """
    from normdocs.services.scopes import resolve_scope
    from normdocs.store.engine import transaction
    from normdocs.store.search import Filters

    plan = _plan(text, limit, offset)
    validities = _parse_validities(validity)
    day = as_of or ctx.today()
    versions: list[tuple[int | None, bool]] | None = None
    with transaction(ctx.engine(write=False), ctx.db) as session:
        scope = resolve_scope(session, issuer, under)
        filters = Filters(as_of=day, validities=validities, issuer_ids=scope.agency_ids, year=year)
        rows: Sequence[MatchedDocument]
        if all_versions:
            total, matches = _all_versions(session, plan, filters, limit, offset, count_only)
            rows, versions = matches, [(m["version"], m["current"]) for m in matches]
        else:
            total, rows = _current_matches(session, plan, filters, limit, offset, count_only)
        joint = _co_issuers(session, rows)
    hits = [
        hit_view(
            row,
            plan.term,
            day,
            offset + i + 1,
            doc_number=plan.doc_number,
            version=versions[i] if versions is not None else None,
            co_issuers=joint.get(row["id"], []),
        )
        for i, row in enumerate(rows)
    ]
    return SearchResult(plan.term, total, offset, limit, day, hits)


def _plan(text: str, limit: int, offset: int) -> "TermPlan":
    """How `text` is looked for, once the page asked for is known to be one that can be shown."""
    from normdocs.store.search import plan_term

    plan = plan_term(text)
    if plan is None:
        raise InvalidInput(
            _("the search text “{text}” has no letter or digit to look for").format(text=text),
            _("give a word or phrase, e.g.: normdocs search 罚款"),
        )
    if limit < 1 or limit > MAX_LIMIT:
        raise InvalidInput(
            _("--limit must be between 1 and {max}, not {limit}").format(
                max=MAX_LIMIT, limit=limit
            ),
            _("page through more results with --offset"),
        )
    if offset < 0:
        raise InvalidInput(
            _("--offset cannot be negative ({offset})").format(offset=offset),
            _("--offset 0 starts at the newest match"),
        )
    return plan


def _current_matches(
    session: Any, plan: "TermPlan", filters: "Filters", limit: int, offset: int, count_only: bool
) -> tuple[int, list["MatchedDocument"]]:
    """The number of documents whose title or current text matches, and one page of them
    (none with `count_only`)."""
    from normdocs.store.search import count_matches, find_matches

    if count_only:
        return count_matches(session, plan, filters), []
    return find_matches(session, plan, filters, limit=limit, offset=offset)


def _all_versions(
    session: Any, plan: "TermPlan", filters: "Filters", limit: int, offset: int, count_only: bool
) -> tuple[int, list["VersionMatch"]]:
    """Hits in current texts (and titles) and in older versions, in search order: newest
    document first, and within one document its current text before its older versions."""
    from normdocs.store.search import (
        count_matches,
        current_versions,
        find_matches,
        older_version_matches,
    )

    wanted = 1 if count_only else offset + limit
    current: list[MatchedDocument] = []
    if count_only:
        current_total = count_matches(session, plan, filters)
    else:
        current_total, current = find_matches(session, plan, filters, limit=wanted, offset=0)
    older_total, older = older_version_matches(session, plan, filters, limit=wanted)
    numbers = current_versions(session, [int(r["id"]) for r in current])
    rows: list[VersionMatch] = [
        {**r, "version": numbers.get(int(r["id"])), "current": True} for r in current
    ]
    rows += [{**r, "current": False} for r in older]
    rows.sort(key=_search_order)
    return current_total + older_total, rows[offset : offset + limit]


def _search_order(row: "VersionMatch") -> tuple[Any, ...]:
    promulgated = row["promulgated_on"]
    return (
        promulgated is None,
        -(promulgated.toordinal() if promulgated else 0),
        -int(row["id"]),
        not row["current"],
        -(row["version"] or 0),
    )


@dataclass(frozen=True)
class _Located:
    """Where a term is in a match: how often in its title and text, whether its registered
    文号 is the one looked for, and the snippet shown (with the hit's place in it and in the
    source)."""

    title_hits: int
    text_hits: int
    in_doc_number: bool
    source: str
    at: int
    snippet: str
    start: int
    end: int


def hit_view(
    row: "MatchedDocument",
    term: str,
    as_of: date,
    rank: int,
    *,
    doc_number: str | None = None,
    version: tuple[int | None, bool] | None = None,
    co_issuers: Sequence[str] = (),
) -> SearchHit:
    """A match as shown and written as JSON: the document, where the term is (_locate), and a
    snippet around it. With `version` (number, whether current), a match in any text the
    document has had."""
    found = _locate(row, term, doc_number)
    hit = SearchHit(
        rank=rank,
        id=row["id"],
        title=row["title"] or "",
        issuer=row["issuer"],
        co_issuers=list(co_issuers),
        doc_number=row["doc_number"],
        promulgated_on=row["promulgated_on"],
        stage=row["stage"],
        validity=validity_of(row, as_of, created_at=row["created_at"]),
        in_title=found.title_hits > 0,
        in_text=found.text_hits > 0,
        in_doc_number=found.in_doc_number,
        occurrences=found.title_hits + found.text_hits,
        snippet=found.snippet,
        snippet_source=found.source,
        match_start=found.start,
        match_end=found.end,
        match_offset=found.at,
    )
    if version is None:
        return hit
    number, current = version
    return VersionHit(**dict(hit), version=number, current=current)


def _locate(row: "MatchedDocument", term: str, doc_number: str | None) -> _Located:
    """The term's first occurrence in the text (or in the title, when the text lacks it; or
    the registered 文号, when the term is `doc_number`'s and neither has it; the registration
    number, when only that matched: source "doc_number" for both)."""
    from normdocs.domain.docnumber import locate_doc_number
    from normdocs.store.search import fold

    needle = fold(term)
    title = row["title"] or ""
    title_folded = fold(title)
    body = row["text"] or ""
    body_folded = fold(body)
    title_hits = title_folded.count(needle)
    text_hits = body_folded.count(needle)
    if doc_number is not None and not title_hits and not text_hits:
        # A 文号 typed in another style: where the text cites its normal form.
        needle = doc_number
        title_hits, text_hits = title_folded.count(needle), body_folded.count(needle)
    # Or where the text cites it in yet another style (元政发[2026]第5号).
    loose: tuple[int, int] | None = None
    if doc_number is not None and not title_hits and not text_hits:
        loose = locate_doc_number(body, doc_number)
        text_hits = int(loose is not None)
    registered = row["doc_number"] or ""
    in_doc_number = doc_number is not None and registered == doc_number
    if loose is not None:
        source, at = "text", loose[0]
        snippet, start, end = make_snippet(body, at, loose[1] - at)
    elif text_hits:
        source, at = "text", body_folded.index(needle)
        snippet, start, end = make_snippet(body, at, len(needle))
    elif in_doc_number and not title_hits:
        source, at = "doc_number", 0
        snippet, start, end = registered, 0, len(registered)
    elif title_hits:
        source, at = "title", title_folded.find(needle)
        snippet, start, end = make_snippet(title, at, len(needle))
    elif row["registration_no"]:  # found by its registration number
        source, at = "doc_number", 0
        snippet = str(row["registration_no"])
        start, end = 0, len(snippet)
    else:  # a 文号 the title prints loosely
        source, at = "title", 0
        snippet, start, end = make_snippet(title, 0, 0)
    return _Located(title_hits, text_hits, in_doc_number, source, at, snippet, start, end)


def _co_issuers(session: Any, rows: Sequence["MatchedDocument"]) -> dict[int, list[str]]:
    """The co-issuers of the joint documents among a page of hits."""
    if not rows:
        return {}
    from normdocs.store.records import co_issuers_by_document

    return co_issuers_by_document(session, sorted({int(r["id"]) for r in rows}))


def make_snippet(source: str, at: int, length: int) -> tuple[str, int, int]:
    """About SNIPPET_CONTEXT characters either side of source[at:at + length], each run of
    whitespace shown as one space, "…" where the source goes on. Returns the snippet and the
    hit's start and end in it (snippet[start:end] is the hit as written in the source)."""
    begin = max(0, at - SNIPPET_CONTEXT)
    stop = min(len(source), at + length + SNIPPET_CONTEXT)
    before = _squeeze(source[begin:at]).lstrip()
    after = _squeeze(source[at + length : stop]).rstrip()
    hit = "".join(" " if ch.isspace() else ch for ch in source[at : at + length])
    head = ELLIPSIS if begin > 0 else ""
    tail = ELLIPSIS if stop < len(source) else ""
    start = len(head) + len(before)
    return head + before + hit + after + tail, start, start + len(hit)


def _squeeze(text: str) -> str:
    """Runs of whitespace (line breaks, full-width spaces) as one space, ends kept."""
    if not text:
        return text
    inner = " ".join(text.split())
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() and inner else ""
    return lead + inner + trail if inner else " "


def _parse_validities(value: str | None) -> tuple[Validity, ...]:
    if not value:
        return ()
    allowed = {v.value for v in Validity}
    chosen = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [v for v in chosen if v not in allowed]
    if unknown:
        raise InvalidInput(
            _("unknown value {value} for {option}").format(
                value=", ".join(unknown), option="--validity"
            ),
            _("choose from: {allowed}").format(allowed=", ".join(sorted(allowed))),
        )
    if Validity.WITHDRAWN.value in chosen:
        # A withdrawn document leaves the search index (record.md): none would be found.
        raise InvalidInput(
            _("withdrawn documents are not searched"),
            _("list them with: normdocs doc list --stage withdrawn"),
        )
    return tuple(Validity(v) for v in dict.fromkeys(chosen))

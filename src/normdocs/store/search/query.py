"""Searching the index: a term's plan (phrase of bigrams, prefix, or a 文号 typed loosely), the
count and a page of matches under the filters, and the older text versions a term is found in.
See index.py for what the index holds."""

import operator
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Any
from typing import cast as typed

from sqlalchemy import (
    ColumnElement,
    Text,
    and_,
    bindparam,
    cast,
    exists,
    extract,
    func,
    literal_column,
    or_,
    select,
    union,
)
from sqlalchemy import text as sql_text
from sqlalchemy.dialects.postgresql import TSQUERY

from normdocs.domain.stages import Validity
from normdocs.store.queries import validity_condition
from normdocs.store.rows import DocumentColumns
from normdocs.store.search.index import (
    _AMBIGUOUS,
    _ASCII_LOWER_CHARS,
    _ASCII_UPPER_CHARS,
    _RUN,
    _WORD,
    _dialect,
    _indexed_form,
    cited_token,
    fold,
    fts_t,
    pg_index_t,
)
from normdocs.store.tables import agency_t, document_t, text_t, version_t


class MatchedDocument(DocumentColumns):
    """A document a search found: its row, its lead issuer's name and level, its current text
    (None when it has none)."""

    issuer: str
    issuer_level: str
    text: str | None


class OlderVersionMatch(MatchedDocument):
    """A document found in a text it had before its current one: `text` is that version's."""

    version: int


class VersionMatch(MatchedDocument):
    """A match in any text a document has had, as a search over all versions lists it: which
    version (None: a document without versions) and whether it is the current one."""

    version: int | None
    current: bool


@dataclass(frozen=True)
class TermPlan:
    """How one search term is looked up in the index."""

    term: str  # as given, without surrounding whitespace
    folded: str  # ASCII letters lowered: what is confirmed against titles and texts
    runs: tuple[str, ...]  # its runs in the indexed form
    # The normal form when the whole term is a 文号 (元政发[2019]21号 → 元政发〔2019〕21号): the
    # documents registered under it match too, whatever style their texts print it in.
    doc_number: str | None = None
    # (prefix, year, sequence number) when the whole term is a registration number in any
    # style (ND[2026]3 for ND〔2026〕003): the document registered under it matches too.
    registration: tuple[str, int, int] | None = None

    @property
    def by_number(self) -> bool:
        """Whether documents match by their registered numbers too, not by their texts only."""
        return self.doc_number is not None or self.registration is not None

    def exact_in_index(self, dialect: str) -> bool:
        """Whether the index alone answers exactly, with no look at the texts."""
        if len(self.runs) != 1 or _AMBIGUOUS.search(self.folded):
            return False
        return dialect == "sqlite" or len(self.folded) <= 2

    @property
    def prefix(self) -> bool:
        """A one-character term: looked up as a prefix of the tokens."""
        return len(self.runs) == 1 and len(self.runs[0]) == 1

    def fts_query(self) -> str:
        """The FTS5 phrase: the tokens of the runs in order. A run followed by whitespace in the
        term ends there in the document too, so its lone last character follows its bigrams;
        the last run may go on in the document, so it gives its bigrams only, or (one
        character) a prefix. Never narrower than the term: see the module docstring."""
        tokens: list[str] = []
        for run in self.runs[:-1]:
            tokens.extend(map(operator.add, run, run[1:]))
            tokens.append(run[-1])
        last = self.runs[-1]
        tokens.extend(map(operator.add, last, last[1:]))
        if len(last) == 1:
            tokens.append(last)
        return '"' + " ".join(tokens) + '"' + (" *" if len(last) == 1 else "")

    def tsquery(self) -> str:
        """The PostgreSQL query: every bigram of every run, a one-character run as a prefix."""
        parts: list[str] = []
        for run in self.runs:
            if len(run) == 1:
                parts.append(f"'{run}':*")
            else:
                parts.extend(f"'{a}{b}'" for a, b in pairwise(run))
        return " & ".join(dict.fromkeys(parts))


def plan_term(term: str) -> TermPlan | None:
    """The plan for `term`, or None when it has no letter or digit to look for."""
    term = term.strip()
    if not _WORD.search(term):
        return None
    folded = fold(term)
    runs = tuple(_RUN.findall(_indexed_form(term)))
    doc_number = _as_doc_number(term)
    registration = _as_registration(term) if doc_number is None else None
    return TermPlan(term, folded, runs, doc_number=doc_number, registration=registration)


def _as_registration(term: str) -> tuple[str, int, int] | None:
    """(prefix, year, sequence number) when all of `term` is a registration number in any
    bracket style, with or without leading zeros, 第 or 号; else None."""
    from normdocs.domain.docnumber import OPEN_BRACKETS, parse_registration

    if not any(ch in OPEN_BRACKETS for ch in term):
        return None
    found = parse_registration(term)
    return None if found is None else (found.prefix, found.year, found.seq)


def _as_doc_number(term: str) -> str | None:
    """The normal form of `term` when all of it is a 文号 in any accepted style, else None."""
    from normdocs.domain.docnumber import OPEN_BRACKETS, normalise_doc_number
    from normdocs.domain.errors import InvalidInput

    if not any(ch in OPEN_BRACKETS for ch in term) and not term.endswith("号"):
        return None  # the common case, decided without parsing (元政发2026第7号 has no bracket)
    try:
        return normalise_doc_number(term)
    except InvalidInput:
        return None


@dataclass(frozen=True)
class Filters:
    """What a search is narrowed to, besides the term."""

    as_of: date
    validities: tuple[Validity, ...] = ()
    issuer_id: int | None = None
    year: int | None = None
    issuer_ids: Collection[int] | None = None  # a scope of several issuers (services.scopes)

    def conditions(self) -> list[ColumnElement[bool]]:
        d = document_t.c
        found: list[ColumnElement[bool]] = []
        if self.validities:
            found.append(or_(*(validity_condition(v, self.as_of) for v in self.validities)))
        if self.issuer_id is not None:
            found.append(d.issuer_id == self.issuer_id)
        if self.issuer_ids is not None:
            from normdocs.store.queries import issued_by

            found.append(issued_by(self.issuer_ids))  # a joint document counts for each
        if self.year is not None:
            # The same year rule as `doc list --year`: promulgation, or creation for a draft.
            found.append(
                func.coalesce(extract("year", d.promulgated_on), extract("year", d.created_at))
                == self.year
            )
        return found


def count_matches(session: Any, plan: TermPlan, filters: Filters) -> int:
    """How many documents contain the term in their title or text (exact), or are registered
    under it (a 文号), and pass `filters`."""
    dialect = _dialect(session)
    _steer_postgresql(session, dialect)
    conditions = filters.conditions()
    if plan.by_number:
        query = select(func.count()).where(document_t.c.id.in_(_matched(dialect, plan)))
        query = query.where(document_t.c.stage != "withdrawn")  # its index entry is empty
        return int(session.execute(query.where(*conditions)).scalar_one())
    exact = plan.exact_in_index(dialect)
    if dialect == "sqlite" and exact and not conditions:
        query = select(func.count()).select_from(fts_t).where(_fts_match(plan))
        return int(session.execute(query).scalar_one())
    query = select(func.count()).select_from(_documents(with_text=not exact))
    query = query.where(document_t.c.id.in_(_candidates(dialect, plan)), *conditions)
    if not exact:
        query = query.where(_confirm(dialect, plan))
    return int(session.execute(query).scalar_one())


# Over 100,000 documents (benchmarks/search.py), checking one document against the index costs
# roughly 10–90 times as much as taking one match from the index and sorting it (5–30 µs
# against about 0.3 µs). The page
# is found by walking the documents newest first when that is expected to check fewer than
# 1/30 as many documents as there are matches, i.e. for frequent terms; otherwise all matches
# are taken and sorted. Matches are not spread evenly over the years (a word falls out of use),
# so the walk goes at most WALK_SLACK times as far as expected, then gives way to the sort.
WALK_COST_RATIO = 30

WALK_SLACK = 4


def find_matches(
    session: Any, plan: TermPlan, filters: Filters, *, limit: int, offset: int
) -> tuple[int, list[MatchedDocument]]:
    """The number of matches and one page of them, newest first (promulgation date descending,
    drafts last, then id descending), each with its issuer and full text. A 文号 also matches
    the documents registered under it; a document matching both ways is counted once.

    An unfiltered term of two or more characters that the index answers alone (SQLite) is
    counted by the index, and its page walked to or sorted, whichever is cheaper (a prefix
    query, for one character, is too slow to check document by document). Otherwise one query
    counts the matches (a window count) and sorts them: the index is read once, not once to
    count and once for the page.
    """
    dialect = _dialect(session)
    _steer_postgresql(session, dialect)
    conditions = filters.conditions()
    if (
        dialect == "sqlite"
        and plan.exact_in_index(dialect)
        and not conditions
        and not plan.prefix
        and not plan.by_number
    ):
        total = count_matches(session, plan, filters)
        ids: list[int] | None = None
        if total > offset:
            documents = int(session.execute(select(func.max(document_t.c.id))).scalar() or 0)
            expected = (offset + limit) * documents / total
            if expected * WALK_COST_RATIO < total:
                ids = _walk(session, plan, limit, offset, int(expected * WALK_SLACK) + 100)
                if len(ids) < min(limit, total - offset):
                    ids = None  # the walk went as far as it may: sort all matches instead
        if ids is None:
            ids = [i for i, _total in _sorted(session, dialect, plan, filters, limit, offset)]
        return total, _documents_with_text(session, ids)
    rows = _sorted(session, dialect, plan, filters, limit, offset)
    if rows:
        total = rows[0][1]
    elif offset:  # past the last match: the window count saw no row
        total = count_matches(session, plan, filters)
    else:
        total = 0
    return total, _documents_with_text(session, [i for i, _total in rows])


def _sorted(
    session: Any, dialect: str, plan: TermPlan, filters: Filters, limit: int, offset: int
) -> list[tuple[int, int]]:
    """(id, number of all matches) of the page, from all matches sorted."""
    exact = plan.exact_in_index(dialect)
    d = document_t.c
    if plan.by_number:
        query = select(d.id, func.count().over()).where(
            d.id.in_(_matched(dialect, plan)), d.stage != "withdrawn", *filters.conditions()
        )
    else:
        query = (
            select(d.id, func.count().over())
            .select_from(_documents(with_text=not exact))
            .where(d.id.in_(_candidates(dialect, plan)), *filters.conditions())
        )
        if not exact:
            query = query.where(_confirm(dialect, plan))
    query = query.order_by(d.promulgated_on.desc().nulls_last(), d.id.desc())
    return [(int(r[0]), int(r[1])) for r in session.execute(query.limit(limit).offset(offset))]


def _walk(session: Any, plan: TermPlan, limit: int, offset: int, budget: int) -> list[int]:
    """The page from about the `budget` newest documents, each checked against the index in
    turn (SQLite, a term the index answers alone); fewer rows than asked for when the matches
    lie further back."""
    d = document_t.c
    in_index = exists(
        select(literal_column("1"))
        .select_from(fts_t)
        .where(_fts_match(plan), fts_t.c.rowid == d.id)
    )
    query = select(d.id).where(in_index)
    # The promulgation date of the budget-th newest document bounds the walk: a range on the
    # index the walk goes down, so that SQLite stops there.
    cutoff = session.execute(
        select(d.promulgated_on)
        .where(d.promulgated_on.is_not(None))
        .order_by(d.promulgated_on.desc())
        .limit(1)
        .offset(budget)
    ).scalar()
    if cutoff is not None:
        query = query.where(d.promulgated_on >= cutoff)
    query = query.order_by(d.promulgated_on.desc().nulls_last(), d.id.desc())
    return [int(r[0]) for r in session.execute(query.limit(limit).offset(offset))]


def _steer_postgresql(session: Any, dialect: str) -> None:
    """PostgreSQL's planner does not count the cost of reading the tsvectors (stored out of line,
    TOASTed), so it takes a sequential scan of search_index that reads every one of them (135 ms
    over 20,000 documents) for the GIN index (2 ms). For this transaction only."""
    if dialect == "postgresql":
        session.execute(sql_text("SET LOCAL enable_seqscan = off"))


def _fts_match(plan: TermPlan) -> ColumnElement[bool]:
    return literal_column("search_index").op("MATCH")(bindparam("fts_query", plan.fts_query()))


def _candidates(dialect: str, plan: TermPlan) -> Any:
    """The ids of the documents the index finds for the term. As `IN (subquery)` the index is
    read once, first, whatever the filters (a join may be planned the other way round)."""
    if dialect == "sqlite":
        return select(fts_t.c.rowid).where(_fts_match(plan))
    query = cast(bindparam("tsquery", plan.tsquery()), TSQUERY)
    return select(pg_index_t.c.document_id).where(pg_index_t.c.terms.op("@@")(query))


def _matched(dialect: str, plan: TermPlan) -> Any:
    """For a 文号: the ids of the documents with the term in their title or text (confirmed
    where the index cannot tell), united with those registered under its normal form (read
    from ix_document_doc_number) and those whose texts cite it in any style. For a
    registration number: the documents with the term, and the one registered under it.
    Aliased tables: the outer query's document stays its own."""
    numbered = document_t.alias("numbered")
    citing: list[Any] = []
    if plan.registration is not None:
        prefix, year, seq = plan.registration
        registered = select(numbered.c.id).where(
            numbered.c.registration_year == bindparam("registration_year", year),
            numbered.c.registration_seq == bindparam("registration_seq", seq),
            func.lower(numbered.c.registration_no).startswith(prefix.lower(), autoescape=True),
        )
    else:
        registered = select(numbered.c.id).where(
            numbered.c.doc_number == bindparam("doc_number", plan.doc_number, type_=Text)
        )
        citing.extend(_citing(dialect, plan.doc_number))
    if plan.exact_in_index(dialect):
        return union(_candidates(dialect, plan), registered, *citing)
    documents, texts = document_t.alias("confirmed"), text_t.alias("confirmed_text")
    in_text = (
        select(documents.c.id)
        .select_from(documents.outerjoin(texts, texts.c.document_id == documents.c.id))
        .where(
            documents.c.id.in_(_candidates(dialect, plan)),
            _confirm(dialect, plan, documents, texts),
        )
    )
    return union(in_text, registered, *citing)


def _citing(dialect: str, number: str | None) -> list[Any]:
    """The ids of the documents whose title or text cites the 文号 `number`: in its normal
    form (the phrase of its tokens, confirmed where the index cannot tell) or in any other
    style (its one token, see index.py). Bind parameters of their own: the typed term's are
    in the same statement."""
    normal = plan_term(number or "")
    assert normal is not None and number
    token = cited_token(number)
    if dialect == "sqlite" and normal.exact_in_index(dialect):
        query: Any = bindparam("normal_fts_query", f'{normal.fts_query()} OR "{token}"')
        return [select(fts_t.c.rowid).where(literal_column("search_index").op("MATCH")(query))]
    if dialect == "sqlite":
        query = bindparam("normal_fts_query", normal.fts_query())
        found = select(fts_t.c.rowid).where(literal_column("search_index").op("MATCH")(query))
        cited: Any = bindparam("cited_fts_query", f'"{token}"')
        by_token = select(fts_t.c.rowid).where(literal_column("search_index").op("MATCH")(cited))
    else:
        terms = cast(bindparam("normal_tsquery", normal.tsquery()), TSQUERY)
        found = select(pg_index_t.c.document_id).where(pg_index_t.c.terms.op("@@")(terms))
        lexeme = cast(bindparam("cited_tsquery", f"'{token}'"), TSQUERY)
        by_token = select(pg_index_t.c.document_id).where(pg_index_t.c.terms.op("@@")(lexeme))
    documents, texts = document_t.alias("citing"), text_t.alias("citing_text")
    needle = bindparam("normal_needle", number, type_=Text)
    position = func.instr if dialect == "sqlite" else func.strpos
    in_normal_form = (
        select(documents.c.id)
        .select_from(documents.outerjoin(texts, texts.c.document_id == documents.c.id))
        .where(
            documents.c.id.in_(found),
            or_(
                position(documents.c.title, needle) > 0,
                position(func.coalesce(texts.c.text, ""), needle) > 0,
            ),
        )
    )
    return [in_normal_form, by_token]


def _documents(*, with_text: bool) -> Any:
    """document (⟕ document_text, when the term must be confirmed in the text)."""
    if with_text:
        return document_t.outerjoin(text_t, text_t.c.document_id == document_t.c.id)
    return document_t


def _confirm(
    dialect: str, plan: TermPlan, documents: Any = document_t, texts: Any = text_t
) -> ColumnElement[bool]:
    """The term really is in the title or the text (the index only found candidates)."""
    return or_(
        _contains(dialect, plan, documents.c.title),
        _contains(dialect, plan, func.coalesce(texts.c.text, "")),
    )


def _contains(dialect: str, plan: TermPlan, column_: Any) -> ColumnElement[bool]:
    """The folded term is in `column_` (ASCII letters in any case, as fold())."""
    needle = bindparam("needle", plan.folded, type_=Text)
    lower = any(ch in _ASCII_LOWER_CHARS for ch in plan.folded)
    if dialect == "sqlite":
        # SQLite's lower() changes ASCII letters only (without the ICU extension, which
        # Python's sqlite3 does not load): the same rule as fold().
        haystack = func.lower(column_) if lower else column_
        return func.instr(haystack, needle) > 0
    if lower:
        return (
            func.strpos(func.translate(column_, _ASCII_UPPER_CHARS, _ASCII_LOWER_CHARS), needle) > 0
        )
    return func.strpos(column_, needle) > 0


def older_version_matches(
    session: Any, plan: TermPlan, filters: Filters, *, limit: int
) -> tuple[int, list[OlderVersionMatch]]:
    """Texts a document had before its current one that contain the term: their number and the
    first `limit` in search order (newest document first, then newest version first), each with
    the document's row (as find_matches gives it), `version` and the version's `text`.

    The index holds current texts only: older versions are read one by one (instr/strpos).
    They are few (a draft's earlier texts), and they are found in the (document_id, version)
    index alone before any text is read: over 100,000 texts with 2,000 older ones that took
    0.13 s where scanning the table took 1.6 s."""
    dialect = _dialect(session)
    v, older, newer = version_t.c, version_t.alias("older"), version_t.alias("newer")
    d = document_t.c
    older_ids = select(older.c.id).where(
        exists(
            select(literal_column("1"))
            .select_from(newer)
            .where(newer.c.document_id == older.c.document_id, newer.c.version > older.c.version)
        )
    )
    query = (
        select(v.document_id, v.version, func.count().over())
        .select_from(version_t.join(document_t, d.id == v.document_id))
        .where(
            v.id.in_(older_ids),
            _contains(dialect, plan, v.text),
            d.stage != "withdrawn",
            *filters.conditions(),
        )
        .order_by(d.promulgated_on.desc().nulls_last(), d.id.desc(), v.version.desc())
        .limit(limit)
    )
    found = [(int(r[0]), int(r[1]), int(r[2])) for r in session.execute(query)]
    if not found:
        return 0, []
    documents = {int(r["id"]): r for r in _documents_with_text(session, [i for i, _v, _t in found])}
    wanted = or_(*(and_(v.document_id == i, v.version == n) for i, n, _total in found))
    texts = {
        (int(r[0]), int(r[1])): str(r[2])
        for r in session.execute(select(v.document_id, v.version, v.text).where(wanted))
    }
    rows: list[OlderVersionMatch] = [
        {**documents[i], "version": n, "text": texts[(i, n)]}
        for i, n, _total in found
        if i in documents
    ]
    return found[0][2], rows


def current_versions(session: Any, ids: Sequence[int]) -> dict[int, int]:
    """{document id: the number of its current text version} for documents that have one."""
    if not ids:
        return {}
    v = version_t.c
    rows = session.execute(
        select(v.document_id, func.max(v.version))
        .where(v.document_id.in_(list(ids)))
        .group_by(v.document_id)
    )
    return {int(i): int(n) for i, n in rows}


def _documents_with_text(session: Any, ids: list[int]) -> list[MatchedDocument]:
    if not ids:
        return []
    query = (
        select(
            document_t,
            agency_t.c.name.label("issuer"),
            agency_t.c.level.label("issuer_level"),
            text_t.c.text.label("text"),
        )
        .select_from(
            document_t.join(agency_t, document_t.c.issuer_id == agency_t.c.id).outerjoin(
                text_t, text_t.c.document_id == document_t.c.id
            )
        )
        .where(document_t.c.id.in_(ids))
    )
    rows = {
        int(r["id"]): typed(MatchedDocument, dict(r)) for r in session.execute(query).mappings()
    }
    return [rows[i] for i in ids if i in rows]

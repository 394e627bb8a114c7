"""The full-text index over titles and texts; kept current as documents are written.

Chinese has no spaces between words, so the index holds overlapping character bigrams, as
Lucene's CJK analyzer does: 行政处罚 is indexed as 行政 政处 处罚. A "run" is a stretch of text
between spaces or line breaks, punctuation included (《中 is a bigram too). Each run gives its
bigrams and then its last character alone (…处罚 罚); a one-character run gives that character.
The lone last character does two things: a one-character term is found by the prefix query 罚*
(every 罚 is either followed by another character of its run, or ends it), and it separates the
runs, so that a phrase of bigrams never matches across a line break. A term without spaces is
therefore found exactly by the phrase of its bigrams, punctuation and all, with no look at the
texts. Two kinds of term are confirmed against the titles and texts themselves: one with spaces
inside (the index cannot tell one space from a line break or two spaces), and one with ASCII
punctuation (indexed as private-use characters, which a text might also contain).

Matching is exact, except that ASCII letters match regardless of case (PM2.5 finds pm2.5).

SQLite: a regular FTS5 table `search_index(title, body)` (rowid = document id) over the tokens
written as space-separated words, with FTS5's `ascii` tokenizer: it splits on ASCII spaces and
punctuation, keeps every other character as it is and lowers ASCII letters only — the same case
rule as search — and depends on no Unicode tables (unicode61 knows Unicode 6.1 and folds case in
other scripts too). ASCII punctuation, which it would split on, is written as the private-use
character U+F0000 + its code. The table keeps the tokens it indexed, so that a document is
re-indexed by deleting its row (SQLite 3.40 cannot delete from a contentless FTS5 table); that
costs disk: about three times the size of the texts (benchmarks/search.py).

PostgreSQL: `search_index(document_id, terms tsvector)` of the same tokens, built with
array_to_tsvector (no parser, no stemming) and a GIN index; a tsvector built so has no
positions, so terms longer than two characters are confirmed with strpos.

A 文号 a text prints in another style than its normal form (元政发[2026]第5号, 元政发（2026）005号)
is indexed besides as one token: a mark and its normal form (\U000f0100元政发〔2026〕5号), one for
each 代字 the Chinese characters before the year may end with (根据元政发 → 元政发, 政发, …).
Only search by 文号 looks for these tokens (query._citing); no term typed can spell one, so an
exact search never finds them, and a text that prints its numbers normally adds none."""

import operator
import re
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    Integer,
    Text,
    bindparam,
    cast,
    column,
    func,
    select,
    table,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session as OrmSession

from normdocs.domain.docnumber import find_mentions
from normdocs.store.tables import document_t, text_t

# Runs: what lies between whitespace. A term needs at least one letter or digit.
_RUN = re.compile(r"\S+")

_WORD = re.compile(r"[^\W_]")

# ASCII characters that are neither letters, digits nor whitespace: FTS5's ascii tokenizer
# would split on them, so they are indexed as private-use characters.
_ASCII_PUNCTUATION = re.compile(r"[\x00-\x08\x0e-\x1b\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]")

_PUNCTUATION_BASE = 0xF0000

# A term with one of them, or with one of the private-use characters they become, cannot be
# told apart in the index from the other: it is confirmed against the texts.
_AMBIGUOUS = re.compile(
    r"[\x00-\x08\x0e-\x1b\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f\U000f0000-\U000f007f]"
)

_ASCII_UPPER = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")

_ASCII_UPPER_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

_ASCII_LOWER_CHARS = "abcdefghijklmnopqrstuvwxyz"

# What _indexed_form changes: ASCII capitals and punctuation. A text without them (most
# titles) is indexed as it is.
_CHANGED_BY_FORM = re.compile(_ASCII_PUNCTUATION.pattern[:-1] + "A-Z]")

# Rows per INSERT when many documents are indexed at once.
_BATCH = 500

# SQLite: the FTS5 table's own name is its MATCH column; PostgreSQL: an ordinary table.
fts_t = table("search_index", column("rowid", Integer), column("title"), column("body"))

pg_index_t = table("search_index", column("document_id", Integer), column("terms"))


# Marks a 文号's token (see the module docstring): outside the private-use characters that
# ASCII punctuation becomes, so that no term typed or indexed otherwise contains it.
CITED_MARK = "\U000f0100"


def cited_token(number: str) -> str:
    """The token a text printing the 文号 `number` (normal form) in another style is found by."""
    return CITED_MARK + number


def cited_tokens(*texts: str) -> list[str]:
    """The tokens of the 文号s `texts` print in a style other than the normal form."""
    tokens: dict[str, None] = {}
    for text in texts:
        for mention in find_mentions(text) if text else ():
            if not mention.is_normal(text):
                tokens.update(dict.fromkeys(map(cited_token, mention.normal_forms())))
    return list(tokens)


def fold(text: str) -> str:
    """ASCII letters in lower case, every other character as it is: the case rule of search."""
    if text.isascii():
        return text.lower()
    return text.encode("utf-8").translate(_ASCII_UPPER).decode("utf-8")


def _indexed_form(text: str) -> str:
    """fold(text) with ASCII punctuation as private-use characters (see the module docstring)."""
    return _ASCII_PUNCTUATION.sub(_private_use, fold(text))


def _private_use(match: re.Match[str]) -> str:
    return chr(_PUNCTUATION_BASE + ord(match.group()))


def index_tokens(text: str) -> list[str]:
    """The words the index holds for `text`: each run's bigrams, then its last character."""
    tokens: list[str] = []
    extend, append, add = tokens.extend, tokens.append, operator.add
    for run in _RUN.findall(_indexed_form(text)):
        extend(map(add, run, run[1:]))
        append(run[-1])
    return tokens


def index_text(text: str) -> str:
    """ " ".join(index_tokens(text)), as the SQLite index is written; a batch import writes it
    for 100,000 titles, so a text that _indexed_form leaves as it is takes a short cut."""
    if _CHANGED_BY_FORM.search(text):
        return " ".join(index_tokens(text))
    add = operator.add
    return " ".join(" ".join((*map(add, run, run[1:]), run[-1])) for run in text.split())


def _connection(session: Any) -> Any:
    """The Connection of a Session (or the Connection itself), for driver-level statements."""
    return session.connection() if isinstance(session, OrmSession) else session


def _dialect(session: Any) -> str:
    """ "sqlite" or "postgresql", for a Session or a Connection."""
    dialect = getattr(session, "dialect", None) or session.get_bind().dialect
    return str(dialect.name)


def index_documents(
    session: Any, items: Iterable[tuple[int, str, str | None]], *, new: bool = False
) -> None:
    """(Re)index documents given as (document id, title, full text or None).

    None means "no text given": the text already stored for the document (if any) is indexed,
    so that a title-only call never drops a text from the index. Runs inside the caller's
    transaction; a document indexed before is replaced. `new`: the documents were created in
    this transaction, so there is nothing stored to look up or replace.
    """
    wanted: dict[int, tuple[str, str | None]] = {}
    for document_id, title, text in items:
        wanted[int(document_id)] = (title, text)
    if not wanted:
        return
    missing = [] if new else [i for i, (_title, text) in wanted.items() if text is None]
    stored = _stored_texts(session, missing) if missing else {}
    rows = [
        (document_id, title, text if text is not None else stored.get(document_id, ""))
        for document_id, (title, text) in wanted.items()
    ]
    _write(session, rows, replace=not new)
    if len(rows) >= _BATCH:
        _merge_pending_postgresql(session)


def reindex_if_indexed(session: Any, document_id: int) -> None:
    """After a document's stored text changed: index it again if it is in the index.

    A document not yet in the index is left to its creator, which calls index_documents.
    """
    if _dialect(session) == "sqlite":
        present = session.execute(select(fts_t.c.rowid).where(fts_t.c.rowid == document_id)).first()
    else:
        present = session.execute(
            select(pg_index_t.c.document_id).where(pg_index_t.c.document_id == document_id)
        ).first()
    if present is None:
        return
    row = session.execute(
        select(document_t.c.title, text_t.c.text)
        .select_from(document_t.outerjoin(text_t, text_t.c.document_id == document_t.c.id))
        .where(document_t.c.id == document_id)
    ).first()
    if row is not None:
        _write(session, [(document_id, row[0], row[1] or "")], replace=True)


def forget_documents(session: Any, document_ids: Sequence[int]) -> None:
    """Withdrawn documents (撤回, an undone import) are found by no term: their index entries
    are emptied (SQLite 3.40 cannot delete a row of a contentless FTS5 table)."""
    if document_ids:
        _write(session, [(int(i), "", "") for i in document_ids], replace=True)


def rebuild_index(connection: Any) -> int:
    """Index every document from scratch (the migration, a tokenizer change); return how many.

    Works on a Connection or a Session.
    """
    sqlite = _dialect(connection) == "sqlite"
    if sqlite:
        _connection(connection).exec_driver_sql("DELETE FROM search_index")
    else:
        connection.execute(pg_index_t.delete())
    query = (
        select(document_t.c.id, document_t.c.title, text_t.c.text)
        .select_from(document_t.outerjoin(text_t, text_t.c.document_id == document_t.c.id))
        .where(document_t.c.stage != "withdrawn")  # found by no search (see forget_documents)
        .order_by(document_t.c.id)
    )
    total = 0
    last_id = 0
    while True:
        chunk = connection.execute(query.where(document_t.c.id > last_id).limit(_BATCH * 4)).all()
        if not chunk:
            break
        _write(connection, [(r[0], r[1], r[2] or "") for r in chunk], replace=False)
        total += len(chunk)
        last_id = chunk[-1][0]
    if sqlite and total:
        # One b-tree instead of many segments: queries over a freshly built index are faster.
        _connection(connection).exec_driver_sql(
            "INSERT INTO search_index(search_index) VALUES ('optimize')"
        )
    elif total:
        _merge_pending_postgresql(connection)
    return total


def _merge_pending_postgresql(session: Any) -> None:
    """After many rows: move the GIN index's pending list (up to 4 MB of new entries, which
    every search reads in full) into the index itself, as autovacuum would do later. Only the
    index's owner may: for anyone else it is left to autovacuum."""
    if _dialect(session) != "postgresql":
        return
    from sqlalchemy.exc import DBAPIError

    connection = _connection(session)
    try:
        with connection.begin_nested():
            connection.exec_driver_sql("SELECT gin_clean_pending_list('ix_search_index_terms')")
    except DBAPIError:
        pass


def _stored_texts(session: Any, ids: Sequence[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for start in range(0, len(ids), _BATCH):
        part = list(ids[start : start + _BATCH])
        rows = session.execute(
            select(text_t.c.document_id, text_t.c.text).where(text_t.c.document_id.in_(part))
        )
        found.update({int(r[0]): r[1] for r in rows})
    return found


def _write(session: Any, rows: Sequence[tuple[int, str, str]], *, replace: bool) -> None:
    if _dialect(session) == "sqlite":
        _write_sqlite(session, rows, replace=replace)
        return
    for start in range(0, len(rows), _BATCH):
        part = rows[start : start + _BATCH]
        if replace:
            ids = [r[0] for r in part]
            session.execute(pg_index_t.delete().where(pg_index_t.c.document_id.in_(ids)))
        session.execute(
            pg_index_t.insert().values(
                document_id=bindparam("document_id"),
                terms=func.array_to_tsvector(cast(bindparam("lexemes"), ARRAY(Text))),
            ),
            [
                {
                    "document_id": document_id,
                    "lexemes": sorted(
                        set(index_tokens(title))
                        | set(index_tokens(text))
                        | set(cited_tokens(title, text))
                    ),
                }
                for document_id, title, text in part
            ],
        )


def _write_sqlite(session: Any, rows: Sequence[tuple[int, str, str]], *, replace: bool) -> None:
    # Straight to the driver's executemany: an import indexes 100,000 rows in one call, and
    # SQLAlchemy's per-row parameter handling would cost more than FTS5 itself.
    connection = _connection(session)
    for start in range(0, len(rows), _BATCH):
        part = rows[start : start + _BATCH]
        if replace:
            marks = ",".join("?" * len(part))
            connection.exec_driver_sql(
                f"DELETE FROM search_index WHERE rowid IN ({marks})", tuple(r[0] for r in part)
            )
        connection.exec_driver_sql(
            "INSERT INTO search_index (rowid, title, body) VALUES (?, ?, ?)",
            [
                (document_id, index_text(title), _body(title, text))
                for document_id, title, text in part
            ],
        )


def _body(title: str, text: str) -> str:
    """What the SQLite index holds of a text: its tokens, then those of the 文号s the title
    and the text print in another style than the normal form."""
    body = index_text(text) if text else ""
    cited = cited_tokens(title, text)
    return " ".join([body, *cited]) if cited else body

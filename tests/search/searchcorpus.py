"""Generated documents for the search tests (titles and texts made of a few Chinese characters,
Latin letters, digits, punctuation and spaces, so that terms collide often), written the way an
import writes them, and the brute-force answer a search must equal."""

import random
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from normdocs.services.context import AppContext
from normdocs.store.search import fold

# Weighted so that short runs of letters between punctuation are common, as in real texts.
CJK = "罚款许可处行政中华人民共和国法"
LATIN = "aAbBPMpm25.-("
BREAKS = "，。、《》（） \n\u3000"
# The private-use character ASCII "." is indexed as: a text may hold it too.
ODD = chr(0xF0000 + ord("."))
ALPHABET = CJK * 4 + LATIN + BREAKS + ODD


@dataclass(frozen=True)
class Doc:
    id: int
    title: str
    text: str | None
    issuer_id: int
    promulgated_on: date | None
    created_at: datetime


@dataclass
class Corpus:
    ctx: AppContext
    docs: list[Doc]

    def expected(
        self, term: str, *, issuer_id: int | None = None, year: int | None = None
    ) -> list[int]:
        """Ids of the documents containing `term` (Python `in`), newest first."""
        needle = fold(term.strip())
        found = [
            d
            for d in self.docs
            if (needle in fold(d.title) or needle in fold(d.text or ""))
            and (issuer_id is None or d.issuer_id == issuer_id)
            and (year is None or (d.promulgated_on or d.created_at).year == year)
        ]
        found.sort(
            key=lambda d: (d.promulgated_on is not None, d.promulgated_on or date.min, d.id),
            reverse=True,
        )
        return [d.id for d in found]


# Words dropped into the texts, whole or cut by punctuation, so that longer terms have hits
# and near misses.
WORDS = [
    "中华人民共和国法",
    "行政处罚",
    "行政许可",
    "罚款",
    "PM2.5",
    "中华人民，共和国",
    "许可。行政",
]


def random_text(rng: random.Random, low: int, high: int) -> str:
    length = rng.randint(low, high)
    parts: list[str] = []
    size = 0
    while size < length:
        part = rng.choice(WORDS) if rng.random() < 0.1 else rng.choice(ALPHABET)
        parts.append(part)
        size += len(part)
    return "".join(parts)[:length]


def build_corpus(ctx: AppContext, count: int, seed: int) -> list[Doc]:
    """`count` documents written the way an import writes them: rows, texts, then one
    index_documents call for the batch."""
    from normdocs.store.engine import transaction
    from normdocs.store.queries import insert_document, put_text
    from normdocs.store.records import utc
    from normdocs.store.search import index_documents

    rng = random.Random(seed)
    docs: list[Doc] = []
    with transaction(ctx.engine(), ctx.db) as session:
        for _ in range(count):
            title = " ".join(random_text(rng, 1, 24).split()) or "款"
            text = random_text(rng, 0, 300) if rng.random() < 0.8 else None
            promulgated = (
                date(2015, 1, 1) + timedelta(days=rng.randrange(3000))
                if rng.random() < 0.8
                else None
            )
            created = datetime(2014 + rng.randrange(12), 6, 1, tzinfo=UTC)
            issuer_id = rng.choice((1, 2))
            document_id = insert_document(
                session,
                {
                    "title": title,
                    "issuer_id": issuer_id,
                    "interim": False,
                    "stage": "promulgated" if promulgated else "drafting",
                    "origin": "imported",
                    "promulgated_on": promulgated,
                    "review_emergency": False,
                    "review_late": False,
                    "revision_recorded": False,
                    "validity_stated": False,
                    "filed_late": False,
                    "created_at": utc(created),
                },
            )
            if text is not None:
                put_text(session, document_id, text, None, f"hash-{document_id}")
            docs.append(Doc(document_id, title, text, issuer_id, promulgated, created))
        index_documents(session, [(d.id, d.title, d.text) for d in docs])
    return docs


def context(path: Path) -> AppContext:
    """A context on `path` with the fixed day of the shared fixtures."""
    return AppContext(db=str(path), actor="tester", today_override=date(2026, 11, 27))


def copy_file(source: Path, target: Path) -> None:
    """Copy a quiescent SQLite registry (the backup API is safe with WAL files around)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def ids(hits: list[dict[str, Any]]) -> list[int]:
    return [int(h["id"]) for h in hits]

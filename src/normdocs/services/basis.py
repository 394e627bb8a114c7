"""Basis links (制定依据): citations found in a document's text, resolved against the registry."""

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from normdocs.domain.citations import Citation, find_citations
from normdocs.domain.lawtitles import LawIndex, LawVersion, version_on
from normdocs.store.law_rows import BasisResolution, BasisRow, BasisValues, LawRow

# Per-session caches (Session.info lives as long as the transaction's session): the importer
# records the citations of every document of a batch in one session, and the laws and the
# 机关代字 do not change meanwhile. Services that change laws call forget_law_index().
_LAW_INDEX = "normdocs.law_index"
_AGENCY_CODES = "normdocs.agency_codes"


def law_index(session: Any) -> LawIndex:
    """Every law of the registry, indexed for matching; built once per session."""
    index: LawIndex | None = session.info.get(_LAW_INDEX)
    if index is None:
        from normdocs.store.laws import all_laws

        index = LawIndex([law_version(row) for row in all_laws(session)])
        session.info[_LAW_INDEX] = index
    return index


def forget_law_index(session: Any) -> None:
    """Drop the cached index after laws were added or changed in this session."""
    session.info.pop(_LAW_INDEX, None)


def law_version(row: LawRow) -> LawVersion:
    return LawVersion(
        id=row["id"],
        title=row["title"],
        short_title=row["short_title"],
        match_key=row["match_key"],
        promulgated_on=row["promulgated_on"],
        effective_on=row["effective_on"],
        status=row["status"],
        doc_number=row["doc_number"],
    )


def _agency_codes(session: Any) -> list[str]:
    codes: list[str] | None = session.info.get(_AGENCY_CODES)
    if codes is None:
        from normdocs.store.laws import agency_codes

        codes = agency_codes(session)
        session.info[_AGENCY_CODES] = codes
    return codes


def record_citations(
    session: Any,
    *,
    document_id: int,
    text: str,
    on: date | None,
    now: datetime,
    batch: "CitationBatch | None" = None,
) -> list[BasisValues]:
    """Store a basis row for every citation of a law or document in `text`; return them.

    `on` is the day the document was promulgated (or drafted), which picks the version of a law
    it cites. Unresolved citations are stored too (no law_id), so they can be shown. The rows
    are written now; with a `batch`, they wait in it until its write() (which its owner calls
    before the transaction ends).
    """
    target = batch if batch is not None else CitationBatch(session)
    rows = target.add(document_id, text, on=on, now=now)
    if batch is None:
        target.write()
    return rows


def forget_citations(session: Any, document_id: int, batch: "CitationBatch | None" = None) -> None:
    """Drop the citations found in the document's earlier text (stored, or still waiting in
    `batch`): its new text's are recorded next. Links a person made (manual) stay."""
    from normdocs.store.queries import delete_extracted_basis

    if batch is not None:
        batch.forget(document_id)
    delete_extracted_basis(session, document_id)


# Documents whose citations wait in a batch before they are written together.
_FLUSH_AT = 2000
_Waiting = tuple[int, list[Citation], list[BasisValues]]


class CitationBatch:
    """The citations of many documents of one transaction, written together.

    Laws are resolved at once from the session's index. The rows are written when enough
    documents are waiting, and when the owner calls write() — the importer does, once all its
    documents are in; nothing writes them at commit. Only then are the document's own 文号
    and title (a header often repeats them) left out and the documents cited by 文号 or title
    looked up: an import of 100,000 documents runs a handful of statements per thousand
    documents, not several per document.
    """

    def __init__(self, session: Any) -> None:
        self.session = session
        self._waiting: list[_Waiting] = []

    def add(
        self, document_id: int, text: str, *, on: date | None, now: datetime
    ) -> list[BasisValues]:
        """The document's citations, to be written with the batch; return their rows."""
        from normdocs.store.records import utc

        citations = find_citations(text, known_codes=_agency_codes(self.session))
        if not citations:
            return []
        index = law_index(self.session)
        created_at = utc(now)
        rows: list[BasisValues] = [
            {
                **_row(citation, _law_cited(index, citation, on), None),
                "document_id": document_id,
                "origin": "extracted",
                "created_at": created_at,
            }
            for citation in citations
        ]
        self._waiting.append((document_id, citations, rows))
        if len(self._waiting) >= _FLUSH_AT:
            self.write()
        return rows

    def forget(self, document_id: int) -> None:
        """Drop what waits of the document's citations."""
        self._waiting = [w for w in self._waiting if w[0] != document_id]

    def write(self) -> int:
        """Write the citations waiting; return how many rows."""
        from normdocs.domain.lawtitles import match_key
        from normdocs.store.laws import document_identities, insert_basis

        waiting, self._waiting = self._waiting, []
        if not waiting:
            return 0
        session = self.session
        identities = document_identities(session, [document_id for document_id, _c, _r in waiting])
        kept: list[tuple[Citation, BasisValues]] = []
        for document_id, citations, rows in waiting:
            own_title, own_number = identities.get(document_id, (None, None))
            own_key = match_key(own_title) if own_title else None
            for citation, row in zip(citations, rows, strict=True):
                if own_number and citation.number == own_number:
                    continue
                if own_key and citation.title and match_key(citation.title) == own_key:
                    continue
                kept.append((citation, row))
        open_rows = [(c, r) for c, r in kept if r["law_id"] is None]
        by_number, by_title = _documents_cited(
            session,
            [c.number for c, _r in open_rows if c.number],
            [c.title for c, _r in open_rows if c.title],
        )
        for citation, row in open_rows:
            cited = _document_meant(citation, by_number, by_title, row["document_id"])
            if cited is not None:
                row["cited_document_id"] = cited
                row["kind"] = "document"
        insert_basis(session, [row for _c, row in kept])
        return len(kept)


def resolve_citations(
    session: Any,
    citations: Sequence[Citation],
    *,
    on: date | None,
    exclude_document_id: int | None = None,
) -> list[BasisValues]:
    """The basis columns of each citation: the law version in force on `on` it names, or the
    registered document it names by 文号 or title, or neither (kept unresolved)."""
    return _resolve(session, [(c, on, exclude_document_id) for c in citations])


def _resolve(
    session: Any, items: Sequence[tuple[Citation, date | None, int | None]]
) -> list[BasisValues]:
    """resolve_citations for citations of many documents, each with its day and its own id."""
    index = law_index(session)
    laws = [_law_cited(index, c, on) for c, on, _own in items]
    open_items = [c for (c, _on, _own), law in zip(items, laws, strict=True) if law is None]
    by_number, by_title = _documents_cited(
        session,
        [c.number for c in open_items if c.number],
        [c.title for c in open_items if c.title],
    )
    rows = []
    for (citation, _on, own), law in zip(items, laws, strict=True):
        cited = None if law else _document_meant(citation, by_number, by_title, own)
        rows.append(_row(citation, law, cited))
    return rows


def _row(citation: Citation, law: LawVersion | None, cited: int | None) -> BasisValues:
    """The basis columns of a citation resolved to a law version, a document, or neither."""
    return {
        "kind": "law" if law else ("document" if cited else citation.kind),
        "citation": citation.citation,
        "article": citation.article,
        "law_id": law.id if law else None,
        "cited_number": citation.number,
        "cited_document_id": cited,
    }


def _document_meant(
    citation: Citation,
    by_number: dict[str, list[int]],
    by_title: dict[str, list[int]],
    own: int | None,
) -> int | None:
    found = _one_other(by_number.get(citation.number or ""), own, newest=False)
    if found is None:
        found = _one_other(by_title.get(citation.title or ""), own, newest=True)
    return found


def _law_cited(index: LawIndex, citation: Citation, on: date | None) -> LawVersion | None:
    if not len(index):
        return None
    if citation.number:
        found = index.by_number(citation.number)
        if found.found:
            return version_on(found.versions, on)
    if citation.title:
        found = index.lookup(citation.title)
        if found.found:
            return version_on(found.versions, on)
    return None


def _documents_cited(
    session: Any, numbers: Sequence[str], titles: Sequence[str]
) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Registered documents by 文号 and by title (only the citations laws did not answer)."""
    from normdocs.store.laws import documents_by_numbers, documents_by_titles

    by_number = documents_by_numbers(session, numbers) if numbers else {}
    by_title = documents_by_titles(session, titles) if titles else {}
    return by_number, by_title


def _one_other(ids: list[int] | None, own: int | None, *, newest: bool) -> int | None:
    """The document meant, never the citing one itself. Several documents may share a 文号
    (different issuers): then it is not known which is meant. Versions of one document share
    its title: then the newest registered one is meant."""
    others = [i for i in ids or () if i != own]
    if len(others) == 1:
        return others[0]
    return max(others) if others and newest else None


def resolve_pending(session: Any) -> int:
    """Resolve stored citations that pointed at nothing, now that laws or documents were added;
    return how many were resolved. The importer may call it once after a batch."""
    from normdocs.store.laws import resolve_basis_rows, unresolved_basis

    pending = unresolved_basis(session)
    if not pending:
        return 0
    items = []
    for row in pending:
        created = row["document_created_at"]
        day = row["document_promulgated_on"] or (created.date() if created else None)
        items.append((_stored_citation(row), day, row["document_id"]))
    changes: list[BasisResolution] = [
        {
            "b_id": row["id"],
            "law_id": result["law_id"],
            "cited_id": result["cited_document_id"],
            "b_kind": result["kind"],
        }
        for row, result in zip(pending, _resolve(session, items), strict=True)
        if result["law_id"] is not None or result["cited_document_id"] is not None
    ]
    resolve_basis_rows(session, changes)
    return len(changes)


def _stored_citation(row: BasisRow) -> Citation:
    text = row["citation"]
    title = text[1:-1] if text.startswith("《") and text.endswith("》") else None
    return Citation(
        kind=row["kind"],
        citation=text,
        title=title,
        article=row["article"],
        number=row["cited_number"],
    )

"""Import's duplicates, looked up and applied: the registered documents that share an item's
keys are found in a few queries a chunk, domain.duplicates gives each item its verdict, and
the verdict becomes the item's outcome and the texts and 文号 to add."""

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from normdocs.domain.duplicates import (
    EarlierItems,
    Keys,
    Kind,
    Known,
    Stored,
    decide,
    explain,
    needs_substance,
)
from normdocs.domain.extract import substance_hash
from normdocs.i18n import _, render
from normdocs.services.import_issuers import Issuers
from normdocs.services.import_reading import Candidate
from normdocs.services.importing import CONFLICT, NEW, UNCHANGED, ImportItem

if TYPE_CHECKING:  # the store's module imports SQLAlchemy
    from normdocs.store.importing import StoredMatch

_NOTHING_STORED = Stored()


@dataclass(slots=True)
class TextToAdd:
    """A text for a document that has none: a registered one, or the one an earlier item of the
    batch becomes."""

    candidate: Candidate
    document_id: int | None
    via: ImportItem | None


@dataclass(slots=True)
class NumberToAdd:
    """A 文号 for a document registered (or earlier in the batch) without one."""

    candidate: Candidate
    number: str
    document_id: int | None
    via: ImportItem | None


@dataclass
class Duplicates:
    """The duplicates of one import run: what its earlier items were, and what to add."""

    session: Any
    issuers: Issuers
    earlier: EarlierItems = field(default_factory=EarlierItems)
    # (the duplicate, the earlier item of the batch whose document it is)
    same_as: list[tuple[ImportItem, ImportItem]] = field(default_factory=list)
    # Each 文号 met in the batch: the issuer of the first item that had it, and that item.
    numbers_seen: dict[str, tuple[str | None, ImportItem]] = field(default_factory=dict)
    texts_to_add: list[TextToAdd] = field(default_factory=list)
    numbers_to_add: list[NumberToAdd] = field(default_factory=list)

    def sort_out(self, candidates: list[Candidate]) -> None:
        """Each live candidate's verdict: new ones stay NEW, the others become unchanged or
        conflicting duplicates (a text or 文号 they bring is kept to be added)."""
        from normdocs.store.importing import holders_of_numbers

        live = [c for c in candidates if c.item.outcome == NEW]
        found = _Lookups.of(self.session, live, self.issuers)
        numbered = holders_of_numbers(
            self.session, [c.found.doc_number for c in live if c.found.doc_number]
        )
        for c in live:
            keys = c.keys()
            if self._number_of_another_issuer(c, numbered):
                continue
            stored = found.stored_for(c, keys)
            verdict = decide(keys, stored, self.earlier)
            if verdict.kind is not Kind.NEW:
                self._apply(c, verdict.kind, verdict.other, verdict.stored)
                c.item.reason = render(explain(keys, verdict))
                other = verdict.other
                if verdict.stored and other is not None and isinstance(other.ref, int):
                    _note_disagreement(c, found.facts.get(other.ref))
            self.earlier.remember(keys, verdict, c.item)

    def _number_of_another_issuer(self, c: Candidate, numbered: dict[str, Any]) -> bool:
        """A 文号 names one document: an item whose 文号 another issuer's document has (in the
        registry, or earlier in this batch) is a conflicting duplicate, saying whose it is.
        The same 文号 twice would make `doc show 文号` ambiguous, and `publish` refuses it."""
        number = c.found.doc_number
        if not number:
            return False
        issuer_id = self.issuers.id_of(c.issuer_key)
        holder = numbered.get(number)
        if holder is not None and holder.issuer_id != issuer_id:
            owner = _("document {id}, of {issuer}").format(
                id=holder.id, issuer=self.issuers.name_of(holder.issuer_id)
            )
        else:
            earlier = self.numbers_seen.get(number)
            if earlier is None or earlier[0] == c.issuer_key:
                self.numbers_seen.setdefault(number, (c.issuer_key, c.item))
                return False
            owner = _("{location} of {source}, of {issuer}").format(
                location=earlier[1].location or "", source=earlier[1].source, issuer=earlier[0]
            )
        c.item.outcome = CONFLICT
        c.item.reason = _(
            "{number} is already {owner}: a 文号 names one document — check the number or the "
            "issuer of this row"
        ).format(number=number, owner=owner)
        return True

    def _apply(self, c: Candidate, kind: Kind, other: Known | None, stored: bool) -> None:
        assert other is not None
        item = c.item
        item.outcome = CONFLICT if kind is Kind.CONFLICT else UNCHANGED
        if kind is Kind.CONFLICT:
            return
        document_id = other.ref if stored else None
        earlier = other.ref if not stored else None
        assert document_id is None or isinstance(document_id, int)
        assert earlier is None or isinstance(earlier, ImportItem)
        item.document_id = document_id
        if earlier is not None:
            self.same_as.append((item, earlier))
        if kind is Kind.ADDS_TEXT:
            c.joins_title = other.title
            self.texts_to_add.append(TextToAdd(c, document_id, earlier))
        elif kind is Kind.ADDS_NUMBER:
            number = c.found.doc_number
            assert number is not None
            if earlier is not None:
                earlier.doc_number = number
            self.numbers_to_add.append(NumberToAdd(c, number, document_id, earlier))


def _note_disagreement(c: Candidate, registered: tuple[date | None, str | None] | None) -> None:
    """A register row that is a registered document but states another promulgation date, or
    an ending the registry has not recorded: nothing is changed, and the item says so (the
    fact is not lost under "unchanged")."""
    if registered is None:
        return
    promulgated_on, end_reason = registered
    found, notes = c.found, []
    if found.promulgated_on and promulgated_on and found.promulgated_on != promulgated_on:
        notes.append(
            _(
                "this row says promulgated on {row}, the registry has {registry}: not changed — "
                "if the registry is wrong, correct it with: normdocs doc correct {id} "
                "--date-of publish {row} --reason …"
            ).format(
                row=found.promulgated_on.isoformat(),
                registry=promulgated_on.isoformat(),
                id=c.item.document_id,
            )
        )
    if found.end_reason and not end_reason:
        notes.append(
            _(
                "this row says the document ended ({reason}{on}), the registry has it not ended: "
                "not changed — record the ending through a cleanup decision (normdocs cleanup)"
            ).format(
                reason=_(found.end_reason),
                on=f", {found.ended_on.isoformat()}" if found.ended_on else "",
            )
        )
    if notes:
        c.item.notes = (*c.item.notes, *notes)


@dataclass
class _Lookups:
    """The registered documents that share a key with a chunk's items."""

    session: Any
    issuers: Issuers
    by_text: dict[str, Known]
    by_number: dict[tuple[int, str], Known]
    by_title: dict[tuple[int, str, date | None], Known]
    # Each registered document found: (promulgated on, why it ended).
    facts: dict[int, tuple[date | None, str | None]] = field(default_factory=dict)

    @classmethod
    def of(cls, session: Any, live: list[Candidate], issuers: Issuers) -> "_Lookups":
        from normdocs.store.importing import (
            documents_with_hashes,
            documents_with_numbers,
            documents_with_titles,
            import_sources,
        )

        by_hash = documents_with_hashes(session, [c.hash for c in live if c.text is not None])
        numbers = []
        for c in live:
            issuer_id = issuers.id_of(c.issuer_key)
            if c.found.doc_number and issuer_id is not None:
                numbers.append((issuer_id, c.found.doc_number))
        by_number = documents_with_numbers(session, numbers)
        # By title: the items without a 文号, and those with one, whose document may have been
        # registered before without it (from a page that left it out).
        by_title = documents_with_titles(session, [c.found.title for c in live if c.found.title])
        textless = [r.id for r in [*by_number.values(), *by_title.values()] if not r.source_name]
        sources = import_sources(session, textless) if textless else {}

        def imported_from(document_id: int) -> str | None:
            if document_id not in sources:
                return None
            source, at = sources[document_id]
            # The row as the import table names it (第 5 行), in the interface language.
            return f"{source} ({_('row {row}').format(row=at)})" if at else source

        def known(row: "StoredMatch") -> Known:
            origin = row.source_name or imported_from(row.id)
            if origin:
                label = _("document {id} (from {origin})").format(id=row.id, origin=origin)
            else:
                label = _("document {id}").format(id=row.id)
            return Known(row.id, label, row.title, row.content_hash, None, row.doc_number)

        facts = {
            r.id: (r.promulgated_on, r.end_reason)
            for r in [*by_hash.values(), *by_number.values(), *by_title.values()]
        }
        return cls(
            session,
            issuers,
            {k: known(r) for k, r in by_hash.items()},
            {k: known(r) for k, r in by_number.items()},
            {k: known(r) for k, r in by_title.items()},
            facts,
        )

    def stored_for(self, c: Candidate, keys: Keys) -> Stored:
        if not (self.by_text or self.by_number or self.by_title):
            return _NOTHING_STORED  # (most items of a first import: the loop is hot)
        issuer_id = self.issuers.id_of(c.issuer_key)
        by_text = self.by_text.get(c.hash) if c.text is not None else None
        if issuer_id is None:
            return Stored(by_text)
        by_number = self.by_number.get((issuer_id, keys.doc_number)) if keys.doc_number else None
        by_title = self.by_title.get((issuer_id, keys.title or "", keys.promulgated_on))
        # (A text's substance may be read for a match the verdict then does not weigh: only
        # when a 文号 and a title each find a different registered text — rare, and harmless.)
        for match in (by_number, by_title):
            if match is not None and needs_substance(keys, match):
                assert isinstance(match.ref, int)
                match.substance = self._substance(match.ref)
        return Stored(by_text, by_number, by_title)

    def _substance(self, document_id: int) -> str | None:
        """The substance of a registered text, read only when compare needs it."""
        from normdocs.store.queries import text_of

        found = text_of(self.session, document_id)
        return substance_hash(found["text"]) if found else None

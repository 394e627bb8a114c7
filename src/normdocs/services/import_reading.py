"""Reading an import's records into candidates: what each item says, what is wrong with it, and
the validity a new document is registered with."""

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from normdocs.domain.duplicates import Keys
from normdocs.domain.extract import Extracted, derive_validity, text_hashes
from normdocs.domain.profile import ValidityRules
from normdocs.i18n import _, render
from normdocs.services.importing import NEW, REJECTED, ImportItem


@dataclass(slots=True)
class Candidate:
    """An item on its way: what was read and what it will be written as."""

    item: ImportItem
    found: Extracted
    text: str | None
    hash: str  # of the text, or of a register row's cells
    kind: str  # docx | txt | pdf | doc, or a register's sheet name ("" for a CSV)
    row: int | None
    file_sha256: str | None = None
    issuer_key: str | None = None  # the agency name it resolves to
    substance: str | None = None  # substance_hash of the text
    default_expiry: date | None = None  # the default's expiry a register's 有效 contradicted
    joins_title: str | None = None  # the title of the textless document this text joins
    registration_no: str | None = None  # the 登记号 it is registered with (see ImportRun)

    def keys(self) -> Keys:
        """What the duplicate rules compare it by."""
        return Keys(
            label=self.item.label,
            issuer=self.issuer_key or "",
            doc_number=self.found.doc_number,
            title=self.found.title,
            promulgated_on=self.found.promulgated_on,
            content_hash=self.hash,
            has_text=self.text is not None,
            substance=self.substance,
        )


def read_records(
    records: list[Any],
    *,
    codes: Mapping[str, str],
    markers: tuple[str, ...],
    today: date,
) -> tuple[list[ImportItem], list[Candidate]]:
    """Every record's item (in order), and the candidates among them: the texts and register
    rows, checked (a record that could not be read is an item rejected already)."""
    from normdocs.domain.extract import extract_metadata, register_values
    from normdocs.importers.register import RegisterRow
    from normdocs.importers.sources import TextDocument

    items: list[ImportItem] = []
    candidates: list[Candidate] = []
    for record in records:
        if isinstance(record, TextDocument):
            found = extract_metadata(record.text, known_codes=codes, interim_markers=markers)
            item = _item(record.source, None, found)
            content, substance = text_hashes(record.text)
            candidate = Candidate(
                item, found, record.text, content, record.kind, None, record.file_sha256,
                substance=substance,
            )  # fmt: skip
        elif isinstance(record, RegisterRow):
            found = register_values(record.values, today=today, interim_markers=markers)
            item = _item(record.source, record.location, found)
            if record.problem:
                item.outcome, item.reason = REJECTED, record.problem
            candidate = Candidate(
                item, found, None, _row_hash(record.values), record.sheet or "", record.row
            )
        else:
            item = ImportItem(record.source, record.location, REJECTED)
            item.reason = record.reason + (" — " + record.hint if record.hint else "")
            items.append(item)
            continue
        items.append(item)
        if item.outcome == NEW:
            _check(candidate)
        candidates.append(candidate)
    return items, candidates


def _item(source: str, location: str | None, found: Extracted) -> ImportItem:
    return ImportItem(
        source,
        location,
        title=found.title,
        doc_number=found.doc_number,
        issuer=found.issuer,
        promulgated_on=found.promulgated_on,
        notes=tuple(render(note) for note in found.notes),
    )


def _row_hash(values: Mapping[str, Any]) -> str:
    """The content of a register row: its cells as given, in field order."""
    text = "\x1f".join([f"{k}={v}" for k, v in sorted(values.items())])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _check(candidate: Candidate) -> None:
    """Every problem of the item in one reason; a document without title or date is one too."""
    found, item = candidate.found, candidate.item
    reasons = [
        (_("paragraph {n}: ").format(n=p.paragraph) if p.paragraph else "") + render(p.message)
        for p in found.problems
    ]
    if candidate.text is not None:
        if found.title is None:
            reasons.append(_("no title found in the text (a line such as “XX人民政府关于…的通知”)"))
        if found.promulgated_on is None:
            reasons.append(
                _("no date of the document found (成文日期 at its end or a 发布时间 line)")
            )
    if reasons:
        item.outcome, item.reason = REJECTED, "; ".join(reasons)


def derive(candidate: Candidate, rules: ValidityRules, today: date) -> None:
    """The validity a new document is registered with, on its item."""
    found = candidate.found
    derived = derive_validity(found, rules)
    item = candidate.item
    expires_on = derived.expires_on
    if (
        candidate.text is None
        and found.status == "in_force"
        and not derived.validity_stated
        and expires_on is not None
        and expires_on < today
    ):
        # The register says 有效 although the default period ended it: the register is kept
        # (a clerk's record outranks a default), and the disagreement goes to the audit.
        candidate.default_expiry, expires_on = expires_on, None
        item.notes = (
            *item.notes,
            _(
                "状态 says in force, but the default validity period ended on {expires_on}: "
                "kept in force, validity not stated; the audit asks a cleanup to decide"
            ).format(expires_on=candidate.default_expiry.isoformat()),
        )
    item.effective_on = derived.effective_on
    item.expires_on = expires_on
    item.validity_stated = derived.validity_stated

"""Import's duplicate rules: whether an item is a document already registered or met earlier in
the batch — new, the same, one that adds its text or its 文号, or a conflict — and why.

The caller looks up what is stored (by text, by issuer and 文号, by issuer, title and date) and
keeps an `EarlierItems` for the batch; `decide` weighs them in the order of `_RULES` and
returns one `Verdict`. Nothing here reads the registry or writes it.
"""

import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import NamedTuple

from normdocs.domain.messages import Msg, _


class Kind(StrEnum):
    NEW = "new"
    SAME = "same"  # the same document: nothing to write
    ADDS_TEXT = "adds_text"  # its text is for a document that has none (a register row's)
    ADDS_NUMBER = "adds_number"  # its 文号 is for the same document registered without one
    CONFLICT = "conflict"  # the same keys, a different document


class Reason(StrEnum):
    NEW = "new"
    SAME_TEXT_STORED = "same_text_stored"
    SAME_CONTENT_IN_BATCH = "same_content_in_batch"
    SAME_NUMBER_STORED = "same_number_stored"
    SAME_NUMBER_IN_BATCH = "same_number_in_batch"
    NUMBER_TAKEN_STORED = "number_taken_stored"
    NUMBER_TWICE_IN_BATCH = "number_twice_in_batch"
    SAME_TITLE_STORED = "same_title_stored"
    SAME_TITLE_IN_BATCH = "same_title_in_batch"
    TITLE_TAKEN_STORED = "title_taken_stored"
    TITLE_TWICE_IN_BATCH = "title_twice_in_batch"
    TEXT_FOR_STORED = "text_for_stored"
    TEXT_FOR_EARLIER = "text_for_earlier"
    NUMBER_FOR_STORED = "number_for_stored"
    NUMBER_FOR_EARLIER = "number_for_earlier"


KIND_OF = {
    Reason.NEW: Kind.NEW,
    Reason.SAME_TEXT_STORED: Kind.SAME,
    Reason.SAME_CONTENT_IN_BATCH: Kind.SAME,
    Reason.SAME_NUMBER_STORED: Kind.SAME,
    Reason.SAME_NUMBER_IN_BATCH: Kind.SAME,
    Reason.SAME_TITLE_STORED: Kind.SAME,
    Reason.SAME_TITLE_IN_BATCH: Kind.SAME,
    Reason.NUMBER_TAKEN_STORED: Kind.CONFLICT,
    Reason.NUMBER_TWICE_IN_BATCH: Kind.CONFLICT,
    Reason.TITLE_TAKEN_STORED: Kind.CONFLICT,
    Reason.TITLE_TWICE_IN_BATCH: Kind.CONFLICT,
    Reason.TEXT_FOR_STORED: Kind.ADDS_TEXT,
    Reason.TEXT_FOR_EARLIER: Kind.ADDS_TEXT,
    Reason.NUMBER_FOR_STORED: Kind.ADDS_NUMBER,
    Reason.NUMBER_FOR_EARLIER: Kind.ADDS_NUMBER,
}


class Keys(NamedTuple):
    """What identifies a new item: a text, or a register row (which has no text)."""

    label: str  # where it was read ("file (row 5)")
    issuer: str  # the agency name it resolves to
    doc_number: str | None
    title: str | None
    promulgated_on: date | None
    content_hash: str  # of the text, or of a register row's cells
    has_text: bool
    substance: str | None = None  # of the text without web-page clutter

    @property
    def text_hash(self) -> str | None:
        return self.content_hash if self.has_text else None


@dataclass(slots=True)
class Known:
    """A document registered before, or an item earlier in the batch. `ref` is the caller's
    handle on it (a document id, an item). A textless one takes the text of an item that
    joins it; an earlier one without a 文号 takes the 文号 of an item that names it."""

    ref: object
    label: str
    title: str | None
    text_hash: str | None  # None: it has no text (a register row)
    substance: str | None = None  # None for a stored text: not read yet (see needs_substance)
    doc_number: str | None = None

    @classmethod
    def of(cls, keys: Keys, ref: object) -> "Known":
        return cls(ref, keys.label, keys.title, keys.text_hash, keys.substance, keys.doc_number)


# Where a document that shares a key with the item is found (the fields of Stored, in order).
_BY_TEXT, _BY_NUMBER, _BY_TITLE = 0, 1, 2


class Stored(NamedTuple):
    """The registered documents that share a key with the item (found by the caller)."""

    by_text: Known | None = None  # the same text
    by_number: Known | None = None  # the same issuer and 文号
    by_title: Known | None = None  # the same issuer, title and promulgation date


_NOTHING = Stored()


class Verdict(NamedTuple):
    reason: Reason
    other: Known | None = None  # the document or earlier item it is the same as, or joins
    stored: bool = False  # whether `other` is registered (else it is earlier in the batch)

    @property
    def kind(self) -> Kind:
        return KIND_OF[self.reason]


NEW = Verdict(Reason.NEW)


class _Match(StrEnum):
    """How an item is weighed against one found document (see compare)."""

    ANY = "any"  # found by its text or content: the same, whatever else
    SAME_NUMBER = "same_number"  # the same issuer and 文号
    SAME_TITLE = "same_title"  # the same issuer, title and date
    NUMBERLESS_TWIN = "numberless_twin"  # the same title and date, registered without a 文号


@dataclass(frozen=True, slots=True)
class _Rule:
    """One place to look, and the verdict for each answer of compare (None: look further)."""

    where: int  # _BY_TEXT (or content, in the batch), _BY_NUMBER or _BY_TITLE
    stored: bool
    match: _Match
    same: Reason | None
    adds_text: Reason | None = None
    different: Reason | None = None


# In this order; the first rule that gives a reason decides. Items with a 文号 look for it, then
# for the same document registered without it (a page that left it out) — only when nothing of
# the item would be lost: a register row, or the same text. Items without look by title.
_R, _M = Reason, _Match
_BY_CONTENT = (
    # (where to look, whether it is the registry, how to weigh what is found, the reason when
    # it is the same, when the item adds its text, when it differs)
    _Rule(_BY_TEXT, True, _M.ANY, _R.SAME_TEXT_STORED),
    _Rule(_BY_TEXT, False, _M.ANY, _R.SAME_CONTENT_IN_BATCH),
)  # fmt: skip
_RULES_WITH_NUMBER = (
    *_BY_CONTENT,
    _Rule(_BY_NUMBER, True, _M.SAME_NUMBER, _R.SAME_NUMBER_STORED, _R.TEXT_FOR_STORED, _R.NUMBER_TAKEN_STORED),
    _Rule(_BY_NUMBER, False, _M.SAME_NUMBER, _R.SAME_NUMBER_IN_BATCH, _R.TEXT_FOR_EARLIER, _R.NUMBER_TWICE_IN_BATCH),
    _Rule(_BY_TITLE, True, _M.NUMBERLESS_TWIN, _R.NUMBER_FOR_STORED),
    _Rule(_BY_TITLE, False, _M.NUMBERLESS_TWIN, _R.NUMBER_FOR_EARLIER),
)  # fmt: skip
_RULES_WITHOUT_NUMBER = (
    *_BY_CONTENT,
    _Rule(_BY_TITLE, True, _M.SAME_TITLE, _R.SAME_TITLE_STORED, _R.TEXT_FOR_STORED, _R.TITLE_TAKEN_STORED),
    _Rule(_BY_TITLE, False, _M.SAME_TITLE, _R.SAME_TITLE_IN_BATCH, _R.TEXT_FOR_EARLIER, _R.TITLE_TWICE_IN_BATCH),
)  # fmt: skip


class EarlierItems:
    """What the rest of a batch needs to know of its earlier items (not their texts)."""

    __slots__ = ("by_content", "by_number", "by_title")

    def __init__(self) -> None:
        self.by_content: dict[str, Known] = {}
        self.by_number: dict[tuple[str, str], Known] = {}
        self.by_title: dict[tuple[str, str, date | None], Known] = {}

    def find(self, keys: Keys) -> Stored:
        """The earlier items that share a key with this one (by content, 文号, title)."""
        number = keys.doc_number
        return Stored(
            self.by_content.get(keys.content_hash),
            self.by_number.get((keys.issuer, number)) if number else None,
            self.by_title.get((keys.issuer, keys.title or "", keys.promulgated_on)),
        )

    def remember(self, keys: Keys, verdict: Verdict, ref: object) -> None:
        """Keep what later items must be weighed against, once `verdict` is applied."""
        kind, other = verdict.kind, verdict.other
        if kind is Kind.NEW:
            known = Known.of(keys, ref)
            title_slot = (keys.issuer, keys.title or "", keys.promulgated_on)
            if keys.doc_number:
                self.by_number[(keys.issuer, keys.doc_number)] = known
                # A copy without the 文号 (a web page that leaves it out) is found by title.
                self.by_title.setdefault(title_slot, known)
            else:
                self.by_title[title_slot] = known
            self.by_content[keys.content_hash] = known
        elif kind is Kind.ADDS_TEXT:
            assert other is not None
            other.text_hash, other.substance = keys.content_hash, keys.substance
            self.by_content[keys.content_hash] = Known.of(keys, ref)
        elif kind is Kind.ADDS_NUMBER and not verdict.stored:
            assert other is not None and keys.doc_number is not None
            other.doc_number = keys.doc_number
            self.by_number[(keys.issuer, keys.doc_number)] = other


def decide(keys: Keys, stored: Stored, earlier: EarlierItems) -> Verdict:
    """The one verdict on a new item, from the documents that share its keys."""
    if not keys.has_text:
        stored = stored._replace(by_text=None)  # a register row is found by its keys
    in_batch = earlier.find(keys)
    if stored == _NOTHING and in_batch == _NOTHING:
        return NEW
    rules = _RULES_WITH_NUMBER if keys.doc_number else _RULES_WITHOUT_NUMBER
    for rule in rules:
        other = (stored if rule.stored else in_batch)[rule.where]
        if other is None:
            continue
        reason = _weigh(rule, keys, other)
        if reason is not None:
            return Verdict(reason, other, rule.stored)
    return NEW


def _weigh(rule: _Rule, keys: Keys, other: Known) -> Reason | None:
    if rule.match is _Match.ANY:
        return rule.same
    if rule.match is _Match.NUMBERLESS_TWIN:
        if other.doc_number is None and compare(keys, other) is Kind.SAME:
            return rule.same
        return None
    found = compare(keys, other, same_number=rule.match is _Match.SAME_NUMBER)
    if found is Kind.SAME:
        return rule.same
    if found is Kind.ADDS_TEXT:
        return rule.adds_text
    return rule.different


def compare(keys: Keys, other: Known, *, same_number: bool = False) -> Kind:
    """Whether an item with the same 文号 (or title and date) as another is the same document:
    SAME, ADDS_TEXT or CONFLICT.

    Two texts: the same when their content or their substance (without web-page clutter) is.
    A text and a document without one (a register row): the text is that document's when the
    titles agree (ADDS_TEXT). A register row and anything: the same when the titles agree.
    With the same issuer and 文号 (`same_number`), a text and a document without one are the
    same document whatever their titles: a notice (关于印发…的通知) and its attachment's title."""
    same_title = title_key(keys.title, keys.issuer) == title_key(other.title, keys.issuer)
    if not keys.has_text:
        if same_title or (same_number and other.text_hash is not None):
            return Kind.SAME
        return Kind.CONFLICT
    if other.text_hash is None:
        return Kind.ADDS_TEXT if same_title or same_number else Kind.CONFLICT
    if keys.content_hash == other.text_hash or (
        keys.substance is not None and keys.substance == other.substance
    ):
        return Kind.SAME
    return Kind.CONFLICT


def needs_substance(keys: Keys, stored: Known) -> bool:
    """Whether compare needs the substance of a registered document's text (read only then:
    a copy of the page saved on another day has another content hash)."""
    return (
        stored.substance is None
        and keys.has_text
        and stored.text_hash is not None
        and stored.text_hash != keys.content_hash
    )


def title_key(title: str | None, issuer: str) -> str:
    """A title as two copies of one document are compared: full-width and half-width forms
    alike (（试行） and (试行)), no spaces, and without the issuer's name in front (registers often
    leave it out: 关于… for 元宝山区人民政府关于…)."""
    normal = "".join(unicodedata.normalize("NFKC", title or "").split())
    name = "".join(unicodedata.normalize("NFKC", issuer).split())
    return normal.removeprefix(name) if name else normal


# A notice that issues an attachment (关于印发《…》的通知): the title a document is known by.
_NOTICE = ("印发", "的通知")


def is_notice(title: str) -> bool:
    return _NOTICE[0] in title and title.endswith(_NOTICE[1])


@dataclass(frozen=True, slots=True)
class JoinedTitles:
    title: str  # the document's title from now on
    alternative: str  # the other, kept as its alternative title
    retitled: bool  # whether `title` is the text's, replacing the document's


def joined_titles(
    text_title: str | None, document_title: str | None, issuer: str
) -> JoinedTitles | None:
    """The titles of a document when a text joins it under another title (the same 文号): the
    notice (关于印发…的通知) is the title — the document takes the text's when that is the
    notice — and the other is its alternative. None when the titles agree or one is missing."""
    ours, theirs = text_title, document_title
    if not ours or not theirs or title_key(ours, issuer) == title_key(theirs, issuer):
        return None
    if is_notice(ours) and not is_notice(theirs):
        return JoinedTitles(ours, theirs, retitled=True)
    return JoinedTitles(theirs, ours, retitled=False)


def explain(keys: Keys, verdict: Verdict) -> Msg:
    """The verdict in words, for the item's reason (the other is named by its label)."""
    reason, other = verdict.reason, verdict.other.label if verdict.other else ""
    number, issuer, here = keys.doc_number, keys.issuer, keys.label
    match reason:
        case Reason.SAME_TEXT_STORED:
            return _("the same text is already {where}").format(where=other)
        case Reason.SAME_CONTENT_IN_BATCH:
            return _("the same content as {other} in this batch").format(other=other)
        case Reason.SAME_NUMBER_STORED:
            return _("{number} is already {where}").format(number=number, where=other)
        case Reason.SAME_NUMBER_IN_BATCH:
            return _("{number} is also {other} in this batch").format(number=number, other=other)
        case Reason.NUMBER_TAKEN_STORED:
            return _(
                "{number} of {issuer} is already {where}, with a different text from {here}"
            ).format(number=number, issuer=issuer, where=other, here=here)
        case Reason.NUMBER_TWICE_IN_BATCH:
            return _(
                "{number} of {issuer} is used twice in this batch, with different texts: "
                "{first} and {here}"
            ).format(number=number, issuer=issuer, first=other, here=here)
        case Reason.SAME_TITLE_STORED | Reason.SAME_TITLE_IN_BATCH:
            return _("the same document as {other}").format(other=other)
        case Reason.TITLE_TAKEN_STORED | Reason.TITLE_TWICE_IN_BATCH:
            return _(
                "{other} has the same title, issuer and date but a different text from {here}"
            ).format(other=other, here=here)
        case Reason.TEXT_FOR_STORED:
            return _("{where} has no text yet: this text is added to it").format(where=other)
        case Reason.TEXT_FOR_EARLIER:
            return _(
                "{other} in this batch has no text: this text is added to its document"
            ).format(other=other)
        case Reason.NUMBER_FOR_STORED | Reason.NUMBER_FOR_EARLIER:
            return _("{where} has no 文号 yet: {number} is added to it").format(
                where=other, number=number
            )
    raise ValueError(f"nothing to explain of a {reason} item")

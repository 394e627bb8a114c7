"""Import's duplicate rules, table by table: every verdict and every reason it is given for."""

from datetime import date

import pytest

from normdocs.domain.duplicates import (
    KIND_OF,
    EarlierItems,
    JoinedTitles,
    Keys,
    Kind,
    Known,
    Reason,
    Stored,
    Verdict,
    decide,
    explain,
    joined_titles,
    needs_substance,
)

ISSUER = "元宝山区人民政府"
DAY = date(2018, 8, 1)
NUMBER = "元政发〔2018〕12号"
TITLE = "元宝山区人民政府关于加强城市管理的通知"
NOTICE = "元宝山区人民政府关于印发《城市管理办法》的通知"
ATTACHMENT = "城市管理办法"


def text(title=TITLE, number=None, content="c1", substance="s1", label="a.docx"):
    """A text read from a file."""
    return Keys(label, ISSUER, number, title, DAY, content, True, substance)


def row(title=TITLE, number=None, content="r1", label="登记册.csv (row 2)"):
    """A register row: no text, its hash is of its cells."""
    return Keys(label, ISSUER, number, title, DAY, content, False, None)


def doc(title=TITLE, number=None, content=None, substance=None, ref=7):
    """A registered document (content None: it has no text)."""
    return Known(ref, f"document {ref}", title, content, substance, number)


# (what is stored, the new item, the reason) — nothing earlier in the batch.
AGAINST_THE_REGISTRY = {
    "nothing shares a key": (Stored(), text(), Reason.NEW),
    "the same text": (Stored(by_text=doc(content="c1")), text(), Reason.SAME_TEXT_STORED),
    "a register row is never found by text": (
        Stored(by_text=doc(content="r1")), row(), Reason.NEW
    ),
    "the same text outranks a 文号 taken": (
        Stored(by_text=doc(content="c1"), by_number=doc(number=NUMBER, content="c9", ref=8)),
        text(number=NUMBER),
        Reason.SAME_TEXT_STORED,
    ),
    # the same issuer and 文号
    "a row, the same 文号 and title": (
        Stored(by_number=doc(number=NUMBER)), row(number=NUMBER), Reason.SAME_NUMBER_STORED
    ),
    "a row, the same 文号 of a document with a text, another title": (
        Stored(by_number=doc(NOTICE, NUMBER, "c9")), row(number=NUMBER), Reason.SAME_NUMBER_STORED
    ),
    "a row, the same 文号 of a textless document, another title": (
        Stored(by_number=doc("另一标题", NUMBER)), row(number=NUMBER), Reason.NUMBER_TAKEN_STORED
    ),
    "a text for a textless document of the same 文号 and title": (
        Stored(by_number=doc(number=NUMBER)), text(number=NUMBER), Reason.TEXT_FOR_STORED
    ),
    "a notice's text for its attachment's register row (issue 12)": (
        Stored(by_number=doc(ATTACHMENT, NUMBER)),
        text(NOTICE, NUMBER),
        Reason.TEXT_FOR_STORED,
    ),
    "a text whose substance is the stored text's (the page saved another day)": (
        Stored(by_number=doc(number=NUMBER, content="c9", substance="s1")),
        text(number=NUMBER),
        Reason.SAME_NUMBER_STORED,
    ),
    "a different text under a 文号 taken": (
        Stored(by_number=doc(number=NUMBER, content="c9", substance="s9")),
        text(number=NUMBER),
        Reason.NUMBER_TAKEN_STORED,
    ),
    # the same issuer, title and date, registered without a 文号
    "a row brings its 文号 to the document registered without one": (
        Stored(by_title=doc()), row(number=NUMBER), Reason.NUMBER_FOR_STORED
    ),
    "the same text brings its 文号": (
        Stored(by_title=doc(content="c9", substance="s1")),
        text(number=NUMBER),
        Reason.NUMBER_FOR_STORED,
    ),
    "a text with a 文号 is new beside a textless twin (its text would be lost)": (
        Stored(by_title=doc()), text(number=NUMBER), Reason.NEW
    ),
    "a different text with a 文号 is new beside its numberless twin": (
        Stored(by_title=doc(content="c9", substance="s9")), text(number=NUMBER), Reason.NEW
    ),
    "a twin that has a 文号 of its own is another document": (
        Stored(by_title=doc(number="元政发〔2018〕13号")), row(number=NUMBER), Reason.NEW
    ),
    # items without a 文号: the same issuer, title and date
    "a row with the title of a registered row": (
        Stored(by_title=doc()), row(), Reason.SAME_TITLE_STORED
    ),
    "a row whose title leaves out the issuer, in half-width brackets": (
        Stored(by_title=doc(TITLE + "（试行）")),
        row("关于加强城市管理的通知(试行)"),
        Reason.SAME_TITLE_STORED,
    ),
    "a text for the textless document of its title": (
        Stored(by_title=doc()), text(), Reason.TEXT_FOR_STORED
    ),
    "a row against a document with a text and its title": (
        Stored(by_title=doc(content="c9")), row(), Reason.SAME_TITLE_STORED
    ),
    "a different text under the same title and date": (
        Stored(by_title=doc(content="c9", substance="s9")), text(), Reason.TITLE_TAKEN_STORED
    ),
    "the same substance under the same title": (
        Stored(by_title=doc(content="c9", substance="s1")), text(), Reason.SAME_TITLE_STORED
    ),
}  # fmt: skip


@pytest.mark.parametrize(
    ("stored", "keys", "reason"), AGAINST_THE_REGISTRY.values(), ids=AGAINST_THE_REGISTRY.keys()
)
def test_an_item_against_the_registry(stored, keys, reason):
    verdict = decide(keys, stored, EarlierItems())
    assert verdict.reason is reason
    assert verdict.kind is KIND_OF[reason]
    if reason is not Reason.NEW:
        assert verdict.stored and verdict.other is not None and verdict.other.ref == 7


# Items of one batch, in order, and the reason each gets (nothing registered before).
IN_ONE_BATCH = {
    "two different documents": (
        [row(), row("另一标题", content="r2")], [Reason.NEW, Reason.NEW]
    ),
    "the same row twice": ([row(), row()], [Reason.NEW, Reason.SAME_CONTENT_IN_BATCH]),
    "the same text twice": ([text(), text()], [Reason.NEW, Reason.SAME_CONTENT_IN_BATCH]),
    "a 文号 twice, the same title": (
        [row(number=NUMBER), row(number=NUMBER, content="r2")],
        [Reason.NEW, Reason.SAME_NUMBER_IN_BATCH],
    ),
    "a 文号 twice, two texts": (
        [text(number=NUMBER), text(number=NUMBER, content="c2", substance="s2")],
        [Reason.NEW, Reason.NUMBER_TWICE_IN_BATCH],
    ),
    "a notice's text for the attachment's row before it": (
        [row(ATTACHMENT, NUMBER), text(NOTICE, NUMBER)],
        [Reason.NEW, Reason.TEXT_FOR_EARLIER],
    ),
    "the row that joined a text now has it: a third, other text conflicts": (
        [
            row(number=NUMBER),
            text(number=NUMBER),
            text(number=NUMBER, content="c3", substance="s3", label="c.docx"),
        ],
        [Reason.NEW, Reason.TEXT_FOR_EARLIER, Reason.NUMBER_TWICE_IN_BATCH],
    ),
    "the text's copy after it joined the row is the same content": (
        [row(number=NUMBER), text(number=NUMBER), text(number=NUMBER, label="b.docx")],
        [Reason.NEW, Reason.TEXT_FOR_EARLIER, Reason.SAME_CONTENT_IN_BATCH],
    ),
    "a row brings the 文号 an earlier page left out": (
        [text(), row(number=NUMBER)], [Reason.NEW, Reason.NUMBER_FOR_EARLIER]
    ),
    "a text with a 文号 is new beside an earlier row without (its text would be lost)": (
        [row(), text(number=NUMBER)], [Reason.NEW, Reason.NEW]
    ),
    "a row brings the 文号 an earlier row left out": (
        [row(), row(number=NUMBER, content="r2")], [Reason.NEW, Reason.NUMBER_FOR_EARLIER]
    ),
    "once given, the 文号 finds that document": (
        [row(), row(number=NUMBER, content="r2"), row(number=NUMBER, content="r3")],
        [Reason.NEW, Reason.NUMBER_FOR_EARLIER, Reason.SAME_NUMBER_IN_BATCH],
    ),
    "a copy without the 文号 finds the document by title": (
        [row(number=NUMBER), row(content="r2")], [Reason.NEW, Reason.SAME_TITLE_IN_BATCH]
    ),
    "a text for an earlier row of its title": (
        [row(), text()], [Reason.NEW, Reason.TEXT_FOR_EARLIER]
    ),
    "two texts under one title and date": (
        [text(), text(content="c2", substance="s2")], [Reason.NEW, Reason.TITLE_TWICE_IN_BATCH]
    ),
}  # fmt: skip


@pytest.mark.parametrize(("items", "reasons"), IN_ONE_BATCH.values(), ids=IN_ONE_BATCH.keys())
def test_items_of_one_batch(items, reasons):
    earlier = EarlierItems()
    found = []
    for n, keys in enumerate(items):
        verdict = decide(keys, Stored(), earlier)
        earlier.remember(keys, verdict, n)
        found.append(verdict.reason)
        assert not verdict.stored
    assert found == reasons


def test_the_registry_outranks_the_batch():
    earlier = EarlierItems()
    first = row(number=NUMBER)
    earlier.remember(first, decide(first, Stored(), earlier), "earlier")
    verdict = decide(
        row(number=NUMBER, content="r2"), Stored(by_number=doc(number=NUMBER)), earlier
    )
    assert (verdict.reason, verdict.other and verdict.other.ref) == (Reason.SAME_NUMBER_STORED, 7)


def test_a_text_added_to_a_registered_document_is_what_a_later_text_meets():
    stored = Stored(by_number=doc(ATTACHMENT, NUMBER))
    earlier = EarlierItems()
    first = text(NOTICE, NUMBER)
    verdict = decide(first, stored, earlier)
    earlier.remember(first, verdict, "first")
    assert verdict.reason is Reason.TEXT_FOR_STORED
    other = text(NOTICE, NUMBER, content="c2", substance="s2")
    assert decide(other, stored, earlier).reason is Reason.NUMBER_TAKEN_STORED


def test_every_reason_has_a_kind_and_words():
    assert set(KIND_OF) == set(Reason)
    assert {KIND_OF[r] for r in Reason} == set(Kind)
    keys, other = text(number=NUMBER, label="b.docx"), doc(ref=3)
    for reason in set(Reason) - {Reason.NEW}:
        words = str(explain(keys, Verdict(reason, other, stored=True)))
        assert "document 3" in words, reason


@pytest.mark.parametrize(
    ("reason", "words"),
    [
        (
            Reason.NUMBER_TAKEN_STORED,
            f"{NUMBER} of {ISSUER} is already document 3, with a different text from b.docx",
        ),
        (Reason.NUMBER_FOR_EARLIER, f"document 3 has no 文号 yet: {NUMBER} is added to it"),
        (Reason.TEXT_FOR_STORED, "document 3 has no text yet: this text is added to it"),
    ],
)
def test_the_words_of_a_verdict(reason, words):
    verdict = Verdict(reason, doc(ref=3), stored=True)
    assert str(explain(text(number=NUMBER, label="b.docx"), verdict)) == words


NEEDS_SUBSTANCE = {
    "a different stored text": (text(), doc(content="c9"), True),
    "the same stored text": (text(), doc(content="c1"), False),
    "a textless document": (text(), doc(), False),
    "a register row": (row(), doc(content="c9"), False),
    "read already": (text(), doc(content="c9", substance="s9"), False),
}


@pytest.mark.parametrize(
    ("keys", "known", "needed"), NEEDS_SUBSTANCE.values(), ids=NEEDS_SUBSTANCE.keys()
)
def test_a_stored_text_is_read_only_when_its_substance_decides(keys, known, needed):
    assert needs_substance(keys, known) is needed


JOINED_TITLES = {
    "the notice's text joins the attachment's row: the notice is the title": (
        NOTICE, ATTACHMENT, JoinedTitles(NOTICE, ATTACHMENT, retitled=True)
    ),
    "the attachment's text joins the notice's row: the notice stays": (
        ATTACHMENT, NOTICE, JoinedTitles(NOTICE, ATTACHMENT, retitled=False)
    ),
    "two other titles: the document's stays": (
        "甲", "乙", JoinedTitles("乙", "甲", retitled=False)
    ),
    "the same title but for the issuer's name": (TITLE, "关于加强城市管理的通知", None),
    "no title in the text": (None, TITLE, None),
}  # fmt: skip


@pytest.mark.parametrize(
    ("ours", "theirs", "expected"), JOINED_TITLES.values(), ids=JOINED_TITLES.keys()
)
def test_the_titles_of_a_document_a_text_joins(ours, theirs, expected):
    assert joined_titles(ours, theirs, ISSUER) == expected

"""A 文号 typed in any bracket style finds the document registered under it, besides the texts
that print it exactly as typed; counted once, newest first, the filters still applying."""

from datetime import date

import pytest

from normdocs.domain.stages import Stage
from normdocs.services.demo import demo_steps
from normdocs.services.documents import new_document
from normdocs.services.procedure import advance
from normdocs.services.search import HIT_FIELDS, search_documents

REGISTERED = "元政发〔2019〕21号"


def ids(result) -> list[int]:
    return [hit["id"] for hit in result.hits]


def document(registry, issuer, title: str, text: str, start: date, number: str) -> int:
    """A promulgated document with `text`, registered under `number` by the real services."""
    file = registry.path.parent / f"draft-{number}.txt"
    file.write_text(text, encoding="utf-8")
    view = new_document(registry.ctx, title=title, issuer=issuer.name, file=file)
    for step in demo_steps(issuer.level, issuer.head, number, start, Stage.PROMULGATED.value):
        advance(registry.ctx, str(view["id"]), step)
    return int(view["id"])


@pytest.fixture
def numbered(registry):
    """The document registered as 元政发〔2019〕21号 (its text prints its number in the normal
    form), a newer one citing it as 元政发[2019]21号, and a newer still citing it normally."""
    government = registry.issuers["government"]
    department = registry.issuers["department"]
    own = document(
        registry,
        government,
        "关于禁止燃放烟花爆竹的通告",
        f"{REGISTERED}\n第一条 全区禁止燃放烟花爆竹。",
        date(2019, 3, 4),
        REGISTERED,
    )
    square = document(
        registry,
        department,
        "关于校园周边禁放烟花爆竹的通知",
        "根据元政发[2019]21号的要求，校园周边禁止燃放。",
        date(2021, 3, 1),
        "元教发〔2021〕3号",
    )
    normal = document(
        registry,
        department,
        "关于元旦期间安全管理的通知",
        f"按照《关于禁止燃放烟花爆竹的通告》（{REGISTERED}）执行。",
        date(2023, 3, 6),
        "元教发〔2023〕7号",
    )
    return registry, own, square, normal


@pytest.mark.parametrize(
    "typed",
    ["元政发[2019]21号", "元政发（2019）21号", "元政发〔2019〕第021号", " 元政发(2019)21号 "],
)
def test_another_bracket_style_finds_the_registered_document(numbered, typed):
    registry, own, square, normal = numbered
    result = search_documents(registry.ctx, typed)
    # Every text citing it, in whatever style it prints it (issue 12).
    expected = [normal, square, own]
    assert ids(result) == expected and result.total == len(expected)
    assert search_documents(registry.ctx, typed, count_only=True).total == len(expected)
    hit = result.hits[-1]
    assert (hit["id"], hit["doc_number"], hit["in_doc_number"]) == (own, REGISTERED, True)
    # Its text prints the normal form: the snippet shows it there.
    assert (hit["in_title"], hit["in_text"], hit["occurrences"]) == (False, True, 1)
    assert (hit["snippet_source"], hit["match_offset"]) == ("text", 0)
    assert hit["snippet"][hit["match_start"] : hit["match_end"]] == REGISTERED


def test_the_normal_form_finds_its_document_once_and_the_texts_citing_it(numbered):
    registry, own, square, normal = numbered
    result = search_documents(registry.ctx, REGISTERED)
    # own: by text and number, once; square cites it as 元政发[2019]21号.
    assert ids(result) == [normal, square, own] and result.total == 3
    assert [hit["rank"] for hit in result.hits] == [1, 2, 3]
    cited, loosely, registered = result.hits
    assert (cited["in_text"], cited["in_doc_number"]) == (True, False)
    assert (loosely["in_text"], loosely["in_doc_number"]) == (True, False)
    assert loosely["snippet"][loosely["match_start"] : loosely["match_end"]] == "元政发[2019]21号"
    assert (registered["in_text"], registered["in_doc_number"]) == (True, True)
    assert registered["snippet_source"] == "text" and registered["match_offset"] == 0

    second = search_documents(registry.ctx, REGISTERED, limit=1, offset=2)
    assert (ids(second), second.total) == ([own], 3)
    assert search_documents(registry.ctx, REGISTERED, count_only=True).total == 3


def test_filters_apply_to_the_registered_document_too(numbered):
    registry, own, square, normal = numbered
    assert ids(search_documents(registry.ctx, "元政发[2019]21号", issuer="元宝山区教育局")) == [
        normal,
        square,
    ]
    assert ids(search_documents(registry.ctx, "元政发（2019）21号", year=2020)) == []
    assert (
        search_documents(registry.ctx, "元政发（2019）21号", year=2020, count_only=True).total == 0
    )
    # Documents of 2019 and early 2021 have lapsed after five years: found as expired only.
    expired = search_documents(registry.ctx, "元政发（2019）21号", validity="expired")
    assert ids(expired) == [square, own]
    assert {hit["validity"] for hit in expired.hits} == {"expired"}
    in_force = search_documents(registry.ctx, "元政发（2019）21号", validity="in_force")
    assert ids(in_force) == [normal]  # cites it in the normal form


@pytest.mark.parametrize(
    ("term", "found"),
    [
        ("元政发〔2019〕21", "normal own"),  # no 号: a piece of text, matched exactly
        ("〔2019〕21号", "normal own"),  # no 代字
        ("元政发[2019]21", "square"),
        ("元政发〔2019〕22号", ""),  # another 文号, registered nowhere
        ("元教发〔2019〕21号", ""),
    ],
)
def test_a_term_that_is_not_a_registered_number_is_matched_in_the_texts_only(numbered, term, found):
    registry, own, square, normal = numbered
    made = {"own": own, "square": square, "normal": normal}
    result = search_documents(registry.ctx, term)
    assert ids(result) == [made[name] for name in found.split()]
    assert result.total == len(result.hits)


def test_every_hit_has_the_same_fields(numbered):
    registry, *_made = numbered
    for term in (REGISTERED, "元政发[2019]21号", "烟花爆竹"):
        for hit in search_documents(registry.ctx, term).hits:
            assert tuple(hit.data()) == HIT_FIELDS

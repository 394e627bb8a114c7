"""Search through the services on documents taken through the real procedure: order, filters,
validity as of a day, snippets, the index kept current when texts change, and refusals."""

from datetime import date
from pathlib import Path

import pytest

from normdocs.domain.errors import InvalidInput, NotFound
from normdocs.domain.stages import Action, Stage
from normdocs.domain.steps import step_of
from normdocs.services.demo import demo_steps
from normdocs.services.documents import new_document
from normdocs.services.procedure import advance
from normdocs.services.search import make_snippet, search_documents

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "documents"


def ids(result) -> list[int]:
    return [hit["id"] for hit in result.hits]


def document(registry, issuer, title: str, text: str | None, stage: Stage, start: date) -> int:
    """A document with `text` (a .txt file), taken to `stage` by the real services."""
    file = None
    if text is None and stage != Stage.DRAFTING:
        text = title  # review submit refuses a draft without text: its title stands for one
    if text is not None:
        file = registry.path.parent / f"draft-{title[:8]}-{start}.txt"
        file.write_text(text, encoding="utf-8")
    view = new_document(registry.ctx, title=title, issuer=issuer.name, file=file)
    number = f"{issuer.code}〔{start.year}〕{view['id']}号"
    for step in demo_steps(issuer.level, issuer.head, number, start, stage.value):
        advance(registry.ctx, str(view["id"]), step)
    return int(view["id"])


@pytest.fixture
def government(registry):
    return registry.issuers["government"]


@pytest.fixture
def department(registry):
    return registry.issuers["department"]


def test_newest_first_then_higher_id_and_drafts_last(registry, government, department):
    older = document(
        registry,
        government,
        "关于禁止燃放烟花爆竹的通告",
        None,
        Stage.PROMULGATED,
        date(2019, 3, 4),
    )
    draft = document(
        registry,
        department,
        "关于烟花爆竹安全管理的通知（草案）",
        None,
        Stage.DRAFTING,
        date(2026, 3, 2),
    )
    newest = document(
        registry, department, "关于烟花爆竹经营许可的规定", None, Stage.FILED, date(2021, 3, 1)
    )
    same_day = document(
        registry, government, "烟花爆竹燃放管理办法", None, Stage.PROMULGATED, date(2021, 3, 1)
    )
    result = search_documents(registry.ctx, "烟花爆竹")
    assert result.total == 4
    assert ids(result) == [same_day, newest, older, draft]
    assert [hit["rank"] for hit in result.hits] == [1, 2, 3, 4]
    assert result.hits[0]["promulgated_on"] == "2021-03-19"  # demo_steps publish on day 18
    assert result.hits[-1]["promulgated_on"] is None


def test_issuer_year_and_validity_filters(registry, government, department):
    text = "第五条 违反本规定的，由市场监督管理部门依法处以罚款。"
    gov_2023 = document(
        registry, government, "关于市场秩序的规定", text, Stage.PROMULGATED, date(2023, 3, 6)
    )
    dep_2024 = document(
        registry, department, "关于校外培训的规定", text, Stage.PROMULGATED, date(2024, 3, 4)
    )
    revoked = document(
        registry, department, "关于收费的规定", text, Stage.REVOKED, date(2025, 3, 3)
    )
    draft = document(
        registry, government, "关于罚款的规定（草案）", None, Stage.DRAFTING, date(2026, 3, 2)
    )

    assert ids(search_documents(registry.ctx, "罚款")) == [revoked, dep_2024, gov_2023, draft]
    assert ids(search_documents(registry.ctx, "罚款", issuer=department.name)) == [
        revoked,
        dep_2024,
    ]
    assert ids(search_documents(registry.ctx, "罚款", year=2023)) == [gov_2023]
    assert ids(search_documents(registry.ctx, "罚款", year=2026)) == [draft]  # created in 2026
    in_force = search_documents(registry.ctx, "罚款", validity="in_force")
    assert ids(in_force) == [dep_2024, gov_2023]
    assert {hit["validity"] for hit in in_force.hits} == {"in_force"}
    assert ids(search_documents(registry.ctx, "罚款", validity="revoked")) == [revoked]
    assert ids(search_documents(registry.ctx, "罚款", validity="revoked,not_promulgated")) == [
        revoked,
        draft,
    ]
    # Expiry is judged on --as-of: five years on, the document of 2023 has lapsed.
    later = search_documents(registry.ctx, "罚款", validity="expired", as_of=date(2028, 6, 1))
    assert ids(later) == [gov_2023]
    assert later.hits[0]["validity"] == "expired" and later.as_of == date(2028, 6, 1)
    assert (
        ids(search_documents(registry.ctx, "罚款", validity="in_force", as_of=date(2023, 1, 1)))
        == []
    )


def test_a_repeal_recorded_later_shows_at_query_time(registry, government):
    """Validity is filtered when searching: a repealed document needs no re-indexing."""
    from normdocs.store.engine import transaction
    from normdocs.store.queries import update_document

    doc = document(
        registry,
        government,
        "关于燃煤管理的通告",
        "禁止销售燃煤。",
        Stage.PROMULGATED,
        date(2023, 3, 6),
    )
    assert ids(search_documents(registry.ctx, "燃煤", validity="in_force")) == [doc]
    with transaction(registry.ctx.engine(), registry.ctx.db) as session:  # as a cleanup records it
        update_document(session, doc, {"ended_on": date(2025, 1, 1), "end_reason": "repealed"})
    assert ids(search_documents(registry.ctx, "燃煤", validity="in_force")) == []
    assert ids(search_documents(registry.ctx, "燃煤", validity="repealed")) == [doc]
    assert ids(
        search_documents(registry.ctx, "燃煤", validity="in_force", as_of=date(2024, 1, 1))
    ) == [doc]


def test_a_replaced_text_is_searched_instead_of_the_old_one(registry, government):
    doc = document(
        registry,
        government,
        "关于加强校园安全管理的通知",
        "第五条 违者处以罚款。",
        Stage.REVISION_REQUIRED,
        date(2026, 3, 2),
    )
    assert ids(search_documents(registry.ctx, "罚款")) == [doc]
    revised = registry.path.parent / "revised.txt"
    revised.write_text("第五条 违者依照有关法律法规处理。", encoding="utf-8")
    advance(
        registry.ctx,
        str(doc),
        step_of(Action.RECORD_REVISION, date(2026, 3, 12), note="删除罚款", revised_file=revised),
    )
    assert search_documents(registry.ctx, "罚款").total == 0
    assert ids(search_documents(registry.ctx, "法律法规处理")) == [doc]


def test_a_text_given_to_a_title_only_draft_is_found(registry, government):
    doc = document(
        registry,
        government,
        "关于加强校园安全管理的通知",
        None,
        Stage.REVISION_REQUIRED,
        date(2026, 3, 2),
    )
    assert ids(search_documents(registry.ctx, "校园")) == [doc]
    assert search_documents(registry.ctx, "消防通道").total == 0
    revised = registry.path.parent / "revised.txt"
    revised.write_text("学校应当保持消防通道畅通。", encoding="utf-8")
    advance(
        registry.ctx,
        str(doc),
        step_of(Action.RECORD_REVISION, date(2026, 3, 12), note="补充", revised_file=revised),
    )
    assert ids(search_documents(registry.ctx, "消防通道")) == [doc]
    assert ids(search_documents(registry.ctx, "校园")) == [doc]  # the title is still indexed


def test_a_real_text_snippet_counts_and_offsets(registry, government):
    text = (SAMPLES / "A07-xixian-2019-ranmei.txt").read_text(encoding="utf-8")
    doc = document(
        registry,
        government,
        "关于在县城禁燃区内禁止销售使用燃煤的通告",
        text,
        Stage.PROMULGATED,
        date(2019, 3, 4),
    )
    (hit,) = search_documents(registry.ctx, "燃煤").hits
    assert hit["id"] == doc and hit["in_title"] and hit["in_text"]
    assert hit["occurrences"] == text.count("燃煤") + 1
    assert hit["snippet_source"] == "text"
    assert hit["snippet"][hit["match_start"] : hit["match_end"]] == "燃煤"
    assert text[hit["match_offset"] : hit["match_offset"] + 2] == "燃煤"
    assert hit["match_offset"] == text.index("燃煤")
    assert "\n" not in hit["snippet"] and "  " not in hit["snippet"]
    (by_phone,) = search_documents(registry.ctx, "0376-5866731").hits
    assert by_phone["snippet"][by_phone["match_start"] : by_phone["match_end"]] == "0376-5866731"


def test_a_hit_in_the_title_only_takes_its_snippet_from_the_title(registry, government):
    document(
        registry,
        government,
        "关于禁止露天烧烤的通告",
        "本通告自发布之日起施行。",
        Stage.PROMULGATED,
        date(2019, 3, 4),
    )
    (hit,) = search_documents(registry.ctx, "露天烧烤").hits
    assert (hit["in_title"], hit["in_text"], hit["snippet_source"]) == (True, False, "title")
    assert hit["snippet"] == "关于禁止露天烧烤的通告"
    assert (hit["match_start"], hit["match_end"]) == (4, 8)


@pytest.mark.parametrize(
    ("source", "at", "length", "snippet"),
    [
        ("短文本罚款。", 3, 2, ("短文本罚款。", 3, 5)),
        (
            "甲" * 40 + "罚款" + "乙" * 40,
            40,
            2,
            ("…" + "甲" * 30 + "罚款" + "乙" * 30 + "…", 31, 33),
        ),
        ("第一条\n\n  处以\u3000罚款\n\n第二条", 10, 2, ("第一条 处以 罚款 第二条", 7, 9)),
        ("行政 处罚", 0, 5, ("行政 处罚", 0, 5)),
    ],
)
def test_snippets(source, at, length, snippet):
    assert make_snippet(source, at, length) == snippet


def test_paging_and_count_only(registry, government):
    made = [
        document(
            registry, government, f"第{i}号关于罚款的规定", None, Stage.DRAFTING, date(2026, 3, 2)
        )
        for i in range(5)
    ]
    first = search_documents(registry.ctx, "罚款", limit=2)
    second = search_documents(registry.ctx, "罚款", limit=2, offset=2)
    past = search_documents(registry.ctx, "罚款", limit=2, offset=9)
    assert ids(first) + ids(second) == sorted(made, reverse=True)[:4]
    assert (first.first, first.last, second.first, second.last) == (1, 2, 3, 4)
    assert past.total == 5 and past.hits == [] and past.first == 0
    counted = search_documents(registry.ctx, "罚款", count_only=True)
    assert counted.total == 5 and counted.hits == []


def test_no_match_is_an_empty_page(registry, government):
    document(registry, government, "关于罚款的规定", None, Stage.DRAFTING, date(2026, 3, 2))
    result = search_documents(registry.ctx, "量子计算")
    assert (result.total, result.hits) == (0, [])


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"text": "，。、"}, InvalidInput, "has no letter or digit to look for"),
        ({"text": "  \n "}, InvalidInput, "has no letter or digit to look for"),
        ({"text": "罚款", "validity": "valid"}, InvalidInput, "unknown value valid for --validity"),
        ({"text": "罚款", "issuer": "火星区人民政府"}, NotFound, "no agency named 火星区人民政府"),
        ({"text": "罚款", "limit": 0}, InvalidInput, "--limit must be between 1 and 1000"),
        ({"text": "罚款", "limit": 1001}, InvalidInput, "--limit must be between 1 and 1000"),
        ({"text": "罚款", "offset": -1}, InvalidInput, "--offset cannot be negative"),
    ],
)
def test_refusals_say_what_is_wrong_and_change_nothing(
    registry, government, kwargs, error, message
):
    document(registry, government, "关于罚款的规定", "处以罚款。", Stage.DRAFTING, date(2026, 3, 2))
    before = registry.snapshot()
    with pytest.raises(error) as refused:
        search_documents(registry.ctx, **kwargs)
    assert message in refused.value.message
    assert refused.value.hint
    assert registry.snapshot() == before

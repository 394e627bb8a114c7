"""Match keys, versions by date and lookups by the names documents use, on the real law list."""

import csv
from datetime import date
from pathlib import Path

import pytest

from normdocs.domain.citations import find_citations, normal_article
from normdocs.domain.lawtitles import (
    LawIndex,
    LawVersion,
    VersionState,
    default_short_title,
    law_number,
    match_key,
    normalise_level,
    settle_versions,
    version_on,
)

LAWS_CSV = Path(__file__).resolve().parents[2] / "samples" / "superior-laws.csv"


def real_index() -> LawIndex:
    """The national list as LawVersion rows (ids are the CSV line numbers)."""
    with LAWS_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return LawIndex(
        [
            LawVersion(
                id=n,
                title=r["title"],
                short_title=r["short_title"],
                match_key=match_key(r["title"]),
                promulgated_on=date.fromisoformat(r["promulgated"]) if r["promulgated"] else None,
                effective_on=date.fromisoformat(r["effective"]) if r["effective"] else None,
                status=r["status"],
            )
            for n, r in enumerate(rows, start=2)
        ]
    )


INDEX = real_index()


@pytest.mark.parametrize(
    "spelling",
    [
        "中华人民共和国传染病防治法",
        "传染病防治法",
        "《中华人民共和国传染病防治法》",
        "《传染病防治法》",
        "《中华人民共和国传染病 防治法》",
        "《传染病防治法（2013年修正）》",
        "传染病防治法(2013年修正本)",
    ],
)
def test_spellings_of_one_law_share_its_key(spelling):
    assert match_key(spelling) == "传染病防治法"


def test_nested_brackets_of_every_kind_share_a_key():
    keys = {
        match_key(t)
        for t in (
            "中国人民解放军实施《中华人民共和国药品管理法》办法",
            "中国人民解放军实施〈药品管理法〉办法",
            "中国人民解放军实施<药品管理法>办法",
            "中国人民解放军实施‹药品管理法›办法",
        )
    }
    assert keys == {"中国人民解放军实施药品管理法办法"}


def test_a_year_in_a_title_is_part_of_it_not_a_version_note():
    assert match_key("中华人民共和国宪法修正案（1988年）") != match_key(
        "中华人民共和国宪法修正案（1993年）"
    )


def test_short_title_defaults_to_the_title_without_the_state_name():
    assert default_short_title("中华人民共和国立法法") == "立法法"
    assert default_short_title("广东省家禽经营管理办法") == "广东省家禽经营管理办法"


@pytest.mark.parametrize(
    ("on", "version"),
    [
        (date(2016, 6, 1), date(2015, 3, 15)),  # promulgated in 2016: rests on the 2015 text
        (date(2023, 3, 12), date(2015, 3, 15)),  # the day before the 2023 amendment
        (date(2023, 3, 13), date(2023, 3, 13)),  # the day of it
        (date(2026, 11, 27), date(2023, 3, 13)),
        (date(2010, 1, 1), date(2015, 3, 15)),  # before every known version: the earliest
        (None, date(2023, 3, 13)),  # no date: the newest
    ],
)
def test_the_version_of_the_legislation_law_in_force_on_a_day(on, version):
    versions = INDEX.lookup("《立法法》").versions
    assert len(versions) == 2
    assert version_on(versions, on).promulgated_on == version


def test_a_version_applies_from_its_effective_date_not_its_promulgation():
    # 行政复议法: promulgated 2023-09-01, in effect from 2024-01-01.
    versions = INDEX.lookup("行政复议法").versions
    assert version_on(versions, date(2023, 10, 1)).promulgated_on == date(2017, 9, 1)
    assert version_on(versions, date(2024, 1, 1)).promulgated_on == date(2023, 9, 1)


def test_an_undated_version_applies_from_the_start():
    versions = INDEX.lookup("宪法").versions
    assert [v.title for v in versions] == ["中华人民共和国宪法"]
    assert version_on(versions, date(1990, 1, 1)).title == "中华人民共和国宪法"


@pytest.mark.parametrize(
    ("cited", "title"),
    [
        ("《中华人民共和国传染病防治法》", "中华人民共和国传染病防治法"),
        ("传染病防治法", "中华人民共和国传染病防治法"),
        (
            "《中国人民解放军实施〈药品管理法〉办法》",
            "中国人民解放军实施《中华人民共和国药品管理法》办法",
        ),
        ("中华人民共和国宪法修正案（1999年）", "中华人民共和国宪法修正案（1999年）"),
        ("突发公共卫生事件应急条例", "突发公共卫生事件应急条例"),
    ],
)
def test_lookup_as_documents_cite(cited, title):
    found = INDEX.lookup(cited)
    assert found.found and {v.title for v in found.versions} == {title}


def test_an_unknown_name_is_not_found_but_near_matches_are_offered():
    found = INDEX.lookup("《突发公共卫生应急条例》")
    assert not found.found and not found.ambiguous
    assert INDEX.near("突发公共卫生应急条例")[0] == "突发公共卫生事件应急条例"


def law(id_: int, title: str, short: str | None) -> LawVersion:
    return LawVersion(id_, title, short, match_key(title), date(2020, 1, 1), None)


def test_a_shared_short_name_resolves_to_the_law_whose_short_title_it_is():
    index = LawIndex(
        [law(1, "道路运输条例", "道路运输条例"), law(2, "广东省道路运输条例", "道路运输条例")]
    )
    # A full title cited as it is names that law, whatever short titles others have …
    assert index.lookup("《道路运输条例》").versions[0].id == 1
    index = LawIndex(
        [
            law(1, "中华人民共和国道路运输条例", "运输条例"),
            law(2, "广东省道路运输条例", "道路运输条例"),
        ]
    )
    # … here the key of one and the short title of the other: the short title wins.
    assert index.lookup("道路运输条例").versions[0].title == "广东省道路运输条例"
    assert index.lookup("中华人民共和国道路运输条例").versions[0].id == 1


def test_ambiguous_names_list_their_candidates():
    index = LawIndex(
        [law(1, "广州市养犬管理条例", "养犬条例"), law(2, "深圳市养犬管理条例", "养犬条例")]
    )
    found = index.lookup("《养犬条例》")
    assert found.ambiguous and not found.found
    assert found.candidates == ("广州市养犬管理条例", "深圳市养犬管理条例")


@pytest.mark.parametrize(
    ("given", "level"),
    [
        ("法律", "法律"),
        ("law", "法律"),
        ("local-regulation", "地方性法规"),
        ("Local Rule", "地方政府规章"),
        ("条例", None),
    ],
)
def test_levels_in_chinese_or_english(given, level):
    assert normalise_level(given) == level


# --- the rules the law services and the law-list reader share (issue 14) ------------------


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("国发〔2007〕19号", "国发〔2007〕19号"),
        ("国发[2007]19号", "国发〔2007〕19号"),
        (" 国务院令 第４０５号 ", "国务院令第405号"),
        ("第405号", None),
        ("立法法", None),
    ],
)
def test_a_law_is_known_by_a_doc_number_or_an_order_number(typed, number):
    assert law_number(typed) == number


@pytest.mark.parametrize(
    ("typed", "article"),
    [
        ("第十七条", "第十七条"),
        ("第 10 条第4款", "第10条第4款"),
        ("１７", "第17条"),
        ("第三条之一第二款第三项", "第三条之一第二款第三项"),
        ("九十三", None),
        ("第十七章", None),
    ],
)
def test_an_article_typed_by_a_clerk_is_the_pattern_citations_use(typed, article):
    assert normal_article(typed) == article
    if article is not None and typed == article:  # a text citing it gives the same article
        (found,) = find_citations(f"依照《立法法》{typed}的规定")
        assert found.article == article


def state(ref: int, on: str | None, status: str = "in_force", stored: int | None = None):
    return VersionState(ref, date.fromisoformat(on) if on else None, stored, status, None)


def test_settling_versions_supersedes_each_by_the_next_and_keeps_a_repeal():
    settled = settle_versions(
        [
            state(0, "2015-03-15", stored=2),
            state(1, "2023-03-13"),  # new in the list
            state(2, "2000-03-15", "repealed", stored=1),
            state(3, None, stored=3),
        ]
    )
    assert [(s.ref, s.status, s.amended_on) for s in settled] == [
        (3, "superseded", date(2000, 3, 15)),
        (2, "repealed", None),
        (0, "superseded", date(2023, 3, 13)),
        (1, "in_force", None),
    ]


def test_versions_of_one_day_order_the_stored_before_the_new():
    settled = settle_versions([state(0, "2020-01-01"), state(1, "2020-01-01", stored=9)])
    assert [(s.ref, s.status) for s in settled] == [(1, "superseded"), (0, "in_force")]

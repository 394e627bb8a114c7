"""Dates typed by users and printed in documents."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normdocs.domain.dates import find_dates, parse_date
from normdocs.domain.errors import InvalidInput

ACCEPTED = [
    ("2018-08-01", date(2018, 8, 1)),
    ("2018-8-1", date(2018, 8, 1)),
    ("2018/8/1", date(2018, 8, 1)),
    ("2018.5.31", date(2018, 5, 31)),
    (" 2018-08-01\n", date(2018, 8, 1)),
    ("2018年8月1日", date(2018, 8, 1)),
    ("2018年08月01日", date(2018, 8, 1)),
    ("2018 年 8 月 1 日", date(2018, 8, 1)),
    ("２０１８年８月１日", date(2018, 8, 1)),
    ("２０１８－０８－０１", date(2018, 8, 1)),
    ("2018年8月1号", date(2018, 8, 1)),
    ("二〇一八年八月一日", date(2018, 8, 1)),
    ("二○一八年十二月三十一日", date(2018, 12, 31)),
    ("二O一八年十月十日", date(2018, 10, 10)),
    ("二o一八年十一月二十日", date(2018, 11, 20)),
    ("二0一八年三月二十一日", date(2018, 3, 21)),
    ("二零一八年三月三十日", date(2018, 3, 30)),
    ("一九四九年十月一日", date(1949, 10, 1)),
    ("二〇二四年二月二十九日", date(2024, 2, 29)),
]

IMPOSSIBLE = [
    ("2018-02-30", "2018-02 has no day 30"),
    ("2019年2月29日", "2019-02 has no day 29"),
    ("2018年13月1日", "no month 13"),
    ("2018-00-10", "no month 0"),
    ("2018-04-31", "2018-04 has no day 31"),
    ("二〇一八年二月三十日", "2018-02 has no day 30"),
    ("二〇一八年十三月一日", "no month 13"),
]

GARBAGE = [
    "",
    "   ",
    "tomorrow",
    "2018-08",
    "2018年8月",
    "18-08-01",
    "2018-8/1",
    "2018-08-01T10:00",
    "2018-08-01 星期三",
    "二〇一八年十十月一日",
    "二〇一八年八月",
    "八月一日",
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_accepted_forms(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(("text", "reason"), IMPOSSIBLE)
def test_impossible_dates_say_they_do_not_exist(text: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_date(text)
    assert "does not exist" in str(caught.value.message)
    assert reason in str(caught.value.message)
    assert str(caught.value.hint) == "use YYYY-MM-DD, e.g. 2018-08-01"


@pytest.mark.parametrize("text", GARBAGE)
def test_garbage_is_refused_with_the_iso_hint(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_date(text)
    assert "does not exist" not in str(caught.value.message)
    assert str(caught.value.hint) == "use YYYY-MM-DD, e.g. 2018-08-01"


def test_find_dates_in_running_text() -> None:
    text = (
        "本办法自2018年8月1日起施行，有效期至二〇二三年七月三十一日。"
        "2018-02-30是笔误；编号12018-08-01不是日期；修订于2019.5.31。"
    )
    found = find_dates(text)
    assert [d for d, _, _ in found] == [date(2018, 8, 1), date(2023, 7, 31), date(2019, 5, 31)]
    assert [text[start:end] for _, start, end in found] == [
        "2018年8月1日",
        "二〇二三年七月三十一日",
        "2019.5.31",
    ]


def test_find_dates_spans_survive_full_width_digits() -> None:
    text = "自２０１８年８月１日起"
    assert find_dates(text) == [(date(2018, 8, 1), 1, 10)]


def test_find_dates_nothing() -> None:
    assert find_dates("没有日期，只有2018年和8月。") == []


# --- properties -------------------------------------------------------------------------------

CN_DIGITS = "〇一二三四五六七八九"
ZERO_SPELLINGS = ["〇", "○", "O", "o", "0", "零"]


def chinese_small(n: int) -> str:
    """1–31 as printed in documents: 八, 十, 十二, 二十, 三十一."""
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_DIGITS[tens] + "十")
    return head + (CN_DIGITS[units] if units else "")


def chinese_date(d: date, zero: str) -> str:
    year = "".join(CN_DIGITS[int(c)] for c in str(d.year)).replace("〇", zero)
    return f"{year}年{chinese_small(d.month)}月{chinese_small(d.day)}日"


def test_chinese_small_helper() -> None:
    assert [chinese_small(n) for n in (1, 10, 11, 20, 21, 30, 31)] == [
        "一",
        "十",
        "十一",
        "二十",
        "二十一",
        "三十",
        "三十一",
    ]


dates = st.dates(min_value=date(1949, 1, 1), max_value=date(2100, 12, 31))


@given(dates)
def test_iso_round_trip(d: date) -> None:
    assert parse_date(d.isoformat()) == d
    assert parse_date(f"{d.year}-{d.month}-{d.day}") == d


@given(dates)
def test_year_month_day_round_trip(d: date) -> None:
    assert parse_date(f"{d.year}年{d.month}月{d.day}日") == d


@given(dates, st.sampled_from(ZERO_SPELLINGS))
def test_chinese_numeral_round_trip(d: date, zero: str) -> None:
    assert parse_date(chinese_date(d, zero)) == d


@given(dates, dates)
def test_find_dates_finds_what_was_written(first: date, second: date) -> None:
    text = f"自{first.year}年{first.month}月{first.day}日起至{chinese_date(second, '〇')}止"
    assert [d for d, _, _ in find_dates(text)] == [first, second]

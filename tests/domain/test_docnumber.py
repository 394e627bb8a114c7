"""发文字号 parsing, normalising and finding."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normdocs.domain.docnumber import (
    CLOSE_BRACKETS,
    EXAMPLE,
    OPEN_BRACKETS,
    DocNumber,
    LooseRegistration,
    find_doc_numbers,
    find_mentions,
    is_canonical,
    locate_doc_number,
    normalise_doc_number,
    parse_doc_number,
    parse_registration,
)
from normdocs.domain.errors import InvalidInput

REAL_NUMBERS = [
    ("元政办字〔2018〕101号", DocNumber("元政办字", 2018, 101)),
    ("辰政办发〔2014〕6号", DocNumber("辰政办发", 2014, 6)),
    ("穗府规〔2023〕5号", DocNumber("穗府规", 2023, 5)),
    ("清府函〔2021〕124号", DocNumber("清府函", 2021, 124)),
    ("国办发〔2018〕115号", DocNumber("国办发", 2018, 115)),
]

VARIANTS = [
    ("元政办字[2018]101号", "元政办字〔2018〕101号"),
    ("元政办字【2018】101号", "元政办字〔2018〕101号"),
    ("元政办字(2018)101号", "元政办字〔2018〕101号"),
    ("元政办字（2018）101号", "元政办字〔2018〕101号"),
    ("元政办字［2018］101号", "元政办字〔2018〕101号"),
    ("元政办字〈2018〉101号", "元政办字〔2018〕101号"),
    ("元政办字｛2018｝101号", "元政办字〔2018〕101号"),
    ("元政办字〔 2018 〕101号", "元政办字〔2018〕101号"),
    ("元政办字 〔2018〕 101 号", "元政办字〔2018〕101号"),
    ("  元政办字〔2018〕101号\n", "元政办字〔2018〕101号"),
    ("辰政办发〔2014〕第6号", "辰政办发〔2014〕6号"),
    ("辰政办发〔2014〕 第 6号", "辰政办发〔2014〕6号"),
    ("元政发〔2018〕007号", "元政发〔2018〕7号"),
    ("穗府规〔２０２３〕５号", "穗府规〔2023〕5号"),
    ("清府函【2021】第0124号", "清府函〔2021〕124号"),
    ("国办发〔2018]115号", "国办发〔2018〕115号"),
    ("国发〔1949〕1号", "国发〔1949〕1号"),
    ("国发〔2100〕99999号", "国发〔2100〕99999号"),
]

# (input, words the message must contain)
REJECTS = [
    ("广安区府办发〔202026", "not closed"),
    ("〔2018〕101号", "no 机关代字"),
    ("元政办字〔218〕101号", "four digits"),
    ("元政办字〔18〕101号", "four digits"),
    ("元政办字〔20188〕101号", "four digits"),
    ("元政办字〔2018〕0号", "between 1 and 99999"),
    ("元政办字〔2018〕000号", "between 1 and 99999"),
    ("元政办字〔2018〕100000号", "between 1 and 99999"),
    ("元政办字〔1948〕1号", "outside 1949–2100"),
    ("元政办字〔2101〕1号", "outside 1949–2100"),
    ("元政办字〔2018〕101", "must end with 号"),
    ("元政办字〔2018〕号", "no serial number"),
    ("元政办字〔2018〕101号文", "after 号"),
    ("元政办字〔2018〕101件", "after the serial number"),
    ("元政办字2018101号", "brackets"),
    ("YZ〔2018〕101号", "Chinese characters only"),
    ("元政2办〔2018〕101号", "Chinese characters only"),
    ("元政 办字〔2018〕101号", "contains a space"),
    ("元" * 21 + "〔2018〕1号", "longer than 20"),
    ("", "no 文号"),
    ("   ", "no 文号"),
]


@pytest.mark.parametrize(("text", "expected"), REAL_NUMBERS)
def test_real_numbers_parse_to_their_parts(text: str, expected: DocNumber) -> None:
    assert parse_doc_number(text) == expected
    assert str(parse_doc_number(text)) == text
    assert is_canonical(text)


@pytest.mark.parametrize(("text", "normal"), VARIANTS)
def test_variants_normalise(text: str, normal: str) -> None:
    assert normalise_doc_number(text) == normal
    assert not is_canonical(text) or text == normal


@pytest.mark.parametrize(("text", "words"), REJECTS)
def test_rejects_name_the_problem_and_show_an_example(text: str, words: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_doc_number(text)
    assert words in str(caught.value.message)
    assert caught.value.hint is not None
    assert EXAMPLE in str(caught.value.hint)
    assert not is_canonical(text)


def test_str_is_the_gbt_9704_form() -> None:
    assert str(DocNumber("元政发", 2018, 7)) == "元政发〔2018〕7号"


@pytest.mark.parametrize(
    ("code", "year", "serial"),
    [("", 2018, 1), ("元政发", 1900, 1), ("元政发", 2018, 0), ("ab", 2018, 1)],
)
def test_docnumber_refuses_impossible_parts(code: str, year: int, serial: int) -> None:
    with pytest.raises(InvalidInput):
        DocNumber(code, year, serial)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "根据(粤卫函〔2017〕568号)和国发〔2007〕19号",
            ["粤卫函〔2017〕568号", "国发〔2007〕19号"],
        ),
        (
            "《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕115号）",
            ["国办发〔2018〕115号"],
        ),
        ("…监督管理工作的通知国办发〔2018〕115号精神", ["国办发〔2018〕115号"]),
        ("根据国发〔2007〕19号文件", ["国发〔2007〕19号"]),
        (
            "依据元政发[2018]第007号、辰政办发【2014】6号",
            ["元政发〔2018〕7号", "辰政办发〔2014〕6号"],
        ),
        ("国发〔2007〕19号国办发〔2008〕1号", ["国发〔2007〕19号", "国办发〔2008〕1号"]),
        ("国发〔2007〕19号，又见国发〔2007〕19号", ["国发〔2007〕19号"]),
        ("穗府规〔２０２３〕５号", ["穗府规〔2023〕5号"]),
        (
            "详见国发〔2007〕19号，另见国办发 〔2008〕 1号",
            ["国发〔2007〕19号", "国办发〔2008〕1号"],
        ),
        # invalid ones are skipped: no code, 2-digit year, serial 0, unclosed, year out of range
        ("（〔2018〕1号）国发〔18〕1号，国发〔2018〕0号，广安区府办发〔202026号", []),
        ("国发〔1900〕1号", []),
        ("没有文号的一段话。", []),
    ],
)
def test_find_doc_numbers_in_running_text(text: str, expected: list[str]) -> None:
    assert [str(n) for n in find_doc_numbers(text)] == expected


def test_find_prefers_a_known_code_over_the_guess() -> None:
    # 和政县's 代字 begins with 和, which the guess would take for "and".
    assert [str(n) for n in find_doc_numbers("根据和政发〔2020〕3号")] == ["政发〔2020〕3号"]
    found = find_doc_numbers("根据和政发〔2020〕3号", known_codes={"和政发", "政发"})
    assert [str(n) for n in found] == ["和政发〔2020〕3号"]


# --- properties -------------------------------------------------------------------------------

CODE_CHARS = "国办发政府函字规令元辰穗清粤卫京沪教财人社省市区县厅局委"
codes = st.text(alphabet=CODE_CHARS, min_size=1, max_size=20)
doc_numbers = st.builds(
    DocNumber,
    code=st.one_of(
        codes,
        st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=20),
    ),
    year=st.integers(1949, 2100),
    serial=st.integers(1, 99999),
)
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@given(doc_numbers)
def test_str_parses_back(number: DocNumber) -> None:
    assert parse_doc_number(str(number)) == number
    assert is_canonical(str(number))


@given(
    number=doc_numbers,
    pair=st.integers(0, len(OPEN_BRACKETS) - 1),
    zeros=st.integers(0, 3),
    di=st.booleans(),
    wide=st.booleans(),
    space=st.sampled_from(["", " ", "\u3000"]),
)
def test_every_variant_parses_to_the_same_number(
    number: DocNumber, pair: int, zeros: int, di: bool, wide: bool, space: str
) -> None:
    year = str(number.year)
    serial = "0" * zeros + str(number.serial)
    if wide:
        year, serial = year.translate(FULL_WIDTH), serial.translate(FULL_WIDTH)
    text = (
        f"{space}{number.code}{space}{OPEN_BRACKETS[pair]}{space}{year}{space}"
        f"{CLOSE_BRACKETS[pair]}{space}{'第' if di else ''}{serial}{space}号{space}"
    )
    assert parse_doc_number(text) == number


@given(st.builds(DocNumber, code=codes, year=st.integers(1949, 2100), serial=st.integers(1, 99999)))
def test_find_sees_a_number_between_punctuation(number: DocNumber) -> None:
    assert find_doc_numbers(f"见（{number}）。") == [number]


@given(
    number=doc_numbers,
    zeros=st.integers(0, 3),
    wide=st.booleans(),
    gap=st.sampled_from(["第", " ", " 第 ", "\u3000"]),
)
def test_a_number_without_brackets_parses_when_the_year_is_set_apart(
    number: DocNumber, zeros: int, wide: bool, gap: str
) -> None:
    year, serial = str(number.year), "0" * zeros + str(number.serial)
    if wide:
        year, serial = year.translate(FULL_WIDTH), serial.translate(FULL_WIDTH)
    assert parse_doc_number(f"{number.code}{year}{gap}{serial}号") == number


@pytest.mark.parametrize("text", ["元政发20267号", "元政发2026号", "元政发26第7号", "2026第7号"])
def test_a_number_without_brackets_is_refused_where_it_is_ambiguous(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_doc_number(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ND[2026]3", LooseRegistration("ND", 2026, 3)),
        ("ND〔2026〕003", LooseRegistration("ND", 2026, 3)),
        ("ND（2026）第03号", LooseRegistration("ND", 2026, 3)),
        ("ND 【2026】 0003", LooseRegistration("ND", 2026, 3)),
        ("ND2026003", None),
        ("罚款", None),
    ],
)
def test_registration_numbers_in_any_style(text: str, expected: object) -> None:
    assert parse_registration(text) == expected


def test_mentions_in_any_style_give_the_normal_forms_the_index_holds() -> None:
    text = "根据元政发[2026]第5号和元政发（2026）005号，按元政发〔2026〕15号执行。"
    first, second, third = find_mentions(text)
    assert text[first.start : first.end] == "根据元政发[2026]第5号"
    assert first.normal_forms()[0] == "根据元政发〔2026〕5号"
    assert "元政发〔2026〕5号" in first.normal_forms() and not first.is_normal(text)
    assert (second.run, second.serial, second.is_normal(text)) == ("和元政发", 5, False)
    assert (third.run, third.serial, third.is_normal(text)) == ("按元政发", 15, True)
    start, end = locate_doc_number(text, "元政发〔2026〕5号") or (0, 0)
    assert text[start:end] == "元政发[2026]第5号"
    assert locate_doc_number(text, "元政发〔2026〕6号") is None
    assert locate_doc_number(text, "元教发〔2026〕5号") is None
    assert find_mentions("〔2026〕5号 and 元政发〔26〕5号") == []  # no 代字; no four-digit year

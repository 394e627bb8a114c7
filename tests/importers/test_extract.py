"""Reading metadata off a document's text: the forms real copies use, and what is not metadata."""

from datetime import date

import pytest

from normdocs.domain.extract import extract_metadata


def doc(*lines: str) -> str:
    return "\n".join(lines)


@pytest.mark.parametrize(
    "number",
    [
        "元政发〔2018〕7号",
        "元政发[2018]7号",
        "元政发【2018】7号",
        "元政发(2018)7号",
        "元政发（2018）7号",
        "元政发〔2018〕第7号",
        "元政发〔2018〕007号",
        "元政发［2018］第007号",
    ],
)
def test_doc_number_in_every_bracket_style_is_normalised(number):
    found = extract_metadata(
        doc(
            number,
            "元宝山区人民政府关于某事项的通知",
            "各镇人民政府：",
            "正文。",
            "元宝山区人民政府",
            "2018年8月1日",
        )
    )
    assert found.doc_number == "元政发〔2018〕7号"


def test_numbers_cited_in_the_body_are_not_the_documents_own():
    found = extract_metadata(
        doc(
            "元宝山区人民政府关于某事项的通知",
            "根据《国务院关于某事的通知》（国发〔2007〕19号）精神，结合实际，现通知如下：",
            "元宝山区人民政府",
            "2018年8月1日",
        )
    )
    assert found.doc_number is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("二〇一八年八月一日", date(2018, 8, 1)),
        ("二O一八年八月一日", date(2018, 8, 1)),
        ("二o一八年十二月三十一日", date(2018, 12, 31)),
        ("2018年8月1日", date(2018, 8, 1)),
        ("2018-08-01", date(2018, 8, 1)),
        ("２０１８年８月１日", date(2018, 8, 1)),
    ],
)
def test_signature_date_in_every_form(line, expected):
    found = extract_metadata(
        doc("元宝山区人民政府关于某事项的通知", "正文，正文。", "元宝山区人民政府", line)
    )
    assert found.promulgated_on == expected and found.issuer == "元宝山区人民政府"


def test_impossible_document_date_is_a_problem_naming_its_paragraph():
    found = extract_metadata(
        doc("元宝山区人民政府关于某事项的通知", "正文，正文。", "元宝山区人民政府", "2018年13月1日")
    )
    assert found.promulgated_on is None
    (problem,) = found.problems
    assert problem.paragraph == 4 and "there is no month 13" in problem.message


def test_headers_give_issuer_number_and_date_when_the_text_does_not():
    found = extract_metadata(
        doc(
            "发布机构：元宝山区教育局",
            "发文字号：元教发〔2021〕3号",
            "发布日期：2021-03-05",
            "关于校外培训机构管理的暂行办法",
            "第一条 为了规范校外培训，制定本办法。",
        )
    )
    assert (found.issuer, found.doc_number, found.promulgated_on) == (
        "元宝山区教育局",
        "元教发〔2021〕3号",
        date(2021, 3, 5),
    )
    assert found.title == "关于校外培训机构管理的暂行办法" and found.interim


def test_issuer_from_the_code_of_a_known_agency():
    text = doc(
        "元政办字〔2018〕101号", "关于某事项的通知", "各镇人民政府：", "正文。", "2018年8月1日"
    )
    assert extract_metadata(text).issuer is None
    found = extract_metadata(text, known_codes={"元政办字": "元宝山区人民政府办公室"})
    assert (found.issuer, found.issuer_from) == ("元宝山区人民政府办公室", "code")


@pytest.mark.parametrize(
    ("clause", "effective", "expires", "years"),
    [
        ("本办法自2019年1月1日起施行，有效期两年。", date(2019, 1, 1), None, 2),
        (
            "本办法自印发之日起施行，有效期至2023年12月31日。",
            date(2018, 8, 1),
            date(2023, 12, 31),
            None,
        ),
        ("本通告自发布之日起生效。", date(2018, 8, 1), None, None),
        ("2018年1月18日实施的《某某通告》同时废止。", None, None, None),
        ("自2018年9月1日起，禁止销售烟花爆竹。", None, None, None),
    ],
)
def test_effective_date_and_validity_clauses(clause, effective, expires, years):
    found = extract_metadata(
        doc(
            "元宝山区人民政府关于某事项的通告",
            "正文，正文。",
            clause,
            "元宝山区人民政府",
            "2018年8月1日",
        )
    )
    assert (found.effective_on, found.expires_on, found.validity_years) == (
        effective,
        expires,
        years,
    )


def test_web_clutter_is_not_taken_for_metadata():
    found = extract_metadata(
        doc(
            "首页 > 政务公开 > 政策文件",
            "浏览量：1234  时间：2024-02-20 15:00:35",
            "某某文库-一个优质的下载网站",
            "分享到：",
            "元宝山区人民政府关于某事项的通告",
            "为了某事，现通告如下：",
            "一、正文。",
            "元宝山区人民政府",
            "2023年11月8日",
            "责任编辑：某某",
        )
    )
    assert found.title == "元宝山区人民政府关于某事项的通告"
    assert found.promulgated_on == date(2023, 11, 8)

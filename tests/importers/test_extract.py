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
    assert problem.paragraph == 4 and "there is no month 13" in str(problem.message)


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


# --- real pages' formats (issue 11), each on a small synthetic page -------------------------

BODY = ("各乡镇人民政府，县直各部门：", "现将有关事项通知如下，请遵照执行。")
SIGNED = ("某某县人民政府", "2019年3月5日")


def test_bracket_labels_of_a_legal_database():
    found = extract_metadata(
        doc(
            "【发文字号】 某政〔2019〕8号",
            "【发布部门】 某某市人民政府",
            "【发布日期】 2019-03-08",
            "【实施日期】 2019-04-01",
            "【时效性】 现行有效",
            "某某县人民政府关于加强某事管理的通知",
            *BODY,
            *SIGNED,
        )
    )
    assert found.doc_number == "某政〔2019〕8号"
    # The database's 发布部门 names a higher body: the title and the signature win.
    assert (found.issuer, found.issuer_from) == ("某某县人民政府", "title")
    assert found.promulgated_on == date(2019, 3, 5)
    assert found.effective_on == date(2019, 4, 1)
    assert found.status == "in_force"


@pytest.mark.parametrize(("word", "status"), [("已失效", "expired"), ("已废止", "repealed")])
def test_a_stated_validity_status_is_read(word, status):
    found = extract_metadata(doc(f"【时效性】{word}", "某某县人民政府关于某事的通知", *BODY))
    assert found.status == status
    # Ended, on a day the page does not give: imported as such, with a warning.
    assert (found.end_reason, found.ended_on, found.end_date_unknown) == (status, None, True)
    assert any("on an unknown day" in note for note in map(str, found.notes))


@pytest.mark.parametrize("label", ["索引号", "登记号", "文件编号"])
def test_a_label_ending_in_hao_is_not_the_doc_number_label(label):
    found = extract_metadata(
        doc(f"{label}：某府规〔2019〕3号", "某某县人民政府关于某事的通知", *BODY, *SIGNED)
    )
    assert found.doc_number is None


def test_the_number_under_the_title_wins_over_a_header_that_is_no_doc_number():
    found = extract_metadata(
        doc(
            "文号：见正文",
            "某某县人民政府关于某事的通知",
            "某政发〔2019〕12号",
            *BODY,
            *SIGNED,
        )
    )
    assert found.doc_number == "某政发〔2019〕12号"
    assert any("见正文" in note for note in map(str, found.notes))


@pytest.mark.parametrize("colon", [":", "："])
@pytest.mark.parametrize("space", [" ", "\u3000", "   "])
def test_several_label_value_pairs_on_one_line(colon, space):
    found = extract_metadata(
        doc(
            f"索引号{colon}11/2019-01{space}发布机构{colon}某某县人民政府{space}"
            f"发文日期{colon}2019-03-05",
            f"文号{colon}某政发〔2019〕8号{space}主题分类{colon}综合政务",
            "关于加强某事管理的通知",
            *BODY,
        )
    )
    assert (found.issuer, found.doc_number, found.promulgated_on) == (
        "某某县人民政府",
        "某政发〔2019〕8号",
        date(2019, 3, 5),
    )
    assert found.issuer_from == "header"
    # says which line was used
    assert any("某某县人民政府" in note for note in map(str, found.notes))


def test_a_table_flattened_to_label_and_value_lines():
    found = extract_metadata(
        doc(
            "标题",
            "某某县人民政府关于加强某事管理的通知发文机关",
            "某某县人民政府办公室",
            "发文字号",
            "某政发〔2021〕1号",
            "成文日期",
            "2021-03-26",
            "有效性",
            "有效",
            "某某县人民政府关于加强某事管理的通知",
            *BODY,
        )
    )
    assert found.title == "某某县人民政府关于加强某事管理的通知"
    assert (found.issuer, found.doc_number) == ("某某县人民政府", "某政发〔2021〕1号")
    assert (found.promulgated_on, found.status) == (date(2021, 3, 26), "in_force")


@pytest.mark.parametrize(
    ("labels", "effective", "expires"),
    [
        (("实施日期：2019-04-01",), date(2019, 4, 1), None),
        (("生效时间：2019-04-01", "废止时间：2021-03-31"), date(2019, 4, 1), date(2021, 3, 31)),
        (("施行日期：2019-04-01", "失效时间：2021-03-31"), date(2019, 4, 1), date(2021, 3, 31)),
        (("有效期至：2024年3月4日",), None, date(2024, 3, 4)),
        (("信息有效期：2024-03-04",), None, date(2024, 3, 4)),
    ],
)
def test_header_dates_give_the_effective_date_and_a_stated_expiry(labels, effective, expires):
    found = extract_metadata(doc(*labels, "某某县人民政府关于某事的通知", *BODY, *SIGNED))
    assert (found.effective_on, found.expires_on) == (effective, expires)


def test_the_body_wins_over_the_header_and_the_disagreement_is_a_warning():
    found = extract_metadata(
        doc(
            "生效时间：2019-04-01",
            "废止时间：2022-03-31",
            "某某县人民政府关于某事的通知",
            *BODY,
            "本通知自2019年5月1日起施行，有效期至2024年4月30日。",
            *SIGNED,
        )
    )
    assert (found.effective_on, found.expires_on) == (date(2019, 5, 1), date(2024, 4, 30))
    assert any("2019-04-01" in n and "2019-05-01" in n for n in map(str, found.notes))
    assert any("2022-03-31" in n and "2024-04-30" in n for n in map(str, found.notes))


@pytest.mark.parametrize(
    "headline",
    [
        "政务公开丨某某县人民政府关于某事的通知",
        "政策文件|某某县人民政府关于某事的通知",
        "政策文件｜某某县人民政府关于某事的通知",
        "首页 > 政务公开 > 某某县人民政府关于某事的通知",
        "首页 » 法规 » 某某县人民政府关于某事的通知",
        "范文网 > 「通知」某某县人民政府关于某事的通知",
    ],
)
def test_the_title_behind_site_furniture_never_keeps_the_separator(headline):
    found = extract_metadata(doc(headline, *BODY, "2019年3月5日"))
    assert found.title == "某某县人民政府关于某事的通知"
    assert found.issuer == "某某县人民政府"


def test_a_polluted_headline_gives_no_issuer():
    found = extract_metadata(doc("某某频道关于某事的通知", *BODY, "2019年3月5日"))
    assert found.issuer is None


@pytest.mark.parametrize(
    ("label", "origin"),
    [("来源", "source"), ("信息来源", "source"), ("发布机构", "header")],
)
def test_the_issuer_from_a_source_header_when_title_and_signature_name_none(label, origin):
    found = extract_metadata(
        doc(f"{label}：某某县教育局", "关于做好某事的通知", *BODY, "2019年3月5日")
    )
    assert (found.issuer, found.issuer_from) == ("某某县教育局", origin)
    (note,) = [n for n in map(str, found.notes) if "某某县教育局" in n]
    assert "paragraph 1" in note


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("县政府网站", "website"),
        ("某某县人民政府门户网", "website"),
        ("永川区来苏镇", "does not end"),
        ("政府办", "abbreviation"),
        ("州政府办公室", "abbreviation"),
        ("司法局", "abbreviation"),
        ("某县人民政府|政策", "contains"),
        ("返回顶部", "website"),
    ],
)
def test_a_name_that_does_not_look_like_a_body_is_never_the_issuer(value, reason):
    from normdocs.domain.extract import issuer_name_problem

    problem = issuer_name_problem(value)
    assert problem is not None and reason in str(problem)
    found = extract_metadata(doc(f"发布机构：{value}", "关于做好某事的通知", *BODY, "2019年3月5日"))
    assert found.issuer is None
    assert any(value in note and reason in note for note in map(str, found.notes))


@pytest.mark.parametrize(
    "name",
    ["阿里地区行政公署", "镇巴县人民政府", "财政部", "国家税务总局", "和田地区行署办公室"],
)
def test_names_of_bodies_are_accepted(name):
    from normdocs.domain.extract import issuer_name_problem

    assert issuer_name_problem(name) is None


def test_an_abbreviated_header_issuer_loses_to_the_full_name():
    found = extract_metadata(
        doc(
            "发文机关：州政府办公室",
            "发布机构：某某市人民政府",
            "关于某事的通知",
            *BODY,
            "某某自治州人民政府办公室",
            "2019年3月5日",
        )
    )
    assert (found.issuer, found.issuer_from) == ("某某自治州人民政府办公室", "signature")


def test_a_database_line_drops_the_province_and_is_not_part_of_the_title():
    found = extract_metadata(
        doc(
            "关于加强某事管理的通知",
            "某某省某某市人民政府办公室",
            "关于加强某事管理的通知",
            "某政办〔2011〕19号",
            *BODY,
            "二〇一一年三月三十日",
        )
    )
    assert found.title == "关于加强某事管理的通知"
    assert found.issuer == "某某市人民政府办公室"
    assert found.doc_number == "某政办〔2011〕19号"


@pytest.mark.parametrize(
    "boilerplate",
    [
        "索引号：",
        "内容概述：",
        "| | |",
        "—— —— ——",
        "本站资料均来自网络，仅供学习参考，如有侵权请联系本站删除，谢谢合作！",
    ],
)
def test_what_is_not_the_start_of_the_body(boilerplate):
    found = extract_metadata(
        doc(
            boilerplate,
            "某政发〔2019〕12号",
            "某某县人民政府",
            "关于某事的通知",
            *BODY,
            "某政发〔2018〕3号同时废止。",
            *SIGNED,
        )
    )
    assert found.doc_number == "某政发〔2019〕12号"
    assert found.title == "某某县人民政府关于某事的通知"
    assert found.issuer == "某某县人民政府"


def test_a_title_wrapped_over_three_lines_is_joined_whole():
    found = extract_metadata(
        doc(
            "某某自治州人民政府关于",
            "印发《某某自治州某某",
            "条例》实施办法的通知",
            "州政发〔2013〕97号",
            *BODY,
            "某某自治州人民政府",
            "2013年6月20日",
        )
    )
    assert found.title == "某某自治州人民政府关于印发《某某自治州某某条例》实施办法的通知"
    assert found.issuer == "某某自治州人民政府"


@pytest.mark.parametrize(
    "line",
    [
        "2004-6-23某政发〔2004〕89号",
        "2004年6月23日 某政发〔2004〕89号",
        "2004-6-23 某政发〔2004〕89号",
    ],
)
def test_a_doc_number_glued_to_a_date(line):
    found = extract_metadata(doc("某某县人民政府关于某事的通知", line, *BODY))
    assert (found.doc_number, found.promulgated_on) == ("某政发〔2004〕89号", date(2004, 6, 23))


def test_a_doc_number_in_brackets_after_the_title():
    found = extract_metadata(
        doc("某某县人民政府关于某事的通知（某政发〔2017〕2号）", *BODY, *SIGNED)
    )
    assert found.doc_number == "某政发〔2017〕2号"
    assert found.title == "某某县人民政府关于某事的通知"


@pytest.mark.parametrize(
    ("clause", "effective"),
    [
        ("本办法将从2020年1月1日起施行。", date(2020, 1, 1)),
        ("上述措施将自2020年2月1日起实施。", date(2020, 2, 1)),
        ("本办法自2020年3月1日起施行。", date(2020, 3, 1)),
    ],
)
def test_a_stated_start_of_the_measures_is_the_effective_date(clause, effective):
    found = extract_metadata(doc("某某县人民政府关于某事的通知", *BODY, clause, *SIGNED))
    assert found.effective_on == effective


def test_a_site_time_stamp_or_a_reprint_date_is_not_the_documents_date():
    found = extract_metadata(
        doc(
            "作者：法律资料网 时间：2024-07-22 14:39:19 来源：法律资料网",
            "某某县人民政府关于某事的通知",
            "某政发〔2014〕20号",
            *BODY,
        )
    )
    assert found.promulgated_on is None
    reprint = extract_metadata(
        doc("时间：2016-01-17", "某某县人民政府关于某事的通知", "某政发〔2014〕20号", *BODY)
    )
    assert reprint.promulgated_on is None
    assert any("2016-01-17" in note for note in map(str, reprint.notes))


def test_a_signature_without_its_year_leaves_the_date_unknown():
    found = extract_metadata(
        doc("时间：2021-05-13", "某某县人民政府关于某事的通告", *BODY, "某某县人民政府", "10月14日")
    )
    assert found.promulgated_on is None


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("阿拉善盟行政公署", "government"),
        ("和田地区行署办公室", "government"),
        ("甘南藏族自治州人民政府", "government"),
        ("某某地区行政公署办公室", "government"),
        ("中共岳阳市委办公室", "department"),
        ("中共某某县委员会", "department"),
        ("某某县教育局", "department"),
        ("某某县人民政府办公室", "government"),
    ],
)
def test_the_level_of_an_unknown_issuer(name, level):
    from normdocs.domain.extract import issuer_level

    assert issuer_level(name) == level


def test_a_party_office_in_a_joint_document_is_a_co_issuer():
    found = extract_metadata(
        doc(
            "中共某某市委办公室某某市人民政府办公室印发《关于某事的实施意见》的通知（某办发〔2017〕2号）",
            *BODY,
            "中共某某市委办公室",
            "某某市人民政府办公室",
            "2017年1月10日",
        )
    )
    assert found.issuer == "某某市人民政府办公室"
    assert found.co_issuers == ("中共某某市委办公室",)
    assert found.doc_number == "某办发〔2017〕2号"


def test_joint_issuers_apart_by_spaces_in_a_one_line_title():
    found = extract_metadata(
        doc(
            "某某市发展和改革委员会 中共某某市委社会工作部 某某市住房和城乡建设局 关于印发某方案的通知",
            *BODY,
        )
    )
    assert found.issuer == "某某市发展和改革委员会"
    assert found.co_issuers == ("中共某某市委社会工作部", "某某市住房和城乡建设局")
    assert found.title.startswith("某某市发展和改革委员会、中共某某市委社会工作部、")


def test_a_database_copy_with_html_tags():
    found = extract_metadata(
        doc(
            "发文机关:某某省人民政府",
            "文号 :某政发〔2018〕13号",
            "<p>各市、县人民政府：</p><p>现将《某某实施方案》印发给你们，请认真组织实施。</p>"
            '<p style="text-align: right;"> 某某省人民政府</p><p> 2018年3月27日</p>'
            "<p><strong>某某实施方案</strong></p>",
        )
    )
    assert (found.issuer, found.doc_number) == ("某某省人民政府", "某政发〔2018〕13号")
    assert (found.promulgated_on, found.title) == (date(2018, 3, 27), "某某实施方案")


def test_a_nested_title_in_angle_brackets_is_no_html():
    found = extract_metadata(
        doc("某某省人民政府关于印发《某某省实施<中华人民共和国某法>办法》的通知", *BODY, *SIGNED)
    )
    assert found.title == "某某省人民政府关于印发《某某省实施<中华人民共和国某法>办法》的通知"


def test_a_doc_number_standing_alone_keeps_a_code_that_starts_with_a_conjunction():
    found = extract_metadata(doc("关于印发某办法的通知", "和行办发〔2008〕31号", *BODY))
    assert found.doc_number == "和行办发〔2008〕31号"

"""Citations found in the real sample documents (a golden list written by reading each text),
and the forms documents use: nested brackets, short names, articles, 文号, order numbers."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normdocs.domain.citations import Citation, find_citations, title_kind

DOCUMENTS = Path(__file__).resolve().parents[2] / "samples" / "documents"

# The 文号 (and title) each document has in the registry: its header repeats them.
OWN: dict[str, tuple[str | None, str | None]] = {
    "A00": ("元政办字〔2018〕101号", None),
    "A01": ("辰政办发〔2014〕6号", None),
    "A11": ("穗府规〔2023〕5号", "广州市人民政府关于活禽经营市场每月休市时间的通告"),
    "A12": ("清府函〔2021〕124号", None),
}

# (kind, citation, 文号 or order number) per file, in order of appearance. Written by reading
# the texts: 本《通告》 and 现将《计划》印发给你们 are the document itself; a title cited with
# its 文号 is a document; a truncated number (广安区府办发〔202026) is no number at all.
GOLDEN: dict[str, list[tuple[str, str, str | None]]] = {
    "A00": [
        ("document", "《法制政府建设实施纲要（2015-2020年）》", "中发〔2015〕36号"),
        (
            "document",
            "《贯彻落实〈法治政府建设实施纲要（2015-2020年）〉实施方案》",
            "内党发〔2017〕6号",
        ),
        ("law", "《内蒙古自治区行政权力监督管理办法》", None),
        ("law", "《元宝山区人民政府重大行政决策程序规定》", None),
    ],
    "A01": [
        ("law", "《城市居民最低生活保障条例》", "国务院令第21号"),
        ("document", "《国务院关于在全国建立农村最低生活保障办法》", "国发〔2007〕19号"),
        ("law", "《湖南省实施〈城市居民最低生活保障条例〉办法》", "省政府令第167号"),
        ("law", "《湖南省农村低保最低生活保障办法》", "省政府令第221号"),
        (
            "document",
            "《湖南省民政厅湖南省财政厅关于建立全省城乡最低生活保障指导标准制度的通知》",
            "湘民发〔2014〕2号",
        ),
    ],
    "A02": [
        ("law", "《中华人民共和国大气污染防治法》", None),
        ("law", "《烟花爆竹安全管理条例》", None),
        ("document", "《石家庄市人民政府关于禁止销售和燃放烟花爆竹的通告》", None),
    ],
    "A03": [
        ("law", "《中华人民共和国环境保护法》", None),
        ("law", "《中华人民共和国大气污染防治法》", None),
        ("law", "《烟花爆竹安全管理条例》", None),
        ("law", "《广东省森林防火条例》", None),
        ("law", "《梅州市森林火源管理条例》", None),
        ("law", "《中华人民共和国治安管理处罚法》", None),
    ],
    "A04": [
        (
            "document",
            "《广安市人民政府办公室关于印发广安市中心城区城市精细化管理办法（试行）的通知》",
            "广安府办发〔2020〕13号",
        ),
    ],
    "A05": [("law", "《中华人民共和国大气污染防治法》", None)],
    "A06": [
        (
            "document",
            "《忻州市人民政府办公厅关于印发忻州市大气污染防治2017年行动计划的通知》",
            "忻政办发〔2017〕49号",
        ),
    ],
    "A07": [("law", "《中华人民共和国大气污染防治法》", None)],
    "A08": [
        ("law", "《中华人民共和国渔业法》", None),
        ("law", "《安徽省实施〈渔业法〉办法》", None),
    ],
    "A09": [
        ("law", "《中华人民共和国传染病防治法》", None),
        ("law", "《中华人民共和国动物防疫法》", None),
        ("law", "《中华人民共和国突发事件应对法》", None),
    ],
    "A10": [
        ("law", "《中华人民共和国传染病防治法》", None),
        ("law", "《中华人民共和国突发事件应对法》", None),
        ("law", "《突发公共卫生应急条例》", None),
        ("law", "《中华人民共和国野生动物保护法》", None),
    ],
    "A11": [
        ("law", "《广东省家禽经营管理办法》", None),
        (
            "document",
            "《广东省防治重大疾病工作联席会议关于印发〈广东省活禽经营市场“1110”防控措施技术要求"
            "（2017年版）〉的通知》",
            "粤卫函〔2017〕568号",
        ),
    ],
    "A12": [
        ("law", "《广东省家禽经营管理办法》", "广东省人民政府令第206号"),
        (
            "document",
            "《清远市开展家禽“集中屠宰、冷链配送、生鲜上市”工作方案（2021年修订）》",
            None,
        ),
    ],
}


def found(text: str, **kw: str | None) -> list[tuple[str, str, str | None]]:
    return [(c.kind, c.citation, c.number) for c in find_citations(text, **kw)]  # type: ignore[arg-type]


def test_the_golden_list_covers_every_sample():
    assert sorted(GOLDEN) == sorted(p.name[:3] for p in DOCUMENTS.glob("*.txt"))


@pytest.mark.parametrize("path", sorted(DOCUMENTS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_citations_of_each_sample_document(path):
    own_number, own_title = OWN.get(path.name[:3], (None, None))
    text = path.read_text(encoding="utf-8")
    assert found(text, own_number=own_number, own_title=own_title) == GOLDEN[path.name[:3]]


def test_a_header_repeating_the_documents_own_number_and_title_is_kept_for_a_draft():
    # Without knowing its own 文号 (a draft), the header's number and title are citations.
    text = (DOCUMENTS / "A11-guangzhou-2023-huoqin-xiushi.txt").read_text(encoding="utf-8")
    cited = found(text)
    assert ("document", "穗府规〔2023〕5号", "穗府规〔2023〕5号") in cited
    assert ("document", "《广州市人民政府关于活禽经营市场每月休市时间的通告》", None) in cited
    assert len(cited) == len(GOLDEN["A11"]) + 2


@pytest.mark.parametrize(
    "text",
    [
        "根据《湖南省实施<城市居民最低生活保障条例>办法》",
        "根据《湖南省实施〈城市居民最低生活保障条例〉办法》",
        "根据《湖南省实施‹城市居民最低生活保障条例›办法》",
        "根据《湖南省实施《城市居民最低生活保障条例》办法》",
        "根据《湖南省实施 〈城市居民最低 生活保障条例〉 办法》",
    ],
)
def test_nested_titles_in_any_bracket_give_one_citation_printed_with_inner_angle_brackets(text):
    assert found(text) == [("law", "《湖南省实施〈城市居民最低生活保障条例〉办法》", None)]


def test_the_same_law_cited_twice_is_one_citation_and_a_later_number_is_kept():
    text = "根据《广东省家禽经营管理办法》的规定……依照《广东省家禽经营管理办法》（广东省人民政府令第206号）"
    assert found(text) == [("law", "《广东省家禽经营管理办法》", "广东省人民政府令第206号")]


def test_spaces_inside_a_title_do_not_make_another_citation():
    text = "《中华人民共和国大气污染防治法》……《中华人民共和国大气污染 防治法》"
    assert len(find_citations(text)) == 1


@pytest.mark.parametrize(
    ("text", "articles"),
    [
        ("依照《中华人民共和国行政许可法》第十七条规定", ["第十七条"]),
        ("违反《行政强制法》第10条第4款的", ["第10条第4款"]),
        ("依据《传染病防治法》第三十九条、第四十一条的规定", ["第三十九条", "第四十一条"]),
        ("《立法法》第九十三条之一", ["第九十三条之一"]),
        ("根据《传染病防治法》的规定，第三条", [None]),
    ],
)
def test_articles_right_after_the_citation(text, articles):
    assert [c.article for c in find_citations(text)] == articles


def test_the_same_law_with_two_articles_is_two_citations_and_without_article_a_third():
    text = "依照《传染病防治法》第三十九条……《传染病防治法》第四十一条……《传染病防治法》"
    assert [c.article for c in find_citations(text)] == ["第三十九条", "第四十一条", None]


def test_a_document_cited_by_number_alone_and_with_its_title_without_brackets():
    text = (
        "按照国办发〔2018〕115号和国务院办公厅《关于加强行政规范性文件制定和监督管理工作的"
        "通知》国办发〔2018〕37号要求"
    )
    assert found(text) == [
        ("document", "国办发〔2018〕115号", "国办发〔2018〕115号"),
        (
            "document",
            "《关于加强行政规范性文件制定和监督管理工作的通知》",
            "国办发〔2018〕37号",
        ),
    ]


def test_bracket_variants_of_a_number_are_read_in_normal_form():
    assert found("见（粤卫函[2017]第0568号）") == [
        ("document", "粤卫函〔2017〕568号", "粤卫函〔2017〕568号")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "违反本《通告》燃放烟花爆竹的",
        "本《实施细则》自发布之日起施行",
        "现将《元宝山区城市管理办法》予以公布",
        "现将《2018年度法治政府建设工作计划》印发给你们",
        "《广安市广安区城市精细化管理实施细则》已经六届区政府第56次常务会审议通过,现印发你们",
        "按《通知》要求执行",
        "《》",
        "《未闭合的书名号",
    ],
)
def test_no_citation_in_self_references_generic_names_and_broken_brackets(text):
    assert find_citations(text) == []


def test_a_stray_angle_bracket_outside_a_title_is_ignored():
    assert found("温度<30度时，依照《消防法》执行") == [("law", "《消防法》", None)]


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("中华人民共和国行政处罚法", "law"),
        ("突发公共卫生事件应急条例", "law"),
        ("医疗机构制剂配制质量管理规范（试行）", "law"),
        ("全国人民代表大会常务委员会关于加强法律解释工作的决议", "law"),
        ("国务院关于通用航空管理的暂行规定", "law"),
        ("国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知", "document"),
        ("清远市开展家禽工作方案（2021年修订）", "document"),
    ],
)
def test_titles_without_number_are_told_apart(title, kind):
    assert title_kind(title) == kind


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "《",
                "》",
                "〈",
                "〉",
                "<",
                ">",
                "（",
                "）",
                "(",
                ")",
                "第",
                "十",
                "条",
                "号",
                "〔",
                "〕",
                "2018",
                "1",
                "法",
                "关于",
                "通知",
                "本",
                "现将",
                "印发",
                "中华人民共和国",
                " ",
                "\n",
                "令第",
                "国务院",
                "粤卫函",
                "条例",
                "的",
            ]
        ),
        max_size=40,
    )
)
def test_any_text_gives_well_formed_citations(parts):
    text = "".join(parts)
    citations = find_citations(text)
    for citation in citations:
        assert isinstance(citation, Citation)
        assert citation.kind in ("law", "document")
        assert citation.citation
        if citation.title is not None:
            assert citation.citation == f"《{citation.title}》"
            assert "《" not in citation.title and "》" not in citation.title
    keys = [(c.key, c.article) for c in citations]
    assert len(keys) == len(set(keys))

"""What a document names that it does not cite: its own 文号, its own attachments, the names of
certificates and forms."""

from normdocs.domain.citations import find_citations

TEXT = "\n".join(
    [
        "某县人民政府关于印发《某县烟花爆竹安全管理办法》的通知",
        "某政发〔2019〕8号",
        "各乡镇人民政府：",
        "《某县烟花爆竹安全管理办法》已经县政府同意，现印发给你们。",
        "某县人民政府",
        "2019年3月5日",
        "某县烟花爆竹安全管理办法",
        "第一条 根据《烟花爆竹安全管理条例》第十九条，参照《某县烟花爆竹安全管理办法》"
        "的有关规定，制定本办法。",
        "第二条 经营者应当取得《烟花爆竹经营（零售）许可证》，填写《烟花爆竹经营登记表》。",
        "第三条 《某市人民政府关于禁止燃放烟花爆竹的通告》（某府〔2018〕3号）同时适用。",
        "附件：某县烟花爆竹零售网点布局规划",
        "附件2：《烟花爆竹零售点申请表》",
    ]
)


def test_own_number_attachments_certificates_and_forms_are_not_citations():
    found = find_citations(TEXT, own_number="某政发〔2019〕8号")
    assert [(c.kind, c.title or c.citation, c.article) for c in found] == [
        ("law", "烟花爆竹安全管理条例", "第十九条"),
        ("document", "某市人民政府关于禁止燃放烟花爆竹的通告", None),
    ]


def test_a_title_that_only_resembles_an_attachment_is_still_cited():
    found = find_citations("根据《某县烟花爆竹安全管理办法》的规定，现通知如下。")
    assert [c.title for c in found] == ["某县烟花爆竹安全管理办法"]

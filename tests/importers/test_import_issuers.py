"""Importing with --create-issuers: only names that look like a body are ever registered, at
the level their name gives (a 行政公署 or 自治州 is a government, a Party office is not)."""

from pathlib import Path

from normdocs.services.agencies import list_agencies
from normdocs.services.importing import import_documents

HEADER = "文件名称,文号,发文机关,发布日期\n"


def register(folder: Path, *rows: str) -> Path:
    path = folder / "台账.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_name_that_is_no_body_is_rejected_and_never_registered(registry, tmp_path):
    path = register(
        tmp_path,
        "关于某事的通知,某政发〔2019〕1号,县政府网站,2019-03-05",
        "关于另一事的通知,某政发〔2019〕2号,政府办,2019-03-06",
        "关于第三事的通知,某政发〔2019〕3号,永川区来苏镇,2019-03-07",
    )
    before = registry.snapshot()
    report = import_documents(registry.ctx, [path], create_issuers=True)
    reasons = [item.reason for item in report.items]
    assert [item.outcome for item in report.items] == ["rejected"] * 3
    assert "“县政府网站” names a website or a medium, not a body" in reasons[0]
    assert "“政府办” is an abbreviation without its place" in reasons[1]
    assert "“永川区来苏镇” does not end as a body's name does" in reasons[2]
    assert all((r or "").endswith("give --issuer NAME") for r in reasons)
    assert registry.snapshot() == before


def test_created_issuers_get_the_level_their_name_gives(registry, tmp_path):
    path = register(
        tmp_path,
        "关于某事的通知,阿署发〔2009〕23号,阿拉善盟行政公署,2009-03-27",
        "关于另一事的通知,州政发〔2013〕97号,甘南藏族自治州人民政府,2013-06-20",
        "关于第三事的通知,岳办发〔2017〕2号,中共岳阳市委办公室,2017-01-10",
    )
    report = import_documents(registry.ctx, [path], create_issuers=True)
    assert [item.outcome for item in report.items] == ["new"] * 3
    levels = {a["name"]: a["level"] for a in list_agencies(registry.ctx)}
    assert levels["阿拉善盟行政公署"] == "government"
    assert levels["甘南藏族自治州人民政府"] == "government"
    assert levels["中共岳阳市委办公室"] == "department"

"""Citation rows are written by each command that changes a document's text or the laws — no
session hook does it at commit (issue 14): after doc new, doc text, review revise and import the
document's citations are its current text's; after law add, law correct and law import the
citations that named the law resolve to it. Through the real console script."""

import json
from pathlib import Path
from typing import Any

import pytest

from console import console

pytestmark = pytest.mark.slow

ISSUER = "元宝山区人民政府"
DRAFT = "根据《中华人民共和国A法》和《某某省市容条例》，制定本办法。\n"
GIVEN = "依照《中华人民共和国A法》第五条、第六条，制定本办法。\n"
REVISED = "根据《某某省市容条例》，结合本区实际，制定本办法。\n"
IMPORTED = (
    "元宝山区人民政府关于加强犬只管理的通告\n"
    "元政发〔2025〕7号\n"
    "根据《某某省养犬条例》和《中华人民共和国A法》，现就有关事项通告如下。\n"
    "元宝山区人民政府\n"
    "2025年3月1日\n"
)


@pytest.fixture
def clerk(tmp_path: Path):
    run = console(tmp_path, tmp_path / "registry.db")
    run("init")
    run("agency", "add", ISSUER, "--code", "元政发", "--level", "government", "--head", "王区长")
    return run


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def citations(clerk, ref: str) -> dict[tuple[str, str | None], str | None]:
    """What the document cites (citation, article) → what it resolved to (None: nothing)."""
    rows: list[dict[str, Any]] = json.loads(clerk("law", "citations", ref, "-f", "json").out)
    return {(r["citation"], r["article"]): r["resolved_to"] for r in rows}


def test_every_command_that_changes_a_text_or_the_laws_writes_the_citations(clerk, tmp_path):
    clerk("law", "add", "中华人民共和国A法", "--level", "law", "--promulgated", "2010-01-01")
    a_law = "中华人民共和国A法 (2010-01-01)"

    # doc new --file: the draft's citations, resolved where the law is registered.
    clerk("doc", "new", "元宝山区市容管理办法", "--issuer", ISSUER,
          "--file", write(tmp_path, "draft.txt", DRAFT))  # fmt: skip
    assert citations(clerk, "1") == {
        ("《中华人民共和国A法》", None): a_law,
        ("《某某省市容条例》", None): None,
    }

    # doc text --file: the new text's citations replace the old text's.
    clerk("doc", "text", "1", "--file", write(tmp_path, "given.txt", GIVEN))
    assert citations(clerk, "1") == {
        ("《中华人民共和国A法》", "第五条"): a_law,
        ("《中华人民共和国A法》", "第六条"): a_law,
    }

    # review revise --file: the revised text's.
    clerk("review", "submit", "1", "--date", "2026-11-02")
    clerk("review", "decide", "1", "--outcome", "revise", "--opinion", "删除罚款",
          "--date", "2026-11-10")  # fmt: skip
    clerk("review", "revise", "1", "--file", write(tmp_path, "revised.txt", REVISED),
          "--date", "2026-11-12")  # fmt: skip
    assert citations(clerk, "1") == {("《某某省市容条例》", None): None}

    # law add: the citation that named nothing now names the new law.
    clerk("law", "add", "某某省市容条例", "--level", "地方性法规", "--promulgated", "2015-05-01")
    assert citations(clerk, "1") == {("《某某省市容条例》", None): "某某省市容条例 (2015-05-01)"}

    # import: the imported text's citations.
    clerk("import", write(tmp_path, "notice.txt", IMPORTED), "--issuer", ISSUER)
    assert citations(clerk, "2") == {
        ("《某某省养犬条例》", None): None,
        ("《中华人民共和国A法》", None): a_law,
    }

    # law correct --title: a law registered under a wrong name, corrected, is the one cited.
    clerk("law", "add", "某某省养狗条例", "--level", "地方性法规", "--promulgated", "2016-01-01")
    assert citations(clerk, "2")[("《某某省养犬条例》", None)] is None
    clerk("law", "correct", "某某省养狗条例", "--title", "某某省养犬条例", "--reason", "录入错误")
    assert citations(clerk, "2")[("《某某省养犬条例》", None)] == "某某省养犬条例 (2016-01-01)"

    # law import: a list naming a law the texts cite resolves their citations.
    clerk("doc", "new", "元宝山区扬尘管理办法", "--issuer", ISSUER,
          "--file", write(tmp_path, "dust.txt", "根据《某某省扬尘污染防治条例》，制定本办法。\n"))  # fmt: skip
    assert citations(clerk, "3") == {("《某某省扬尘污染防治条例》", None): None}
    laws = write(
        tmp_path,
        "laws.csv",
        "title,level,promulgated\n某某省扬尘污染防治条例,地方性法规,2018-09-01\n",
    )
    summary = json.loads(clerk("law", "import", laws, "--format", "json").out)
    assert summary["resolved_citations"] == 1
    assert citations(clerk, "3") == {
        ("《某某省扬尘污染防治条例》", None): "某某省扬尘污染防治条例 (2018-09-01)"
    }

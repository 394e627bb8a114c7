"""`normdocs demo` ends by writing the catalogue page and the year's figures beside the demo
registry and says where they are."""

import pytest
from docx import Document

from console import console

pytestmark = pytest.mark.slow


def test_demo_writes_the_catalogue_and_the_figures(tmp_path):  # type: ignore[no-untyped-def]
    run = console(tmp_path, tmp_path / "unused.db")
    result = run("demo", "--db", "demo.db", env={"NORMDOCS_TODAY": "2026-11-27"})
    catalog = tmp_path / "demo-现行有效目录.html"
    stats = tmp_path / "demo-2026年备案审查工作报告.docx"
    assert f"The catalogue of documents in force: {catalog.name}\n" in result.err
    assert f"The 2026 figures and draft report: {stats.name}\n" in result.err
    assert "现行有效行政规范性文件目录" in catalog.read_text("utf-8")
    title = Document(stats).paragraphs[0].text
    assert title == "关于2026年度行政规范性文件备案审查工作情况的报告"
    # Built again (--yes), the demo replaces its own reports.
    run("demo", "--db", "demo.db", "--yes")

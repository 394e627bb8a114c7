"""Every report file opened again as its reader would (python-docx, openpyxl, csv, json): the
text, tables, page set-up and fonts; the same registry and day give the same bytes."""

import csv
import io
import json
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from known import DEPARTMENT, GOVERNMENT, TODAY, make_context
from openpyxl import load_workbook

from normdocs.reports.model import Column, Report, Table
from normdocs.reports.tabular import to_csv, to_xlsx
from normdocs.services import reports


def _save(known, kind, name, build, tmp_path):  # type: ignore[no-untyped-def]
    out = tmp_path / name
    reports.save(make_context(known.path), kind, out, build)
    return out


def _east_asian(run_or_style_rpr) -> str | None:  # type: ignore[no-untyped-def]
    fonts = run_or_style_rpr.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def check_official_layout(doc, title: str) -> None:  # type: ignore[no-untyped-def]
    """GB/T 9704-2012: A4, margins 37/35/28/26 mm, 28 characters × 22 lines, fonts, page
    numbers "— N —" at the foot."""
    section = doc.sections[0]
    # Stored in twips: to the tenth of a millimetre.
    assert (round(section.page_width.mm, 1), round(section.page_height.mm, 1)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm, 1) for m in margins] == [37, 35, 28, 26]
    grid = section._sectPr.find(qn("w:docGrid"))
    # A line grid: 225 mm of text height in 22 lines. No character grid, which LibreOffice
    # fills at half the characters a line.
    assert grid.get(qn("w:type")) == "lines"
    assert grid.get(qn("w:charSpace")) is None
    assert int(grid.get(qn("w:linePitch"))) == 579
    normal = doc.styles["Normal"]
    assert normal.font.size == Pt(16)
    # 156 mm of width holds 28 characters of 16 pt set that much closer, and not 29.
    spacing = normal.element.rPr.find(qn("w:spacing"))
    pitch_pt = 16 + int(spacing.get(qn("w:val"))) / 20
    assert 28 * pitch_pt <= 156 / 25.4 * 72 < 29 * pitch_pt
    assert _east_asian(normal.element.rPr) == "仿宋_GB2312"
    heading = doc.paragraphs[0]
    assert heading.text == title
    assert heading.runs[0].font.size == Pt(22)
    assert _east_asian(heading.runs[0]._r.rPr) == "方正小标宋简体"
    assert doc.settings.odd_and_even_pages_header_footer
    for footer in (section.footer, section.even_page_footer):
        xml = footer._element.xml
        assert "PAGE" in xml and "fldChar" in xml
        assert footer.paragraphs[0].text == "— 1 —"


def test_catalog_docx(known, tmp_path):  # type: ignore[no-untyped-def]
    out = _save(known, "catalog", "目录.docx", reports.catalog(TODAY), tmp_path)
    doc = Document(out)
    check_official_layout(doc, "现行有效行政规范性文件目录")
    assert doc.paragraphs[1].text == "（截至2026年11月27日，共14件）"
    (table,) = doc.tables
    header = [c.text for c in table.rows[0].cells]
    assert header == ["序号", "文件名称", "文号", "制定机关", "公布日期", "施行日期", "有效期至"]
    # The grid's columns carry the widths (LibreOffice lays the table out by them): the title
    # widest, 序号 room for its two characters.
    widths = [c.width.mm for c in table.columns]
    assert sum(widths) == pytest.approx(156, abs=0.5)
    assert max(widths) == widths[1] and widths[0] >= 11
    # A long table breaks between rows, never inside one, and its header repeats.
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows)
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    # In force: the government's 10 less the one revoked on filing review, the department's 5
    # (its cleanup campaign is not closed: the decisions do not apply yet).
    assert len(rows) == 14
    # The government first, its documents by date.
    assert rows[0] == [
        "1",
        f"{GOVERNMENT.name}关于第1项管理工作的通知",
        "元政发〔2026〕1号",
        GOVERNMENT.name,
        "2026年3月27日",
        "2026年3月27日",
        "2031年3月26日",
    ]
    assert [r[3] for r in rows] == [GOVERNMENT.name] * 9 + [DEPARTMENT.name] * 5
    assert rows[9][2] == "元教发〔2025〕7号"


def test_catalog_xlsx_csv_json_agree(known, tmp_path):  # type: ignore[no-untyped-def]
    build = reports.catalog(TODAY, [GOVERNMENT.name])
    xlsx = _save(known, "catalog", "c.xlsx", build, tmp_path)
    sheet = load_workbook(xlsx).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("序号", "文件名称", "文号", "制定机关", "公布日期", "施行日期", "有效期至")
    assert sheet.freeze_panes == "A2"
    assert sheet["E2"].number_format == 'yyyy"年"m"月"d"日"'
    assert values[1][4].date() == date(2026, 3, 27)
    data = json.loads(_save(known, "catalog", "c.json", build, tmp_path).read_text("utf-8"))
    raw = _save(known, "catalog", "c.csv", build, tmp_path).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the Chinese
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) - 1 == len(values) - 1 == data["count"] == 9
    assert [r[2] for r in rows[1:]] == [v[2] for v in values[1:]]
    assert [d["doc_number"] for d in data["documents"]] == [r[2] for r in rows[1:]]
    assert rows[1][4] == "2026年3月27日"
    assert data["issuers"] == [GOVERNMENT.name]


@pytest.mark.parametrize("suffix", ["docx", "xlsx", "csv", "json", "html"])
def test_the_same_registry_and_day_give_the_same_bytes(known, tmp_path, suffix):  # type: ignore[no-untyped-def]
    one = _save(known, "catalog", f"1.{suffix}", reports.catalog(TODAY), tmp_path)
    two = _save(known, "catalog", f"2.{suffix}", reports.catalog(TODAY), tmp_path)
    assert one.read_bytes() == two.read_bytes()


def test_stats_docx_is_the_years_report(known, tmp_path):  # type: ignore[no-untyped-def]
    out = _save(known, "stats", "2026.docx", reports.stats(2026, TODAY), tmp_path)
    doc = Document(out)
    check_official_layout(doc, "关于2026年度行政规范性文件备案审查工作情况的报告")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "报送备案8件，报备率57.1%（8/14）" in text
    assert "按时报送6件，及时率75.0%（6/8）" in text
    assert "【待填写：存在的问题】" in text
    counts, rates = doc.tables
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in rates.rows[1:]}
    assert rows[GOVERNMENT.name][:2] == ["80.0%（8/10）", "75.0%（6/8）"]
    assert rows[DEPARTMENT.name][1] == "—（0/0）"
    assert [c.text for c in counts.rows[-1].cells][:3] == ["合计", "14", "8"]
    # The placeholders are highlighted for the person who fills them.
    marked = [r for p in doc.paragraphs for r in p.runs if r.text.startswith("【待填写")]
    assert marked and all(r.font.highlight_color is not None for r in marked)
    # Both tables are short: each moves whole to the next page rather than break, and no row
    # is ever broken.
    for table in (counts, rates):
        assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows)
        for row in table.rows[:-1]:
            assert all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)
        assert not any(
            p.paragraph_format.keep_with_next for p in table.rows[-1].cells[0].paragraphs
        )


def test_stats_xlsx_has_every_issuer_and_the_total(known, tmp_path):  # type: ignore[no-untyped-def]
    out = _save(known, "stats", "s.xlsx", reports.stats(2026, TODAY), tmp_path)
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    header = rows[0]
    by = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert list(by) == [GOVERNMENT.name, DEPARTMENT.name, "合计"]
    assert by[GOVERNMENT.name]["报备率"] == "80.0%（8/10）"
    assert by[GOVERNMENT.name]["公布"] == 10
    assert by["合计"]["报备"] == 8


def test_ledger_lists_each_review(known, tmp_path):  # type: ignore[no-untyped-def]
    out = _save(known, "ledger", "台账.docx", reports.ledger(2026, TODAY), tmp_path)
    doc = Document(out)
    check_official_layout(doc, "行政规范性文件合法性审核台账（2026年度）")
    (table,) = doc.tables
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert len(rows) == 14  # every 2026 document had one review
    assert rows[0][1:] == [
        f"{GOVERNMENT.name}关于第1项管理工作的通知",
        GOVERNMENT.name,
        "2026年3月9日",
        "2026年3月18日",
        "7",
        "司法局合法性审核科",
        "应当予以修改",
        "已采纳",
    ]


def test_csv_and_xlsx_cells_cannot_run_formulas() -> None:
    table = Table("t", (Column("title", "文件名称"), Column("n", "件数")), (("=HYPERLINK(1)", -3),))
    report = Report("x", "标题", date(2026, 1, 1), tables=(table,))
    rows = list(csv.reader(io.StringIO(to_csv(report).decode("utf-8-sig"))))
    assert rows[1] == ["'=HYPERLINK(1)", "-3"]
    sheet = load_workbook(io.BytesIO(to_xlsx(report))).active
    # In a workbook the text is kept as written, a string marked as text (quotePrefix): no `'`
    # shows in the published catalogue, and editing the cell does not make it a formula.
    assert sheet["A2"].value == "=HYPERLINK(1)" and sheet["A2"].data_type == "s"
    assert sheet["A2"].quotePrefix
    assert sheet["B2"].value == -3


HOSTILE = "甲区教育局关于\x1b[31m红色\x1b[0m标题\u202e的通知"
SHOWN = "甲区教育局关于\\x1b[31m红色\\x1b[0m标题\\u202e的通知"


def test_control_characters_are_shown_as_escapes_in_every_file() -> None:
    """A title with an escape sequence (typed or pasted into doc new) neither breaks a paper nor
    acts on the terminal a CSV is read on: each file shows it as an escape."""
    from normdocs.reports.model import Paragraph, TableBlock
    from normdocs.reports.official import to_docx

    table = Table("t", (Column("title", "文件名称"), Column("n", "件数")), ((HOSTILE, 1),))
    report = Report(
        "catalog",
        HOSTILE,
        date(2026, 1, 1),
        blocks=(Paragraph(HOSTILE), TableBlock(table)),
        tables=(table,),
    )
    doc = Document(io.BytesIO(to_docx(report)))
    assert doc.paragraphs[0].text == SHOWN and doc.paragraphs[1].text == SHOWN
    assert doc.tables[0].rows[1].cells[0].text == SHOWN
    assert doc.core_properties.title == SHOWN
    rows = list(csv.reader(io.StringIO(to_csv(report).decode("utf-8-sig"))))
    assert rows[1] == [SHOWN, "1"]
    sheet = load_workbook(io.BytesIO(to_xlsx(report))).active
    assert sheet["A2"].value == SHOWN


def test_the_catalogue_page_shows_control_characters_as_escapes(known, tmp_path):  # type: ignore[no-untyped-def]
    import sqlite3

    with sqlite3.connect(known.path) as connection:
        connection.execute(
            "UPDATE document SET title = ? WHERE id = ?", (HOSTILE, known.government[0])
        )
    for name in ("目录.html", "目录.docx", "目录.csv", "目录.xlsx"):
        out = _save(known, "catalog", name, reports.catalog(TODAY), tmp_path)
        assert b"\x1b" not in out.read_bytes() or name.endswith((".docx", ".xlsx"))
    page = (tmp_path / "目录.html").read_text("utf-8")
    assert "\x1b" not in page and "\u202e" not in page and "\\x1b[31m" in page
    assert any(SHOWN in c.text for c in Document(tmp_path / "目录.docx").tables[0].columns[1].cells)


def test_a_title_longer_than_a_document_property_still_makes_the_paper() -> None:
    from normdocs.reports.model import Paragraph
    from normdocs.reports.official import to_docx

    title = "甲区教育局关于" + "加" * 300 + "的通知"
    doc = Document(
        io.BytesIO(to_docx(Report("filing", title, date(2026, 1, 1), blocks=(Paragraph("正文"),))))
    )
    assert doc.paragraphs[0].text == title
    assert doc.core_properties.title == title[:255]


def test_nothing_in_force_is_refused_and_leaves_no_file(known, tmp_path):  # type: ignore[no-untyped-def]
    from normdocs.services.reports import NothingToReport

    out = tmp_path / "目录.html"
    with pytest.raises(NothingToReport, match="nothing to report"):
        reports.save(make_context(known.path), "catalog", out, reports.catalog(date(2020, 1, 1)))
    assert not out.exists()
    # Nor the temporary file it would have been written to.
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".目录")]


def test_the_chart_is_drawn_with_a_chinese_font(known, tmp_path):  # type: ignore[no-untyped-def]
    from normdocs.reports.chart import chinese_font

    assert chinese_font() is not None, "install a CJK font (Debian: fonts-noto-cjk)"
    out = _save(known, "stats", "s.docx", reports.stats(2026, TODAY), tmp_path)
    assert len(Document(out).inline_shapes) == 1


def test_without_a_chinese_font_the_chart_is_left_out_with_a_warning(  # type: ignore[no-untyped-def]
    known, tmp_path, monkeypatch
):
    from normdocs.reports import chart

    monkeypatch.setattr(chart, "chinese_font", lambda: None)
    ctx = make_context(known.path)
    out = tmp_path / "s.docx"
    written = reports.save(ctx, "stats", out, reports.stats(2026, TODAY))
    assert len(Document(out).inline_shapes) == 0
    assert written.warnings == [
        "no font with Chinese characters was found, so the chart of rates is left out "
        "(install one, e.g. Debian: apt-get install fonts-noto-cjk)"
    ]
    # The HTML form draws its chart as SVG with the browser's fonts, whatever is installed.
    page = tmp_path / "s.html"
    reports.save(ctx, "stats", page, reports.stats(2026, TODAY))
    assert "<svg" in page.read_text("utf-8")


def test_a_chinese_font_installed_after_matplotlib_listed_its_fonts_is_found(monkeypatch):  # type: ignore[no-untyped-def]
    """matplotlib caches its list of fonts at first use; fonts-noto-cjk installed later (as
    .ci/run does) must still be found."""
    from matplotlib import font_manager

    from normdocs.reports import chart

    manager = font_manager.fontManager
    stale = [f for f in manager.ttflist if f.name not in chart.CHINESE_FAMILIES]
    monkeypatch.setattr(manager, "ttflist", stale)
    chart.chinese_font.cache_clear()
    try:
        assert chart.chinese_font() in chart.CHINESE_FAMILIES
    finally:
        chart.chinese_font.cache_clear()

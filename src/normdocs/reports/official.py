"""A report as an official document (.docx) laid out after GB/T 9704-2012 《党政机关公文格式》:
A4, margins 37/35/28/26 mm, title in 方正小标宋简体 22 pt, body in 仿宋_GB2312 16 pt (set as
the East Asian font, so that Word on an office PC uses it), 28 characters × 22 lines a page,
page numbers "— 1 —" at the foot.

The 22 lines come from the document grid's line pitch; the 28 characters from the body's own
width. Each character is set 0.25 pt narrower than 16 pt, so that 28 fill the 156 mm line. A
character grid (docGrid linesAndChars) would do the same in Word and WPS, but LibreOffice gives a
16 pt character two cells of such a grid and sets half as many to the line."""

import io
import re
from datetime import date, datetime, time
from typing import Any

from normdocs.reports.cells import shown_in_file
from normdocs.reports.model import (
    PLACEHOLDER_CLOSE,
    PLACEHOLDER_OPEN,
    ChartBlock,
    Heading,
    PageBreak,
    Paragraph,
    Report,
    Table,
    TableBlock,
)
from normdocs.reports.package import fixed_zip

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONTS = {1: "黑体", 2: "楷体_GB2312"}
PAGE_NUMBER_FONT = "宋体"
TITLE_PT = 22  # 二号
BODY_PT = 16  # 三号
TABLE_PT = 10.5  # 五号: a catalogue's seven columns fit the text width
PAGE_NUMBER_PT = 14  # 四号
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
CHARS_PER_LINE = 28
LINES_PER_PAGE = 22
TWIPS_PER_MM = 1440 / 25.4
# -0.25 pt: 28 characters of 16 pt fill the 156 mm line (15.75 pt each, of 15.79 pt).
CONDENSE_TWENTIETHS = -5
# A table of less than half the text height moves whole to the next page rather than break.
KEEP_TOGETHER_PT = (PAGE_MM[1] - MARGINS_MM["top"] - MARGINS_MM["bottom"]) / 2 / 25.4 * 72

_PLACEHOLDER = re.compile(re.escape(PLACEHOLDER_OPEN) + ".*?" + re.escape(PLACEHOLDER_CLOSE))


def text_width_mm() -> float:
    return PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]


def line_pitch_twips() -> int:
    """The grid's line pitch: the text height shared by 22 lines (579 twips, 28.95 pt)."""
    height = PAGE_MM[1] - MARGINS_MM["top"] - MARGINS_MM["bottom"]
    return int(height * TWIPS_PER_MM / LINES_PER_PAGE)


def character_pitch_pt() -> float:
    """How far apart the body's characters stand: 16 pt condensed by CONDENSE_TWENTIETHS."""
    return BODY_PT + CONDENSE_TWENTIETHS / 20


def characters_per_line() -> int:
    """How many body characters a line of the text width holds (28)."""
    return int(text_width_mm() * TWIPS_PER_MM / 20 // character_pitch_pt())


def to_docx(report: Report, chart_png: bytes | None = None) -> bytes:
    """The report as .docx bytes; `chart_png` is drawn where the report has its chart (left out
    when None)."""
    from docx import Document

    doc = Document()
    _page_setup(doc)
    _styles(doc)
    _title(doc, report.title)
    if report.subtitle:
        para = doc.add_paragraph()
        _fmt(para, align="center")
        _runs(para, report.subtitle, font=HEADING_FONTS[2])
    for block in report.blocks:
        if isinstance(block, Heading):
            para = doc.add_paragraph()
            _fmt(para, align="body")
            _runs(para, block.text, font=HEADING_FONTS.get(block.level, BODY_FONT))
        elif isinstance(block, Paragraph):
            para = doc.add_paragraph()
            _fmt(para, align=block.align)
            _runs(para, block.text)
        elif isinstance(block, TableBlock):
            if block.caption:
                para = doc.add_paragraph()
                _fmt(para, align="center")
                # A caption stays on the page of its table.
                para.paragraph_format.keep_with_next = True
                _runs(para, block.caption, font=HEADING_FONTS[1])
            _table(doc, block.table)
        elif isinstance(block, ChartBlock):
            if chart_png is None:
                continue
            from docx.shared import Mm

            para = doc.add_paragraph()
            _fmt(para, align="center", exact=False)
            para.add_run().add_picture(io.BytesIO(chart_png), width=Mm(150))
        elif isinstance(block, PageBreak):
            from docx.enum.text import WD_BREAK

            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _properties(doc, report)
    out = io.BytesIO()
    doc.save(out)
    return fixed_zip(out.getvalue(), report.as_of)


def _page_setup(doc: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.header_distance = Mm(15)
    # The page number's line sits 7 mm below the text block (GB/T 9704 §7.5).
    section.footer_distance = Mm(22)
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    # A line grid only: see the module's note on why not a character grid.
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(line_pitch_twips()))
    # Odd pages carry the number on the right, even pages on the left (§7.5).
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], align="right")
    _page_number(section.even_page_footer.paragraphs[0], align="left")


def _page_number(para: Any, *, align: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT if align == "right" else WD_ALIGN_PARAGRAPH.LEFT
    # One character in from the edge of the text block.
    if align == "right":
        para.paragraph_format.right_indent = Pt(PAGE_NUMBER_PT)
    else:
        para.paragraph_format.left_indent = Pt(PAGE_NUMBER_PT)

    def run(text: str | None = None) -> Any:
        made = para.add_run(text or "")
        _font(made, PAGE_NUMBER_FONT, PAGE_NUMBER_PT)
        return made

    run("— ")
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run()._r.append(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run()._r.append(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run()._r.append(separate)
    run("1")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run()._r.append(end)
    run(" —")


def _styles(doc: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    _set_fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    # Each character a quarter point narrower than 16 pt, so that 28 fill a line.
    condense = OxmlElement("w:spacing")
    condense.set(qn("w:val"), str(CONDENSE_TWENTIETHS))
    normal.element.get_or_add_rPr().insert_element_before(
        condense,
        *("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect"),
        *("w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang"),
        *("w:eastAsianLayout", "w:specVanish", "w:oMath"),
    )
    # The document defaults too (LibreOffice reads text without a style by them): the body's
    # 16 pt and font.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    size = rpr.find(qn("w:sz"))
    if size is None:
        size = OxmlElement("w:sz")
        rpr.append(size)
    size.set(qn("w:val"), str(BODY_PT * 2))
    _set_fonts(rpr, BODY_FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")


def _set_fonts(rpr: Any, name: str) -> None:
    from docx.oxml.ns import qn

    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    # A theme font would win over the names above in Word.
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def _font(run: Any, name: str, size: float) -> None:
    from docx.shared import Pt

    run.font.size = Pt(size)
    _set_fonts(run._r.get_or_add_rPr(), name)


def _fmt(para: Any, *, align: str, exact: bool = True) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    pf = para.paragraph_format
    pf.space_before = pf.space_after = Pt(0)
    if exact:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(line_pitch_twips() / 20)
    if align == "body":
        pf.first_line_indent = Pt(BODY_PT * 2)
        para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    elif align == "center":
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "right":
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        # The issuer and date stand four characters in from the right (§7.3.5.1).
        pf.right_indent = Pt(BODY_PT * 4)
    else:
        para.alignment = WD_ALIGN_PARAGRAPH.LEFT


def _title(doc: Any, title: str) -> None:
    para = doc.add_paragraph()
    _fmt(para, align="center", exact=False)
    from docx.shared import Pt

    para.paragraph_format.space_after = Pt(BODY_PT)
    _no_grid(para)
    run = para.add_run(shown_in_file(title))
    _font(run, TITLE_FONT, TITLE_PT)


def _runs(para: Any, text: str, *, font: str | None = None, size: float = BODY_PT) -> None:
    """`text` as runs; the placeholders a person must fill are highlighted."""
    from docx.enum.text import WD_COLOR_INDEX

    text = shown_in_file(text)
    position = 0
    for match in _PLACEHOLDER.finditer(text):
        if match.start() > position:
            _font(para.add_run(text[position : match.start()]), font or BODY_FONT, size)
        marked = para.add_run(match.group())
        _font(marked, font or BODY_FONT, size)
        marked.font.highlight_color = WD_COLOR_INDEX.YELLOW
        position = match.end()
    if position < len(text) or not text:
        _font(para.add_run(text[position:]), font or BODY_FONT, size)


def _table(doc: Any, table: Table) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    grid = doc.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    total = sum(c.width for c in table.columns)
    widths = [Mm(text_width_mm() * c.width / total) for c in table.columns]
    header = grid.rows[0]
    # The header row repeats on every page of a long table.
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for cell, column, width in zip(header.cells, table.columns, widths, strict=True):
        cell.width = width
        _cell_text(cell, column.label, font=HEADING_FONTS[1])
    for values in table.rows:
        cells = grid.add_row().cells
        for cell, value, width in zip(cells, values, widths, strict=True):
            cell.width = width
            _cell_text(cell, _shown(value))
    # The grid's columns too: LibreOffice lays a table out by them, not by its cells.
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    for row in grid.rows:
        # A row is never broken over two pages.
        cant_split = OxmlElement("w:cantSplit")
        cant_split.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().insert(0, cant_split)
    if _height_pt(table, [w.mm for w in widths]) <= KEEP_TOGETHER_PT:
        # A table of less than half a page moves whole to the next page rather than break.
        for row in grid.rows[:-1]:
            for cell in row.cells:
                for para in cell.paragraphs:
                    para.paragraph_format.keep_with_next = True
    # A paragraph after the table, so that two tables never run into each other: one of
    # table type, so that a table that ends a page does not push it onto a page of its own.
    from docx.shared import Pt

    after = doc.add_paragraph()
    _fmt(after, align="left")
    after.paragraph_format.line_spacing = Pt(TABLE_PT)
    _no_grid(after)


def _height_pt(table: Table, widths_mm: list[float]) -> float:
    """About how tall the table is set: each row as many lines of 10.5 pt as its fullest cell
    takes (a Chinese character a full width, a Latin one half)."""
    per_line = [max(1, int(w / 25.4 * 72 // TABLE_PT) - 1) for w in widths_mm]

    def lines(text: str, room: int) -> int:
        width = sum(1 if ord(c) > 0x2E7F else 0.5 for c in text)
        return max(1, -int(-width // room))

    header = max(lines(c.label, r) for c, r in zip(table.columns, per_line, strict=True))
    body = sum(
        max(lines(_shown(v), r) for v, r in zip(row, per_line, strict=True)) for row in table.rows
    )
    return (header + body) * TABLE_PT * 1.3 + 4 * (len(table.rows) + 1)


def _cell_text(cell: Any, text: str, *, font: str = BODY_FONT) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    para = cell.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER if len(text) <= 12 else WD_ALIGN_PARAGRAPH.LEFT
    para.paragraph_format.first_line_indent = None
    para.paragraph_format.space_after = 0
    para.paragraph_format.line_spacing = 1.0
    # A table's small type is not stretched over the page's 28.95 pt line grid.
    _no_grid(para)
    _font(para.add_run(shown_in_file(text)), font, TABLE_PT)


_AFTER_SNAP_TO_GRID = (
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _no_grid(para: Any) -> None:
    """Set the paragraph free of the line grid (type other than the body's 16 pt)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    # In the schema's order: before spacing, indentation and justification.
    para._p.get_or_add_pPr().insert_element_before(snap, *_AFTER_SNAP_TO_GRID)


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        from normdocs.reports.model import official_date

        return official_date(value)
    return str(value)


def _properties(doc: Any, report: Report) -> None:
    """Fixed properties: the same registry and day give the same file."""
    moment = datetime.combine(report.as_of, time(0, 0))
    props = doc.core_properties
    # A long title is cut: the property holds 255 characters.
    props.title = shown_in_file(report.title)[:255]
    props.author = props.last_modified_by = "normdocs"
    props.created = props.modified = props.last_printed = moment
    props.revision = 1
    props.comments = ""

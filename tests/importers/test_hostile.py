"""Hostile files are one rejected item each, with bounded memory (issue 8).

Every file here is built in the test: zip entries whose headers lie about their sizes, a
workbook whose sheet holds one value at XFD1000000, PDFs whose streams inflate to 300 MB, a
register with a 10 MB cell, a 45 MB one-line text. Each is imported by the real console script
in a subprocess, next to a good document, and the test checks what a clerk would see (exit 4,
the good document imported, the hostile file rejected with its reason) and the child's peak
memory (ru_maxrss from wait4), which must stay under 1 GB.
"""

import io
import json
import os
import resource
import struct
import subprocess
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from builders import word_bytes

from console import NORMDOCS
from normdocs.domain.extract import register_values
from normdocs.domain.profile import ImportRules
from normdocs.importers.register import RegisterRow
from normdocs.importers.sources import Unreadable, read_file

MB = 1024 * 1024
GIB = 1024 * MB
PEAK_LIMIT_MB = 1024
# Only a guard for the machine should a regression allocate without bound: the test fails on
# PEAK_LIMIT_MB long before this.
ADDRESS_SPACE_GUARD = 6 * GIB
GOOD = "\n".join(
    [
        "元政发〔2025〕7号",
        "元宝山区人民政府关于加强城市精细化管理的通知",
        "各镇人民政府，区直各部门：",
        "为了加强城市精细化管理，现通知如下：本通知自印发之日起施行。",
        "元宝山区人民政府",
        "2025年3月3日",
    ]
)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# --- running the real import --------------------------------------------------------------


@dataclass
class Outcome:
    code: int
    items: list[dict[str, Any]]
    err: str
    peak_mb: float

    def item(self, name: str) -> dict[str, Any]:
        found = [i for i in self.items if Path(i["source"]).name == name]
        assert found, f"no item for {name}: {self.items}"
        return found[0]

    def rejected(self, name: str) -> str:
        """The reason of the one rejected item of `name`."""
        items = [i for i in self.items if Path(i["source"]).name == name]
        assert [i["outcome"] for i in items] == ["rejected"], items
        return str(items[0]["reason"])


def _guard() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_GUARD, ADDRESS_SPACE_GUARD))


@pytest.fixture
def import_batch(registry: Any, tmp_path: Path) -> Callable[..., Outcome]:
    """Import a folder with the console script into the test's registry; the outcome with the
    child's peak memory (its own ru_maxrss, from wait4: no other child is counted)."""
    assert NORMDOCS, "the normdocs console script is not installed"

    def run(folder: Path, *args: str) -> Outcome:
        environ = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(tmp_path),
            "NORMDOCS_DB": str(registry.path),
            "NORMDOCS_TODAY": "2026-11-27",
            "NORMDOCS_LANG": "en",
            "NORMDOCS_ACTOR": "clerk",
        }
        out, err = tmp_path / "stdout", tmp_path / "stderr"
        with out.open("wb") as stdout, err.open("wb") as stderr:
            proc = subprocess.Popen(
                [NORMDOCS, "import", str(folder), "--format", "json", *args],
                stdout=stdout,
                stderr=stderr,
                stdin=subprocess.DEVNULL,
                env=environ,
                cwd=tmp_path,
                preexec_fn=_guard,
            )
            _pid, status, usage = os.wait4(proc.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        text = err.read_text(encoding="utf-8", errors="replace")
        assert code >= 0, f"killed by signal {-code}: {text[-2000:]}"
        items = json.loads(out.read_text(encoding="utf-8")) if out.stat().st_size else []
        return Outcome(code, items, text, usage.ru_maxrss / 1024)

    return run


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """A folder holding one good document, to which each test adds its hostile file."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    return folder


def assert_one_rejected(outcome: Outcome, name: str, *phrases: str) -> str:
    """Exit 4, the good document new, the hostile file one rejected item saying `phrases`,
    and the peak memory under the limit. The reason, for more checks."""
    assert outcome.code == 4, outcome.err[-2000:]
    assert outcome.item("good.txt")["outcome"] == "new", outcome.items
    reason = outcome.rejected(name)
    for phrase in phrases:
        assert phrase in reason, reason
    assert "unexpected error" not in outcome.err
    print(f"{name}: peak {outcome.peak_mb:.0f} MB — {reason}")
    assert outcome.peak_mb < PEAK_LIMIT_MB, f"{name}: peak {outcome.peak_mb:.0f} MB"
    return reason


# --- building hostile zips ----------------------------------------------------------------


@dataclass
class Entry:
    """A zip member as written: its raw (deflated or stored) bytes and what the headers say."""

    name: str
    raw: bytes
    crc: int
    size: int  # declared uncompressed size (may lie)
    method: int = zipfile.ZIP_DEFLATED


def deflated(name: str, content: bytes) -> Entry:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = packer.compress(content) + packer.flush()
    return Entry(name, raw, zlib.crc32(content), len(content))


def zip_of(entries: list[Entry]) -> bytes:
    """A zip written by hand, so that its local and central headers say what `entries` say."""
    out = io.BytesIO()
    central = []
    for entry in entries:
        offset = out.tell()
        name = entry.name.encode()
        fields = (20, 0, entry.method, 0, 0x21, entry.crc, len(entry.raw), entry.size)
        out.write(b"PK\x03\x04" + struct.pack("<HHHHHIII", *fields))
        out.write(struct.pack("<HH", len(name), 0) + name + entry.raw)
        central.append(
            b"PK\x01\x02"
            + struct.pack(
                "<HHHHHHIII",
                20,
                20,
                0,
                entry.method,
                0,
                0x21,
                entry.crc,
                len(entry.raw),
                entry.size,
            )
            + struct.pack("<HHHHHII", len(name), 0, 0, 0, 0, 0, offset)
            + name
        )
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(
        b"PK\x05\x06"
        + struct.pack("<HHHHIIH", 0, 0, len(entries), len(entries), len(directory), start, 0)
    )
    return out.getvalue()


def members(data: bytes) -> list[Entry]:
    """The members of a real zip, re-deflated as Entry."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [deflated(info.filename, archive.read(info)) for info in archive.infolist()]


@pytest.fixture(scope="module")
def gib_of_paragraphs() -> tuple[bytes, int]:
    """(raw deflate, crc) of 1 GiB of empty Word paragraphs after a document's start tags:
    about 1.5 MB on disk. Built once for the module (≈ 5 s)."""
    start = f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>'.encode()
    block = b"<w:p/>" * (MB // 6 * 6)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts = [packer.compress(start)]
    crc = zlib.crc32(start)
    written = len(start)
    while written < GIB:
        parts.append(packer.compress(block))
        crc = zlib.crc32(block, crc)
        written += len(block)
    parts.append(packer.flush())
    return b"".join(parts), crc


def lying(entry_name: str, bomb: tuple[bytes, int], declared: int = 2 * 1024) -> Entry:
    raw, crc = bomb
    return Entry(entry_name, raw, crc, declared)


# --- zips: .docx ------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_docx_whose_entries_lie_about_their_sizes_is_one_rejected_item(
    batch, import_batch, gib_of_paragraphs
):
    """2 KB declared in both headers, 1 GiB inflated: streamed and counted, never trusted."""
    parts = [e for e in members(word_bytes(["placeholder"])) if e.name != "word/document.xml"]
    data = zip_of([*parts, lying("word/document.xml", gib_of_paragraphs)])
    assert len(data) < 2 * MB
    (batch / "liar.docx").write_bytes(data)
    reason = assert_one_rejected(
        import_batch(batch), "liar.docx", "word/document.xml unpacks to more than 16 MB"
    )
    assert "says 2 KB" in reason and "zip bomb" in reason


@pytest.mark.slow
def test_a_docx_of_absurd_ratio_many_entries_or_nested_zips_is_one_rejected_item_each(
    batch, import_batch
):
    # Honest headers, 150 MB of one byte (under the 200 MB budget) in the part that is parsed.
    content = b"<w:p/>" * (150 * MB // 6)
    ratio = zip_of([deflated("word/document.xml", content)])
    del content
    assert len(ratio) < 1 * MB
    (batch / "ratio.docx").write_bytes(ratio)
    # 20,000 empty entries.
    (batch / "entries.docx").write_bytes(
        zip_of([deflated(f"word/{n}.xml", b"") for n in range(20_000)])
    )
    # Zips in a zip (42.zip's shape): the inner ones are never opened.
    inner = zip_of([deflated("0.txt", b"\0" * (100 * MB))])
    (batch / "nested.docx").write_bytes(zip_of([deflated(f"{n}.zip", inner) for n in range(16)]))
    outcome = import_batch(batch)
    assert_one_rejected(
        outcome,
        "ratio.docx",
        "word/document.xml unpacks to more than 16 MB",
        "(its zip directory says 150 MB)",
    )
    assert_one_rejected(
        outcome, "entries.docx", "holds 20000 zip entries, more than the limit of 10000"
    )
    assert_one_rejected(outcome, "nested.docx", "it has no word/document.xml")


def test_a_member_larger_than_its_directory_says_is_refused_within_the_budget(write):
    """Within the budget too: 64 KB inflated where 2 KB are declared is a forged file."""
    content = f'<w:document xmlns:w="{W_NS}"><w:body>'.encode() + b"<w:p/>" * 11_000
    entry = deflated("word/document.xml", content)
    entry.size = 2048
    record = one(write("forged.docx", zip_of([entry])))
    assert isinstance(record, Unreadable)
    assert "word/document.xml unpacks to 64.5 KB, but its zip directory says 2 KB" in record.reason


# --- zips: .xlsx ------------------------------------------------------------------------------

_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def cell(ref: str | None, text: str) -> str:
    where = f' r="{ref}"' if ref else ""
    return f'<c{where} t="inlineStr"><is><t>{text}</t></is></c>'


# A register as Excel writes it: a header and one document (row 2).
REGISTER_ROWS = (
    '<row r="1">'
    + cell("A1", "文件名称")
    + cell("B1", "文号")
    + cell("C1", "发文机关")
    + cell("D1", "发布日期")
    + '</row><row r="2">'
    + cell("A2", "元宝山区人民政府关于规范行政执法的通知")
    + cell("B2", "元政发〔2024〕3号")
    + cell("C2", "元宝山区人民政府")
    + cell("D2", "2024-05-06")
    + "</row>"
)


def workbook(sheet_rows: str, dimension: str | None = "A1:D2") -> bytes:
    """An .xlsx built with zipfile around a crafted sheet (its <dimension> may lie)."""
    stated = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{stated}<sheetData>{sheet_rows}</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in _XLSX_PARTS.items():
            book.writestr(name, text)
        book.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def test_the_crafted_workbook_is_a_register_the_reader_takes(write):
    (row,) = list(read_file(write("ok.xlsx", workbook(REGISTER_ROWS)), ImportRules()))
    assert isinstance(row, RegisterRow) and row.row == 2
    assert register_values(row.values, today=date(2026, 11, 27)).doc_number == "元政发〔2024〕3号"


@pytest.mark.slow
def test_a_workbook_with_a_value_at_xfd1000000_is_refused_before_the_reader_aborts(
    batch, import_batch
):
    """python-calamine panics (SIGABRT, the whole run gone) on this sheet; its <dimension>
    says A1:D2."""
    far = '<row r="1000000">' + cell("XFD1000000", "x") + "</row>"
    (batch / "xfd.xlsx").write_bytes(workbook(REGISTER_ROWS + far))
    assert_one_rejected(
        import_batch(batch),
        "xfd.xlsx",
        "xl/worksheets/sheet1.xml) has a value in column XFD (column 16,384), beyond the limit "
        "of 256 columns",
    )


@pytest.mark.slow
def test_workbooks_whose_used_area_the_reader_would_allocate_in_gigabytes_are_refused(
    batch, import_batch
):
    """ZZ100000 made the reader take 2.2 GB; the same with no <dimension>, and with cells
    that do not name their place (the reader puts each after the one before it)."""
    (batch / "zz.xlsx").write_bytes(
        workbook(REGISTER_ROWS + '<row r="100000">' + cell("ZZ100000", "x") + "</row>")
    )
    (batch / "undimensioned.xlsx").write_bytes(
        workbook(REGISTER_ROWS + '<row r="600000">' + cell("T600000", "x") + "</row>", None)
    )
    unplaced = '<row r="100000">' + cell(None, "x") * 300 + "</row>"
    (batch / "unplaced.xlsx").write_bytes(workbook(REGISTER_ROWS + unplaced))
    outcome = import_batch(batch)
    assert_one_rejected(outcome, "zz.xlsx", "has a value in column ZZ (column 702)")
    assert_one_rejected(
        outcome,
        "undimensioned.xlsx",
        "its sheets span 12,000,000 cells (rows × columns up to the last value), more than the "
        "limit of 10,000,000",
    )
    assert_one_rejected(outcome, "unplaced.xlsx", "column KN (column 300)")


@pytest.mark.slow
def test_a_workbook_whose_shared_strings_lie_about_their_size_is_one_rejected_item(
    batch, import_batch, gib_of_paragraphs
):
    """The same budgeted reader for every zip: an .xlsx part declared 2 KB, inflating 1 GiB."""
    parts = members(workbook(REGISTER_ROWS))
    (batch / "liar.xlsx").write_bytes(
        zip_of([*parts, lying("xl/sharedStrings.xml", gib_of_paragraphs)])
    )
    assert_one_rejected(
        import_batch(batch), "liar.xlsx", "xl/sharedStrings.xml unpacks to more than 200 MB"
    )


# --- PDF --------------------------------------------------------------------------------------


def pdf(objects: list[bytes]) -> bytes:
    """A PDF of the given object bodies (numbered from 1), with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def flate(content: bytes, padding_mb: int) -> bytes:
    """A FlateDecode stream object: `content`, then `padding_mb` MB of spaces."""
    packer = zlib.compressobj(9)
    block = b" " * MB
    raw = packer.compress(content) + b"".join(packer.compress(block) for _ in range(padding_mb))
    raw += packer.flush()
    return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(raw) + raw + b"\nendstream"


def text_pdf(lines: list[str], *, contents: list[bytes], to_unicode: bytes) -> bytes:
    """A one-page PDF whose text layer holds `lines` (glyph ids are code points), its content
    in the stream objects `contents`, its font's ToUnicode map the stream `to_unicode`."""
    count = len(contents)
    refs = " ".join(f"{7 + i} 0 R" for i in range(count)).encode()
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents [" + refs + b"] >>",
            b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
            b"/DescendantFonts [5 0 R] /ToUnicode 6 0 R >>",
            b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>",
            to_unicode,
            *contents,
        ]
    )


PDF_LINES = GOOD.replace("7号", "8号").splitlines()
PAGE_TEXT = (
    "BT /F1 12 Tf 14 TL 72 800 Td "
    + " ".join(f"<{line.encode('utf-16-be').hex()}> Tj T*" for line in PDF_LINES)
    + " ET "
).encode()
IDENTITY_CMAP = (
    b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Identity-UCS def "
    b"1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0000> <FFFF> <0000> "
    b"endbfrange endcmap CMapName currentdict /CMap defineresource pop end end"
)


def test_the_pdf_builder_makes_a_pdf_whose_text_is_read(write):
    data = text_pdf(PDF_LINES, contents=[flate(PAGE_TEXT, 0)], to_unicode=flate(IDENTITY_CMAP, 0))
    record = one(write("ok.pdf", data))
    assert not isinstance(record, Unreadable), record
    assert PDF_LINES[1] in record.text


@pytest.mark.slow
def test_pdfs_whose_streams_inflate_to_300_mb_are_one_rejected_item_each(batch, import_batch):
    """Five 60 MB content streams (each under pypdf's own 75 MB limit), and a ToUnicode map
    of 300 MB (pypdf raised LimitReachedError through extract_text: the run was aborted)."""
    contents = [flate(PAGE_TEXT, 60) for _ in range(5)]
    (batch / "content.pdf").write_bytes(
        text_pdf(PDF_LINES, contents=contents, to_unicode=flate(IDENTITY_CMAP, 0))
    )
    (batch / "cmap.pdf").write_bytes(
        text_pdf(PDF_LINES, contents=[flate(PAGE_TEXT, 0)], to_unicode=flate(IDENTITY_CMAP, 300))
    )
    outcome = import_batch(batch)
    for name in ("content.pdf", "cmap.pdf"):
        assert_one_rejected(
            outcome,
            name,
            "a stream of this PDF unpacks to more than 16 MB",
            "import.max_part_bytes",
        )


# --- registers and texts ------------------------------------------------------------------------


@pytest.mark.slow
def test_a_register_row_with_a_10_mb_cell_is_rejected_and_the_other_rows_imported(
    batch, import_batch
):
    """csv stopped the whole run at its 128 KB field limit; now that row alone is rejected."""
    huge = "关" * (10 * MB)
    lines = [
        "文件名称,文号,发文机关,发布日期",
        "元宝山区人民政府关于规范行政执法的通知,元政发〔2024〕3号,元宝山区人民政府,2024-05-06",
        f'"{huge}",元政发〔2024〕4号,元宝山区人民政府,2024-05-07',
        "元宝山区人民政府关于加强安全生产的通知,元政发〔2024〕5号,元宝山区人民政府,2024-05-08",
    ]
    (batch / "register.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    outcome = import_batch(batch)
    rows = {i["location"]: i for i in outcome.items if i["source"].endswith("register.csv")}
    assert {k: v["outcome"] for k, v in rows.items()} == {
        "row 2": "new",
        "row 3": "rejected",
        "row 4": "new",
    }
    reason = str(rows["row 3"]["reason"])
    assert (
        "its title cell has 10,485,760 characters, more than the limit of 32,767 "
        "(import.max_cell_chars in the profile)" in reason
    )
    assert outcome.code == 4 and outcome.item("good.txt")["outcome"] == "new"
    print(f"register.csv: peak {outcome.peak_mb:.0f} MB — {reason}")
    assert outcome.peak_mb < PEAK_LIMIT_MB


@pytest.mark.slow
def test_a_45_mb_single_line_text_is_one_rejected_item(batch, import_batch):
    """A notice whose body is one line of 45 MB, under the 50 MB file limit: it was imported
    at 1.7 GB (3.7 GB in ASCII), ≈ 100 bytes a character to index it for search."""
    filler = "规定" * (45 * MB // 6)
    text = GOOD.replace("7号", "9号").replace("现通知如下：", "现通知如下：" + filler)
    (batch / "long.txt").write_text(text, encoding="utf-8")
    assert 45 * MB <= (batch / "long.txt").stat().st_size < ImportRules().max_file_bytes
    assert_one_rejected(
        import_batch(batch),
        "long.txt",
        f"has {len(text):,} characters of text, more than the limit of 1,000,000",
        "import.max_text_chars",
    )


# --- max_rows: the same count for .csv and .xlsx ------------------------------------------------


def one(path: Path, limits: ImportRules | None = None) -> Any:
    records = list(read_file(path, limits or ImportRules()))
    assert len(records) == 1, records
    return records[0]


def register_rows(count: int) -> list[list[str]]:
    """A title row, the header, then `count` data rows."""
    rows = [["元宝山区规范性文件台账"], ["文件名称", "发布日期"]]
    return rows + [[f"关于第{n}项事务的通知", "2020-01-02"] for n in range(1, count + 1)]


def as_csv(rows: list[list[str]]) -> bytes:
    # A blank line at the end, as some programs save: not a row.
    return ("\r\n".join(",".join(row) for row in rows) + "\r\n\r\n").encode("utf-8")


def as_xlsx(rows: list[list[str]]) -> bytes:
    refs = "ABCD"
    body = "".join(
        f'<row r="{r}">'
        + "".join(cell(f"{refs[c]}{r}", value) for c, value in enumerate(row))
        + "</row>"
        for r, row in enumerate(rows, start=1)
    )
    return workbook(body)


@pytest.mark.parametrize("suffix, build", [(".csv", as_csv), (".xlsx", as_xlsx)])
@pytest.mark.parametrize("count, accepted", [(9, True), (10, True), (11, False)])
def test_max_rows_counts_the_data_rows_under_the_header_alike_in_csv_and_xlsx(
    tmp_path, suffix, build, count, accepted
):
    path = tmp_path / f"register{suffix}"
    path.write_bytes(build(register_rows(count)))
    records = list(read_file(path, ImportRules(max_rows=10)))
    if accepted:
        assert [type(r) for r in records] == [RegisterRow] * count
        assert records[-1].row == count + 2
    else:
        (record,) = records
        assert isinstance(record, Unreadable)
        assert record.reason == (
            f"{path} has 11 rows under its header (row 2), more than the limit of 10"
        )
        assert record.hint == "split the register, or raise import.max_rows in the profile"


def test_a_csv_record_that_spans_lines_is_one_row_for_max_rows(tmp_path):
    """Lines are only the first, cheap bound: a quoted cell with line breaks is one row."""
    rows = [["文件名称", "发布日期", "备注"]] + [
        [f"关于第{n}项事务的通知", "2020-01-02", '"第一行\n第二行\n第三行"'] for n in range(10)
    ]
    path = tmp_path / "multiline.csv"
    path.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")
    records = list(read_file(path, ImportRules(max_rows=10)))
    assert [type(r) for r in records] == [RegisterRow] * 10


# --- the extent of a sheet, however its cells are written -------------------------------------


@pytest.mark.parametrize(
    "sheet_rows, dimension",
    [
        # A value at XFD5 in a sheet whose tags carry a namespace prefix.
        (
            '<x:row r="5" xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<x:c r="XFD5" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c></x:row>',
            "A1:D2",
        ),
        # Column letters in lower case, and a cell whose type comes before its place.
        ('<row r="5"><c r="xfd5"><v>1</v></c></row>', None),
        ('<row r="5"><c t="n" r="XFD5"><v>1</v></c></row>', "A1:D5"),
    ],
)
def test_a_far_value_is_found_however_the_sheet_writes_its_cells(write, sheet_rows, dimension):
    record = one(write("odd.xlsx", workbook(REGISTER_ROWS + sheet_rows, dimension)))
    assert isinstance(record, Unreadable)
    assert "has a value in column XFD (column 16,384), beyond the limit of 256 columns" in (
        record.reason
    )


def test_an_empty_styled_cell_far_away_is_not_a_value(write):
    """The reader keeps only cells that hold something: a formatted empty cell at ZZ100000
    (a clerk's border) costs it nothing and is no reason to refuse the register."""
    far = '<row r="100000"><c r="ZZ100000" s="1"/></row>'
    (row,) = list(read_file(write("styled.xlsx", workbook(REGISTER_ROWS + far)), ImportRules()))
    assert isinstance(row, RegisterRow) and row.row == 2


def test_a_chunk_of_the_import_ends_when_its_texts_are_long_enough():
    """2,000 documents are one chunk, but not 2,000 long ones: their texts and their index
    form are in memory together."""
    from normdocs.importers.sources import TextDocument
    from normdocs.services.importing import CHUNK, _chunks

    def texts(count: int, chars: int) -> list[TextDocument]:
        return [TextDocument(f"{n}.txt", "txt", "字" * chars, "") for n in range(count)]

    assert [len(c) for c in _chunks(texts(2500, 100), CHUNK)] == [2000, 500]
    assert [len(c) for c in _chunks(texts(10, 900_000), CHUNK, 4_000_000)] == [5, 5]


@pytest.mark.parametrize("ref", ["A1048577000", "AAAAA5"])
def test_a_place_beyond_excel_s_own_bounds_is_refused_not_skipped(write, ref):
    far = f'<row r="5"><c r="{ref}"><v>1</v></c></row>'
    record = one(write("beyond.xlsx", workbook(REGISTER_ROWS + far)))
    assert isinstance(record, Unreadable)
    assert "beyond the limit of" in record.reason or "more rows than the limit" in record.reason


def test_a_csv_register_with_control_characters_is_told_what_a_register_needs(tmp_path):
    """Escape sequences in a register's cells (found by the acceptance pass): the file is one
    rejected item, and the hint is about registers — it said "give a .txt …, or a .docx"."""
    rows = register_rows(2)
    rows[2][0] = "关于\x1b]52;c;ZWNobyBoaQ==\x07加强\x1b[2J管理的通知"
    path = tmp_path / "register.csv"
    path.write_bytes(as_csv(rows))
    record = one(path)
    assert isinstance(record, Unreadable)
    assert record.reason == (
        f"{path} is not a CSV register (it contains control characters or binary data)"
    )
    assert record.hint == (
        "open it in the spreadsheet, remove the stray characters and save it as CSV (UTF-8), "
        "or give the register as .xlsx"
    )

"""Reading files: Word (fast reader as correct as python-docx), text encodings, PDF, old Word,
and every kind of bad file — each refused with one reason a clerk can act on."""

import io
import os
import stat
import zipfile
from pathlib import Path

import pytest
from builders import blank_pdf, pdf_bytes, word_bytes, zip_bomb
from docx import Document as WordDocument
from docx.enum.text import WD_BREAK
from hypothesis import given, settings
from hypothesis import strategies as st

from normdocs.domain.profile import ImportRules
from normdocs.importers.docx import docx_paragraphs
from normdocs.importers.sources import TextDocument, Unreadable, collect, count_files, read_file
from normdocs.importers.textfile import decode_text

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
LIMITS = ImportRules()


def python_docx_text(data: bytes) -> list[str]:
    """What python-docx reads: body paragraphs and table rows (cells tab-joined), in order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = WordDocument(io.BytesIO(data))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines.extend("\t".join(cell.text for cell in row.cells) for row in block.rows)
    return lines


def one(path: Path, limits: ImportRules = LIMITS) -> TextDocument | Unreadable:
    (record,) = list(read_file(path, limits))
    assert isinstance(record, TextDocument | Unreadable)
    return record


# --- Word -------------------------------------------------------------------------------


def test_docx_reader_matches_python_docx_on_the_corpus():
    for path in sorted((SAMPLES / "docx").glob("*.docx")):
        data = path.read_bytes()
        assert docx_paragraphs(data, path.name) == python_docx_text(data), path.name


def test_paragraphs_tables_tabs_and_breaks_in_document_order():
    word = WordDocument()
    word.add_paragraph("第一条 总则")
    grid = word.add_table(rows=2, cols=2)
    grid.cell(0, 0).text, grid.cell(0, 1).text = "区域", "时间"
    grid.cell(1, 0).text = "全区"
    grid.cell(1, 1).text = "全年"
    grid.cell(1, 1).add_paragraph("节假日除外")
    run = word.add_paragraph("第二条").add_run("\t附则")
    run.add_break(WD_BREAK.LINE)
    run.add_text("第三条")
    run.add_break(WD_BREAK.PAGE)
    buffer = io.BytesIO()
    word.save(buffer)
    data = buffer.getvalue()
    lines = docx_paragraphs(data, "t.docx")
    assert lines == python_docx_text(data)
    assert lines == ["第一条 总则", "区域\t时间", "全区\t全年\n节假日除外", "第二条\t附则\n第三条"]


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.characters(
                codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="\r\n\t\x0b\x0c"
            ),
            max_size=30,
        ),
        min_size=1,
        max_size=6,
    )
)
def test_docx_reader_agrees_with_python_docx_on_any_text(paragraphs):
    data = word_bytes(paragraphs, [[p[:5] for p in paragraphs[:2]]])
    assert docx_paragraphs(data, "p.docx") == python_docx_text(data)


def test_a_doc_file_that_is_really_docx_is_read_as_docx(write):
    path = write("old-name.doc", word_bytes(["关于某事项的通知", "2020年1月1日"]))
    record = one(path)
    assert isinstance(record, TextDocument) and record.kind == "docx"


@pytest.mark.parametrize(
    ("name", "content", "phrase"),
    [
        ("broken.docx", b"PK\x03\x04 this is not really a zip", "corrupt or truncated"),
        ("empty.docx", b"", "is empty"),
        ("zip-without-word.docx", None, "has no word/document.xml"),
        ("bad-xml.docx", None, "text part is damaged"),
    ],
)
def test_bad_word_files_are_refused_with_a_reason(write, name, content, phrase):
    if name == "zip-without-word.docx":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "hi")
        content = buffer.getvalue()
    elif name == "bad-xml.docx":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/document.xml", "<w:document><w:body><w:p>")
        content = buffer.getvalue()
    record = one(write(name, content))
    assert isinstance(record, Unreadable)
    assert phrase in record.reason and name in record.reason


def test_truncated_docx_is_refused(write):
    data = (SAMPLES / "docx" / "A11-guangzhou-2023-huoqin-xiushi.docx").read_bytes()
    record = one(write("truncated.docx", data[: len(data) * 2 // 3]))
    assert isinstance(record, Unreadable) and "corrupt or truncated" in record.reason


def test_zip_bomb_is_refused_before_it_is_inflated(write):
    bomb = zip_bomb(50 * 1024 * 1024)
    assert len(bomb) < 200_000
    limits = ImportRules(max_uncompressed_bytes=10 * 1024 * 1024)
    record = one(write("bomb.docx", bomb), limits)
    assert isinstance(record, Unreadable)
    assert "would unpack to 50 MB, more than the limit of 10 MB" in record.reason
    assert "import.max_uncompressed_bytes" in (record.hint or "")


def test_oversized_file_is_refused_without_reading_it(write):
    path = write("huge.txt", "关于某事项的通知\n" * 2000)
    record = one(path, ImportRules(max_file_bytes=10_000))
    assert isinstance(record, Unreadable)
    assert "more than the limit" in record.reason and "import.max_file_bytes" in (record.hint or "")


def test_sizes_are_shown_in_the_units_the_profile_writes_its_limits_in(tmp_path):
    """The profile's limit is 50 * 1024 * 1024 bytes, "50 MB" as its comment and Windows say."""
    path = tmp_path / "scan-of-everything.pdf"
    with path.open("wb") as handle:
        handle.truncate(51 * 1024 * 1024 + 1)  # sparse: nothing is written
    record = one(path)
    assert isinstance(record, Unreadable)
    assert "is 51 MB, more than the limit of 50 MB" in record.reason


def test_a_docx_that_is_not_a_zip_is_refused_as_no_word_file(write):
    record = one(write("通知.docx", "关于某事项的通知\n2020年1月1日\n"))
    assert isinstance(record, Unreadable)
    assert "通知.docx is not a Word file" in record.reason
    assert "damaged" in record.reason and "not a kind of file" not in record.reason
    assert "save it again as .docx" in (record.hint or "")


# --- text encodings ---------------------------------------------------------------------

TEXT = "辰溪县人民政府办公室关于调整我县城乡居民最低生活保障标准的通知\n2014年3月3日\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("gb18030"),
        TEXT.encode("gbk"),
        TEXT.encode("utf-16"),  # declared by its byte-order mark
    ],
    ids=["utf-8", "utf-8-bom", "gb18030", "gbk", "utf-16-bom"],
)
def test_text_encodings_are_detected_not_guessed_from_the_name(data):
    assert decode_text(data, "a.txt") == TEXT


@pytest.mark.parametrize(
    ("data", "phrase"),
    [
        (TEXT.encode("utf-16-le"), "UTF-16 text without a byte-order mark"),
        (TEXT.encode("utf-16-be"), "UTF-16 text without a byte-order mark"),
        (
            "臺北市政府關於調整本市低收入戶標準之公告，自即日起實施。".encode("big5"),
            "neither UTF-8 nor GB18030",
        ),
        ("東京都の条例について通知します。".encode("shift_jis"), "neither UTF-8 nor GB18030"),
        (bytes(range(256)) * 20, "not a text file"),
        (os.urandom(4096).replace(b"\x00", b"\x01"), "not a text file"),
    ],
    ids=["utf-16-le", "utf-16-be", "big5", "shift-jis", "binary", "random-no-nul"],
)
def test_undeclared_encodings_and_binary_junk_are_refused_with_a_hint(write, data, phrase):
    record = one(write("junk.txt", data))
    assert isinstance(record, Unreadable)
    assert phrase in record.reason and "junk.txt" in record.reason
    assert record.hint


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["utf-8", "utf-8-bom"])
@pytest.mark.parametrize("cut", [1, 2])
def test_utf8_text_cut_inside_its_last_character_is_read_without_it(write, bom, cut):
    """A copy that lost its last byte or two is not Big5: the text is there, less the
    character that was cut."""
    text = TEXT.rstrip("\n")  # ends in 日, three bytes in UTF-8
    record = one(write("cut.txt", bom + text.encode("utf-8")[:-cut]))
    assert isinstance(record, TextDocument), record
    assert record.text == text[:-1]


def test_real_gb18030_files_read_the_same_as_their_utf8_originals():
    for name in ("A05-xuanwei-2017-jinranqu", "A09-ziyang-2020-huoqin-joint"):
        gb = one(SAMPLES / "gb18030" / f"{name}.gb18030.txt")
        utf8 = one(SAMPLES / "documents" / f"{name}.txt")
        assert isinstance(gb, TextDocument) and isinstance(utf8, TextDocument)
        assert gb.text == utf8.text


# --- PDF and old Word -------------------------------------------------------------------


def test_pdf_with_a_text_layer_is_read(write):
    lines = [
        "广州市人民政府关于活禽经营市场每月休市时间的通告",
        "穗府规〔2023〕5号",
        "2023年11月8日",
    ]
    record = one(write("notice.pdf", pdf_bytes(lines)))
    assert isinstance(record, TextDocument) and record.kind == "pdf"
    assert record.text.splitlines() == lines


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        (blank_pdf(), "scanned PDF: it has no text layer"),
        (b"%PDF-1.4\n%%garbage", "not a readable PDF"),
    ],
    ids=["scanned", "corrupt"],
)
def test_scanned_or_corrupt_pdf_is_refused_with_the_reason(write, content, phrase):
    record = one(write("scan.pdf", content))
    assert isinstance(record, Unreadable) and phrase in record.reason
    assert "OCR" in (record.hint or "") or "PDF" in (record.hint or "")


def test_old_word_without_libreoffice_names_the_package(write, monkeypatch):
    monkeypatch.setenv("PATH", str(write("bin/.keep", b"").parent))
    record = one(write("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600))
    assert isinstance(record, Unreadable)
    assert "needs LibreOffice" in record.reason and "libreoffice" in (record.hint or "")


def test_old_word_and_wps_are_converted_with_libreoffice_when_installed(
    write, monkeypatch, tmp_path
):
    """A stand-in soffice that writes the .docx LibreOffice would, where LibreOffice would."""
    converted = write("converted.docx", word_bytes(["关于某事项的通知", "2020年1月1日"]))
    soffice = write(
        "bin/soffice",
        "#!/bin/sh\n"
        "# soffice --headless --convert-to docx --outdir DIR FILE\n"
        'name=$(basename "$6"); cp "' + str(converted) + '" "$5/${name%.*}.docx"\n',
    )
    soffice.chmod(soffice.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{soffice.parent}{os.pathsep}/usr/bin{os.pathsep}/bin")
    for name in ("old.doc", "wps-file.wps"):
        record = one(write(name, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600))
        assert isinstance(record, TextDocument), record
        assert record.kind == "doc" and record.text.startswith("关于某事项的通知")


# --- paths --------------------------------------------------------------------------------


def test_folders_are_read_recursively_in_name_order_skipping_office_litter(write, tmp_path):
    write("in/b.txt", "乙")
    write("in/sub/a.txt", "甲")
    write("in/~$b.docx", b"lock")
    write("in/Thumbs.db", b"\x00")
    write("in/.hidden.txt", "x")
    sources = [r.source for r in collect([tmp_path / "in"], LIMITS)]
    assert sources == [str(tmp_path / "in" / "b.txt"), str(tmp_path / "in" / "sub" / "a.txt")]


def test_missing_unreadable_and_unsupported_paths_become_reasons(write, tmp_path):
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "gone.txt")
    write("scan.jpg", b"\xff\xd8\xff\xe0JFIF")
    write("notes.md", "# notes")
    records = list(
        collect(
            [tmp_path / "nowhere.docx", link, tmp_path / "scan.jpg", tmp_path / "notes.md"], LIMITS
        )
    )
    reasons = [r.reason for r in records if isinstance(r, Unreadable)]
    assert len(reasons) == 4
    assert "does not exist" in reasons[0]
    assert "cannot read" in reasons[1]
    assert "is an image" in reasons[2]
    assert ".md is not a kind of file normdocs imports" in reasons[3]


def test_a_folder_that_cannot_be_opened_is_one_reason_and_the_rest_is_read(write, tmp_path, lock):
    write("in/a.txt", "甲")
    write("in/locked/b.txt", "乙")
    write("in/z.txt", "丙")
    lock(tmp_path / "in" / "locked")
    records = list(collect([tmp_path / "in"], LIMITS))
    assert [r.source for r in records] == [
        str(tmp_path / "in" / "a.txt"),
        str(tmp_path / "in" / "z.txt"),
        str(tmp_path / "in" / "locked"),  # a folder's files come before its subfolders
    ]
    (refused,) = [r for r in records if isinstance(r, Unreadable)]
    assert refused.reason.startswith(f"cannot open the folder {tmp_path / 'in' / 'locked'}: ")
    assert "Permission denied" in refused.reason and "nothing in it was imported" in refused.reason
    assert "permission" in (refused.hint or "")
    assert count_files([tmp_path / "in"]) == 2


def test_a_folder_given_that_cannot_be_opened_is_one_reason(write, tmp_path, lock):
    write("in/a.txt", "甲")
    lock(tmp_path / "in")
    (record,) = list(collect([tmp_path / "in"], LIMITS))
    assert isinstance(record, Unreadable) and record.source == str(tmp_path / "in")
    assert "cannot open the folder" in record.reason


def test_a_file_in_a_folder_that_cannot_be_opened_is_one_reason(write, tmp_path, lock):
    inside = write("closed/a.txt", "甲")
    good = write("open/b.txt", "关于某事项的通知")
    lock(tmp_path / "closed")
    assert count_files([inside, good]) == 2
    records = list(collect([inside, good], LIMITS))
    assert [type(r) for r in records] == [Unreadable, TextDocument]
    assert records[0].reason == f"cannot read {inside}: Permission denied"


def test_empty_file_is_refused(write):
    record = one(write("empty.txt", b" \n\n"))
    assert isinstance(record, Unreadable) and "is empty" in record.reason


def test_an_import_of_many_pdfs_frees_each_reader_as_it_goes(registry, tmp_path):
    """The collector is paused during an import; what reading a PDF leaves in cycles (pypdf's
    readers) must still be freed after each file, or a folder of PDFs fills the memory."""
    import gc

    from pypdf import PdfReader

    from normdocs.services.importing import import_documents

    folder = tmp_path / "pdfs"
    folder.mkdir()
    for n in range(1, 13):
        lines = [
            f"元宝山区人民政府关于第{n}项工作的通知",
            "本通知自印发之日起施行。",
            "2025年3月3日",
        ]
        (folder / f"{n:02}.pdf").write_bytes(pdf_bytes(lines))
    alive: list[int] = []

    def readers() -> int:
        return sum(isinstance(o, PdfReader) for o in gc.get_objects())

    gc.collect()  # what earlier tests left
    before = readers()
    report = import_documents(
        registry.ctx, [folder], progress=lambda *_seen: alive.append(readers() - before)
    )

    assert report.counts()["new"] == 12
    assert len(alive) >= 12 and max(alive) == 0

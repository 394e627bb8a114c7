"""Builders of the files a clerk brings: Word files, PDFs with and without a text layer, bombs."""

import io
import zipfile

from docx import Document as WordDocument


def word_bytes(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    """A .docx made by python-docx: the paragraphs, then a table if given."""
    word = WordDocument()
    for text in paragraphs:
        word.add_paragraph(text)
    if table:
        grid = word.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def pdf_bytes(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds `lines` (CJK included): glyph ids are the Unicode
    code points and the ToUnicode map is the identity, so any reader extracts the text."""
    content = (
        "BT /F1 12 Tf 14 TL 72 800 Td "
        + " ".join(f"<{line.encode('utf-16-be').hex()}> Tj T*" for line in lines)
        + " ET"
    )
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
        "/CMapName /Identity-UCS def 1 begincodespacerange <0000> <FFFF> endcodespacerange "
        "1 beginbfrange <0000> <FFFF> <0000> endbfrange endcmap "
        "CMapName currentdict /CMap defineresource pop end end"
    )
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
        "/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        f"<< /Length {len(content.encode())} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>",
        f"<< /Length {len(cmap.encode())} >>\nstream\n{cmap}\nendstream",
    ]
    return _pdf(objects)


def blank_pdf(pages: int = 2) -> bytes:
    """A scan as far as text goes: pages with nothing but (here, no) images on them."""
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>",
    ]
    objects += ["<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages
    return _pdf(objects)


def _pdf(objects: list[str]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode())
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def zip_bomb(inflated_bytes: int) -> bytes:
    """A small .docx-looking zip whose document.xml inflates to `inflated_bytes`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<" + b"a" * (inflated_bytes - 1))
    return buffer.getvalue()

"""Reading one document's text from a .txt (UTF-8 or GB18030) or .docx file."""

import hashlib
import zipfile
from pathlib import Path

from normdocs.domain.errors import InvalidInput
from normdocs.i18n import _


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), else GB18030; binary junk and other encodings refused."""
    if b"\x00" in data[:4096]:
        raise InvalidInput(
            _("{name} is not a text file (it contains binary data)").format(name=name),
            _("give a .txt in UTF-8 or GB18030, or a .docx"),
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            _("{name} is neither UTF-8 nor GB18030 text").format(name=name),
            _("save it again as UTF-8"),
        ) from exc


def docx_text(data: bytes, name: str) -> str:
    """Paragraphs and table cells of a .docx, in document order."""
    import io

    from docx import Document as open_docx

    try:
        document = open_docx(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InvalidInput(
            _("{name} is not a readable Word (.docx) file").format(name=name),
            _("open it in Word and save it again as .docx"),
        ) from exc
    body = document.element.body
    lines: list[str] = []
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = [
                        "".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t"))
                        for cell in row
                        if cell.tag.endswith("}tc")
                    ]
                    lines.append("\t".join(cells))
    return "\n".join(lines)


def read_document_file(path: Path) -> tuple[str, str]:
    """(text, sha256 of the bytes) of a .txt or .docx file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            _("cannot read {path}: {error}").format(path=path, error=exc.strerror or exc),
            _("check the path and its permissions"),
        ) from exc
    if not data:
        raise InvalidInput(_("{path} is empty").format(path=path), None)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        text = docx_text(data, path.name)
    elif suffix in (".txt", ".text", ""):
        text = decode_text(data, path.name)
    else:
        raise InvalidInput(
            _("{path}: only .txt and .docx files can be attached").format(path=path),
            _("convert it to .docx or .txt first"),
        )
    if not text.strip():
        raise InvalidInput(_("{path} contains no text").format(path=path), None)
    return text, hashlib.sha256(data).hexdigest()

"""Reading one document's text from a .txt (UTF-8 or GB18030) or .docx file."""

import hashlib
import re
from pathlib import Path

from normdocs.domain.errors import InvalidInput
from normdocs.i18n import _

# Text is judged on its first part: enough to tell an encoding, cheap on a large file.
_SAMPLE_CHARS = 20_000
_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Control characters that never occur in text (tab, line feed, form feed, return do).
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
# A GB18030 decode of real Chinese text is almost all GB2312 characters; the same bytes in
# Big5, Shift-JIS or Latin-1 decode into rare characters instead.
_MIN_COMMON_SHARE = 0.9


def _utf16_without_bom(data: bytes) -> bool:
    """NUL bytes mostly on one side of each byte pair: UTF-16 text that lost its BOM."""
    sample = data[:4096]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    pairs = max(len(sample) // 2, 1)
    return max(even, odd) > pairs * 0.1 and min(even, odd) < max(even, odd) * 0.25


def _plausible(text: str, *, chinese: bool) -> bool:
    """No run of control characters; and, for a GB18030 reading, Chinese that reads as such."""
    sample = text[:_SAMPLE_CHARS]
    if not sample.strip():
        return True
    if len(_CONTROL.findall(sample)) > max(2, len(sample) // 200):
        return False
    if not chinese:
        return True
    cjk = _CJK.findall(sample)
    non_ascii = sum(1 for ch in sample if ord(ch) > 127)
    if not cjk:
        return non_ascii == 0
    common = 0
    for ch in cjk:
        try:
            ch.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common >= len(cjk) * _MIN_COMMON_SHARE


def decode_text(data: bytes, name: str, *, register: bool = False) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030/GBK — told apart by strict
    decoding and a check that the result reads as Chinese text. Binary junk and undeclared
    encodings (UTF-16 without BOM, Big5, …) are refused with a hint (for a register's .csv, one
    about registers: a .txt or .docx is no answer there)."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return _utf8(data[3:]).removeprefix("\ufeff")
        except UnicodeDecodeError:
            return _strict(data[3:], "utf-8", name)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", name)
    if b"\x00" in data[:4096]:
        if _utf16_without_bom(data) or _reads_as_utf16(data):
            raise _utf16(name)
        raise _binary(name, register=register)
    try:
        text = _utf8(data)
    except UnicodeDecodeError:
        pass
    else:
        if _plausible(text, chinese=False):
            return text
        raise _binary(name, register=register)
    gb_text: str | None
    try:
        gb_text = data.decode("gb18030")
    except UnicodeDecodeError:
        gb_text = None
    if gb_text is not None and _plausible(gb_text, chinese=True):
        return gb_text
    if _reads_as_utf16(data):
        raise _utf16(name)
    if len(_CONTROL.findall(data[:_SAMPLE_CHARS].decode("latin-1"))) > 8:
        raise _binary(name, register=register)
    raise InvalidInput(
        _(
            "{name} is neither UTF-8 nor GB18030 text (perhaps Big5, UTF-16 or another "
            "encoding, which normdocs does not guess)"
        ).format(name=name),
        _("save it again as UTF-8 text (in Notepad: Save as → Encoding: UTF-8)"),
    )


def _utf8(data: bytes) -> str:
    """UTF-8 text; a file cut short inside its last character (a copy that lost its last byte)
    is read without that character, which is all the cut lost."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.end != len(data) or exc.reason != "unexpected end of data":
            raise
        return data[: exc.start].decode("utf-8")


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            _("{name} says it is {encoding} but is not valid {encoding} text").format(
                name=name, encoding=encoding.upper()
            ),
            _("save it again as UTF-8 text"),
        ) from exc
    return text.removeprefix("\ufeff")


def _reads_as_utf16(data: bytes) -> bool:
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data[: _SAMPLE_CHARS * 2].decode(encoding)
        except UnicodeDecodeError:
            continue
        if _CJK.search(text) and _plausible(text, chinese=True):
            return True
    return False


def _utf16(name: str) -> InvalidInput:
    return InvalidInput(
        _(
            "{name} looks like UTF-16 text without a byte-order mark, "
            "an encoding normdocs does not guess"
        ).format(name=name),
        _("save it again as UTF-8 text (in Notepad: Save as → Encoding: UTF-8)"),
    )


def _binary(name: str, *, register: bool = False) -> InvalidInput:
    if register:
        return InvalidInput(
            _(
                "{name} is not a CSV register (it contains control characters or binary data)"
            ).format(name=name),
            _(
                "open it in the spreadsheet, remove the stray characters and save it as CSV "
                "(UTF-8), or give the register as .xlsx"
            ),
        )
    return InvalidInput(
        _("{name} is not a text file (it contains binary data)").format(name=name),
        _("give a .txt in UTF-8 or GB18030, or a .docx"),
    )


def docx_text(data: bytes, name: str) -> str:
    """Paragraphs and table rows of a .docx, in document order, one per line."""
    from normdocs.importers.docx import docx_paragraphs

    return "\n".join(docx_paragraphs(data, name))


def read_bytes(path: Path) -> bytes:
    """The bytes of a file named on the command line; one that cannot be read is refused."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            _("cannot read {path}: {error}").format(path=path, error=exc.strerror or exc),
            _("check the path and its permissions"),
        ) from exc


def read_document_file(path: Path) -> tuple[str, str]:
    """(text, sha256 of the bytes) of a .txt or .docx file."""
    data = read_bytes(path)
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

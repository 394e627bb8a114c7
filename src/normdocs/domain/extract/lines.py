"""A page as lines: hashes of a text, the lines of a page without web clutter, and the tests a
line is put to (page furniture, clutter, a line naming a body)."""

import hashlib
import re

from normdocs.domain.extract.bodies import _split_bodies
from normdocs.domain.extract.model import _Line
from normdocs.domain.extract.patterns import (
    _CLUTTER,
    _HTML_BREAK,
    _HTML_PAGE,
    _HTML_TAG,
    _NOT_DOCUMENT,
    _SALUTATION,
    _SENTENCE_PUNCT,
    _WIDTH,
)


def content_hash(text: str) -> str:
    """sha256 of the text with layout removed (spaces, bullets, blank lines), so that the same
    document saved as .txt, GB18030 or .docx has one hash."""
    return text_hashes(text)[0]


def substance_hash(text: str) -> str:
    """content_hash without the lines of web-page clutter (counters, 来源 and time stamps,
    editors, navigation): the same page saved on two days has one substance."""
    return text_hashes(text)[1]


def text_hashes(text: str) -> tuple[str, str]:
    """(content_hash, substance_hash) of a text, read once."""
    content = hashlib.sha256()
    substance = hashlib.sha256()
    first = first_kept = True
    for raw in text.splitlines():
        line = _trim(raw)
        if not line:
            continue
        compact = re.sub(r"\s+", "", line).encode("utf-8")
        content.update(compact if first else b"\n" + compact)
        first = False
        if not _is_page_line(line):
            substance.update(compact if first_kept else b"\n" + compact)
            first_kept = False
    return content.hexdigest(), substance.hexdigest()


def _is_page_line(line: str) -> bool:
    """A line of the web page around a document (浏览量, 来源 and its time stamp, 责任编辑, the
    site's name), not of the document: no sentence of the body is one, even when it names a
    网站 or a 来源, so a line with sentence punctuation never is."""
    return bool(_CLUTTER.search(line)) and not _SENTENCE_PUNCT.search(line)


def _trim(line: str) -> str:
    line = line.replace("\u3000", " ").replace("\xa0", " ").strip()
    return line.lstrip("-•·*●◆■▪ ").strip()


def _lines(text: str) -> list[_Line]:
    found = []
    if "</" in text and _HTML_PAGE.search(text):  # a database copy with its HTML tags
        text = _HTML_TAG.sub("", _HTML_BREAK.sub("\n\x00", text))
    number = 0
    for raw in text.splitlines():
        if raw.startswith("\x00"):  # a paragraph an HTML tag ended: the same source line
            raw = raw[1:]
        else:
            number += 1
        trimmed = _trim(raw)
        if trimmed:
            compact = re.sub(r"\s+", "", trimmed).translate(_WIDTH)
            found.append(_Line(number, trimmed, compact))
    return found


def _is_clutter(line: _Line) -> bool:
    return bool(_NOT_DOCUMENT.search(line.text))


def _is_agency_line(line: _Line) -> bool:
    return (
        len(line.compact) <= 60
        and not _SALUTATION.match(line.compact)
        and not line.compact.endswith("网")
        and _split_bodies(line.text) is not None
    )

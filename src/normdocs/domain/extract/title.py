"""The title of a page: the line that names the document, without the site's furniture."""

import re
from functools import lru_cache

from normdocs.domain.docnumber import find_doc_numbers
from normdocs.domain.extract.bodies import _split_bodies
from normdocs.domain.extract.lines import _is_agency_line
from normdocs.domain.extract.model import _Line
from normdocs.domain.extract.patterns import (
    _DAMAGED_NUMBER,
    _DATE_LINE,
    _ENUMERATION,
    _FOUR_DIGITS,
    _NUMBER_SPAN,
    _SECTION_TAG,
    _SENTENCE_PUNCT,
    _SEPARATOR,
    _TITLE_END,
)


@lru_cache(maxsize=4096)  # a line is looked at as a title several times
def _strip_title(compact: str) -> str:
    """A title line without the site's section or headline in front (政务公开丨, 首页>…>,
    「通告」), a 文号 before it, 《 》 around it or (文号) after it."""
    text = _after_separator(compact)
    text = _SECTION_TAG.sub("", text)
    if _FOUR_DIGITS.search(text):
        numbers = {(n.code, n.year, n.serial) for n in find_doc_numbers(text)}
        if numbers:

            def cut(match: re.Match[str]) -> str:
                run, year, serial = match.group(1), int(match.group(2)), int(match.group(3))
                for code, number_year, number_serial in numbers:
                    if (year, serial) == (number_year, number_serial) and run.endswith(code):
                        return run[: len(run) - len(code)]
                return match.group(0)

            text = _NUMBER_SPAN.sub(cut, text)
    if text.startswith("《") and text.endswith("》"):
        text = text[1:-1]
    return text.strip()


def _after_separator(text: str) -> str:
    """What follows the last separator of a site's path (首页>政务公开>…, 政务公开丨…); a > that
    closes a nested title (《实施<某法>办法》) is none."""
    cut = 0
    for match in _SEPARATOR.finditer(text):
        before = text[: match.start()]
        if match.group(0) == ">" and before.count("<") > before.count(">"):
            continue
        cut = match.end()
    return text[cut:]


def _title_like(line: _Line) -> bool:
    compact = line.compact
    return (
        2 <= len(compact) <= 150
        and not compact.startswith(("附件", "附表", "附:", "附："))
        and ":" not in compact
        and "：" not in compact
        and not _SENTENCE_PUNCT.search(_strip_title(compact))
        and not _DATE_LINE.match(compact)
        and not _ENUMERATION.match(compact)
        and not compact.endswith((":", "："))
    )


def _fragment(line: _Line) -> bool:
    """A piece of a title broken over lines: no end of a title, no date, no sentence."""
    return _title_like(line) and not _TITLE_END.search(line.compact) and len(line.compact) <= 40


def _title(lines: list[_Line], body_at: int) -> tuple[str | None, int | None, list[str]]:
    """(title, its paragraph, the issuers named before 关于 as lines above it)."""
    best: tuple[tuple[int, int, int], str, int, list[str]] | None = None
    for index, line in enumerate(lines):
        if not _title_like(line):
            continue
        if index > 0 and lines[index - 1].compact.startswith("附件"):
            continue  # an attachment's own title
        end = _strip_title(line.compact)
        if not _TITLE_END.search(end) or _DAMAGED_NUMBER.match(line.compact):
            continue
        parts = [end]
        first = index
        # A title broken over up to three lines: fragments above it up to the one with 关于.
        if "关于" not in end:
            above = first
            while above > 0 and index - above < 3 and _fragment(lines[above - 1]):
                above -= 1
                if "关于" in lines[above].compact:
                    parts = [lines[i].compact for i in range(above, index)] + parts
                    first = above
                    break
        joined = "".join(parts)
        issuers: list[str] = []
        if joined.startswith("关于"):
            # The bodies issuing it, on the lines above — unless those lines sit between a
            # headline and the title repeated (a database's issuer field, not the title's).
            top = first
            while top > 0 and _is_agency_line(lines[top - 1]) and first - top < 6:
                top -= 1
            database_field = (
                first - top == 1 and top > 0 and _strip_title(lines[top - 1].compact) == joined
            )
            if not database_field:
                for above in range(top, first):
                    issuers.extend(_split_bodies(lines[above].text) or [])
                first = top
        else:
            named = _line_issuers(line)
            if named:
                issuers = named
                joined = joined[len("".join(named)) :]
        title = ("、".join(issuers) + joined) if issuers else joined
        if len(title) < 6:
            continue
        has_issuer = bool(issuers) or bool(_issuer_prefix(title))
        score = (int(index < body_at), int(has_issuer), int("关于" in title))
        if best is None or score > best[0]:
            best = (score, title, lines[first].number, issuers)
    if best is None:
        return None, None, []
    return best[1], best[2], best[3]


def _line_issuers(line: _Line) -> list[str]:
    """The bodies a one-line title names before 关于, written apart by spaces: 成都市发展和改革
    委员会 中共成都市委社会工作部 … 关于印发…的通知."""
    head, sep, _rest = _strip_title(line.text).partition("关于")
    if not sep or not re.search(r"\s", head.strip()):
        return []
    return _split_bodies(head) or []


_ISSUING = re.compile(r"关于|转发|批转|印发|发布|公布")


def _issuer_prefix(title: str) -> list[str]:
    """The bodies named before 关于 (or 转发, 印发…) in a title: 辰溪县人民政府办公室关于… →
    [辰溪县人民政府办公室]; 厦门市人民政府办公厅转发市财政局关于… → [厦门市人民政府办公厅]."""
    for match in _ISSUING.finditer(title):
        head = title[: match.start()]
        if not head:
            continue
        names = _split_bodies(head)
        if names:
            return names
    return []

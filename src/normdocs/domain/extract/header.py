"""The header of a published page: its label: value pairs (发文字号：…, 【发布部门】…) and the
site's own time stamps, which are not the document's dates."""

import re

from normdocs.domain.extract.model import _Header, _Line
from normdocs.domain.extract.patterns import (
    _HEAD_LINES,
    _HEADER_FIELDS,
    _LABEL,
    _LABEL_ALONE,
    _LABEL_TAIL,
)


def _read_header(lines: list[_Line]) -> _Header:
    """The label: value pairs at the top of a page: several on one line (either colon width, a
    value ends where the next label begins), 【label】 value, and a label alone on its line with
    its value on the next (a table flattened to text)."""
    header = _Header()
    pending: str | None = None
    waiting = False
    for line in lines[:_HEAD_LINES]:
        compact = line.compact
        if waiting:
            waiting = False
            if not _LABEL_ALONE.match(compact) and not _LABEL.match(compact):
                value, tail = compact, _LABEL_TAIL.search(compact)
                if tail:  # the value ran into the next cell's label: …的通知发文机关
                    value = compact[: tail.start()]
                header.add(pending, value, line)
                header.consumed.add(id(line))
                if tail:
                    pending, waiting = _HEADER_FIELDS[tail.group(1)], True
                continue
        alone = _LABEL_ALONE.match(compact)
        if alone:
            header.consumed.add(id(line))
            pending = _HEADER_FIELDS[alone.group(1)]
            waiting = pending is not None
            continue
        if not _LABEL.match(compact):
            continue
        matches = list(_LABEL.finditer(compact))
        header.consumed.add(id(line))
        if _is_site_stamp(compact):
            header.site_stamps.add(id(line))
        for match, following in zip(matches, [*matches[1:], None], strict=True):
            label = match.group(1) or match.group(2)
            end = following.start() if following else len(compact)
            header.add(_HEADER_FIELDS[label], compact[match.end() : end], line)
        last = matches[-1]
        if last.end() == len(compact):  # the last label's value is on the next line
            pending = _HEADER_FIELDS[last.group(1) or last.group(2)]
            waiting = pending is not None and len(matches) == 1
    return header


def _is_site_stamp(compact: str) -> bool:
    """A line with the time the site posted the page: it names the site as 来源 or 作者, or
    counts the page's readers."""
    return bool(
        re.search(r"(?:来源|作者)[:：][^:：]*?(?:网|网站|文库)(?:[^:：]{0,6}[:：]|$)", compact)
        or re.search(r"浏览|阅读|点击|下载本文", compact)
    )

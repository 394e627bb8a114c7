"""Names of bodies: whether a name can be an issuer, its level, and splitting a run of names
(联合发文) into bodies."""

import re

from normdocs.domain.extract.patterns import (
    _BODY_END,
    _BODY_WORD_START,
    _GENERIC_START,
    _NAME_SPLIT,
    _NATIONAL,
    _NOT_A_BODY,
    _ODD_CHAR,
    _PARTY,
    _PLACE,
    _PROVINCE,
)
from normdocs.domain.messages import Msg, _


def issuer_name_problem(name: str) -> Msg | None:
    """Why `name` cannot be an issuer (a site, a place, a name carrying a label or a
    separator, an abbreviation without its place), or None when it looks like a body's name:
    no such name is ever registered as an agency."""
    compact = "".join(name.split())
    if not 3 <= len(compact) <= 40:
        return _("“{name}” is not the name of a body (3 to 40 characters)").format(name=name)
    odd = _ODD_CHAR.search(compact)
    if odd:
        return _("“{name}” contains “{char}”, which no body's name does").format(
            name=name, char=odd.group(0)
        )
    if _NOT_A_BODY.search(compact):
        return _("“{name}” names a website or a medium, not a body").format(name=name)
    if not _BODY_END.search(compact):
        return _(
            "“{name}” does not end as a body's name does (人民政府, 办公室, 办公厅, 局, 委员会, "
            "行政公署, 管委会, …)"
        ).format(name=name)
    if not (_PLACE.search(_GENERIC_START.sub("", compact)) or _NATIONAL.search(compact)):
        return _("“{name}” is an abbreviation without its place").format(name=name)
    return None


def is_party_body(name: str) -> bool:
    """A body of the Party (中共…委员会, …市委办公室): a co-issuer of a joint document, never
    the government that issues it."""
    return bool(_PARTY.search(name))


def issuer_level(name: str) -> str:
    """An unknown issuer's level from its name: 人民政府, 行政公署 (行署) and their 办公室/办公厅
    are governments — of a 盟, 自治州 or 地区 too; a Party office is not."""
    if is_party_body(name):
        return "department"
    if "人民政府" in name or re.search(r"(?:行政公署|行署|公署)(?:办公室|办公厅)?$", name):
        return "government"
    if name.endswith(("办公室", "办公厅")):
        return "government"
    return "department"


def _split_bodies(text: str) -> list[str] | None:
    """The bodies named by a run of names (成都市发展和改革委员会 中共成都市委社会工作部,
    财政部、国家税务总局, or glued: 中共岳阳市委办公室岳阳市人民政府办公室); None when any part
    is not a body's name."""
    parts = [p for p in _NAME_SPLIT.split(text) if p]
    if not parts or len(parts) > 8:
        return None
    names: list[str] = []
    for part in parts:
        glued = _unglue(part) if len(part) >= 10 else None
        if glued and all(
            issuer_name_problem(name) is None and _PLACE.search(_GENERIC_START.sub("", name))
            for name in glued
        ):
            names.extend(glued)
        elif _body_shape(part):
            names.append(part)
        elif glued:
            names.extend(glued)
        else:
            return None
    return names


def _body_shape(name: str) -> bool:
    return (
        3 <= len(name) <= 40
        and not _BODY_WORD_START.match(name)
        and bool(_BODY_END.search(name))
        and not _ODD_CHAR.search(name)
        and not _NOT_A_BODY.search(name)
    )


def _unglue(run: str) -> list[str] | None:
    """A run of body names written without separators, split where one name ends."""
    if len(run) > 90:
        return None
    for end in range(len(run) - 3, 2, -1):
        head, rest = run[:end], run[end:]
        if _body_shape(head) and not _BODY_WORD_START.match(rest):
            tail = [rest] if _body_shape(rest) else _unglue(rest)
            if tail is not None:
                return [head, *tail]
    return None


def _without_province(name: str) -> str:
    """河南省濮阳市人民政府办公室 → 濮阳市人民政府办公室: a database puts the province in front."""
    return _PROVINCE.sub("", name)

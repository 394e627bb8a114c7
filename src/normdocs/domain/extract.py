"""Metadata of a document read from its text or from a register row: title, 文号, issuer, dates,
effective date, validity, interim — ignoring the clutter of the web pages copies come from."""

import hashlib
import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from normdocs.domain.dates import parse_date
from normdocs.domain.docnumber import CLOSE_BRACKETS, OPEN_BRACKETS, find_doc_numbers
from normdocs.domain.docnumber import parse_doc_number as _parse_number
from normdocs.domain.errors import InvalidInput
from normdocs.domain.profile import ValidityRules
from normdocs.domain.validity import expiry_after
from normdocs.i18n import _

INTERIM_MARKERS = ("暂行", "试行")

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

# What a title ends with: the kind of document (文种), before an optional (试行) or (2021年修订).
_KINDS = (
    "实施细则|实施办法|实施意见|实施方案|通知|通告|公告|意见|决定|规定|办法|细则|方案|计划|规划|"
    "规则|条例|标准|批复|命令|决议|纲要|制度|守则|须知|要点|目录|清单|指引|指南|措施|通报|公报|"
    "函|令"
)
_TITLE_END = re.compile(rf"(?:{_KINDS})(?:[(（][^()（）]{{1,12}}[)）])?$")
_AGENCY_SUFFIX = (
    "人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|管理委员会|委员会|政府|局|厅|委|办|中心|"
    "法院|检察院|支队|大队|管理处|管理所|管委会"
)
_AGENCY = re.compile(rf"[{_CJK}()（）]{{3,30}}?(?:{_AGENCY_SUFFIX})")
_AGENCY_LINE = re.compile(rf"^(?:{_AGENCY.pattern})(?:\s+(?:{_AGENCY.pattern}))*$")

# Web-page clutter: counters, navigation, sharing, site names, editors, picture files.
_CLUTTER = re.compile(
    r"浏览量|浏览次数|阅读次数|阅读量|点击数|点击量|访问量|分享到|打印本页|关闭窗口|【打印】|"
    r"当前位置|所在位置|首页\s*>|>>|进入移动版|责任编辑|来源\s*[:：]|信息来源|核心提示|站内搜索|"
    r"关键字\s*[:：]|(?<!文)字号\s*[:：]|大\s+中\s+小|扫一扫|网站|文库|^页\s*[:：]?$|^\[\d+\]$|"
    r"\.(?:png|jpe?g|gif|bmp)$|^【?(?:字体|打印|收藏|关闭)】?$"
)
_SENTENCE_PUNCT = re.compile(r"[。；;!！?？，,]")
_SALUTATION = re.compile(r"^(?:各|广大|全体|有关)")
_ENUMERATION = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|[0-9]{1,3}[、.．]|[(（][一二三四五六七八九十\d]+[)）]|第[一二三四五六七八九十百\d]+[条章节])"
)

_YEAR = "[0-9〇○◯Oo零一二三四五六七八九]{4}"
_SMALL = "[0-9]{1,2}|[一二三四五六七八九十]{1,3}"
_DATE_CN = rf"{_YEAR}\s*年\s*(?:{_SMALL})\s*月\s*(?:{_SMALL})\s*[日号]"
_DATE_ISO = r"[0-9]{4}\s*[-/.]\s*[0-9]{1,2}\s*[-/.]\s*[0-9]{1,2}"
_DATE = rf"(?:{_DATE_CN}|{_DATE_ISO})"
# A date line: the date alone, 日 sometimes lost at the end of a copied page.
_DATE_LINE = re.compile(
    rf"^(?:{_YEAR}\s*年\s*(?:{_SMALL})\s*月\s*(?:{_SMALL})\s*[日号]?|{_DATE_ISO})$"
)
_HEADER_DATE = re.compile(
    rf"(?:发布时间|发布日期|成文日期|印发日期|公布日期|发文日期|时间|日期)\s*[:：]\s*({_DATE})"
)
_HEADER_NUMBER = re.compile(r"(?:文号|发文字号|发文文号)\s*[:：]\s*(\S.*)$")
_HEADER_ISSUER = re.compile(
    r"(?:发文机关|发布机构|发布机关|发文单位|制定机关|发文机构|制发机关)\s*[:：]\s*(\S+)"
)
# A 文号 whose closing bracket and 号 were lost: 广安区府办发〔202026 → 〔2020〕26号.
_DAMAGED_NUMBER = re.compile(
    rf"^([{_CJK}]{{2,12}})\s*[{re.escape(OPEN_BRACKETS)}]\s*([0-9]{{4}})([0-9]{{1,5}})\s*号?$"
)
_OWN = r"(?:本|此)[^。；;]{0,20}?(?:自|从|于)\s*"
_TAKES_EFFECT = r"[^。；;,，的]{0,4}?(?:施行|执行|生效|实施)(?![的])"
_EFFECTIVE_ON_ISSUE = re.compile(
    _OWN + r"(?:发布|公布|印发|下发|发文|下文|签发|公告|通告)之日起" + _TAKES_EFFECT
)
_EFFECTIVE_ON_DATE = re.compile(_OWN + rf"({_DATE})\s*(?:起|开始)?" + _TAKES_EFFECT)
_EFFECTIVE_JAMMED = re.compile(_OWN + r"([0-9]{6,8})\s*日?\s*(?:起|开始)?" + _TAKES_EFFECT)
_VALIDITY_UNTIL = re.compile(rf"有效期[^。；;]{{0,30}}?(?:至|到|截至|截止)\s*({_DATE})")
_VALIDITY_YEARS = re.compile(
    r"有效期\s*(?:为|是)?\s*([0-9]{1,2}|[一二两三四五六七八九十]{1,2})\s*年"
)
_CN_NUMBERS = dict(zip("一二两三四五六七八九十", (1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10), strict=True))


@dataclass(frozen=True)
class Problem:
    """Something in the source that makes the item unusable, and where (1-based paragraph)."""

    message: str
    paragraph: int | None = None


@dataclass(slots=True)
class Extracted:
    """What was found; None where the source does not say. `notes` record repairs made."""

    title: str | None = None
    title_paragraph: int | None = None
    doc_number: str | None = None
    issuer: str | None = None
    co_issuers: tuple[str, ...] = ()
    issuer_from: str | None = None  # header | title | signature | code | register
    promulgated_on: date | None = None
    effective_on: date | None = None  # only when the source states it
    expires_on: date | None = None  # a stated last day in force
    validity_years: int | None = None  # a stated 有效期N年
    interim: bool = False
    ended_on: date | None = None  # registers: a document already repealed, revoked, …
    end_reason: str | None = None
    problems: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass
class _Line:
    number: int  # 1-based paragraph
    text: str  # trimmed, bullets removed
    compact: str  # without any whitespace, digits half-width


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
    for index, raw in enumerate(text.splitlines(), start=1):
        trimmed = _trim(raw)
        if trimmed:
            compact = re.sub(r"\s+", "", trimmed).translate(_WIDTH)
            found.append(_Line(index, trimmed, compact))
    return found


def _is_clutter(line: _Line) -> bool:
    return bool(_CLUTTER.search(line.text))


def _is_agency_line(line: _Line) -> bool:
    return (
        len(line.compact) <= 60
        and not _SALUTATION.match(line.compact)
        and not line.compact.endswith("网")
        and bool(_AGENCY_LINE.match(line.text))
    )


def _agencies_in(line: _Line) -> list[str]:
    return [name for name in line.text.split() if name]


def extract_metadata(
    text: str,
    *,
    known_codes: Mapping[str, str] | None = None,
    interim_markers: Collection[str] = INTERIM_MARKERS,
) -> Extracted:
    """Everything a clerk would read off the document; `known_codes` maps the 机关代字 of
    registered agencies to their names (the issuer of last resort)."""
    known_codes = known_codes or {}
    every_line = _lines(text)
    lines = [line for line in every_line if not _is_clutter(line)]
    body_at = _body_start(lines)
    # Dated headers often share a line with clutter: 时间:2017-11-08 大 中 小.
    head_end = lines[body_at].number if body_at < len(lines) else len(every_line) + 1
    header_lines = [line for line in every_line if line.number < head_end]
    problems: list[Problem] = []
    notes: list[str] = []

    title, title_at = _title(lines, body_at)
    promulgated_on, signature_at = _promulgation_date(lines, header_lines, problems)
    number = _doc_number(lines, body_at, known_codes, promulgated_on, notes)
    issuer, co_issuers, issuer_from = _issuer(
        lines, body_at, title, signature_at, number, known_codes
    )
    effective_on = _effective_date(lines, promulgated_on, problems, notes)
    expires_on, years = _validity(lines, problems)
    interim = bool(title) and any(marker in (title or "") for marker in interim_markers)
    return Extracted(
        title=title,
        title_paragraph=title_at,
        doc_number=number,
        issuer=issuer,
        co_issuers=co_issuers,
        issuer_from=issuer_from,
        promulgated_on=promulgated_on,
        effective_on=effective_on,
        expires_on=expires_on,
        validity_years=years,
        interim=interim,
        problems=tuple(problems),
        notes=tuple(notes),
    )


def _body_start(lines: list[_Line]) -> int:
    """Index of the first line of the body: a salutation (各…:) or a running sentence."""
    for index, line in enumerate(lines):
        compact = line.compact
        if _HEADER_NUMBER.search(compact) or _HEADER_DATE.search(compact):
            continue
        if len(compact) <= 100 and (
            (compact.endswith((":", "：")) and _SALUTATION.match(compact))
            or (_SALUTATION.match(compact) and not _TITLE_END.search(compact))
            or compact.endswith((":", "："))
        ):
            return index
        if len(compact) >= 30 and _SENTENCE_PUNCT.search(compact):
            return index
    return len(lines)


# --- title --------------------------------------------------------------------------------


def _strip_title(compact: str) -> str:
    """A title line without a 文号 before it, 《 》 around it or (文号) after it."""
    text = compact
    numbers = find_doc_numbers(text)
    for number in numbers:
        pattern = re.escape(number.code) + r"[" + re.escape(OPEN_BRACKETS) + r"]"
        pattern += rf"{number.year}[{re.escape(CLOSE_BRACKETS)}]第?0*{number.serial}号"
        text = re.sub(rf"[(（]?{pattern}[)）]?", "", text)
    if text.startswith("《") and text.endswith("》"):
        text = text[1:-1]
    return text.strip()


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


def _title(lines: list[_Line], body_at: int) -> tuple[str | None, int | None]:
    best: tuple[tuple[int, int, int], str, int] | None = None
    for index, line in enumerate(lines):
        if not _title_like(line):
            continue
        end = _strip_title(line.compact)
        if not _TITLE_END.search(end) or _DAMAGED_NUMBER.match(line.compact):
            continue
        parts = [end]
        first = index
        # A title broken over lines: fragments with 关于 above, then the issuer line(s).
        while "关于" not in "".join(parts) and first > 0 and index - first < 3:
            previous = lines[first - 1]
            if not (_title_like(previous) and "关于" in previous.compact):
                break
            if _TITLE_END.search(previous.compact):
                break
            parts.insert(0, previous.compact)
            first -= 1
        joined = "".join(parts)
        issuers: list[str] = []
        if joined.startswith("关于"):
            while first > 0 and _is_agency_line(lines[first - 1]) and len(issuers) < 6:
                issuers = _agencies_in(lines[first - 1]) + issuers
                first -= 1
        title = ("、".join(issuers) + joined) if issuers else joined
        if len(title) < 6:
            continue
        has_issuer = bool(issuers) or bool(_issuer_prefix(title))
        score = (int(index < body_at), int(has_issuer), int("关于" in title))
        if best is None or score > best[0]:
            best = (score, title, lines[first].number)
    if best is None:
        return None, None
    return best[1], best[2]


def _issuer_prefix(title: str) -> list[str]:
    """The agencies named before 关于 in a title: 辰溪县人民政府办公室关于… → [辰溪县人民政府办公室]."""
    head, sep, _rest = title.partition("关于")
    if not sep or not head:
        return []
    names = [n for n in re.split(r"[、\s]+", head) if n]
    if names and all(_AGENCY.fullmatch(n) for n in names):
        return names
    return []


# --- 文号 ---------------------------------------------------------------------------------


def _doc_number(
    lines: list[_Line],
    body_at: int,
    known_codes: Mapping[str, str],
    promulgated_on: date | None,
    notes: list[str],
) -> str | None:
    head = lines[: max(body_at, 0)]
    for line in lines[: body_at + 3]:
        match = _HEADER_NUMBER.search(line.compact)
        if match:
            try:
                return str(_parse_number(match.group(1)))
            except InvalidInput:
                continue
    # In the head every 文号 is the document's own; in the body they are citations.
    for line in head:
        found = find_doc_numbers(line.compact, list(known_codes))
        if found and (len(line.compact) <= 40 or _title_like(line)):
            return str(found[0])
    for line in head:
        damaged = _DAMAGED_NUMBER.match(line.compact)
        if not damaged:
            continue
        code, year, serial = damaged.group(1), int(damaged.group(2)), int(damaged.group(3))
        if promulgated_on is not None and year not in (
            promulgated_on.year - 1,
            promulgated_on.year,
        ):
            continue
        try:
            number = str(_parse_number(f"{code}〔{year}〕{serial}号"))
        except InvalidInput:
            continue
        notes.append(
            _(
                "the 文号 “{text}” (paragraph {paragraph}) lacks its 〕 and 号: read as {number}"
            ).format(text=line.text, paragraph=line.number, number=number)
        )
        return number
    return None


# --- issuer -------------------------------------------------------------------------------


def _issuer(
    lines: list[_Line],
    body_at: int,
    title: str | None,
    signature_at: int | None,
    number: str | None,
    known_codes: Mapping[str, str],
) -> tuple[str | None, tuple[str, ...], str | None]:
    for line in lines[: body_at + 3]:
        match = _HEADER_ISSUER.search(line.compact)
        if match:
            return match.group(1), (), "header"
    if title:
        names = _issuer_prefix(title)
        if names:
            return names[0], tuple(names[1:]), "title"
    if signature_at is not None:
        names = []
        index = signature_at - 1
        while index >= 0 and signature_at - index <= 3 and _is_agency_line(lines[index]):
            names = _agencies_in(lines[index]) + names
            index -= 1
        names = [n for n in names if len(n) >= 4]
        if names:
            return names[0], tuple(names[1:]), "signature"
    if number is not None:
        code = number.split("〔", 1)[0]
        if code in known_codes:
            return known_codes[code], (), "code"
    return None, (), None


# --- dates --------------------------------------------------------------------------------


def _parse_found(text: str, paragraph: int, problems: list[Problem]) -> date | None:
    if re.search(r"月\s*[0-9一二三四五六七八九十]{1,3}$", text):
        text += "日"  # 2020年1月25 — the 日 lost at the end of a copied page
    try:
        return parse_date(text)
    except InvalidInput as exc:
        problems.append(Problem(exc.message, paragraph))
        return None


def _promulgation_date(
    lines: list[_Line], header_lines: list[_Line], problems: list[Problem]
) -> tuple[date | None, int | None]:
    """成文日期: the date line under the signature; else the first date line; else a dated
    header (发布时间: …). Returns the date and the index of its line when it is a date line."""
    first_line: tuple[date, int] | None = None
    for index, line in enumerate(lines):
        if not _DATE_LINE.match(line.compact):
            continue
        found = _parse_found(line.compact, line.number, problems)
        if found is None:
            continue
        if index > 0 and _is_agency_line(lines[index - 1]):
            return found, index
        if first_line is None:
            first_line = (found, index)
    if first_line is not None:
        return first_line
    for line in header_lines:
        match = _HEADER_DATE.search(line.compact)
        if match:
            return _parse_found(match.group(1), line.number, problems), None
    return None, None


def _effective_date(
    lines: list[_Line], promulgated_on: date | None, problems: list[Problem], notes: list[str]
) -> date | None:
    for line in lines:
        compact = line.compact
        if _EFFECTIVE_ON_ISSUE.search(compact):
            return promulgated_on
        match = _EFFECTIVE_ON_DATE.search(compact)
        if match:
            return _parse_found(match.group(1), line.number, problems)
        jammed = _EFFECTIVE_JAMMED.search(compact)
        if jammed:
            found = _jammed_date(jammed.group(1), promulgated_on)
            if found is not None:
                notes.append(
                    _("“{digits}” (paragraph {paragraph}) was read as {date}").format(
                        digits=jammed.group(1), paragraph=line.number, date=found.isoformat()
                    )
                )
                return found
    return None


def _jammed_date(digits: str, near: date | None) -> date | None:
    """2020125 → 2020-01-25 or 2020-12-05: the reading on or after `near` closest to it."""
    year, rest = int(digits[:4]), digits[4:]
    readings = []
    for cut in range(1, len(rest)):
        try:
            readings.append(date(year, int(rest[:cut]), int(rest[cut:])))
        except ValueError:
            continue
    if len(readings) == 1:
        return readings[0]
    if near is None:
        return None
    later = [d for d in readings if d >= near]
    return min(later, key=lambda d: d - near) if later else None


def _validity(lines: list[_Line], problems: list[Problem]) -> tuple[date | None, int | None]:
    for line in lines:
        until = _VALIDITY_UNTIL.search(line.compact)
        if until:
            return _parse_found(until.group(1), line.number, problems), None
        years = _VALIDITY_YEARS.search(line.compact)
        if years:
            return None, _small_number(years.group(1))
    return None, None


def _small_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if len(text) == 2 and text[0] == "十":
        return 10 + _CN_NUMBERS[text[1]]
    return _CN_NUMBERS.get(text)


# --- validity -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DerivedValidity:
    effective_on: date
    expires_on: date | None
    validity_stated: bool


def derive_validity(found: Extracted, rules: ValidityRules) -> DerivedValidity:
    """DESIGN §1: a validity stated in the document wins; else the default years (2 for
    暂行/试行) from the effective date — but only for documents promulgated on or after the
    profile's default_applies_from; an older one that states none keeps no expiry."""
    assert found.promulgated_on is not None
    effective = found.effective_on or found.promulgated_on
    if found.expires_on is not None:
        return DerivedValidity(effective, found.expires_on, True)
    if found.validity_years is not None:
        return DerivedValidity(effective, expiry_after(effective, found.validity_years), True)
    if found.promulgated_on >= rules.default_applies_from:
        years = rules.interim_years if found.interim else rules.default_years
        return DerivedValidity(effective, expiry_after(effective, years), False)
    return DerivedValidity(effective, None, False)


# --- register rows ------------------------------------------------------------------------

_EMPTY_CELLS = frozenset({"", "-", "—", "--", "/", "无", "暂无", "n/a", "none"})
_IN_FORCE = frozenset({"有效", "现行有效", "继续有效", "是", "在用", "现行", "正常"})
_ENDINGS = {
    "废止": "repealed",
    "宣布失效": "invalidated",
    "撤销": "revoked",
    "修订": "superseded",
    "修改": "superseded",
    "失效": "expired",
    "无效": "expired",
    "否": "expired",
    "过期": "expired",
}
_EXCEL_EPOCH = date(1899, 12, 30)
_PLAIN_DATE = re.compile(r"([0-9]{4})[-./]([0-9]{1,2})[-./]([0-9]{1,2})")
# A 文号 already in its normal form (most register cells): checked without the full parser.
_CANONICAL_NUMBER = re.compile(rf"[{_CJK}]{{1,20}}〔((?:19|20|21)[0-9]{{2}})〕[1-9][0-9]{{0,4}}号")
_LABELS = {
    "title": "文件名称",
    "doc_number": "文号",
    "issuer": "发文机关",
    "promulgated_on": "发布日期",
    "effective_on": "施行日期",
    "validity": "有效期",
    "status": "状态",
    "note": "备注",
}


def register_values(
    values: Mapping[str, Any],
    *,
    today: date,
    interim_markers: Collection[str] = INTERIM_MARKERS,
) -> Extracted:
    """A register row's cells (raw: text, numbers, Excel dates) as metadata; every bad cell is a
    problem naming its column."""
    problems: list[Problem] = []
    get = values.get

    def problem(name: str, message: str) -> None:
        problems.append(
            Problem(_("{column}: {message}").format(column=_LABELS[name], message=message))
        )

    title = _cell_text(get("title"))
    if title is not None and " " in title:
        title = re.sub(rf"\s+(?=[{_CJK}])|(?<=[{_CJK}])\s+", "", title)
    elif title is None:
        problem("title", _("no title"))
    number = None
    number_text = _cell_text(get("doc_number"))
    if number_text is not None:
        number = _canonical_number(number_text)
        if number is None:
            try:
                number = str(_parse_number(number_text))
            except InvalidInput as exc:
                problem("doc_number", exc.message)
    issuer = _cell_text(get("issuer"))
    issuer_from = "register" if issuer else None
    if issuer is None and title:
        names = _issuer_prefix(title)
        if names:
            issuer, issuer_from = names[0], "title"
    promulgated_on = _cell_date(get("promulgated_on"), "promulgated_on", problem)
    if promulgated_on is None and "promulgated_on" not in values:
        problem("promulgated_on", _("no promulgation date"))
    effective_on = _cell_date(get("effective_on"), "effective_on", problem)
    expires_on, years = _cell_validity(get("validity"), problem)
    interim = False
    if title:
        for marker in interim_markers:
            if marker in title:
                interim = True
                break
    status = _cell_text(get("status"))
    ended_on = end_reason = None
    if status is not None and status not in _IN_FORCE:
        expires_on, ended_on, end_reason = _with_status(
            status,
            _cell_text(get("note")),
            _Dates(promulgated_on, effective_on, expires_on, years),
            today,
            problem,
        )
    return Extracted(
        title=title,
        doc_number=number,
        issuer=issuer,
        issuer_from=issuer_from,
        promulgated_on=promulgated_on,
        effective_on=effective_on,
        expires_on=expires_on,
        validity_years=years,
        interim=interim,
        ended_on=ended_on,
        end_reason=end_reason,
        problems=tuple(problems),
    )


def _cell_text(value: Any) -> str | None:
    """A cell as text, whitespace runs made one space; None when it says nothing (-, 无)."""
    if value is None:
        return None
    if value.__class__ is not str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        value = str(value)
    cleaned = " ".join(value.split())
    return None if cleaned.lower() in _EMPTY_CELLS else cleaned


def _canonical_number(text: str) -> str | None:
    """`text` when it is a 文号 in its normal form already (most register cells), else None:
    the full parser (which explains what is wrong) takes the rest."""
    canonical = _CANONICAL_NUMBER.fullmatch(text)
    if canonical and 1949 <= int(canonical.group(1)) <= 2100:
        return text
    return None


@dataclass(frozen=True)
class _Dates:
    promulgated_on: date | None
    effective_on: date | None
    expires_on: date | None
    validity_years: int | None


def _cell_date(value: Any, name: str, problem: Any) -> date | None:
    if value is None:
        return None
    if value.__class__ is str:
        try:
            return _text_date(value)
        except InvalidInput as exc:
            problem(name, exc.message)
            return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        # An Excel date stored as a plain number (days since 1899-12-30).
        if 18_000 <= value <= 80_000:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        if not 19_000_101 <= value <= 21_001_231:
            problem(name, _("“{value}” is not a date").format(value=value))
            return None
        value = str(int(value))
    return _cell_date(str(value), name, problem)


@lru_cache(maxsize=16_384)  # a register repeats its dates; a failure (an exception) is not kept
def _text_date(value: str) -> date | None:
    """A date cell typed as text; None for an empty one (-, 无); InvalidInput if not a day."""
    text = " ".join(value.split())
    fast = _PLAIN_DATE.fullmatch(text)
    if fast:  # 2022-05-31, 2022.5.31, 2022/5/31: most cells of a register
        try:
            return date(int(fast.group(1)), int(fast.group(2)), int(fast.group(3)))
        except ValueError:
            pass  # parse_date below says what is wrong with it
    if text.lower() in _EMPTY_CELLS:
        return None
    text = re.sub(r"\s+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$", "", text)  # 2022-05-31 00:00:00
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    return parse_date(text)


def _cell_validity(value: Any, problem: Any) -> tuple[date | None, int | None]:
    if value is None:
        return None, None
    if isinstance(value, date | datetime) or (
        isinstance(value, int | float) and not isinstance(value, bool) and value > 1000
    ):
        return _cell_date(value, "validity", problem), None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return None, int(value)  # a number of years
    found = _text_validity(str(value))
    if found is None:
        problem(
            "validity",
            _(
                "cannot read “{value}”: write a number of years (5年) or the last day (2026-04-30)"
            ).format(value=_validity_form(str(value))),
        )
        return None, None
    return found


def _validity_form(value: str) -> str:
    return unicodedata.normalize("NFKC", " ".join(value.split()))


@lru_cache(maxsize=1024)  # a register repeats 5年, 长期 and its last days
def _text_validity(value: str) -> tuple[date | None, int | None] | None:
    """(last day, years) of a validity cell typed as text; None when it cannot be read."""
    text = _validity_form(value)
    if text.lower() in _EMPTY_CELLS or text in ("长期", "长期有效", "永久", "未规定", "未明确"):
        return None, None
    years = re.fullmatch(
        r"(?:有效期)?\s*(?:为)?\s*([0-9]{1,2}|[一二两三四五六七八九十]{1,2})\s*年", text
    )
    if years:
        return None, _small_number(years.group(1))
    until = re.fullmatch(r"(?:有效期)?\s*(?:至|到|截至|截止)?\s*(.+?)\s*(?:止|前)?", text)
    if until:
        found = _cell_date(until.group(1), "validity", lambda *_a: None)
        if found is not None:
            return found, None
    return None


def _with_status(
    status: str, note: str | None, dates: _Dates, today: date, problem: Any
) -> tuple[date | None, date | None, str | None]:
    """(expires_on, ended_on, end_reason) for a 状态 cell that is not simply 有效."""
    compact = re.sub(r"\s+", "", status)
    if compact in _IN_FORCE:
        return dates.expires_on, None, None
    reason = next((r for word, r in _ENDINGS.items() if word in compact), None)
    if reason is None:
        problem(
            "status",
            _("unknown status “{status}”: use 有效, 失效, 废止, 宣布失效, 撤销 or 已修订").format(
                status=status
            ),
        )
        return dates.expires_on, None, None
    when = _date_in(compact) or (_date_in(re.sub(r"\s+", "", note)) if note else None)
    if reason == "expired":
        if when is not None:
            return when - timedelta(days=1), None, None
        if dates.expires_on is not None and dates.expires_on < today:
            return dates.expires_on, None, None
        if dates.validity_years is not None and dates.promulgated_on is not None:
            effective = dates.effective_on or dates.promulgated_on
            if expiry_after(effective, dates.validity_years) < today:
                return dates.expires_on, None, None
    elif when is not None:
        return dates.expires_on, when, reason
    problem(
        "status",
        _(
            "“{status}” needs the day it took effect: write it in 状态 or 备注 "
            "(e.g. 2020-05-01{word})"
        ).format(status=status, word=status.removeprefix("已")),
    )
    return dates.expires_on, None, None


def _date_in(text: str) -> date | None:
    match = re.search(_DATE, text)
    if not match:
        return None
    try:
        return parse_date(match.group(0))
    except InvalidInput:
        return None


__all__ = [
    "DerivedValidity",
    "Extracted",
    "Problem",
    "content_hash",
    "derive_validity",
    "extract_metadata",
    "register_values",
    "substance_hash",
    "text_hashes",
]

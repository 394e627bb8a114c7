"""Metadata of a document read from its text or from a register row: title, 文号, issuer, dates,
effective date, validity, interim — ignoring the clutter of the web pages copies come from."""

import contextlib
import hashlib
import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from normdocs.domain.dates import parse_date
from normdocs.domain.docnumber import CLOSE_BRACKETS, OPEN_BRACKETS, find_doc_numbers
from normdocs.domain.docnumber import parse_doc_number as _parse_number
from normdocs.domain.errors import InvalidInput
from normdocs.domain.messages import Msg, Text, _
from normdocs.domain.profile import ValidityRules
from normdocs.domain.validity import expiry_after

INTERIM_MARKERS = ("暂行", "试行")

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

# What a title ends with: the kind of document (文种), before an optional (试行) or (2021年修订).
_KINDS = (
    "实施细则|实施办法|实施意见|实施方案|通知|通告|公告|意见|决定|规定|办法|细则|方案|计划|规划|"
    "规则|条例|标准|批复|命令|决议|纲要|制度|守则|须知|要点|目录|清单|指引|指南|措施|通报|公报|"
    "函|令|程序"
)
_TITLE_END = re.compile(rf"(?:{_KINDS})(?:[(（][^()（）]{{1,12}}[)）])?$")
_AGENCY_SUFFIX = (
    "人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|管理委员会|委员会|政府|局|厅|委|办|中心|"
    "法院|检察院|支队|大队|管理处|管理所|管委会|行政公署|行署|部"
)
_AGENCY = re.compile(rf"[{_CJK}()（）]{{2,30}}?(?:{_AGENCY_SUFFIX})")

# How the name of a body ends (an issuer's name must, or it is not one): 人民政府, 办公室, 局, …
_BODY_END = re.compile(
    r"(?:人民政府办公室|人民政府办公厅|人民政府|政府办公室|政府办公厅|行政公署办公室|行署办公室|"
    r"行政公署|行署|公署|管理委员会|委员会|管委会|常委会|办公室|办公厅|总局|局|厅|部|署|委|办|"
    r"法院|检察院|中心|管理处|管理所|管理站|支队|大队|总队|政府)$"
)
# Words that begin the remainder of a joint issuers' run: a body never starts with them.
_BODY_WORD_START = re.compile(r"^(?:人民政府|政府|办公室|办公厅|委员会|管委会|局|厅|部|办|委)")
_NOT_A_BODY = re.compile(
    r"网站|网$|门户|平台|频道|栏目|新闻|信息网|文库|论坛|公众号|报社|电视台|返回|顶部|底部|首页|登录|搜索"
)
# A place in a name (元宝山区, 蔚县, 阿里地区): an abbreviation (县政府, 州政府办公室, 司法局) has none.
_PLACE = re.compile(rf"^[{_CJK}]*?[^省市县区州盟旗镇乡](?:省|市|县|区|州|盟|旗|镇|乡|街道)")
_GENERIC_START = re.compile(r"^(?:本|地区|自治州|自治县|[省市县区州盟旗镇乡])")
_NATIONAL = re.compile(r"^(?:国务院|国家|中国|中华|中央|全国|国防)|^[^省市县区州]{2,5}部$")
_PARTY = re.compile(
    r"^(?:中共|中国共产党)|党委|党组|纪委|(?:[市县区州镇乡旗盟]委)(?:办公室|办公厅|办)?$"
)
_PROVINCE = re.compile(
    rf"^(?:[{_CJK}]{{2,3}}省|[{_CJK}]{{2,8}}自治区)(?=[{_CJK}]{{2,}}(?:市|州|地区|盟))"
)
_FOUR_DIGITS = re.compile(r"[0-9]{4}")
_ODD_CHAR = re.compile(rf"[^{_CJK}()（）]")
_NAME_SPLIT = re.compile(r"[、，,;；\s]+")
_NUMBER_SPAN = re.compile(
    rf"[(（]?([{_CJK}]{{1,20}})[{re.escape(OPEN_BRACKETS)}]([0-9]{{4}})"
    rf"[{re.escape(CLOSE_BRACKETS)}]第?0*([0-9]{{1,5}})号[)）]?"
)
_SEPARATOR = re.compile(r"[丨|｜»>]|&gt;")
_SECTION_TAG = re.compile(r"^[「【\[][^」】\]]{1,6}[」】\]]")
_HTML_BREAK = re.compile(r"<\s*(?:br|/p|/div|/h[1-6]|/li|/tr)\s*/?>", re.IGNORECASE)
_HTML_TAG = re.compile(r"<[^<>]{0,200}>")
_HTML_PAGE = re.compile(r"</(?:p|div|span|strong|td|tr|li|h[1-6])>", re.IGNORECASE)

# Web-page clutter: counters, navigation, sharing, site names, editors, picture files.
# (Also what decides the substance hash: do not widen it, or stored hashes change.)
_CLUTTER = re.compile(
    r"浏览量|浏览次数|阅读次数|阅读量|点击数|点击量|访问量|分享到|打印本页|关闭窗口|【打印】|"
    r"当前位置|所在位置|首页\s*>|>>|进入移动版|责任编辑|来源\s*[:：]|信息来源|核心提示|站内搜索|"
    r"关键字\s*[:：]|(?<!文)字号\s*[:：]|大\s+中\s+小|扫一扫|网站|文库|^页\s*[:：]?$|^\[\d+\]$|"
    r"\.(?:png|jpe?g|gif|bmp)$|^【?(?:字体|打印|收藏|关闭)】?$"
)
# More lines of a page that are not the document's (only for reading metadata).
_PAGE_FURNITURE = re.compile(
    r"小编|本站|本网|版权所有|免责声明|下载本文|下载地址|会员上传|复制链接|显示全部楼层|发表于|网友评论|"
    r"热门站点|设为首页|收藏本站|相关推荐|你可能也爱看|还看了|^简介\s*[:：]|^第[一二三四五六七八九十]+篇\s*[:：]"
)
_NOT_DOCUMENT = re.compile(f"{_CLUTTER.pattern}|{_PAGE_FURNITURE.pattern}")
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
_DATE_LOOSE = rf"(?:{_YEAR}\s*年\s*(?:{_SMALL})\s*月\s*(?:{_SMALL})\s*[日号]?|{_DATE_ISO})"
# A date line: the date alone, 日 sometimes lost at the end of a copied page.
_DATE_LINE = re.compile(rf"^{_DATE_LOOSE}$")
_ANY_DATE = re.compile(_DATE_LOOSE)
_LEADING_DATE = re.compile(rf"^{_DATE_LOOSE}")
# A date line whose 年 月 日 were lost: { 2017 6 23.
_SPACED_DATE = re.compile(r"^\W{0,2}([0-9]{4})\s+([0-9]{1,2})\s+([0-9]{1,2})\W{0,2}$")
# Signed without a year: 10月14日 under the signature.
_MONTH_DAY = re.compile(rf"^(?:{_SMALL})\s*月\s*(?:{_SMALL})\s*日$")
# A date beside the document's own 文号 or issuer: 2002年4月23日 财税〔2002〕59号, 1990年3月10日,铁道部.
_DATE_WITH = re.compile(rf"^({_DATE_LOOSE})\s*[,，]?\s*(\S.*)$")
# The 版记: 桂东县人民政府办公室2017年5月27日印发.
_PRINTED = re.compile(rf"^[{_CJK}]*?({_DATE_LOOSE})\s*印发$")
# A 题注 under the title: (1996年9月26日…会议通过 1996年10月1日起施行).
_HEADNOTE = re.compile(rf"^[(（]\s*({_DATE})[^()（）]{{0,60}}?(?:通过|发布|公布|批准)")
_HEADNOTE_EFFECTIVE = re.compile(rf"({_DATE})\s*起\s*(?:施行|实施|生效)")
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
# A stated start of the measures: 将从2020年1月1日起施行, 将自…起实施.
_EFFECTIVE_FROM = re.compile(rf"将(?:从|自|于)\s*({_DATE})\s*(?:起|开始)" + _TAKES_EFFECT)
_EFFECTIVE_JAMMED = re.compile(_OWN + r"([0-9]{6,8})\s*日?\s*(?:起|开始)?" + _TAKES_EFFECT)
_VALIDITY_UNTIL = re.compile(rf"有效期[^。；;]{{0,30}}?(?:至|到|截至|截止)\s*({_DATE})")
_VALIDITY_YEARS = re.compile(
    r"有效期\s*(?:为|是)?\s*([0-9]{1,2}|[一二两三四五六七八九十]{1,2})\s*年"
)
_CN_NUMBERS = dict(zip("一二两三四五六七八九十", (1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10), strict=True))

# Header labels of government sites and legal databases, and what each gives. A label that
# merely ends in 号 (索引号, 登记号, 文件编号) is known so that it ends the value before it, but it
# is not the 发文字号.
_KNOWN_LABELS = (
    "索引号 登记号 统一登记号 文件编号 编号 主题分类 组配分类 信息分类 体裁分类 公文种类 公文目录 "
    "主题词 关键词 关键字 内容概述 分类 效力级别 作者 发布人 浏览次数 浏览量 浏览 阅读 阅读次数 "
    "点击量 点击数 字体 字号 归档时间 服务对象 所属主题 下载地址"
)
_HEADER_FIELDS: dict[str, str | None] = {
    **dict.fromkeys(("发文字号", "文号", "发文文号", "文件字号", "发文号"), "number"),
    **dict.fromkeys(
        ("发文机关", "发布机构", "发布机关", "发文单位", "制定机关", "发文机构", "制发机关"),
        "issuer",
    ),
    **dict.fromkeys(("发布部门", "颁布部门", "制定单位", "发布单位", "颁布单位"), "issuer"),
    **dict.fromkeys(("来源", "信息来源", "来源单位", "文章来源"), "source"),
    **dict.fromkeys(("成文日期", "成文时间"), "written"),
    **dict.fromkeys(("发文日期", "印发日期", "发文时间", "签发日期"), "issued"),
    **dict.fromkeys(
        ("发布日期", "公布日期", "发布时间", "公开日期", "颁布日期", "生成日期", "公开时间"),
        "published",
    ),
    **dict.fromkeys(("时间", "日期"), "stamp"),
    **dict.fromkeys(
        ("实施日期", "生效日期", "生效时间", "施行日期", "施行时间", "实施时间"), "effective"
    ),
    **dict.fromkeys(
        ("废止时间", "废止日期", "失效时间", "失效日期", "有效期至", "信息有效期", "有效期"),
        "expiry",
    ),
    **dict.fromkeys(("时效性", "有效性", "效力属性", "效力状态", "时效", "效力"), "status"),
    **dict.fromkeys(("标题", "名称", "题名", "文件名称", "文件标题"), "title"),
    **dict.fromkeys(
        _KNOWN_LABELS.split(),
        None,
    ),
}
_LABEL_ALT = "|".join(sorted(map(re.escape, _HEADER_FIELDS), key=len, reverse=True))
_LABEL = re.compile(rf"【({_LABEL_ALT})】|({_LABEL_ALT})[:：]")
_LABEL_ALONE = re.compile(rf"^【?({_LABEL_ALT})】?[:：]?$")
_LABEL_TAIL = re.compile(rf"(?<=[{_CJK}》)）])({_LABEL_ALT})$")
_HEAD_LINES = 80
_ENDED_STATUSES = frozenset({"repealed", "expired", "invalidated", "superseded"})
_STATUS_WORDS = (
    ("已废止", "repealed"),
    ("废止", "repealed"),
    ("宣布失效", "invalidated"),
    ("已失效", "expired"),
    ("失效", "expired"),
    ("已修改", "superseded"),
    ("已修订", "superseded"),
    ("已被修改", "superseded"),
    ("部分失效", "in_force"),
    ("尚未生效", "pending"),
    ("现行有效", "in_force"),
    ("有效", "in_force"),
    ("现行", "in_force"),
)


@dataclass(frozen=True)
class Problem:
    """Something in the source that makes the item unusable, and where (1-based paragraph)."""

    message: Text
    paragraph: int | None = None


@dataclass(slots=True)
class Extracted:
    """What was found; None where the source does not say. `notes` record repairs made and
    warnings (a header that disagrees with the body, a name rejected as an issuer)."""

    title: str | None = None
    title_paragraph: int | None = None
    doc_number: str | None = None
    issuer: str | None = None
    co_issuers: tuple[str, ...] = ()
    issuer_from: str | None = None  # header | title | signature | code | register | source
    promulgated_on: date | None = None
    effective_on: date | None = None  # only when the source states it
    expires_on: date | None = None  # a stated last day in force
    validity_years: int | None = None  # a stated 有效期N年
    interim: bool = False
    ended_on: date | None = None  # registers: a document already repealed, revoked, …
    end_reason: str | None = None
    end_date_unknown: bool = False  # ended (end_reason) on a day the source does not give
    status: str | None = None  # a stated 时效性: in_force | expired | repealed | …
    registration_no: str | None = None  # registers: a 登记号 written in 备注
    problems: tuple[Problem, ...] = ()
    notes: tuple[Text, ...] = ()


@dataclass
class _Line:
    number: int  # 1-based paragraph
    text: str  # trimmed, bullets removed
    compact: str  # without any whitespace, digits half-width


@dataclass
class _Header:
    """The label: value pairs of a page's header (发文字号:…, 【发布部门】…), by field."""

    values: dict[str, list[tuple[str, _Line]]] = field(default_factory=dict)
    consumed: set[int] = field(default_factory=set)  # ids of label and value lines
    site_stamps: set[int] = field(default_factory=set)  # ids of lines with the site's time

    def add(self, name: str | None, value: str, line: _Line) -> None:
        value = value.strip(" ,，;；|｜、.。")
        if name and value:
            self.values.setdefault(name, []).append((value, line))

    def get(self, name: str) -> list[tuple[str, _Line]]:
        return self.values.get(name, [])


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


# --- names of bodies ----------------------------------------------------------------------


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


# --- the page's header --------------------------------------------------------------------


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


# --- the text -----------------------------------------------------------------------------


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
    header = _read_header(every_line)
    lines = []
    for line in every_line:
        if id(line) in header.consumed:
            continue
        if not _is_clutter(line):
            lines.append(line)
        elif _SEPARATOR.search(line.compact):  # a breadcrumb may end in the title
            last = _after_separator(line.compact)
            if len(last) >= 8 and _TITLE_END.search(last):
                lines.append(_Line(line.number, last, last))
    body_at = _body_start(lines)
    problems: list[Problem] = []
    notes: list[Text] = []

    title, title_at, title_names = _title(lines, body_at)
    number = _doc_number(lines, body_at, header, known_codes, notes)
    promulgated_on, signature_at = _promulgation_date(lines, header, number, problems, notes)
    if number is None:
        number = _damaged_number(lines[:body_at], promulgated_on, notes)
    issuer, co_issuers, issuer_from = _issuer(
        lines, body_at, title, title_names, signature_at, number, header, known_codes, notes
    )
    effective_on = _effective_date(lines, promulgated_on, problems, notes)
    effective_on = _with_header_date(
        effective_on, header.get("effective"), _("effective date"), problems, notes
    )
    expires_on, years = _validity(lines, problems)
    if years is None:
        expires_on = _with_header_date(
            expires_on, header.get("expiry"), _("expiry"), problems, notes
        )
    interim = bool(title) and any(marker in (title or "") for marker in interim_markers)
    status = _status(header)
    ended = status if status in _ENDED_STATUSES else None
    if ended is not None:
        notes.append(
            _(
                "the page's 时效性 says {status} without a date: imported as ended on an unknown "
                "day (not in force today; its validity before is unknown)"
            ).format(status=_(ended))
        )
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
        end_reason=ended,
        end_date_unknown=ended is not None,
        status=status,
        problems=tuple(problems),
        notes=tuple(notes),
    )


def _body_start(lines: list[_Line]) -> int:
    """Index of the first line of the body: a salutation (各…:) or a running sentence. A label
    with a colon and no value, a line of table separators or the site's boilerplate is not."""
    for index, line in enumerate(lines):
        compact = line.compact
        if len(compact) <= 100 and compact.endswith((":", "：")):
            if _SALUTATION.match(compact) or len(compact) > 8 or re.search("[,，、]", compact):
                return index
            continue
        if len(compact) <= 100 and _SALUTATION.match(compact) and not _TITLE_END.search(compact):
            return index
        if len(compact) >= 30 and _SENTENCE_PUNCT.search(compact):
            return index
    return len(lines)


# --- title --------------------------------------------------------------------------------


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


# --- 文号 ---------------------------------------------------------------------------------


def _doc_number(
    lines: list[_Line],
    body_at: int,
    header: _Header,
    known_codes: Mapping[str, str],
    notes: list[Text],
) -> str | None:
    """The document's own 文号: a header's (when it is one), else the 文号 standing alone or in
    ( ) in the head; in the body every 文号 is a citation."""
    for value, line in header.get("number"):
        try:
            return str(_parse_number(value))
        except InvalidInput:
            notes.append(
                _(
                    "the 文号 header “{value}” (paragraph {paragraph}) is not a 文号: ignored"
                ).format(value=value, paragraph=line.number)
            )
    head = lines[: max(body_at, 0)]
    codes = list(known_codes)
    candidates: list[tuple[bool, int, str]] = []
    for line in head:
        if not _FOUR_DIGITS.search(line.compact):
            continue
        for token in line.text.split():
            token = _LEADING_DATE.sub("", token.translate(_WIDTH)).strip("()（）")
            found = find_doc_numbers(token, codes)
            if found:
                alone = len(token) <= len(str(found[0])) + 2
                number = str(found[0])
                if alone:  # the whole token is the 文号: 和行办发 keeps its 和
                    with contextlib.suppress(InvalidInput):
                        number = str(_parse_number(token))
                candidates.append((not alone, len(candidates), number))
        if not candidates:
            text = _ANY_DATE.sub(" ", line.compact)
            found = find_doc_numbers(text, codes)
            if found and (len(line.compact) <= 40 or _title_like(line)):
                candidates.append((True, len(candidates), str(found[0])))
    if candidates:
        return min(candidates)[2]
    return None


def _damaged_number(
    head: list[_Line], promulgated_on: date | None, notes: list[Text]
) -> str | None:
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
    title_names: list[str],
    signature_at: int | None,
    number: str | None,
    header: _Header,
    known_codes: Mapping[str, str],
    notes: list[Text],
) -> tuple[str | None, tuple[str, ...], str | None]:
    """The title's and the signature's names win; then a header (发文机关, 发布机构…), a
    database's line under the title, a 题注, 来源 — each with a warning naming its line; then
    the 代字 of a registered agency. A name that does not look like a body is rejected."""
    rejected: list[Msg] = []

    def usable(names: list[str], where: Msg) -> list[str]:
        good = []
        for name in names:
            problem = issuer_name_problem(name)
            if problem is None:
                good.append(name)
            else:
                rejected.append(_("{where}: {problem}").format(where=where, problem=problem))
        return good

    def lead(names: list[str]) -> tuple[str, tuple[str, ...]]:
        # A Party body leads the names of a joint document; the government issues it.
        governments = [n for n in names if not is_party_body(n)]
        first = governments[0] if governments else names[0]
        return first, tuple(n for n in names if n != first)

    found: tuple[str | None, tuple[str, ...], str | None] = (None, (), None)
    if title:
        names = usable(title_names or _issuer_prefix(title), _("the title"))
        if names:
            found = (*lead(names), "title")
    if found[0] is None and signature_at is not None:
        names = []
        index = signature_at - 1
        while index >= 0 and signature_at - index <= 3 and _is_agency_line(lines[index]):
            names = (_split_bodies(lines[index].text) or []) + names
            index -= 1
        names = usable(names, _("the signature"))
        if names:
            found = (*lead(names), "signature")
    if found[0] is None and title and number:
        # The rules of a government: 镇巴县人民政府工作规则 under 镇政发〔2024〕7号.
        own = re.match(rf"[{_CJK}]{{2,20}}?人民政府(?:办公室|办公厅)?", title)
        if own and own.group(0)[0] == number[0] and issuer_name_problem(own.group(0)) is None:
            found = (own.group(0), (), "title")
    if found[0] is None:
        found = _issuer_from_header(lines, body_at, header, usable, notes)
    if found[0] is None and number is not None:
        code = number.split("〔", 1)[0]
        if code in known_codes:
            found = (known_codes[code], (), "code")
    if found[0] is None or found[2] not in ("title", "signature"):
        notes.extend(_("not taken as the issuer — {reason}").format(reason=r) for r in rejected)
    return found


def _issuer_from_header(
    lines: list[_Line], body_at: int, header: _Header, usable: Any, notes: list[Text]
) -> tuple[str | None, tuple[str, ...], str | None]:
    candidates: list[tuple[str, _Line, str]] = []
    for value, line in header.get("issuer"):
        candidates.append((value, line, "header"))
    # A legal database's line naming the issuer between its headline and the title.
    for index, line in enumerate(lines[:body_at]):
        if _is_agency_line(line) and not (
            index + 1 < len(lines) and _DATE_LINE.match(lines[index + 1].compact)
        ):
            candidates.append((line.text, line, "header"))
    for line in lines[:body_at]:
        with_date = _DATE_WITH.match(line.text)
        if with_date and _split_bodies(with_date.group(2)):
            candidates.append((with_date.group(2), line, "header"))
    for value, line in header.get("source"):
        candidates.append((value, line, "source"))
    for value, line, origin in candidates:
        names = usable(
            [_without_province(n) for n in _split_bodies(value) or [value]],
            _("paragraph {paragraph}").format(paragraph=line.number),
        )
        if names:
            notes.append(
                _(
                    "issuer {name} read from “{line}” (paragraph {paragraph}): the title and the "
                    "signature name none"
                ).format(name=names[0], line=line.text, paragraph=line.number)
            )
            return names[0], tuple(names[1:]), origin
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
    lines: list[_Line],
    header: _Header,
    number: str | None,
    problems: list[Problem],
    notes: list[Text],
) -> tuple[date | None, int | None]:
    """成文日期: the date line under the signature; else the first date line (also one beside
    the 文号 or the issuer, or one that lost its 年月日); else a 题注 or the 版记's 印发 date;
    else a dated header (成文日期, 发文日期, 发布时间…) that is not the site's own time stamp.
    Returns the date and the index of its line when it is a date line."""
    first_line: tuple[date, int] | None = None
    year_lost = False
    for index, line in enumerate(lines):
        compact = line.compact
        found: date | None = None
        if _DATE_LINE.match(compact):
            found = _parse_found(compact, line.number, problems)
        elif _SPACED_DATE.match(line.text):
            found = _spaced_date(line, notes)
        elif _MONTH_DAY.match(compact) and index > 0 and _is_agency_line(lines[index - 1]):
            year_lost = True
            continue
        else:
            with_date = _DATE_WITH.match(line.text)
            if with_date and len(compact) <= 40 and _dated_companion(with_date.group(2)):
                found = _parse_found(re.sub(r"\s+", "", with_date.group(1)), line.number, problems)
        if found is None:
            continue
        if index > 0 and _is_agency_line(lines[index - 1]):
            return found, index
        if first_line is None:
            first_line = (found, index)
    if first_line is not None:
        return first_line
    for line in lines:
        headnote = _HEADNOTE.match(line.compact) or _PRINTED.match(line.compact)
        if headnote:
            return _parse_found(headnote.group(1), line.number, problems), None
    if year_lost:
        notes.append(_("the signature's date has no year: the document's date is unknown"))
        return None, None
    number_year = _year_of(number)
    for name in ("written", "issued", "published", "stamp"):
        for value, line in header.get(name):
            if id(line) in header.site_stamps and name == "stamp":
                continue
            match = _ANY_DATE.search(value)
            if not match:
                continue
            found = _parse_found(match.group(0), line.number, problems)
            if found is None:
                continue
            if number_year is not None and found.year > number_year + 1:
                notes.append(
                    _(
                        "{date} (paragraph {paragraph}) is later than the 文号's year: the "
                        "site's date, not the document's"
                    ).format(date=found.isoformat(), paragraph=line.number)
                )
                continue
            return found, None
    return None, None


def _dated_companion(rest: str) -> bool:
    """What may follow the date on the document's own date line: its 文号 or its issuer."""
    rest = rest.strip()
    return bool(find_doc_numbers(rest)) or _split_bodies(rest) is not None


def _year_of(number: str | None) -> int | None:
    if number is None:
        return None
    match = re.search(r"〔([0-9]{4})〕", number)
    return int(match.group(1)) if match else None


def _spaced_date(line: _Line, notes: list[Text]) -> date | None:
    match = _SPACED_DATE.match(line.text)
    assert match is not None
    try:
        found = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    notes.append(
        _("“{text}” (paragraph {paragraph}) was read as {date}").format(
            text=line.text, paragraph=line.number, date=found.isoformat()
        )
    )
    return found


def _effective_date(
    lines: list[_Line], promulgated_on: date | None, problems: list[Problem], notes: list[Text]
) -> date | None:
    for line in lines:
        compact = line.compact
        if _EFFECTIVE_ON_ISSUE.search(compact):
            return promulgated_on
        match = _EFFECTIVE_ON_DATE.search(compact) or _EFFECTIVE_FROM.search(compact)
        if match is None and compact.startswith(("(", "（")):
            match = _HEADNOTE_EFFECTIVE.search(compact)
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


def _with_header_date(
    stated: date | None,
    values: list[tuple[str, _Line]],
    what: Msg,
    problems: list[Problem],
    notes: list[Text],
) -> date | None:
    """A header's 实施日期 / 废止时间 where the text states none; the text wins when both do,
    and a disagreement is a warning."""
    for value, line in values:
        match = _ANY_DATE.search(value)
        if not match:
            continue
        found = _parse_found(match.group(0), line.number, [])
        if found is None:
            continue
        if stated is None:
            return found
        if found != stated:
            notes.append(
                _(
                    "the header gives the {what} {header} (paragraph {paragraph}), the text "
                    "{text}: the text's is kept"
                ).format(
                    what=what,
                    header=found.isoformat(),
                    paragraph=line.number,
                    text=stated.isoformat(),
                )
            )
        return stated
    return stated


def _status(header: _Header) -> str | None:
    for value, _line in header.get("status"):
        for word, status in _STATUS_WORDS:
            if word in value:
                return status
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

    def problem(name: str, message: Text) -> None:
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
    note_cell = get("note")
    note = _cell_text(note_cell) if note_cell else None
    ended_on = end_reason = None
    unknown_day = False
    notes: list[Text] = []
    if status is not None and status not in _IN_FORCE:
        expires_on, ended_on, end_reason = _with_status(
            status,
            note,
            _Dates(promulgated_on, effective_on, expires_on, years),
            today,
            problem,
        )
        unknown_day = end_reason is not None and ended_on is None
        if unknown_day:
            notes.append(
                _(
                    "状态 “{status}” gives no date: imported as {reason} on an unknown day (not "
                    "in force today; its validity before is unknown) — write the day it ended "
                    "(失效日期, not 生效日期) in 状态 or 备注 (e.g. 2020-05-01{word}) to record it"
                ).format(status=status, reason=_(end_reason or ""), word=status.removeprefix("已"))
            )
    registration = _registration_in(note) if note and "登记" in note else None
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
        end_date_unknown=unknown_day,
        # An explicit 有效 outranks the default validity period (importing keeps it in force).
        status="in_force" if status is not None and "".join(status.split()) in _IN_FORCE else None,
        registration_no=registration,
        problems=tuple(problems),
        notes=tuple(notes),
    )


_REGISTRATION = re.compile(
    r"(?:统一)?登记(?:编)?号\s*[:：为是]?\s*([0-9A-Za-z\u4e00-\u9fff〔〕\[\]【】()（）\-—_/]{3,40})"
)


def _registration_in(note: str) -> str | None:
    """A 登记号 a clerk wrote in 备注 (登记号：ZFGF-2019-003, 统一登记号 某司备〔2019〕3号)."""
    match = _REGISTRATION.search(note)
    if match is None:
        return None
    number = match.group(1).rstrip("，,；;。")
    return number if re.search(r"[0-9]", number) else None


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
    # Ended on a day the register does not give: ended all the same (register_values notes it).
    return dates.expires_on, None, reason


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

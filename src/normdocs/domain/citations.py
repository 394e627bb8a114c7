"""Citations in a document's text: laws in 《》 (with articles) and documents by title or 文号."""

import re
from collections.abc import Collection
from dataclasses import dataclass, replace

from normdocs.domain.docnumber import OPEN_BRACKETS, find_doc_numbers, normalise_doc_number
from normdocs.domain.errors import InvalidInput
from normdocs.domain.lawtitles import clean_title, match_key

# 《 opens a citation; inside it, titles nest with any of these pairs (《湖南省实施<…>办法》).
_OPENERS = "《〈<‹«\u2329"
_CLOSERS = "》〉>›»\u232a"
_MAX_TITLE = 150

_DIGITS = "0-9０-９"
_CN_NUM = "零〇一二三四五六七八九十百千"
# An article reference, the one pattern for citations found in a text and articles a clerk
# types: 第十七条, 第10条第4款, 第三条之一第二款第三项.
ARTICLE = (
    rf"第[{_DIGITS}{_CN_NUM}]+条(?:之[{_CN_NUM}]+)?"
    rf"(?:第[{_DIGITS}{_CN_NUM}]+款)?(?:第[{_DIGITS}{_CN_NUM}]+项)?"
)
_ARTICLE = re.compile(rf"\s*({ARTICLE})")
_ONE_ARTICLE = re.compile(ARTICLE)
_MORE_ARTICLES = re.compile(rf"\s*[、，,和及]\s*(第[{_DIGITS}{_CN_NUM}]+条(?:之[{_CN_NUM}]+)?)")
# What follows a title in brackets: its 文号, an order number (国务院令第21号), an edition note.
_PAREN = re.compile(r"\s*[（(]\s*([^（()）\n]{1,40}?)\s*[)）]")
_ORDER_NUMBER = re.compile(rf"([\u4e00-\u9fff]{{0,20}}令)\s*第?\s*([{_DIGITS}]+)\s*号")
# A cheap test before the full 文号 search: a four-digit year in brackets.
_HAS_NUMBER = re.compile(rf"[{re.escape(OPEN_BRACKETS)}]\s*[0-9０-９]{{4}}")
_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

# A title introduced as the document's own text: 本《通告》, 现将《计划》印发给你们,
# 《细则》已经区政府常务会审议通过，现印发你们.
_SELF_AFTER = re.compile(r"\s*(?:印发给|已经[^。；;\n]{0,40}?(?:印发|发布))")
# What a document issues itself: 关于印发《…》的通知 names its own attachment, as does 附件：《…》.
_OWN_ATTACHMENT = re.compile(
    r"(?:印发|发布|公布|下发)\s*《([^《》\n]{2,100})》\s*(?:的)?(?:通知|决定|公告|通告|命令|令)"
)
_ATTACHMENT_LINE = re.compile(
    r"^[ \t]*附件\s*[0-9０-９一二三四五六七八九十]*\s*[:：]?\s*《?([^《》\n]{2,100}?)》?[ \t]*$",
    re.MULTILINE,
)
# Certificates and forms are named in 《》 too; they are no law and no document cited.
_FORM = re.compile(
    r"(?:许可证|登记证|登记表|申请表|审批表|备案表|汇总表|统计表|明细表|一览表|证书|告知书|"
    r"申请书|承诺书|通知书|决定书|登记簿)$"
)
# A bare document type is a reference to some text the reader knows, not a citation.
_GENERIC = frozenset(
    {"通告", "通知", "公告", "办法", "规定", "条例", "细则", "意见", "决定", "方案", "规则", "本法"}
)
# Titles of documents (as opposed to laws): 关于…的通知 and the like.
_DOCUMENT_TYPES = (
    "通知",
    "通告",
    "公告",
    "意见",
    "批复",
    "复函",
    "函",
    "报告",
    "纪要",
    "方案",
    "计划",
    "纲要",
    "要点",
    "标准",
)
_LAW_ENDINGS = (
    "法",
    "法典",
    "条例",
    "规定",
    "办法",
    "细则",
    "规则",
    "规程",
    "决定",
    "决议",
    "规范",
    "准则",
    "修正案",
    "总则",
    "附则",
    "编",
)


@dataclass(frozen=True)
class Citation:
    """One citation found in a text.

    kind is "law" (cited by title, perhaps with an order number such as 国务院令第21号) or
    "document" (cited by 文号, or by a title such as 关于…的通知). `citation` is how it reads:
    《title》 with nested titles in 〈〉, or the 文号 in normal form when no title is given.
    """

    kind: str
    citation: str
    title: str | None = None
    article: str | None = None
    number: str | None = None
    position: int = 0

    @property
    def key(self) -> str:
        """What two citations of the same thing share."""
        if self.kind == "document" and self.number:
            return "#" + self.number
        return match_key(self.title or self.citation)


def find_citations(
    text: str,
    *,
    own_number: str | None = None,
    own_title: str | None = None,
    known_codes: Collection[str] = (),
) -> list[Citation]:
    """Every law or document `text` cites, in order of first appearance, each once per article.

    The document's own 文号 and title (a header often repeats them), titles the text
    introduces as itself (本《通告》, 现将《计划》印发给你们), its own attachments (关于印发《…》
    的通知, 附件：…) and the names of certificates and forms (《…许可证》, 《…登记表》) are not
    citations.
    """
    own = _normal_number(own_number) if own_number else None
    own_key = match_key(own_title) if own_title else None
    found: list[Citation] = []
    attached: set[str] = set()
    own_parts = _own_attachments(text)
    for start, end in _bracketed(text):
        title = _display_title(text[start + 1 : end - 1])
        if not title or title in _GENERIC:
            continue
        key = match_key(title)
        if key in own_parts or (own_key and key == own_key):
            continue
        if _is_self(text, start, end):
            own_parts.add(key)  # and every later mention of it
            continue
        if _FORM.search(title) or _FORM.search(title.rstrip("）)").split("（")[0]):
            continue
        number, after = _attached_number(text, end, known_codes)
        if number is not None:
            attached.add(number)
            if number == own:
                continue
        articles: list[str | None] = [*_articles(text, after)] or [None]
        kind = _kind(title, number)
        for article in articles:
            found.append(
                Citation(
                    kind=kind,
                    citation=f"《{title}》",
                    title=title,
                    article=article,
                    number=number,
                    position=start,
                )
            )
    standalone = find_doc_numbers(text, known_codes) if _HAS_NUMBER.search(text) else []
    for doc_number in standalone:
        number = str(doc_number)
        if number in attached or number == own:
            continue
        position = _position_of(text, doc_number.code, doc_number.year)
        found.append(Citation(kind="document", citation=number, number=number, position=position))
    return _unique(sorted(found, key=lambda c: c.position))


def _own_attachments(text: str) -> set[str]:
    """Keys of the titles a document issues itself: what its title 印发s, its 附件 lines."""
    if "附件" not in text and "《" not in text:
        return set()
    titles = [m.group(1) for m in _OWN_ATTACHMENT.finditer(text)]
    titles += [m.group(1) for m in _ATTACHMENT_LINE.finditer(text)] if "附件" in text else []
    return {match_key(_display_title(t)) for t in titles}


def title_kind(title: str) -> str:
    """Whether a title cited without a 文号 names a law or a document (关于…的通知)."""
    return _kind(clean_title(title), None)


def _bracketed(text: str) -> list[tuple[int, int]]:
    """(start, end) of every outermost 《…》, nested brackets included; end is past 》."""
    spans: list[tuple[int, int]] = []
    index = text.find("《")
    while index >= 0:
        depth = 0
        end = None
        for pos in range(index, min(len(text), index + _MAX_TITLE)):
            ch = text[pos]
            if ch == "\n":
                break
            if ch in _OPENERS:
                # Outside the outer 《 only 《 opens: a stray < in running text is not a title.
                if depth == 0 and ch != "《":
                    continue
                depth += 1
            elif ch in _CLOSERS and depth > 0:
                depth -= 1
                if depth == 0:
                    end = pos + 1
                    break
        if end is None:
            index = text.find("《", index + 1)
            continue
        spans.append((index, end))
        index = text.find("《", end)
    return spans


def _display_title(inner: str) -> str:
    """The title with whitespace removed and nested titles in 〈〉, as GB/T 15834 prints them."""
    title = clean_title(inner)
    for opener in "《<‹«\u2329":
        title = title.replace(opener, "〈")
    for closer in "》>›»\u232a":
        title = title.replace(closer, "〉")
    return title


def _is_self(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 4) : start]
    if before.endswith("本") or "现将" in before:
        return True
    return _SELF_AFTER.match(text, end) is not None


def _attached_number(text: str, end: int, known_codes: Collection[str]) -> tuple[str | None, int]:
    """The 文号 or order number right after a title, and where the text after it starts."""
    paren = _PAREN.match(text, end)
    if paren is not None:
        inside = paren.group(1)
        numbers = find_doc_numbers(inside, known_codes) if _HAS_NUMBER.search(inside) else []
        if numbers:
            return str(numbers[0]), paren.end()
        order = _ORDER_NUMBER.search(inside)
        if order is not None:
            return f"{order.group(1)}第{order.group(2).translate(_WIDTH)}号", paren.end()
        return None, paren.end()
    # A 文号 may follow without brackets: 《…的通知》国办发〔2018〕37号.
    tail = text[end : end + 30]
    if not _HAS_NUMBER.search(tail):
        return None, end
    stripped = tail.lstrip()
    numbers = find_doc_numbers(stripped, known_codes)
    if numbers and stripped.startswith(numbers[0].code):
        after = text.find("号", end + (len(tail) - len(stripped))) + 1
        return str(numbers[0]), after
    return None, end


def _articles(text: str, at: int) -> list[str]:
    match = _ARTICLE.match(text, at)
    if match is None:
        return []
    articles = [_normal_article(match.group(1))]
    pos = match.end()
    while (more := _MORE_ARTICLES.match(text, pos)) is not None:
        articles.append(_normal_article(more.group(1)))
        pos = more.end()
    return articles


def _normal_article(article: str) -> str:
    return article.translate(_WIDTH)


def normal_article(text: str) -> str | None:
    """An article as typed (第十七条, 第 10 条第4款, ５ or 17 for 第17条) in the form citations
    store it, with half-width digits; None if it names no article."""
    article = re.sub(r"\s+", "", text).translate(_WIDTH)
    if article.isdigit():
        article = f"第{article}条"
    if not _ONE_ARTICLE.fullmatch(article) or article_key(article) is None:
        return None  # (第0条 names no article)
    return article


_PART = re.compile(rf"第([{_DIGITS}{_CN_NUM}]+)(条|款|项)|之([{_CN_NUM}]+)")
_CN_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}


def _number(text: str) -> int | None:
    """12, １２ or 十二 (up to 九千九百九十九) as a number; None for anything else."""
    text = text.translate(_WIDTH)
    if text.isdigit():
        return int(text)
    total, digit = 0, None
    for char in text:
        if char in _CN_DIGIT:
            digit = _CN_DIGIT[char]
        elif char in _CN_UNIT:
            total += (1 if digit is None else digit) * _CN_UNIT[char]
            digit = None
        else:
            return None
    return total + (digit or 0)


def article_key(article: str) -> tuple[tuple[str, int], ...] | None:
    """An article as compared: 第十二条, 第12条 and 第１２条 alike (the numbers of its 条, 之, 款
    and 项); None when a number is 0 or cannot be read."""
    parts = []
    for match in _PART.finditer(article):
        unit = match.group(2) or "之"
        value = _number(match.group(1) or match.group(3))
        if not value:
            return None
        parts.append((unit, value))
    return tuple(parts) or None


def _kind(title: str, number: str | None) -> str:
    if number is not None and "令第" not in number:
        return "document"
    if number is not None:
        return "law"
    bare = title.rstrip("）)").split("（")[0] if title.endswith(("）", ")")) else title
    if "关于" in bare and bare.endswith(_DOCUMENT_TYPES):
        return "document"
    if bare.endswith(_LAW_ENDINGS):
        return "law"
    return "document"


def _normal_number(number: str) -> str | None:
    try:
        return normalise_doc_number(number)
    except InvalidInput:
        return number.strip() or None


def _position_of(text: str, code: str, year: int) -> int:
    at = text.find(code)
    while at >= 0:
        if str(year) in text[at : at + len(code) + 8]:
            return at
        at = text.find(code, at + 1)
    return len(text)


def _unique(citations: list[Citation]) -> list[Citation]:
    """One citation per thing cited and article; a 文号 given at a later mention is kept."""
    unique: dict[tuple[str, str | None], Citation] = {}
    for citation in citations:
        marker = (citation.key, citation.article)
        first = unique.get(marker)
        if first is None:
            unique[marker] = citation
        elif first.number is None and citation.number is not None:
            unique[marker] = replace(first, number=citation.number)
    return list(unique.values())

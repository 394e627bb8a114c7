"""发文字号 (doc numbers): parse, validate, normalise and find them (GB/T 9704-2012 §7.2.5)."""

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import NoReturn

from normdocs.domain.errors import InvalidInput
from normdocs.domain.messages import Msg, _

EXAMPLE = "元政办字〔2018〕101号"
FIRST_YEAR = 1949
LAST_YEAR = 2100
MAX_SERIAL = 99999
MAX_CODE_LENGTH = 20

# Brackets seen around the year in real copies. Any opening one may meet any closing one:
# copies retyped by hand often mix them (〔2018] ), and the normal form replaces both anyway.
OPEN_BRACKETS = "〔[【(（［〈｛{﹝〖<\u2329"
CLOSE_BRACKETS = "〕]】)）］〉｝}﹞〗>\u232a"

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_CODE = re.compile(f"[{_CJK}]+")
_DIGITS = re.compile("[0-9０-９]+")
_LEADING_DIGITS = re.compile(r"\s*第?\s*([0-9０-９]+)")

# Without brackets only where the reading is certain: the 代字 (Chinese characters), a
# four-digit year, then 第 or a space before the serial (元政发2026第7号, 元政发 2026 7号).
_NO_BRACKETS = re.compile(
    rf"(?P<code>[{_CJK}]+)\s*(?P<year>[0-9０-９]{{4}})(?:\s*第\s*|\s+)(?P<serial>[0-9０-９]+)\s*号"
)
_REGISTRATION = re.compile(
    rf"(?P<prefix>[^\s{re.escape(OPEN_BRACKETS)}0-9０-９][^{re.escape(OPEN_BRACKETS)}]*?)\s*"
    rf"[{re.escape(OPEN_BRACKETS)}]\s*(?P<year>[0-9０-９]{{4}})\s*[{re.escape(CLOSE_BRACKETS)}]"
    r"\s*第?\s*(?P<seq>[0-9０-９]{1,8})\s*号?"
)

_IN_TEXT = re.compile(
    rf"\s*[{re.escape(OPEN_BRACKETS)}]\s*(?P<year>[0-9０-９]{{1,8}})\s*"
    rf"[{re.escape(CLOSE_BRACKETS)}]\s*第?\s*(?P<serial>[0-9０-９]{{1,8}})\s*号"
)

# In running text the characters before 〔 are not all 机关代字: "根据国发〔2007〕19号",
# "…的通知国办发〔2018〕115号", "和国发〔2007〕19号". These words never occur in a 代字,
# so the code starts after the last of them.
_WORDS_BEFORE_CODE = (
    "根据",
    "依据",
    "按照",
    "依照",
    "参照",
    "遵照",
    "对照",
    "关于",
    "通知",
    "意见",
    "办法",
    "规定",
    "决定",
    "方案",
    "文件",
    "精神",
    "要求",
    "贯彻",
    "落实",
    "执行",
    "转发",
    "印发",
    "下发",
    "以及",
    "附件",
    "的",
    "见",
    "号",
)
# Conjunctions dropped only at the start: 和政县's 代字 is 和政发, so "和" is ambiguous there,
# but in running text "…和国发〔2007〕19号" is by far the commoner reading.
_CONJUNCTIONS = ("和", "及", "与", "或", "并")


@dataclass(frozen=True)
class DocNumber:
    """A 发文字号: 机关代字, four-digit year and serial number, e.g. 元政办字〔2018〕101号."""

    code: str
    year: int
    serial: int

    def __post_init__(self) -> None:
        problem = _field_problem(self.code, self.year, self.serial)
        if problem is not None:
            raise InvalidInput(_("not a valid 文号: {problem}").format(problem=problem), _hint())

    def __str__(self) -> str:
        return f"{self.code}〔{self.year}〕{self.serial}号"


def parse_doc_number(text: str) -> DocNumber:
    """Read a 文号 as typed or copied, tolerating the bracket, 第, zero and width variants."""
    stripped = text.strip()
    if not stripped:
        raise InvalidInput(_("no 文号 given"), _hint())
    open_at = _index_of_any(stripped, OPEN_BRACKETS, 0)
    if open_at is None:
        bare = _NO_BRACKETS.fullmatch(stripped)
        if bare is not None:
            return _checked(text, bare.group("code"), bare.group("year"), bare.group("serial"))
        _reject(text, _("the four-digit year in brackets 〔 〕 is missing"))
    code = stripped[:open_at].strip()
    close_at = _index_of_any(stripped, CLOSE_BRACKETS, open_at + 1)
    if close_at is None:
        _reject(text, _("the bracket around the year is not closed with 〕"))
    year_text = stripped[open_at + 1 : close_at].strip()
    if not _DIGITS.fullmatch(year_text) or len(year_text) != 4:
        _reject(
            text,
            _("the year must have four digits, as in 〔2018〕, not “{year}”").format(
                year=year_text
            ),
        )
    rest = stripped[close_at + 1 :]
    serial_match = _LEADING_DIGITS.match(rest)
    if serial_match is None:
        _reject(text, _("no serial number after the year"))
    tail = rest[serial_match.end() :].strip()
    if not tail:
        _reject(text, _("it must end with 号 after the serial number"))
    if not tail.startswith("号"):
        _reject(
            text,
            _(
                "unexpected “{tail}” after the serial number; a 文号 ends with the number and 号"
            ).format(tail=tail),
        )
    if tail != "号":
        _reject(
            text,
            _("unexpected “{tail}” after 号; the 文号 ends there").format(tail=tail[1:].strip()),
        )
    return _checked(text, code, year_text, serial_match.group(1))


def _checked(text: str, code: str, year_text: str, serial_text: str) -> DocNumber:
    year, serial = int(year_text), int(serial_text)
    problem = _field_problem(code, year, serial)
    if problem is not None:
        _reject(text, problem)
    return DocNumber(code, year, serial)


@dataclass(frozen=True)
class LooseRegistration:
    """A registration number as typed: its prefix, year and sequence number."""

    prefix: str
    year: int
    seq: int


def parse_registration(text: str) -> LooseRegistration | None:
    """A registration number in any bracket style, with or without leading zeros, 第 or 号
    (ND[2026]3, ND（2026）第003号 → ND, 2026, 3); None when `text` is not one."""
    match = _REGISTRATION.fullmatch(text.strip())
    if match is None:
        return None
    year, seq = int(match.group("year")), int(match.group("seq"))
    if not FIRST_YEAR <= year <= LAST_YEAR or seq < 1:
        return None
    return LooseRegistration(match.group("prefix").strip(), year, seq)


def normalise_doc_number(text: str) -> str:
    """The normal form of a 文号 given in any accepted variant."""
    return str(parse_doc_number(text))


def is_canonical(text: str) -> bool:
    """Whether `text` is a valid 文号 written exactly in its normal form."""
    try:
        return str(parse_doc_number(text)) == text
    except InvalidInput:
        return False


def find_doc_numbers(text: str, known_codes: Collection[str] = ()) -> list[DocNumber]:
    """Every valid 文号 in running text, in order of first appearance, without duplicates.

    Where the text runs straight into the 代字 ("根据国发〔2007〕19号") the start of the code is a
    guess; pass the 代字 the registry knows as `known_codes` and the longest one that ends the
    run of Chinese characters wins over the guess.
    """
    found: list[DocNumber] = []
    previous_end = 0
    for match in _IN_TEXT.finditer(text):
        run = _cjk_run_before(text, match.start(), previous_end)
        previous_end = match.end()
        code = _code_in_run(run, known_codes)
        year_text = match.group("year")
        if not code or len(year_text) != 4:
            continue
        try:
            number = DocNumber(code, int(year_text), int(match.group("serial")))
        except InvalidInput:
            continue
        if number not in found:
            found.append(number)
    return found


@dataclass(frozen=True)
class Mention:
    """A 文号 as a text prints it, in any bracket style (元政发[2026]第5号): where it stands,
    the run of Chinese characters before the year (its 代字, and perhaps words before it),
    and its year and serial number."""

    start: int
    end: int
    run: str
    year: int
    serial: int

    def normal_forms(self) -> list[str]:
        """The normal form for each 代字 the run may end with, longest first (根据元政发 →
        根据元政发〔2026〕5号, 据元政发〔2026〕5号, 元政发〔2026〕5号, …)."""
        codes = [self.run[at:] for at in range(len(self.run))]
        return [
            f"{code}〔{self.year}〕{self.serial}号"
            for code in codes
            if len(code) <= MAX_CODE_LENGTH
        ]

    def is_normal(self, text: str) -> bool:
        """Whether `text` prints it exactly in its normal form."""
        return text[self.start : self.end] == f"{self.run}〔{self.year}〕{self.serial}号"


def find_mentions(text: str) -> list[Mention]:
    """Every 文号 printed in `text` with a four-digit year in brackets, in order."""
    found: list[Mention] = []
    previous_end = 0
    for match in _IN_TEXT.finditer(text):
        run = _cjk_run_before(text, match.start(), previous_end)
        previous_end = match.end()
        year_text = match.group("year")
        if not run or len(year_text) != 4:
            continue
        year, serial = int(year_text), int(match.group("serial"))
        if not FIRST_YEAR <= year <= LAST_YEAR or not 1 <= serial <= MAX_SERIAL:
            continue
        found.append(Mention(match.start() - len(run), match.end(), run, year, serial))
    return found


def locate_doc_number(text: str, number: str) -> tuple[int, int] | None:
    """Where `text` first prints the 文号 `number` (a normal form) in any style: the start and
    end of 代字 to 号, or None."""
    try:
        wanted = parse_doc_number(number)
    except InvalidInput:
        return None
    for mention in find_mentions(text):
        if (
            mention.year == wanted.year
            and mention.serial == wanted.serial
            and mention.run.endswith(wanted.code)
        ):
            return mention.start + len(mention.run) - len(wanted.code), mention.end
    return None


def _field_problem(code: str, year: int, serial: int) -> Msg | None:
    if not code:
        return _("no 机关代字 before the year")
    if any(ch.isspace() for ch in code):
        return _("the 机关代字 “{code}” contains a space").format(code=code)
    if not _CODE.fullmatch(code):
        return _("the 机关代字 “{code}” must be Chinese characters only").format(code=code)
    if len(code) > MAX_CODE_LENGTH:
        return _("the 机关代字 “{code}” is longer than {limit} characters").format(
            code=code, limit=MAX_CODE_LENGTH
        )
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return _("the year {year} is outside {first}–{last}").format(
            year=year, first=FIRST_YEAR, last=LAST_YEAR
        )
    if not 1 <= serial <= MAX_SERIAL:
        return _("the serial number must be between 1 and {limit}, not {serial}").format(
            limit=MAX_SERIAL, serial=serial
        )
    return None


def _hint() -> Msg:
    return _(
        "write it like {example}: 机关代字, the four-digit year in 〔 〕, "
        "the serial number without leading zeros or 第, then 号"
    ).format(example=EXAMPLE)


def _reject(text: str, problem: Msg) -> NoReturn:
    raise InvalidInput(
        _("not a valid 文号 “{text}”: {problem}").format(text=text.strip(), problem=problem),
        _hint(),
    )


def _index_of_any(text: str, chars: str, start: int) -> int | None:
    for index in range(start, len(text)):
        if text[index] in chars:
            return index
    return None


def _cjk_run_before(text: str, end: int, limit: int) -> str:
    start = end
    while start > limit and _CJK_CHAR.match(text[start - 1]):
        start -= 1
    return text[start:end]


def _code_in_run(run: str, known_codes: Collection[str]) -> str:
    known = [code for code in known_codes if code and run.endswith(code)]
    if known:
        return max(known, key=len)
    cut = 0
    for word in _WORDS_BEFORE_CODE:
        at = run.rfind(word)
        if at >= 0:
            cut = max(cut, at + len(word))
    code = run[cut:]
    while len(code) > 2 and code.startswith(_CONJUNCTIONS):
        code = code[1:]
    return code

"""What the extractor returns (Extracted, Problem) and the shapes it reads a page into (a line,
the header's label: value pairs)."""

from dataclasses import dataclass, field
from datetime import date

from normdocs.domain.messages import Text


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

"""The report model every writer takes: a title, the blocks of a paper and the data tables;
plain frozen values, so that the same registry and day give the same bytes."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from normdocs.domain.json import JSONObject

# A part only a person can write: shown as such in every paper (highlighted in .docx).
PLACEHOLDER_OPEN = "【待填写："
PLACEHOLDER_CLOSE = "】"
# A rate whose denominator is zero.
NO_RATE = "—"


def placeholder(what: str) -> str:
    return f"{PLACEHOLDER_OPEN}{what}{PLACEHOLDER_CLOSE}"


def official_date(day: date | None) -> str:
    """A date in the official form, 2026年3月10日 (no leading zeros, GB/T 9704 §7.3.5.3)."""
    if day is None:
        return ""
    return f"{day.year}年{day.month}月{day.day}日"


def rate_text(numerator: int, denominator: int) -> str:
    """A rate as shown: 80.0%, or — when nothing is counted below it."""
    if denominator == 0:
        return NO_RATE
    return f"{numerator * 100 / denominator:.1f}%"


def rate_value(numerator: int, denominator: int) -> float | None:
    return None if denominator == 0 else round(numerator / denominator, 4)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    # Relative width in a paper (docx/html); the writers share out the text width by these.
    width: float = 1.0


@dataclass(frozen=True)
class Table:
    """Rows of plain values (str, int, float, None) in the order of `columns`."""

    name: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]

    def records(self) -> list[JSONObject]:
        return [dict(zip([c.key for c in self.columns], row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Chart:
    """A grouped bar chart of rates (0–1) by category; None is a rate without denominator."""

    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1: 一、 (黑体); 2: （一） (楷体)


@dataclass(frozen=True)
class Paragraph:
    text: str
    # "body" (indented two characters), "center", "right" (signature, date), "left" (addressee)
    align: str = "body"


@dataclass(frozen=True)
class TableBlock:
    table: Table
    caption: str | None = None


@dataclass(frozen=True)
class ChartBlock:
    chart: Chart


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | TableBlock | ChartBlock | PageBreak


@dataclass(frozen=True)
class Report:
    """One paper: its title, the day it speaks of, the blocks of its .docx/.html form, the
    tables of its .xlsx/.csv form and the data of its .json form."""

    kind: str
    title: str
    as_of: date
    blocks: tuple[Block, ...] = ()
    tables: tuple[Table, ...] = ()
    data: JSONObject = field(default_factory=dict)
    # A subtitle line under the title (the scope, e.g. 截至2026年11月27日).
    subtitle: str | None = None
    # The one table of the .csv form, when it is not the first of `tables`.
    csv_table: Table | None = None

    @property
    def flat_table(self) -> Table:
        return self.csv_table or self.tables[0]

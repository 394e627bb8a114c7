"""考核数据: the year's counts and rates per issuer, the draft 备案审查工作报告, and the list of
documents and records behind each rate (--explain)."""

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypedDict

from normdocs.domain.errors import InvalidInput
from normdocs.domain.json import JSONObject
from normdocs.i18n import _
from normdocs.reports.model import (
    NO_RATE,
    Block,
    Chart,
    ChartBlock,
    Column,
    Heading,
    Paragraph,
    Report,
    Series,
    Table,
    TableBlock,
    official_date,
    placeholder,
    rate_text,
    rate_value,
)
from normdocs.services.reports.common import (
    ISSUER_TOTAL,
    OUTCOME_LABELS,
    NothingToReport,
    scope_agencies,
    scope_name,
    year_range,
)

if TYPE_CHECKING:
    from normdocs.store.reports import (
        CleanupDecisionRow,
        IssuerCounts,
        PromulgatedRow,
        ReportEventRow,
    )

# measure → (label, the events that put a document in it)
MEASURES: dict[str, tuple[str, tuple[str, ...]]] = {
    "promulgated": ("公布", ("publish", "document.import")),
    "filed": ("报备", ("file", "document.import")),
    "filed_on_time": ("按时报备", ("file", "document.import")),
    "filed_complete": ("材料齐全", ("file", "document.import")),
    "published": ("公开发布", ("publish", "document.import", "document.number_imported")),
    "reviewed_before_deliberation": ("审议前经合法性审核", ("review.decide", "meeting.record")),
    "review_in_time": ("审核在时限内", ("review.decide",)),
    "filing_accepted": ("予以备案", ("filing.decide",)),
    "filing_deferred": ("暂缓备案", ("filing.decide",)),
    "filing_correction": ("建议自行纠正", ("filing.decide",)),
    "filing_revoked": ("撤销", ("filing.decide",)),
    "corrected": ("纠错（自行纠正或撤销）", ("filing.decide",)),
}
CLEANUP_MEASURES = {f"cleanup_{k}": f"清理{v}" for k, v in OUTCOME_LABELS.items()}
# rate → (label, numerator, denominator)
RATES: dict[str, tuple[str, str, str]] = {
    "filing_rate": ("报备率", "filed", "promulgated"),
    "on_time_rate": ("及时率", "filed_on_time", "filed"),
    "complete_rate": ("规范率", "filed_complete", "filed"),
    "publication_rate": ("公布率", "published", "promulgated"),
    "correction_rate": ("纠错率", "corrected", "filed"),
}
RATE_NAMES = {label: code for code, (label, _n, _d) in RATES.items()}


def rate_code(name: str) -> str:
    """A rate by its code (filing_rate) or its Chinese name (报备率)."""
    name = name.strip()
    if name in RATES:
        return name
    if name in RATE_NAMES:
        return RATE_NAMES[name]
    raise InvalidInput(
        _("unknown rate {name}").format(name=name),
        _("choose from: {rates}").format(
            rates=", ".join(f"{code} ({label})" for code, (label, _n, _d) in RATES.items())
        ),
    )


def _measures_of(row: "PromulgatedRow", as_of: date) -> set[str]:
    """Which counts a promulgated document is in, on `as_of`."""
    found = {"promulgated"}
    filed = row["filed_on"] is not None and row["filed_on"] <= as_of
    if filed:
        found.add("filed")
        if not row["filed_late"]:
            found.add("filed_on_time")
        if row["materials"] == "complete":
            found.add("filed_complete")
    # 公开发布: promulgated under its 文号 (三统一), the form in which it is made public.
    if row["doc_number"]:
        found.add("published")
    decided = row["review_decided_on"]
    if decided is not None and decided <= as_of:
        if row["meeting_on"] is not None and decided <= row["meeting_on"] <= as_of:
            found.add("reviewed_before_deliberation")
        if not row["review_late"] or row["review_emergency"]:
            found.add("review_in_time")
    # The outcome on `as_of`, and 纠错 if the authority ever asked for a correction or revoked
    # it by then (store.reports._filing_decisions, which the database's counts use too).
    if filed and row["outcome_as_of"]:
        found.add(f"filing_{row['outcome_as_of']}")
    if filed and row["corrected_as_of"]:
        found.add("corrected")
    return found


class Rate(TypedDict):
    """A rate of one tally: its two counts, its value (None over nothing) and as shown."""

    numerator: int
    denominator: int
    value: float | None
    text: str


@dataclass
class Tally:
    issuer: str
    level: str
    # The documents in each count (for --explain), or only the counts (for the figures).
    members: dict[str, list[int]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    cleanup: dict[str, int] = field(default_factory=dict)
    _rates: dict[str, Rate] = field(default_factory=dict, repr=False)

    def count(self, measure: str) -> int:
        if measure in CLEANUP_MEASURES:
            return self.cleanup.get(measure, 0)
        if measure in self.members:
            return len(self.members[measure])
        return self.counts.get(measure, 0)

    def rate(self, code: str) -> Rate:
        if code not in self._rates:
            self._rates[code] = self._rate(code)
        return self._rates[code]

    def _rate(self, code: str) -> Rate:
        _label, num, den = RATES[code]
        n, d = self.count(num), self.count(den)
        return Rate(numerator=n, denominator=d, value=rate_value(n, d), text=rate_text(n, d))


@dataclass(frozen=True)
class StatsFacts:
    year: int
    as_of: date
    scope: str
    tallies: list[Tally]
    total: Tally
    documents: "dict[int, PromulgatedRow]"


def stats_facts(
    session: Any, year: int, as_of: date, issuers: Sequence[str], *, documents: bool = False
) -> StatsFacts:
    """The year's counts per issuer and in total: counted by the database, or, with
    `documents`, from every document's facts, keeping which documents each count holds."""
    scope = scope_agencies(session, issuers)
    ids = [a["id"] for a in scope]
    start, end = year_range(year, as_of)
    found = _year_records(session, start, end, as_of, ids, documents=documents)
    if not found.rows and not found.counted and not found.decisions:
        raise NothingToReport(
            _(
                "no document of {scope} was promulgated in {year} up to {day}: nothing to report"
            ).format(scope=scope_name(scope) or _("the registry"), year=year, day=as_of.isoformat())
        )
    tallies = _Tallies(set(ids), found.joint)
    tallies.add_documents(found.rows, as_of)
    tallies.add_counts(found.counted)
    tallies.add_decisions(found.decisions)
    return StatsFacts(
        year,
        as_of,
        scope_name(scope),
        tallies.ordered(),
        tallies.total,
        {int(r["id"]): r for r in found.rows},
    )


@dataclass(frozen=True)
class _YearRecords:
    """What a year's figures are counted from: each document's facts (for --explain) or the
    database's counts, the cleanup decisions, and the co-issuers of the documents read."""

    rows: "list[PromulgatedRow]"
    counted: "list[IssuerCounts]"
    decisions: "list[CleanupDecisionRow]"
    joint: dict[int, list[tuple[int, str, str]]]


def _year_records(
    session: Any, start: date, end: date, as_of: date, ids: list[int], *, documents: bool
) -> _YearRecords:
    from normdocs.store.reports import (
        cleanup_decided_in,
        co_issuing_agencies,
        promulgated_in,
        stat_counts,
    )

    rows = (
        promulgated_in(session, start, end, ids, as_of=as_of) if start <= end and documents else []
    )
    counted = stat_counts(session, start, end, as_of, ids) if start <= end and not documents else []
    decisions = cleanup_decided_in(session, start, end, ids) if start <= end else []
    joint = co_issuing_agencies(
        session, [r["id"] for r in rows] + [i["document_id"] for i in decisions]
    )
    return _YearRecords(rows, counted, decisions, joint)


@dataclass
class _Tallies:
    """The tallies of a year being counted: one per issuer in scope (all when `in_scope` is
    empty) and the total. A joint document counts for each of its issuers; the total, once."""

    in_scope: set[int]
    joint: dict[int, list[tuple[int, str, str]]]
    by_issuer: dict[str, Tally] = field(default_factory=dict)
    total: Tally = field(default_factory=lambda: Tally(ISSUER_TOTAL, ""))

    def _of(self, name: str, level: str) -> Tally:
        return self.by_issuer.setdefault(name, Tally(name, level))

    def _issuers_of(
        self, row: "PromulgatedRow | CleanupDecisionRow", document_id: int
    ) -> list[tuple[str, str]]:
        """(name, level) of the document's issuers in scope: its lead, then its co-issuers."""
        in_scope = self.in_scope
        lead = (
            [(row["issuer"], row["issuer_level"])]
            if not in_scope or row["issuer_id"] in in_scope
            else []
        )
        others = [
            (name, level)
            for agency_id, name, level in self.joint.get(document_id, [])
            if not in_scope or agency_id in in_scope
        ]
        return list(dict.fromkeys([*lead, *others]))

    def add_documents(self, rows: "list[PromulgatedRow]", as_of: date) -> None:
        """Each document into the counts it is in, keeping which documents each count holds."""
        total = self.total
        for row in rows:
            measures = _measures_of(row, as_of)
            for name, level in self._issuers_of(row, row["id"]):
                tally = self._of(name, level)
                for measure in measures:
                    tally.members.setdefault(measure, []).append(row["id"])
            for measure in measures:
                total.members.setdefault(measure, []).append(row["id"])

    def add_counts(self, counted: "list[IssuerCounts]") -> None:
        """The counts the database made, per issuer and in total (issuer None)."""
        for row in counted:
            counts = row["counts"]
            if row["issuer"] is None:  # the total, each document once
                self.total.counts.update({measure: counts[measure] for measure in MEASURES})
                continue
            tally = self._of(row["issuer"], row["issuer_level"] or "")
            for measure in MEASURES:
                tally.counts[measure] = counts[measure]

    def add_decisions(self, decisions: "list[CleanupDecisionRow]") -> None:
        for item in decisions:
            key = f"cleanup_{item['outcome']}"
            for name, level in self._issuers_of(item, item["document_id"]):
                tally = self._of(name, level)
                tally.cleanup[key] = tally.cleanup.get(key, 0) + 1
            self.total.cleanup[key] = self.total.cleanup.get(key, 0) + 1

    def ordered(self) -> list[Tally]:
        """The government first, then its departments, each by name."""
        return sorted(self.by_issuer.values(), key=lambda t: (t.level != "government", t.issuer))


STATS_COLUMNS = (
    Column("issuer", "制定机关", 2.5),
    *(Column(m, label) for m, (label, _a) in MEASURES.items()),
    *(Column(m, label) for m, label in CLEANUP_MEASURES.items()),
    *(Column(code, label) for code, (label, _n, _d) in RATES.items()),
)


CHART_ISSUERS = 12


def _rate_cell(tally: Tally, code: str) -> str:
    rate = tally.rate(code)
    return f"{rate['text']}（{rate['numerator']}/{rate['denominator']}）"


def _stats_row(tally: Tally) -> tuple[Any, ...]:
    return (
        tally.issuer,
        *(tally.count(m) for m in MEASURES),
        *(tally.count(m) for m in CLEANUP_MEASURES),
        *(_rate_cell(tally, code) for code in RATES),
    )


def _tally_data(tally: Tally) -> JSONObject:
    return {
        "issuer": tally.issuer,
        "level": tally.level or None,
        "counts": {m: tally.count(m) for m in (*MEASURES, *CLEANUP_MEASURES)},
        "rates": {code: tally.rate(code) for code in RATES},
    }


def stats(year: int | None, as_of: date, issuers: Sequence[str] = ()) -> Callable[[Any], Report]:
    """The builder of the year's assessment figures and the draft 备案审查工作报告."""
    the_year = year or as_of.year

    def build(session: Any) -> Report:
        facts = stats_facts(session, the_year, as_of, issuers)
        return _stats_report(facts)

    return build


def _stats_report(facts: StatsFacts) -> Report:
    """The figures as a table (xlsx, csv, json) and as the draft 备案审查工作报告 (docx, html)."""
    rows = tuple(_stats_row(t) for t in [*facts.tallies, facts.total])
    table = Table(f"{facts.year}年考核数据", STATS_COLUMNS, rows)
    counts, rates = _figure_tables(facts)
    blocks: tuple[Block, ...] = (
        Paragraph(placeholder("主送机关") + "：", align="left"),
        Paragraph(
            f"现将{facts.year}年度行政规范性文件备案审查工作情况报告如下。"
            + placeholder("工作概述")
        ),
        Heading("一、主要数据"),
        *(Paragraph(text) for text in _summary(facts)),
        TableBlock(counts, caption="表1  行政规范性文件制定、报备情况（件）"),
        TableBlock(rates, caption="表2  备案审查指标"),
        ChartBlock(_rate_chart(facts)),
        Paragraph(
            f"各项比率计算方法：报备率＝报备件数÷公布件数，及时率＝按时报备件数÷报备件数，规范率＝材料"
            f"齐全件数÷报备件数，公布率＝公开发布件数÷公布件数，纠错率＝纠错件数÷报备件数；分母为零的"
            f"以“{NO_RATE}”表示。纠错件数含报备后经备案审查建议自行纠正或予以撤销的文件，发文机关已纠正的"
            f"仍计入。联合发文计入每个发文机关，合计中只计一次，故各机关数据之和可能大于合计。每项数据所依据"
            f"的文件和记录编号可由 normdocs report stats --explain 列出。"
        ),
        Heading("二、主要做法和成效"),
        Paragraph(placeholder("主要做法和成效")),
        Heading("三、存在的问题"),
        Paragraph(placeholder("存在的问题")),
        Heading("四、下一步工作打算"),
        Paragraph(placeholder("下一步工作打算")),
        Paragraph(placeholder("报告单位"), align="right"),
        Paragraph(official_date(facts.as_of), align="right"),
    )
    return Report(
        kind="stats",
        title=f"关于{facts.year}年度行政规范性文件备案审查工作情况的报告",
        subtitle="（初稿）",
        as_of=facts.as_of,
        blocks=blocks,
        tables=(table,),
        data={
            "report": "stats",
            "year": facts.year,
            "as_of": facts.as_of,
            "scope": facts.scope or None,
            "issuers": [_tally_data(x) for x in facts.tallies],
            "total": _tally_data(facts.total),
        },
    )


def _summary(facts: StatsFacts) -> tuple[str, ...]:
    """The paragraphs of 一、主要数据: the year's totals in words."""
    t = facts.total
    scope = facts.scope or "本级及所属部门"

    def r(code: str) -> str:
        return _rate_cell(t, code)

    made = (
        f"{facts.year}年（截至{official_date(facts.as_of)}），{scope}共制定公布行政规范性文件"
        f"{t.count('promulgated')}件，报送备案{t.count('filed')}件，报备率{r('filing_rate')}；"
        f"按时报送{t.count('filed_on_time')}件，及时率{r('on_time_rate')}；报备材料齐全规范"
        f"{t.count('filed_complete')}件，规范率{r('complete_rate')}；以文号公开发布"
        f"{t.count('published')}件，公布率{r('publication_rate')}。"
    )
    review = (
        f"提交集体审议前经合法性审核的{t.count('reviewed_before_deliberation')}件，合法性审核在规定"
        f"时限内完成的{t.count('review_in_time')}件。"
    )
    filing = (
        f"经备案审查，予以备案{t.count('filing_accepted')}件，暂缓备案{t.count('filing_deferred')}件，"
        f"建议自行纠正{t.count('filing_correction')}件，撤销{t.count('filing_revoked')}件，"
        f"纠错率{r('correction_rate')}。"
    )
    cleanup = (
        "全年清理行政规范性文件，决定继续有效{retain}件，修改{amend}件，废止{repeal}件，宣布失效"
        "{invalidate}件。"
    ).format(**{k: t.count(f"cleanup_{k}") for k in OUTCOME_LABELS})
    return made, review, filing, cleanup


# 表1's counts: a measure and its short column label.
_COUNT_COLUMNS = (
    ("promulgated", "公布"),
    ("filed", "报备"),
    ("filed_on_time", "按时"),
    ("filed_complete", "齐全"),
    ("published", "公开"),
    ("corrected", "纠错"),
)


def _figure_tables(facts: StatsFacts) -> tuple[Table, Table]:
    """表1 (counts) and 表2 (rates), one row per issuer and the total."""
    everyone = [*facts.tallies, facts.total]
    counts = Table(
        "数量",
        (Column("issuer", "制定机关", 2.6), *(Column(m, label) for m, label in _COUNT_COLUMNS)),
        tuple((x.issuer, *(x.count(m) for m, _label in _COUNT_COLUMNS)) for x in everyone),
    )
    rates = Table(
        "比率",
        (
            Column("issuer", "制定机关", 2.2),
            *(Column(c, lab, 1.3) for c, (lab, _n, _d) in RATES.items()),
        ),
        tuple((x.issuer, *(_rate_cell(x, c) for c in RATES)) for x in everyone),
    )
    return counts, rates


def _rate_chart(facts: StatsFacts) -> Chart:
    """A chart a leader reads at a glance: with many issuers, those with the most documents."""
    shown = facts.tallies
    title = f"{facts.year}年各制定机关备案审查指标"
    if len(shown) > CHART_ISSUERS:
        shown = sorted(shown, key=lambda x: (-x.count("promulgated"), x.issuer))[:CHART_ISSUERS]
        shown = [x for x in facts.tallies if x in shown]
        title += f"（公布件数前{CHART_ISSUERS}位）"
    return Chart(
        title,
        tuple(x.issuer for x in shown),
        tuple(
            Series(label, tuple(x.rate(code)["value"] for x in shown))
            for code, (label, _n, _d) in RATES.items()
            if code != "correction_rate"
        ),
    )


EXPLAIN_COLUMNS = (
    Column("part", "分子/分母", 1.0),
    Column("measure", "计数项", 1.2),
    Column("document_id", "文件编号", 0.8),
    Column("doc_number", "文号", 2.0),
    Column("title", "文件名称", 4.0),
    Column("issuer", "制定机关", 2.0),
    Column("event_ids", "记录编号", 1.2),
)


def explain(
    year: int | None, as_of: date, rate: str, issuers: Sequence[str] = ()
) -> Callable[[Any], Report]:
    """The builder of the list behind one rate: every document of its numerator and of its
    denominator, with the ids of the events that put it there (see them with doc history)."""
    code = rate_code(rate)
    the_year = year or as_of.year

    def build(session: Any) -> Report:
        from normdocs.store.reports import events_of

        facts = stats_facts(session, the_year, as_of, issuers, documents=True)
        label, num, den = RATES[code]
        parts = (("分子", num), ("分母", den))
        ids = sorted({i for _p, m in parts for i in facts.total.members.get(m, [])})
        actions = sorted({a for _p, m in parts for a in MEASURES[m][1]})
        rows, records = _explained(facts, parts, events_of(session, ids, actions, as_of))
        table = Table(f"{label}依据", EXPLAIN_COLUMNS, tuple(rows))
        return Report(
            kind="explain",
            title=f"{the_year}年{label}的计算依据",
            as_of=as_of,
            tables=(table,),
            data={
                "report": "explain",
                "rate": code,
                "label": label,
                "year": the_year,
                "as_of": as_of,
                "scope": facts.scope or None,
                **facts.total.rate(code),
                "numerator_measure": num,
                "denominator_measure": den,
                **records,
            },
        )

    return build


def _explained(
    facts: StatsFacts,
    parts: tuple[tuple[str, str], ...],
    events: "dict[int, list[ReportEventRow]]",
) -> tuple[list[tuple[Any, ...]], dict[str, list[JSONObject]]]:
    """The table rows and the JSON records behind a rate: each document of each part (分子,
    分母: a measure), with the ids of the events that put it there."""
    rows = []
    records: dict[str, list[JSONObject]] = {"numerator": [], "denominator": []}
    for part, measure in parts:
        for document_id in sorted(facts.total.members.get(measure, [])):
            doc = facts.documents[document_id]
            evidence = _evidence(measure, events.get(document_id, []))
            rows.append(
                (
                    part,
                    MEASURES[measure][0],
                    document_id,
                    doc["doc_number"] or "",
                    doc["title"],
                    doc["issuer"],
                    ", ".join(str(e) for e in evidence),
                )
            )
            records["numerator" if part == "分子" else "denominator"].append(
                {
                    "document_id": document_id,
                    "doc_number": doc["doc_number"],
                    "title": doc["title"],
                    "issuer": doc["issuer"],
                    "event_ids": evidence,
                }
            )
    return rows, records


def _evidence(measure: str, events: "list[ReportEventRow]") -> list[int]:
    """The ids of the events that put a document in `measure`."""
    actions = MEASURES[measure][1]
    chosen = [e for e in events if e["action"] in actions]
    if measure in ("filed", "filed_on_time", "filed_complete"):
        files = [e for e in chosen if e["action"] == "file"]
        if files:
            # The first filing decides whether it was on time; the latest one its materials.
            chosen = [files[-1]] if measure == "filed_complete" else [files[0]]
    elif measure.startswith("filing_") or measure == "corrected":
        decisions = [e for e in chosen if e["action"] == "filing.decide"]
        chosen = decisions[-1:]
    elif measure == "review_in_time":
        chosen = chosen[-1:]
    elif measure == "reviewed_before_deliberation":
        decides = [e for e in chosen if e["action"] == "review.decide"]
        meetings = [
            e
            for e in chosen
            if e["action"] == "meeting.record"
            and json.loads(e["details"] or "{}").get("outcome") == "approved"
        ]
        chosen = decides[-1:] + meetings[-1:]
    return [int(e["id"]) for e in chosen]

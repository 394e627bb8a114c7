"""Reports from the registry (备案材料, 审核意见书, 清理结果, 现行有效目录, 考核数据, 审核台账): built
in one read transaction on a registry that may be read-only, as of an injected day, and written
through services.outputs. Nothing here writes to the registry."""

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from normdocs.domain.errors import InvalidInput, Refused
from normdocs.i18n import _
from normdocs.reports.model import (
    NO_RATE,
    Chart,
    ChartBlock,
    Column,
    Heading,
    PageBreak,
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
from normdocs.services.context import AppContext

T = TypeVar("T")

# The formats each report is made in; the first is the default without a suffix.
FORMATS: dict[str, tuple[str, ...]] = {
    "catalog": ("html", "docx", "xlsx", "csv", "json"),
    "stats": ("docx", "html", "xlsx", "csv", "json"),
    "explain": ("csv", "xlsx", "json"),
    "ledger": ("xlsx", "docx", "csv", "json"),
    "cleanup": ("docx", "xlsx", "csv", "json"),
    "opinion": ("docx",),
}

ISSUER_TOTAL = "合计"
LEVEL_LABELS = {"government": "政府", "department": "部门"}
OUTCOME_LABELS = {
    "retain": "继续有效",
    "amend": "修改",
    "repeal": "废止",
    "invalidate": "宣布失效",
}
REVIEW_LABELS = {"lawful": "合法", "revise": "应当予以修改", "unlawful": "不合法"}
FILING_LABELS = {
    "accepted": "予以备案",
    "deferred": "暂缓备案",
    "correction": "建议自行纠正",
    "revoked": "撤销",
}
MEETING_LABELS = {"executive": "常务会议", "plenary": "全体会议", "leadership": "局务会议"}


class NothingToReport(Refused):
    """No document, decision or review falls in the report's scope: no file is written."""

    def __init__(self, message: str) -> None:
        super().__init__(message, None, rule="nothing-to-report")


@dataclass(frozen=True)
class Written:
    path: Path
    format: str
    rows: int
    warnings: list[str] = field(default_factory=list)


# --- formats and writing ---------------------------------------------------------------------


def output_format(kind: str, output: Path | None, fmt: str | None) -> str:
    """The format of a report: --format, else the output's suffix; refused when the report is
    not made in it."""
    allowed = FORMATS[kind]
    chosen = (fmt or (output.suffix.lstrip(".") if output is not None else "")).lower()
    if chosen == "htm":
        chosen = "html"
    if not chosen:
        return allowed[0]
    if chosen not in allowed:
        raise InvalidInput(
            _("the {kind} report is not made as .{format}").format(kind=kind, format=chosen),
            _("give -o a file ending in one of: {allowed} (or use --format)").format(
                allowed=", ".join("." + a for a in allowed)
            ),
        )
    return chosen


def render(report: Report, fmt: str, *, warn: Callable[[str], None]) -> bytes:
    """The report's bytes in `fmt`."""
    from normdocs.reports import tabular

    if fmt == "json":
        return tabular.to_json(report)
    if fmt == "csv":
        return tabular.to_csv(report)
    if fmt == "xlsx":
        return tabular.to_xlsx(report)
    if fmt == "html":
        from normdocs.reports.html import catalog_page, report_page

        page = catalog_page(report) if report.kind == "catalog" else report_page(report)
        return page.encode("utf-8")
    if fmt == "docx":
        from normdocs.reports.official import to_docx

        return to_docx(report, _chart_png(report, warn))
    raise AssertionError(fmt)


def _chart_png(report: Report, warn: Callable[[str], None]) -> bytes | None:
    charts = [b.chart for b in report.blocks if isinstance(b, ChartBlock)]
    if not charts:
        return None
    from normdocs.reports.chart import NoChineseFont, rate_chart_png

    try:
        return rate_chart_png(charts[0])
    except NoChineseFont:
        warn(
            _(
                "no font with Chinese characters was found, so the chart of rates is left out "
                "(install one, e.g. Debian: apt-get install fonts-noto-cjk)"
            )
        )
        return None


def save(
    ctx: AppContext,
    kind: str,
    output: Path,
    build: Callable[[Any], Report],
    *,
    fmt: str | None = None,
    force: bool = False,
) -> Written:
    """Check the output path, build the report in one read transaction, render and write it
    (temporary file, then rename): a refusal or failure leaves no file."""
    from normdocs.services.outputs import OutputFile

    chosen = output_format(kind, output, fmt)
    with OutputFile(output, registry=ctx.db, force=force) as out:
        report = read(ctx, build)
        data = render(report, chosen, warn=ctx.warn)
        out.write(lambda handle: _write_all(handle, data))
    return Written(output, chosen, _row_count(report), list(ctx.warnings))


def _write_all(handle: Any, data: bytes) -> None:
    handle.write(data)


def _writer(data: bytes) -> Callable[[Any], None]:
    return lambda handle: _write_all(handle, data)


def read(ctx: AppContext, build: Callable[[Any], T]) -> T:
    """`build` on one read-only transaction of the registry."""
    from normdocs.store.engine import transaction

    engine = ctx.engine(write=False)
    with transaction(engine, ctx.db) as session:
        return build(session)


def _row_count(report: Report) -> int:
    return sum(len(t.rows) for t in report.tables)


def _issuers(session: Any, names: Sequence[str]) -> list[dict[str, Any]]:
    from normdocs.services.scopes import resolve_scope

    return list(resolve_scope(session, names).agencies)


def _scope_name(issuers: Sequence[dict[str, Any]]) -> str:
    return "、".join(a["name"] for a in issuers)


# --- 现行有效行政规范性文件目录 -------------------------------------------------------------------

CATALOG_COLUMNS = (
    Column("seq", "序号", 0.6),
    Column("title", "文件名称", 4.0),
    Column("doc_number", "文号", 2.0),
    Column("issuer", "制定机关", 1.8),
    Column("promulgated_on", "公布日期", 1.5),
    Column("effective_on", "施行日期", 1.5),
    Column("expires_on", "有效期至", 1.5),
)


def catalog(
    as_of: date, issuers: Sequence[str] = (), *, title_scope: str | None = None
) -> Callable[[Any], Report]:
    """The builder of the catalogue of documents in force on `as_of`."""

    def build(session: Any) -> Report:
        from normdocs.store.records import co_issuers_by_document
        from normdocs.store.reports import in_force

        scope = _issuers(session, issuers)
        rows = in_force(session, as_of, [a["id"] for a in scope])
        if not rows:
            where = _scope_name(scope) or _("the registry")
            raise NothingToReport(
                _("no document of {scope} is in force on {day}: nothing to report").format(
                    scope=where, day=as_of.isoformat()
                )
            )
        joint = co_issuers_by_document(session, [r.id for r in rows] if len(rows) <= 500 else None)
        body = []
        records = []
        for seq, row in enumerate(rows, start=1):
            others = joint.get(row.id)
            issuer_text = "、".join(dict.fromkeys([row.issuer, *others])) if others else row.issuer
            effective = row.effective_on or row.promulgated_on
            body.append(
                (
                    seq,
                    row.title,
                    row.doc_number or "",
                    issuer_text,
                    row.promulgated_on,
                    effective,
                    row.expires_on if row.expires_on else "—",
                )
            )
            records.append(
                {
                    "seq": seq,
                    "id": row.id,
                    "title": row.title,
                    "doc_number": row.doc_number,
                    "registration_no": row.registration_no,
                    "issuer": row.issuer,
                    "co_issuers": joint.get(row.id, []),
                    "promulgated_on": row.promulgated_on,
                    "effective_on": effective,
                    "expires_on": row.expires_on,
                }
            )
        owner = title_scope or _scope_name(scope)
        title = f"{owner}现行有效行政规范性文件目录" if owner else "现行有效行政规范性文件目录"
        table = Table("现行有效目录", CATALOG_COLUMNS, tuple(body))
        subtitle = f"（截至{official_date(as_of)}，共{len(body)}件）"
        return Report(
            kind="catalog",
            title=title,
            subtitle=subtitle,
            as_of=as_of,
            blocks=(TableBlock(table),),
            tables=(table,),
            data={
                "report": "catalog",
                "title": title,
                "as_of": as_of,
                "issuers": [a["name"] for a in scope],
                "count": len(records),
                "documents": records,
            },
        )

    return build


# --- 考核数据: counts, rates and what is behind each ------------------------------------------------

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


def _measures_of(row: dict[str, Any], as_of: date) -> set[str]:
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
    outcome = row["filing_outcome"]
    decided_filing = row["filing_decided_on"]
    if filed and outcome and decided_filing is not None and decided_filing <= as_of:
        found.add(f"filing_{outcome}")
        if outcome in ("correction", "revoked"):
            found.add("corrected")
    return found


@dataclass
class Tally:
    issuer: str
    level: str
    # The documents in each count (for --explain), or only the counts (for the figures).
    members: dict[str, list[int]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    cleanup: dict[str, int] = field(default_factory=dict)
    _rates: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

    def count(self, measure: str) -> int:
        if measure in CLEANUP_MEASURES:
            return self.cleanup.get(measure, 0)
        if measure in self.members:
            return len(self.members[measure])
        return self.counts.get(measure, 0)

    def rate(self, code: str) -> dict[str, Any]:
        if code not in self._rates:
            self._rates[code] = self._rate(code)
        return self._rates[code]

    def _rate(self, code: str) -> dict[str, Any]:
        _label, num, den = RATES[code]
        n, d = self.count(num), self.count(den)
        return {
            "numerator": n,
            "denominator": d,
            "value": rate_value(n, d),
            "text": rate_text(n, d),
        }


@dataclass(frozen=True)
class StatsFacts:
    year: int
    as_of: date
    scope: str
    tallies: list[Tally]
    total: Tally
    documents: dict[int, dict[str, Any]]


def _year_range(year: int, as_of: date) -> tuple[date, date]:
    return date(year, 1, 1), min(date(year, 12, 31), as_of)


def stats_facts(
    session: Any, year: int, as_of: date, issuers: Sequence[str], *, documents: bool = False
) -> StatsFacts:
    """The year's counts per issuer and in total: counted by the database, or, with
    `documents`, from every document's facts, keeping which documents each count holds."""
    from normdocs.store.reports import cleanup_decided_in, promulgated_in, stat_counts

    scope = _issuers(session, issuers)
    ids = [a["id"] for a in scope]
    start, end = _year_range(year, as_of)
    rows = promulgated_in(session, start, end, ids) if start <= end and documents else []
    counted = stat_counts(session, start, end, as_of, ids) if start <= end and not documents else []
    decisions = cleanup_decided_in(session, start, end, ids) if start <= end else []
    if not rows and not counted and not decisions:
        raise NothingToReport(
            _(
                "no document of {scope} was promulgated in {year} up to {day}: nothing to report"
            ).format(
                scope=_scope_name(scope) or _("the registry"), year=year, day=as_of.isoformat()
            )
        )
    tallies: dict[str, Tally] = {}
    total = Tally(ISSUER_TOTAL, "")
    for row in rows:
        tally = tallies.setdefault(row["issuer"], Tally(row["issuer"], row["issuer_level"]))
        for measure in _measures_of(row, as_of):
            tally.members.setdefault(measure, []).append(row["id"])
            total.members.setdefault(measure, []).append(row["id"])
    for counts in counted:
        tally = tallies.setdefault(
            counts["issuer"], Tally(counts["issuer"], counts["issuer_level"])
        )
        for measure in MEASURES:
            tally.counts[measure] = int(counts[measure])
            total.counts[measure] = total.counts.get(measure, 0) + int(counts[measure])
    for item in decisions:
        tally = tallies.setdefault(item["issuer"], Tally(item["issuer"], item["issuer_level"]))
        key = f"cleanup_{item['outcome']}"
        tally.cleanup[key] = tally.cleanup.get(key, 0) + 1
        total.cleanup[key] = total.cleanup.get(key, 0) + 1
    # The government first, then its departments, each by name.
    ordered = sorted(tallies.values(), key=lambda t: (t.level != "government", t.issuer))
    return StatsFacts(
        year, as_of, _scope_name(scope), ordered, total, {int(r["id"]): r for r in rows}
    )


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


def _tally_data(tally: Tally) -> dict[str, Any]:
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
    rows = tuple(_stats_row(t) for t in [*facts.tallies, facts.total])
    table = Table(f"{facts.year}年考核数据", STATS_COLUMNS, rows)
    t = facts.total
    scope = facts.scope or "本级及所属部门"
    title = f"关于{facts.year}年度行政规范性文件备案审查工作情况的报告"

    def r(code: str) -> str:
        rate = t.rate(code)
        return f"{rate['text']}（{rate['numerator']}/{rate['denominator']}）"

    summary = (
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
    counts = Table(
        "数量",
        (
            Column("issuer", "制定机关", 2.6),
            Column("promulgated", "公布"),
            Column("filed", "报备"),
            Column("filed_on_time", "按时"),
            Column("filed_complete", "齐全"),
            Column("published", "公开"),
            Column("corrected", "纠错"),
        ),
        tuple(
            (
                x.issuer,
                x.count("promulgated"),
                x.count("filed"),
                x.count("filed_on_time"),
                x.count("filed_complete"),
                x.count("published"),
                x.count("corrected"),
            )
            for x in [*facts.tallies, t]
        ),
    )
    rates = Table(
        "比率",
        (
            Column("issuer", "制定机关", 2.2),
            *(Column(c, lab, 1.3) for c, (lab, _n, _d) in RATES.items()),
        ),
        tuple((x.issuer, *(_rate_cell(x, c) for c in RATES)) for x in [*facts.tallies, t]),
    )
    # A chart a leader reads at a glance: with many issuers, those with the most documents.
    shown = facts.tallies
    chart_title = f"{facts.year}年各制定机关备案审查指标"
    if len(shown) > CHART_ISSUERS:
        shown = sorted(shown, key=lambda x: (-x.count("promulgated"), x.issuer))[:CHART_ISSUERS]
        shown = [x for x in facts.tallies if x in shown]
        chart_title += f"（公布件数前{CHART_ISSUERS}位）"
    chart = Chart(
        chart_title,
        tuple(x.issuer for x in shown),
        tuple(
            Series(label, tuple(x.rate(code)["value"] for x in shown))
            for code, (label, _n, _d) in RATES.items()
            if code != "correction_rate"
        ),
    )
    blocks = (
        Paragraph(placeholder("主送机关") + "：", align="left"),
        Paragraph(
            f"现将{facts.year}年度行政规范性文件备案审查工作情况报告如下。"
            + placeholder("工作概述")
        ),
        Heading("一、主要数据"),
        Paragraph(summary),
        Paragraph(review),
        Paragraph(filing),
        Paragraph(cleanup),
        TableBlock(counts, caption="表1  行政规范性文件制定、报备情况（件）"),
        TableBlock(rates, caption="表2  备案审查指标"),
        ChartBlock(chart),
        Paragraph(
            f"各项比率计算方法：报备率＝报备件数÷公布件数，及时率＝按时报备件数÷报备件数，规范率＝材料"
            f"齐全件数÷报备件数，公布率＝公开发布件数÷公布件数，纠错率＝纠错件数÷报备件数；分母为零的"
            f"以“{NO_RATE}”表示。每项数据所依据的文件和记录编号可由 normdocs report stats --explain 列出。"
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
        title=title,
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
            "total": _tally_data(t),
        },
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
        events = events_of(session, ids, actions, as_of)
        rows = []
        records: dict[str, list[dict[str, Any]]] = {"numerator": [], "denominator": []}
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
        table = Table(f"{label}依据", EXPLAIN_COLUMNS, tuple(rows))
        rate_data = facts.total.rate(code)
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
                **rate_data,
                "numerator_measure": num,
                "denominator_measure": den,
                **records,
            },
        )

    return build


def _evidence(measure: str, events: list[dict[str, Any]]) -> list[int]:
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


# --- 合法性审核台账 -----------------------------------------------------------------------------

LEDGER_COLUMNS = (
    Column("seq", "序号", 0.6),
    Column("title", "文件名称", 3.2),
    Column("issuer", "制定机关", 1.8),
    Column("submitted_on", "报送审核日期", 1.5),
    Column("decided_on", "审核完成日期", 1.5),
    Column("working_days", "工作日", 0.8),
    Column("reviewer", "审核人", 1.4),
    Column("outcome", "审核结论", 1.3),
    Column("adopted", "意见采纳情况", 1.3),
)


def ledger(year: int | None, as_of: date, issuers: Sequence[str] = ()) -> Callable[[Any], Report]:
    """The builder of the 合法性审核台账 (国办发〔2018〕115号 §(九)): each review decided in the
    year, with its dates, working days, reviewer, outcome and whether the opinion was adopted."""
    the_year = year or as_of.year

    def build(session: Any) -> Report:
        from normdocs.store.reports import review_events

        scope = _issuers(session, issuers)
        start, end = _year_range(the_year, as_of)
        events = (
            review_events(session, start, end, [a["id"] for a in scope]) if start <= end else []
        )
        reviews = _reviews(events, start, end, as_of)
        if not reviews:
            raise NothingToReport(
                _(
                    "no legality review of {scope} was decided in {year} up to {day}: nothing to report"
                ).format(
                    scope=_scope_name(scope) or _("the registry"),
                    year=the_year,
                    day=as_of.isoformat(),
                )
            )
        rows = tuple(
            (
                seq,
                r["title"],
                r["issuer"],
                r["submitted_on"],
                r["decided_on"],
                r["working_days"],
                r["reviewer"] or "",
                REVIEW_LABELS.get(r["outcome"], r["outcome"] or ""),
                r["adopted_text"],
            )
            for seq, r in enumerate(reviews, start=1)
        )
        table = Table(f"{the_year}年合法性审核台账", LEDGER_COLUMNS, rows)
        scope_name = _scope_name(scope)
        return Report(
            kind="ledger",
            title=f"{scope_name}行政规范性文件合法性审核台账（{the_year}年度）",
            subtitle=f"（截至{official_date(min(end, as_of))}，共{len(rows)}件次）",
            as_of=as_of,
            blocks=(TableBlock(table),),
            tables=(table,),
            data={
                "report": "ledger",
                "year": the_year,
                "as_of": as_of,
                "scope": scope_name or None,
                "reviews": [{k: v for k, v in r.items() if k != "adopted_text"} for r in reviews],
            },
        )

    return build


def _reviews(
    events: list[dict[str, Any]], start: date, end: date, as_of: date
) -> list[dict[str, Any]]:
    """One entry per review decision in the range, from each document's review events."""
    by_doc: dict[int, list[dict[str, Any]]] = {}
    for e in events:
        by_doc.setdefault(int(e["document_id"]), []).append(e)
    reviews = []
    for document_id in sorted(by_doc):
        submitted: date | None = None
        pending: dict[str, Any] | None = None
        for e in by_doc[document_id]:
            if e["on_date"] is not None and e["on_date"] > as_of:
                break
            details = json.loads(e["details"] or "{}")
            if e["action"] == "review.submit":
                submitted = e["on_date"]
            elif e["action"] == "review.decide":
                pending = None
                if start <= e["on_date"] <= end:
                    pending = {
                        "document_id": document_id,
                        "event_id": int(e["id"]),
                        "title": e["title"],
                        "doc_number": e["doc_number"],
                        "issuer": e["issuer"],
                        "submitted_on": submitted,
                        "decided_on": e["on_date"],
                        "working_days": details.get("working_days"),
                        "emergency": bool(details.get("emergency")),
                        "reviewer": details.get("reviewer"),
                        "outcome": details.get("outcome"),
                        "opinion": details.get("opinion"),
                        "adopted": None,
                        "adopted_text": "不适用"
                        if details.get("outcome") != "revise"
                        else "尚未答复",
                    }
                    reviews.append(pending)
            elif e["action"] == "review.revise" and pending is not None:
                adopted = bool(details.get("adopted", True))
                pending["adopted"] = adopted
                pending["adopted_text"] = "已采纳" if adopted else "未采纳（已说明理由）"
    return sorted(reviews, key=lambda r: (r["decided_on"], r["event_id"]))


# --- 清理结果 -----------------------------------------------------------------------------------

CLEANUP_COLUMNS = (
    Column("seq", "序号", 0.6),
    Column("title", "文件名称", 4.0),
    Column("doc_number", "文号", 2.0),
    Column("promulgated_on", "发布日期", 1.5),
    Column("reason", "清理理由", 3.0),
)
KIND_LABELS = {"periodic": "定期清理", "instant": "即时清理"}


def _campaign(session: Any, ref: str) -> dict[str, Any]:
    """A campaign by id or by its one name: the cleanup service's own lookup."""
    from normdocs.services.cleanup import find_campaign

    return find_campaign(session, ref)


def cleanup(campaign: str, as_of: date) -> Callable[[Any], Report]:
    """The builder of a campaign's result lists (继续有效 / 修改 / 废止 / 宣布失效), with the draft
    清理结果的通告 in front of the .docx."""

    def build(session: Any) -> Report:
        from normdocs.store.cleanup import campaign_items

        row = _campaign(session, campaign)
        items = [
            i
            for i in campaign_items(session, row["id"])
            if i["outcome"] and (i["decided_on"] is None or i["decided_on"] <= as_of)
        ]
        if not items:
            raise NothingToReport(
                _("cleanup campaign {id} has no decisions yet: nothing to report").format(
                    id=row["id"]
                )
            )
        by_outcome: dict[str, list[dict[str, Any]]] = {k: [] for k in OUTCOME_LABELS}
        for item in sorted(
            items, key=lambda i: (i["promulgated_on"] or date.min, i["document_id"])
        ):
            by_outcome.setdefault(item["outcome"], []).append(item)
        tables = []
        for outcome, label in OUTCOME_LABELS.items():
            rows = tuple(
                (seq, i["title"], i["doc_number"] or "", i["promulgated_on"], i["reason"] or "")
                for seq, i in enumerate(by_outcome[outcome], start=1)
            )
            tables.append(Table(f"{label}", CLEANUP_COLUMNS, rows))
        flat = Table(
            "清理结果",
            (Column("outcome", "清理结果", 1.2), *CLEANUP_COLUMNS),
            tuple(
                (OUTCOME_LABELS[o], *r)
                for o, t in zip(OUTCOME_LABELS, tables, strict=True)
                for r in t.rows
            ),
        )
        issuer = row.get("issuer") or placeholder("发布机关")
        counts = {o: len(by_outcome[o]) for o in OUTCOME_LABELS}
        title = f"{issuer}关于公布行政规范性文件清理结果的通告"
        notice = (
            f"根据《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）"
            f"等有关规定，{issuer}对{placeholder('清理范围')}行政规范性文件进行了"
            f"{KIND_LABELS.get(row['kind'], '清理')}（{row['name']}）。经清理，决定继续有效的"
            f"{counts['retain']}件，修改的{counts['amend']}件，废止的{counts['repeal']}件，宣布失效的"
            f"{counts['invalidate']}件。现将清理结果予以公布。"
        )
        blocks: list[Any] = [
            Paragraph(notice),
            Paragraph(
                "废止和宣布失效的行政规范性文件，自本通告公布之日起不再作为行政管理的依据；"
                "决定修改的行政规范性文件，由制定机关按程序修改后重新公布。"
            ),
            Paragraph(
                "附件："
                + "；".join(
                    f"{n}. {label}的行政规范性文件目录"
                    for n, label in enumerate(OUTCOME_LABELS.values(), start=1)
                )
            ),
            Paragraph(issuer, align="right"),
            Paragraph(placeholder("公布日期"), align="right"),
        ]
        for n, (table, label) in enumerate(zip(tables, OUTCOME_LABELS.values(), strict=True), 1):
            blocks.append(PageBreak())
            blocks.append(Paragraph(f"附件{n}", align="left"))
            if table.rows:
                blocks.append(
                    TableBlock(table, caption=f"{label}的行政规范性文件目录（{len(table.rows)}件）")
                )
            else:
                blocks.append(Paragraph(f"{label}的行政规范性文件目录：无。", align="center"))
        return Report(
            kind="cleanup",
            title=title,
            as_of=as_of,
            blocks=tuple(blocks),
            tables=tuple(tables),
            csv_table=flat,
            data={
                "report": "cleanup",
                "campaign": {
                    "id": row["id"],
                    "name": row["name"],
                    "kind": row["kind"],
                    "issuer": row.get("issuer"),
                    "status": row["status"],
                    "started_on": row["started_on"],
                    "closed_on": row["closed_on"],
                },
                "as_of": as_of,
                "counts": counts,
                "outcomes": {
                    o: [
                        {
                            "document_id": i["document_id"],
                            "title": i["title"],
                            "doc_number": i["doc_number"],
                            "promulgated_on": i["promulgated_on"],
                            "reason": i["reason"],
                            "decided_on": i["decided_on"],
                        }
                        for i in by_outcome[o]
                    ]
                    for o in OUTCOME_LABELS
                },
            },
        )

    return build


# --- 合法性审核意见书 ---------------------------------------------------------------------------

FINDING_COLUMNS = (
    Column("seq", "序号", 0.6),
    Column("sentence", "条款原文", 4.5),
    Column("problem", "可能存在的问题", 1.6),
    Column("source", "依据", 1.8),
    Column("opinion", "审核意见", 1.5),
)


def _latest_review(events: list[dict[str, Any]]) -> tuple[date | None, dict[str, Any] | None]:
    submitted: date | None = None
    decided: dict[str, Any] | None = None
    for e in events:
        if e["action"] == "review.submit":
            submitted, decided = e["on_date"], None
        elif e["action"] == "review.decide":
            decided = {**json.loads(e["details"] or "{}"), "on_date": e["on_date"], "id": e["id"]}
    return submitted, decided


def opinion_blocks(
    session: Any, doc: dict[str, Any], as_of: date
) -> tuple[list[Any], dict[str, Any]]:
    """The 合法性审核意见书's blocks and data for a document, or NothingToReport."""
    from normdocs.domain.content_checks import LABELS_ZH, SOURCES, LawIndex, find_hits
    from normdocs.store.audit import law_keys
    from normdocs.store.queries import text_of
    from normdocs.store.reports import events_of

    events = events_of(session, [doc["id"]], ["review.submit", "review.decide"], as_of)
    submitted, decided = _latest_review(events.get(doc["id"], []))
    if decided is None:
        raise NothingToReport(
            _("document {id} has no legality review decided: nothing to report").format(
                id=doc["id"]
            )
        )
    text = text_of(session, doc["id"])
    laws, documents = law_keys(session)
    hits = find_hits(text["text"], LawIndex(frozenset(laws), frozenset(documents))) if text else []
    outcome = decided.get("outcome")
    days = decided.get("working_days")
    emergency = "（紧急情况）" if decided.get("emergency") else ""
    blocks: list[Any] = [
        Paragraph(f"{doc['issuer']}：", align="left"),
        Paragraph(
            f"你单位报送的《{doc['title']}》（送审稿）于{official_date(submitted)}收悉。经审核，"
            f"{official_date(decided['on_date'])}审核完毕，历时{days if days is not None else placeholder('工作日数')}"
            f"个工作日{emergency}。现提出审核意见如下："
        ),
        Paragraph(f"一、审核结论：{REVIEW_LABELS.get(str(outcome), str(outcome or ''))}。"),
        Paragraph(f"二、具体意见：{decided.get('opinion') or placeholder('具体审核意见')}"),
    ]
    if outcome == "revise":
        blocks.append(
            Paragraph(
                "三、请按照审核意见修改后再提交集体审议；未予采纳的，应当在提请审议时说明理由。"
            )
        )
    elif outcome == "unlawful":
        blocks.append(Paragraph("三、该文件不得提交集体审议（国办发〔2018〕115号 §(七)）。"))
    blocks += [
        Paragraph(f"附件：内容审查清单（预填，{len(hits)}项）", align="left"),
        Paragraph(decided.get("reviewer") or placeholder("审核机构"), align="right"),
        Paragraph(official_date(decided["on_date"]), align="right"),
        PageBreak(),
        Paragraph("附件", align="left"),
    ]
    rows = tuple(
        (
            n,
            h.sentence,
            LABELS_ZH[h.category],
            h.article or SOURCES[h.category],
            placeholder("意见"),
        )
        for n, h in enumerate(hits, start=1)
    )
    table = Table("内容审查清单", FINDING_COLUMNS, rows)
    if rows:
        blocks.append(TableBlock(table, caption="内容审查清单（预填）"))
    else:
        blocks.append(
            Paragraph(
                "自动检查未发现设定许可、处罚、强制、收费或减损权利、增加义务的条款；仍须逐条审查。"
            )
        )
    data = {
        "document_id": doc["id"],
        "title": doc["title"],
        "issuer": doc["issuer"],
        "submitted_on": submitted,
        "decided_on": decided["on_date"],
        "working_days": days,
        "emergency": bool(decided.get("emergency")),
        "reviewer": decided.get("reviewer"),
        "outcome": outcome,
        "opinion": decided.get("opinion"),
        "event_id": decided["id"],
        "findings": [
            {
                "category": h.category.value,
                "sentence": h.sentence,
                "trigger": h.trigger,
                "source": h.article or SOURCES[h.category],
            }
            for h in hits
        ],
    }
    return blocks, data


def opinion(ref: str, as_of: date) -> Callable[[Any], Report]:
    """The builder of the 合法性审核意见书 of a document's (latest) legality review."""

    def build(session: Any) -> Report:
        from normdocs.services.documents import resolve_document

        doc = resolve_document(session, ref)
        blocks, data = opinion_blocks(session, doc, as_of)
        return Report(
            kind="opinion",
            title="合法性审核意见书",
            as_of=as_of,
            blocks=tuple(blocks),
            data={"report": "opinion", **data},
        )

    return build


# --- 备案材料 -----------------------------------------------------------------------------------

FILING_PARTS = (
    "01-备案报告.docx",
    "02-正式文本.docx",
    "03-合法性审核意见书.docx",
    "04-制定说明.docx",
)


def _steps(events: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The latest event of each procedure step, with its details."""
    found: dict[str, dict[str, Any]] = {}
    for e in events:
        details = json.loads(e["details"] or "{}")
        if e["action"] == "meeting.record" and details.get("outcome") != "approved":
            continue
        found[e["action"]] = {**details, "on_date": e["on_date"], "id": e["id"]}
    return found


def filing_package(ref: str, as_of: date) -> Callable[[Any], list[tuple[str, Report]]]:
    """The builder of the filing package (备案材料) of a promulgated document: the 备案报告, the
    official text, the 合法性审核意见书 and the 制定说明, each an official .docx."""

    def build(session: Any) -> list[tuple[str, Report]]:
        from normdocs.services.documents import resolve_document
        from normdocs.store.queries import agency_by_id, text_of
        from normdocs.store.reports import events_of

        doc = resolve_document(session, ref)
        if doc["promulgated_on"] is None or doc["promulgated_on"] > as_of:
            raise Refused(
                _(
                    "document {id} is not promulgated (stage {stage}): a filing package is made "
                    "for a promulgated document"
                ).format(id=doc["id"], stage=doc["stage"]),
                _("record its promulgation first: normdocs publish {id} --number 文号").format(
                    id=doc["id"]
                ),
                rule="filing-needs-promulgation",
            )
        agency = agency_by_id(session, doc["issuer_id"]) or {}
        parent = agency_by_id(session, agency["parent_id"]) if agency.get("parent_id") else None
        authority = (
            agency.get("files_to")
            or (parent or {}).get("legal_office")
            or placeholder("备案审查机关")
        )
        actions = [
            "review.submit",
            "review.decide",
            "review.revise",
            "meeting.record",
            "sign",
            "publish",
            "document.import",
        ]
        steps = _steps(events_of(session, [doc["id"]], actions, as_of).get(doc["id"], []))
        text = text_of(session, doc["id"])
        number = doc["doc_number"] or placeholder("文号")
        name = f"《{doc['title']}》"
        effective = doc["effective_on"] or doc["promulgated_on"]
        validity = f"，有效期至{official_date(doc['expires_on'])}" if doc["expires_on"] else ""
        review = steps.get("review.decide")
        meeting = steps.get("meeting.record")
        sign = steps.get("sign")
        procedure = []
        if review:
            procedure.append(
                f"文件起草后，于{official_date(steps.get('review.submit', {}).get('on_date'))}"
                f"送{review.get('reviewer') or '法制机构'}进行合法性审核，"
                f"{official_date(review['on_date'])}审核完毕，审核结论为"
                f"“{REVIEW_LABELS.get(str(review.get('outcome')), '')}”"
                + (
                    "，已按审核意见修改"
                    if "review.revise" in steps and steps["review.revise"].get("adopted", True)
                    else ""
                )
                + "。"
            )
        else:
            procedure.append(placeholder("合法性审核情况（registry 中无审核记录）"))
        if meeting:
            session_name = str(meeting.get("session") or "")
            kind = MEETING_LABELS.get(str(meeting.get("meeting_type")), "")
            # 第12次常务会议 names its kind already.
            named = session_name if kind and kind in session_name else f"{session_name}（{kind}）"
            procedure.append(f"{official_date(meeting['on_date'])}经{named}审议通过。")
        else:
            procedure.append(placeholder("集体审议情况"))
        if sign:
            procedure.append(f"{official_date(sign['on_date'])}由{sign.get('signer')}签发。")
        enclosures = [f"1. {name}正式文本", "2. 合法性审核意见书", "3. 制定说明"]
        report = Report(
            kind="filing",
            title=f"{doc['issuer']}关于报送{name}备案的报告",
            as_of=as_of,
            blocks=(
                Paragraph(f"{authority}：", align="left"),
                Paragraph(
                    f"{name}（{number}）已于{official_date(doc['promulgated_on'])}公布，自"
                    f"{official_date(effective)}起施行{validity}。根据行政规范性文件备案审查的有关"
                    f"规定，现报送备案，请予审查。"
                ),
                Paragraph("".join(procedure)),
                Paragraph("附件：" + "；".join(enclosures), align="left"),
                Paragraph(doc["issuer"], align="right"),
                Paragraph(official_date(as_of), align="right"),
                Paragraph(f"（联系人：{placeholder('联系人及电话')}）", align="left"),
            ),
            data={"report": "filing", "document_id": doc["id"]},
        )
        body: list[Any] = []
        if text:
            body = [
                Paragraph(line.strip())
                for line in text["text"].splitlines()
                if line.strip() and line.strip() != doc["title"]
            ]
        else:
            body = [Paragraph(placeholder("正式文本：registry 中没有该文件的全文"))]
        official = Report(
            kind="text",
            title=doc["title"],
            subtitle=number,
            as_of=as_of,
            blocks=(
                *body,
                Paragraph(doc["issuer"], align="right"),
                Paragraph(official_date(doc["promulgated_on"]), align="right"),
            ),
        )
        try:
            blocks, _data = opinion_blocks(session, doc, as_of)
        except NothingToReport:
            blocks = [Paragraph(placeholder("合法性审核意见书（registry 中无审核记录，请附原件）"))]
        opinion_report = Report(
            kind="opinion", title="合法性审核意见书", as_of=as_of, blocks=tuple(blocks)
        )
        from normdocs.store.models import Basis

        basis_t = Basis.__table__  # type: ignore[attr-defined]
        from sqlalchemy import select

        bases = [
            f"{r.citation}{r.article or ''}"
            for r in session.execute(
                select(basis_t.c.citation, basis_t.c.article)
                .where(basis_t.c.document_id == doc["id"])
                .order_by(basis_t.c.id)
            )
        ]
        explanation = Report(
            kind="explanation",
            title=f"关于{name}的制定说明",
            as_of=as_of,
            blocks=(
                Heading("一、制定背景和必要性"),
                Paragraph(placeholder("制定背景和必要性")),
                Heading("二、制定依据"),
                Paragraph(
                    ("本文件的制定依据为：" + "、".join(dict.fromkeys(bases)) + "。")
                    if bases
                    else placeholder("制定依据（registry 中未记录上位法依据）")
                ),
                Heading("三、起草和审核审议过程"),
                Paragraph("".join(procedure)),
                Heading("四、主要内容"),
                Paragraph(placeholder("主要内容")),
                Heading("五、需要说明的其他问题"),
                Paragraph(placeholder("需要说明的其他问题")),
                Paragraph(doc["issuer"], align="right"),
                Paragraph(official_date(as_of), align="right"),
            ),
        )
        return list(zip(FILING_PARTS, (report, official, opinion_report, explanation), strict=True))

    return build


def save_filing(
    ctx: AppContext, ref: str, output: Path, *, as_of: date, force: bool = False
) -> Written:
    """Write the filing package as one .zip, or as the four .docx in a folder (made whole in a
    temporary folder beside it and renamed, when it does not exist yet)."""
    import os
    import tempfile

    from normdocs.reports.official import to_docx
    from normdocs.reports.package import make_zip
    from normdocs.services.outputs import OutputFile

    build = filing_package(ref, as_of)
    if output.suffix.lower() == ".zip":
        with OutputFile(output, registry=ctx.db, force=force) as out:
            parts = read(ctx, build)
            data = make_zip([(name, to_docx(report)) for name, report in parts], as_of)
            out.write(lambda handle: _write_all(handle, data))
        return Written(output, "zip", len(parts), list(ctx.warnings))
    if output.exists() and not output.is_dir():
        raise InvalidInput(
            _("-o {path} is a file: the filing package is a folder or a .zip").format(path=output),
            _("give a folder (new or existing), or a name ending in .zip"),
        )
    if not output.parent.is_dir():
        raise InvalidInput(
            _("-o {path}: the folder {folder} does not exist").format(
                path=output, folder=output.parent
            ),
            _("create the folder first or choose another file"),
        )
    if output.is_dir():
        # Every part is checked before anything is read or written.
        outs = [OutputFile(output / name, registry=ctx.db, force=force) for name in FILING_PARTS]
        try:
            parts = read(ctx, build)
            for out, (_name, report) in zip(outs, parts, strict=True):
                data = to_docx(report)
                out.stage(_writer(data))
            for out in outs:
                out.publish()
        finally:
            for out in outs:
                out.discard()
        return Written(output, "folder", len(parts), list(ctx.warnings))
    from normdocs.services.outputs import OutputNotWritten, failure_hint

    parts = read(ctx, build)
    try:
        temporary = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))
    except OSError as exc:
        raise OutputNotWritten(
            _("cannot write {path}: {error}").format(path=output, error=exc.strerror or exc),
            failure_hint(exc, "-o"),
        ) from exc
    try:
        for name, report in parts:
            data = to_docx(report)
            OutputFile(temporary / name, registry=ctx.db).write(_writer(data))
        os.chmod(temporary, 0o777 & ~_umask())
        os.rename(temporary, output)
    except OSError as exc:
        import shutil

        shutil.rmtree(temporary, ignore_errors=True)
        raise OutputNotWritten(
            _("cannot write {path}: {error}").format(path=output, error=exc.strerror or exc),
            failure_hint(exc, "-o"),
        ) from exc
    return Written(output, "folder", len(parts), list(ctx.warnings))


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask

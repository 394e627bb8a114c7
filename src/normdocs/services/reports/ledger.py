"""合法性审核台账 (国办发〔2018〕115号 §(九)): each legality review decided in a year."""

import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TypedDict

from normdocs.i18n import _
from normdocs.reports.model import Column, Report, Table, TableBlock, official_date
from normdocs.services.reports.common import (
    REVIEW_LABELS,
    NothingToReport,
    scope_agencies,
    scope_name,
    year_range,
)

if TYPE_CHECKING:  # the store's module imports SQLAlchemy
    from normdocs.store.reports import ReviewEventRow

LEDGER_COLUMNS = (
    Column("seq", "序号", 1.0),
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

        scope = scope_agencies(session, issuers)
        start, end = year_range(the_year, as_of)
        events = (
            review_events(session, start, end, [a["id"] for a in scope]) if start <= end else []
        )
        reviews = _reviews(events, start, end, as_of)
        if not reviews:
            raise NothingToReport(
                _(
                    "no legality review of {scope} was decided in {year} up to {day}: nothing to report"
                ).format(
                    scope=scope_name(scope) or _("the registry"),
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
                REVIEW_LABELS.get(r["outcome"] or "", r["outcome"] or ""),
                r["adopted_text"],
            )
            for seq, r in enumerate(reviews, start=1)
        )
        table = Table(f"{the_year}年合法性审核台账", LEDGER_COLUMNS, rows)
        owner = scope_name(scope)
        return Report(
            kind="ledger",
            title=f"{owner}行政规范性文件合法性审核台账（{the_year}年度）",
            subtitle=f"（截至{official_date(min(end, as_of))}，共{len(rows)}件次）",
            as_of=as_of,
            blocks=(TableBlock(table),),
            tables=(table,),
            data={
                "report": "ledger",
                "year": the_year,
                "as_of": as_of,
                "scope": owner or None,
                "reviews": [{k: v for k, v in r.items() if k != "adopted_text"} for r in reviews],
            },
        )

    return build


class Review(TypedDict):
    """One line of the ledger: a review decision and what became of its opinion (the JSON
    record of the ledger, without adopted_text, which is the column as shown)."""

    document_id: int
    event_id: int
    title: str
    doc_number: str | None
    issuer: str
    submitted_on: date | None
    decided_on: date
    working_days: int | None
    emergency: bool
    reviewer: str | None
    outcome: str | None
    opinion: str | None
    adopted: bool | None
    adopted_text: str


def _reviews(events: "list[ReviewEventRow]", start: date, end: date, as_of: date) -> list[Review]:
    """One entry per review decision in the range, from each document's review events."""
    by_doc: dict[int, list[ReviewEventRow]] = {}
    for e in events:
        by_doc.setdefault(int(e["document_id"]), []).append(e)
    reviews = []
    for document_id in sorted(by_doc):
        submitted: date | None = None
        pending: Review | None = None
        for e in by_doc[document_id]:
            if e["on_date"] is not None and e["on_date"] > as_of:
                break
            details = json.loads(e["details"] or "{}")
            if e["action"] == "review.submit":
                submitted = e["on_date"]
            elif e["action"] == "review.decide":
                pending = None
                decided = e["on_date"]
                if decided is not None and start <= decided <= end:
                    pending = {
                        "document_id": document_id,
                        "event_id": int(e["id"]),
                        "title": e["title"],
                        "doc_number": e["doc_number"],
                        "issuer": e["issuer"],
                        "submitted_on": submitted,
                        "decided_on": decided,
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

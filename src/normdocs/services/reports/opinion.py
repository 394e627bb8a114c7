"""合法性审核意见书: the opinion of a document's latest legality review, with the pre-filled
content-review list."""

import json
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from normdocs.domain.json import JSONObject
from normdocs.i18n import _
from normdocs.reports.model import (
    Column,
    PageBreak,
    Paragraph,
    Report,
    Table,
    TableBlock,
    official_date,
    placeholder,
)
from normdocs.services.reports.common import REVIEW_LABELS, NothingToReport

if TYPE_CHECKING:
    from normdocs.domain.content_checks import ContentHit
    from normdocs.store.reports import ReportEventRow
    from normdocs.store.rows import DocumentRow

FINDING_COLUMNS = (
    Column("seq", "序号", 1.0),
    Column("sentence", "条款原文", 4.5),
    Column("problem", "可能存在的问题", 1.6),
    Column("source", "依据", 1.8),
    Column("opinion", "审核意见", 1.5),
)


def _latest_review(events: "list[ReportEventRow]") -> tuple[date | None, JSONObject | None]:
    """When the latest review was asked for, and its decision (its details, day and event id)."""
    submitted: date | None = None
    decided: JSONObject | None = None
    for e in events:
        if e["action"] == "review.submit":
            submitted, decided = e["on_date"], None
        elif e["action"] == "review.decide":
            decided = {**json.loads(e["details"] or "{}"), "on_date": e["on_date"], "id": e["id"]}
    return submitted, decided


def opinion_blocks(session: Any, doc: "DocumentRow", as_of: date) -> tuple[list[Any], JSONObject]:
    """The 合法性审核意见书's blocks and data for a document, or NothingToReport."""
    from normdocs.domain.content_checks import LawIndex
    from normdocs.services.content_scan import find_hits
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
    blocks = [*_opinion(doc, submitted, decided, len(hits)), *_checklist(hits)]
    data: JSONObject = {
        "document_id": doc["id"],
        "title": doc["title"],
        "issuer": doc["issuer"],
        "submitted_on": submitted,
        "decided_on": decided["on_date"],
        "working_days": decided.get("working_days"),
        "emergency": bool(decided.get("emergency")),
        "reviewer": decided.get("reviewer"),
        "outcome": decided.get("outcome"),
        "opinion": decided.get("opinion"),
        "event_id": decided["id"],
        "findings": [
            {
                "category": h.category.value,
                "sentence": h.sentence,
                "trigger": h.trigger,
                "source": _source(h),
            }
            for h in hits
        ],
    }
    return blocks, data


def _opinion(
    doc: "DocumentRow", submitted: date | None, decided: JSONObject, hits: int
) -> list[Any]:
    """The opinion itself: when it was asked and given, its conclusion and what follows."""
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
    return [
        *blocks,
        Paragraph(f"附件：内容审查清单（预填，{hits}项）", align="left"),
        Paragraph(decided.get("reviewer") or placeholder("审核机构"), align="right"),
        Paragraph(official_date(decided["on_date"]), align="right"),
    ]


def _source(hit: "ContentHit") -> str:
    from normdocs.domain.content_checks import SOURCES

    return str(hit.article or SOURCES[hit.category])


def _checklist(hits: list["ContentHit"]) -> list[Any]:
    """附件: the content-review list pre-filled with what the checks found, one row a clause."""
    from normdocs.domain.content_checks import LABELS_ZH

    rows = tuple(
        (n, h.sentence, LABELS_ZH[h.category], _source(h), placeholder("意见"))
        for n, h in enumerate(hits, start=1)
    )
    if not rows:
        found: Any = Paragraph(
            "自动检查未发现设定许可、处罚、强制、收费，减损权利、增加义务或者排除、限制竞争的"
            "条款；自动检查会有遗漏，仍须逐条审查。"
        )
    else:
        found = TableBlock(
            Table("内容审查清单", FINDING_COLUMNS, rows), caption="内容审查清单（预填）"
        )
    return [PageBreak(), Paragraph("附件", align="left"), found]


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

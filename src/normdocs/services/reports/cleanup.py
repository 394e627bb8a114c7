"""清理结果: a cleanup campaign's result lists and the draft 清理结果的通告."""

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
    placeholder,
)
from normdocs.services.reports.common import OUTCOME_LABELS, NothingToReport

if TYPE_CHECKING:  # the store's module imports SQLAlchemy
    from normdocs.store.cleanup import CampaignRow, CleanupItemRow

CLEANUP_COLUMNS = (
    Column("seq", "序号", 1.0),
    Column("title", "文件名称", 4.0),
    Column("doc_number", "文号", 2.0),
    Column("promulgated_on", "发布日期", 1.5),
    Column("reason", "清理理由", 3.0),
)
KIND_LABELS = {"periodic": "定期清理", "instant": "即时清理"}


def _campaign(session: Any, ref: str) -> "CampaignRow":
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
        by_outcome: dict[str, list[CleanupItemRow]] = {k: [] for k in OUTCOME_LABELS}
        for item in sorted(
            items, key=lambda i: (i["promulgated_on"] or date.min, i["document_id"])
        ):
            by_outcome.setdefault(str(item["outcome"]), []).append(item)
        tables = [
            Table(
                label,
                CLEANUP_COLUMNS,
                tuple(
                    (seq, i["title"], i["doc_number"] or "", i["promulgated_on"], i["reason"] or "")
                    for seq, i in enumerate(by_outcome[outcome], start=1)
                ),
            )
            for outcome, label in OUTCOME_LABELS.items()
        ]
        flat = Table(
            "清理结果",
            (Column("outcome", "清理结果", 1.2), *CLEANUP_COLUMNS),
            tuple((t.name, *r) for t in tables for r in t.rows),
        )
        issuer = row.get("issuer") or placeholder("发布机关")
        return Report(
            kind="cleanup",
            title=f"{issuer}关于公布行政规范性文件清理结果的通告",
            as_of=as_of,
            blocks=_notice(row, issuer, tables),
            tables=tuple(tables),
            csv_table=flat,
            data=_data(row, by_outcome, as_of),
        )

    return build


def _notice(row: "CampaignRow", issuer: str, tables: list[Table]) -> tuple[Any, ...]:
    """The draft 清理结果的通告, then each result list as its 附件."""
    counts = dict(zip(OUTCOME_LABELS, (len(t.rows) for t in tables), strict=True))
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
    return tuple(blocks)


def _data(
    row: "CampaignRow", by_outcome: dict[str, list["CleanupItemRow"]], as_of: date
) -> JSONObject:
    """The report as --format json gives it: the campaign, the counts, each decision."""
    keys = ("document_id", "title", "doc_number", "promulgated_on", "reason", "decided_on")
    return {
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
        "counts": {o: len(by_outcome[o]) for o in OUTCOME_LABELS},
        "outcomes": {
            o: [{k: i.get(k) for k in keys} for i in by_outcome[o]] for o in OUTCOME_LABELS
        },
    }

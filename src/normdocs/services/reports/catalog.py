"""现行有效行政规范性文件目录: the catalogue of documents in force on a day."""

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from normdocs.domain.json import JSONObject
from normdocs.i18n import _
from normdocs.reports.model import Column, Report, Table, TableBlock, official_date
from normdocs.services.reports.common import NothingToReport, scope_agencies, scope_name

if TYPE_CHECKING:  # the store's module imports SQLAlchemy
    from normdocs.store.reports import InForceRow

CATALOG_COLUMNS = (
    Column("seq", "序号", 1.0),
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

        scope = scope_agencies(session, issuers)
        rows = in_force(session, as_of, [a["id"] for a in scope])
        if not rows:
            where = scope_name(scope) or _("the registry")
            raise NothingToReport(
                _("no document of {scope} is in force on {day}: nothing to report").format(
                    scope=where, day=as_of.isoformat()
                )
            )
        joint = co_issuers_by_document(session, [r.id for r in rows] if len(rows) <= 500 else None)
        body, records = _entries(rows, joint)
        owner = title_scope or scope_name(scope)
        return _catalog_report(as_of, owner, [a["name"] for a in scope], body, records)

    return build


def _entries(
    rows: "Sequence[InForceRow]", joint: dict[int, list[str]]
) -> tuple[list[tuple[Any, ...]], list[JSONObject]]:
    """The catalogue's lines as printed (co-issuers after the issuer, 施行 on promulgation when
    no date is given, — for no expiry) and as --format json records, numbered from 1."""
    body = []
    records: list[JSONObject] = []
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
    return body, records


def _catalog_report(
    as_of: date,
    owner: str,
    issuers: list[str],
    body: list[tuple[Any, ...]],
    records: list[JSONObject],
) -> Report:
    """The catalogue titled for its owner (the scope, or --title-scope), with its count."""
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
            "issuers": issuers,
            "count": len(records),
            "documents": records,
        },
    )

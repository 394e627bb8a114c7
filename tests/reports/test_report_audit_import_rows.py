"""The rows the report, audit and import stores return have exactly the keys, and values of the
types, that their TypedDicts name (store/reports.py, store/audit/findings.py,
store/importing.py): the types cannot drift from the queries."""

from datetime import date
from pathlib import Path
from typing import Any, get_type_hints

from known import TODAY, KnownRegistry, make_context

from normdocs.services.audit import acknowledge, run_audit
from normdocs.services.importing import import_documents
from normdocs.store.audit import find_finding, last_runs, marked_content_findings
from normdocs.store.audit.findings import AuditRunRow, FindingRef, MarkedFinding
from normdocs.store.engine import transaction
from normdocs.store.importing import (
    BatchDocument,
    DocumentEvent,
    ImportBatchRow,
    agencies,
    all_batches,
    batch_documents,
    events_of_documents,
)
from normdocs.store.reports import (
    CleanupDecisionRow,
    InForceRow,
    IssuerCounts,
    PromulgatedRow,
    ReportEventRow,
    ReviewEventRow,
    cleanup_decided_in,
    events_of,
    in_force,
    promulgated_in,
    review_events,
    stat_counts,
)
from normdocs.store.rows import AgencyRow
from row_types import admits, mismatches

# A notice whose penalty clause the content checks find (设定行政处罚): a content finding to mark.
NOTICE = "\n".join(
    [
        "元政发〔2026〕91号",
        "元宝山区人民政府关于加强集贸市场管理的通知",
        "各镇人民政府，区直各部门：",
        "一、违反本通知规定的，由区市场监管部门处以五千元罚款。",
        "二、本通知自印发之日起施行。",
        "元宝山区人民政府",
        "2026年3月3日",
    ]
)


def test_report_audit_and_import_rows_have_the_keys_and_types_they_name(
    known: KnownRegistry, tmp_path: Path
) -> None:
    ctx = make_context(known.path)
    notice = tmp_path / "notice.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    imported = import_documents(ctx, [notice])
    assert imported.batch_id is not None
    found = run_audit(ctx)
    content = [f for f in found.found if f.rule.startswith("content-")]
    assert content, "the penalty clause is a content finding"
    acknowledge(ctx, content[0].key, reason="设定罚款", verdict="right")
    start = date(TODAY.year, 1, 1)
    with transaction(ctx.engine(write=False), ctx.db) as session:
        created = batch_documents(session, imported.batch_id)
        ids = [*known.government, *known.department]
        shapes: dict[Any, list[Any]] = {
            PromulgatedRow: promulgated_in(session, start, TODAY, as_of=TODAY),
            CleanupDecisionRow: cleanup_decided_in(session, start, TODAY),
            ReportEventRow: [
                e
                for events in events_of(session, ids, ["publish", "file"], TODAY).values()
                for e in events
            ],
            ReviewEventRow: review_events(session, start, TODAY),
            IssuerCounts: stat_counts(session, start, TODAY, TODAY),
            FindingRef: [find_finding(session, content[0].key)],
            MarkedFinding: marked_content_findings(session),
            AuditRunRow: last_runs(session),
            ImportBatchRow: all_batches(session),
            BatchDocument: created,
            DocumentEvent: events_of_documents(session, [d["id"] for d in created]),
            AgencyRow: agencies(session),
        }
        catalogue = in_force(session, TODAY)
    for row_type, rows in shapes.items():
        assert rows, row_type.__name__
        for row in rows:
            assert row is not None, row_type.__name__
            assert mismatches(row, row_type) == [], row_type.__name__
    # The figures of each issuer and the total are counts, by the names stats reads.
    for counted in shapes[IssuerCounts]:
        assert all(isinstance(n, int) for n in counted["counts"].values())
        assert {"promulgated", "filed", "corrected"} <= set(counted["counts"])
    # The catalogue's rows are read by attribute: each names what InForceRow names.
    assert catalogue
    for row in catalogue:
        assert set(row._mapping) == set(get_type_hints(InForceRow)), row
        for name, annotation in get_type_hints(InForceRow).items():
            assert admits(annotation, getattr(row, name)), name

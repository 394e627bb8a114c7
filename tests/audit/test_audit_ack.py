"""A reviewer's marks on audit findings (audit ack, audit marks) and citations resolved through the
registry's laws: on the service, on the command line, on a registry upgraded from the schema
before the marks, and on PostgreSQL."""

import csv
import hashlib
import io
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from console import console
from normdocs.domain.errors import ExitCode, InvalidInput, NotFound, Refused
from normdocs.services.audit import LABEL_COLUMNS, acknowledge, export_marks, run_audit
from normdocs.services.documents import new_document
from normdocs.services.registry import init_registry
from normdocs.store.engine import SCHEMA_HEAD, make_engine
from normdocs.store.migrate import upgrade
from registry_snapshot import snapshot

PENALTY = "一、对违反本通告规定燃放烟花爆竹的，处以500元罚款。"
LAWFUL_IN_BRACKETS = (
    "一、对无照经营的，没收违法所得，并处一万元以下罚款（《无证无照经营查处办法》第十三条）。"
)


def with_text(registry, tmp_path: Path, text: str, title: str = "关于加强市容管理的通告") -> int:
    path = tmp_path / f"{hashlib.sha256(text.encode()).hexdigest()[:8]}.txt"
    path.write_text(text, encoding="utf-8")
    view = new_document(
        registry.ctx, title=title, issuer=registry.issuers["government"].name, file=path
    )
    return int(view["id"])


def content_findings(result) -> list[dict]:
    return [f for f in result.findings if f["rule"].startswith("content-")]


def set_text(path: Path, document_id: int, text: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute(
            "UPDATE document_text SET text = ?, content_hash = ? WHERE document_id = ?",
            (text, hashlib.sha256(text.encode()).hexdigest(), document_id),
        )


def ack_rows(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute(
            "SELECT id, ack_verdict, ack_reason, acked_by FROM finding WHERE acked_at IS NOT NULL"
        ).fetchall()


def test_an_acknowledged_finding_stops_failing_the_audit_and_is_recorded(registry, tmp_path):
    document = with_text(registry, tmp_path, PENALTY)
    first = run_audit(registry.ctx)
    [finding] = content_findings(first)
    assert first.fails("error")
    assert finding["id"] is not None and finding["acknowledged"] is None
    events = registry.event_count()

    mark = acknowledge(
        registry.ctx, str(finding["id"]), reason="  通告第一条已修改  ", verdict="right"
    )
    assert mark["verdict"] == "right" and mark["reason"] == "通告第一条已修改"
    assert registry.event_count() == events + 1
    [event] = [e for e in registry.events(document) if e["action"] == "audit.ack"]
    assert event["details"]["finding_id"] == finding["id"]
    assert event["details"]["verdict"] == "right"
    assert ack_rows(registry.path) == [(finding["id"], "right", "通告第一条已修改", "tester")]

    again = run_audit(registry.ctx)
    [shown] = content_findings(again)
    assert shown["acknowledged"] == "right"
    assert not again.fails("error")
    assert not any(f["rule"].startswith("content-") for f in again.shown(new_only=True))


def test_a_mark_lasts_until_the_finding_is_resolved_and_found_again(registry, tmp_path):
    document = with_text(registry, tmp_path, PENALTY)
    [finding] = content_findings(run_audit(registry.ctx))
    acknowledge(registry.ctx, finding["key"], reason="已知，待修改")
    set_text(registry.path, document, "一、由公安机关依法予以处罚。")
    assert content_findings(run_audit(registry.ctx)) == []
    set_text(registry.path, document, PENALTY)
    back = run_audit(registry.ctx)
    [returned] = content_findings(back)
    assert returned["key"] == finding["key"] and returned["new"]
    assert returned["acknowledged"] is None
    assert back.fails("error")
    assert ack_rows(registry.path) == []


def test_refusals_change_nothing(registry, tmp_path):
    document = with_text(registry, tmp_path, PENALTY)
    [finding] = content_findings(run_audit(registry.ctx))
    before = registry.snapshot()
    with pytest.raises(NotFound, match="no audit finding 999"):
        acknowledge(registry.ctx, "999", reason="x")
    with pytest.raises(InvalidInput, match="--reason is empty"):
        acknowledge(registry.ctx, str(finding["id"]), reason="  ")
    with pytest.raises(InvalidInput, match="unknown verdict maybe"):
        acknowledge(registry.ctx, str(finding["id"]), reason="x", verdict="maybe")
    assert registry.snapshot() == before
    set_text(registry.path, document, "一、由公安机关依法予以处罚。")
    run_audit(registry.ctx)
    resolved = registry.snapshot()
    with pytest.raises(Refused, match="is resolved"):
        acknowledge(registry.ctx, str(finding["id"]), reason="x")
    assert registry.snapshot() == resolved


def test_marked_content_findings_export_as_labelled_sentences(registry, tmp_path):
    with_text(registry, tmp_path, PENALTY, title="关于禁止燃放烟花爆竹的通告")
    with_text(
        registry,
        tmp_path,
        "二、外地企业参加本区政府采购的，应当提供本地纳税证明。",
        title="关于规范政府采购的通知",
    )
    found = {f["rule"]: f for f in content_findings(run_audit(registry.ctx))}
    assert set(found) == {"content-penalty", "content-competition"}
    acknowledge(registry.ctx, str(found["content-penalty"]["id"]), reason="r", verdict="wrong")
    acknowledge(registry.ctx, str(found["content-competition"]["id"]), reason="r", verdict="对")
    rows = export_marks(registry.ctx)
    assert [list(row.data()) for row in rows] == [list(LABEL_COLUMNS)] * 2
    by_expected = {row["expected"]: row for row in rows}
    assert by_expected["none"]["sentence"] == "一、对违反本通告规定燃放烟花爆竹的，处以500元罚款"
    assert by_expected["none"]["label"] == "lawful"
    assert by_expected["competition"]["label"] == "violation"
    assert by_expected["competition"]["article"] == "公平竞争审查条例第9条"
    assert all(row["part"] == "marked" for row in rows)
    assert by_expected["none"]["source"].startswith(f"finding:{found['content-penalty']['id']} ")


def test_a_sentence_with_two_findings_is_one_row_once_both_are_marked(registry, tmp_path):
    """A wrong mark says only that its kind was a false alarm: a sentence that also sets a
    licence is not exported as lawful while that finding is open, and once it is marked right
    the sentence is one row holding the licence — never two rows that contradict each other."""
    sentence = "第二条在本区举办校外培训机构，应当取得区教育局颁发的办学许可证，并向区教育局缴纳办学保证金5万元"
    with_text(registry, tmp_path, sentence + "。", title="关于规范校外培训机构管理的暂行办法")
    found = {f["rule"]: f for f in content_findings(run_audit(registry.ctx))}
    assert {"content-fee", "content-licence"} <= set(found)
    acknowledge(
        registry.ctx, str(found["content-fee"]["id"]), reason="保证金非收费", verdict="wrong"
    )
    assert export_marks(registry.ctx) == []
    for rule in set(found) - {"content-fee", "content-licence"}:
        acknowledge(registry.ctx, str(found[rule]["id"]), reason="误报", verdict="wrong")
    acknowledge(
        registry.ctx, str(found["content-licence"]["id"]), reason="设定许可", verdict="right"
    )
    [row] = export_marks(registry.ctx)
    assert (row["sentence"], row["expected"], row["label"]) == (sentence, "licence", "violation")
    assert row["article"] == "行政许可法第17条"


def test_citations_resolve_through_the_registry_and_a_new_law_rechecks_the_texts(
    registry, tmp_path
):
    from normdocs.services.laws import add_law

    with_text(registry, tmp_path, LAWFUL_IN_BRACKETS)
    first = run_audit(registry.ctx)
    [finding] = content_findings(first)
    assert finding["evidence"]["cited"] == "《无证无照经营查处办法》"
    assert first.texts_checked == 1
    assert run_audit(registry.ctx).texts_checked == 0
    add_law(
        registry.ctx, title="无证无照经营查处办法", level="行政法规", promulgated=date(2017, 8, 6)
    )
    after = run_audit(registry.ctx)
    assert after.texts_checked == 1
    assert content_findings(after) == []


@pytest.mark.slow
def test_the_command_line_acks_and_exports(registry, tmp_path):
    with_text(registry, tmp_path, PENALTY)
    run = console(tmp_path, registry.path)
    failing = run("audit", "--format", "json", "--fail-on", "error", expect=ExitCode.FINDINGS)
    [finding] = [f for f in json.loads(failing.out) if f["rule"] == "content-penalty"]

    done = run("audit", "ack", str(finding["id"]), "--verdict", "wrong", "--reason", "依据在括号内")
    assert done.err.strip().splitlines()[-1] == (
        f"Acknowledged finding {finding['id']} (content-penalty); it no longer counts for"
        " --fail-on."
    )
    passing = run("audit", "--format", "json", "--fail-on", "error", expect=None)
    shown = json.loads(passing.out)
    assert [f["acknowledged"] for f in shown if f["id"] == finding["id"]] == ["wrong"]
    # Only findings nobody acknowledged can fail the run.
    unacknowledged = [f for f in shown if f["severity"] == "error" and f["acknowledged"] is None]
    assert passing.code == (ExitCode.FINDINGS if unacknowledged else 0)

    exported = run("audit", "marks", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(exported.out)))
    assert list(rows[0]) == list(LABEL_COLUMNS)
    assert rows[0]["expected"] == "none" and rows[0]["label"] == "lawful"

    before = snapshot(registry.path)
    unknown = run("audit", "ack", "999", "--reason", "x", expect=ExitCode.REFUSED)
    assert unknown.err.splitlines()[0] == (
        "Error: no audit finding 999 — give the number or key shown by: normdocs audit"
        " --format json"
    )
    run("audit", "ack", str(finding["id"]), expect=ExitCode.USAGE)
    assert snapshot(registry.path) == before


def test_an_older_registry_upgraded_with_init_keeps_its_findings(tmp_path, english):
    from normdocs.services.context import AppContext

    path = tmp_path / "old.db"
    ctx = AppContext(db=str(path), actor="tester")
    engine = make_engine(str(path), must_exist=False)
    upgrade(engine, "0004_search")
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO finding (key, rule, severity, evidence, first_seen, last_seen)"
            " VALUES ('k1', 'no-basis', 'warning', '{}', '2026-11-01 00:00:00',"
            " '2026-11-02 00:00:00')"
        )
    result = init_registry(ctx)
    assert (result.before, result.after) == ("0004_search", SCHEMA_HEAD)
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT key, ack_verdict, acked_at FROM finding").fetchall() == [
            ("k1", None, None)
        ]
    mark = acknowledge(ctx, "k1", reason="旧发现，已复核", verdict="right")
    assert mark["id"] == 1


def test_marks_on_postgresql(pg_registry, tmp_path):
    text = tmp_path / "pg.txt"
    text.write_text(PENALTY, encoding="utf-8")
    new_document(
        pg_registry.ctx,
        title="关于禁止燃放烟花爆竹的通告",
        issuer=pg_registry.issuers["government"].name,
        file=text,
    )
    [finding] = content_findings(run_audit(pg_registry.ctx))
    acknowledge(pg_registry.ctx, str(finding["id"]), reason="复核", verdict="wrong")
    again = run_audit(pg_registry.ctx)
    assert [f["acknowledged"] for f in content_findings(again)] == ["wrong"]
    assert not again.fails("error") or any(
        f.severity.value == "error" and not f.rule.startswith("content-") for f in again.found
    )
    assert [row["expected"] for row in export_marks(pg_registry.ctx)] == ["none"]

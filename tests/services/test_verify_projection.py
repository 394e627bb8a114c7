"""`verify` replays the events into fresh rows: registries built by every path the product has
verify clean, and a document, text or agency row changed outside normdocs is named."""

import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from console import console
from normdocs.domain.projection import (
    DOCUMENT_FIELDS,
    UNKNOWN,
    ReplayEvent,
    compare_row,
    compare_text,
    replay_agencies,
    replay_document,
    text_digest,
)
from normdocs.domain.stages import Action, Stage
from normdocs.domain.steps import ProcedureStep, step_of
from normdocs.services.agencies import add_agency, update_agency
from normdocs.services.audit import acknowledge, run_audit
from normdocs.services.cleanup import close, decide, start_campaign
from normdocs.services.demo import demo_steps
from normdocs.services.documents import new_document
from normdocs.services.importing import import_documents
from normdocs.services.law_links import link_law
from normdocs.services.laws import add_law, amend_law, repeal_law
from normdocs.services.procedure import advance
from normdocs.services.registry import verify_record

ROOT = Path(__file__).resolve().parents[2]
A11 = ROOT / "samples" / "documents" / "A11-guangzhou-2023-huoqin-xiushi.txt"
A11_TITLE = "广州市人民政府关于活禽经营市场每月休市时间的通告"
A11_NUMBER = "穗府规〔2023〕5号"
START = date(2026, 3, 2)
LEVELS = ("government", "department")
Registry = Any  # tests/conftest.py's Registry: a registry file, its context and helpers


def run_normdocs(registry: Registry, *args: str, expect: int | None = 0) -> Any:
    return console(registry.path.parent, registry.path)(*args, expect=expect)


def publish_steps(issuer: Any, start: date, number: str | None = None) -> list[ProcedureStep]:
    return demo_steps(
        issuer.level,
        issuer.head,
        number or f"{issuer.code}〔{start.year}〕9号",
        start,
        "promulgated",
    )


def assert_clean(registry: Registry) -> None:
    report = verify_record(registry.ctx)
    assert report.differences == [] and report.damage == [] and report.notes == []
    assert report.ok and report.count == registry.event_count()


def sql(registry: Registry, statement: str, *params: object) -> None:
    with sqlite3.connect(registry.path) as connection:
        connection.execute(statement, params)


def verify_cli(registry: Registry, *args: str, expect: int) -> tuple[str, list[str]]:
    """stdout, and stderr's lines, of `normdocs verify` on the registry."""
    result = run_normdocs(registry, "verify", *args, expect=expect)
    return result.out, result.err.splitlines()


# --- every path of the product verifies clean ------------------------------------------------


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize(
    "stage",
    [Stage.FILING_ACCEPTED, Stage.FILING_DEFERRED, Stage.CORRECTION_REQUIRED, Stage.REVOKED],
)
def test_the_full_procedure_of_either_issuer_verifies_clean(registry_at, level, stage):
    registry, _placed = registry_at(level, stage)
    assert_clean(registry)


def test_a_revised_text_refiling_and_an_agency_update_verify_clean(registry, tmp_path):
    issuer = registry.issuers["government"]
    draft = tmp_path / "草案.txt"
    draft.write_text("第一条 为了加强管理，制定本办法。\n第五条 违者罚款。\n", encoding="utf-8")
    revised = tmp_path / "修改稿.txt"
    revised.write_text("第一条 为了加强管理，制定本办法。\n", encoding="utf-8")
    doc = new_document(registry.ctx, title="元宝山区停车管理办法", issuer=issuer.name, file=draft)
    ref = str(doc["id"])
    steps = registry.valid_step
    advance(registry.ctx, ref, steps(issuer, Action.SUBMIT_REVIEW, date(2026, 3, 2)))
    advance(
        registry.ctx, ref, steps(issuer, Action.DECIDE_REVIEW, date(2026, 3, 11), outcome="revise")
    )
    advance(
        registry.ctx,
        ref,
        step_of(Action.RECORD_REVISION, date(2026, 3, 12), note="删除第五条", revised_file=revised),
    )
    advance(
        registry.ctx,
        ref,
        steps(issuer, Action.RECORD_MEETING, date(2026, 3, 16), outcome="deferred"),
    )
    advance(
        registry.ctx,
        ref,
        steps(issuer, Action.RECORD_MEETING, date(2026, 3, 17), outcome="approved"),
    )
    advance(registry.ctx, ref, steps(issuer, Action.SIGN, date(2026, 3, 18)))
    advance(
        registry.ctx,
        ref,
        step_of(
            Action.PUBLISH,
            date(2026, 3, 20),
            doc_number="元政发〔2026〕3号",
            validity_years=3,
            effective_on=date(2026, 4, 1),
        ),
    )
    advance(registry.ctx, ref, steps(issuer, Action.FILE, date(2026, 4, 2)))
    advance(
        registry.ctx,
        ref,
        steps(issuer, Action.DECIDE_FILING, date(2026, 4, 10), outcome="deferred"),
    )
    advance(registry.ctx, ref, steps(issuer, Action.FILE, date(2026, 4, 20)))
    advance(
        registry.ctx,
        ref,
        steps(issuer, Action.DECIDE_FILING, date(2026, 4, 28), outcome="accepted"),
    )
    update_agency(registry.ctx, issuer.name, {"head": "赵区长", "files_to": "上级司法局"})
    assert_clean(registry)
    assert registry.document(ref)["refiled_on"] is not None


def test_an_amended_version_superseding_its_original_verifies_clean(registry):
    issuer = registry.issuers["government"]
    old = registry.bring_to(issuer, Stage.FILING_ACCEPTED, start=date(2025, 3, 3))
    text = registry.path.parent / "revised.txt"  # review submit needs a text to review
    text.write_text("第一条 为加强停车管理，制定本办法。\n", encoding="utf-8")
    draft = new_document(
        registry.ctx,
        title="元宝山区停车管理办法（修订）",
        issuer=issuer.name,
        amends=old.ref,
        file=text,
    )
    for step in publish_steps(issuer, date(2026, 3, 2)):
        advance(registry.ctx, str(draft["id"]), step)
    assert registry.document(old.ref)["validity"] == "superseded"
    assert_clean(registry)


def test_imports_of_register_rows_and_texts_verify_clean(registry, tmp_path):
    add_agency(registry.ctx, name="广州市人民政府", code="穗府规", level="government")
    inbox = tmp_path / "in"
    inbox.mkdir()
    # A register row without its text, and one for an issuer made in the run; then the text
    # (it joins its row and gives it the validity it states), and a page without its number.
    (inbox / "台账.csv").write_text(
        f"文件名称,文号,发文机关,发布日期\n{A11_TITLE},{A11_NUMBER},广州市人民政府,2023-11-08\n"
        "宣威市人民政府关于加强燃煤管理的通知,宣政发〔2017〕31号,宣威市人民政府,2017-11-02\n",
        encoding="utf-8",
    )
    import_documents(registry.ctx, [inbox / "台账.csv"], create_issuers=True)
    import_documents(registry.ctx, [A11])
    assert registry.document(A11_NUMBER)["validity_stated"] is True
    texts = inbox / "texts"
    texts.mkdir()
    (texts / "通知.txt").write_text(
        "元政发〔2025〕8号\n元宝山区人民政府关于加强城市精细化管理的暂行办法\n"
        "各镇人民政府：\n为了加强管理，现通知如下。\n元宝山区人民政府\n2025年3月3日\n",
        encoding="utf-8",
    )
    import_documents(registry.ctx, [texts], stage=Stage.FILING_ACCEPTED.value)
    assert_clean(registry)


def test_a_register_row_kept_in_force_past_its_default_expiry_verifies_and_is_watched(
    registry, tmp_path
):
    """A row that says 有效 where the default validity period has ended is kept in force with
    an event of its own (document.register_validity_kept): verify reads it, and a row changed
    afterwards in the table is still named."""
    (tmp_path / "台账.csv").write_text(
        "文件名称,文号,发文机关,发布日期,状态\n"
        "元宝山区人民政府关于加强农村道路管理的通知,元政发〔2020〕5号,元宝山区人民政府,2020-03-05,有效\n",
        encoding="utf-8",
    )
    import_documents(registry.ctx, [tmp_path / "台账.csv"], create_issuers=True)
    doc = registry.document("元政发〔2020〕5号")
    assert event_of(registry, doc["id"], "document.register_validity_kept")
    assert_clean(registry)
    sql(registry, "UPDATE document SET title = '篡改后的标题' WHERE id = ?", doc["id"])
    report = verify_record(registry.ctx)
    assert not report.ok and report.notes == []
    assert [d.field for d in report.differences] == ["title"]


def test_every_action_the_record_names_is_read_by_verify():
    """Each action of the whole-process record either changes the row as its event says or is
    known to change nothing: none of this version's own actions is "unknown" to verify."""
    from normdocs.domain.projection.facts import _NO_ROW_CHANGE
    from normdocs.domain.projection.replay import _REPLAY
    from normdocs.domain.stages import EVENT_ACTION_LABELS_ZH

    document_actions = {a for a in EVENT_ACTION_LABELS_ZH if not a.startswith("agency.")}
    assert document_actions - set(_REPLAY) - _NO_ROW_CHANGE == set()


def test_law_changes_and_a_closed_instant_cleanup_verify_clean(registry):
    issuer = registry.issuers["government"]
    kept = registry.bring_to(issuer, Stage.FILING_ACCEPTED, start=date(2025, 3, 3))
    ended = registry.bring_to(issuer, Stage.FILING_ACCEPTED, start=date(2025, 4, 7))
    amended = registry.bring_to(issuer, Stage.PROMULGATED, start=date(2025, 5, 5))
    title = "元宝山区停车管理条例"
    add_law(registry.ctx, title=title, level="local_regulation", promulgated=date(2020, 1, 1))
    for placed in (kept, ended, amended):
        link_law(registry.ctx, placed.ref, title)
    amend_law(registry.ctx, title=title, on=date(2026, 6, 1))
    repeal_law(registry.ctx, title=title, on=date(2026, 9, 1))
    campaign = start_campaign(registry.ctx, kind="instant", law=title, on=date(2026, 10, 8))
    ref = str(campaign["id"])
    decide(
        registry.ctx, ref, kept.ref, outcome="retain", reason="仍需执行", expires=date(2029, 1, 1)
    )
    decide(
        registry.ctx, ref, ended.ref, outcome="repeal", reason="上位法废止", on=date(2026, 10, 9)
    )
    decide(registry.ctx, ref, amended.ref, outcome="amend", reason="需修改")
    close(registry.ctx, ref, on=date(2026, 10, 20))
    assert registry.document(ended.ref)["validity"] == "repealed"
    # The nightly audit records expiries and a reviewer acknowledges a finding: events that
    # name documents but change no row.
    registry.bring_to(issuer, Stage.FILING_ACCEPTED, start=date(2019, 3, 4))
    assert run_audit(registry.ctx, apply_expiry=True).expired_recorded == 1
    with sqlite3.connect(registry.path) as connection:
        (finding,) = connection.execute(
            "SELECT id FROM finding WHERE document_id IS NOT NULL LIMIT 1"
        ).fetchone()
    acknowledge(registry.ctx, str(finding), reason="已核实")
    assert_clean(registry)


@pytest.mark.slow
def test_the_demo_registry_verifies_clean(tmp_path):
    run = console(tmp_path, tmp_path / "demo.db")
    run("demo", "--db", str(tmp_path / "demo.db"))
    verified = run("verify")
    assert verified.out.startswith("record intact: ") and verified.err == ""


# --- changes outside normdocs are named -------------------------------------------------------


@pytest.fixture
def published(registry: Registry, tmp_path: Path) -> tuple[Registry, int]:
    """A government document with a text, promulgated as 元政发〔2026〕7号."""
    issuer = registry.issuers["government"]
    text = tmp_path / "正文.txt"
    text.write_text("第一条 为了加强管理，制定本办法。\n", encoding="utf-8")
    doc = new_document(registry.ctx, title="元宝山区停车管理办法", issuer=issuer.name, file=text)
    for step in publish_steps(issuer, START, "元政发〔2026〕7号"):
        advance(registry.ctx, str(doc["id"]), step)
    return registry, int(doc["id"])


def event_of(registry: Registry, document_id: int, action: str) -> int:
    with sqlite3.connect(registry.path) as connection:
        ((event_id,),) = connection.execute(
            "SELECT id FROM event WHERE document_id = ? AND action = ?", (document_id, action)
        ).fetchall()
    return int(event_id)


def test_a_title_changed_in_the_table_is_named_with_the_event(published):
    registry, doc = published
    created = event_of(registry, doc, "document.create")
    sql(registry, "UPDATE document SET title = '元宝山区停车收费办法' WHERE id = ?", doc)

    out, err = verify_cli(registry, expect=1)

    assert out.startswith("head ")  # the chain itself is intact: its head is still printed
    assert err[0] == (
        f"document {doc} (元政发〔2026〕7号): title is '元宝山区停车收费办法' in the table,"
        f" the events say '元宝山区停车管理办法' (event {created})"
    )
    assert err[1].startswith("Error: the registry does not match its record (1 problems above)")
    assert len(err) == 2


def test_dates_flags_and_the_stage_changed_in_the_table_are_each_named(published):
    registry, doc = published
    published_at = event_of(registry, doc, "publish")
    sql(
        registry,
        "UPDATE document SET expires_on = '2099-12-31', validity_stated = 1, stage = 'revoked'"
        " WHERE id = ?",
        doc,
    )
    report = verify_record(registry.ctx)
    named = {(d.field, str(d.in_table), str(d.in_events), d.event_id) for d in report.differences}
    assert named == {
        ("expires_on", "2099-12-31", "2031-03-19", published_at),
        ("validity_stated", "True", "False", published_at),
        ("stage", "revoked", "promulgated", published_at),
    }


def test_a_text_changed_in_the_table_is_named_by_its_hash(published):
    registry, doc = published
    created = event_of(registry, doc, "document.create")
    sql(
        registry,
        "UPDATE document_text SET text = text || '第二条 违者罚款。' WHERE document_id = ?",
        doc,
    )
    (stored,) = [
        r[0]
        for r in sqlite3.connect(registry.path).execute(
            "SELECT text FROM document_text WHERE document_id = ?", (doc,)
        )
    ]
    original = text_digest("第一条 为了加强管理，制定本办法。\n")

    _out, err = verify_cli(registry, expect=1)

    assert err[0] == (
        f"document {doc} (元政发〔2026〕7号): its text is not the one the events name:"
        f" sha256 {text_digest(stored)} in the table, the events say {original} (event {created})"
    )


def test_an_agency_head_changed_in_the_table_is_named(published):
    registry, _doc = published
    sql(registry, "UPDATE agency SET head = '钱某' WHERE name = '元宝山区人民政府'")
    _out, err = verify_cli(registry, expect=1)
    assert err[0] == (
        "agency 1 (元宝山区人民政府): head is '钱某' in the table, the events say '王区长' (event 1)"
    )


def test_rows_added_or_removed_in_the_table_are_named(published):
    registry, doc = published
    sql(
        registry,
        "INSERT INTO document (title, issuer_id, interim, stage, origin, review_emergency,"
        " review_late, revision_recorded, validity_stated, filed_late, refiled_late,"
        " awaiting_amendment, created_at) VALUES ('凭空的文件', 1, 0, 'filing_accepted',"
        " 'imported', 0, 0, 0, 0, 0, 0, 0, '2026-01-01')",
    )
    sql(registry, "DELETE FROM document_text WHERE document_id = ?", doc)
    created = event_of(registry, doc, "document.create")
    _out, err = verify_cli(registry, expect=1)
    assert err[:2] == [
        f"document {doc} (元政发〔2026〕7号): the events give it a text (event {created}),"
        " but the table has none",
        f"document {doc + 1} (凭空的文件): in the table, but no event records it",
    ]


def test_json_output_lists_each_difference(published):
    registry, doc = published
    sql(registry, "UPDATE document SET signer = '钱某' WHERE id = ?", doc)
    result = run_normdocs(registry, "verify", "--format", "json", expect=1)
    data = json.loads(result.out)
    assert (data["ok"], data["chain"]["intact"], data["damaged"]) == (False, True, False)
    (difference,) = data["differences"]
    assert (difference["id"], difference["field"], difference["in_table"]) == (
        doc,
        "signer",
        "钱某",
    )
    assert difference["in_events"] == "王区长"
    assert data["head"]["count"] == registry.event_count()


# --- older registries: a fact no event states is unknown, not a difference -----------------


def test_events_of_an_older_version_leave_what_they_did_not_record_unknown():
    """An import event before `interim` was recorded, a publish before registration_seq and
    validity_stated, a text before text_sha256: those facts are not compared."""
    agencies = replay_agencies(
        [ReplayEvent(1, None, 1, "agency.add", None, None, {"name": "甲市人民政府"})]
    )
    events = [
        ReplayEvent(
            2,
            7,
            None,
            "document.import",
            date(2020, 1, 1),
            "promulgated",
            {
                "title": "甲市人民政府关于某事的通知",
                "issuer": "甲市人民政府",
                "doc_number": "甲政发〔2020〕1号",
                "promulgated_on": "2020-01-01",
                "effective_on": "2020-01-01",
                "expires_on": None,
                "validity_stated": False,
                "format": "txt",
                "source": "a.txt",
                "content_hash": "c" * 64,
            },
        )
    ]
    replayed = replay_document(7, events, {"甲市人民政府": 1})
    assert replayed.value("interim") is UNKNOWN
    assert replayed.value("issuer_id") == 1 and agencies[1].value("head") is None
    row = {name: None for name in ("id", *DOCUMENT_FIELDS)} | {
        "id": 7,
        "title": "甲市人民政府关于某事的通知",
        "issuer_id": 1,
        "interim": True,  # whatever it is: no event of that version stated it
        "stage": "promulgated",
        "origin": "imported",
        "doc_number": "甲政发〔2020〕1号",
        "promulgated_on": date(2020, 1, 1),
        "effective_on": date(2020, 1, 1),
        **dict.fromkeys(
            (
                "review_emergency",
                "review_late",
                "revision_recorded",
                "validity_stated",
                "filed_late",
                "refiled_late",
                "awaiting_amendment",
            ),
            False,
        ),
    }
    assert compare_row("document", replayed, row, DOCUMENT_FIELDS, None) == []
    text = {"content_hash": "c" * 64, "source_name": "a.txt", "text_sha256": "anything"}
    assert compare_text(replayed, text, None) == []
    changed = compare_text(replayed, {**text, "content_hash": "d" * 64}, None)
    assert [(d.field, d.event_id) for d in changed] == [("content_hash", 2)]


def test_an_action_this_version_does_not_know_is_a_note_not_a_difference(published):
    """A later version's event (here written by hand into the chain) that states no `after`:
    the row it touches is not compared from then on, and verify says so."""
    from normdocs.services.context import AppContext
    from normdocs.store.engine import transaction
    from normdocs.store.records import append_event

    registry, doc = published
    ctx: AppContext = registry.ctx
    with transaction(ctx.engine(), ctx.db) as session:
        append_event(
            session,
            recorded_at=ctx.now(),
            actor="tester",
            action="document.something_new",
            document_id=doc,
            details={"what": "a later version's step"},
        )
        append_event(
            session,
            recorded_at=ctx.now(),
            actor="tester",
            action="document.corrected",
            document_id=doc,
            details={"after": {"title": "更正后的标题"}},
        )
    sql(registry, "UPDATE document SET title = '更正后的标题', signer = '任何人' WHERE id = ?", doc)
    report = verify_record(ctx)
    assert report.ok and report.differences == []
    (note,) = report.notes
    assert "1 events of action document.something_new" in note
    sql(registry, "UPDATE document SET title = '又改了' WHERE id = ?", doc)
    (difference,) = verify_record(ctx).differences
    assert (difference.field, difference.in_events) == ("title", "更正后的标题")


def test_a_postgresql_registry_is_compared_the_same_way(pg_registry):
    from sqlalchemy import text

    from normdocs.store.engine import transaction

    issuer = pg_registry.issuers["department"]
    placed = pg_registry.bring_to(issuer, Stage.FILING_ACCEPTED)
    report = verify_record(pg_registry.ctx)
    assert report.ok and report.differences == [] and report.damage == []
    (note,) = report.notes
    assert note.startswith("PostgreSQL: the database's own integrity check is left")
    ctx = pg_registry.ctx
    with transaction(ctx.engine(), ctx.db) as session:
        session.execute(text("UPDATE agency SET head = '钱某' WHERE level = 'department'"))
        session.execute(
            text("UPDATE document SET meeting_type = 'plenary' WHERE id = :id"),
            {"id": int(placed.ref)},
        )
    found = verify_record(ctx).differences
    assert [(d.table, d.field, d.in_table, d.in_events) for d in found] == [
        ("agency", "head", "钱某", issuer.head),
        ("document", "meeting_type", "plenary", "leadership"),
    ]

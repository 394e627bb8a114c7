"""The procedure against a simple model: random sequences of steps, valid and invalid, on
documents of both issuer levels, with corrections (更正) of their dates, withdrawals (撤回) and
imports undone; the registry must always say what the model says, its derived facts (deadlines,
late flags, validity) must be what the model's own arithmetic gives from the recorded dates, and
`verify` — which replays every row from its events alone — must find nothing."""

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import chinese_calendar
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from normdocs.domain.errors import Duplicate, ExitCode, NormdocsError, Refused
from normdocs.domain.stages import Action
from normdocs.domain.validity import expiry_after
from normdocs.services.corrections import correct_document, step_dates, withdraw_document
from normdocs.services.documents import show_document
from normdocs.services.import_batches import undo_batch
from normdocs.services.importing import import_documents
from normdocs.services.procedure import advance
from normdocs.services.registry import verify_record

# The intended procedure, written out by hand (DESIGN §1), independent of the workflow module:
# (stage, step) → {outcome: next stage}. Steps without an outcome use the key None.
MODEL: dict[tuple[str, str], dict[str | None, str]] = {
    ("drafting", "review.submit"): {None: "under_review"},
    ("under_review", "review.decide"): {
        "lawful": "reviewed",
        "revise": "revision_required",
        "unlawful": "drafting",
    },
    ("revision_required", "review.revise"): {None: "reviewed"},
    ("reviewed", "meeting.record"): {
        "approved": "approved",
        "rejected": "drafting",
        "deferred": "reviewed",
    },
    ("approved", "sign"): {None: "signed"},
    ("signed", "publish"): {None: "promulgated"},
    ("promulgated", "file"): {None: "filed"},
    ("filing_deferred", "file"): {None: "filed"},
    ("correction_required", "file"): {None: "filed"},
    ("filed", "filing.decide"): {
        "accepted": "filing_accepted",
        "deferred": "filing_deferred",
        "correction": "correction_required",
        "revoked": "revoked",
    },
}
OUTCOMES: dict[str, list[str | None]] = {
    "review.submit": [None],
    "review.decide": ["lawful", "revise", "unlawful"],
    "review.revise": [None],
    "meeting.record": ["approved", "rejected", "deferred"],
    "sign": [None],
    "publish": [None],
    "file": [None],
    "filing.decide": ["accepted", "deferred", "correction", "revoked"],
}
# Stages from which a document may be withdrawn (撤回): before promulgation.
WITHDRAWABLE = {"drafting", "under_review", "revision_required", "reviewed", "approved", "signed"}
# --date-of STEP → the column it corrects.
CORRECTABLE = {
    "submit": "review_submitted_on",
    "review": "review_decided_on",
    "meeting": "meeting_on",
    "sign": "signed_on",
    "publish": "promulgated_on",
    "file": "filed_on",
}
NOTICE = "\n".join(
    [
        "元政发〔2025〕{n}号",
        "元宝山区人民政府关于第{n}批城市精细化管理事项的通知",
        "各镇人民政府，区直各部门：",
        "为了加强管理，现通知如下：本通知自印发之日起施行。",
        "元宝山区人民政府",
        "2025年3月3日",
    ]
)
FAULTS = ["none", "none", "none", "early-date", "missing-input", "wrong-input", "bad-outcome"]
# Working days between steps: short ones make reviews too short, long ones make them late.
GAPS = [0, 1, 3, 4, 5, 6, 9, 15, 16, 20]
FIRST_DAY = date(2024, 1, 2)
LAST_KNOWN_YEAR = 2026  # chinese-calendar 1.11; later years count Monday to Friday (DESIGN §1)


def is_workday(day: date) -> bool:
    """The State Council's calendar, read straight from chinese-calendar."""
    if day.year > LAST_KNOWN_YEAR:
        return day.weekday() < 5
    return bool(chinese_calendar.is_workday(day))


def add_workdays(start: date, n: int) -> date:
    day = start
    while n:
        day += timedelta(days=1)
        if is_workday(day):
            n -= 1
    return day


def workdays_between(start: date, end: date) -> int:
    return sum(1 for k in range(1, (end - start).days + 1) if is_workday(start + timedelta(days=k)))


@dataclass
class DocModel:
    id: int
    issuer: Any
    stage: str = "drafting"
    events: int = 1  # document.create
    last_on: date | None = None
    submitted_on: date | None = None
    due_on: date | None = None  # filing deadline, or the refiling / correction deadline
    steps: list[str] = field(default_factory=list)
    batch: int | None = None  # the import batch that made it (not taken through steps)
    batch_undone: bool = False


class ProcedureMachine(RuleBasedStateMachine):
    def __init__(self, make_registry: Callable[[], Any]) -> None:
        super().__init__()
        self.registry = make_registry()
        self.docs: list[DocModel] = []
        self.total_events = 2  # the two agencies of the fixture registry
        self.numbers: dict[str, list[str]] = {"government": [], "department": []}
        self.serial = 0
        self.imports = 0
        self.new_draft("government")
        self.new_draft("department")

    # --- rules ------------------------------------------------------------------------------

    @precondition(lambda self: len(self.docs) < 4)
    @rule(level=st.sampled_from(["government", "department"]))
    def new_draft(self, level: str) -> None:
        placed = self.registry.draft(self.registry.issuers[level])
        self.docs.append(DocModel(placed.id, placed.issuer))
        self.total_events += 1

    @rule(data=st.data())
    def step(self, data: st.DataObject) -> None:
        """Any step, often the wrong one, with random inputs and dates."""
        doc = data.draw(st.sampled_from(self.drafted()), label="document")
        intended = [a for (s, a) in MODEL if s == doc.stage]
        if intended and data.draw(st.booleans(), label="intended"):
            action = data.draw(st.sampled_from(intended), label="action")
        else:
            action = data.draw(st.sampled_from([a.value for a in Action]), label="action")
        outcome = data.draw(st.sampled_from(OUTCOMES[action]), label="outcome")
        fault = data.draw(st.sampled_from(FAULTS), label="fault")
        gap = data.draw(st.sampled_from(GAPS), label="gap")
        emergency = data.draw(st.booleans(), label="emergency") if fault == "none" else False
        on = add_workdays(doc.last_on or FIRST_DAY, gap)
        if fault == "early-date" and doc.last_on is not None:
            back = data.draw(st.sampled_from([1, 1, 2, 5, 40]), label="back")
            on = doc.last_on - timedelta(days=back)
        if fault == "bad-outcome":
            outcome = data.draw(st.sampled_from(["bogus", "合法", None, "lawful"]), label="bad")
        self._attempt(doc, action, outcome, on, fault, emergency)

    @rule(data=st.data())
    def forward(self, data: st.DataObject) -> None:
        """A run of valid steps on one document, mostly with the outcome that moves it on,
        so that random steps also meet documents late in the procedure."""
        doc = data.draw(st.sampled_from(self.drafted()), label="document")
        for _ in range(data.draw(st.integers(1, 6), label="run")):
            intended = [a for (s, a) in MODEL if s == doc.stage]
            if not intended:
                return
            action = data.draw(st.sampled_from(intended), label="action")
            choices = OUTCOMES[action]
            outcome = data.draw(st.sampled_from([choices[0]] * 3 + choices), label="outcome")
            gap = data.draw(st.sampled_from([5, 6, 9, 12]), label="gap")
            on = add_workdays(doc.last_on or FIRST_DAY, gap)
            self._attempt(doc, action, outcome, on, "none", emergency=False)

    @rule(data=st.data())
    def correct(self, data: st.DataObject) -> None:
        """Correct (更正) one recorded date, often into a refusal (out of order, a review too
        short, after today); an allowed one is one event and moves what follows from it."""
        doc = data.draw(st.sampled_from(self.docs), label="document")
        view = show_document(self.registry.ctx, str(doc.id))
        recorded = [name for name, column in CORRECTABLE.items() if view[column]]
        if not recorded:
            return
        name = data.draw(st.sampled_from(recorded), label="step")
        old = date.fromisoformat(view[CORRECTABLE[name]])
        shift = data.draw(st.sampled_from([-40, -6, -3, -1, 1, 2, 5, 900]), label="shift")
        before = self.registry.snapshot()
        try:
            correct_document(
                self.registry.ctx,
                str(doc.id),
                reason="更正",
                dates=[(name, old + timedelta(shift))],
            )
        except NormdocsError as exc:
            event(f"correction refused: {getattr(exc, 'rule', type(exc).__name__)}")
            assert exc.exit_code == ExitCode.REFUSED
            assert self.registry.snapshot() == before
            return
        event(f"corrected {name}")
        doc.events += 1
        self.total_events += 1
        self._resync(doc)

    @rule(data=st.data())
    def withdraw(self, data: st.DataObject) -> None:
        """Withdraw (撤回) a document: allowed only before promulgation, once."""
        doc = data.draw(st.sampled_from(self.docs), label="document")
        before = self.registry.snapshot()
        if doc.stage in WITHDRAWABLE and doc.batch is None:
            view = withdraw_document(self.registry.ctx, str(doc.id), reason="撤回")
            assert view["stage"] == "withdrawn"
            doc.stage = "withdrawn"
            doc.events += 1
            self.total_events += 1
            event("withdrawn")
            return
        try:
            withdraw_document(self.registry.ctx, str(doc.id), reason="撤回")
        except NormdocsError as exc:
            assert exc.exit_code == ExitCode.REFUSED
        else:
            raise AssertionError(f"withdrew document {doc.id} at stage {doc.stage}")
        assert self.registry.snapshot() == before

    @precondition(lambda self: self.imports < 2)
    @rule()
    def import_notice(self) -> None:
        """Import one notice: a batch that made one document."""
        self.imports += 1
        folder = self.registry.path.parent / f"inbox-{self.registry.path.stem}-{self.imports}"
        folder.mkdir(exist_ok=True)
        path = folder / "notice.txt"
        path.write_text(NOTICE.format(n=70 + self.imports), encoding="utf-8")
        report = import_documents(self.registry.ctx, [path])
        (item,) = report.items
        assert item.outcome == "new" and report.batch_id is not None
        self.docs.append(
            DocModel(
                item.document_id or 0,
                self.registry.issuers["government"],
                stage="promulgated",
                last_on=date(2025, 3, 3),
                batch=report.batch_id,
            )
        )
        self.total_events += 1

    @rule(data=st.data())
    def undo_import(self, data: st.DataObject) -> None:
        """Undo a batch: its document is withdrawn unless something touched it since (here: a
        correction); a second undo is refused and changes nothing."""
        batches = [d for d in self.docs if d.batch is not None]
        if not batches:
            return
        doc = data.draw(st.sampled_from(batches), label="batch")
        assert doc.batch is not None
        if doc.batch_undone:
            before = self.registry.snapshot()
            try:
                undo_batch(self.registry.ctx, doc.batch, reason="again", yes=True)
            except NormdocsError as exc:
                assert exc.exit_code == ExitCode.REFUSED
            else:
                raise AssertionError("an import was undone twice")
            assert self.registry.snapshot() == before
            return
        report = undo_batch(self.registry.ctx, doc.batch, reason="误导入", yes=True)
        touched = doc.events > 1
        assert (report.withdrawn, report.kept) == ((0, 1) if touched else (1, 0))
        doc.batch_undone = True
        if not touched:
            doc.stage = "withdrawn"
            doc.events += 1
            self.total_events += 1
        event("import undone" + (" (kept: touched)" if touched else ""))

    # --- helpers ----------------------------------------------------------------------------

    def drafted(self) -> list[DocModel]:
        """The documents taken through the procedure here (not those imported)."""
        return [d for d in self.docs if d.batch is None]

    def _resync(self, doc: DocModel) -> None:
        """After a correction: the model's dates are the registry's corrected ones."""
        con = sqlite3.connect(self.registry.path)
        try:
            rows = con.execute(
                "SELECT id, action, on_date, details FROM event WHERE document_id = ? ORDER BY id",
                (doc.id,),
            ).fetchall()
        finally:
            con.close()
        events = [
            {
                "id": r[0],
                "action": r[1],
                "on_date": date.fromisoformat(r[2]) if r[2] else None,
                "details": r[3],
            }
            for r in rows
        ]
        dates = [on for _id, _action, on in step_dates(events)]
        doc.last_on = max(dates) if dates else doc.last_on
        view = show_document(self.registry.ctx, str(doc.id))
        if view["review_submitted_on"]:
            doc.submitted_on = date.fromisoformat(view["review_submitted_on"])
        due = (
            view["refile_due_on"]
            if doc.stage in ("filing_deferred", "correction_required")
            else (view["filing_due_on"])
        )
        if due:
            doc.due_on = date.fromisoformat(due)

    def _attempt(
        self, doc: DocModel, action: str, outcome: Any, on: date, fault: str, emergency: bool
    ) -> None:
        """Run one step and compare what the registry did with the model's verdict."""
        try:
            step, input_fault = self._build(doc, Action(action), on, outcome, fault, emergency)
        except Refused as exc:
            # Each step's outcome is an enum: a wrong word is refused as the step is made.
            assert exc.rule == "outcome" and outcome not in OUTCOMES[action]
            event("refused: outcome")
            return
        targets = MODEL.get((doc.stage, action))
        reason = None
        if targets is None:
            reason = "stage"
        elif outcome not in targets:
            reason = "outcome"
        elif doc.last_on is not None and on < doc.last_on:
            reason = "date"
        elif input_fault:
            reason = "input"
        elif action == "review.decide" and not emergency:
            assert doc.submitted_on is not None
            if workdays_between(doc.submitted_on, on) < 5:
                reason = "too-short"

        if reason is not None:
            event(f"refused: {reason}")
            before = self.registry.snapshot()
            try:
                advance(self.registry.ctx, str(doc.id), step)
            except NormdocsError as exc:
                assert exc.exit_code == ExitCode.REFUSED
                if reason == "input" and fault == "wrong-input" and action == "publish":
                    assert isinstance(exc, Duplicate)
            else:
                raise AssertionError(f"{action} {outcome} on {on} in {doc.stage} ({reason})")
            assert self.registry.snapshot() == before
            return

        assert targets is not None
        result = advance(self.registry.ctx, str(doc.id), step)
        view = result.document
        self._check_facts(doc, action, on, view)
        doc.stage = targets[outcome]
        doc.events += 1
        doc.last_on = on
        doc.steps.append(f"{action}:{outcome}@{on}")
        self.total_events += 1
        assert view["stage"] == doc.stage
        event(f"reached {doc.stage}")

    def _build(
        self, doc: DocModel, action: Action, on: date, outcome: Any, fault: str, emergency: bool
    ) -> tuple[Any, bool]:
        """The step, and whether it carries an input the procedure must refuse."""
        issuer = doc.issuer
        level = issuer.level
        self.serial += 1
        number = f"{issuer.code}〔{on.year}〕{self.serial}号"
        step = self.registry.valid_step(issuer, action, on, outcome=outcome, number=number)
        if action == Action.DECIDE_REVIEW:
            step = replace(step, emergency=emergency)
        if fault == "missing-input":
            if action == Action.DECIDE_REVIEW:
                return replace(step, opinion=""), True
            if action == Action.RECORD_REVISION:
                return replace(step, note=None), True
            if action == Action.RECORD_MEETING:
                return replace(step, session=" "), True
            if action == Action.SIGN:
                return replace(step, signer=None), True
            if action == Action.PUBLISH:
                return replace(step, doc_number=None), True
            if action == Action.FILE:
                return replace(step, materials="incomplete"), False
        if fault == "wrong-input":
            if action == Action.RECORD_MEETING:
                wrong = "leadership" if level == "government" else "executive"
                return replace(step, meeting_type=wrong), True
            if action == Action.SIGN:
                other = "department" if level == "government" else "government"
                return replace(step, signer=self.registry.issuers[other].head), True
            if action == Action.RECORD_REVISION:
                return replace(step, not_adopted=True, note=""), True
            if action == Action.PUBLISH and self.numbers[level]:
                return replace(step, doc_number=self.numbers[level][0]), True
        return step, False

    def _check_facts(self, doc: DocModel, action: str, on: date, view: dict[str, Any]) -> None:
        """What the model can say about the dated facts of an allowed step."""
        if action == "review.submit":
            doc.submitted_on = on
            assert view["review_submitted_on"] == on.isoformat()
        elif action == "review.decide":
            assert doc.submitted_on is not None
            days = workdays_between(doc.submitted_on, on)
            assert view["review_working_days"] == days
            assert view["review_late"] is (days > 15)
        elif action == "publish":
            assert view["doc_number"] is not None
            self.numbers[doc.issuer.level].append(view["doc_number"])
            doc.due_on = on + timedelta(days=30)
            assert view["filing_due_on"] == doc.due_on.isoformat()
        elif action == "file":
            assert doc.due_on is not None
            refiling = view["refiled_on"] == on.isoformat() and view["filed_on"] != on.isoformat()
            late_flag = "refiled_late" if refiling else "filed_late"
            assert view[late_flag] is (on > doc.due_on)
        elif action == "filing.decide":
            extra = {"deferred": 15, "correction": 30}.get(view["filing_outcome"])
            if extra is not None:
                doc.due_on = on + timedelta(days=extra)
                assert view["refile_due_on"] == doc.due_on.isoformat()
            if view["filing_outcome"] == "revoked":
                assert (view["ended_on"], view["validity"]) == (on.isoformat(), "revoked")

    # --- after every step -------------------------------------------------------------------

    @invariant()
    def registry_matches_model(self) -> None:
        con = sqlite3.connect(self.registry.path)
        try:
            stages = dict(con.execute("SELECT id, stage FROM document").fetchall())
            counts = dict(
                con.execute(
                    "SELECT document_id, count(*) FROM event"
                    " WHERE document_id IS NOT NULL GROUP BY document_id"
                ).fetchall()
            )
        finally:
            con.close()
        assert stages == {d.id: d.stage for d in self.docs}
        assert counts == {d.id: d.events for d in self.docs}
        report = verify_record(self.registry.ctx)
        # verify replays every row from its events alone (domain.projection): the facts a
        # correction derived are the ones its event states, so any drift is named here.
        assert report.ok and report.differences == [], report
        assert report.count == self.total_events

    @invariant()
    def derived_facts_follow_the_recorded_dates(self) -> None:
        """Deadlines, late flags and validity, computed again by the model's own arithmetic
        from the (possibly corrected) dates the registry holds."""
        for doc in self.drafted():
            view = show_document(self.registry.ctx, str(doc.id))
            shown = view.model_dump(mode="json")
            day = {k: date.fromisoformat(v) for k, v in shown.items() if k.endswith("_on") and v}
            submitted, decided = day.get("review_submitted_on"), day.get("review_decided_on")
            if submitted and decided and decided >= submitted:
                days = workdays_between(submitted, decided)
                assert view["review_working_days"] == days
                assert view["review_late"] is (days > 15)
            published = day.get("promulgated_on")
            if published:
                assert day["filing_due_on"] == published + timedelta(days=30)
                years = 2 if view["interim"] else 5
                assert day["expires_on"] == expiry_after(day["effective_on"], years)
            if day.get("filed_on"):
                assert view["filed_late"] is (day["filed_on"] > day["filing_due_on"])


def test_procedure_follows_the_model(new_registry: Callable[[], Any]) -> None:
    run_state_machine_as_test(
        lambda: ProcedureMachine(new_registry),
        settings=settings(
            max_examples=40,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )

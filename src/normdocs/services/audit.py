"""`normdocs audit`: evaluate every audit rule as of a day, keep the findings across runs (first
seen, last seen, resolved), and optionally record expiries — one locked run, one transaction."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any

from normdocs.domain.audit import (
    AuditContext,
    AuditSnapshot,
    ContentResult,
    DocumentFacts,
    Finding,
    Severity,
    describe,
    evaluate,
    expired_unrecorded,
    hit_of,
)
from normdocs.domain.errors import InvalidInput
from normdocs.i18n import _, render
from normdocs.services.bulk import collector_paused
from normdocs.services.context import AppContext
from normdocs.services.readmodels import Acknowledgement, FindingView, MarkedSentence

if TYPE_CHECKING:
    from normdocs.domain.content_checks import ContentHit, LawIndex
    from normdocs.store.audit.findings import FindingRef

FAIL_ON_CHOICES = ("info", "warning", "error", "never")
DEFAULT_FAIL_ON = "error"


@dataclass
class AuditResult:
    """What one audit found, and what it changed. The findings as shown (with titles, numbers
    and a sentence saying what is wrong) are made only when asked for."""

    as_of: date
    found: list[Finding]
    stored: bool
    run_id: int | None = None
    new: int = 0
    resolved: int = 0
    expired_recorded: int = 0
    texts_checked: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    new_keys: set[str] = field(default_factory=set)
    first_seen: dict[str, date | None] = field(default_factory=dict)
    # key → id of every stored finding shown; key → verdict of those a reviewer acknowledged.
    ids: dict[str, int] = field(default_factory=dict)
    acknowledged: dict[str, str] = field(default_factory=dict)
    documents: dict[int, DocumentFacts] = field(default_factory=dict)
    law_titles: dict[int, str] = field(default_factory=dict)

    @cached_property
    def findings(self) -> list[FindingView]:
        views = []
        for f in self.found:
            verdict = self.acknowledged.get(f.key)
            view = finding_view(
                f,
                self.documents.get(f.document_id or -1),
                self.law_titles,
                new=f.key in self.new_keys,
                first_seen=_day(self.first_seen.get(f.key) or self.as_of),
                id=self.ids.get(f.key),
                acknowledged=None if verdict is None else (verdict or "acknowledged"),
            )
            views.append(view)
        return views

    def shown(self, new_only: bool) -> list[FindingView]:
        return [f for f in self.findings if f.new] if new_only else self.findings

    def fails(self, fail_on: str, new_only: bool = False) -> bool:
        """Whether the findings shown reach `fail_on` (exit 3); findings a reviewer has
        acknowledged (audit ack) do not count."""
        if fail_on == "never":
            return False
        level = Severity(fail_on).rank
        return any(
            f.severity.rank >= level
            for f in self.found
            if (not new_only or f.key in self.new_keys) and f.key not in self.acknowledged
        )


def check_fail_on(value: str) -> str:
    value = value.strip().lower()
    if value not in FAIL_ON_CHOICES:
        raise InvalidInput(
            _("unknown level {value} for --fail-on").format(value=value),
            _("choose from: {allowed}").format(allowed=", ".join(FAIL_ON_CHOICES)),
        )
    return value


# Long for its docstring; the body is the audit's steps, each a named helper.
def run_audit(
    ctx: AppContext,
    *,
    as_of: date | None = None,
    apply_expiry: bool = False,
    wait: bool = False,
    issuer: str | Sequence[str] | None = None,
    under: str | None = None,
) -> AuditResult:
    """Audit the registry as of `as_of` (default today) under the run lock.

    `issuer` (one or more names, comma-separated too) and `under` (a government with all its
    departments) limit the result — the findings shown, their counts and what --fail-on counts —
    to the documents of those agencies, a joint document counting for each of its issuers. The
    run itself covers the whole registry, so that what it stores stays every document's.

    An audit as of today is a run: its findings are stored (new ones inserted, those no longer
    found resolved, the rest seen again), an audit_run row and an audit.run event are written.
    An audit as of another day only reports, comparing with the stored findings; it writes
    nothing, except the expiries that --apply-expiry records up to that day.
    """
    from normdocs.services.scopes import resolve_scope
    from normdocs.store import audit as store
    from normdocs.store.engine import transaction
    from normdocs.store.locks import run_lock

    today = ctx.today()
    day = _audit_day(today, as_of, apply_expiry)
    stored = day == today
    audit_ctx = AuditContext(as_of=day, profile=ctx.profile, calendar=ctx.calendar)
    engine = ctx.engine(write=stored or apply_expiry)
    with (
        collector_paused(),
        run_lock(engine, ctx.db, wait=wait),
        transaction(engine, ctx.db) as session,
    ):
        started = ctx.now()
        # Resolved first: a name that matches no agency stops the run before it writes.
        scope = resolve_scope(session, issuer, under)
        run_id = (
            store.start_run(session, started_at=started, as_of=day, actor=ctx.actor)
            if stored
            else None
        )
        # A withdrawn document (撤回, or an undone import) is not audited.
        documents = [d for d in store.document_facts(session, day) if d.stage != "withdrawn"]
        withdrawn = store.withdrawn_ids(session)
        expired_count = 0
        if apply_expiry:
            documents, expired_count = _record_expiries(ctx, session, documents, day, started)
        snapshot, run = _snapshot(session, documents)
        findings = [f for f in evaluate(snapshot, audit_ctx) if f.document_id not in withdrawn]
        ctx.collect_calendar_warnings()

        existing = store.open_findings(session)
        changes = _Changes.of(findings, existing)
        in_scope = _documents_in_scope(session, documents, scope.agency_ids)
        if in_scope is not None:
            # A run limited to some issuers keeps only their findings: another issuer's new
            # finding stays new for the next full run (the nightly one that mails it), and
            # none of theirs is resolved here.
            findings, changes = _limited_to(in_scope, findings, changes)
        if run_id is not None:  # stored
            _store_run(ctx, session, run_id, day, findings, changes, run, expired_count)
        first_seen = {key: first for key, (_id, first) in existing.items()}
        ids = {key: id_ for key, (id_, _first) in existing.items()}
        if stored and changes.fresh:
            ids = store.open_finding_ids(session)
        acknowledged = store.acknowledged(session)
        titles = store.law_titles(session, [f.law_id for f in findings if f.law_id is not None])
    return AuditResult(
        as_of=day,
        found=findings,
        stored=stored,
        run_id=run_id,
        new=len(changes.fresh),
        resolved=len(changes.gone_keys),
        expired_recorded=expired_count,
        texts_checked=len(run.checked),
        counts=_severity_counts(findings),
        new_keys={f.key for f in changes.fresh},
        first_seen=first_seen,
        ids=ids,
        acknowledged=acknowledged,
        documents=snapshot.by_id(),
        law_titles=titles,
    )


def _audit_day(today: date, as_of: date | None, apply_expiry: bool) -> date:
    """The day audited (default today); --apply-expiry records only what has happened."""
    day = as_of or today
    if apply_expiry and day > today:
        raise InvalidInput(
            _("--apply-expiry records expiries that have happened; {day} is after today").format(
                day=day.isoformat()
            ),
            _("drop --as-of, or give a day up to today"),
        )
    return day


def _record_expiries(
    ctx: AppContext, session: Any, documents: list[DocumentFacts], day: date, started: datetime
) -> tuple[list[DocumentFacts], int]:
    """Append a document.expired event for each document whose validity ended by `day` and has
    none (--apply-expiry); the documents as they are now, and how many were recorded."""
    from normdocs.store.audit import EXPIRED_ACTION
    from normdocs.store.records import append_events

    lapsed = expired_unrecorded(AuditSnapshot(tuple(documents)), day)
    append_events(
        session,
        [
            {
                "recorded_at": started,
                "actor": ctx.actor,
                "action": EXPIRED_ACTION,
                "document_id": d.id,
                "on_date": _day_after(d.expires_on),
                "details": {
                    "expires_on": _iso(d.expires_on),
                    "reason": "validity period ended (有效期届满自动失效)",
                },
            }
            for d in lapsed
        ],
    )
    recorded = {d.id for d in lapsed}
    return [d._replace(expiry_recorded=True) if d.id in recorded else d for d in documents], len(
        lapsed
    )


@dataclass(frozen=True)
class _ContentRun:
    """The texts a run read: (document id, content hash) of each, and the checker version
    (the checks and the registry's laws) they were read with."""

    checked: list[tuple[int, str]]
    checker_version: int


def _snapshot(session: Any, documents: list[DocumentFacts]) -> tuple[AuditSnapshot, _ContentRun]:
    """What the rules read: the documents, the changed laws they rest on, the citations that
    resolve to nothing, the content hits of every text, and the register's kept validities."""
    from normdocs.domain.content_checks import CHECKER_VERSION, LawIndex
    from normdocs.store import audit as store

    law_keys, document_keys = store.law_keys(session)
    laws = LawIndex(frozenset(law_keys), frozenset(document_keys))
    # Texts are read again when the checks change, or when the laws their citations
    # resolve to do.
    checker_version = CHECKER_VERSION * 100_000 + laws.fingerprint()
    content, checked = _content_results(session, checker_version, laws)
    snapshot = AuditSnapshot(
        documents=tuple(documents),
        changed_bases=tuple(store.changed_bases(session)),
        unresolved_citations=tuple(store.unresolved_citations(session)),
        content=content,
        register_validity_kept=_register_validity_kept(session),
    )
    return snapshot, _ContentRun(checked, checker_version)


@dataclass(frozen=True)
class _Changes:
    """How a run's findings compare with the stored open ones: the new, and those gone."""

    fresh: list[Finding]
    gone: list[int]  # ids of the open findings not found again
    gone_keys: list[str]

    @classmethod
    def of(
        cls, findings: list[Finding], existing: dict[str, tuple[int, date | None]]
    ) -> "_Changes":
        found_keys = {f.key for f in findings}
        return cls(
            fresh=[f for f in findings if f.key not in existing],
            gone=[id_ for key, (id_, _first) in existing.items() if key not in found_keys],
            gone_keys=[key for key in existing if key not in found_keys],
        )


def _store_run(
    ctx: AppContext,
    session: Any,
    run_id: int,
    day: date,
    findings: list[Finding],
    changes: _Changes,
    run: _ContentRun,
    expired_count: int,
) -> None:
    """Keep a run's findings (the gone resolved, the returning reopened, the new inserted, the
    rest seen again), the texts it read, its audit_run row and its audit.run event."""
    from normdocs.store import audit as store
    from normdocs.store.records import append_event

    now = ctx.now()
    # A finding is first seen on the audit's day (NORMDOCS_TODAY when a past day's work is
    # recorded), at the clock's time: first_seen is that day, whatever the computer's date.
    seen = now if now.date() == day else datetime.combine(day, now.timetz())
    fresh = changes.fresh
    came_back = store.resolved_with_keys(session, [f.key for f in fresh])
    store.resolve_findings(session, changes.gone, now)
    store.reopen_findings(session, list(came_back.values()), seen, run_id)
    store.insert_findings(session, [f for f in fresh if f.key not in came_back], seen, run_id)
    store.touch_open_findings(session, now, run_id)
    store.record_content_checks(session, run.checked, run.checker_version, now)
    store.finish_run(
        session,
        run_id,
        finished_at=ctx.now(),
        findings=len(findings),
        new_findings=len(fresh),
        resolved_findings=len(changes.gone),
    )
    append_event(
        session,
        recorded_at=now,
        actor=ctx.actor,
        action="audit.run",
        on_date=day,
        details={
            "run_id": run_id,
            "as_of": day.isoformat(),
            "findings": len(findings),
            "new": len(fresh),
            "resolved": len(changes.gone),
            "expired_recorded": expired_count,
        },
    )


def _limited_to(
    in_scope: set[int], findings: list[Finding], changes: _Changes
) -> tuple[list[Finding], _Changes]:
    """The findings, new ones and resolved ones (ids and keys) about the documents in scope."""
    gone = [
        (id_, key)
        for id_, key in zip(changes.gone, changes.gone_keys, strict=True)
        if _document_of(key) in in_scope
    ]
    kept = _Changes(
        fresh=[f for f in changes.fresh if f.document_id in in_scope],
        gone=[id_ for id_, _key in gone],
        gone_keys=[key for _id, key in gone],
    )
    return [f for f in findings if f.document_id in in_scope], kept


def _severity_counts(findings: list[Finding]) -> dict[str, int]:
    counts = {s.value: 0 for s in Severity}
    for f in findings:
        counts[f.severity.value] += 1
    return counts


def _content_results(
    session: Any, checker_version: int, laws: "LawIndex"
) -> tuple[dict[int, ContentResult], list[tuple[int, str]]]:
    """Content hits of every text: read and checked anew where the text (or the checker, or the
    registry's laws) changed since the last run, taken from the stored findings where not.
    `laws` is the LawIndex citations are resolved through."""
    from normdocs.services.content_scan import find_hits
    from normdocs.store import audit as store

    results: dict[int, ContentResult] = {}
    checked: list[tuple[int, str]] = []
    # Streamed: the first audit of a large registry reads every text, once.
    for document_id, text, content_hash in store.texts_to_check(session, checker_version):
        checked.append((document_id, content_hash))
        hits = tuple(find_hits(text, laws))
        if hits:
            results[document_id] = ContentResult(content_hash, hits)
    fresh = {document_id for document_id, _hash in checked}
    kept: dict[int, list[ContentHit]] = {}
    hashes: dict[int, str] = {}
    for document_id, content_hash, evidence in store.kept_content_findings(
        session, checker_version
    ):
        if document_id in fresh:
            continue
        kept.setdefault(document_id, []).append(hit_of(evidence))
        hashes[document_id] = content_hash
    for document_id, kept_hits in kept.items():
        results[document_id] = ContentResult(hashes[document_id], tuple(dict.fromkeys(kept_hits)))
    return results, checked


ACK_VERDICTS = ("right", "wrong")
# The columns of tests/audit/labelled_sentences.csv: marks export as labelled sentences.
LABEL_COLUMNS = ("sentence", "expected", "label", "source", "article", "part")


def check_verdict(value: str | None) -> str | None:
    if value is None:
        return None
    verdict = value.strip().lower()
    verdict = {"对": "right", "正确": "right", "错": "wrong", "错误": "wrong"}.get(verdict, verdict)
    if verdict not in ACK_VERDICTS:
        raise InvalidInput(
            _("unknown verdict {value} for --verdict").format(value=value),
            _("choose from: {allowed}").format(allowed=", ".join(ACK_VERDICTS)),
        )
    return verdict


def acknowledge(
    ctx: AppContext, ref: str, *, reason: str, verdict: str | None = None
) -> Acknowledgement:
    """Record a reviewer's mark on a finding: an audit.ack event and the mark on the finding.

    An acknowledged finding no longer counts for --fail-on; the mark lasts until the finding is
    resolved (it comes back unmarked if it is found again). `verdict` says whether the finding
    is right or wrong; marked content findings become labelled sentences (export_marks)."""
    from normdocs.store import audit as store
    from normdocs.store.engine import transaction
    from normdocs.store.records import append_event

    chosen = check_verdict(verdict)
    why = " ".join(reason.split())
    if not why:
        raise InvalidInput(
            _("--reason is empty"), _("say why the finding is acknowledged, e.g. --reason '…'")
        )
    engine = ctx.engine(write=True)
    with transaction(engine, ctx.db) as session:
        finding = _open_finding(session, ref)
        now = ctx.now()
        store.ack_finding(
            session, finding["id"], verdict=chosen, reason=why, actor=ctx.actor, now=now
        )
        append_event(
            session,
            recorded_at=now,
            actor=ctx.actor,
            action="audit.ack",
            document_id=finding["document_id"],
            on_date=ctx.today(),
            details={
                "finding_id": finding["id"],
                "key": finding["key"],
                "rule": finding["rule"],
                "verdict": chosen,
                "reason": why,
            },
        )
    return Acknowledgement(
        id=finding["id"],
        key=finding["key"],
        rule=finding["rule"],
        document_id=finding["document_id"],
        verdict=chosen,
        reason=why,
        acked_by=ctx.actor,
    )


def _open_finding(session: Any, ref: str) -> "FindingRef":
    """The stored finding `ref` names (number or key), refused unless it is still open."""
    from normdocs.domain.errors import NotFound, Refused
    from normdocs.store import audit as store

    finding = store.find_finding(session, ref)
    if finding is None:
        raise NotFound(
            _("no audit finding {ref}").format(ref=ref),
            _("give the number or key shown by: normdocs audit --format json"),
        )
    if finding["resolved_at"] is not None:
        raise Refused(
            _("audit finding {ref} is resolved; there is nothing to acknowledge").format(ref=ref),
            _("see the findings that are open with: normdocs audit"),
            rule="audit-ack-open-only",
        )
    return finding


def export_marks(ctx: AppContext) -> list[MarkedSentence]:
    """Sentences whose content findings a reviewer marked, as labelled sentences in the columns
    of the labelled set (LABEL_COLUMNS), one row a sentence of a document: the kinds marked
    right are what it holds (a violation); a sentence whose findings were all marked wrong is
    lawful. A wrong mark says only that its kind was a false alarm: a sentence with a finding
    still unmarked is left out until that one is marked too. `part` is "marked": the office
    decides where a new sentence goes."""
    from normdocs.store import audit as store
    from normdocs.store.engine import transaction

    with transaction(ctx.engine(), ctx.db) as session:
        found = store.marked_content_findings(session)
    sentences: dict[tuple[int | None, str], list[Any]] = {}
    for finding in found:
        sentence = finding["evidence"]["sentence"]
        sentences.setdefault((finding["document_id"], sentence), []).append(finding)
    rows = []
    for (_document, sentence), findings in sentences.items():
        if any(f["ack_verdict"] not in ("right", "wrong") for f in findings):
            continue  # not every finding of it is marked yet
        right = [f for f in findings if f["ack_verdict"] == "right"]
        kinds = sorted({f["evidence"]["category"] for f in right})
        first = findings[0]
        ids = ",".join(str(f["id"]) for f in findings)
        rows.append(
            MarkedSentence(
                sentence=sentence,
                expected="|".join(kinds) or "none",
                label="violation" if kinds else "lawful",
                source=f"finding:{ids} document:{first['doc_number'] or first['document_id']}",
                article="; ".join(
                    dict.fromkeys(f["evidence"].get("article") or f["rule"] for f in right)
                ),
                part="marked",
            )
        )
    return rows


def finding_view(
    finding: Finding,
    document: DocumentFacts | None,
    law_titles: dict[int, str],
    *,
    new: bool,
    first_seen: date,
    id: int | None,
    acknowledged: str | None,
) -> FindingView:
    """A finding as shown and written as JSON, with what the stored run knows of it: when it
    was first seen, its number and a reviewer's verdict."""
    return FindingView(
        key=finding.key,
        rule=finding.rule,
        severity=finding.severity,
        document_id=finding.document_id,
        doc_number=document.doc_number if document else None,
        title=document.title if document else None,
        issuer=document.issuer if document else None,
        law_id=finding.law_id,
        law=law_titles.get(finding.law_id) if finding.law_id is not None else None,
        summary=render(describe(finding)),
        evidence=dict(finding.evidence),
        source=finding.source,
        new=new,
        first_seen=first_seen,
        id=id,
        acknowledged=acknowledged,
    )


def _documents_in_scope(
    session: Any, documents: Sequence[DocumentFacts], agency_ids: frozenset[int] | None
) -> set[int] | None:
    """Ids of the documents issued by one of `agency_ids`, as lead issuer or co-issuer (None:
    no scope was given)."""
    from normdocs.store.queries import all_co_issuer_ids

    if agency_ids is None:
        return None
    joint = all_co_issuer_ids(session)
    return {
        d.id
        for d in documents
        if d.issuer_id in agency_ids or not agency_ids.isdisjoint(joint.get(d.id, ()))
    }


def _document_of(key: str) -> int | None:
    """The document a stored finding's key names (domain.audit: rule:document[:about])."""
    part = key.split(":", 2)[1] if ":" in key else ""
    return int(part) if part.isdigit() else None


def _day(moment: date) -> date:
    """The day of a stored moment (PostgreSQL keeps when a finding was first seen as a
    timestamp, SQLite as a day)."""
    return moment.date() if isinstance(moment, datetime) else moment


def _day_after(day: date | None) -> date | None:
    return day + timedelta(days=1) if day else None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _register_validity_kept(session: Any) -> dict[int, date]:
    """Documents whose register said 有效 against the default validity period (importing)."""
    from normdocs.services.importing import VALIDITY_KEPT_ACTION
    from normdocs.store.importing import register_validity_kept

    return register_validity_kept(session, VALIDITY_KEPT_ACTION)

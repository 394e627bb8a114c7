"""The audit rules: pure functions from a snapshot and a context to findings, and the run of
all of them (evaluate)."""

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, timedelta
from typing import Any

from normdocs.domain.audit.findings import (
    _CONTENT_SEVERITY,
    CONTENT_RULES,
    SRC_BASIS,
    SRC_CLEANUP,
    SRC_DOC_NUMBER,
    SRC_DUPLICATES,
    Finding,
    Rule,
    Severity,
    _finding,
    _iso,
    add_months,
    short_hash,
)
from normdocs.domain.audit.snapshot import (
    _EXPIRED,
    _IN_FORCE,
    _IN_FORCE_OR_PENDING,
    _LIVE,
    _PROMULGATED,
    _SIGNED,
    _UNDER_REVIEW,
    AuditContext,
    AuditSnapshot,
    DocumentFacts,
)
from normdocs.domain.calendar import WorkingCalendar
from normdocs.domain.content_checks import SOURCES, Category, ContentHit
from normdocs.domain.docnumber import is_canonical, normalise_doc_number
from normdocs.domain.errors import InvalidInput
from normdocs.domain.json import JSONObject
from normdocs.domain.similar_titles import group_titles
from normdocs.domain.stages import Stage
from normdocs.domain.validity import add_years
from normdocs.domain.workflow import SRC_VALIDITY


def filing_deadlines(snapshot: AuditSnapshot, ctx: AuditContext) -> Iterator[Finding]:
    """A promulgated document not yet filed: overdue (error) after its deadline, due soon
    (warning) within `filing_due_soon_days` of it, the deadline day included."""
    filing = ctx.profile.filing
    soon = ctx.profile.audit.filing_due_soon_days
    for d in snapshot.documents:
        if d.stage != _PROMULGATED or d.promulgated_on is None or d.filed_on is not None:
            continue
        # An imported document carries no filing deadline: whether it was filed before the
        # registry existed is not known, so it is not reported as overdue.
        if d.promulgated_on > ctx.as_of or d.filing_due_on is None:
            continue
        due = d.filing_due_on
        evidence = {"promulgated_on": _iso(d.promulgated_on), "due_on": _iso(due)}
        if ctx.as_of > due:
            yield _finding(
                Rule.FILING_OVERDUE, Severity.ERROR, d.id, due.isoformat(), evidence, filing.source
            )
        elif (due - ctx.as_of).days <= soon:
            yield _finding(
                Rule.FILING_DUE_SOON,
                Severity.WARNING,
                d.id,
                due.isoformat(),
                evidence,
                filing.source,
            )


def filed_late(snapshot: AuditSnapshot, ctx: AuditContext) -> Iterator[Finding]:
    """Filed after the deadline: nothing can be done now, but it counts against 及时率."""
    for d in snapshot.documents:
        if d.filed_on is None or d.filed_on > ctx.as_of:
            continue
        late = d.filed_late or (d.filing_due_on is not None and d.filed_on > d.filing_due_on)
        if late:
            yield _finding(
                Rule.FILED_LATE,
                Severity.INFO,
                d.id,
                "",
                {"filed_on": _iso(d.filed_on), "due_on": _iso(d.filing_due_on)},
                ctx.profile.filing.source,
            )


def refiling_deadlines(snapshot: AuditSnapshot, ctx: AuditContext) -> Iterator[Finding]:
    """暂缓备案 not supplemented, or 建议自行纠正 not corrected, by the day the profile allows."""
    rules = {
        Stage.FILING_DEFERRED: Rule.REFILE_OVERDUE,
        Stage.CORRECTION_REQUIRED: Rule.CORRECTION_OVERDUE,
    }
    for d in snapshot.documents:
        rule = rules.get(d.stage)  # type: ignore[call-overload]
        if rule is None or d.refile_due_on is None or ctx.as_of <= d.refile_due_on:
            continue
        yield _finding(
            rule,
            Severity.ERROR,
            d.id,
            d.refile_due_on.isoformat(),
            {"decided_on": _iso(d.filing_decided_on), "due_on": _iso(d.refile_due_on)},
            ctx.profile.filing.source,
        )


def review_overdue(snapshot: AuditSnapshot, ctx: AuditContext) -> Iterator[Finding]:
    """A legality review still open after the maximum number of working days."""
    review = ctx.profile.review
    for d in snapshot.documents:
        if d.stage != _UNDER_REVIEW or d.review_submitted_on is None:
            continue
        due = ctx.calendar.add_working_days(d.review_submitted_on, review.max_working_days)
        if ctx.as_of > due:
            yield _finding(
                Rule.REVIEW_OVERDUE,
                Severity.WARNING,
                d.id,
                d.review_submitted_on.isoformat(),
                {
                    "submitted_on": _iso(d.review_submitted_on),
                    "due_on": _iso(due),
                    "max_working_days": review.max_working_days,
                },
                review.source,
            )


def review_too_short(snapshot: AuditSnapshot, ctx: AuditContext) -> Iterator[Finding]:
    """A review decided in fewer working days than the minimum, not marked as an emergency
    (the procedure refuses this; imported records may still show it)."""
    review = ctx.profile.review
    reviews = [
        d
        for d in snapshot.documents
        if d.review_submitted_on is not None
        and d.review_decided_on is not None
        and not d.review_emergency
    ]
    if not reviews:
        return
    index = _WorkdayIndex(
        ctx.calendar,
        min(d.review_submitted_on for d in reviews if d.review_submitted_on),
        max(d.review_decided_on for d in reviews if d.review_decided_on),
    )
    for d in reviews:
        assert d.review_submitted_on is not None and d.review_decided_on is not None
        days = index.between(d.review_submitted_on, d.review_decided_on)
        if days < review.min_working_days:
            yield _finding(
                Rule.REVIEW_TOO_SHORT,
                Severity.WARNING,
                d.id,
                d.review_decided_on.isoformat(),
                {
                    "submitted_on": _iso(d.review_submitted_on),
                    "decided_on": _iso(d.review_decided_on),
                    "working_days": days,
                    "min_working_days": review.min_working_days,
                },
                review.source,
            )


class _WorkdayIndex:
    """Working days counted once over a span of days, so that the number between any two of
    them is a subtraction: counting day by day for every document of a large registry is not."""

    def __init__(self, calendar: WorkingCalendar, first: date, last: date) -> None:
        self.first = first
        self.counts = [0]
        day = first
        while day < last:
            day += timedelta(days=1)
            self.counts.append(self.counts[-1] + (1 if calendar.is_workday(day) else 0))

    def between(self, start: date, end: date) -> int:
        """The working days d with start < d <= end (0 if end is not after start)."""
        if end <= start:
            return 0
        return self.counts[(end - self.first).days] - self.counts[(start - self.first).days]


def signed_not_promulgated(snapshot: AuditSnapshot, ctx: AuditContext) -> Iterator[Finding]:
    """Signed, and still not promulgated more than `signed_not_promulgated_days` later."""
    limit = ctx.profile.audit.signed_not_promulgated_days
    for d in snapshot.documents:
        if d.stage != _SIGNED or d.signed_on is None:
            continue
        due = d.signed_on + timedelta(days=limit)
        if ctx.as_of > due:
            yield _finding(
                Rule.SIGNED_NOT_PROMULGATED,
                Severity.WARNING,
                d.id,
                d.signed_on.isoformat(),
                {"signed_on": _iso(d.signed_on), "due_on": _iso(due), "days": limit},
                None,
            )


def expiry(snapshot: AuditSnapshot, ctx: AuditContext) -> Iterator[Finding]:
    """In force and expiring within `expiring_within_months` with no cleanup decision since that
    window opened; or past its expiry with no document.expired event in the record."""
    months = ctx.profile.audit.expiring_within_months
    validity = snapshot.validity(ctx.as_of)
    for d in snapshot.documents:
        if d.expires_on is None:
            continue
        state = validity[d.id]
        if state == _IN_FORCE:
            opens = add_months(d.expires_on, -months)
            decided = d.last_cleanup_on is not None and d.last_cleanup_on >= opens
            if ctx.as_of >= opens and not decided:
                yield _finding(
                    Rule.EXPIRING_SOON,
                    Severity.WARNING,
                    d.id,
                    d.expires_on.isoformat(),
                    {"expires_on": _iso(d.expires_on), "evaluate_from": _iso(opens)},
                    SRC_VALIDITY,
                )
        elif state == _EXPIRED and not d.expiry_recorded:
            yield _finding(
                Rule.EXPIRED_NOT_RECORDED,
                Severity.WARNING,
                d.id,
                d.expires_on.isoformat(),
                {
                    "expires_on": _iso(d.expires_on),
                    "expired_on": _iso(d.expires_on + timedelta(days=1)),
                },
                SRC_VALIDITY,
            )


def cleanup_overdue(snapshot: AuditSnapshot, ctx: AuditContext) -> Iterator[Finding]:
    """In force and not evaluated in a cleanup within `cleanup_interval_years` of its last
    cleanup decision (or of its promulgation, if it never had one)."""
    years = ctx.profile.audit.cleanup_interval_years
    validity = snapshot.validity(ctx.as_of)
    for d in snapshot.documents:
        if validity[d.id] != _IN_FORCE or d.promulgated_on is None:
            continue
        since = d.last_cleanup_on or d.promulgated_on
        due = add_years(since, years)
        if ctx.as_of > due:
            yield _finding(
                Rule.CLEANUP_OVERDUE,
                Severity.WARNING,
                d.id,
                due.isoformat(),
                {
                    "since": _iso(since),
                    "last_cleanup_on": _iso(d.last_cleanup_on),
                    "due_on": _iso(due),
                },
                SRC_CLEANUP,
            )


def basis_changed(snapshot: AuditSnapshot, ctx: AuditContext) -> Iterator[Finding]:
    """A live document resting on a repealed law (error), or on one amended or superseded after
    the document was promulgated (warning): both call for instant cleanup (即时清理). A change
    acts from the day it takes effect, and a closed cleanup that decided about the document
    since then has answered it: it comes back only with a new change."""
    validity = snapshot.validity(ctx.as_of)
    documents = snapshot.by_id() if snapshot.changed_bases else {}
    for b in snapshot.changed_bases:
        d = documents.get(b.document_id)
        if d is None or validity[d.id] not in _LIVE:
            continue
        takes_effect = b.repealed_on if b.law_status == "repealed" else b.effective_on
        takes_effect = takes_effect or b.changed_on
        if takes_effect is not None and takes_effect > ctx.as_of:
            continue
        if (
            takes_effect is not None
            and d.settled_on is not None
            and d.settled_on >= takes_effect
            and not b.unanswered
        ):
            continue
        if b.law_status == "repealed":
            yield _finding(
                Rule.BASIS_REPEALED,
                Severity.ERROR,
                d.id,
                str(b.law_id),
                {"law": b.law_title, "repealed_on": _iso(b.repealed_on)},
                SRC_CLEANUP,
                law_id=b.law_id,
            )
        elif (
            b.changed_on is not None
            and d.promulgated_on is not None
            and d.promulgated_on < b.changed_on <= ctx.as_of
        ):
            yield _finding(
                Rule.BASIS_AMENDED,
                Severity.WARNING,
                d.id,
                f"{b.law_id}:{b.changed_on.isoformat()}",
                {
                    "law": b.law_title,
                    "changed_on": _iso(b.changed_on),
                    "promulgated_on": _iso(d.promulgated_on),
                },
                SRC_CLEANUP,
                law_id=b.law_id,
            )


def citations(snapshot: AuditSnapshot, ctx: AuditContext) -> Iterator[Finding]:
    """A live document citing a law the registry does not know (so nothing can be checked), or
    a promulgated one with no basis recorded at all."""
    validity = snapshot.validity(ctx.as_of)
    for c in snapshot.unresolved_citations:
        if validity.get(c.document_id) in _LIVE:
            yield _finding(
                Rule.CITATION_UNRESOLVED,
                Severity.INFO,
                c.document_id,
                short_hash(c.citation),
                {"citation": c.citation},
                None,
            )
    for d in snapshot.documents:
        if d.basis_count == 0 and validity[d.id] in _IN_FORCE_OR_PENDING:
            yield _finding(Rule.NO_BASIS, Severity.WARNING, d.id, "", {}, SRC_BASIS)


def content(snapshot: AuditSnapshot, ctx: AuditContext) -> Iterator[Finding]:
    """Sentences of a live document that appear to set what a normative document may not."""
    validity = snapshot.validity(ctx.as_of)
    for document_id, result in snapshot.content.items():
        if validity.get(document_id) not in _LIVE:
            continue
        for hit in result.hits:
            yield content_finding(document_id, result.content_hash, hit)


def content_finding(document_id: int, content_hash: str, hit: ContentHit) -> Finding:
    """A content hit as a finding: the sentence, the kind, the words that triggered it, the
    article it would breach, and a title cited as its basis that is no superior law."""
    evidence: JSONObject = {
        "sentence": hit.sentence,
        "trigger": hit.trigger,
        "category": hit.category.value,
        "article": hit.article or SOURCES[hit.category],
        "content_hash": content_hash,
    }
    if hit.cited:
        evidence["cited"] = hit.cited
    if hit.score is not None:
        evidence["score"] = hit.score
    return _finding(
        CONTENT_RULES[hit.category],
        _CONTENT_SEVERITY[hit.category],
        document_id,
        short_hash(hit.sentence),
        evidence,
        hit.article or SOURCES[hit.category],
    )


def hit_of(evidence: Mapping[str, Any]) -> ContentHit:
    """The content hit a stored content finding was made from (see content_finding)."""
    return ContentHit(
        Category(evidence["category"]),
        evidence["sentence"],
        evidence["trigger"],
        evidence.get("article", ""),
        evidence.get("cited", ""),
        evidence.get("score"),
    )


def doc_number_form(snapshot: AuditSnapshot, ctx: AuditContext) -> Iterator[Finding]:
    """A 文号 not written in the GB/T 9704 form (代字〔year〕serial号)."""
    for d in snapshot.documents:
        if d.doc_number is None or _looks_canonical(d.doc_number):
            continue
        if is_canonical(d.doc_number):
            continue
        try:
            normal: str | None = normalise_doc_number(d.doc_number)
        except InvalidInput:
            normal = None
        yield _finding(
            Rule.DOC_NUMBER_FORM,
            Severity.INFO,
            d.id,
            d.doc_number,
            {"doc_number": d.doc_number, "normal_form": normal},
            SRC_DOC_NUMBER,
        )


_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

_CANONICAL_SHAPE = re.compile(
    f"[{_CJK}]{{1,20}}〔(?:19[4-9][0-9]|20[0-9][0-9]|2100)〕[1-9][0-9]{{0,4}}号"
)


def _looks_canonical(number: str) -> bool:
    """The common case, decided without parsing: 代字〔year〕serial号 exactly as GB/T 9704 writes
    it (anything else goes to is_canonical, which also explains what is wrong)."""
    return _CANONICAL_SHAPE.fullmatch(number) is not None


def near_identical_titles(snapshot: AuditSnapshot, ctx: AuditContext) -> Iterator[Finding]:
    """Documents of one issuer in force at once whose titles are the same or nearly so, once
    the years, numbers and ordinals that tell a series apart are set aside: one probably should
    have replaced the others (see domain/similar_titles.py). One finding per group, on its
    newest member, keyed by the group (not by a member), listing up to MEMBERS_SHOWN members.
    A document that another states it supersedes is explained and left out."""
    validity = snapshot.validity(ctx.as_of)
    live = [d for d in snapshot.documents if validity[d.id] == _IN_FORCE]
    superseded = {d.supersedes_id for d in live if d.supersedes_id is not None}
    live = [d for d in live if d.id not in superseded]
    by_id = {d.id: d for d in live}
    groups = group_titles(
        ((d.id, d.issuer_id, d.title, d.issuer) for d in live),
        ctx.profile.audit.near_identical_title_ratio,
    )
    for group in groups:
        members = [by_id[i] for i in group.members]
        newest = max(members, key=lambda d: (d.promulgated_on or date.min, d.id))
        shown = members[:MEMBERS_SHOWN]
        yield Finding(
            Rule.NEAR_IDENTICAL_TITLES.value,
            Severity.WARNING,
            newest.id,
            None,
            {
                "group": group.key,
                "count": len(members),
                "members": [{"id": d.id, "title": d.title} for d in shown],
            },
            SRC_DUPLICATES,
            f"{Rule.NEAR_IDENTICAL_TITLES.value}:issuer-{group.issuer_id}:{short_hash(group.key)}",
        )


def register_validity_disagrees(snapshot: AuditSnapshot, ctx: AuditContext) -> Iterator[Finding]:
    """A document imported as in force because its register said 有效, although the default
    validity period had ended it: still in force, no expiry, and no cleanup decision since —
    the register and the default rule disagree, and a cleanup must decide."""
    kept = snapshot.register_validity_kept
    if not kept:
        return
    validity = snapshot.validity(ctx.as_of)
    for d in snapshot.documents:
        default_expiry = kept.get(d.id)
        if default_expiry is None or d.expires_on is not None or d.last_cleanup_on is not None:
            continue
        if validity[d.id] != _IN_FORCE:
            continue
        yield _finding(
            Rule.REGISTER_VALIDITY_DISAGREES,
            Severity.WARNING,
            d.id,
            "",
            {"default_expires_on": _iso(default_expiry)},
            SRC_VALIDITY,
        )


# The members a near-identical-titles finding lists (by id); its count says how many there are.
MEMBERS_SHOWN = 20

RuleFunction = Callable[[AuditSnapshot, AuditContext], Iterable[Finding]]

RULES: tuple[RuleFunction, ...] = (
    filing_deadlines,
    filed_late,
    refiling_deadlines,
    review_overdue,
    review_too_short,
    signed_not_promulgated,
    expiry,
    cleanup_overdue,
    basis_changed,
    citations,
    content,
    doc_number_form,
    near_identical_titles,
    register_validity_disagrees,
)


def evaluate(snapshot: AuditSnapshot, ctx: AuditContext) -> list[Finding]:
    """Every finding of every rule, most severe first, then by rule and document."""
    found: dict[str, Finding] = {}
    for rule in RULES:
        for finding in rule(snapshot, ctx):
            found.setdefault(finding.key, finding)
    return sort_findings(found.values())


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-f.severity.rank, f.rule, f.document_id or 0, f.key))


def expired_unrecorded(snapshot: AuditSnapshot, as_of: date) -> list[DocumentFacts]:
    """Documents past their expiry on `as_of` whose expiry is not in the record yet."""
    validity = snapshot.validity(as_of)
    return [d for d in snapshot.documents if validity[d.id] == _EXPIRED and not d.expiry_recorded]


def reaches(findings: Iterable[Finding], fail_on: str) -> bool:
    """Whether any finding is at or above `fail_on` (info|warning|error; never: never)."""
    if fail_on == "never":
        return False
    level = Severity(fail_on).rank
    return any(f.severity.rank >= level for f in findings)

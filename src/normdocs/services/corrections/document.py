"""Correcting a recorded fact (更正) and withdrawing a document (撤回): openly, as events.

A correction goes through the guards of the step that first recorded the fact, and the facts
that step derived from it (deadlines, late flags, validity) are derived again by the same
guards and effects of the workflow table, so a corrected date gives the deadline the step would
have given."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from normdocs.domain.errors import InvalidInput, Refused
from normdocs.domain.stages import WITHDRAWABLE, Action, Stage
from normdocs.i18n import _
from normdocs.services.context import AppContext
from normdocs.services.readmodels import DocumentView
from normdocs.store.retry import retrying

CORRECTED = "document.corrected"
WITHDRAWN = "document.withdrawn"


@dataclass(frozen=True)
class DatedStep:
    """A step whose date can be corrected: the column it dated and the event that recorded it."""

    name: str
    column: str
    action: str | None  # None: a fact given with another step (the effective date)
    refiling: bool | None = None  # file: the first filing (False) or a refiling (True)


DATED_STEPS: dict[str, DatedStep] = {
    s.name: s
    for s in (
        DatedStep("submit", "review_submitted_on", Action.SUBMIT_REVIEW.value),
        DatedStep("review", "review_decided_on", Action.DECIDE_REVIEW.value),
        DatedStep("meeting", "meeting_on", Action.RECORD_MEETING.value),
        DatedStep("sign", "signed_on", Action.SIGN.value),
        DatedStep("publish", "promulgated_on", Action.PUBLISH.value),
        DatedStep("effective", "effective_on", None),
        DatedStep("file", "filed_on", Action.FILE.value, refiling=False),
        DatedStep("refile", "refiled_on", Action.FILE.value, refiling=True),
        DatedStep("filing-decision", "filing_decided_on", Action.DECIDE_FILING.value),
    )
}
# The recorded action names are accepted too (review.submit, filing.decide, …).
_STEP_ALIASES = {
    Action.SUBMIT_REVIEW.value: "submit",
    Action.DECIDE_REVIEW.value: "review",
    Action.RECORD_MEETING.value: "meeting",
    Action.DECIDE_FILING.value: "filing-decision",
}
_STEP_ACTIONS = frozenset(a.value for a in Action)


def dated_step(name: str) -> DatedStep:
    key = _STEP_ALIASES.get(name.strip(), name.strip())
    if key not in DATED_STEPS:
        raise InvalidInput(
            _("unknown step {step} for --date-of").format(step=name),
            _("choose from: {steps}").format(steps=", ".join(DATED_STEPS)),
        )
    return DATED_STEPS[key]


def corrected_event_dates(events: Iterable[Mapping[str, Any]]) -> dict[int, date]:
    """{event id: its corrected date} from a document's corrections, the latest winning."""
    from normdocs.store.engine import stored_json

    found: dict[int, date] = {}
    for event in events:
        if event["action"] != CORRECTED:
            continue
        details = event["details"]
        if isinstance(details, str):
            details = stored_json(details)
        for key, value in (details.get("event_dates") or {}).items():
            found[int(key)] = date.fromisoformat(value)
    return found


def step_dates(events: list[dict[str, Any]]) -> list[tuple[int, str, date]]:
    """(event id, action, date) of each recorded step, with the corrections applied."""
    corrected = corrected_event_dates(events)
    return [
        (e["id"], e["action"], corrected.get(e["id"], e["on_date"]))
        for e in events
        if e["action"] in _STEP_ACTIONS and e["on_date"] is not None
    ]


def _stating_event(events: list[dict[str, Any]], step: DatedStep) -> int | None:
    """The id of the event that recorded the document's current date of `step`."""
    from normdocs.store.engine import stored_json

    found = None
    for e in events:
        if e["action"] != step.action:
            continue
        details = e["details"] if isinstance(e["details"], dict) else stored_json(e["details"])
        if step.action == Action.RECORD_MEETING.value and details.get("outcome") != "approved":
            continue
        if step.refiling is not None and bool(details.get("refiling")) != step.refiling:
            continue
        found = e["id"]
    return found


@retrying
def correct_document(
    ctx: AppContext,
    ref: str,
    *,
    reason: str,
    title: str | None = None,
    number: str | None = None,
    issuer: str | None = None,
    dates: list[tuple[str, date]] | None = None,
) -> DocumentView:
    """Correct the named facts of a document with one `document.corrected` event; the facts
    derived from them follow. Refused, with the rule, when a corrected fact breaks a guard."""
    from normdocs.domain.docnumber import parse_doc_number
    from normdocs.domain.workflow import Rules, refuse_after_today
    from normdocs.services.documents import document_view
    from normdocs.services.procedure import locked_document
    from normdocs.store.engine import transaction
    from normdocs.store.queries import document_by_id
    from normdocs.store.records import document_events

    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(
            _("a correction needs its reason"), _("give it with --reason TEXT (更正理由)")
        )
    wanted_dates = [(dated_step(name), on) for name, on in dates or []]
    wanted = _Wanted(
        title=_clean_title(title),
        number=str(parse_doc_number(number)) if number is not None else None,
        issuer=issuer,
        dates=wanted_dates,
    )
    if title is None and number is None and issuer is None and not wanted.dates:
        raise InvalidInput(
            _("nothing to correct"),
            _("give --title, --number, --issuer or --date-of STEP DATE"),
        )
    today = ctx.today()
    for _step, on in wanted.dates:
        refuse_after_today(on, today, "--date-of")

    rules = Rules(profile=ctx.profile, calendar=ctx.calendar, today=today)
    with transaction(ctx.engine(), ctx.db) as session:
        row = locked_document(session, ref)
        if row["stage"] == Stage.WITHDRAWN.value:
            raise Refused(
                _("document {id} is withdrawn: its record is kept as it was").format(id=row["id"]),
                _("see its record with: normdocs doc history {id}").format(id=row["id"]),
                rule="withdrawn-kept",
            )
        events = document_events(session, row["id"])
        correction = _named_changes(ctx, session, row, events, wanted)
        facts, named = correction.facts, correction.named
        _check_order(row, events, correction.event_dates, facts)
        if "issuer" in named:
            _check_issuer(facts, rules)
        if "issuer" in named or "doc_number" in named:
            _check_number(session, facts, row["id"])
        derived = _derive(row, facts, set(named), rules)
        ctx.collect_calendar_warnings()
        facts.update(derived)
        _record_correction(ctx, session, row, correction, reason, today)
        updated = document_by_id(session, row["id"])
    assert updated is not None
    return document_view(updated, today)


@dataclass(frozen=True)
class _Wanted:
    """The corrections asked for, checked as far as they can be without the registry."""

    title: str | None
    number: str | None
    issuer: str | None
    dates: list[tuple[DatedStep, date]]


@dataclass
class _Correction:
    """The document's facts with the corrections applied, what the user named (fact →
    (before, after)), and the corrected date of each event that stated one."""

    facts: dict[str, Any]
    named: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    event_dates: dict[int, date] = field(default_factory=dict)


def _clean_title(title: str | None) -> str | None:
    if title is None:
        return None
    title = " ".join(title.split())
    if not title:
        raise InvalidInput(_("a document needs a title"), None)
    return title


def _named_changes(
    ctx: AppContext,
    session: Any,
    row: Mapping[str, Any],
    events: list[dict[str, Any]],
    wanted: _Wanted,
) -> _Correction:
    """The named facts changed on the document's row; refused when there is nothing to
    correct (a number before publication, a date never recorded, every fact already so)."""
    from normdocs.services.agencies import find_agency
    from normdocs.services.documents import is_interim

    done = _Correction(facts=dict(row))
    facts, named = done.facts, done.named
    if wanted.title is not None and wanted.title != row["title"]:
        facts["title"] = wanted.title
        named["title"] = (row["title"], wanted.title)
        markers = ctx.profile.validity.interim_markers
        if is_interim(wanted.title, markers) != is_interim(row["title"], markers):
            facts["interim"] = is_interim(wanted.title, markers)
    if wanted.issuer is not None:
        agency = find_agency(session, wanted.issuer.strip())
        if agency["id"] != row["issuer_id"]:
            facts.update(
                issuer_id=agency["id"],
                issuer=agency["name"],
                issuer_level=agency["level"],
                issuer_head=agency["head"],
                issuer_code=agency["code"],
            )
            named["issuer"] = (row["issuer"], agency["name"])
    if wanted.number is not None and wanted.number != row["doc_number"]:
        if row["promulgated_on"] is None:
            raise Refused(
                _("document {id} is not published: it gets its 文号 at publication").format(
                    id=row["id"]
                ),
                _("give it with: normdocs publish {id} --number 文号").format(id=row["id"]),
                rule="number-at-publication",
            )
        facts["doc_number"] = wanted.number
        named["doc_number"] = (row["doc_number"], wanted.number)
    _correct_dates(done, row, events, wanted.dates)
    if not named:
        raise Refused(
            _("document {id} already has these facts: nothing to correct").format(id=row["id"]),
            _("see it with: normdocs doc show {id}").format(id=row["id"]),
            rule="nothing-to-correct",
        )
    return done


def _correct_dates(
    done: _Correction,
    row: Mapping[str, Any],
    events: list[dict[str, Any]],
    dates: list[tuple[DatedStep, date]],
) -> None:
    for step, on in dates:
        before = row[step.column]
        if before is None:
            raise Refused(
                _("document {id} has no {step} date to correct").format(
                    id=row["id"], step=step.name
                ),
                _("record the step itself; a correction changes what was recorded"),
                rule="nothing-recorded",
            )
        if on != before:
            done.facts[step.column] = on
            done.named[step.column] = (before, on)
            stating = _stating_event(events, step) if step.action else None
            if stating is not None:
                done.event_dates[stating] = on


def _record_correction(
    ctx: AppContext,
    session: Any,
    row: Mapping[str, Any],
    done: _Correction,
    reason: str,
    today: date,
) -> None:
    """Write the changed columns and the one `document.corrected` event that says why."""
    from normdocs.store.queries import update_document
    from normdocs.store.records import append_event
    from normdocs.store.search import index_documents

    facts = done.facts
    changes = {
        name: facts[name]
        for name in _DOCUMENT_COLUMNS
        if name in facts and facts[name] != row[name]
    }
    update_document(session, row["id"], changes)
    if "title" in changes:
        index_documents(session, [(row["id"], changes["title"], None)])
    append_event(
        session,
        recorded_at=ctx.now(),
        actor=ctx.actor,
        action=CORRECTED,
        document_id=row["id"],
        on_date=today,
        from_stage=row["stage"],
        to_stage=row["stage"],
        details={
            "reason": reason,
            "corrected": {
                name: {"before": _plain(before), "after": _plain(after)}
                for name, (before, after) in done.named.items()
            },
            "after": {name: _plain(value) for name, value in changes.items()},
            "before": {name: _plain(row[name]) for name in changes},
            "event_dates": {str(k): v.isoformat() for k, v in done.event_dates.items()},
        },
    )


# The document columns a correction may change (the named facts and what follows from them).
_DOCUMENT_COLUMNS = (
    "title",
    "interim",
    "issuer_id",
    "doc_number",
    "review_submitted_on",
    "review_decided_on",
    "review_working_days",
    "review_late",
    "meeting_on",
    "signed_on",
    "promulgated_on",
    "effective_on",
    "expires_on",
    "filing_due_on",
    "filed_on",
    "filed_late",
    "refiled_on",
    "refiled_late",
    "filing_decided_on",
    "refile_due_on",
    "ended_on",
)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _check_order(
    row: Mapping[str, Any],
    events: list[dict[str, Any]],
    event_dates: Mapping[int, date],
    facts: Mapping[str, Any],
) -> None:
    """The steps, with their corrected dates, still follow one another in the recorded order."""
    steps = step_dates(events)
    previous: tuple[str, date] | None = None
    for event_id, action, on in steps:
        on = event_dates.get(event_id, on)
        if previous is not None and on < previous[1]:
            raise Refused(
                _(
                    "the corrected dates put {action} on {on} before {previous} on {previous_on}:"
                    " the steps must keep their order"
                ).format(
                    action=action,
                    on=on.isoformat(),
                    previous=previous[0],
                    previous_on=previous[1].isoformat(),
                ),
                _("correct the other step's date too (give --date-of more than once)"),
                rule="date-order",
            )
        previous = (action, on)


def _check_issuer(facts: Mapping[str, Any], rules: Any) -> None:
    """The recorded meeting and signature must fit the corrected issuer (the same guards)."""
    from normdocs.domain.procedure_guards import meeting_fits_issuer, principal_head_signs
    from normdocs.domain.stages import MeetingOutcome
    from normdocs.domain.steps import RecordMeeting, Sign
    from normdocs.services.procedure import state_of

    state = state_of(dict(facts))
    if facts["meeting_type"] is not None and facts["meeting_on"] is not None:
        meeting = RecordMeeting(
            facts["meeting_on"], MeetingOutcome.APPROVED, facts["meeting_type"], session="—"
        )
        _raise_first(meeting_fits_issuer(state, meeting, rules))
    if facts["signer"] is not None and facts["signed_on"] is not None:
        signature = Sign(facts["signed_on"], signer=facts["signer"])
        _raise_first(principal_head_signs(state, signature, rules))


def _raise_first(*refusals: Refused | None) -> None:
    for refusal in refusals:
        if refusal is not None:
            raise refusal


def _check_number(session: Any, facts: Mapping[str, Any], document_id: int) -> None:
    """A corrected 文号 (or issuer) passes publication's check: its 机关代字 is one of the
    issuer's codes, and no other document uses it."""
    from normdocs.domain.docnumber import parse_doc_number
    from normdocs.services.procedure import _check_number as check_publication_number

    number = facts["doc_number"]
    if number is None:
        return
    issuer = {"id": document_id, "issuer_id": facts["issuer_id"], "issuer": facts["issuer"]}
    check_publication_number(session, issuer, parse_doc_number(number).code, number)


def _derive(
    row: Mapping[str, Any], facts: dict[str, Any], named: set[str], rules: Any
) -> dict[str, Any]:
    """The facts the steps derived, derived again by the same guards and effects of the
    workflow table from the corrected ones.

    Only what depends on a corrected fact is derived again: a profile changed since the step
    does not move a deadline nobody corrected."""
    changed = set(named)
    out: dict[str, Any] = {}

    if {"review_submitted_on", "review_decided_on"} & changed and facts["review_decided_on"]:
        out.update(_derived_review({**facts, **out}, rules))
    if facts["interim"] != row["interim"]:
        changed.add("interim")
    drafted = row["origin"] == "drafted"
    if {"promulgated_on", "effective_on", "interim"} & changed and drafted:
        if facts["promulgated_on"] is not None:
            derived = _derived_publication(row, {**facts, **out}, named, rules)
            out.update(derived)
            changed |= {k for k, v in derived.items() if v != row[k]}
    elif (
        "effective_on" in named
        and facts["promulgated_on"] is not None
        and facts["effective_on"] < facts["promulgated_on"]
    ):
        raise Refused(
            _("the effective date {effective} is before publication on {on}").format(
                effective=facts["effective_on"].isoformat(),
                on=facts["promulgated_on"].isoformat(),
            ),
            _("give an effective date on or after the publication date"),
            rule="effective-before-publication",
        )
    if {"filed_on", "filing_due_on"} & changed and facts["filed_on"] is not None:
        current = {**facts, **out}
        out["filed_late"] = _derived_filing(current, current["filed_on"], Stage.PROMULGATED, rules)[
            "filed_late"
        ]
    if "filing_decided_on" in changed and facts["filing_outcome"] is not None:
        out.update(_derived_filing_decision({**facts, **out}, rules))
        changed.add("refile_due_on")
    if {"refiled_on", "refile_due_on"} & changed and facts["refiled_on"] is not None:
        current = {**facts, **out}
        out["refiled_late"] = _derived_filing(
            current, current["refiled_on"], Stage.FILING_DEFERRED, rules
        )["refiled_late"]
    return out


def _derived_review(current: Mapping[str, Any], rules: Any) -> dict[str, Any]:
    """The review's working days and late flag; refused when now too short (the same guard)."""
    from normdocs.domain.procedure_effects import review_effects
    from normdocs.domain.procedure_guards import review_long_enough
    from normdocs.domain.stages import ReviewOutcome
    from normdocs.domain.steps import DecideReview, StoreInputs
    from normdocs.services.procedure import state_of

    state = state_of(dict(current))
    step = DecideReview(
        current["review_decided_on"],
        ReviewOutcome(current["review_outcome"]),
        emergency=current["review_emergency"],
    )
    _raise_first(review_long_enough(state, step, rules))
    effects = review_effects(state, step, rules, StoreInputs())
    return {name: effects.facts[name] for name in ("review_working_days", "review_late")}


def _derived_publication(
    row: Mapping[str, Any], current: Mapping[str, Any], named: set[str], rules: Any
) -> dict[str, Any]:
    """Effective date, expiry and filing deadline from the corrected publication (the same
    guards and effects), within the year of the registration number."""
    from normdocs.domain.procedure_effects import publish_effects
    from normdocs.domain.procedure_guards import effective_after_publication, validity_allowed
    from normdocs.domain.steps import Publish, StoreInputs
    from normdocs.services.procedure import state_of

    if current["promulgated_on"].year != row["promulgated_on"].year:
        raise Refused(
            _(
                "the registration number {number} was given in {year}: a publication date"
                " in another year cannot be corrected here"
            ).format(number=row["registration_no"], year=row["promulgated_on"].year),
            _(
                "the registration number follows the year of publication: correct the"
                " date within {year}"
            ).format(year=row["promulgated_on"].year),
            rule="registration-year",
        )
    effective = current["effective_on"]
    if "effective_on" not in named and row["effective_on"] == row["promulgated_on"]:
        effective = current["promulgated_on"]  # it followed publication: it still does
    step = Publish(
        current["promulgated_on"],
        doc_number=current["doc_number"],
        effective_on=effective,
        expires_on=current["expires_on"] if current["validity_stated"] else None,
    )
    state = state_of(dict(current))
    _raise_first(
        effective_after_publication(state, step, rules), validity_allowed(state, step, rules)
    )
    derived = dict(publish_effects(state, step, rules, StoreInputs()).facts)
    derived.pop("validity_stated", None)
    if derived["effective_on"] != row["effective_on"] and row["supersedes_id"] is not None:
        # The version it amends ended that day (document.superseded): not moved here.
        raise Refused(
            _(
                "document {id} superseded document {old} on {on}: its effective date"
                " cannot be corrected here"
            ).format(id=row["id"], old=row["supersedes_id"], on=row["effective_on"]),
            _("ask the registry's keeper: both documents' records must be put right"),
            rule="supersession-recorded",
        )
    return derived


def _derived_filing(
    current: Mapping[str, Any], on: date, stage: Stage, rules: Any
) -> Mapping[str, Any]:
    """A filing's facts as the step gives them: in `stage` promulgated a first filing, in
    filing_deferred a refiling."""
    from normdocs.domain.procedure_effects import file_effects
    from normdocs.domain.steps import File, StoreInputs
    from normdocs.services.procedure import state_of

    state = state_of({**current, "stage": stage.value})
    step = File(on, materials=current["materials"])
    return file_effects(state, step, rules, StoreInputs()).facts


def _derived_filing_decision(current: Mapping[str, Any], rules: Any) -> dict[str, Any]:
    """The refiling deadline (or the revocation's end) from the corrected decision date."""
    from normdocs.domain.procedure_effects import filing_decision_effects
    from normdocs.domain.stages import FilingOutcome
    from normdocs.domain.steps import DecideFiling, StoreInputs
    from normdocs.services.procedure import state_of

    step = DecideFiling(current["filing_decided_on"], FilingOutcome(current["filing_outcome"]))
    effects = filing_decision_effects(state_of(dict(current)), step, rules, StoreInputs())
    derived = dict(effects.facts)
    derived.pop("filing_outcome", None)
    return derived


@retrying
def withdraw_document(ctx: AppContext, ref: str, *, reason: str) -> DocumentView:
    """Withdraw (撤回) a document not yet promulgated: stage withdrawn, with its history kept."""
    from normdocs.services.documents import document_view
    from normdocs.services.procedure import locked_document
    from normdocs.store.engine import transaction
    from normdocs.store.queries import document_by_id, update_document
    from normdocs.store.records import append_event
    from normdocs.store.search import forget_documents

    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(
            _("a withdrawal needs its reason"), _("give it with --reason TEXT (撤回理由)")
        )
    engine = ctx.engine()
    with transaction(engine, ctx.db) as session:
        row = locked_document(session, ref)
        if row["stage"] == Stage.WITHDRAWN.value:
            raise Refused(
                _("document {id} is already withdrawn").format(id=row["id"]),
                _("see its record with: normdocs doc history {id}").format(id=row["id"]),
                rule="withdrawn-once",
            )
        if row["stage"] not in WITHDRAWABLE or row["promulgated_on"] is not None:
            raise Refused(
                _(
                    "document {id} is promulgated ({stage}): only a document not yet promulgated"
                    " can be withdrawn"
                ).format(id=row["id"], stage=_(row["stage"])),
                _(
                    "a promulgated document ends through cleanup: normdocs cleanup decide"
                    " CAMPAIGN {id} --outcome repeal --reason TEXT"
                ).format(id=row["id"]),
                rule="withdraw-before-promulgation",
            )
        update_document(session, row["id"], {"stage": Stage.WITHDRAWN.value})
        forget_documents(session, [row["id"]])
        append_event(
            session,
            recorded_at=ctx.now(),
            actor=ctx.actor,
            action=WITHDRAWN,
            document_id=row["id"],
            on_date=ctx.today(),
            from_stage=row["stage"],
            to_stage=Stage.WITHDRAWN.value,
            details={"reason": reason},
        )
        updated = document_by_id(session, row["id"])
    assert updated is not None
    return document_view(updated, ctx.today())


def correction_summary(details: Mapping[str, Any]) -> dict[str, Any]:
    """A correction as a person reads it in `doc history`: each fact before → after, and why."""
    summary: dict[str, Any] = {}
    for name, change in (details.get("corrected") or {}).items():
        summary[name] = f"{change.get('before') or '—'} → {change.get('after') or '—'}"
    named = set(details.get("corrected") or {}) | {"issuer_id"}
    before = details.get("before") or {}
    for name, value in (details.get("after") or {}).items():
        if name not in named:
            summary[name] = f"{before.get(name, '—')} → {value if value is not None else '—'}"
    summary["reason"] = details.get("reason")
    return summary

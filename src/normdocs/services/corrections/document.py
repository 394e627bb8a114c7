"""Correcting a recorded fact of a document (更正): what is asked, what it changes on the
document, and the one `document.corrected` event.

A correction goes through the guards of the step that first recorded the fact, and the facts
that step derived from it (deadlines, late flags, validity) are derived again by the same
guards and effects of the workflow table (corrections.derive), so a corrected date gives the
deadline the step would have given."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from normdocs.domain.errors import InvalidInput, Refused
from normdocs.domain.stages import Stage
from normdocs.i18n import _
from normdocs.services.context import AppContext
from normdocs.services.corrections.checks import check_issuer, check_number, check_order
from normdocs.services.corrections.derive import derive, merged
from normdocs.services.corrections.record import Correction, record_correction
from normdocs.services.corrections.steps import DatedStep, dated_step, stating_event
from normdocs.services.readmodels import DocumentView
from normdocs.store.retry import retrying
from normdocs.store.rows import DocumentRow

if TYPE_CHECKING:  # the store's module imports SQLAlchemy: not at import time
    from normdocs.store.records import EventRow


@dataclass(frozen=True)
class _Wanted:
    """The corrections asked for, checked as far as they can be without the registry."""

    reason: str
    title: str | None
    number: str | None
    issuer: str | None
    dates: list[tuple[DatedStep, date]]


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
    from normdocs.domain.workflow import Rules
    from normdocs.services.documents import document_view
    from normdocs.services.procedure import locked_document
    from normdocs.store.engine import transaction
    from normdocs.store.queries import document_by_id
    from normdocs.store.records import document_events

    today = ctx.today()
    wanted = _wanted(reason, title, number, issuer, dates or [], today)
    rules = Rules(profile=ctx.profile, calendar=ctx.calendar, today=today)
    with transaction(ctx.engine(), ctx.db) as session:
        row = locked_document(session, ref)
        _refuse_withdrawn(row)
        events = document_events(session, row["id"])
        correction = _named_changes(ctx, session, row, events, wanted)
        check_order(events, correction.event_dates)
        try:
            if "issuer" in correction.named:
                check_issuer(correction.facts, rules)
            if "issuer" in correction.named or "doc_number" in correction.named:
                check_number(session, correction.facts)
            derived = derive(row, correction.facts, set(correction.named), rules)
        except Refused as refused:
            raise _as_correction(refused, row["id"]) from refused
        ctx.collect_calendar_warnings()
        correction.facts = merged(correction.facts, derived)
        record_correction(ctx, session, row, correction, wanted.reason, today)
        updated = document_by_id(session, row["id"])
    assert updated is not None
    return document_view(updated, today)


def _correction_hints() -> dict[str, str]:
    """The hints of the steps' own refusals that name a step's options (--emergency, --type):
    a correction has none of them, and says what it can do instead."""
    return {
        "review-minimum-days": _(
            "a correction cannot mark an emergency: correct the submission date too (give "
            "--date-of more than once), or keep the date recorded"
        ),
        "meeting-type": _(
            "the meeting recorded does not fit that issuer: check --issuer (a meeting recorded "
            "wrongly is not corrected by doc correct)"
        ),
        "signer-principal-head": _(
            "the signature recorded does not fit that issuer: check --issuer, or the issuer's "
            "head (normdocs agency update NAME --head)"
        ),
    }


def _as_correction(refused: Refused, document_id: int) -> Refused:
    """A step's refusal, as the refusal of a correction: its hint names what doc correct can do."""
    hint = _correction_hints().get(refused.rule or "")
    if hint is None:
        return refused
    return Refused(refused.message, hint, rule=refused.rule, source=refused.source)


def _wanted(
    reason: str,
    title: str | None,
    number: str | None,
    issuer: str | None,
    dates: list[tuple[str, date]],
    today: date,
) -> _Wanted:
    """The corrections asked for; refused without a reason, with nothing named, or with a
    date after today."""
    from normdocs.domain.docnumber import parse_doc_number
    from normdocs.domain.workflow import refuse_after_today

    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(
            _("a correction needs its reason"), _("give it with --reason TEXT (更正理由)")
        )
    wanted = _Wanted(
        reason=reason,
        dates=[(dated_step(name), on) for name, on in dates],
        title=_clean_title(title),
        number=str(parse_doc_number(number)) if number is not None else None,
        issuer=issuer,
    )
    if title is None and number is None and issuer is None and not wanted.dates:
        raise InvalidInput(
            _("nothing to correct"),
            _("give --title, --number, --issuer or --date-of STEP DATE"),
        )
    for _step, on in wanted.dates:
        refuse_after_today(on, today, "--date-of")
    return wanted


def _clean_title(title: str | None) -> str | None:
    if title is None:
        return None
    title = " ".join(title.split())
    if not title:
        raise InvalidInput(_("a document needs a title"), None)
    return title


def _refuse_withdrawn(row: DocumentRow) -> None:
    if row["stage"] == Stage.WITHDRAWN.value:
        raise Refused(
            _("document {id} is withdrawn: its record is kept as it was").format(id=row["id"]),
            _("see its record with: normdocs doc history {id}").format(id=row["id"]),
            rule="withdrawn-kept",
        )


def _named_changes(
    ctx: AppContext,
    session: Any,
    row: DocumentRow,
    events: Sequence["EventRow"],
    wanted: _Wanted,
) -> Correction:
    """The named facts changed on the document's row; refused when there is nothing to
    correct (a number before publication, a date never recorded, every fact already so)."""
    done = Correction(facts=row.copy())
    if wanted.title is not None and wanted.title != row["title"]:
        _correct_title(ctx, done, row, wanted.title)
    if wanted.issuer is not None:
        _correct_issuer(session, done, row, wanted.issuer)
    if wanted.number is not None and wanted.number != row["doc_number"]:
        _correct_number(done, row, wanted.number)
    _correct_dates(done, row, events, wanted.dates)
    if not done.named:
        raise Refused(
            _("document {id} already has these facts: nothing to correct").format(id=row["id"]),
            _("see it with: normdocs doc show {id}").format(id=row["id"]),
            rule="nothing-to-correct",
        )
    return done


def _correct_title(ctx: AppContext, done: Correction, row: DocumentRow, title: str) -> None:
    """A new title; 暂行/试行 in it or gone from it changes the document's interim flag."""
    from normdocs.services.documents import is_interim

    done.facts["title"] = title
    done.named["title"] = (row["title"], title)
    markers = ctx.profile.validity.interim_markers
    if is_interim(title, markers) != is_interim(row["title"], markers):
        done.facts["interim"] = is_interim(title, markers)


def _correct_issuer(session: Any, done: Correction, row: DocumentRow, name: str) -> None:
    """Another issuer, with the facts of it the procedure's guards read."""
    from normdocs.services.agencies import find_agency
    from normdocs.store.queries import co_issuer_ids

    agency = find_agency(session, name.strip())
    if agency["id"] in co_issuer_ids(session, [row["id"]]).get(row["id"], []):
        raise InvalidInput(
            _(
                "{name} is a co-issuer of document {id}; the lead issuer cannot be a co-issuer too"
            ).format(name=agency["name"], id=row["id"]),
            _("give as --issuer the body that leads the joint document, not one of its co-issuers"),
        )
    if agency["id"] != row["issuer_id"]:
        facts = done.facts
        facts["issuer_id"] = agency["id"]
        facts["issuer"] = agency["name"]
        facts["issuer_level"] = agency["level"]
        facts["issuer_head"] = agency["head"]
        facts["issuer_code"] = agency["code"]
        done.named["issuer"] = (row["issuer"], agency["name"])


def _correct_number(done: Correction, row: DocumentRow, number: str) -> None:
    """Another 文号, for a published document only (it gets its 文号 at publication)."""
    if row["promulgated_on"] is None:
        raise Refused(
            _("document {id} is not published: it gets its 文号 at publication").format(
                id=row["id"]
            ),
            _("give it with: normdocs publish {id} --number 文号").format(id=row["id"]),
            rule="number-at-publication",
        )
    done.facts["doc_number"] = number
    done.named["doc_number"] = (row["doc_number"], number)


def _correct_dates(
    done: Correction,
    row: DocumentRow,
    events: Sequence["EventRow"],
    dates: list[tuple[DatedStep, date]],
) -> None:
    """Each step's new date, and the event that stated the old one (its date is corrected in
    the record's reading, never rewritten)."""
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
            stating = stating_event(events, step) if step.action else None
            if stating is not None:
                done.event_dates[stating] = on

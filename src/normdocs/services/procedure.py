"""Running one step of the procedure: check it against the workflow table, record it, or refuse.

`advance` is the same for every step: it reads the document (locked), asks the table's guards,
gathers what the transition's `store` needs through one small hook per StoreNeed (the text
version, the filing authority, the checked 文号 and its registration number), lets the
transition's pure effects compute the new facts, writes them with the new stage, and appends
the step's event. Hooks that act (keep a revised text, end the version an amended document
replaces) run at the point their StoreNeed names. No step has a branch of its own here.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypedDict

from normdocs.domain.errors import Duplicate, Refused
from normdocs.domain.json import JSONObject
from normdocs.domain.stages import IssuerLevel, Stage, Validity
from normdocs.domain.steps import (
    Decision,
    DocumentState,
    ProcedureStep,
    Registration,
    Rules,
    StoreInputs,
)
from normdocs.domain.workflow import TRANSITIONS, StoreNeed, check, effects_of
from normdocs.i18n import _, render
from normdocs.services.context import AppContext
from normdocs.services.documents import document_view, resolve_document
from normdocs.services.readmodels import DocumentView
from normdocs.store.retry import retrying
from normdocs.store.rows import DocumentRow, DocumentValues


@dataclass
class StepResult:
    document: DocumentView
    event_id: int
    warnings: list[str] = field(default_factory=list)


def state_of(
    row: DocumentRow, last_recorded_on: date | None = None, has_text: bool = True
) -> DocumentState:
    return DocumentState(
        stage=Stage(row["stage"]),
        issuer_level=IssuerLevel(row["issuer_level"]),
        issuer_head=row["issuer_head"],
        interim=bool(row["interim"]),
        review_submitted_on=row["review_submitted_on"],
        review_decided_on=row["review_decided_on"],
        meeting_on=row["meeting_on"],
        signed_on=row["signed_on"],
        promulgated_on=row["promulgated_on"],
        filing_due_on=row["filing_due_on"],
        filed_on=row["filed_on"],
        refile_due_on=row["refile_due_on"],
        filing_decided_on=row["filing_decided_on"],
        last_recorded_on=last_recorded_on,
        has_text=has_text,
    )


def _last_step_recorded(session: Any, document_id: int) -> date | None:
    from normdocs.services.corrections import step_dates
    from normdocs.store.records import document_events

    # Each step's date as corrected (doc correct --date-of), if it was.
    dates = [on for _id, _action, on in step_dates(document_events(session, document_id))]
    return max(dates) if dates else None


def changed_meanwhile(document_id: int, stage: str) -> Refused:
    """The refusal of a step whose document another writer changed while this one waited."""
    return Refused(
        _(
            "document {id} was changed by another user meanwhile (it is now at stage {stage})"
        ).format(id=document_id, stage=_(stage)),
        _("look at it with: normdocs doc show {id}; run the step again if it still applies").format(
            id=document_id
        ),
        rule="changed-meanwhile",
    )


def locked_document(session: Any, ref: str) -> DocumentRow:
    """The document `ref`, its row locked for this transaction; refused if it changed meanwhile.

    On PostgreSQL another step of the same document may be under way: locking waits for it to
    commit, and the row read again then differs from the one found before, so this step — meant
    for the document as it was — is refused instead of being recorded a second time.
    """
    from normdocs.store.queries import lock_document

    seen = resolve_document(session, ref)
    row = lock_document(session, seen["id"])
    if row is None:  # removed meanwhile (an import undone): say so as for any unknown id
        return resolve_document(session, str(seen["id"]))
    if row != seen:
        raise changed_meanwhile(row["id"], row["stage"])
    return row


@dataclass
class _Run:
    """One step under way: what the store hooks read, and what they found for the effects."""

    ctx: AppContext
    step: ProcedureStep
    session: Any
    row: DocumentRow
    # What a hook made of the step before the registry was opened (a parsed 文号, a read file).
    prepared: dict[StoreNeed, Any] = field(default_factory=dict)


class _Gathered(TypedDict, total=False):
    """The StoreInputs fields the hooks found (domain.steps.StoreInputs)."""

    text_version: int | None
    revised_text: Mapping[str, Any] | None
    filing_authority: str | None
    registration: Registration | None


@dataclass(frozen=True)
class _Hook:
    """How the service meets one StoreNeed of the table: `prepare` before the registry is
    opened, `gather` the StoreInputs fields once the guards said yes, `applied` once the document
    row is updated (before its event), `recorded` with the event's id."""

    prepare: Callable[[AppContext, ProcedureStep], Any] | None = None
    gather: Callable[[_Run], _Gathered] | None = None
    applied: Callable[[_Run, Decision], None] | None = None
    recorded: Callable[[_Run, int], None] | None = None


@retrying
def advance(ctx: AppContext, ref: str, step: ProcedureStep) -> StepResult:
    """Apply `step` to the document `ref` in one transaction, with its event; or refuse.

    Run again from the start when it lost a race on PostgreSQL (see store.retry)."""
    from normdocs.store.engine import transaction
    from normdocs.store.queries import document_by_id, update_document
    from normdocs.store.records import append_event

    transition = TRANSITIONS[step.action]
    hooks = [_HOOKS[need] for need in sorted(transition.store)]
    # Everything that can be checked without the registry is checked before it is opened.
    prepared = {
        need: prepare(ctx, step)
        for need in sorted(transition.store)
        if (prepare := _HOOKS[need].prepare) is not None
    }
    rules = Rules(profile=ctx.profile, calendar=ctx.calendar, today=ctx.today())
    with transaction(ctx.engine(), ctx.db) as session:
        run = _Run(ctx, step, session, locked_document(session, ref), prepared)
        state = _document_state(run, transition.store)
        try:
            try:
                check(state, step, rules)
            except Refused as refused:
                raise _for_document(refused, run.row["id"]) from refused
            inputs = StoreInputs(**_gathered(run, hooks))
            decision = effects_of(transition, state, step, rules, inputs)
        finally:
            # Said even when the step is refused: a count of working days in a year outside the
            # known calendar was made on Monday to Friday.
            ctx.collect_calendar_warnings()
        document_id = run.row["id"]
        update_document(session, document_id, _new_facts(decision))
        for hook in hooks:
            if hook.applied is not None:
                hook.applied(run, decision)
        event_id = append_event(
            session,
            recorded_at=ctx.now(),
            actor=ctx.actor,
            action=step.action.value,
            document_id=document_id,
            on_date=step.on,
            from_stage=state.stage.value,
            to_stage=decision.to_stage.value,
            details=_jsonable(decision.details),
        )
        for hook in hooks:
            if hook.recorded is not None:
                hook.recorded(run, event_id)
        updated = document_by_id(session, document_id)
    assert updated is not None
    found = [*decision.warnings, *_long_before_registration(state, step, run.row)]
    for warning in found:
        ctx.warn(warning)
    warnings = [render(warning) for warning in found]
    return StepResult(document_view(updated, ctx.today()), event_id, warnings)


def _long_before_registration(
    state: DocumentState, step: ProcedureStep, row: DocumentRow
) -> list[str]:
    """A draft's first step dated more than ten years before the draft was registered: allowed
    (a draft may be registered late, a past procedure recorded afterwards), but most often a
    mistyped year (1900, 2006 for 2026)."""
    registered = row["created_at"]
    if state.stage != Stage.DRAFTING or not isinstance(registered, datetime):
        return []
    if (registered.date() - step.on).days <= 3653:
        return []
    return [
        _(
            "{action} is dated {on}, more than ten years before the draft was registered on "
            "{registered}: check the date"
        ).format(action=step.action.value, on=step.on.isoformat(), registered=registered.date())
    ]


def _for_document(refused: Refused, document_id: int) -> Refused:
    """A refusal whose hint names the commands to run (normdocs publish REF …), with REF the
    document's id: a line the clerk can copy."""
    if refused.hint is None:
        return refused
    hint = render(refused.hint)
    if "REF" not in hint:
        return refused
    return Refused(
        refused.message,
        hint.replace(" REF", f" {document_id}"),
        rule=refused.rule,
        source=refused.source,
    )


def _new_facts(decision: Decision) -> DocumentValues:
    """The document columns the step sets: the effects' facts (named as the columns are, see
    domain.procedure_effects) and the new stage."""
    return {**decision.facts, "stage": decision.to_stage.value}


def _document_state(run: _Run, needs: frozenset[StoreNeed]) -> DocumentState:
    from normdocs.store.queries import text_of

    document_id = run.row["id"]
    has_text = StoreNeed.HAS_TEXT not in needs or text_of(run.session, document_id) is not None
    return state_of(run.row, _last_step_recorded(run.session, document_id), has_text)


def _gathered(run: _Run, hooks: list[_Hook]) -> _Gathered:
    found: _Gathered = {}
    for hook in hooks:
        if hook.gather is not None:
            found.update(hook.gather(run))
    return found


# --- the store hooks, one per StoreNeed of the workflow table ------------------------------


def _text_version(run: _Run) -> _Gathered:
    """The text the review examined (its newest version), kept whatever comes after."""
    from normdocs.store.queries import next_text_version

    return {"text_version": next_text_version(run.session, run.row["id"]) - 1 or None}


def _read_revised_text(ctx: AppContext, step: ProcedureStep) -> Any:
    from normdocs.services.texts import read_given_file

    given = getattr(step, "revised_file", None)
    return read_given_file(ctx, Path(given)) if given is not None else None


def _revised_text_details(run: _Run) -> _Gathered:
    """The version a revised text becomes, as its event states it (kept once the event is)."""
    from normdocs.services.texts import text_event_details
    from normdocs.store.queries import next_text_version

    revised = run.prepared[StoreNeed.REVISED_TEXT]
    if revised is None:
        return {}
    version = next_text_version(run.session, run.row["id"])
    run.prepared[StoreNeed.REVISED_TEXT] = (revised, version)
    return {"revised_text": text_event_details(revised, version)}


def _keep_revised_text(run: _Run, event_id: int) -> None:
    from normdocs.services.texts import keep_text

    prepared = run.prepared[StoreNeed.REVISED_TEXT]
    if prepared is None:
        return
    revised, version = prepared
    keep_text(
        run.session,
        document_id=run.row["id"],
        text=revised.text,
        source_name=revised.name,
        content_hash=revised.content_hash,
        version=version,
        event_id=event_id,
        on=run.step.on,
        now=run.ctx.now(),
        original=revised.original,
    )


def _parse_number(ctx: AppContext, step: ProcedureStep) -> Any:
    from normdocs.domain.docnumber import parse_doc_number

    given = getattr(step, "doc_number", None)
    return parse_doc_number(given) if given is not None else None


def _registration(run: _Run) -> _Gathered:
    """The 文号 checked against the issuer and the registry, and the next registration number
    of the publication year."""
    from normdocs.domain.registration import registration_number
    from normdocs.store.queries import (
        documents_by_registration,
        lock_numbering,
        next_registration_seq,
    )

    number = run.prepared[StoreNeed.REGISTRATION]
    assert number is not None  # the guards refused a publication without one
    session, row, year = run.session, run.row, run.step.on.year
    text_number = str(number)
    lock_numbering(session, year)
    _check_number(session, row, number.code, text_number)
    seq = next_registration_seq(session, year)
    numbering, code = run.ctx.profile.numbering, row["issuer_code"] or ""
    registration = registration_number(numbering, year, seq, code)
    # An imported register may have recorded a number of this series (its 登记号 in 备注)
    # without a place in it: that number is taken, the next free one is given.
    while documents_by_registration(session, registration):
        seq += 1
        registration = registration_number(numbering, year, seq, code)
    return {"registration": Registration(text_number, number.year, registration, seq)}


def _filing_authority_of(run: _Run) -> _Gathered:
    given = getattr(run.step, "filed_to", None)
    return {"filing_authority": _filing_authority(run.session, run.row, given)}


def _supersede_amended(run: _Run, decision: Decision) -> None:
    if run.row["supersedes_id"] is not None:
        _supersede(run.ctx, run.session, run.row["supersedes_id"], run.row["id"], decision.facts)


_HOOKS: dict[StoreNeed, _Hook] = {
    StoreNeed.HAS_TEXT: _Hook(),  # read into the DocumentState (_document_state)
    StoreNeed.TEXT_VERSION: _Hook(gather=_text_version),
    StoreNeed.REVISED_TEXT: _Hook(
        prepare=_read_revised_text, gather=_revised_text_details, recorded=_keep_revised_text
    ),
    StoreNeed.FILING_AUTHORITY: _Hook(gather=_filing_authority_of),
    StoreNeed.REGISTRATION: _Hook(prepare=_parse_number, gather=_registration),
    StoreNeed.SUPERSESSION: _Hook(applied=_supersede_amended),
}


def _check_number(session: Any, row: DocumentRow, code: str, text_number: str) -> None:
    """The 文号's 机关代字 must be one of the issuer's codes, and the 文号 used by no other
    document of any issuer (a reference by 文号 is then never ambiguous)."""
    from normdocs.store.agency_codes import codes_of, holders_of, number_holder

    codes = codes_of(session, row["issuer_id"])
    if code not in codes:
        others = holders_of(session, [code]).get(code, [])
        if others:  # the code is another agency's: adding it here would be refused
            hint = _(
                "{code} is the code of {other}: check the number, or the document's issuer"
            ).format(code=code, other=others[0])
        else:
            hint = _(
                "check the number, or add the code: normdocs agency update {issuer} --code {all}"
            ).format(issuer=row["issuer"], all=",".join([*codes, code]))
        raise Refused(
            _(
                "the 机关代字 {code} of {number} is not a code of {issuer} (its codes: {codes})"
            ).format(
                code=code,
                number=text_number,
                issuer=row["issuer"],
                codes=", ".join(codes) or _("none"),
            ),
            hint,
            rule="doc-number-code",
        )
    holder = number_holder(session, text_number)
    if holder is not None and holder["id"] != row["id"]:
        raise Duplicate(
            _("{number} is already used by document {id} of {issuer}").format(
                number=text_number, id=holder["id"], issuer=holder["issuer"]
            ),
            _("check the number: each 文号 is used once by an issuer"),
        )


def _filing_authority(session: Any, row: DocumentRow, given: str | None) -> str | None:
    """备案机关: `file --to`, else the issuer's filing authority, else its parent's legal
    office (DESIGN §1)."""
    from normdocs.services.agencies import default_files_to
    from normdocs.store.queries import agency_by_id

    chosen = (given or "").strip()
    if chosen:
        return chosen
    issuer = agency_by_id(session, row["issuer_id"])
    assert issuer is not None
    if issuer["files_to"]:
        return str(issuer["files_to"])
    parent = agency_by_id(session, issuer["parent_id"]) if issuer["parent_id"] else None
    return default_files_to(issuer["level"], parent)


def _supersede(
    ctx: AppContext, session: Any, old_id: int, new_id: int, facts: Mapping[str, Any]
) -> None:
    """The amended version takes effect: the version it amends ends that day (superseded)."""
    from normdocs.store.queries import document_by_id, update_document
    from normdocs.store.records import append_event

    old = document_by_id(session, old_id)
    assert old is not None
    on = facts["effective_on"]
    update_document(
        session,
        old_id,
        {"ended_on": on, "end_reason": Validity.SUPERSEDED.value, "awaiting_amendment": False},
    )
    append_event(
        session,
        recorded_at=ctx.now(),
        actor=ctx.actor,
        action="document.superseded",
        document_id=old_id,
        on_date=on,
        from_stage=old["stage"],
        to_stage=old["stage"],
        details={"by_document": new_id, "by_number": facts.get("doc_number")},
    )


def _jsonable(details: Mapping[str, Any]) -> JSONObject:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in details.items()}

"""Running one step of the procedure: check it against the workflow, record it, or refuse."""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from normdocs.domain.errors import Duplicate, Refused
from normdocs.domain.stages import Action, IssuerLevel, Stage, Validity
from normdocs.domain.workflow import DocumentState, Rules, Step, decide
from normdocs.i18n import _
from normdocs.services.context import AppContext
from normdocs.services.documents import document_view, resolve_document
from normdocs.store.retry import retrying


@dataclass
class StepResult:
    document: dict[str, Any]
    event_id: int
    warnings: list[str] = field(default_factory=list)


# Events written by `advance`; others (document.create, imports) carry no procedural date.
_STEP_ACTIONS = frozenset(a.value for a in Action)


def state_of(
    row: dict[str, Any], last_recorded_on: date | None = None, has_text: bool = True
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
        ).format(id=document_id, stage=stage),
        _("look at it with: normdocs doc show {id}; run the step again if it still applies").format(
            id=document_id
        ),
        rule="changed-meanwhile",
    )


def locked_document(session: Any, ref: str) -> dict[str, Any]:
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


@retrying
def advance(
    ctx: AppContext, ref: str, step: Step, *, revised_file: Path | None = None
) -> StepResult:
    """Apply `step` to the document `ref` in one transaction, with its event; or refuse.

    Run again from the start when it lost a race on PostgreSQL (see store.retry)."""
    from normdocs.domain.docnumber import parse_doc_number
    from normdocs.domain.registration import registration_number
    from normdocs.services.texts import keep_text, read_given_file, text_event_details
    from normdocs.store.engine import transaction
    from normdocs.store.queries import (
        document_by_id,
        documents_by_registration,
        lock_numbering,
        next_registration_seq,
        next_text_version,
        text_of,
        update_document,
    )
    from normdocs.store.records import append_event

    # Everything that can be checked without the registry is checked before it is opened.
    number = parse_doc_number(step.doc_number) if step.doc_number is not None else None
    revised = read_given_file(ctx, revised_file) if revised_file is not None else None
    if revised is not None:
        step = Step(**{**step.__dict__, "revised_text": True})

    rules = Rules(profile=ctx.profile, calendar=ctx.calendar, today=ctx.today())
    engine = ctx.engine()
    with transaction(engine, ctx.db) as session:
        row = locked_document(session, ref)
        has_text = step.action != Action.SUBMIT_REVIEW or text_of(session, row["id"]) is not None
        state = state_of(row, _last_step_recorded(session, row["id"]), has_text)
        try:
            decision = decide(state, step, rules)
        finally:
            # Said even when the step is refused: a count of working days in a year outside the
            # known calendar was made on Monday to Friday.
            ctx.collect_calendar_warnings()
        facts = dict(decision.facts)
        details = dict(decision.details)

        if step.action == Action.SUBMIT_REVIEW:
            facts.update(
                review_submitted_on=step.on,
                review_decided_on=None,
                review_outcome=None,
                revision_recorded=False,
            )
        elif step.action == Action.DECIDE_REVIEW:
            facts.update(
                review_decided_on=step.on,
                review_outcome=step.outcome,
                review_emergency=step.emergency,
            )
            details.update(opinion=step.opinion, reviewer=step.reviewer)
            # The text the review examined (its newest version), kept whatever comes after.
            reviewed = next_text_version(session, row["id"]) - 1 or None
            facts["reviewed_version"] = reviewed
            details["reviewed_version"] = reviewed
        elif step.action == Action.RECORD_REVISION:
            facts["revision_recorded"] = True
            details["note"] = step.note
            if revised is not None:  # kept as a new version once the event has its id
                revised_version = next_text_version(session, row["id"])
                details.update(text_event_details(revised, revised_version))
        elif step.action == Action.RECORD_MEETING:
            details.update(meeting_type=step.meeting_type, session=step.session)
            if decision.to_stage == Stage.APPROVED:
                facts.update(meeting_on=step.on, meeting_type=step.meeting_type)
        elif step.action == Action.FILE:
            authority = _filing_authority(session, row, step.filed_to)
            refiling = bool(details.get("refiling"))
            facts["refiling_authority" if refiling else "filing_authority"] = authority
            details["filing_authority"] = authority
        elif step.action == Action.SIGN:
            # The guard compared the name without surrounding spaces; record it the same way.
            signer = (step.signer or "").strip()
            facts.update(signed_on=step.on, signer=signer)
            details["signer"] = signer
        elif step.action == Action.PUBLISH:
            assert number is not None
            text_number = str(number)
            lock_numbering(session, step.on.year)
            _check_number(session, row, number.code, text_number)
            seq = next_registration_seq(session, step.on.year)
            registration = registration_number(
                ctx.profile.numbering, step.on.year, seq, row["issuer_code"] or ""
            )
            # An imported register may have recorded a number of this series (its 登记号 in
            # 备注) without a place in it: that number is taken, the next free one is given.
            while documents_by_registration(session, registration):
                seq += 1
                registration = registration_number(
                    ctx.profile.numbering, step.on.year, seq, row["issuer_code"] or ""
                )
            facts.update(
                doc_number=text_number,
                registration_no=registration,
                registration_year=step.on.year,
                registration_seq=seq,
            )
            details.update(
                doc_number=text_number,
                registration_no=registration,
                registration_seq=seq,
                given_number=step.doc_number,
                validity_stated=facts["validity_stated"],
            )
            if number.year != step.on.year:
                decision.warnings.append(
                    _("the number's year {year} differs from the publication year {on}").format(
                        year=number.year, on=step.on.year
                    )
                )

        update_document(session, row["id"], {**facts, "stage": decision.to_stage.value})
        if step.action == Action.PUBLISH and row["supersedes_id"] is not None:
            _supersede(ctx, session, row["supersedes_id"], row["id"], facts)
        event_id = append_event(
            session,
            recorded_at=ctx.now(),
            actor=ctx.actor,
            action=step.action.value,
            document_id=row["id"],
            on_date=step.on,
            from_stage=state.stage.value,
            to_stage=decision.to_stage.value,
            details=_jsonable(details),
        )
        if step.action == Action.RECORD_REVISION and revised is not None:
            keep_text(
                session,
                document_id=row["id"],
                text=revised.text,
                source_name=revised.name,
                content_hash=revised.content_hash,
                version=revised_version,
                event_id=event_id,
                on=step.on,
                now=ctx.now(),
                original=revised.original,
            )
        updated = document_by_id(session, row["id"])
    assert updated is not None
    for warning in decision.warnings:
        ctx.warn(warning)
    return StepResult(document_view(updated, ctx.today()), event_id, decision.warnings)


def _check_number(session: Any, row: dict[str, Any], code: str, text_number: str) -> None:
    """The 文号's 机关代字 must be one of the issuer's codes, and the 文号 used by no other
    document of any issuer (a reference by 文号 is then never ambiguous)."""
    from normdocs.store.agency_codes import codes_of, number_holder

    codes = codes_of(session, row["issuer_id"])
    if code not in codes:
        raise Refused(
            _(
                "the 机关代字 {code} of {number} is not a code of {issuer} (its codes: {codes})"
            ).format(
                code=code,
                number=text_number,
                issuer=row["issuer"],
                codes=", ".join(codes) or _("none"),
            ),
            _(
                "check the number, or add the code: normdocs agency update {issuer} --code {all}"
            ).format(issuer=row["issuer"], all=",".join([*codes, code])),
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


def _filing_authority(session: Any, row: dict[str, Any], given: str | None) -> str | None:
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
    ctx: AppContext, session: Any, old_id: int, new_id: int, facts: dict[str, Any]
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


def _jsonable(details: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in details.items()}

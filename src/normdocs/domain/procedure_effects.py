"""What each allowed step of the procedure does: one pure function per step, from (document
facts, step, profile rules, what the registry said) to the facts it sets, its event's details
and its warnings.

The guards (domain.workflow) have already said yes: nothing here refuses. The keys of `details`
are what the step's event carries (domain.projection replays the row from them), in the order
the record has always shown them.
"""

from datetime import date

from normdocs.domain.document_values import DocumentValues
from normdocs.domain.json import JSONObject
from normdocs.domain.messages import _
from normdocs.domain.stages import FilingOutcome, MeetingOutcome, Stage, Validity
from normdocs.domain.steps import (
    DecideFiling,
    DecideReview,
    DocumentState,
    Effects,
    File,
    Publish,
    RecordMeeting,
    RecordRevision,
    Rules,
    Sign,
    StoreInputs,
    SubmitReview,
)
from normdocs.domain.validity import expiry_after


def submit_effects(
    state: DocumentState, step: SubmitReview, rules: Rules, inputs: StoreInputs
) -> Effects:
    """A (re)submitted draft starts a new review: the previous decision no longer holds."""
    return Effects(
        facts={
            "review_submitted_on": step.on,
            "review_decided_on": None,
            "review_outcome": None,
            "revision_recorded": False,
        }
    )


def review_working_days(state: DocumentState, on: date, rules: Rules) -> int:
    """Working days after the day of submission up to and including the day of decision."""
    submitted = state.review_submitted_on
    assert submitted is not None  # every path through under_review sets it
    return rules.calendar.working_days_between(submitted, on)


def review_effects(
    state: DocumentState, step: DecideReview, rules: Rules, inputs: StoreInputs
) -> Effects:
    """The review's length, late beyond the profile's maximum, and the text it examined."""
    days = review_working_days(state, step.on, rules)
    limits = rules.profile.review
    late = days > limits.max_working_days
    warnings = []
    if late:
        warnings.append(
            _(
                "the legality review took {days} working days, more than {max} ({source});"
                " recorded as late"
            ).format(days=days, max=limits.max_working_days, source=limits.source)
        )
    return Effects(
        facts={
            "review_working_days": days,
            "review_late": late,
            "review_decided_on": step.on,
            "review_outcome": str(step.outcome),
            "review_emergency": step.emergency,
            "reviewed_version": inputs.text_version,
        },
        details={
            "working_days": days,
            "emergency": step.emergency,
            "late": late,
            "opinion": step.opinion,
            "reviewer": step.reviewer,
            "reviewed_version": inputs.text_version,
        },
        warnings=tuple(warnings),
    )


def revision_effects(
    state: DocumentState, step: RecordRevision, rules: Rules, inputs: StoreInputs
) -> Effects:
    return Effects(
        facts={"revision_recorded": True},
        details={
            "adopted": not step.not_adopted,
            "revised_text": step.revised_text,
            "note": step.note,
            **(inputs.revised_text or {}),
        },
    )


def meeting_effects(
    state: DocumentState, step: RecordMeeting, rules: Rules, inputs: StoreInputs
) -> Effects:
    """Only an approving meeting is the document's deliberation (a deferral is recorded only)."""
    meeting_type = str(step.meeting_type)
    approved = step.outcome == MeetingOutcome.APPROVED
    return Effects(
        facts={"meeting_on": step.on, "meeting_type": meeting_type} if approved else {},
        details={"meeting_type": meeting_type, "session": step.session},
    )


def sign_effects(state: DocumentState, step: Sign, rules: Rules, inputs: StoreInputs) -> Effects:
    # The guard compared the name without surrounding spaces; it is recorded the same way.
    signer = (step.signer or "").strip()
    return Effects(facts={"signed_on": step.on, "signer": signer}, details={"signer": signer})


def promulgation_dates(state: DocumentState, step: Publish, rules: Rules) -> tuple[date, date]:
    """(effective date, last day in force): as the document states them, else the profile's
    validity (shorter for 暂行/试行) from the effective date."""
    effective = step.effective_on or step.on
    if step.validity_years is not None:
        return effective, expiry_after(effective, step.validity_years)
    if step.expires_on is not None:
        return effective, step.expires_on
    validity = rules.profile.validity
    return effective, expiry_after(
        effective, validity.interim_years if state.interim else validity.default_years
    )


def publish_effects(
    state: DocumentState, step: Publish, rules: Rules, inputs: StoreInputs
) -> Effects:
    """Dates, validity and the filing deadline; the 文号 and registration number the registry
    gave (none in a check without the registry)."""
    effective, expires = promulgation_dates(state, step, rules)
    filing = rules.profile.filing
    due = rules.calendar.add_days(step.on, filing.deadline_days, filing.deadline_unit)
    stated = step.expires_on is not None or step.validity_years is not None
    facts: DocumentValues = {
        "promulgated_on": step.on,
        "effective_on": effective,
        "expires_on": expires,
        "validity_stated": stated,
        "filing_due_on": due,
    }
    details: JSONObject = {
        "effective_on": effective,
        "expires_on": expires,
        "filing_due_on": due,
    }
    warnings = []
    given = inputs.registration
    if given is not None:
        facts.update(
            {
                "doc_number": given.doc_number,
                "registration_no": given.registration_no,
                "registration_year": step.on.year,
                "registration_seq": given.seq,
            }
        )
        details.update(
            doc_number=given.doc_number,
            registration_no=given.registration_no,
            registration_seq=given.seq,
            given_number=step.doc_number,
            validity_stated=stated,
        )
        if given.number_year != step.on.year:
            warnings.append(
                _("the number's year {year} differs from the publication year {on}").format(
                    year=given.number_year, on=step.on.year
                )
            )
    return Effects(facts=facts, details=details, warnings=tuple(warnings))


def is_refiling(state: DocumentState) -> bool:
    """A filing after 暂缓备案 or 建议自行纠正 is a refiling, recorded beside the first."""
    return state.stage in (Stage.FILING_DEFERRED, Stage.CORRECTION_REQUIRED)


def file_effects(state: DocumentState, step: File, rules: Rules, inputs: StoreInputs) -> Effects:
    """Late against the filing deadline, or a refiling's; the first filing is what 及时率 and
    规范率 count."""
    refiling = is_refiling(state)
    due = state.refile_due_on if refiling else state.filing_due_on
    late = due is not None and step.on > due
    materials = str(step.materials)
    authority = inputs.filing_authority
    facts: DocumentValues
    if refiling:
        facts = {"refiled_on": step.on, "refiled_late": late, "refiling_authority": authority}
    else:
        facts = {
            "filed_on": step.on,
            "filed_late": late,
            "materials": materials,
            "filing_authority": authority,
        }
    warnings = []
    if late and due is not None:
        warnings.append(
            _("filed on {on}, after the deadline {due} ({source}); recorded as late").format(
                on=step.on.isoformat(), due=due.isoformat(), source=rules.profile.filing.source
            )
        )
    details = {
        "due_on": due,
        "late": late,
        "refiling": refiling,
        "materials": materials,
        "filed_to": step.filed_to,
        "filing_authority": authority,
    }
    return Effects(facts=facts, details=details, warnings=tuple(warnings))


def filing_decision_effects(
    state: DocumentState, step: DecideFiling, rules: Rules, inputs: StoreInputs
) -> Effects:
    """A deferral or a correction request sets the refiling deadline; a revocation ends the
    document that day."""
    filing = rules.profile.filing
    facts: DocumentValues = {
        "filing_outcome": str(step.outcome),
        "filing_decided_on": step.on,
        "refile_due_on": None,
    }
    details: JSONObject = {}
    if step.outcome == FilingOutcome.DEFERRED:
        due = rules.calendar.add_days(step.on, filing.deferred_refile_days, "calendar")
        facts["refile_due_on"] = details["refile_due_on"] = due
    elif step.outcome == FilingOutcome.CORRECTION:
        due = rules.calendar.add_days(step.on, filing.correction_days, "calendar")
        facts["refile_due_on"] = details["correction_due_on"] = due
    elif step.outcome == FilingOutcome.REVOKED:
        facts.update({"ended_on": step.on, "end_reason": Validity.REVOKED.value})
    details["note"] = step.note
    return Effects(facts=facts, details=details)

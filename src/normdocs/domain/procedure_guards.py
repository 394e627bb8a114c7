"""The procedure's guards: each looks at a frozen snapshot of the document and the step and
returns a refusal that names the rule and its source, or None. A guard computes nothing the step
records (that is domain.procedure_effects); which guards a step has is the table's
(domain.workflow). Also here: the refusals of a step asked for too early, and the sources they
cite.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from normdocs.domain import procedure_effects as fx
from normdocs.domain.errors import Refused
from normdocs.domain.messages import Msg, Text, _, joined
from normdocs.domain.stages import IssuerLevel
from normdocs.domain.steps import DocumentState, Rules
from normdocs.domain.validity import expiry_after

SRC_REVIEW_BEFORE_DELIBERATION = "国办发〔2018〕115号 §(七); 国办发〔2018〕37号 §(六)"
SRC_SIGNATURE = "国办发〔2018〕37号 §(六)"
SRC_PUBLICATION = "国办发〔2018〕37号 §(七)"
SRC_VALIDITY = "国办发〔2018〕37号 §(十六)"
SRC_ORDER = "国办发〔2018〕37号"

# A guard receives the payload type of its own transition (the table pairs them).
Guard = Callable[[DocumentState, Any, Rules], Refused | None]


def _refuse(message: Text, hint: Text | None, rule: str, source: str | None) -> Refused:
    return Refused(message, hint, rule=rule, source=source)


# --- guards -------------------------------------------------------------------------------


def refuse_after_today(on: date, today: date, option: str = "--date") -> None:
    """A fact is recorded once it has happened: a day after today is refused (any step, a
    meeting, a signature, a cleanup decision, a law's promulgation)."""
    if on > today:
        raise _refuse(
            _(
                "the date {on} is after today ({today}): a step is recorded once it has happened"
            ).format(on=on.isoformat(), today=today.isoformat()),
            _(
                "give the day it happened with {option}; to record past work as of another day,"
                " set NORMDOCS_TODAY"
            ).format(option=option),
            "date-after-today",
            None,
        )


def _date_not_after_today(state: DocumentState, step: Any, rules: Rules) -> Refused | None:
    if rules.today is not None:
        try:
            refuse_after_today(step.on, rules.today)
        except Refused as refusal:
            return refusal
    return None


def _date_not_before_previous(state: DocumentState, step: Any, rules: Rules) -> Refused | None:
    previous = state.last_step_on
    if previous is not None and step.on < previous:
        return _refuse(
            _("the date {on} is before the document's previous step on {previous}").format(
                on=step.on.isoformat(), previous=previous.isoformat()
            ),
            _("give the real date of this step with --date"),
            "date-order",
            None,
        )
    return None


def text_to_review(state: DocumentState, step: Any, rules: Rules) -> Refused | None:
    if state.has_text:
        return None
    return _refuse(
        _("the draft has no text: there is nothing to review"),
        _("give its text with: normdocs doc new --file PATH; or normdocs doc text REF --file PATH"),
        "review-needs-text",
        None,
    )


def review_long_enough(state: DocumentState, step: Any, rules: Rules) -> Refused | None:
    """At least the profile's minimum of working days, unless marked an emergency."""
    days = fx.review_working_days(state, step.on, rules)
    limits = rules.profile.review
    if days >= limits.min_working_days or step.emergency:
        return None
    assert state.review_submitted_on is not None
    return _refuse(
        _(
            "the legality review took {days} working days ({start} to {end}); at least {min}"
            " are required ({source})"
        ).format(
            days=days,
            start=state.review_submitted_on.isoformat(),
            end=step.on.isoformat(),
            min=limits.min_working_days,
            source=limits.source,
        ),
        _("wait until the minimum has passed, or mark a real emergency with --emergency"),
        "review-minimum-days",
        limits.source,
    )


def opinion_given(state: DocumentState, step: Any, rules: Rules) -> Refused | None:
    if (step.opinion or "").strip():
        return None
    return _refuse(
        _("a review decision needs the written review opinion"),
        _("give it with --opinion TEXT"),
        "review-opinion",
        None,
    )


def revision_recorded(state: DocumentState, step: Any, rules: Rules) -> Refused | None:
    note = (step.note or "").strip()
    if step.not_adopted and not note:
        return _refuse(
            _("not adopting the review opinion needs a written reason"),
            _("give the reason with --note TEXT"),
            "revision-reason",
            SRC_REVIEW_BEFORE_DELIBERATION,
        )
    if not step.revised_text and not note:
        return _refuse(
            _("a revision must be recorded: the revised text, or a note of what was changed"),
            _(
                "use --file PATH with the revised text, or --note TEXT (or --not-adopted --note"
                " REASON)"
            ),
            "revision-record",
            SRC_REVIEW_BEFORE_DELIBERATION,
        )
    return None


def meeting_fits_issuer(state: DocumentState, step: Any, rules: Rules) -> Refused | None:
    """The meeting type fits the issuer's level, and the session is named."""
    meetings = rules.profile.meetings
    government = state.issuer_level == IssuerLevel.GOVERNMENT
    allowed = meetings.government if government else meetings.department
    if step.meeting_type not in allowed:
        return _refuse(
            _(
                "a {level} document is deliberated at a {allowed} meeting, not at a {given} meeting"
                " ({source})"
            ).format(
                level=_(state.issuer_level.value),
                allowed=joined(" / ", (_(m) for m in allowed)),
                given=_(str(step.meeting_type or "?")),
                source=meetings.source,
            ),
            # What the clerk may type: the meeting's words in the interface language.
            _("use --type {allowed}").format(allowed=joined("|", (_(m) for m in allowed))),
            "meeting-type",
            meetings.source,
        )
    if not (step.session or "").strip():
        return _refuse(
            _("a meeting record needs the session (e.g. 第56次常务会议)"),
            _("give it with --session TEXT"),
            "meeting-session",
            None,
        )
    return None


def principal_head_signs(state: DocumentState, step: Any, rules: Rules) -> Refused | None:
    """Only the issuer's principal head signs."""
    if not state.issuer_head:
        return _refuse(
            _("the issuer has no principal head recorded, so nobody may sign yet"),
            _("record the head with: normdocs agency update ISSUER --head NAME"),
            "signer-unknown",
            SRC_SIGNATURE,
        )
    if (step.signer or "").strip() != state.issuer_head:
        return _refuse(
            _("only the issuer's principal head ({head}) may sign, not {signer} ({source})").format(
                head=state.issuer_head, signer=step.signer, source=SRC_SIGNATURE
            ),
            _("sign with --signer {head}, or update the head with normdocs agency update").format(
                head=state.issuer_head
            ),
            "signer-principal-head",
            SRC_SIGNATURE,
        )
    return None


def doc_number_given(state: DocumentState, step: Any, rules: Rules) -> Refused | None:
    if (step.doc_number or "").strip():
        return None
    return _refuse(
        _("promulgation gives the document its 发文字号, and none was given ({source})").format(
            source=SRC_PUBLICATION
        ),
        _("give it with --number, e.g. 元政办字〔2018〕101号"),
        "publication-needs-number",
        SRC_PUBLICATION,
    )


def number_year_not_after_publication(
    state: DocumentState, step: Any, rules: Rules
) -> Refused | None:
    """A 文号 is given when the document is issued: its year cannot be after the year it is
    published in (an earlier year happens: numbered in December, published in January)."""
    from normdocs.domain.docnumber import parse_doc_number
    from normdocs.domain.errors import InvalidInput

    try:
        number = parse_doc_number(step.doc_number or "")
    except InvalidInput:
        return None  # the number's own check says what is wrong with it
    return number_year_refusal(number.year, step.on)


def number_year_refusal(year: int, published_on: date) -> Refused | None:
    """The refusal of a 文号 whose year is after the publication's (publish, doc correct)."""
    if year <= published_on.year:
        return None
    return _refuse(
        _("the 文号's year {year} is after the publication on {on}").format(
            year=year, on=published_on.isoformat()
        ),
        _("check the year in the 文号, or the publication date"),
        "doc-number-year",
        SRC_PUBLICATION,
    )


def effective_after_publication(state: DocumentState, step: Any, rules: Rules) -> Refused | None:
    """An unpublished document cannot be applied: it takes effect on publication or later."""
    effective = step.effective_on or step.on
    if effective >= step.on:
        return None
    return _refuse(
        _(
            "the effective date {effective} is before publication on {on}: an unpublished"
            " document cannot be applied ({source})"
        ).format(effective=effective.isoformat(), on=step.on.isoformat(), source=SRC_PUBLICATION),
        _("give --effective on or after the publication date"),
        "effective-before-publication",
        SRC_PUBLICATION,
    )


def validity_allowed(state: DocumentState, step: Any, rules: Rules) -> Refused | None:
    """A stated validity is given one way, and is no longer than the profile allows."""
    validity = rules.profile.validity
    max_years = validity.interim_years if state.interim else validity.default_years
    if step.expires_on is not None and step.validity_years is not None:
        return _refuse(
            _("give either --expires or --validity-years, not both"),
            None,
            "validity-ambiguous",
            None,
        )
    if step.validity_years is not None and not 1 <= step.validity_years <= max_years:
        return _refuse(
            _("a validity of {years} years is not allowed: at most {max} ({source})").format(
                years=step.validity_years, max=max_years, source=SRC_VALIDITY
            ),
            _("give --validity-years between 1 and {max}").format(max=max_years),
            "validity-too-long",
            SRC_VALIDITY,
        )
    if step.expires_on is None:
        return None
    effective = step.effective_on or step.on
    latest = expiry_after(effective, max_years)
    if effective < step.expires_on <= latest:
        return None
    return _refuse(
        _(
            "the expiry {expires} must fall after {effective} and no later than {latest}"
            " ({max} years, {source})"
        ).format(
            expires=step.expires_on.isoformat(),
            effective=effective.isoformat(),
            latest=latest.isoformat(),
            max=max_years,
            source=SRC_VALIDITY,
        ),
        _("give an --expires date within that range"),
        "validity-too-long",
        SRC_VALIDITY,
    )


# Every step, before its own guards: no date after today, none before the previous step.
COMMON_GUARDS: tuple[Guard, ...] = (_date_not_after_today, _date_not_before_previous)


# --- what must come first -----------------------------------------------------------------


def not_reviewed() -> Msg:
    return _(
        "a document that has not passed legality review may not go to deliberation ({source})"
    ).format(source=SRC_REVIEW_BEFORE_DELIBERATION)


def revision_missing() -> Msg:
    return _(
        "the review opinion asks for revision: record the revision, or the reason for not"
        " adopting it, before deliberation ({source})"
    ).format(source=SRC_REVIEW_BEFORE_DELIBERATION)


def not_approved() -> Msg:
    return _("only a document approved at a meeting may be signed ({source})").format(
        source=SRC_SIGNATURE
    )


def not_signed() -> Msg:
    return _("only a document signed by the principal head may be published ({source})").format(
        source=SRC_SIGNATURE
    )


def not_published() -> Msg:
    return _("a document is filed only after it has been published ({source})").format(
        source=SRC_PUBLICATION
    )

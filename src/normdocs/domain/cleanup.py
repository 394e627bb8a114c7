"""Cleanup (清理) rules: campaign kinds, the four outcomes, and what an outcome does to a document."""

from dataclasses import dataclass, field
from datetime import date

# The choices and their words live in a module the CLI can import cheaply; kept importable here.
from normdocs.domain.cleanup_choices import KIND_LABELS_ZH as KIND_LABELS_ZH
from normdocs.domain.cleanup_choices import OUTCOME_LABELS_ZH as OUTCOME_LABELS_ZH
from normdocs.domain.cleanup_choices import OUTCOME_WORDS_ZH as OUTCOME_WORDS_ZH
from normdocs.domain.cleanup_choices import CampaignKind as CampaignKind
from normdocs.domain.cleanup_choices import CampaignStatus as CampaignStatus
from normdocs.domain.cleanup_choices import Outcome as Outcome
from normdocs.domain.document_values import DocumentValues
from normdocs.domain.errors import InvalidInput, Refused
from normdocs.domain.messages import Msg, _
from normdocs.domain.profile import ValidityRules
from normdocs.domain.stages import Validity
from normdocs.domain.validity import ENDING_VALIDITIES, expiry_after
from normdocs.domain.workflow import SRC_VALIDITY

SRC_CLEANUP = "国办发〔2018〕37号"


_OUTCOME_WORDS = {word: outcome for outcome, words in OUTCOME_WORDS_ZH.items() for word in words}
# An outcome that ends the document, and the validity it ends with.
ENDING_OUTCOMES = {Outcome.REPEAL: Validity.REPEALED, Outcome.INVALIDATE: Validity.INVALIDATED}


def parse_outcome(text: str) -> Outcome:
    """retain|amend|repeal|invalidate, or the Chinese words of published cleanup results."""
    cleaned = "".join(text.split()).lower()
    for outcome in Outcome:
        if cleaned == outcome.value:
            return outcome
    word = cleaned.removeprefix("予以").removeprefix("宣布").removeprefix("予以")
    if word in _OUTCOME_WORDS:
        return _OUTCOME_WORDS[word]
    raise InvalidInput(
        _("unknown cleanup outcome “{text}”").format(text=text.strip()),
        _("choose retain (继续有效), amend (修订), repeal (废止) or invalidate (宣布失效)"),
    )


def parse_kind(text: str) -> CampaignKind:
    try:
        return CampaignKind(text.strip().lower())
    except ValueError:
        raise InvalidInput(
            _("unknown campaign kind “{text}”").format(text=text.strip()),
            _("use --kind periodic (定期清理) or --kind instant (即时清理)"),
        ) from None


@dataclass(frozen=True)
class DocumentFacts:
    """What a cleanup decision reads of a document, and the columns closing may change."""

    id: int
    promulgated_on: date | None
    effective_on: date | None
    expires_on: date | None
    ended_on: date | None
    end_reason: str | None
    interim: bool
    awaiting_amendment: bool = False


@dataclass(frozen=True)
class CleanupDecision:
    outcome: Outcome
    reason: str
    effective_on: date
    new_expires_on: date | None = None


@dataclass
class OutcomeEffect:
    """The document's new facts after closing, and what the record should say about them."""

    changes: DocumentValues = field(default_factory=DocumentValues)
    notes: list[str] = field(default_factory=list)


def latest_new_expiry(facts: DocumentFacts, effective_on: date, rules: ValidityRules) -> date:
    """The latest expiry a retaining decision may set: the profile's maximum validity (2 years for
    暂行/试行, else 5) counted from the day the decision takes effect."""
    years = rules.interim_years if facts.interim else rules.default_years
    return expiry_after(effective_on, years)


def check_decision_input(decision: CleanupDecision) -> None:
    """What can be refused without looking at the document: no reason, a misplaced --expires."""
    if not decision.reason.strip():
        raise InvalidInput(
            _("a cleanup decision needs a reason"),
            _("give --reason, e.g. --reason “上位法已修改”"),
        )
    if decision.new_expires_on is not None and decision.outcome != Outcome.RETAIN:
        raise InvalidInput(
            _(
                "--expires sets the new expiry of a retained document, not of one to {outcome}"
            ).format(outcome=decision.outcome.value),
            _("drop --expires, or decide --outcome retain"),
        )


def check_decision(
    facts: DocumentFacts, decision: CleanupDecision, rules: ValidityRules
) -> list[Msg]:
    """Refuse a decision that cannot be applied; return warnings for one that is unusual."""
    check_decision_input(decision)
    if facts.promulgated_on is None:
        raise Refused(
            _("document {id} has not been promulgated: there is nothing to clean up").format(
                id=facts.id
            ),
            _("a cleanup decides on documents in force"),
            rule="cleanup-not-promulgated",
            source=SRC_CLEANUP,
        )
    if decision.effective_on < facts.promulgated_on:
        raise Refused(
            _(
                "the decision cannot take effect on {on}, before document {id} was promulgated"
                " on {promulgated}"
            ).format(
                on=decision.effective_on.isoformat(),
                id=facts.id,
                promulgated=facts.promulgated_on.isoformat(),
            ),
            _("give --date on or after {promulgated}").format(
                promulgated=facts.promulgated_on.isoformat()
            ),
            rule="cleanup-before-promulgation",
            source=SRC_CLEANUP,
        )
    if decision.new_expires_on is not None:
        latest = latest_new_expiry(facts, decision.effective_on, rules)
        if not decision.effective_on < decision.new_expires_on <= latest:
            raise Refused(
                _(
                    "the new expiry {expires} must fall after {on} and no later than {latest}"
                    " ({years} years from the decision, {source})"
                ).format(
                    expires=decision.new_expires_on.isoformat(),
                    on=decision.effective_on.isoformat(),
                    latest=latest.isoformat(),
                    years=rules.interim_years if facts.interim else rules.default_years,
                    source=SRC_VALIDITY,
                ),
                _("give an --expires date within that range"),
                rule="validity-too-long",
                source=SRC_VALIDITY,
            )
    warnings: list[Msg] = []
    ended = _ended_by(facts, decision.effective_on)
    if ended is not None:
        warnings.append(
            _(
                "document {id} already ended ({reason}) on {on}: closing will only record that it"
                " was cleaned up"
            ).format(id=facts.id, reason=ended.value, on=_iso(facts.ended_on))
        )
    return warnings


def apply_outcome(
    facts: DocumentFacts, decision: CleanupDecision, closed_on: date
) -> OutcomeEffect:
    """The document's facts after the campaign closes with `decision`.

    Every decided document records the cleanup date. Repeal and invalidation end the document on
    the decision's date (its validity is derived from that), unless it already ended on or before
    that day: the earliest ending stands. Amendment keeps it in force, awaiting its amended
    version. Retention may give it a new expiry, which is then a stated validity.
    """
    effect = OutcomeEffect(changes={"last_cleanup_on": closed_on})
    already = _ended_by(facts, decision.effective_on)
    if already is not None:
        effect.notes.append(f"already_{already.value}")
        return effect
    ending = ENDING_OUTCOMES.get(decision.outcome)
    if ending is not None:
        effect.changes.update(
            {
                "ended_on": decision.effective_on,
                "end_reason": ending.value,
                "awaiting_amendment": False,
            }
        )
    elif decision.outcome == Outcome.AMEND:
        effect.changes["awaiting_amendment"] = True
    else:
        effect.changes["awaiting_amendment"] = False
        if decision.new_expires_on is not None:
            effect.changes.update({"expires_on": decision.new_expires_on, "validity_stated": True})
    return effect


def _ended_by(facts: DocumentFacts, on: date) -> Validity | None:
    """The validity the document ended with on or before `on`, if it has ended by then."""
    if facts.ended_on is None or facts.end_reason is None or facts.ended_on > on:
        return None
    try:
        reason = Validity(facts.end_reason)
    except ValueError:
        return None
    return reason if reason in ENDING_VALIDITIES else None


def _iso(day: date | None) -> str:
    return day.isoformat() if day else "—"

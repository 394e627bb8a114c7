"""What a correction recomputes: the facts the steps derived from a corrected one (deadlines,
late flags, validity), derived again by the same guards and effects of the workflow table."""

from datetime import date
from typing import TYPE_CHECKING, cast

from normdocs.domain.errors import Refused
from normdocs.domain.stages import Stage
from normdocs.i18n import _
from normdocs.services.corrections.checks import raise_first
from normdocs.store.rows import DocumentRow, DocumentValues

if TYPE_CHECKING:
    from normdocs.domain.steps import Rules


def merged(facts: DocumentRow, values: DocumentValues) -> DocumentRow:
    """The document's facts with `values` written over them."""
    return cast(DocumentRow, {**facts, **values})


def derive(row: DocumentRow, facts: DocumentRow, named: set[str], rules: "Rules") -> DocumentValues:
    """The facts the steps derived, derived again from the corrected ones (`facts`; `named`:
    the facts the user corrected).

    Only what depends on a corrected fact is derived again: a profile changed since the step
    does not move a deadline nobody corrected."""
    changed = set(named)
    out: DocumentValues = {}

    if {"review_submitted_on", "review_decided_on"} & changed and facts["review_decided_on"]:
        out.update(_derived_review(merged(facts, out), rules))
    if facts["interim"] != row["interim"]:
        changed.add("interim")
    drafted = row["origin"] == "drafted"
    if {"promulgated_on", "effective_on", "interim"} & changed and drafted:
        if facts["promulgated_on"] is not None:
            derived = _derived_publication(row, merged(facts, out), named, rules)
            out.update(derived)
            changed |= {k for k, v in derived.items() if v != row.get(k)}
    else:
        if "effective_on" in named:
            _refuse_effective_before_publication(facts)
        if {"promulgated_on", "effective_on", "interim"} & changed:
            out.update(_derived_default_expiry(row, merged(facts, out), rules))
    if {"filed_on", "filing_due_on"} & changed and facts["filed_on"] is not None:
        current = merged(facts, out)
        out["filed_late"] = _late_filing(current, facts["filed_on"], Stage.PROMULGATED, rules)
    if "filing_decided_on" in changed and facts["filing_outcome"] is not None:
        out.update(_derived_filing_decision(merged(facts, out), rules))
        changed.add("refile_due_on")
    if {"refiled_on", "refile_due_on"} & changed and facts["refiled_on"] is not None:
        current = merged(facts, out)
        out["refiled_late"] = _late_filing(
            current, facts["refiled_on"], Stage.FILING_DEFERRED, rules
        )
    return out


def _default_expiry(facts: DocumentRow, rules: "Rules") -> date | None:
    """The expiry an imported document stating no validity was given (domain.extract.validity:
    the profile's years from the effective date, none before default_applies_from)."""
    from normdocs.domain.validity import expiry_after

    published, validity = facts["promulgated_on"], rules.profile.validity
    if published is None or published < validity.default_applies_from:
        return None
    years = validity.interim_years if facts["interim"] else validity.default_years
    return expiry_after(facts["effective_on"] or published, years)


def _derived_default_expiry(
    row: DocumentRow, current: DocumentRow, rules: "Rules"
) -> DocumentValues:
    """An imported document's default expiry, derived again from its corrected dates: only
    when the stored one is the default of the dates as they were (not a stated validity, a
    register's 有效 that removed it, nor one renewed by a cleanup)."""
    if row["validity_stated"] or row["expires_on"] is None:
        return {}
    if row["expires_on"] != _default_expiry(row, rules):
        return {}
    return {"expires_on": _default_expiry(current, rules)}


def _refuse_effective_before_publication(facts: DocumentRow) -> None:
    """A document the registry did not draft: its corrected effective date is only checked
    against its publication."""
    published, effective = facts["promulgated_on"], facts["effective_on"]
    if published is not None and effective is not None and effective < published:
        raise Refused(
            _("the effective date {effective} is before publication on {on}").format(
                effective=effective.isoformat(), on=published.isoformat()
            ),
            _("give an effective date on or after the publication date"),
            rule="effective-before-publication",
        )


def _derived_review(current: DocumentRow, rules: "Rules") -> DocumentValues:
    """The review's working days and late flag; refused when now too short (the same guard)."""
    from normdocs.domain.procedure_effects import review_effects
    from normdocs.domain.procedure_guards import review_long_enough
    from normdocs.domain.stages import ReviewOutcome
    from normdocs.domain.steps import DecideReview, StoreInputs
    from normdocs.services.procedure import state_of

    decided_on, outcome = current["review_decided_on"], current["review_outcome"]
    assert decided_on is not None and outcome is not None  # derived only for a decided review
    state = state_of(current)
    step = DecideReview(
        decided_on,
        ReviewOutcome(outcome),
        emergency=current["review_emergency"],
    )
    raise_first(review_long_enough(state, step, rules))
    effects = review_effects(state, step, rules, StoreInputs())
    return {
        "review_working_days": effects.facts["review_working_days"],
        "review_late": effects.facts["review_late"],
    }


def _derived_publication(
    row: DocumentRow, current: DocumentRow, named: set[str], rules: "Rules"
) -> DocumentValues:
    """Effective date, expiry and filing deadline from the corrected publication (the same
    guards and effects), within the year of the registration number."""
    from normdocs.domain.procedure_effects import publish_effects
    from normdocs.domain.procedure_guards import effective_after_publication, validity_allowed
    from normdocs.domain.steps import Publish, StoreInputs
    from normdocs.services.procedure import state_of

    published, was_published = current["promulgated_on"], row["promulgated_on"]
    # Derived only for a published document; a publication date is corrected, never added.
    assert published is not None and was_published is not None
    if published.year != was_published.year:
        raise Refused(
            _(
                "the registration number {number} was given in {year}: a publication date"
                " in another year cannot be corrected here"
            ).format(number=row["registration_no"], year=was_published.year),
            _(
                "the registration number follows the year of publication: correct the"
                " date within {year}"
            ).format(year=was_published.year),
            rule="registration-year",
        )
    effective = current["effective_on"]
    if "effective_on" not in named and row["effective_on"] == was_published:
        effective = published  # it followed publication: it still does
    step = Publish(
        published,
        doc_number=current["doc_number"],
        effective_on=effective,
        expires_on=current["expires_on"] if current["validity_stated"] else None,
    )
    state = state_of(current)
    raise_first(
        effective_after_publication(state, step, rules), validity_allowed(state, step, rules)
    )
    # The domain's effects name the document's columns they set (it cannot import the store).
    derived = DocumentValues(**publish_effects(state, step, rules, StoreInputs()).facts)
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


def _late_filing(current: DocumentRow, on: date, stage: Stage, rules: "Rules") -> bool:
    """Whether a filing on `on` is late, as the step says: in `stage` promulgated a first
    filing, in filing_deferred a refiling."""
    from normdocs.domain.procedure_effects import file_effects
    from normdocs.domain.steps import File, StoreInputs
    from normdocs.services.procedure import state_of

    state = state_of(merged(current, {"stage": stage.value}))
    # Only the late flag is read: the materials filed do not count for it.
    facts = file_effects(state, File(on), rules, StoreInputs()).facts
    return bool(facts["refiled_late" if stage == Stage.FILING_DEFERRED else "filed_late"])


def _derived_filing_decision(current: DocumentRow, rules: "Rules") -> DocumentValues:
    """The refiling deadline (or the revocation's end) from the corrected decision date."""
    from normdocs.domain.procedure_effects import filing_decision_effects
    from normdocs.domain.stages import FilingOutcome
    from normdocs.domain.steps import DecideFiling, StoreInputs
    from normdocs.services.procedure import state_of

    decided_on, outcome = current["filing_decided_on"], current["filing_outcome"]
    assert decided_on is not None and outcome is not None  # derived only for a decided filing
    step = DecideFiling(decided_on, FilingOutcome(outcome))
    effects = filing_decision_effects(state_of(current), step, rules, StoreInputs())
    # The domain's effects name the document's columns they set (it cannot import the store).
    derived = DocumentValues(**effects.facts)
    derived.pop("filing_outcome", None)
    return derived

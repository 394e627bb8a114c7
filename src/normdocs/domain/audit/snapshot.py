"""What the audit rules read: a frozen snapshot of the registry (documents, bases, citations,
content-check results) and the audit's context (the day, the profile, the calendar)."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from normdocs.domain.calendar import WorkingCalendar
from normdocs.domain.content_checks import ContentHit
from normdocs.domain.profile import Profile
from normdocs.domain.stages import Stage, Validity
from normdocs.domain.validity import ValidityFacts, validity_on

# Validities in which a document still governs (or will): the rules about its content and basis
# apply to these. Drafts are included: a draft citing a repealed law is worth knowing about.
_LIVE = frozenset({Validity.NOT_PROMULGATED, Validity.PENDING, Validity.IN_FORCE})

# Looked up once here rather than on the enum classes inside loops over every document.
_IN_FORCE = Validity.IN_FORCE

_EXPIRED = Validity.EXPIRED

_IN_FORCE_OR_PENDING = frozenset({Validity.IN_FORCE, Validity.PENDING})

_PROMULGATED = Stage.PROMULGATED.value

_UNDER_REVIEW = Stage.UNDER_REVIEW.value

_SIGNED = Stage.SIGNED.value


class DocumentFacts(NamedTuple):
    """What the rules read of one document (and of its cleanup, basis and record); a named
    tuple, cheap to make by the hundred thousand."""

    id: int
    title: str
    issuer_id: int
    issuer: str
    stage: str
    doc_number: str | None = None
    review_submitted_on: date | None = None
    review_decided_on: date | None = None
    review_emergency: bool = False
    signed_on: date | None = None
    promulgated_on: date | None = None
    effective_on: date | None = None
    expires_on: date | None = None
    filing_due_on: date | None = None
    filed_on: date | None = None
    filed_late: bool = False
    filing_decided_on: date | None = None
    refile_due_on: date | None = None
    ended_on: date | None = None
    end_reason: str | None = None
    # The latest cleanup decision about the document: closed campaigns or decided items.
    last_cleanup_on: date | None = None
    supersedes_id: int | None = None
    basis_count: int = 0
    # Whether a document.expired event is in the record (see --apply-expiry).
    expiry_recorded: bool = False
    # The day a closed cleanup campaign last decided about it: a change of its basis that took
    # effect by then is answered (settled) by that decision.
    settled_on: date | None = None


@dataclass(frozen=True, slots=True)
class BasisFacts:
    """A basis link to a law that has changed: repealed, superseded or amended."""

    document_id: int
    law_id: int
    law_title: str
    law_status: str
    # When the law changed: its amendment, or the promulgation of the version that superseded it.
    changed_on: date | None = None
    repealed_on: date | None = None
    # The day the (latest) amendment takes effect, when it was recorded.
    effective_on: date | None = None
    # Whether the document has a flag for a change of this law that no closed cleanup answered.
    unanswered: bool = False


@dataclass(frozen=True, slots=True)
class Citation:
    """A citation of a law that matched nothing in the registry."""

    document_id: int
    citation: str


@dataclass(frozen=True, slots=True)
class ContentResult:
    """The content checks' hits in one version of a document's text."""

    content_hash: str
    hits: tuple[ContentHit, ...]


@dataclass(frozen=True)
class AuditSnapshot:
    documents: tuple[DocumentFacts, ...]
    changed_bases: tuple[BasisFacts, ...] = ()
    unresolved_citations: tuple[Citation, ...] = ()
    content: Mapping[int, ContentResult] = field(default_factory=dict)
    # Documents an imported register kept in force (有效) although the default validity period
    # had ended them: each one's expiry under the default.
    register_validity_kept: Mapping[int, date] = field(default_factory=dict)
    _validity: dict[date, dict[int, Validity]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def validity(self, as_of: date) -> dict[int, Validity]:
        """Each document's validity on `as_of`, computed once per day asked."""
        if as_of not in self._validity:
            self._validity[as_of] = {d.id: _validity_of(d, as_of) for d in self.documents}
        return self._validity[as_of]

    def by_id(self) -> dict[int, DocumentFacts]:
        return {d.id: d for d in self.documents}


def _validity_of(d: DocumentFacts, as_of: date) -> Validity:
    end_reason = None
    if d.end_reason:
        try:
            end_reason = Validity(d.end_reason)
        except ValueError:
            end_reason = None
    return validity_on(
        ValidityFacts(d.promulgated_on, d.effective_on, d.expires_on, d.ended_on, end_reason),
        as_of,
    )


@dataclass(frozen=True)
class AuditContext:
    as_of: date
    profile: Profile
    calendar: WorkingCalendar

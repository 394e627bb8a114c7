"""The superior-law rows store/laws.py's queries return, and the values written to them: one
TypedDict per shape (law versions, basis links, instant-cleanup flags), so that a row crossing a
layer names its columns and their types.

They follow store/models.py (Law, Basis, CleanupFlag) and migrations 0003 and 0006; a query
built on those tables returns exactly these keys. Document and agency rows are in store/rows.py.
"""

from datetime import date, datetime
from typing import TypedDict

from normdocs.store.rows import ValidityColumns

# --- laws -----------------------------------------------------------------------------------


class LawFacts(TypedDict):
    """What a version of a superior law states: every column of `law` but its id and created_at
    (an import compares a list's versions with the stored ones on these)."""

    title: str
    short_title: str | None
    # The title as matched (without 中华人民共和国 and brackets): the versions of one law share it.
    match_key: str
    level: str
    doc_number: str | None
    promulgated_on: date | None
    effective_on: date | None
    status: str  # in_force | superseded | repealed
    amended_on: date | None
    repealed_on: date | None
    history: str | None


class LawRow(LawFacts):
    """One version of a superior law: a whole row of `law`."""

    id: int
    created_at: datetime


class LawValues(TypedDict, total=False):
    """The columns of `law` an insert or update writes (those not given are left alone):
    LawFacts' and created_at, each optional (declared again: typing cannot derive it)."""

    title: str
    short_title: str | None
    match_key: str
    level: str
    doc_number: str | None
    promulgated_on: date | None
    effective_on: date | None
    status: str
    amended_on: date | None
    repealed_on: date | None
    history: str | None
    created_at: datetime


# --- basis links (citations) ------------------------------------------------------------------


class BasisRow(TypedDict):
    """A whole row of `basis`: a citation of a law or a document, resolved or not (law_id and
    cited_document_id both None)."""

    id: int
    document_id: int
    kind: str  # law | document
    citation: str  # as cited: 《传染病防治法》 or 粤卫函〔2017〕568号
    article: str | None
    law_id: int | None
    cited_number: str | None
    cited_document_id: int | None
    origin: str  # extracted | manual
    created_at: datetime


class BasisValues(TypedDict, total=False):
    """The columns of `basis` an insert writes."""

    document_id: int
    kind: str
    citation: str
    article: str | None
    law_id: int | None
    cited_number: str | None
    cited_document_id: int | None
    origin: str
    created_at: datetime


class CitationRow(BasisRow):
    """A document's citation with the law version or document it resolved to (basis_of_document);
    the law's columns are None unless it names a law, the cited document's unless a document."""

    law_title: str | None
    law_level: str | None
    law_promulgated_on: date | None
    law_effective_on: date | None
    law_status: str | None
    cited_title: str | None
    cited_doc_number: str | None


class UnresolvedBasisRow(BasisRow):
    """A citation that names nothing in the registry, with its document (unresolved_basis)."""

    document_title: str
    document_number: str | None
    document_promulgated_on: date | None
    document_created_at: datetime


class BasisResolution(TypedDict):
    """What an unresolved basis row `b_id` now points at (resolve_basis_rows)."""

    b_id: int
    law_id: int | None
    cited_id: int | None
    b_kind: str


# --- documents resting on a law ---------------------------------------------------------------


class RestingDocumentRow(ValidityColumns):
    """A document with a basis link to a law: what its validity and a listing need, with its
    lead issuer's name (documents_resting_on)."""

    id: int
    title: str
    doc_number: str | None
    issuer: str


class CitingDocumentRow(RestingDocumentRow):
    """A document once per basis link to the law versions asked about (documents_citing)."""

    law_id: int
    article: str | None
    origin: str
    citation: str


# --- instant-cleanup flags --------------------------------------------------------------------


class FlagRow(TypedDict):
    """A whole row of `cleanup_flag`: a document to clean up at once because a law changed."""

    id: int
    document_id: int
    law_id: int
    reason: str  # amended | repealed
    flagged_on: date
    effective_on: date | None  # the day the law's change takes effect
    campaign_id: int | None


class FlagValues(TypedDict, total=False):
    """The columns of `cleanup_flag` an insert or update writes."""

    document_id: int
    law_id: int
    reason: str
    flagged_on: date
    effective_on: date | None
    campaign_id: int | None


class RaisedFlagRow(FlagRow):
    """A flag with the status of the campaign that took it, None if none did (flags_raised_by)."""

    campaign_status: str | None


class LawCampaignRow(TypedDict):
    """A cleanup campaign started for a law version (campaigns_naming)."""

    id: int
    name: str
    status: str  # open | closed

"""Validity derived from what a page or a row states, with the profile's default period."""

from dataclasses import dataclass
from datetime import date

from normdocs.domain.extract.model import Extracted
from normdocs.domain.profile import ValidityRules
from normdocs.domain.validity import expiry_after


@dataclass(frozen=True)
class DerivedValidity:
    effective_on: date
    expires_on: date | None
    validity_stated: bool


def derive_validity(found: Extracted, rules: ValidityRules) -> DerivedValidity:
    """DESIGN §1: a validity stated in the document wins; else the default years (2 for
    暂行/试行) from the effective date — but only for documents promulgated on or after the
    profile's default_applies_from; an older one that states none keeps no expiry."""
    assert found.promulgated_on is not None
    effective = found.effective_on or found.promulgated_on
    if found.expires_on is not None:
        return DerivedValidity(effective, found.expires_on, True)
    if found.validity_years is not None:
        return DerivedValidity(effective, expiry_after(effective, found.validity_years), True)
    if found.promulgated_on >= rules.default_applies_from:
        years = rules.interim_years if found.interim else rules.default_years
        return DerivedValidity(effective, expiry_after(effective, years), False)
    return DerivedValidity(effective, None, False)

"""Metadata of a document read from its text or from a register row: title, 文号, issuer, dates,
effective date, validity, interim — ignoring the clutter of the web pages copies come from.

page.py reads a page (with title, numbers, issuer, dates and header reading their parts, on the
lines of lines.py and the patterns of patterns.py); register.py reads a register row; validity.py
derives validity from either; bodies.py judges names of bodies.
"""

from normdocs.domain.extract.bodies import is_party_body, issuer_level, issuer_name_problem
from normdocs.domain.extract.lines import content_hash, substance_hash, text_hashes
from normdocs.domain.extract.model import Extracted, Problem
from normdocs.domain.extract.page import extract_metadata
from normdocs.domain.extract.register import register_values
from normdocs.domain.extract.validity import DerivedValidity, derive_validity

__all__ = [
    "DerivedValidity",
    "Extracted",
    "Problem",
    "content_hash",
    "derive_validity",
    "extract_metadata",
    "is_party_body",
    "issuer_level",
    "issuer_name_problem",
    "register_values",
    "substance_hash",
    "text_hashes",
]

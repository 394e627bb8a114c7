"""Audit rules: pure functions from a snapshot of the registry and a context to findings.

Each rule reads a frozen snapshot (gathered by store/audit.py in a few set-based queries) and the
audit's context (the day, the profile, the working-day calendar) and yields findings. A finding
names its rule, severity, document, the evidence (dates, the sentence, the law) and the rule's
source, and carries a stable key: the rule, the document and what the finding is about (a due
date, a law, a sentence). The same registry audited twice gives the same keys, so findings can be
kept across runs; the evidence of a key never changes, so a kept finding never needs rewriting.

snapshot.py is what the rules read, rules.py the rules, findings.py what they find and how a
finding is described.
"""

from normdocs.domain.audit.findings import (
    Finding,
    Rule,
    Severity,
    add_months,
    describe,
    short_hash,
)
from normdocs.domain.audit.rules import (
    MEMBERS_SHOWN,
    content_finding,
    evaluate,
    expired_unrecorded,
    hit_of,
    reaches,
    sort_findings,
)
from normdocs.domain.audit.snapshot import (
    AuditContext,
    AuditSnapshot,
    BasisFacts,
    Citation,
    ContentResult,
    DocumentFacts,
)
from normdocs.domain.similar_titles import similar_pairs, title_key

__all__ = [
    "MEMBERS_SHOWN",
    "AuditContext",
    "AuditSnapshot",
    "BasisFacts",
    "Citation",
    "ContentResult",
    "DocumentFacts",
    "Finding",
    "Rule",
    "Severity",
    "add_months",
    "content_finding",
    "describe",
    "evaluate",
    "expired_unrecorded",
    "hit_of",
    "reaches",
    "short_hash",
    "similar_pairs",
    "sort_findings",
    "title_key",
]

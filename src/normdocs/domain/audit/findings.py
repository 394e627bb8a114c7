"""What an audit finds: the rules by name and severity, a finding with its stable key and
evidence, and the one sentence that describes each finding in the reader's language."""

import hashlib
import string
from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Any, NamedTuple

from normdocs.domain.content_checks import LABELS_ZH, Category
from normdocs.domain.json import JSONObject
from normdocs.domain.messages import Msg, Text, _

SRC_CLEANUP = "国办发〔2018〕37号 (定期清理、即时清理)"

SRC_BASIS = "国办发〔2018〕37号 §(一)"

SRC_DOC_NUMBER = "GB/T 9704-2012 §7.2.5"

SRC_DUPLICATES = "国办发〔2018〕37号 (严控发文数量)"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}


class Rule(StrEnum):
    """Every rule of the audit, by its stable id."""

    FILING_OVERDUE = "filing-overdue"
    FILING_DUE_SOON = "filing-due-soon"
    FILED_LATE = "filed-late"
    REFILE_OVERDUE = "refile-overdue"
    CORRECTION_OVERDUE = "correction-overdue"
    REVIEW_OVERDUE = "review-overdue"
    REVIEW_TOO_SHORT = "review-too-short"
    SIGNED_NOT_PROMULGATED = "signed-not-promulgated"
    EXPIRING_SOON = "expiring-soon"
    EXPIRED_NOT_RECORDED = "expired-not-recorded"
    CLEANUP_OVERDUE = "cleanup-overdue"
    BASIS_REPEALED = "basis-repealed"
    BASIS_AMENDED = "basis-amended"
    CITATION_UNRESOLVED = "citation-unresolved"
    NO_BASIS = "no-basis"
    CONTENT_LICENCE = "content-licence"
    CONTENT_PENALTY = "content-penalty"
    CONTENT_COERCION = "content-coercion"
    CONTENT_FEE = "content-fee"
    CONTENT_OBLIGATION = "content-obligation"
    CONTENT_COMPETITION = "content-competition"
    DOC_NUMBER_FORM = "doc-number-form"
    NEAR_IDENTICAL_TITLES = "near-identical-titles"
    REGISTER_VALIDITY_DISAGREES = "register-validity-disagrees"


CONTENT_RULES: dict[Category, Rule] = {
    Category.LICENCE: Rule.CONTENT_LICENCE,
    Category.PENALTY: Rule.CONTENT_PENALTY,
    Category.COERCION: Rule.CONTENT_COERCION,
    Category.FEE: Rule.CONTENT_FEE,
    Category.OBLIGATION: Rule.CONTENT_OBLIGATION,
    Category.COMPETITION: Rule.CONTENT_COMPETITION,
}

# Setting a licence, penalty, coercive measure or fee is forbidden outright; restricting rights
# or competition is a judgement a reviewer must make, so those are warnings.
_CONTENT_SEVERITY: dict[Category, Severity] = {
    Category.LICENCE: Severity.ERROR,
    Category.PENALTY: Severity.ERROR,
    Category.COERCION: Severity.ERROR,
    Category.FEE: Severity.ERROR,
    Category.OBLIGATION: Severity.WARNING,
    Category.COMPETITION: Severity.WARNING,
}


class Finding(NamedTuple):
    """One flagged problem. A named tuple: an audit of a large registry makes a great many."""

    rule: str
    severity: Severity
    document_id: int | None
    law_id: int | None
    evidence: Mapping[str, Any]
    source: str | None
    key: str


def _finding(
    rule: Rule,
    severity: Severity,
    document_id: int,
    about: str,
    evidence: JSONObject,
    source: str | None,
    law_id: int | None = None,
) -> Finding:
    key = f"{rule.value}:{document_id}" + (f":{about}" if about else "")
    return Finding(rule.value, severity, document_id, law_id, evidence, source, key)


def short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months (negative: back); the 31st falls to the month's last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def describe(finding: Finding) -> Text:
    """One line saying what was found, from the rule and its evidence: a message to render in
    the user's language, or the rule's id when its evidence does not fill the template."""
    values = {k: ("—" if v is None else v) for k, v in finding.evidence.items()}
    rule = finding.rule
    if rule.startswith("content-"):
        values["what"] = LABELS_ZH[Category(finding.evidence["category"])]
    elif rule == Rule.NEAR_IDENTICAL_TITLES and "members" in finding.evidence:
        members = finding.evidence["members"]
        more = "…" if finding.evidence.get("count", 0) > len(members) else ""
        values["titles"] = "；".join(f"{m['id']} “{m['title']}”" for m in members) + more
    template = _TEMPLATES.get(rule)
    if template is None or not _FIELDS[rule] <= values.keys():
        return rule  # evidence of an older version that does not fill today's template
    return template.format(**values)


# One table: each rule's message template, in the order of Rule.
def _templates() -> dict[str, Msg]:
    """The message of each rule."""
    content_text = _("appears to set what a normative document may not ({what}): “{sentence}”")
    return {
        Rule.FILING_OVERDUE: _(
            "not filed: the filing was due on {due_on} (promulgated on {promulgated_on})"
        ),
        Rule.FILING_DUE_SOON: _(
            "filing is due on {due_on} (promulgated on {promulgated_on}); not filed yet"
        ),
        Rule.FILED_LATE: _("filed on {filed_on}, after the deadline {due_on}"),
        Rule.REFILE_OVERDUE: _(
            "filing deferred (暂缓备案) on {decided_on}: the supplemented filing was due on {due_on}"
        ),
        Rule.CORRECTION_OVERDUE: _(
            "correction (建议自行纠正) asked for on {decided_on} was due on {due_on}"
        ),
        Rule.REVIEW_OVERDUE: _(
            "legality review submitted on {submitted_on} is still open; its {max_working_days}"
            " working days ended on {due_on}"
        ),
        Rule.REVIEW_TOO_SHORT: _(
            "legality review took {working_days} working days ({submitted_on} to {decided_on}),"
            " fewer than {min_working_days}, and was not marked as an emergency"
        ),
        Rule.SIGNED_NOT_PROMULGATED: _(
            "signed on {signed_on} and not promulgated within {days} days (by {due_on})"
        ),
        Rule.EXPIRING_SOON: _(
            "expires after {expires_on}; no cleanup decision since evaluation was due on"
            " {evaluate_from}"
        ),
        Rule.EXPIRED_NOT_RECORDED: _(
            "lapsed on {expired_on} (valid until {expires_on}); the expiry is not in the record"
            " yet (record it with: normdocs audit --apply-expiry)"
        ),
        Rule.CLEANUP_OVERDUE: _(
            "not evaluated in a cleanup since {since}; the next evaluation was due by {due_on}"
        ),
        Rule.BASIS_REPEALED: _("rests on {law}, which was repealed ({repealed_on})"),
        Rule.BASIS_AMENDED: _(
            "rests on {law}, changed on {changed_on}, after this document was promulgated on"
            " {promulgated_on}"
        ),
        Rule.CITATION_UNRESOLVED: _("cites {citation}, which is not in the registry of laws"),
        Rule.NO_BASIS: _("no legal basis (制定依据) is recorded"),
        Rule.CONTENT_LICENCE: content_text,
        Rule.CONTENT_PENALTY: content_text,
        Rule.CONTENT_COERCION: content_text,
        Rule.CONTENT_FEE: content_text,
        Rule.CONTENT_OBLIGATION: content_text,
        Rule.CONTENT_COMPETITION: content_text,
        Rule.DOC_NUMBER_FORM: _(
            "the 文号 {doc_number} is not written in the GB/T 9704 form ({normal_form})"
        ),
        Rule.NEAR_IDENTICAL_TITLES: _(
            "{count} documents of the same issuer in force at once with near-identical titles"
            " (one may replace another without saying so): {titles}"
        ),
        Rule.REGISTER_VALIDITY_DISAGREES: _(
            "the import register says in force (有效), but the default validity period ended it"
            " after {default_expires_on}: kept in force, validity not stated — decide in a cleanup"
        ),
    }


_TEMPLATES = _templates()

# The fields each template needs from the evidence (the catalog keeps the same fields).
_FIELDS = {
    rule: frozenset(
        name for _text, name, _spec, _conv in string.Formatter().parse(m.template) if name
    )
    for rule, m in _TEMPLATES.items()
}

"""Workflow stages, actions and legal validity states: the vocabulary of the procedure."""

from enum import StrEnum


class Stage(StrEnum):
    """Where a document is in the procedure (not whether it is legally in force)."""

    DRAFTING = "drafting"
    UNDER_REVIEW = "under_review"
    REVISION_REQUIRED = "revision_required"
    REVIEWED = "reviewed"
    APPROVED = "approved"
    SIGNED = "signed"
    PROMULGATED = "promulgated"
    FILED = "filed"
    FILING_ACCEPTED = "filing_accepted"
    FILING_DEFERRED = "filing_deferred"
    CORRECTION_REQUIRED = "correction_required"
    REVOKED = "revoked"
    # Taken back before promulgation (撤回), or an imported document whose import was undone:
    # kept with its history, left out of every list but `doc list --stage withdrawn`.
    WITHDRAWN = "withdrawn"


# Stages a document may be withdrawn from: the procedure has not yet made it law.
WITHDRAWABLE = frozenset(
    {"drafting", "under_review", "revision_required", "reviewed", "approved", "signed"}
)


class Action(StrEnum):
    """A step of the procedure, as recorded in the whole-process record."""

    SUBMIT_REVIEW = "review.submit"
    DECIDE_REVIEW = "review.decide"
    RECORD_REVISION = "review.revise"
    RECORD_MEETING = "meeting.record"
    SIGN = "sign"
    PUBLISH = "publish"
    FILE = "file"
    DECIDE_FILING = "filing.decide"


class Validity(StrEnum):
    """Legal effect of a document on a given day, derived from dated events."""

    NOT_PROMULGATED = "not_promulgated"
    PENDING = "pending"
    IN_FORCE = "in_force"
    EXPIRED = "expired"
    REPEALED = "repealed"
    INVALIDATED = "invalidated"
    REVOKED = "revoked"
    SUPERSEDED = "superseded"
    # Ended on a day nobody recorded (a register's 状态 已废止 without a date): before the day
    # it was known to have ended, whether it was still in force is unknown.
    UNKNOWN = "unknown"


class IssuerLevel(StrEnum):
    GOVERNMENT = "government"
    DEPARTMENT = "department"


class ReviewOutcome(StrEnum):
    LAWFUL = "lawful"
    REVISE = "revise"
    UNLAWFUL = "unlawful"


class MeetingType(StrEnum):
    EXECUTIVE = "executive"
    PLENARY = "plenary"
    LEADERSHIP = "leadership"


class MeetingOutcome(StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"
    DEFERRED = "deferred"


class FilingOutcome(StrEnum):
    ACCEPTED = "accepted"
    DEFERRED = "deferred"
    CORRECTION = "correction"
    REVOKED = "revoked"


class Materials(StrEnum):
    COMPLETE = "complete"
    INCOMPLETE = "incomplete"


# Chinese labels, used in tables and reports (the glossary of DESIGN §2).
STAGE_LABELS_ZH = {
    Stage.DRAFTING: "起草",
    Stage.UNDER_REVIEW: "合法性审核中",
    Stage.REVISION_REQUIRED: "待修改",
    Stage.REVIEWED: "已审核",
    Stage.APPROVED: "已审议通过",
    Stage.SIGNED: "已签发",
    Stage.PROMULGATED: "已公布",
    Stage.FILED: "已报备",
    Stage.FILING_ACCEPTED: "予以备案",
    Stage.FILING_DEFERRED: "暂缓备案",
    Stage.CORRECTION_REQUIRED: "建议自行纠正",
    Stage.REVOKED: "已撤销",
    Stage.WITHDRAWN: "已撤回",
}

VALIDITY_LABELS_ZH = {
    Validity.NOT_PROMULGATED: "未公布",
    Validity.PENDING: "尚未施行",
    Validity.IN_FORCE: "现行有效",
    Validity.EXPIRED: "已失效",
    Validity.REPEALED: "已废止",
    Validity.INVALIDATED: "已宣布失效",
    Validity.REVOKED: "已撤销",
    Validity.SUPERSEDED: "已被修订",
    Validity.UNKNOWN: "效力不明",
}

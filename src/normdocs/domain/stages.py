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
    # Taken out of the register (撤回, or an import undone): the register vouches for nothing.
    WITHDRAWN = "withdrawn"


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
    Validity.WITHDRAWN: "已撤回",
}

# What a clerk may type for each choice besides its English code, in either interface language;
# the first word is the label tables and messages show. One table per choice.
REVIEW_OUTCOME_WORDS_ZH = {
    ReviewOutcome.LAWFUL: ("合法",),
    ReviewOutcome.REVISE: ("修改", "应当予以修改", "予以修改", "应当修改"),
    ReviewOutcome.UNLAWFUL: ("不合法", "违法"),
}
MEETING_TYPE_WORDS_ZH = {
    MeetingType.EXECUTIVE: ("常务会议", "政府常务会议"),
    MeetingType.PLENARY: ("全体会议", "政府全体会议"),
    # The last, as the interface shows this meeting (and a refusal's hint names it).
    MeetingType.LEADERSHIP: (
        "局务会议",
        "部门负责人会议",
        "领导班子会议",
        "部务会议",
        "办公会议",
        "部门负责人会议（局务会议）",
    ),
}
MEETING_OUTCOME_WORDS_ZH = {
    MeetingOutcome.APPROVED: ("通过", "审议通过"),
    MeetingOutcome.REJECTED: ("未通过", "不通过"),
    MeetingOutcome.DEFERRED: ("暂缓", "暂缓审议"),
}
FILING_OUTCOME_WORDS_ZH = {
    FilingOutcome.ACCEPTED: ("予以备案", "备案"),
    FilingOutcome.DEFERRED: ("暂缓备案", "暂缓"),
    FilingOutcome.CORRECTION: ("建议自行纠正", "自行纠正", "纠正"),
    FilingOutcome.REVOKED: ("撤销", "予以撤销"),
}
MATERIALS_WORDS_ZH = {Materials.COMPLETE: ("齐全",), Materials.INCOMPLETE: ("不齐全",)}
ISSUER_LEVEL_WORDS_ZH = {
    IssuerLevel.GOVERNMENT: ("政府", "人民政府"),
    IssuerLevel.DEPARTMENT: ("部门",),
}
STAGE_WORDS_ZH = {
    **{stage: (label, label.removeprefix("已")) for stage, label in STAGE_LABELS_ZH.items()},
    Stage.UNDER_REVIEW: ("合法性审核中", "审核中"),
    Stage.APPROVED: ("已审议通过", "审议通过"),
}
# The stages an import may record its documents at (import --stage).
IMPORT_STAGE_WORDS_ZH = {
    stage: STAGE_WORDS_ZH[stage]
    for stage in (Stage.PROMULGATED, Stage.FILED, Stage.FILING_ACCEPTED)
}
VALIDITY_WORDS_ZH = {
    Validity.NOT_PROMULGATED: ("未公布",),
    Validity.PENDING: ("尚未施行", "未施行"),
    Validity.IN_FORCE: ("现行有效", "有效"),
    Validity.EXPIRED: ("已失效", "失效"),
    Validity.REPEALED: ("已废止", "废止"),
    Validity.INVALIDATED: ("已宣布失效", "宣布失效"),
    Validity.REVOKED: ("已撤销", "撤销"),
    Validity.SUPERSEDED: ("已被修订", "被修订"),
    Validity.UNKNOWN: ("效力不明",),
    Validity.WITHDRAWN: ("已撤回", "撤回"),
}

# The whole-process record's actions (event.action), as a clerk names the step.
EVENT_ACTION_LABELS_ZH = {
    "agency.add": "登记制定机关",
    "agency.update": "修改制定机关信息",
    "document.create": "登记草案",
    "document.import": "导入文件",
    "document.text_imported": "导入文本",
    "document.text_given": "补充文本",
    "document.number_imported": "导入发文字号",
    "document.number_import_undone": "撤销导入的发文字号",
    "document.register_validity_kept": "保留登记表所载效力",
    "document.corrected": "更正",
    "document.withdrawn": "撤回",
    "document.expired": "有效期届满失效",
    "document.superseded": "被修订",
    Action.SUBMIT_REVIEW: "送交合法性审核",
    Action.DECIDE_REVIEW: "合法性审核结论",
    Action.RECORD_REVISION: "根据审核意见修改",
    Action.RECORD_MEETING: "集体审议",
    Action.SIGN: "签发",
    Action.PUBLISH: "公布",
    Action.FILE: "报送备案",
    Action.DECIDE_FILING: "备案审查结果",
    "law.add": "登记上位法",
    "law.import": "导入上位法",
    "law.amend": "上位法修改",
    "law.repeal": "上位法废止",
    "law.correct": "更正上位法",
    "law.remove_version": "删除上位法版本",
    "basis.link": "关联制定依据",
    "audit.run": "审查",
    "audit.ack": "确认审查发现",
    "cleanup.start": "开始清理",
    "cleanup.decide": "清理结论",
    "cleanup.close": "完成清理",
    "cleanup.flag": "列入待清理",
    "cleanup.unflag": "移出待清理",
    "cleanup.retain": "清理：继续有效",
    "cleanup.amend": "清理：修订",
    "cleanup.repeal": "清理：废止",
    "cleanup.invalidate": "清理：宣布失效",
}

"""Cleanup's (清理) fixed choices and their Chinese words, with no import beyond the standard
library: the CLI types its options with them, and --help and shell completion must not load the
cleanup rules (which pull in the profile and pydantic). domain.cleanup re-exports them."""

from enum import StrEnum


class CampaignKind(StrEnum):
    PERIODIC = "periodic"
    INSTANT = "instant"


class CampaignStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Outcome(StrEnum):
    """One decision per document in a campaign."""

    RETAIN = "retain"
    AMEND = "amend"
    REPEAL = "repeal"
    INVALIDATE = "invalidate"


# The words of published cleanup results (清理结果, e.g. the lists 继续有效 / 修订 / 宣布失效 / 废止).
KIND_LABELS_ZH = {CampaignKind.PERIODIC: "定期清理", CampaignKind.INSTANT: "即时清理"}
OUTCOME_LABELS_ZH = {
    Outcome.RETAIN: "继续有效",
    Outcome.AMEND: "修订",
    Outcome.REPEAL: "废止",
    Outcome.INVALIDATE: "宣布失效",
}
# What a clerk may type for --status besides the English word (the list's own words first).
STATUS_WORDS_ZH = {
    CampaignStatus.OPEN: ("进行中", "未办结"),
    CampaignStatus.CLOSED: ("已办结", "办结", "已结束"),
}
# What a clerk may type for --outcome besides the English word, the label first; a leading
# 予以 or 宣布 is dropped (予以废止, 宣布继续有效, 予以宣布失效).
OUTCOME_WORDS_ZH = {
    Outcome.RETAIN: ("继续有效", "保留"),
    Outcome.AMEND: ("修订", "修改"),
    Outcome.REPEAL: ("废止",),
    Outcome.INVALIDATE: ("宣布失效", "失效"),
}

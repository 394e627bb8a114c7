"""Content checks: sentences that appear to SET a licence, penalty, coercive measure or fee, to
reduce rights or add obligations, or to restrict competition — as opposed to sentences that
REFER to what a law sets ("由公安机关依照《大气污染防治法》予以处罚").

A normative document may not set 行政许可 (行政许可法第17条), 行政处罚 (行政处罚法第16条),
行政强制措施 (行政强制法第10条), fees or other new powers (国办发〔2018〕37号 §(一)), and may not
exclude or restrict competition (公平竞争审查条例第8–11条). The checks are patterns over one
sentence at a time; a sentence that names its legal basis (依照《…》, 依法, 按照有关规定…) is
taken to refer to the law, not to set anything itself. The labelled sentences in
tests/audit/labelled_sentences.csv measure how well this works.
"""

import re
from dataclasses import dataclass
from enum import StrEnum

# Bumped whenever the patterns change, so that texts checked by older patterns are checked again.
CHECKER_VERSION = 1

# Longest sentence quoted in a finding; longer ones are cut around the words that matched.
MAX_QUOTE = 160


class Category(StrEnum):
    LICENCE = "licence"
    PENALTY = "penalty"
    COERCION = "coercion"
    FEE = "fee"
    OBLIGATION = "obligation"
    COMPETITION = "competition"


SOURCES: dict[Category, str] = {
    Category.LICENCE: "行政许可法第17条",
    Category.PENALTY: "行政处罚法第16条",
    Category.COERCION: "行政强制法第10条",
    Category.FEE: "国办发〔2018〕37号 §(一)",
    Category.OBLIGATION: "立法法第93条第6款; 国办发〔2018〕37号 §(一)",
    Category.COMPETITION: "公平竞争审查条例第8–11条; 反垄断法第45条",
}

LABELS_ZH: dict[Category, str] = {
    Category.LICENCE: "设定行政许可",
    Category.PENALTY: "设定行政处罚",
    Category.COERCION: "设定行政强制措施",
    Category.FEE: "设定收费",
    Category.OBLIGATION: "减损权利或增加义务",
    Category.COMPETITION: "排除、限制竞争",
}


@dataclass(frozen=True)
class ContentHit:
    """One sentence that appears to set something a normative document may not set."""

    category: Category
    sentence: str
    trigger: str


# Within one sentence: no sentence punctuation in between; _K also stops at a comma.
_C = r"[^。；;！？!?\n]"
_K = r"[^。；;！？!?\n，,]"
# 处 as the verb "impose" (处500元罚款), not 办事处, 处理, 处置, 各处.
_CHU = r"(?<!办事)(?<![到各此何])处(?![理置室长级分])"
_N = r"[0-9０-９零〇一二两三四五六七八九十百千万.．]"

# Where a sentence ends. Clause lists (；) are separate statements in Chinese legal drafting.
_ENDS = "。；;！？!?\n"
_SENTENCE_END = re.compile(f"[{_ENDS}]+")

# A sentence that names a legal basis refers to the law rather than setting anything itself.
_BASIS = re.compile(
    r"依法|依规|"
    rf"(?:依照|依据|根据|按照|遵照|参照|依){_C}{{0,12}}?(?:《|法律|法规|规章|有关规定|相关规定|国家规定|规定的|国家有关)|"
    r"法律、法规|法律法规|有关法律|相关法律"
)

# Words that turn the rest of their clause into a prohibition addressed to the administration,
# or a waiver: "严禁乱收费", "不得收取任何费用", "免收工本费", "全面清理规范涉企收费".
_NEGATION = re.compile(
    r"不得|严禁|禁止|不准|不许|杜绝|防止|制止|反对|整治|清理|纠正|免|无需|不需|不再|取消|减少|降低|乱"
)
# Where a clause starts: the negation words above reach no further back than this.
_CLAUSE_START = "，,：:（(、"

# Local preference: 本地/本市… anywhere; 县内/区内… only before who or what is local (区内 alone
# is everywhere: 禁燃区内, 辖区内).
_LOCAL = (
    r"(?:本地|本市|本县|本区|本省|本镇|当地|"
    r"(?:县内|市内|区内|省内)(?=生产|企业|产品|商品|供应商|经营者|品牌|公司))"
)

_COERCE_PREFIX = ("强制", "强行", "予以", "先行")
_COERCE_ACT = (
    "拆除", "清除", "带离", "隔离", "收缴", "收容", "清理", "关闭", "扣留", "暂扣", "扑杀",
    "销毁", "拖移", "拖离", "拖走",
)  # fmt: skip

_PATTERNS: dict[Category, re.Pattern[str]] = {
    Category.PENALTY: re.compile(
        "|".join(
            (
                rf"(?:{_CHU}以?|罚款){_K}{{0,20}}?{_N}+{_K}{{0,3}}?元",
                rf"{_CHU}以?{_K}{{0,20}}?罚款",
                rf"(?:予以|给予|并处|处以)(?:{_C}{{0,4}}?)(?:罚款|警告|通报批评|行政拘留|拘留|处罚)",
                r"违者(?:罚|处|一律)",
                rf"没收{_C}{{0,12}}?(?:违法所得|非法财物|工具|物品|器具|渔具|网具|商品|产品|车辆|设备|烟花爆竹)",
                rf"吊销{_C}{{0,10}}?(?:许可证|执照|证书|证照|资格)",
                rf"暂扣{_K}{{0,8}}?(?:证|执照|证照)",
                r"责令停产停业|责令关闭|限制从业|降低资质等级",
            )
        )
    ),
    Category.LICENCE: re.compile(
        "|".join(
            (
                rf"(?:须|需|需要|必须|应当|应|均须|一律须){_C}{{0,12}}?(?:经|报经|报|向){_C}{{0,20}}?(?:批准|审批|许可|核准|同意)",
                rf"未经{_C}{{0,20}}?(?:批准|许可|审批|核准|同意|登记){_C}{{0,8}}?(?:不得|禁止|一律|严禁)",
                rf"(?:实行|实施){_C}{{0,12}}?(?:审批|许可|核准|准入)(?:制度|制|管理)",
                rf"(?:取得|领取|办理|申领){_C}{{0,16}}?(?:许可证|准运证|准入证|经营证|资格证|登记证|通行证|准销证|许可){_C}{{0,10}}?(?:后|方可|才能|方能|才可)",
                rf"(?:凭|持){_C}{{0,12}}?(?:证|许可|批准文件){_C}{{0,6}}?(?:方可|才能|方能)",
                r"方可(?:经营|营业|销售|开业|施工|进入|从事|上市|运输|燃放)",
            )
        )
    ),
    Category.COERCION: re.compile(
        "|".join(
            (
                r"查封|扣押|冻结",
                rf"暂扣{_C}{{0,10}}?(?:车辆|物品|工具|设备|货物|烟花爆竹|船只|渔具)",
                rf"(?:{'|'.join(_COERCE_PREFIX)})(?:{'|'.join(_COERCE_ACT)})",
                r"(?:停止|中断|切断)(?:其)?(?:供水|供电|供气)",
                r"代为(?:拆除|清除|处置|清理)",
                r"限制(?:其)?人身自由",
            )
        )
    ),
    Category.FEE: re.compile(
        "|".join(
            (
                rf"(?:收取|征收|收缴|缴纳|交纳|缴交){_C}{{0,20}}?(?:费|保证金|押金|基金)",
                rf"收(?![费购])({_K}{{1,8}}?)费",
                r"收费标准(?:为|按|是|：|:)",
                rf"(?:每|按){_C}{{0,12}}?(?:收取|收费|缴纳|交纳){_C}{{0,6}}?{_N}+",
            )
        )
    ),
    Category.OBLIGATION: re.compile(
        "|".join(
            (
                r"(?:一律)?不予(?:办理|受理|登记|审批|发放|享受|报销|录用|安排|落户|入学)",
                rf"(?:取消|暂停|停止){_C}{{0,10}}?(?:资格|待遇|补贴|低保|救助|享受)",
                r"列入(?:黑名单|失信|不良信用|重点监管名单)",
                rf"限制{_C}{{0,10}}?(?:入学|就业|出行|出境|乘坐|升学|招录|参军|贷款)",
                rf"(?:必须|须|应当|需){_C}{{0,10}}?(?:提供|出具|开具|提交){_C}{{0,20}}?(?:证明|承诺书|担保|保证书)",
                rf"(?:子女|配偶|家属|亲属|家人){_C}{{0,15}}?(?:不得|不予|取消|限制|停止)",
                r"连带责任|株连|摊派|集资",
                rf"(?:必须|一律|均须|须){_C}{{0,10}}?(?:捐款|捐赠|参加义务劳动|购买)",
            )
        )
    ),
    Category.COMPETITION: re.compile(
        "|".join(
            (
                rf"指定{_C}{{0,15}}?(?:企业|公司|经营者|供应商|品牌|服务商|交易中心|检测机构|中介机构|生产厂家|厂家)",
                rf"(?:指定|暂定为|确定为|统一由){_C}{{0,25}}?(?:有限公司|股份公司|公司|交易中心)",
                rf"(?:限定|只能|仅限|必须|须|统一|应当){_C}{{0,8}}?(?:购买|使用|选用|接受|采购|经营){_C}{{0,20}}?(?:{_LOCAL}|指定|特定)",
                rf"{_LOCAL}(?:生产)?的?{_C}{{0,6}}?(?:企业|产品|商品|供应商|经营者|品牌){_C}{{0,10}}?(?:优先|予以|给予|方可|享受)",
                rf"优先(?:采购|选用|使用|购买|录用){_C}{{0,10}}?{_LOCAL}",
                rf"(?:外地|外省|外市|外县|非本地){_C}{{0,15}}?(?:企业|产品|商品|经营者|车辆|供应商){_C}{{0,15}}?(?:不得|禁止|限制|须|应当|一律)",
                rf"(?:不得|禁止|限制){_C}{{0,10}}?(?:外地|外省|外市|外县|非本地)",
                rf"(?:税收|税款|增值税|所得税|土地出让金|地方留成){_C}{{0,12}}?(?:返还|奖励|优惠|补贴)",
                rf"(?:返还|减免|奖励){_C}{{0,6}}?(?:税|土地出让金)",
                rf"在?{_LOCAL}(?:设立|注册){_C}{{0,6}}?(?:分支机构|分公司|子公司|公司|企业)",
                rf"(?:暂停|不再|停止)(?:新增|审批新设|新设|受理新){_C}{{0,10}}?(?:经营者|网点|企业|门店|许可)",
                rf"统一(?:从|向|到){_K}{{0,15}}?(?:采购|购买|购进|进货|订购)",
                rf"(?:只能|仅限|统一)(?:委托|交由|由){_K}{{0,15}}?(?:承担|承办|办理|经营|提供|实施)",
            )
        )
    ),
}


def split_sentences(text: str) -> list[str]:
    """The sentences of a text: split at 。；！？ and line ends, whitespace removed."""
    sentences = []
    for part in _SENTENCE_END.split(text):
        cleaned = "".join(part.split())
        if cleaned:
            sentences.append(cleaned)
    return sentences


# Words at least one of which every match of a category's patterns contains (or, for 县内…, that
# the sentence then contains). One scan of a text for all of them finds the few sentences worth
# checking, and which categories to check there.
_LOCAL_WORDS = ("本地", "本市", "本县", "本区", "本省", "本镇", "当地")
_LOCAL_INSIDE = tuple(
    f"{place}内{what}"
    for place in "县市区省"
    for what in ("生产", "企业", "产品", "商品", "供应商", "经营者", "品牌", "公司")
)
_ANCHORS: dict[Category, tuple[str, ...]] = {
    # 处…元 always has 元, 处…罚款 has 罚款: the bare 处 of 处理, 办事处 is no anchor.
    Category.PENALTY: (
        "元", "罚款", "警告", "通报批评", "拘留", "处罚", "违者", "没收", "吊销", "暂扣", "责令",
        "限制从业", "降低资质",
    ),
    Category.LICENCE: (
        "批准", "审批", "许可", "核准", "同意", "未经", "准入", "准运证", "经营证", "资格证",
        "登记证", "通行证", "准销证", "方可", "才能", "方能",
    ),
    Category.COERCION: (
        "查封", "扣押", "冻结", "暂扣", "供水", "供电", "供气", "代为", "人身自由",
        *(prefix + act for prefix in _COERCE_PREFIX for act in _COERCE_ACT),
    ),
    Category.FEE: ("费", "保证金", "押金", "基金", "收取", "缴纳", "交纳"),
    Category.OBLIGATION: (
        "不予", "取消", "暂停", "停止", "黑名单", "失信", "不良信用", "重点监管", "限制", "证明",
        "承诺书", "担保", "保证书", "子女", "配偶", "家属", "亲属", "家人", "连带责任", "株连",
        "摊派", "集资", "捐款", "捐赠", "义务劳动", "购买",
    ),
    Category.COMPETITION: (
        "指定", "暂定为", "确定为", "统一", "特定", "外地", "外省", "外市", "外县", "非本地",
        "税", "土地出让金", "留成", "新增", "新设", "受理新", "只能", "仅限",
        *_LOCAL_WORDS, *_LOCAL_INSIDE,
    ),
}  # fmt: skip
_ANCHOR_CATEGORIES: dict[str, frozenset[Category]] = {
    word: frozenset(c for c, words in _ANCHORS.items() if word in words)
    for words in _ANCHORS.values()
    for word in words
}


def _trie_pattern(words: list[str]) -> str:
    """A regex for any of `words`, branching one character at a time: the engine then tries a
    handful of branches at each position instead of every word."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word[1:])
    branches = []
    for first, rests in sorted(groups.items()):
        tails = [r for r in rests if r]
        if not tails:
            branches.append(re.escape(first))
            continue
        inner = _trie_pattern(tails)
        optional = "?" if "" in rests else ""
        branches.append(f"{re.escape(first)}(?:{inner}){optional}")
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


_ANCHOR_RE = re.compile(_trie_pattern(sorted(_ANCHOR_CATEGORIES)))


def classify_sentence(sentence: str) -> dict[Category, str]:
    """The categories a sentence appears to set, each with the words that show it.

    Empty when the sentence sets nothing, or names the legal basis of what it says. Every
    pattern is tried on the sentence: this is the reference that `find_hits` must agree with.
    """
    hits = _check(sentence, 0, len(sentence), tuple(_PATTERNS), quote_sentence=False)
    return {hit.category: hit.trigger for hit in hits}


def find_hits(text: str) -> list[ContentHit]:
    """Every sentence of `text` that appears to set something, once per category, in order.

    Only sentences with an anchor word are checked; the search jumps from one such sentence to
    the next, so a text costs a few regex scans rather than Python work per word."""
    hits: list[ContentHit] = []
    size = len(text)
    pos = 0
    while pos < size:
        anchor = _ANCHOR_RE.search(text, pos)
        if anchor is None:
            break
        at = anchor.start()
        start = pos
        for end_run in _SENTENCE_END.finditer(text, pos, at):
            start = end_run.end()
        end = _SENTENCE_END.search(text, at)
        stop = end.start() if end else size
        categories: set[Category] = set()
        for word in _ANCHOR_RE.findall(text, start, stop):
            categories |= _ANCHOR_CATEGORIES[word]
        ordered = tuple(c for c in _PATTERNS if c in categories)
        hits.extend(_check(text, start, stop, ordered, quote_sentence=True))
        pos = end.end() if end else size
    return hits


def _check(
    text: str, start: int, end: int, categories: tuple[Category, ...], *, quote_sentence: bool
) -> list[ContentHit]:
    """The hits in the sentence text[start:end] for `categories`; none if it names a basis."""
    found: list[ContentHit] = []
    for category in categories:
        for match in _PATTERNS[category].finditer(text, start, end):
            if _negated(text, start, match.start()) or _negated_inside(match.group(0)):
                continue
            trigger = "".join(match.group(0).split())
            sentence = quote("".join(text[start:end].split()), trigger) if quote_sentence else ""
            found.append(ContentHit(category, sentence, trigger))
            break
    if found and _BASIS.search(text, start, end):
        return []
    return found


def _negated(text: str, sentence_start: int, at: int) -> bool:
    """Whether a negation word stands earlier in the clause that contains position `at`."""
    start = at
    while start > sentence_start and text[start - 1] not in _CLAUSE_START:
        start -= 1
    return _NEGATION.search(text, start, at) is not None


def _negated_inside(matched: str) -> bool:
    # "收取…费" inside "不收取任何费用": the waiver is part of the match itself.
    return matched.startswith(("收取任何", "收任何"))


def quote(sentence: str, trigger: str) -> str:
    """The sentence as quoted in a finding: whole, or cut to MAX_QUOTE around the trigger."""
    if len(sentence) <= MAX_QUOTE:
        return sentence
    at = max(sentence.find(trigger), 0)
    start = max(0, min(at - MAX_QUOTE // 2, len(sentence) - MAX_QUOTE))
    cut = sentence[start : start + MAX_QUOTE]
    return ("…" if start else "") + cut + ("…" if start + MAX_QUOTE < len(sentence) else "")

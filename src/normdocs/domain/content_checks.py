"""Content checks: clauses of a normative document that SET a licence, penalty, coercive measure
or fee, reduce rights or add obligations, or restrict competition — as opposed to clauses that
REFER to what a superior law sets ("由公安机关依照《中华人民共和国大气污染防治法》予以处罚").

A normative document may not set 行政许可 (行政许可法第17条), 行政处罚 (行政处罚法第9、16条),
行政强制措施 (行政强制法第10条), fees or other new obligations (国办发〔2018〕37号 §(一); 立法法
第93条第6款), and may not exclude or restrict competition (公平竞争审查条例第8–11条).

Each clause (the text between ；) is read for what it does: who must do what, on whose approval,
with which consequence. A clause is a finding when it imposes one of the above on a private party
and no legal basis is given for it: a basis is a citation that the superior-law registry resolves
to a law, regulation or rule (a 《…办法》 of a district is no basis), or the generic 依法 /
依照有关法律法规, given in the clause itself, in brackets after it, or at the head of its
sentence before the ；. Clauses that only restate how the administration itself proceeds
(notice, records, hearing, recusal), internal accountability of subordinate units and internal
approval steps are not findings. tests/audit/labelled_sentences.csv measures how well this works
(benchmarks/content.py prints the figures).
"""

import re
import re._constants as _sre  # type: ignore[import-not-found]
import re._parser as _sre_parse  # type: ignore[import-not-found]
import zlib
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from normdocs.domain.lawtitles import match_key

# Bumped whenever the patterns change, so that texts checked by older patterns are checked again.
CHECKER_VERSION = 4

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
    Category.PENALTY: "行政处罚法第9条、第16条",
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
    """One clause that appears to set something a normative document may not set.

    `trigger` is the words that show it; `article` the provision it would breach; `cited` a
    title given as its basis that is no law, regulation or rule (依照《某区…办法》)."""

    category: Category
    sentence: str
    trigger: str
    article: str = ""
    cited: str = ""


# --- superior laws ------------------------------------------------------------------------

# 法律 are named …法, 行政法规 and 地方性法规 …条例 (a rule or a normative document may not take
# these names); a 规章 is promulgated by an order (…令第N号); a local regulation implementing a
# law is named 实施《…法》办法.
_LAW_FORM = re.compile(
    r"(?<!办)法$|条例$|实施.{0,3}[《〈<][^》〉>]+(?:法|条例)[》〉>](?:办法|细则|规定)$"
)
_ORDER_AFTER = re.compile(r"[（(][^）)]{0,20}令第?[0-9一二三四五六七八九十百零〇]+号")


@dataclass(frozen=True)
class LawIndex:
    """The superior laws a citation may resolve to, by match key (see lawtitles.match_key):
    laws, regulations and rules of the registry; and the normative documents it knows, which
    are no legal basis for setting anything. Titles in neither are judged by their form."""

    laws: frozenset[str] = frozenset()
    documents: frozenset[str] = frozenset()
    _cache: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, laws: Iterable[str], documents: Iterable[str] = ()) -> "LawIndex":
        return cls(frozenset(map(match_key, laws)), frozenset(map(match_key, documents)))

    def is_superior(self, title: str, after: str = "") -> bool:
        """Whether 《title》 (followed in the text by `after`) is a law, regulation or rule."""
        if _ORDER_AFTER.match(after):
            return True
        known = self._cache.get(title)
        if known is None:
            key = match_key(title)
            if key in self.laws:
                known = True
            elif key in self.documents:
                known = False
            else:
                known = _LAW_FORM.search(title) is not None
            self._cache[title] = known
        return known

    def fingerprint(self) -> int:
        """A number that changes when the titles do: texts are checked again then."""
        joined = "\n".join(sorted(self.laws)) + "\f" + "\n".join(sorted(self.documents))
        return zlib.crc32(joined.encode("utf-8")) % 100_000


FORM_ONLY = LawIndex()


# --- text units ---------------------------------------------------------------------------

# Sentences end at 。！？ and line ends; a sentence's clauses at ；. Findings quote a clause.
_SENTENCE_ENDS = "。！？!?\n"
_CLAUSE_ENDS = _SENTENCE_ENDS + "；;"
_CLAUSE_END = re.compile(f"[{_CLAUSE_ENDS}]+")
_SENTENCE_END = re.compile(f"[{_SENTENCE_ENDS}]")


def split_sentences(text: str) -> list[str]:
    """The clauses of a text as findings quote them: split at 。；！？ and line ends, whitespace
    removed."""
    sentences = []
    for part in _CLAUSE_END.split(text):
        cleaned = "".join(part.split())
        if cleaned:
            sentences.append(cleaned)
    return sentences


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


# Within one clause: no clause punctuation in between; _K also stops at a comma.
_C = r"[^。；;！？!?\n]"
_K = r"[^。；;！？!?\n，,]"
# 处 as the verb "impose" (处500元罚款), not 办事处, 处理, 处置, 各处.
_CHU = r"(?<!办事)(?<![到各此何])处(?![理置室长级分])"
_N = r"[0-9０-９零〇一二两三四五六七八九十百千万.．]"

# Local preference: 本地/本市… anywhere; 县内/区内… only before who or what is local (区内 alone
# is everywhere: 禁燃区内, 辖区内).
_LOCAL = (
    r"(?:本地|本市|本县|本区|本省|本镇|当地|"
    r"(?:县内|市内|区内|省内)(?=生产|企业|产品|商品|供应商|经营者|品牌|公司|规模))"
)
_NONLOCAL = r"(?:外地|外省|外市|外县|外埠|异地|非本地|非本[市县区省镇]|省外|市外|县外|区外|外来)"
_FIRM = (
    r"(?:企业|产品|商品|供应商|经营者|品牌|材料|农产品|汽车|经销商|车辆|货车|施工队伍|"
    r"建筑企业|物流企业|公司|生产|客商|商户|商家|经营户|个体户|施工单位|中介|服务商|劳务|食品|"
    r"货物|药品|建材|物资|原材料|种子|农资|饲料|粮食|药材|水产品|蔬菜|肉类|畜禽|酒类|白酒)"
)

_COERCE_PREFIX = ("强制", "强行", "予以", "先行")
_COERCE_ACT = (
    "拆除", "清除", "带离", "隔离", "收缴", "收容", "清理", "关闭", "扣留", "暂扣", "扑杀",
    "销毁", "拖移", "拖离", "拖走", "送往", "送至",
)  # fmt: skip

# What an approval is called, and what a private party is made to hold before acting.
# As a trie: tried at every position of a clause, it costs one or two character tests there
# instead of one per word. (…同意后印发 is a publication, exempted by _PUBLISHED.)
_APPROVAL_WORDS = (
    "批准", "审批", "许可", "核准", "同意", "会签", "联合审查", "联合审核", "联合踏勘", "联合验收",
    "联合审批", "联合会审", "审查通过",
    "审核通过", "验收合格", "批准书", "许可证", "许可牌", "上岗证", "准营证", "准销", "营运牌照",
    "备案证明", "备案回执", "备案登记证", "无异议证明", "无异议函", "无异议意见", "同意书", "意见书",
    "同意经营证明", "同意的证明", "会审同意", "会审通过", "审定", "签批", "准许", "准予", "批复",
    "认可", "审查意见", "审核意见", "验收意见", "组织评审", "评审通过", "资格审查", "资格审核",
    "资质审查", "资格认定", "论证通过", "评估通过",
)  # fmt: skip
_APPROVAL = f"(?:{_trie_pattern(sorted(_APPROVAL_WORDS))})"
_CERTIFICATES = tuple(
    f"{what}证"
    for what in (
        "许可", "上岗", "准营", "务工", "营运", "经营", "资格", "登记", "通行", "准运", "准入",
        "准销", "从业", "健康", "出入", "准迁", "施工",
    )
)  # fmt: skip
_ACTIVITY = (
    r"(?:经营|营业|销售|开业|施工|进入|从事|上市|运输|燃放|开工|营运|上岗|招生|举办|出租|开办|"
    r"实施|入驻|使用|办理|投放|出摊|收购|生产|建设|上路)"
)

# Where the administration keeps what it takes, or holds people: a lot, a store, a squad's base,
# a police station, a village office, a place it designates.
_HOLDING_PLACE = (
    r"(?:中队|大队|停车场|仓库|库房|派出所|暂存点|暂存场所|保管场所|收容所|收容站|"
    r"救助站|收容中心|隔离点|停放场|停放点|停车点|扣车场|暂扣场|保管站|"
    r"指定(?:的)?(?:地点|场所|位置|区域|停车场|仓库))"
)

# Who sells, and buying: 应当从县砂石公司统一购买.
_SELLERS = ("公司", "集团", "厂", "供应站", "中心")
# Handing work to one body, and the lists an office chooses.
_ALL_OF = ("统一", "一律")
_HANDED = ("授予", "交由", "委托", "划归", "配置给", "指定给", "指定")
_CHOSEN = ("确定", "指定", "推荐", "公布", "认定", "选定", "遴选")
_BUYING = ("购买", "采购", "购进", "进货", "订购", "选购", "购置", "租赁")

_PATTERNS: dict[Category, re.Pattern[str]] = {
    Category.PENALTY: re.compile(
        "|".join(
            (
                rf"(?:{_CHU}以?|罚款){_K}{{0,20}}?{_N}+{_K}{{0,3}}?元",
                rf"{_CHU}以?{_K}{{0,20}}?罚款",
                # 罚50元, 再罚100元: the fine in a village's words.
                rf"罚(?<![处以]罚){_N}+{_K}{{0,2}}?元",
                rf"(?:予以|给予|并处|处以)(?:{_C}{{0,4}}?)(?:罚款|警告|通报批评|行政拘留|拘留|处罚)",
                r"通报批评",
                r"违者(?:罚|处|一律)",
                rf"没收{_C}{{0,12}}?(?:违法所得|非法财物|工具|物品|器具|渔具|网具|商品|产品|车辆|设备|"
                r"烟花爆竹|设施|犬只|渔获物|船|货物|用具|材料|摊)",
                # Limits on producing or doing business (限产50%, 限制其经营).
                r"限产|限制(?:其)?(?:生产|经营|营业)",
                rf"吊销{_C}{{0,10}}?(?:许可证|执照|证书|证照|资格)",
                r"(?:当场|予以|一律|可以|可)没收",
                rf"由{_K}{{0,12}}?(?:暂停|停止)(?:其)?(?:营业|经营|生产|营运|执业)",
                rf"(?:暂扣|扣留){_K}{{0,8}}?(?:证|执照|证照)",
                # Closure, and suspension or withdrawal of the right to do business, bid or supply.
                rf"责令(?:其)?{_K}{{0,4}}?(?:停产停业|停业整顿|停业整改|停业整治|停产整顿|停产整改|停业|"
                r"停产|停工|关闭|关停|歇业|暂停营业|暂停招生|暂停经营|停止(?:营业|经营|生产|营运|招生|执业|办学))",
                # A deposit forfeited as a sanction.
                rf"(?:扣除|扣减|罚没){_C}{{0,10}}?(?:保证金|押金|风险金)",
                r"(?:停业整顿|停产停业|停业整改|停业整治|停产整顿|停产整改|关门歇业)(?!期)",
                rf"(?:整改|整顿)期间{_K}{{0,4}}?(?:停止|暂停)(?:营业|经营|生产|施工)",
                rf"(?:暂停|取消|限制|禁止|停止|收回|撤销)其(?!{_K}{{0,12}}?(?:享受|低保|救助|补贴|待遇|评优|"
                rf"评先|荣誉|入学|分红)){_K}{{0,12}}?(?:营业|营运|经营|执业|从业|投标|承接|承揽|代理|招生|"
                r"参与|参加|竞买|竞拍|竞标|供货|供应|销售|生产|施工|资质|许可|执照|牌照|资格|收住|招收|"
                r"接收|收治|开展|从事|投放|运营|新增|揽)",
                rf"(?:{_N}+|半)(?:年|个月)内{_K}{{0,4}}?(?:不得|禁止|不准|不予){_K}{{0,10}}?(?:承接|参加|"
                r"参与|从事|投标|经营|承揽|进入|申报|供货)",
                r"清退出",
                r"限制从业|降低资质等级",
            )
        )
    ),
    Category.LICENCE: re.compile(
        "|".join(
            (
                rf"(?:须|需|需要|必须|应当|应|均须|一律须|要)(?:先|事先|事前|预先)?{_C}{{0,20}}?"
                rf"(?:经|报经|报|向|由|征得|取得|持有?|凭|申领|办理){_C}{{0,30}}?{_APPROVAL}"
                r"(?!机关|部门|局|事项|权|服务|系统|平台|窗口)",
                rf"未经{_C}{{0,20}}?(?:批准|许可|审批|核准|同意|登记){_C}{{0,8}}?(?:不得|禁止|一律不|严禁)",
                rf"未(?:取得|办理|领取|持有|申领){_C}{{0,20}}?(?:{_APPROVAL}|证|执照|牌照|手续|批文)"
                rf"{_C}{{0,8}}?(?:不得|禁止|一律不|严禁)",
                rf"(?:实行|实施){_C}{{0,12}}?(?:审批|许可|核准|准入|准运|准营|准销|通行证|登记证)证?(?:管理)?"
                r"(?:制度|制|管理)",
                rf"(?:取得|领取|办理|申领|持|凭){_C}{{0,20}}?(?:{_APPROVAL}|{'|'.join(_CERTIFICATES)})"
                rf"{_C}{{0,12}}?(?:后(?![，,])|方可|才能|方能|才可|方予)",
                rf"方可{_ACTIVITY}|方予(?:办理|登记|受理)",
                # A paper an authority issues, made the condition of acting (须取得…出具的确认书，
                # 否则不得…; 申领专用号牌后方可…).
                rf"(?:取得|领取|申领|持有|凭)(?:{_C}{{0,20}}?(?:出具|核发|发放|签发|颁发)的)?{_K}{{0,12}}?"
                r"(?:证|书|函|牌|文件|凭证|回执|批文|手续)后?[，,]?(?:方可|才能|方能|才可|否则)",
                # A paper an authority issues that a party must obtain (须先到…领取经营卡, 应当向…申请
                # 办理…资质认定, 须取得…出具的《…意见》).
                rf"(?:须|需|必须|应当|应)(?:先|事先|事前|预先)?{_C}{{0,20}}?(?:取得|领取|申领|获得|申请办理|"
                r"申请核发|持有)"
                rf"(?:{_C}{{0,20}}?(?:出具|核发|发放|签发|颁发)的)?《?{_K}{{0,12}}?(?:证|卡|意见|认定|资质|"
                r"许可|批准|同意|回执|函|批文|凭证|确认书|意见书|许可书)(?![的证])",
                # An undertaking of a private party put to an authority's approval (设立殡葬服务网点，由
                # 所在乡镇初审，报县民政局批准).
                rf"(?:设立|开办|开设|新建|举办|从事|设置)(?!的){_C}{{0,25}}?(?:报经?|报请){_K}{{0,15}}?"
                r"(?:批准|核准|审批|审定)",
                # A condition not met bars business (未签订的，不得营业).
                r"未(?:签订|提交|通过|备案|登记|取得|办理|领取)"
                rf"{_C}{{0,20}}?[，,]?{_K}{{0,6}}?(?:不得|禁止|严禁|不准){_K}{{0,4}}?(?:营业|经营|开业|开工|"
                r"施工|营运|上岗|招生|进场|入场|销售|从事|参加|参与|投标|承接|承揽)",
                # …审查通过的，方可设置: whatever follows, the approval is the condition.
                rf"{_APPROVAL}(?:后|的)?[，,]?(?:方可|方能|才能|才可)",
            )
        )
    ),
    Category.COERCION: re.compile(
        "|".join(
            (
                r"查封|扣押|冻结|封存|封停|贴封|加封",
                rf"(?:可以|可|予以|一律|当场)(?:暂扣|扣留)(?!{_K}{{0,8}}?(?:证|执照|牌照))",
                rf"(?:暂扣|扣留){_C}{{0,10}}?(?:车辆|物品|工具|设备|货物|烟花爆竹|船只|渔具|车|设施|"
                r"商品|物资|器具|用具|材料|财物|摊)",
                # Things or people taken to, or held at, a place of the administration's.
                rf"(?:暂扣|扣留|扣押|扣存|暂存|存放|保管|收存|收缴|收回|清运|拖|运|送|带|押|移|控制|看管|关)"
                r"(?:至|到|往|回|于|在)"
                rf"{_K}{{0,10}}?{_HOLDING_PLACE}",
                r"(?<!暂)扣车(?!辆)|不得离开|禁止离开|限制其离开|强制执行|(?:贴上|张贴|加贴)封条|停水停电|停电停水|"
                r"(?:予以|实施|一律|采取|对其)(?:停水|停电|停气|断网)",
                rf"(?:实施|予以|进行|一律|当场)锁定|锁定(?:其|该)?{_K}{{0,4}}?(?:车辆|车轮)",
                rf"(?:{'|'.join(_COERCE_PREFIX)})(?:{'|'.join(_COERCE_ACT)})",
                rf"(?:实施|予以|一律|由{_K}{{0,12}}?)(?:清吊)?(?:拖移|拖离|拖走|拖运|吊离)",
                r"锁车|车轮锁|轮锁|抱轮|(?:车轮|车辆)加锁|加锁",
                rf"车{_K}{{0,10}}?(?:加装|安装|加上|上)(?:车轮)?锁",
                r"(?:实施|予以|进行|一律|强制)封堵|封堵其",
                # A person held: 将其隔离在家, 把其控制在现场.
                rf"(?:将|把)其{_K}{{0,8}}?(?:隔离|控制|扣留|带离|带回|留置|看管|约束)",
                rf"(?:清运|收缴|收回|收存|收集){_C}{{0,12}}?(?:入库|暂存点|集中存放|统一保管|指定地点)",
                r"入库统一保管|集中存放|扣存|(?:集中|统一)(?:清理|清运)?(?:收存|保管)|"
                r"(?:统一|一律|集中)(?:拆除|收缴)",
                rf"收缴(?!的)(?:其|当事人)?{_K}{{0,8}}?(?:工具|物品|设备|车辆|货物|商品|器具|渔具|网具|烟花爆竹|"
                r"物资|材料|财物|器材)",
                # Goods or vehicles taken to the administration's store or lot.
                rf"(?:暂存|存放|保管)(?:于|至|到|在){_C}{{0,10}}?(?:停车场|仓库|库房|暂存点|指定地点|"
                r"指定场所)",
                r"留置|看管|看护|带回询问|强制送|集中隔离|集中教育|不允许其离开|带离现场|"
                rf"(?:带至|带到|送至|送往|约束至|约束在|约束于){_C}{{0,8}}?(?:指定地点|指定场所|救助站|集中)",
                r"(?:停止|中断|切断)(?:对其|其)?(?:供水|供电|供气)|断电|断水",
                r"代为(?:拆除|清除|处置|清理)",
                r"限制(?:其)?人身自由",
            )
        )
    ),
    Category.FEE: re.compile(
        "|".join(
            (
                rf"(?:收取|征收|(?<![欠未])缴|交纳|交存|交付|预交|预存|上交|存储|存入|支付){_C}{{0,20}}?"
                r"(?:费|基金|(?:保证|押|诚信|风险|质保|履约|抵押|保障|赔偿|补偿)金)",
                # A sum set for a charge: 垃圾处理费按每户每月10元.
                rf"(?:费|保证金|押金|基金)(?:标准)?(?:按|为|每){_C}{{0,15}}?{_N}+{_K}{{0,4}}?元",
                rf"收(?![费购])({_K}{{1,8}}?)费",
                r"收费标准(?:为|按|是|：|:)",
                rf"(?:每|按){_C}{{0,12}}?(?:收取|收费|缴纳|交纳|征收){_C}{{0,6}}?{_N}+",
                rf"(?:每|按){_C}{{0,15}}?{_N}+{_K}{{0,3}}?元(?:的标准)?(?:收取|收费|缴纳|交纳|征收)",
            )
        )
    ),
    Category.OBLIGATION: re.compile(
        "|".join(
            (
                r"(?:一律)?不予(?:办理|受理|登记|审批|发放|享受|报销|录用|安排|落户|入学)",
                # A service withheld from someone (暂停为其办理各类证明, 不得为其安排摊位).
                r"(?:暂停|停止|不再|不予|不得)(?:为|给|对|向)其(?:办理|受理|发放|提供|出具|安排)",
                rf"(?:取消|暂停|停止){_C}{{0,10}}?(?:资格|待遇|补贴|低保|救助|享受|分红)",
                r"列入(?:黑名单|失信|不良信用|重点监管名单)",
                rf"限制{_C}{{0,10}}?(?:入学|就业|出行|出境|乘坐|升学|招录|参军|贷款|报考)",
                rf"(?:必须|须|应当|需){_C}{{0,10}}?(?:提供|出具|开具|提交){_C}{{0,20}}?"
                r"(?:证明|承诺书|担保|保证书)",
                rf"(?:子女|配偶|家属|亲属|家人){_C}{{0,15}}?(?:不得|不予|取消|限制|停止)",
                r"连带责任|株连|摊派|(?<!非法)集资",
                rf"(?:必须|一律|均须|须){_C}{{0,10}}?(?:捐款|捐赠|参加义务劳动|购买|参加商会|参加协会)",
                # Routine reports to an office: every day, week or month, or days ahead.
                rf"(?:每日|每天|每周|每月|每季度|每半年|定期|提前{_N}+个?[日天]){_C}{{0,12}}?"
                rf"向{_C}{{0,15}}?(?:报送|报告|上报|报备)",
                # Equipment to install, pledges to sign, labour or study to attend — imposed when a
                # 须/应当 stands before them in the clause (_IMPOSED, checked in _exempt).
                rf"(?:安装|加装|配备|配置|购置){_K}{{0,16}}?(?:设备|装置|摄像头|监控|报警器|门禁|系统)",
                rf"(?:签订|签署|写出|写下|递交){_C}{{0,8}}?(?:承诺书|保证书|责任书|责任状|检讨书)",
                rf"参加{_C}{{0,12}}?(?:劳动|清扫|学习)",
            )
        )
    ),
    Category.COMPETITION: re.compile(
        "|".join(
            (
                rf"指定{_C}{{0,15}}?(?:企业|公司|经营者|供应商|品牌|服务商|交易中心|检测机构|中介机构|"
                r"生产厂家|厂家)",
                rf"(?:指定|暂定为|确定为|统一由){_C}{{0,25}}?(?:有限公司|股份公司|公司|交易中心)",
                rf"(?:限定|只能|仅限|必须|须|统一|应当){_C}{{0,8}}?(?:购买|使用|选用|接受|采购|经营)"
                rf"{_C}{{0,20}}?(?:{_LOCAL}|指定|特定)",
                rf"{_LOCAL}(?:生产)?的?{_C}{{0,8}}?{_FIRM}{_C}{{0,20}}?"
                r"(?:优先|予以|给予|方可|享受|补贴|奖励|价格扣除|加分)",
                rf"优先(?:采购|选用|使用|购买|录用){_C}{{0,10}}?{_LOCAL}",
                rf"{_NONLOCAL}{_C}{{0,20}}?{_FIRM}{_C}{{0,25}}?"
                r"(?:不得|禁止|限制|须|应当|应|一律|另行|重复|不享受|需|提高|高于|加收|加倍|上浮|不予|"
                r"单独|额外)",
                # Goods or firms entering from elsewhere held to more (外地进入本县的生猪，须…重新检疫).
                rf"{_NONLOCAL}(?:进入|调入|运入|流入)(?!{_K}{{0,12}}?人){_C}{{0,12}}?(?:须|必须|应当|一律|"
                r"重新|另行|重复|不得)",
                # Subsidies or rewards for what is made locally (本县产水泥…给予补贴).
                rf"{_LOCAL}(?:生产|产|制造|出产)(?!业|总值){_C}{{0,30}}?(?:优先|给予|补贴|奖励|补助|"
                r"价格扣除|加分|扶持)",
                rf"(?:不得|禁止|限制){_C}{{0,10}}?{_NONLOCAL}",
                rf"(?:提供|出具){_LOCAL}{_C}{{0,6}}?(?:纳税|社保|注册)",
                rf"(?:税收|税款|增值税|所得税|土地出让金|地方留成|财政贡献|纳税额){_C}{{0,16}}?"
                r"(?:返还|奖励|优惠|补贴)",
                rf"(?:返还|减免|奖励){_C}{{0,6}}?(?:税|土地出让金)",
                # A reward or subsidy measured by the firm's tax or fiscal contribution.
                rf"(?:税收|税款|纳税|税负|财政收入|财力贡献|财力|财政贡献|地方贡献|贡献额|留成)"
                rf"{_C}{{0,60}}?(?:奖励|返还|扶持|补贴|补助|奖补)",
                # Buying from local suppliers.
                rf"(?:向|从|在|到)(?=[本当县市区省])(?:{_LOCAL}|县内|市内|区内|省内){_C}{{0,12}}?"
                r"(?:采购|购买|购进|进货|选购|订购|中确定|中选择|中选定|中遴选)",
                # A short list chosen once is the only way into the market.
                rf"(?:入围|入库|入选){_C}{{0,12}}?(?:方可|才能|方能|才可)",
                rf"(?:库外|名录外|名单外){_C}{{0,6}}?(?:不得|禁止)",
                # Work reserved for local firms (原则上由本地企业承担).
                rf"由{_LOCAL}{_K}{{0,6}}?(?:企业|公司|供应商|经营者)(?:承担|承办|提供|负责|实施|供应)",
                # Local presence or record demanded (须在本市有三年以上的施工业绩).
                rf"(?:须|必须|应当|应)(?:在|具有|具备|有){_LOCAL}{_K}{{0,10}}?(?:业绩|经验|纳税|社保|"
                r"办公场所|经营场所|分支机构|常驻)",
                # Only local firms admitted (必须是本县登记注册的企业).
                rf"(?:必须|须|应当|只能|仅限|限于)(?:是|为)?{_LOCAL}{_K}{{0,8}}?(?:注册|登记|设立|企业|公司|"
                r"供应商)",
                rf"在?{_LOCAL}(?:设立|设有|设置|开设|注册|建立|成立){_C}{{0,8}}?(?:分支机构|分公司|子公司|"
                r"公司|企业|机构|办事处|网点|营业场所|服务站|常驻)",
                # A market closed to newcomers.
                r"(?:暂停|不再|停止|暂缓)(?:受理|审批|核准|批准|核发|向)?"
                rf"(?:新增|新设|新批|新建|新办|新开|新的|新){_C}{{0,12}}?(?:经营者|网点|企业|门店|许可|"
                r"机构|申请|投放|站|店|经营权|牌照|摊位|市场主体|公司)",
                rf"总量控制{_C}{{0,12}}?不再",
                # A quota on newcomers (每年新增不超过两家).
                rf"新增{_K}{{0,4}}?不(?:得)?(?:超过|多于){_N}+(?:家|个|户)",
                rf"统一(?:从|向|到){_K}{{0,15}}?(?:采购|购买|购进|进货|订购)",
                # Buying made compulsory from one named firm (应当从县砂石公司统一购买).
                rf"(?:须|必须|应当|应|只能|一律|统一)(?:从|向|在|到){_K}{{0,15}}?(?:{'|'.join(_SELLERS)})"
                rf"(?:统一|集中)?(?:{'|'.join(_BUYING)})",
                rf"(?:只能|仅限|统一|一律)(?:委托|交由|由){_K}{{0,15}}?(?:承担|承办|办理|经营|提供|实施)",
                rf"(?:统一由|交由){_K}{{0,15}}?(?:公司|集团|殡仪馆|书店|检测站|厂|企业){_K}{{0,6}}?"
                r"(?:负责|承担|提供|设计|施工|供应|经营|征订|发行|承办|配送|运营)",
                rf"由{_K}{{1,15}}?统一(?:征订|订购|采购|供应)",
                rf"其他(?:企业|单位|经营者){_K}{{0,4}}?不得(?:参与|经营|承接|进入)",
                r"(?:不得|禁止)另行(?:委托|选择|选定|采购|聘请)",
                r"独家|排他|唯一(?:指定|承办|供应|经营|服务|合作)|为唯一|区域专营|"
                r"一家(?:经营|承担|承办|提供|供应|负责)",
                rf"(?:推荐|公布|指定){_C}{{0,12}}?(?:名录|名单|目录){_C}{{0,8}}?(?:中|内){_C}{{0,8}}?"
                r"(?:选择|选用|选购|选定|确定|委托|采购|购买|聘请|使用|进行|的)",
                # A list made the only way in: 须从…名录中选择.
                rf"(?:须|必须|应当|应|只能|一律|统一|均须|限定|仅限)(?:从|在)?{_C}{{0,25}}?"
                r"(?:名录|名单|目录|库)(?:中|内|里)(?:选|确定|委托|采购|购买|聘请|使用|抽取)",
                rf"未(?:列入|纳入){_C}{{0,6}}?(?:名录|名单){_C}{{0,6}}?(?:不得|禁止)",
                rf"一律由{_C}{{0,12}}?推荐",
                # Work or rights handed to one body (经营权统一授予县交通投资公司).
                rf"(?:{'|'.join(_ALL_OF)})(?:{'|'.join(_HANDED)}){_K}{{0,15}}?(?:公司|集团|中心|厂|站|协会|"
                r"机构)",
                # Buying from those an office has chosen (从县住建局确定的三家搅拌站中选择采购).
                rf"(?:{'|'.join(_CHOSEN)})的{_K}{{0,12}}?(?:中|内)(?:选|确定|委托|采购|购买)",
            )
        )
    ),
}


def _first_chars(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The characters a match of the parsed regex `items` can start with, or None when that is
    not a short list (a class like \\d, a lookahead, a part that may match nothing)."""
    out: set[str] = set()
    for op, av in items:
        if op is _sre.LITERAL:
            out.add(chr(av))
            return out
        if op is _sre.IN:
            for inner, value in av:
                if inner is _sre.LITERAL:
                    out.add(chr(value))
                elif inner is _sre.RANGE:
                    out.update(map(chr, range(value[0], value[1] + 1)))
                else:
                    return None
            return out
        if op is _sre.ASSERT_NOT and av[0] < 0:
            continue  # a lookbehind consumes nothing
        if op is _sre.SUBPATTERN or op is _sre.BRANCH:
            parts = [list(av[3])] if op is _sre.SUBPATTERN else av[1]
            for part in parts:
                chars = _first_chars(list(part))
                if chars is None:
                    return None
                out |= chars
            return out
        if op is _sre.MAX_REPEAT or op is _sre.MIN_REPEAT:
            low, _high, part = av
            chars = _first_chars(list(part))
            if chars is None:
                return None
            out |= chars
            if low:
                return out
            continue  # optional: what follows may start the match as well
        return None
    return None


def _guarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` behind a lookahead for the characters its matches start with: the engine then
    passes most positions of a clause with one class test instead of trying every branch there.
    Python's own optimisation of this kind stops at a branch that starts with a group."""
    try:
        chars = _first_chars(list(_sre_parse.parse(pattern.pattern)))
    except Exception:  # the parser is Python's internal one: without it, no guard
        chars = None
    if not chars:
        return pattern
    return re.compile(f"(?=[{re.escape(''.join(sorted(chars)))}])(?:{pattern.pattern})")


# The patterns as written (tests check that the guarded ones find exactly what these find).
_PLAIN_PATTERNS = dict(_PATTERNS)
_PATTERNS = {category: _guarded(pattern) for category, pattern in _PATTERNS.items()}

# Specific provisions, where the words show which one a clause would breach.
_COMPETITION_ARTICLE = (
    (re.compile(f"{_NONLOCAL}|设立|注册|纳税证明"), "公平竞争审查条例第9条"),
    (re.compile("税|财政贡献|留成|补贴|奖励|返还|价格扣除|加分"), "公平竞争审查条例第10条"),
)


# --- what exempts a clause ----------------------------------------------------------------

# Words that turn the rest of their comma-clause into a prohibition addressed to the
# administration, or a waiver: "严禁乱收费", "不得收取任何费用", "免收工本费", "取消…的做法".
_NEGATION = re.compile(
    r"不得|严禁|禁止|不准|不许|杜绝|防止|制止|反对|整治|清理|纠正|免|无需|不需|不再|取消|减少|降低|乱"
)
# Where a comma-clause starts: the negation words above reach no further back than this.
_CLAUSE_START = "，,：:（(、"
_UP_TO_LAST_MARK = re.compile(f".*[{_CLAUSE_START}]", re.DOTALL)

# The generic basis: 依法, or a basis in 法律/法规/规章/有关规定 (not in 本办法, not a 《…》: those
# are resolved through the law index).
_GENERIC_BASIS = re.compile(
    r"依法|依规|"
    r"(?:依照|依据|根据|按照|遵照|参照|依)[^。；;！？!?\n《》本]{0,12}?"
    r"(?:法律|法规|规章|有关规定|相关规定|国家规定|国家有关|规定的|规定执行|规定办理|统一规定)|"
    r"法律、法规|法律法规|有关法律|相关法律"
)
_CITATION = re.compile(r"《([^《》]{2,60})》")
# 依法 is no basis for named sanctions on breaking the document's own rules or duties, or for
# an escalation it lays down itself (…依法处以罚款…直至吊销营业执照).
_OWN_RULES = re.compile(r"违反本(?:通知|通告|办法|规定|决定|意见|方案|细则)|直至|从重从快|从严处置")
_SANCTION = re.compile(r"罚款|没收|停业|停产|吊销|关停|关闭|暂扣")
# A sentence that opens with its basis: 依照《…》…, or the quoted provision itself (《…》第N条规定：).
_BASIS_OPENER = re.compile(r"^[一二三四五六七八九十0-9（()）、.．]*(?:依照|依据|根据|按照|遵照|《)")
_COMMA_OR_COLON = re.compile(r"[，,：:]")
_DEFAULTED = re.compile(r"未|欠|拒不|拖欠|逾期不|不按")
# Goods already taken (暂扣物品, 扣押的车辆): what happens to them next is procedure.
_HELD_GOODS = re.compile(r"(?:暂扣|扣押|查封|收缴|没收)的?(?:物品|财物|车辆|设备|货物|工具)")
# A private party acting of its own accord (居民可将…送至指定地点): no measure taken against it.
_OWN_ACT = re.compile(
    r"(?:居民|市民|群众|村民|业主|车主|住户|经营者|经营户|商户|当事人|个人|企业)(?:可以|可|自行)将"
)
# A proof demanded in a clause that sets a licence is that licence's condition.
_PROOF = re.compile(r"证明|承诺书|担保|保证书")
_TAKEN = re.compile(r"(?:采取|实施|予以)$")
_FEE_PAID_NOUN = re.compile(
    r"(?:收取|征收|缴纳|缴存|缴交|交纳|交存|交付|预交|上交|上缴|存储|存入|支付)的"
)
_IMPOSED_BEFORE = re.compile(r"(?:须|应当|应|需|要)$")
_APPROVAL_RE = re.compile(_APPROVAL)

# A bracket that closes a sentence and cites its basis: …（《公路安全保护条例》第六十四条）.
_TRAILING_BRACKET = re.compile(r"[（(][^（）()。；;]*《[^》]+》[^（）()。；;]*[）)]\s*$")


# Clauses that restate how the administration itself proceeds, or its remedies.
_PROCEDURE = re.compile(
    r"出示{_C}{0,6}证件|笔录|录像|告知当事人|听证|陈述|申辩|行政复议|行政诉讼|上缴国库|"
    r"(?:收到|制作|送达|交付|出具|下达){_C}{0,8}决定书|"
    r"妥善保管|补办批准手续|回避|法定职权|不得委托|人民法院|时[，,]应当|负责人批准|法制审核|"
    r"合法性审核".replace("{_C}", _C)
)
_PROCEDURAL = frozenset({Category.PENALTY, Category.COERCION, Category.LICENCE})
# A coercive measure named as a noun (查封的场所, 扣押决定, 实施查封时), not imposed.
_NOUN_AFTER = re.compile(
    r"(?:[、和或及](?:查封|扣押|冻结|拖移))*(?:决定|时|的|期间|期限|措施|应当)"
)
# Internal accountability and approval: who is reprimanded, or who approves, is the
# administration's own unit or official.
_INTERNAL = re.compile(
    r"乡镇|乡[（(]镇|街道(?!办事处出具)|部门|村（社区）|村\(社区\)|责任人员|工作人员|本单位|"
    r"所属|下属|局属|各单位|领导班子|负责人|评优|评先|考核|"
    r"县[（(][市区]|副?[县区市镇乡]长|市直|县直|区直|执法人员|执法队员|公职人员"
)
_PRIVATE = re.compile(
    r"企业|公司|经营户|经营者|商户|个人|当事人|驾驶员|驾驶人|业主|住户|户主|村民|居民|养犬人|投标人|"
    r"中标人|供应商|申请人|车主|店|农家乐|网吧|机构|职工|员工|群众|学生|家庭"
)
# Approvers that are no licensing authority: the administration's own officials and meetings,
# and a person's own consent (家长, 监护人, 本人).
_INTERNAL_APPROVER = re.compile(
    r"负责人|领导|局长|区长|县长|市长|镇长|乡长|党组|党委|局务会|办公会|常务会|会议|办公室主任|"
    r"家长|监护人|本人|近亲属|班主任|老师|教师|辅导员"
)
_INTERNAL_SUBJECT = re.compile(
    r"方案|计划|事项|预算|资金|经费|公车|公务用车|实施细则|本办法|本方案|本通知|各部门|各单位|局属|"
    r"本单位|内部|年度|执法人员|工作人员|公职人员"
)
# Approval of a benefit (a subsidy applied for) is no licence; proof of one's own income or
# housing for a benefit applied for is no added obligation.
_BENEFIT = re.compile(
    r"享受|扶持|补贴|奖励|资助|荣誉|贴息|补助|救助|津贴|(?:后|方可)(?:发放|拨付|兑现)"
)
# A clause whose subject is the administration's own units (各镇（街道）申报的项目须经…同意).
_SUBORDINATE_SUBJECT = re.compile(
    r"[一二三四五六七八九十0-9（()）、.．]*(?:各(?!类|种|项|位|界)|县直|区直|市直|局属|所属|下属)"
)
_ELIGIBILITY = re.compile(r"收入|无房|住房|身份|户籍|家庭")
_PUBLISHED = re.compile(r"印发|现予|遵照执行|贯彻执行|授予")
_FEE_WAIVER = re.compile(
    r"替代|减半|减免|免收|免征|不收取|已收取|所收|缓缴|缓交|减缴|免缴|上缴财政|上缴国库|坐收坐支"
)
# A refund exempts a clause that is about refunding, not a deposit demanded and refunded later.
_FEE_REFUND = re.compile(r"退还|清退")
# Who pays is the administration's own staff (机关食堂, 本单位职工).
_FEE_INTERNAL = re.compile(r"(?:机关|本单位|本局|本机关|局机关|各科室|干部职工)")
_FEE_NOUN_AFTER = re.compile(r"(?:、[^，,。；;]{0,6})*的?(?:情况|行为|管理|项目和标准)")
_ADMIN_COLLECTS = re.compile(r"行政机关|事业单位|各部门|各地|本系统|各级|各单位")

_AMOUNT = re.compile(rf"{_N}+\s*(?:元|万元)|每")
# Duties that are only duties when a 须/应当 imposes them earlier in the clause.
_IMPOSED_VERBS = (
    "安装", "加装", "配备", "配置", "购置", "签订", "签署", "写出", "写下", "递交", "参加",
)  # fmt: skip
_IMPOSED = re.compile(r"须|必须|应当|应|要(?!求)")
# A reward measured by tax or revenue restricts competition when a firm or project gets it.
_FISCAL = re.compile(r"税收|税款|纳税|税负|财政收入|财力|财政贡献|地方贡献|贡献额|留成")

_BENEFICIARY = re.compile(r"企业|项目|公司|经营者|业主|商户|纳税人|纳税大户|商家|厂")
# A list offered for reference, equal treatment, or a ban on discrimination: no restriction.
_LIST_OPTIONAL = re.compile(
    r"仅供参考|自主选择|同等|平等|一视同仁|歧视|排斥|设置障碍|不合理|提供便利|不得随意"
)
# A clause on the administration's own purchasing or on subordinate units' budgets; it still
# restricts competition when it names where or from whom (本地, 指定, 公司…).
_COMPETITION_PRIVATE = re.compile(
    f"{_PRIVATE.pattern}|{_LOCAL}|{_NONLOCAL}|指定|定点|特定|厂|集团|供应商"
)


# --- checking -----------------------------------------------------------------------------

# Words at least one of which every match of a category's patterns contains. One scan of a
# text for all of them finds the few clauses worth checking, and which categories to check there.
_LOCAL_WORDS = ("本地", "本市", "本县", "本区", "本省", "本镇", "当地")
_LOCAL_INSIDE = tuple(
    f"{place}内{what}"
    for place in "县市区省"
    for what in ("生产", "企业", "产品", "商品", "供应商", "经营者", "品牌", "公司", "规模")
)
_NONLOCAL_WORDS = (
    "外地", "外省", "外市", "外县", "外埠", "异地", "非本地", "省外", "市外", "县外", "区外", "外来",
    *(f"非本{place}" for place in "市县区省镇"),
)  # fmt: skip
_ANCHORS: dict[Category, tuple[str, ...]] = {
    Category.PENALTY: (
        "元", "罚款", "警告", "通报批评", "拘留", "处罚", "违者", "没收", "吊销", "暂扣", "责令",
        "停业", "停产", "暂停其", "取消其", "限制其", "禁止其", "年内", "清退出", "限制从业",
        "降低资质", "罚", "关停", "歇业", "停止其", "收回其", "撤销其", "个月内", "扣除", "扣减",
        "限产", "限制生产", "限制经营", "限制营业", "整改期间", "整顿期间", "扣留",
        *(f"{stop}{act}" for stop in ("暂停", "停止") for act in ("营业", "经营", "生产", "营运", "执业")),
    ),
    Category.LICENCE: (
        "批准", "审批", "许可", "核准", "同意", "会签", "联合", "审查通过", "审核通过", "验收合格",
        "准销", "牌照", "证明", "回执", "意见书", "未经", "准入", "方可", "才能", "方能", "才可",
        "方予", "无异议", "会审同意", "会审通过", "准运", "准营", "否则", *_CERTIFICATES,
        "取得", "领取", "申领", "获得", "申请办理", "申请核发", "持有",
        "未取得", "未办理", "未领取", "未持有", "未申领", "未签订", "未提交", "未通过", "未备案",
        "未登记",
        "审定", "签批", "准许", "准予", "批复", "认可", "审查意见", "审核意见", "验收意见", "织评审",
        "资格审查", "资格审核", "资质审查", "资格认定", "证通过", "估通过", "审通过",
    ),
    Category.COERCION: (
        "查封", "扣押", "冻结", "封存", "封停", "封条", "暂扣", "扣留", "拖移", "拖离", "拖走",
        "拖运", "吊离", "锁", "抱轮", "入库", "暂存点", "集中存放", "统一保管", "指定地点", "留置",
        "看管", "看护", "带回", "强制", "集中隔离", "集中教育", "离开", "带离", "带至", "带到",
        "送至", "送往", "供水", "供电", "供气", "断电", "断水", "代为", "人身自由", "贴封", "加封",
        "扣存", "暂存", "停车场", "仓库", "库房", "指定场所", "约束至", "约束在", "约束于",
        "封堵", "收存", "将其", "把其", "停放场", "停放点", "停车点", "扣车场", "保管站",
        "队", "派出所", "保管场所", "收容", "救助站",
        "隔离点", "指定位置", "指定区域", "指定的", "扣车", "停水", "停电", "停气", "断网",
        *(f"{how}{act}" for how in ("统一", "一律", "集中") for act in ("拆除", "收缴", "收存", "保管")),
        "收缴",
        *(prefix + act for prefix in _COERCE_PREFIX for act in _COERCE_ACT),
    ),
    Category.FEE: (
        "费", "保证金", "押金", "基金", "补偿金", "收取", "缴纳", "交纳", "险金", "保金", "赔偿金",
        "诚信金", "履约金", "保障金", "征收",
        "保障金",
    ),
    Category.OBLIGATION: (
        "不予", "资格", "待遇", "补贴", "低保", "救助", "享受", "分红", "黑名单", "失信", "不良信用",
        "重点监管", "入学", "就业", "出行", "出境", "乘坐", "升学", "招录", "参军", "贷款", "报考",
        "证明",
        "承诺书", "担保", "保证书", "子女", "配偶", "家属", "亲属", "家人", "连带责任", "株连",
        "摊派", "集资", "捐款", "捐赠", "义务劳动", "购买", "商会", "协会", "报送", "报告", "上报",
        "报备", "安装", "加装", "配备", "配置", "购置", "签订", "签署", "写出", "写下", "递交",
        *(f"其{act}" for act in ("办理", "受理", "发放", "提供", "出具", "安排")),
        "参加",
    ),
    Category.COMPETITION: (
        "指定", "暂定为", "确定为", "特定", "税", "土地出让金", "留成", "财政贡献", "新增", "新设",
        "受理新", "向新", "总量控制", "只能", "仅限", "交由", "独家", "名录", "名单", "推荐",
        "统一由", "统一从", "统一向", "统一到", "统一委托", "统一征订", "统一订购", "统一采购", "统一供应", "一律由", "一律委托", "一律交由",
        "其他企业", "其他单位", "其他经营者", "财政收入", "财力", "入围", "入库", "入选", "库外", "名录外", "名单外", *_LOCAL_WORDS, *_LOCAL_INSIDE,
        "贡献", "排他", "唯一", "录中", "录内", "录里", "库中", "库内", "库里", "域专营", "一家",
        *(f"另行{act}" for act in ("委托", "选择", "选定", "采购", "聘请")),
        *(f"{how}{handed}" for how in _ALL_OF for handed in _HANDED),
        *(f"{chosen}的" for chosen in _CHOSEN if chosen != "公布"), "布的",
        *(
            f"{firm[-1]}{how}{buy}"
            for firm in _SELLERS
            for how in ("", "统一", "集中")
            for buy in _BUYING
        ),
        *(f"{word}新" for word in ("暂停", "不再", "停止", "暂缓", "受理", "审批", "核准", "批准",
                                   "核发")),
        *_NONLOCAL_WORDS, *(f"{at}{place}内" for at in "向从在到" for place in "县市区省"),
    ),
}  # fmt: skip
_ANCHOR_CATEGORIES: dict[str, frozenset[Category]] = {
    word: frozenset(c for c, words in _ANCHORS.items() if word in words)
    for words in _ANCHORS.values()
    for word in words
}


_ANCHOR_RE = re.compile(_trie_pattern(sorted(_ANCHOR_CATEGORIES)))
_ALL = tuple(_PATTERNS)
# The categories of an anchor as bits, and the categories of each set of bits in order: the
# loop over a text's anchors then only ors integers. The scan takes the longest anchor at a
# position (指定的, not 指定), so an anchor also stands for every anchor inside it.
_ANCHOR_MASK: dict[str, int] = {
    word: sum(
        1 << _ALL.index(c)
        for c in {
            c
            for inner, categories in _ANCHOR_CATEGORIES.items()
            if inner in word
            for c in categories
        }
    )
    for word in _ANCHOR_CATEGORIES
}

_BY_MASK: tuple[tuple[Category, ...], ...] = tuple(
    tuple(c for i, c in enumerate(_ALL) if mask >> i & 1) for mask in range(1 << len(_ALL))
)


def classify_sentence(sentence: str, laws: LawIndex | None = None) -> dict[Category, str]:
    """The categories a sentence (one or more clauses) appears to set, each with the words that
    show it. Every pattern is tried on every clause: this is the reference that `find_hits`
    must agree with."""
    found: dict[Category, str] = {}
    index = laws or FORM_ONLY
    pos = 0
    for end in [*(m.start() for m in _CLAUSE_END.finditer(sentence)), len(sentence)]:
        if end > pos:
            for hit in _check(sentence, pos, end, _ALL, index, quote_sentence=False):
                found.setdefault(hit.category, hit.trigger)
        pos = end + 1
    return found


def find_hits(text: str, laws: LawIndex | None = None) -> list[ContentHit]:
    """Every clause of `text` that appears to set something, once per category, in order.

    `laws` resolves the titles a clause cites (the service passes the registry's laws); without
    it, titles are judged by their form alone. One scan finds the anchor words and one the clause
    ends; only clauses with an anchor are checked, and only for the categories their anchors
    point to, so a text costs a few regex scans rather than Python work per word."""
    anchors = _ANCHOR_RE.finditer(text)
    first = next(anchors, None)
    if first is None:
        return []
    index = laws or FORM_ONLY
    starts = [0]
    ends = []
    for run in _CLAUSE_END.finditer(text):
        ends.append(run.start())
        starts.append(run.end())
    ends.append(len(text))
    hits: list[ContentHit] = []
    masks = _ANCHOR_MASK
    clause = bisect_right(ends, first.start())
    clause_end = ends[clause]
    mask = masks[first.group(0)]
    for anchor in anchors:
        # Anchors come in order: one before the current clause's end is in that clause (most
        # are), and only the others need a search for their clause.
        at = anchor.start()
        if at < clause_end:
            mask |= masks[anchor.group(0)]
            continue
        hits.extend(
            _check(text, starts[clause], clause_end, _BY_MASK[mask], index, quote_sentence=True)
        )
        clause = bisect_right(ends, at, clause)
        clause_end = ends[clause]
        mask = masks[anchor.group(0)]
    hits.extend(
        _check(text, starts[clause], ends[clause], _BY_MASK[mask], index, quote_sentence=True)
    )
    return hits


def _check(
    text: str,
    start: int,
    end: int,
    categories: tuple[Category, ...],
    laws: LawIndex,
    *,
    quote_sentence: bool,
) -> list[ContentHit]:
    """The hits in the clause text[start:end] for `categories`; none if it gives a basis."""
    candidates: list[tuple[Category, re.Match[str]]] = []
    for category in categories:
        pattern = _PATTERNS[category]
        match = pattern.search(text, start, end)
        while match is not None:
            if not _exempt(category, text, start, end, match):
                candidates.append((category, match))
                break
            match = pattern.search(text, match.start() + 1, end)
    if not candidates:
        return []
    if len(candidates) > 1 and any(c is Category.OBLIGATION for c, _m in candidates):
        # An obligation is what is left: in a clause that sets a penalty, licence, fee, coercive
        # measure or restriction, the duty or lost benefit is part of that (a sanction that takes
        # away a qualification is the penalty, a proof demanded of outsiders the restriction).
        others = [(c, m) for c, m in candidates if c is not Category.OBLIGATION]
        candidates = [
            (c, m)
            for c, m in candidates
            if c is not Category.OBLIGATION
            or not any(
                (o.start() < m.end() and m.start() < o.end())
                or _PATTERNS[oc].search(text, m.start(), m.end())
                or (oc is Category.LICENCE and _PROOF.search(m.group(0)))
                for oc, o in others
            )
        ]
    basis, cited = _basis(text, start, end, laws)
    if basis or _sentence_basis(text, start, end, laws):
        return []
    clause = "".join(text[start:end].split())
    found = []
    for category, match in candidates:
        trigger = "".join(match.group(0).split())
        article = SOURCES[category]
        if category is Category.COMPETITION:
            article = next(
                (a for words, a in _COMPETITION_ARTICLE if words.search(clause)),
                "公平竞争审查条例第8条",
            )
        found.append(
            ContentHit(
                category,
                quote(clause, trigger) if quote_sentence else "",
                trigger,
                article,
                cited if category is Category.PENALTY else "",
            )
        )
    return found


def _exempt(category: Category, text: str, start: int, end: int, match: re.Match[str]) -> bool:
    """Whether a match does not set anything: negated, restated procedure, internal, a noun."""
    at = match.start()
    if _negated(text, start, at):
        return True
    matched = match.group(0)
    if category is Category.FEE:
        if matched.startswith(("收取任何", "收任何")) or _FEE_WAIVER.search(text, start, end):
            return True
        if _FEE_PAID_NOUN.match(matched) and not _IMPOSED_BEFORE.search(
            text, max(start, at - 2), at
        ):
            return True  # 收取的押金: what was charged, named as a noun (not 应当缴纳的…)
        if _defaulted(text, start, at):
            return True  # 对未按时缴纳摊位费的商户: who failed to pay, not a charge set here
        if _FEE_REFUND.search(text, start, at) or _FEE_INTERNAL.match(text, start):
            return True
        if _FEE_NOUN_AFTER.match(text, match.end()):
            return True
        # The administration's own collecting, ruled (清理, 遵守本办法), with no sum set.
        return bool(_ADMIN_COLLECTS.search(text, start, at)) and not _AMOUNT.search(
            text, start, end
        )
    if category in _PROCEDURAL and _PROCEDURE.search(text, start, end):
        return True
    if category is Category.COERCION:
        if _SUBORDINATE_SUBJECT.match(text, start) and not _PRIVATE.search(text, start, at):
            return True  # 各单位应当将收缴的物品送至…仓库: the administration's own units
        if _OWN_ACT.search(text, start, at):
            return True  # 居民可将大件垃圾送至指定地点: people moving their own things
        if text.startswith(("被", "将", "把"), at - 1):
            return True  # 被拖移, 将暂扣物品…: the measure named, not taken here
        if _HELD_GOODS.search(text, start, at):
            return True  # 将暂扣物品存放在…仓库: keeping what was taken, the law's procedure
        # 扣押决定, 查封的场所: a noun — unless it is taken (采取断电措施, 实施查封的).
        return _NOUN_AFTER.match(text, match.end()) is not None and not _TAKEN.search(
            text, max(start, at - 2), at
        )

    if category is Category.OBLIGATION and _ELIGIBILITY.search(matched):
        return "申请" in text[start:end]
    if (
        category is Category.OBLIGATION
        and matched.startswith(_IMPOSED_VERBS)
        and not _IMPOSED.search(text, start, at)
    ):
        return True
    if category is Category.PENALTY and "被" in text[max(start, at - 3) : at]:
        return True  # 被责令停产停业的企业: a measure referred to, not imposed
    if category in (Category.PENALTY, Category.OBLIGATION):
        return _internal_target(text, start, at)
    if category is Category.LICENCE:
        between = text[at : match.end()]
        head = text[start:at]
        comma = max(head.rfind("，"), head.rfind(","))
        if _INTERNAL_APPROVER.search(between) or _INTERNAL_APPROVER.search(head, comma + 1):
            return True
        if _INTERNAL_SUBJECT.search(head) and not _PRIVATE.search(head):
            return True
        if _SUBORDINATE_SUBJECT.match(text, start) and not _PRIVATE.search(head):
            return True
        if _BENEFIT.search(text, start, end):
            return True
        if (
            matched.startswith("方可")
            and _PATTERNS[Category.FEE].search(text, start, at)
            and not _APPROVAL_RE.search(text, start, at)
        ):
            return True  # the condition is a payment (缴纳保证金后方可开工): that is the fee
        return bool(_PUBLISHED.search(text, start, end))
    if category is Category.COMPETITION:
        if _LIST_OPTIONAL.search(text, start, end):
            return True
        if _FISCAL.match(matched) and not _BENEFICIARY.search(text, start, end):
            return True  # the revenue of a district, not of a firm
        return bool(_INTERNAL.search(text, start, end)) and not _COMPETITION_PRIVATE.search(
            text, start, end
        )
    return False


def _internal_target(text: str, start: int, at: int) -> bool:
    """Whether the one a consequence falls on is the administration's own unit or staff: the
    words from the last 对 (or the clause start) to the consequence, without who imposes it."""
    head_start = text.rfind("对", start, at)
    head = text[head_start if head_start >= 0 else start : at]
    comma = _COMMA_OR_COLON.search(head)
    if comma:
        head = head[: comma.start()]
    return bool(_INTERNAL.search(head)) and not _PRIVATE.search(head)


def _comma_clause_start(text: str, clause_start: int, at: int) -> int:
    """Where the comma-clause that holds position `at` starts (one scan: the greedy match ends
    after the last mark)."""
    last = _UP_TO_LAST_MARK.match(text, clause_start, at)
    return last.end() if last else clause_start


def _negated(text: str, clause_start: int, at: int) -> bool:
    """Whether a negation word stands earlier in the comma-clause that contains position `at`."""
    return _NEGATION.search(text, _comma_clause_start(text, clause_start, at), at) is not None


def _defaulted(text: str, clause_start: int, at: int) -> bool:
    """Whether the comma-clause before position `at` names a failure to do it (未按时缴纳…的):
    the words describe whom a consequence falls on, not a duty set here."""
    return _DEFAULTED.search(text, _comma_clause_start(text, clause_start, at), at) is not None


def _basis(text: str, start: int, end: int, laws: LawIndex) -> tuple[bool, str]:
    """Whether text[start:end] gives a legal basis; else the first title it cites as if it
    were one (a normative document)."""
    generic = _GENERIC_BASIS.search(text, start, end)
    if generic and not (
        generic.group(0) in ("依法", "依规")
        and _OWN_RULES.search(text, start, end)
        and _SANCTION.search(text, start, end)
    ):
        return True, ""
    cited = ""
    for citation in _CITATION.finditer(text, start, end):
        if laws.is_superior(citation.group(1), text[citation.end() : citation.end() + 24]):
            return True, ""
        cited = cited or citation.group(0)
    return False, cited


def _sentence_basis(text: str, clause_start: int, clause_end: int, laws: LawIndex) -> bool:
    """Whether the sentence that holds the clause opens with a basis (依照《…》第N条：…；…)
    before an earlier ；, or ends with one in brackets after a later ；, which then covers each
    of its clauses (…罚款；情节严重的，吊销…（《…条例》第N条）)."""
    later = _SENTENCE_END.search(text, clause_end)
    sentence_end = later.start() if later else len(text)
    if sentence_end > clause_end + 1:
        bracket = _TRAILING_BRACKET.search(text, clause_end, sentence_end)
        if bracket and _basis(text, bracket.start(), bracket.end(), laws)[0]:
            return True
    sentence_start = max(text.rfind(mark, 0, clause_start) for mark in _SENTENCE_ENDS) + 1
    if sentence_start >= clause_start:
        return False
    head = text[sentence_start:clause_start]
    if not _BASIS_OPENER.match(head.lstrip()):
        return False
    lead_end = _COMMA_OR_COLON.search(head)
    stop = sentence_start + (lead_end.start() if lead_end else len(head))
    return _basis(text, sentence_start, stop, laws)[0]


def quote(sentence: str, trigger: str) -> str:
    """The sentence as quoted in a finding: whole, or cut to MAX_QUOTE around the trigger."""
    if len(sentence) <= MAX_QUOTE:
        return sentence
    at = max(sentence.find(trigger), 0)
    start = max(0, min(at - MAX_QUOTE // 2, len(sentence) - MAX_QUOTE))
    cut = sentence[start : start + MAX_QUOTE]
    return ("…" if start else "") + cut + ("…" if start + MAX_QUOTE < len(sentence) else "")

"""Checking a text: each sentence's clauses against each kind's triggers, exempted where a basis
or an exemption applies, with the fast whole-text path finding what the clause-by-clause one does."""

import re
from collections.abc import Callable, Sequence

from normdocs.domain.content_checks import model
from normdocs.domain.content_checks.characters import as_simplified
from normdocs.domain.content_checks.exemptions import (
    _ADMIN_COLLECTS,
    _ADVICE,
    _AMOUNT,
    _APPLICATION_FALLS_SHORT,
    _APPROVAL_RE,
    _APPROVED_BY,
    _AUTHORITY,
    _AUTHORITY_REPORTER,
    _BARRED_FOR_A_TIME,
    _BASIS_OPENER,
    _BENEFICIARY,
    _BENEFIT,
    _BENEFIT_ENDS_LAWFULLY,
    _BESIDES_LAW,
    _BEYOND_PROOF,
    _CITATION,
    _CLAUSE_START_RE,
    _COMMA_OR_COLON,
    _COMPENSATION_DENIED,
    _COMPETITION_PRIVATE,
    _CONSENT_OF,
    _DEFAULTED,
    _DEMANDED,
    _DEMANDS_PAPERS,
    _ELIGIBILITY,
    _FEE_INTERNAL,
    _FEE_NOUN_AFTER,
    _FEE_PAID_NOUN,
    _FEE_REFUND,
    _FEE_STANDARD_APPROVED,
    _FEE_WAIVER,
    _FISCAL,
    _GENERIC_BASIS,
    _GIVEN_FREE,
    _HELD_GOODS,
    _IMPOSED,
    _IMPOSED_BEFORE,
    _IMPOSED_VERBS,
    _INTERNAL,
    _INTERNAL_APPROVER,
    _INTERNAL_CONSEQUENCE,
    _INTERNAL_SUBJECT,
    _LIST_OPTIONAL,
    _LISTED,
    _MEASURES_NAMED,
    _MOVE,
    _MOVER,
    _NEGATION,
    _NEIGHBOURS,
    _NO_COMPENSATION_BY_LAW,
    _NO_LONGER,
    _NOUN_AFTER,
    _OWN_ACT,
    _OWN_RESOURCES,
    _OWN_RULES,
    _PERIODIC,
    _PRICE,
    _PRICE_LAWFUL,
    _PRIVATE,
    _PRIVATE_APPROVER,
    _PROCEDURAL,
    _PROCEDURE,
    _PROOF,
    _PUBLIC_GIVER,
    _PUBLISHED,
    _RELEASED,
    _SANCTION,
    _SERVICE_PROOF,
    _SETTLING,
    _STAFF_HELD_TO_ACCOUNT,
    _SUBORDINATE_SUBJECT,
    _TAKEN,
    _TRAILING_BRACKET,
    _UNPAID,
    _UNPAID_BY_LAW,
    _UP_TO_LAST_MARK,
    _WHO_DOES,
    _WITHHELD,
    _YEARS_PASSED,
)
from normdocs.domain.content_checks.kinds import (
    FORM_ONLY,
    MAX_QUOTE,
    SOURCES,
    Category,
    ContentHit,
    LawIndex,
)
from normdocs.domain.content_checks.patterns import (
    _ALL_OF,
    _BUYING,
    _CERTIFICATES,
    _CHOSEN,
    _CLAUSE_END,
    _CLAUSE_ENDS,
    _COERCE_ACT,
    _COERCE_PREFIX,
    _COMPETITION_ARTICLE,
    _DEALING,
    _DUTY,
    _HANDED,
    _K,
    _LOCAL_FIRMS,
    _N,
    _ONLY_LOCAL,
    _OTHERS,
    _PATTERNS,
    _SELLERS,
    _SENTENCE_END,
    _SENTENCE_ENDS,
    _trie_pattern,
)

# The place of the office, as a local restriction names it.
_LOCAL_WORDS = ("本地", "本市", "本县", "本区", "本省", "本镇", "本乡", "本街道", "当地", "县本级")

# Obligation words that wake its patterns only: the learned reading is not asked about every
# clause that holds one (a 提交 or 不得超过 alone is no sign of a duty added).
_OBLIGATION_PATTERN_WORDS = (
    "承担", "周边", "周围", "统一样式", "统一式样", "统一规格", "统一标识",
    "统一标志", "统一标牌", "统一编号", "统一着装", "统一服装", "统一外观", "统一色调", "统一颜色",
    "统一风格", "统一门头", "统一招牌", "不能超过", "不得超过", "不准超过", "控制在", "限制在",
    "无刑事", "无违法", "无犯罪", "缴纳", "户籍", "签到", "填报", "内将", "前将", *_LOCAL_WORDS, "查验", "核验",
    "同意", "未接种", "不做任何", "不作任何", "现场认证", "本人认证", "报到", "统一制作", "保洁", "绿化", "养护", "晚于", "早于", "接受检查", "接受查验", "接受核查",
    "接受检验",
    "视为无主", "酒席", "宴席", "婚宴", "办酒", "办席", "宴请", "负担", "支付", "派出所备案", "社区备案",
    "村委会备案", "居委会备案", "公安机关备案",
    # A ban into the home, pets kept out, a curfew, a firm's figures, a free service, a colour.
    # (No anchor starts with a common character: 住, 经, 销, 提… would slow the scan of every text.)
    "家中", "家里", "家院", "庭院", "阳台", "屋内", "屋里", "屋中", "宅内", "宅里", "宅中", "犬", "狗",
    "宠物", "晚上", "夜间", "夜里", "上传", "免费", "统一为", "植入", "限养",
    *(
        f"{act}不{less}"
        for act in ("种植", "饲养", "购买", "配备", "储备")
        for less in ("少于", "低于")
    ),
    *(f"{to}指定" for to in ("到", "在", "赴")),
    *(f"{no}参与" for no in ("不再", "不得", "不能", "不予")),
    "桌", "统一配发", "统一发放", "不得继续",
    # Private life registered with a village or grid (向网格员登记, 到村委会报到).
    *(
        f"{where}{how}{act}"
        for where in ("网格员", "村委会", "居委会", "村民小组", "社区")
        for how in ("", "进行", "办理")
        for act in ("登记", "报到", "报备")
    ),
)  # fmt: skip

_LOCAL_PLACES = (
    "县内", "市内", "区内", "省内", "辖区", "县域", "市域", "县域内", "市域内", "我县", "我市", "我区",
    "我镇",
)  # fmt: skip

_LOCAL_INSIDE = tuple(f"{place}{what}" for place in _LOCAL_PLACES for what in _LOCAL_FIRMS)

_NONLOCAL_WORDS = (
    "外地", "外省", "外市", "外县", "外埠", "异地", "非本地", "省外", "市外", "县外", "区外", "外来",
    *(f"非本{place}" for place in "市县区省镇"),
)  # fmt: skip

# Words at least one of which every match of a category's patterns contains. One scan of a
# text for all of them finds the few clauses worth checking, and which categories to check there.
_ANCHORS: dict[Category, tuple[str, ...]] = {
    Category.PENALTY: (
        "元", "罚款", "警告", "通报批评", "拘留", "处罚", "违者", "没收", "吊销", "暂扣", "责令",
        "停业", "停产", "暂停其", "取消其", "限制其", "禁止其", "年内", "清退出", "限制从业",
        "降低资质", "降低其资质", "罚", "关停", "停运", "曝光", "扣罚", "通报姓名", "通报其姓名", "暂停该",
        "停止该",
        # 资格 for 取消…经营资格 (not 经营资格 and the like: 经, 执, 投… would start anchors).
        "资格", "歇业", "停止其", "收回其", "撤销其", "个月内", "扣除", "扣减",
        "牌匾", "标牌", "铭牌", "等级牌", "销毁", "拍卖", "变卖", "没收入库", "作为处罚", "作为惩罚", "罚金", "给予降低", "予以降低",
        "限产", "限制生产", "限制经营", "限制营业", "整改期间", "整顿期间", "扣留", "取缔", "招投标",
        "经济处罚", "惩处", "从重", "方面", "停工", "失信", "黑名单", "联合惩戒", "拘留",
        "给予关闭", "予以关闭", "一律关闭", "注销其", "注销该",
        *(f"{stop}{act}" for stop in ("暂停", "停止") for act in ("营业", "经营", "生产", "营运", "执业", "招生")),
    ),
    Category.LICENCE: (
        "预审", "资质认定", "联合评审",
        "批准", "审批", "许可", "核准", "同意", "会签", "联合", "审查通过", "审核通过", "验收合格",
        "准销", "牌照", "证明", "回执", "意见书", "未经", "准入", "方可", "才能", "方能", "才可",
        "方予", "无异议", "会审", "联审", "准运", "准营", "否则", *_CERTIFICATES,
        "取得", "领取", "申领", "获得", "申请办理", "申请核发", "持有",
        "未取得", "未办理", "未领取", "未持有", "未申领", "未签订", "未提交", "未通过", "未备案",
        "未登记", "审查标准", "审查条件", "验收标准", "验收条件", "审核标准", "审核条件",
        "审定", "签批", "准许", "准予", "批复", "认可", "审查意见", "审核意见", "验收意见", "织评审",
        "资格审查", "资格审核", "资质审查", "资格认定", "证通过", "估通过", "审通过",
        "审验", "年审", "年检", "资格复核", "复核通过", "申请", "办理", "证上岗", "证》上岗", "证从业",
        "证》从业", "确认后方可", "登记后", "核发的", "颁发的", "签发的", "方准",
        "不予", *(f"{when}前" for when in ("复业", "开业", "复工", "开工")), "前置条件", "前置要件", "前提条件", "必要条件", "必备条件",
    ),
    Category.COERCION: (
        "查封", "查扣", "扣押", "冻结", "封存", "封停", "封条", "暂扣", "扣留", "拖移", "拖离", "拖走", "拖至", "拖到", "拖往", "清拖",
        "不得向",
        "拖运", "吊离", "锁", "抱轮", "入库", "暂存点", "集中存放", "统一保管", "指定地点", "留置",
        "看管", "看护", "带回", "强制", "集中隔离", "集中教育", "离开", "带离", "带至", "带到",
        "送至", "送往", "供水", "供电", "供气", "断电", "断水", "代为", "人身自由", "贴封", "加封",
        "扣存", "暂存", "停车场", "仓库", "库房", "指定场所", "约束至", "约束在", "约束于",
        "封堵", "收存", "将其", "把其", "停放场", "停放点", "停车点", "扣车场", "保管站",
        "队", "派出所", "保管场所", "收容", "救助站",
        "隔离点", "指定位置", "指定区域", "指定的", "扣车", "停水", "停电", "停气", "断网",
        *(f"{how}{act}" for how in ("统一", "一律", "集中") for act in ("拆除", "收缴", "收存", "保管")),
        "收缴", "断开", "切断", "封闭", "封门", "封店", "收容点",
        "带至", "带到", "带往", "带回", "圈留", "圈养", "中断", "拉断", "停止其", "停止对其", "关闭其", "暂停其", "限制其",
        "捕捉", "捕获", "抓捕", "收捕", "封航", "控制于", "控制在", "扑杀", "捕杀", "限电", "限水", "限气",
        *(prefix + act for prefix in _COERCE_PREFIX for act in _COERCE_ACT),
    ),
    Category.FEE: (
        "费", "保证金", "押金", "基金", "补偿金", "收取", "缴纳", "交纳", "险金", "保金", "赔偿金",
        "诚信金", "履约金", "保障金", "征收", "责任金", "安全金", "补助", "分摊", "均摊", "分担",
        "代扣", "扣收", "扣缴", "通行卡", "通行证", "出资", "集资", "筹资", "捐资", "赞助",
        "按每人", "按每户", "按每家",
        "保障金", "滞纳金", "保修金", "质保金", "标准筹集",
    ),
    Category.OBLIGATION: (
        "接受检查", "接受检验", "接受检测", "接受培训", "接受教育", "接受一次", "接受安全", "进货台账",
        "销售台账", "购销台账", "台账拍照", "台账上传",
        "不予", "资格", "待遇", "补贴", "低保", "救助", "享受", "分红", "黑名单", "失信", "不良信用",
        "重点监管", "入学", "就业", "出行", "出境", "乘坐", "升学", "招录", "参军", "贷款", "报考",
        "证明",
        "承诺书", "担保", "保证书", "子女", "配偶", "家属", "亲属", "家人", "连带责任", "株连",
        "摊派", "集资", "捐款", "捐赠", "义务劳动", "购买", "商会", "协会", "报送", "报告", "上报",
        "报备", "安装", "加装", "配备", "配置", "购置", "签订", "签署", "写出", "写下", "递交",
        *(f"其{act}" for act in ("办理", "受理", "发放", "提供", "出具", "安排")),
        "参加", "流水", "账单", "存款", "征信", "聊天记录", "体检报告", "放弃",
        "出示", "承诺", "义务", "年内", "个月内", "不再享受", "不得享受", "停止享受", "无偿", "征得",
        "补偿", "赔偿", "安置", "申报", "办理其", "四邻", "邻居", "先缴清", "先结清", "先付清",
        "先还清", "先清缴", "先交清", "先行缴清", "先行结清", *_OBLIGATION_PATTERN_WORDS, "扣除", "扣减", "扣发", "停发",
        *(
            f"{unit}{after}{then}"
            for unit in "年月"
            for after in ("", "后", "以上")
            for then in ("方可", "才能", "才可", "方能")
        ),
        # The scan takes the longest anchor: 健康证 would hide the 证明 of 健康证明.
        *(f"{certificate}明" for certificate in _CERTIFICATES),
    ),
    Category.COMPETITION: (
        "指定", "暂定为", "确定为", "特定", "税", "土地出让金", "留成", "财政贡献", "新增", "新设",
        "受理新", "向新", "总量控制", "只能", "仅限", "交由", "独家", "名录", "名单", "推荐",
        "统一由", "统一从", "统一向", "统一到", "统一委托", "统一征订", "统一订购", "统一采购", "统一供应", "一律由", "一律委托", "一律交由",
        "其他企业", "其他单位", "其他经营者", "其他驾校", "其他学校", "其他厂家", "其他商家", "其他门店",
        "其他超市", "其他网点", "其他个体户", "目录", "分公司统一", "公司统一", "集团统一", "公司集中",
        "总数不", "数量不", "家数不", "总量不", "总数控制在", "数量控制在", "总数限定", "数量限定",
        *(f"{place}{made}" for place in ("省内", "市内", "县内") for made in ("地产", "生产", "产")),
        "米内无", "米范围内无", "米以内无", "公里内无", "公里范围内无", "与现有", "与已有", "与同类",
        "与原有", "投资额", "注册资本", "终端数", "工商登记", "商事登记", "工商注册", "商事注册", "不得突破",
        *(f"其{it}{who}" for it in "他它" for who in _OTHERS),
        *(
            f"统一{act}"
            for act in ("经营", "建设", "运营", "供应", "承建", "实施", "承办", "办理", "代理", "承接",
                        "承担", "清运", "收运", "收购")
        ), "最低不得", "最低不能", "免交", "免缴", "免征",
        "减征", "减半征收", "不引进", "不引入", "财政收入", "财力", "入围", "入库", "入选", "库外", "名录外", "名单外", *_LOCAL_WORDS, *_LOCAL_INSIDE,
        "贡献", "排他", "唯一", "单一", "银行", "注册地", "受理其他",
        "土地出让金", "医院", "点生产", "点供应", "点采购", "点承印", "点印刷",
        *(f"{duty}委托" for duty in ("应当", "须", "必须", "只能")), "费全免", "费减半", "费全额返还", "点为", "点在", "点的", "中选聘", "中聘请", "中选取", "中委托",
        *(
            f"{verb}{then}{mark}"
            for verb in ("安装", "应用", "注册")
            for then in ("", "使用", "应用")
            for mark in "“《"
        ),
        "公司签订", "集团签订", "财政所得",
        *(f"{firm}{act}" for firm in ("集团", "公司") for act in ("负责", "承担", "经营", "运营")), *(f"优先{buy}" for buy in ("采购", "选用", "使用", "购买", "选购")),
        "选一", "留存", "一事一议", "只允许", "仅允许", "只准", "仅准", "免收", "免征", "免缴", "减半收取",
        "减免", "开放", "优惠", "让利", "交易中心", "特殊优惠", "特殊政策", "特殊扶持",
        *(f"{firm}{made}的" for firm in "司厂团" for made in ("生产", "提供", "供应", "销售", "研发")),
        "业生产的", "业提供的", "业供应的",
        "加分", "由在", "不再引进", "不再引入", "不再准入", "区籍", "市籍", "县籍", "省籍",
        *(f"{firm}不得" for firm in ("企业", "单位", "经营者", "机构", "公司", "商户")),
        # 价 (not 价格, 定价, 售价…: 定, 售, 销 would start anchors), 收费 for 低于…标准收费.
        "价", "收费", "收费标准", "迁往", "迁至", "迁出", "迁离", "外迁", "搬离", "撤离", "场外交易", "平台外交易", "交易市场", "录中", "录内", "录里", "库中", "库内", "库里", "域专营", "一家",
        *(f"另行{act}" for act in ("委托", "选择", "选定", "采购", "聘请", "招标")),
        *(f"{how}{handed}" for how in _ALL_OF for handed in _HANDED),
        *(f"{chosen}的" for chosen in _CHOSEN if chosen != "公布"), "布的",
        *(
            f"{firm[-1]}{how}{buy}"
            for firm in _SELLERS
            for how in ("", "统一", "集中")
            for buy in _BUYING
        ),
        *(f"{duty}{deal}" for duty in _DUTY for deal in _DEALING), *_ONLY_LOCAL,
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

_ALL = tuple(_PATTERNS)

# Whom a duty may fall on (商户, 居民, 药店…). Where no pattern of any kind has a word in a
# clause, a strong duty word (须, 不得, 一律…) with one of these still has the learned reading
# asked about an obligation in it: duties come in more wordings than the patterns' words. The
# duty words are anchors of their own bit, which checks no pattern.
# (Not 群众 nor 机构: public notices name them in every other sentence, rarely with a duty.)
_PARTIES = (
    "企业", "公司", "经营户", "经营者", "商户", "个人", "驾驶员", "驾驶人", "业主", "住户", "户主",
    "村民", "居民", "申请人", "车主", "店", "农家乐", "网吧", "职工", "员工", "学生", "家庭", "市民",
    "被征收人", "购房人", "承租人", "出租人", "人员", "业户", "骑手", "家长", "管理者", "经营单位",
    "商超", "养殖户", "农户", "所有人", "房东", "租户", "游客", "旅客", "乘客", "顾客", "消费者",
)  # fmt: skip
_DUTIES = ("须", "不得", "一律", "只能", "务必")
# The party first, its duty after (商户…不得销售; not 不得向企业收取: that binds an office).
_PARTY_DUTY = re.compile(
    f"{_trie_pattern(sorted(_PARTIES))}[^。；;]*?{_trie_pattern(sorted(_DUTIES))}"
)
_LEARN = 1 << len(_ALL)

ANCHOR_WORDS: tuple[str, ...] = tuple(sorted({*_ANCHOR_CATEGORIES, *_DUTIES}))
# The anchors as a regular expression: a trie, so at each position the longest anchor there.
_ANCHOR_RE = re.compile(_trie_pattern(list(ANCHOR_WORDS)))
_ANCHOR_INDEX = {word: i for i, word in enumerate(ANCHOR_WORDS)}

# A scan for the anchor words of a text: (index in ANCHOR_WORDS, start, end) of each, leftmost
# first and at each position the longest, never overlapping — what _ANCHOR_RE.finditer finds.
# The audit passes an Aho-Corasick automaton over ANCHOR_WORDS that finds the same in one pass
# (services/content_scan.py): the regular expression tries its trie at every character.
AnchorScan = Callable[[str], Sequence[tuple[int, int, int]]]


def regex_anchor_scan(text: str) -> list[tuple[int, int, int]]:
    """The anchor words of `text` found by their regular expression: the reference scan."""
    index = _ANCHOR_INDEX
    return [(index[m.group(0)], m.start(), m.end()) for m in _ANCHOR_RE.finditer(text)]


# The learned reading (model.py) reads obligations where the patterns found nothing: their
# wordings vary most. A clause is scored only when it holds one of an obligation's anchors, as
# its patterns are, or a strong duty word (_DUTIES, anchors of their own bit), so the
# whole-text path and the clause-by-clause one score the same clauses.
# A clause that encourages, permits or leaves a choice, or forbids the administration to demand
# something, sets nothing: the learned reading is not asked about it.
# Price cuts forbidden (不得擅自降价销售): a floor whatever price it holds to, unless the floor is
# cost (价格法 第14条 forbids selling below it).
_PRICE_CUT_BANNED = re.compile(r"(?:不得|禁止|严禁)(?:擅自|随意|私自)?以?(?:降价|压价|低于)")

_LOCAL_BEFORE = re.compile("|".join(_LOCAL_WORDS))

_GRANTS = re.compile(
    r"鼓励|支持|引导|倡导|提倡|欢迎|自愿|自主|自行(?!承担|负担|支付|负责|处理|拆除|清理|清除|销毁|整改)|可以|(?<![方才不])可(?=[\u4e00-\u9fff])(?!能)|"
    r"不收取任何|免收|无须|无需|不须"
)
_PAID_AS_DUE = re.compile(r"(?:按时|足额|依法|已)$")
_PAID_AS_CONDITION = re.compile(r"[^，,。；;]{0,6}?的[，,](?:均|也|还|即)?可")
_TAX_PAID = re.compile(r"缴纳的?[^，,。；;]{0,8}税")
_NO_DOUBLE = re.compile(r"已享受|已领取|已获得|不再重复|不重复|不得重复")
# A pledge that what one submits is true, or one that replaces a proof (告知承诺制: 书面承诺所提交
# 的材料真实有效, 改由申请人书面承诺): it lightens a duty, adds none.
_TRUTH_PLEDGE = re.compile(
    r"承诺[^，,。；;]{0,20}?(?:真实|准确|完整)|改由[^，,。；;]{0,10}?承诺|告知承诺|以承诺(?:代替|替代)"
    # 必须遵守本条例, 民族成分必须真实有效: obeying the rules, telling the truth, adds no duty.
    r"|(?:必须|应当|须|应)(?:严格)?遵守(?:本|国家|有关)|(?:必须|应当|须|应)真实"
)
_ADMIN_FORBIDDEN = re.compile(
    r"(?:不得|严禁|禁止|不准|不再)(?:要求|强制|指定|限定|摊派|"
    r"以[^，,。；;]{0,12}?(?:设置|设定|附加|限制|排斥|阻碍|歧视|为由|为名|为借口))"
    # 不得向旅行社收取费用: whoever would charge is bound, the payer protected.
    r"|(?:不得|严禁|禁止|不准)向[^，,。；;]{0,12}?(?:收取|收费|索取|摊派)"
    r"|(?:不得|严禁|禁止|不准)(?:再|重复)(?:分摊|摊派)"
    # 经检疫合格的，不得重复检疫: goods protected from a second check.
    r"|(?:不得|严禁|禁止|不准)(?:重复|再次)(?:检疫|检验|检测|收费|认证)"
)
# What a clause must hold for the learned reading to be asked about it (it costs a few tens of
# microseconds a clause, too much for every clause of every text): a duty or a loss imposed.
_IMPOSES = re.compile(
    r"须|必须|应当|应|需|一律|均|要求|只能|不予|取消|停止|暂停|不得|不再|限制|方可|才能|统一|务必|负责"
)
_OBLIGATION_WORDS = re.compile(
    _trie_pattern(sorted(set(_ANCHORS[Category.OBLIGATION]) - set(_OBLIGATION_PATTERN_WORDS)))
)


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
    | (_LEARN if any(duty in word for duty in _DUTIES) else 0)
    for word in ANCHOR_WORDS
}


def _overlap_offsets() -> dict[str, tuple[int, ...]]:
    """Per anchor, the offsets inside it where another anchor may start and run past its end
    (会签 at 1 for 签订 in 村委会签订): the scan goes on after the first, so the loop over a
    text's anchors looks there."""
    # The bits of the anchors that run past each of their proper prefixes.
    past: dict[str, int] = {}
    for word in ANCHOR_WORDS:
        for k in range(1, len(word)):
            past[word[:k]] = past.get(word[:k], 0) | _ANCHOR_MASK[word]
    offsets = {}
    for word, mask in _ANCHOR_MASK.items():
        # Only where such an anchor could add a category the word does not stand for already.
        found = tuple(i for i in range(1, len(word)) if past.get(word[i:], 0) & ~mask)
        if found:
            offsets[word] = found
    return offsets


_OVERLAPS = _overlap_offsets()


# Per anchor, by its index in ANCHOR_WORDS (the automaton reports indexes): its bits, and the
# offsets where an anchor running past it may start (None for most).
_MASK_AT = tuple(_ANCHOR_MASK[word] for word in ANCHOR_WORDS)
_OVERLAPS_AT = tuple(_OVERLAPS.get(word) for word in ANCHOR_WORDS)


def _overlapping(text: str, start: int, end: int, offsets: tuple[int, ...]) -> int:
    """The bits of the anchors that start inside the anchor text[start:end] and run past its
    end."""
    mask = 0
    for offset in offsets:
        inner = _ANCHOR_RE.match(text, start + offset)
        if inner is not None and inner.end() > end:
            mask |= _ANCHOR_MASK[inner.group(0)]
    return mask


_BY_MASK: tuple[tuple[Category, ...], ...] = tuple(
    tuple(c for i, c in enumerate(_ALL) if mask >> i & 1) for mask in range(_LEARN << 1)
)


_EVERY = (_LEARN << 1) - 1

# Up to the last clause end before a position (greedy: one scan finds where the clause starts).
_UP_TO_CLAUSE_END = re.compile(f".*[{_CLAUSE_ENDS}]", re.DOTALL)


def classify_sentence(sentence: str, laws: LawIndex | None = None) -> dict[Category, str]:
    """The categories a sentence (one or more clauses) appears to set, each with the words that
    show it. Every pattern is tried on every clause: this is the reference that `find_hits`
    must agree with."""
    found: dict[Category, str] = {}
    index = laws or FORM_ONLY
    source = sentence
    sentence = as_simplified(sentence) or sentence
    pos = 0
    for end in [*(m.start() for m in _CLAUSE_END.finditer(sentence)), len(sentence)]:
        if end > pos:
            anchored = _clause_mask(sentence, pos, end)
            for hit in _check(
                sentence,
                pos,
                end,
                _EVERY,
                index,
                quote_sentence=False,
                anchored=anchored,
                source=source,
            ):
                found.setdefault(hit.category, hit.trigger)
        pos = end + 1
    return found


def _clause_mask(text: str, start: int, end: int) -> int:
    """The bits of the anchors in text[start:end], from the tables find_hits reads."""
    mask = 0
    for anchor in _ANCHOR_RE.finditer(text, start, end):
        word = _ANCHOR_INDEX[anchor.group(0)]
        mask |= _MASK_AT[word]
        inner = _OVERLAPS_AT[word]
        if inner is not None:
            mask |= _overlapping(text, anchor.start(), anchor.end(), inner)
    return mask


def find_hits(
    text: str, laws: LawIndex | None = None, *, scan: AnchorScan = regex_anchor_scan
) -> list[ContentHit]:
    """Every clause of `text` that appears to set something, once per category, in order.

    `laws` resolves the titles a clause cites (the service passes the registry's laws); without
    it, titles are judged by their form alone. One scan finds the anchor words (`scan`: the
    service passes a faster one that finds the same); only clauses with an anchor are checked,
    and only for the categories their anchors point to, and only their ends are looked for (two
    searches a clause, not a list of every clause), so a text costs one scan and a few regex
    searches rather than Python work per word or per clause. A text in traditional characters
    is read in simplified ones (characters.py) and quoted as it is."""
    source = text
    text = as_simplified(text) or text
    anchors = scan(text)
    if not anchors:
        return []
    index = laws or FORM_ONLY
    hits: list[ContentHit] = []
    masks = _MASK_AT
    overlaps = _OVERLAPS_AT
    length = len(text)
    clause_start = clause_end = -1
    mask = 0
    for word, at, word_end in anchors:
        # Anchors come in order: one before the current clause's end is in that clause (most
        # are), and only the others need a search for their clause.
        if at >= clause_end:
            if clause_end >= 0:
                hits.extend(
                    _check(
                        text,
                        clause_start,
                        clause_end,
                        mask,
                        index,
                        quote_sentence=True,
                        source=source,
                    )
                )
                # The run of clause ends after the last clause checked lies before this anchor.
                clause_start = _UP_TO_CLAUSE_END.match(text, clause_end, at).end()  # type: ignore[union-attr]
            else:
                before = _UP_TO_CLAUSE_END.match(text, 0, at)
                clause_start = before.end() if before else 0
            after = _CLAUSE_END.search(text, at)
            clause_end = after.start() if after else length
            mask = 0
        mask |= masks[word]
        inner = overlaps[word]
        if inner is not None:
            mask |= _overlapping(text, at, word_end, inner)
    hits.extend(
        _check(text, clause_start, clause_end, mask, index, quote_sentence=True, source=source)
    )
    return hits


def _check(
    text: str,
    start: int,
    end: int,
    mask: int,
    laws: LawIndex,
    *,
    quote_sentence: bool,
    anchored: int | None = None,
    source: str | None = None,
) -> list[ContentHit]:
    """The hits in the clause text[start:end] for the categories of `mask` (_ANCHOR_MASK's
    bits); none if it gives a basis. `anchored`: the bits of the clause's own anchors, where
    `mask` asks for more (classify_sentence tries every pattern). `source`: the text as
    written, where `text` is its simplified reading (the same length): findings quote it."""
    candidates: list[tuple[Category, re.Match[str]]] = []
    categories = _BY_MASK[mask]
    quiet_in = _BY_MASK[mask if anchored is None else anchored]
    # The kinds whose words the clause holds but no pattern of which matched in it: the second
    # reading asks the learned model about them.
    quiet: list[Category] = []
    for category in categories:
        pattern = _PATTERNS[category]
        match = pattern.search(text, start, end)
        if match is None and category in _SECOND_READING and category in quiet_in:
            quiet.append(category)
        while match is not None:
            if not _exempt(category, text, start, end, match):
                candidates.append((category, match))
                break
            match = pattern.search(text, match.start() + 1, end)
    if len(candidates) > 1 and any(c is Category.OBLIGATION for c, _m in candidates):
        candidates = _obligation_folded(text, candidates)
    if any(c is Category.PENALTY for c, _m in candidates):
        # 予以关闭 beside a sanction: the closure is the penalty's, not a compulsory measure.
        candidates = [
            (c, m)
            for c, m in candidates
            if c is not Category.COERCION or not m.group(0).endswith("关闭")
        ]
    if any(c is Category.PENALTY and _held_licence(m) for c, m in candidates):
        candidates = _licence_held(text, end, candidates)
    duty = Category.OBLIGATION in categories or bool(mask & _LEARN)
    ask = _ask_learned(text, start, end, duty, bool(candidates))
    second: list[tuple[Category, float]] = []
    if quiet and not candidates:
        if ask and Category.OBLIGATION in quiet:
            quiet.remove(Category.OBLIGATION)  # asked below, at its own threshold
        kinds = tuple(quiet)
        if kinds:
            second = [
                (kind, score)
                for kind, score in zip(
                    kinds, model.scores(text, start, end, laws, kinds), strict=True
                )
                if score > _SECOND_READING[kind]
            ]
        if second and _sets_nothing(text, start, end):
            second = []
        # 投标保证金一律免缴: a charge waived sets none.
        if any(kind is Category.FEE for kind, _score in second) and _FEE_WAIVER.search(
            text, start, end
        ):
            second = [(kind, score) for kind, score in second if kind is not Category.FEE]
    if not candidates and not ask and not second:
        return []
    basis, cited = _basis(text, start, end, laws)
    sentence_basis = _sentence_basis(text, start, end, laws)
    if basis or sentence_basis:
        ask = False
        second = []
        # A bare 依法 covers what it qualifies (依法强制拆除) and what follows it, not a
        # compensation denied after it (，并不予补偿) nor a sanction laid down before it (由乡镇
        # 人民政府给予警告，…，依法查处).
        bare = not sentence_basis and not _cites_a_law(text, start, end, laws)
        candidates = [
            (c, m)
            for c, m in candidates
            if bare
            and (
                (
                    c is Category.OBLIGATION
                    and _COMPENSATION_DENIED.match(m.group(0))
                    and not _GENERIC_BASIS.search(
                        text, _comma_clause_start(text, start, m.start()), end
                    )
                )
                or _before_the_basis(text, start, end, m)
            )
        ]
        if not candidates:
            return []
    # The learned reading finds what the patterns did not.
    learned = []
    if ask:
        score = model.score(text, start, end, laws, Category.OBLIGATION)
        if model.finds(Category.OBLIGATION, score) and not _obligation_judged_lawful(
            text, start, end
        ):
            learned.append((Category.OBLIGATION, score))
    learned += second
    if not candidates and not learned:
        return []
    written = text if source is None else source
    clause = "".join(written[start:end].split())
    read = "".join(text[start:end].split())
    # Each finding's kind, the words that show it, a non-law cited for it, the learned score.
    readings: list[tuple[Category, str, str, float | None]] = [
        (
            c,
            "".join(written[m.start() : m.end()].split()),
            cited if c is Category.PENALTY else "",
            None,
        )
        for c, m in candidates
    ]
    readings += [
        (c, model.trigger(text, start, end, laws, c, source=written), "", round(p, 2))
        for c, p in learned
    ]
    return [
        ContentHit(
            category,
            quote(clause, words) if quote_sentence else "",
            words,
            _article(category, read),
            cited_title,
            score,
        )
        for category, words, cited_title, score in readings
    ]


_CIVIL_CONSENT = re.compile(
    r"经(?:出租人|所有权人|产权人|共有人|发包方|房东|出借人|委托人|监护人)[^，,。；;]{0,4}?同意"
)
# A clause opened by an office with its own duty (县住建局应当…, 各乡镇人民政府要…), by its
# staff (工作人员接待群众来访，应当…), or by a ban on anyone at all (任何单位和个人不得…: the
# law's own bans, restated); an applicant told what to hand in (申请宅基地的村民应当提交户口簿).
# (An owners' committee, 业主委员会, is the owners' own body, not an office.)
_OFFICE_OPENS = (
    r"[一二三四五六七八九十0-9（()）、.．\s]*[^，,。；;]{0,12}?(?:局|人民政府|政府|(?<!业主)委员会|管委会|"
    r"办公室|部门|街道办事处|派出所|乡镇|街道)(?:要|应当|应|须|必须|务必|负责|不得)"
)
_OFFICE_OPENS_RE = re.compile(_OFFICE_OPENS)
_OFFICE_DUTY = re.compile(
    rf"{_OFFICE_OPENS}|[一二三四五六七八九十0-9（()）、.．\s]*(?:[^，,。；;]{{0,8}}?(?:工作人员|执法人员|"
    r"公职人员|干部|窗口人员)|[^。；;]{0,40}?任何(?:单位|组织|个人|人))|[^。；;]{0,24}?申请[^。；;]{0,24}?"
    r"(?:应当|须|需|应)(?:书面)?(?:提交|提出|填写)"
)


# A duty that stands before a grant word is not undone by it (须…并派专人引导: the guiding is
# part of the duty; 被征收人须…自行腾空房屋).
_STRONG_DUTY = re.compile("须|务必|不得|一律|只能")

# A duty a law sets itself, which a clause restates without naming the law: the learned reading
# is not asked about it. (明码标价: 价格法 第13条; 办理税务注销: 税收征收管理法 第16条.)
_LAWS_OWN_DUTY = re.compile("明码标价|(?:办理|申报办理)税务注销")


def _granted(text: str, start: int, end: int) -> bool:
    """Whether the clause only encourages, permits or leaves a choice: a grant word stands in it
    and no strong duty before that word."""
    grant = _GRANTS.search(text, start, end)
    return grant is not None and _STRONG_DUTY.search(text, start, grant.start()) is None


# The second reading: in a clause where the patterns found nothing, a kind whose words the
# clause holds but none of whose patterns matched there is found when the learned model scores
# it above this (and no basis is given, and the clause is not of a kind that sets nothing).
# Chosen on five hands' held-back sets in turn (blind18, blind20, blind23, blind24, blind25),
# each read by the checker of its day with a model trained on the sets written before it: at
# 0.7 it found 18 of the 141 violations those checkers missed (coercion 7, obligation 6, fee 3,
# licence 1, penalty 1) and no false alarm. Asked also beside another kind's finding it found
# 24 for 4 false alarms; for competition 9 for 6. Licence and penalty are left to their patterns
# too: their words stand in most clauses of a registry's texts, and asking about them there
# (one finding each) would double the checks' time.
_SECOND_READING = {
    Category.COERCION: 0.7,
    Category.FEE: 0.7,
    Category.OBLIGATION: 0.7,
}


def _ask_learned(text: str, start: int, end: int, anchored: bool, found: bool) -> bool:
    """Whether the learned reading is asked about an obligation in the clause: where nothing
    else was found in it (an obligation is what is left), a duty or loss is imposed and one of
    an obligation's words stands, or a party and a strong duty word on it (`anchored`: the
    scan found the word or the duty); not in a clause that only encourages or permits,
    binds the administration, or falls on its own units."""
    return (
        anchored
        and not found
        and _IMPOSES.search(text, start, end) is not None
        and (
            _OBLIGATION_WORDS.search(text, start, end) is not None
            or _PARTY_DUTY.search(text, start, end) is not None
        )
        and not _sets_nothing(text, start, end)
    )


def _sets_nothing(text: str, start: int, end: int) -> bool:
    """Whether the clause is of a kind the learned reading is not asked about: it only
    encourages or permits, binds the administration or falls on its own units, or restates a
    law's own rule."""
    return not (
        not _granted(text, start, end)  # 鼓励…, 可以…, 自愿…: nothing is set on anyone
        and not _NO_DOUBLE.search(
            text, start, end
        )  # 已享受…的，不再重复享受: the benefit's own rule
        and not _ADMIN_FORBIDDEN.search(text, start, end)  # 不得要求…: binds the administration
        and not _TRUTH_PLEDGE.search(text, start, end)  # 承诺所提交的材料真实: no duty added
        and not _PROCEDURE.search(text, start, end)  # 听取当事人的陈述和申辩: the law's procedure
        and not _LAWS_OWN_DUTY.search(text, start, end)  # 应当明码标价: 价格法 第13条, restated
        # 须经出租人书面同意: the other party's consent to a contract, civil law's own rule
        and not _CIVIL_CONSENT.search(text, start, end)
        # 县住建局应当在…内完成鉴定: a duty of the office that opens the clause
        and not _OFFICE_DUTY.match(text, start, end)
        # 各村每月报送…: the administration's own units
        and not (_INTERNAL.search(text, start, end) and not _PRIVATE.search(text, start, end))
    )


def _obligation_judged_lawful(text: str, start: int, end: int) -> bool:
    """Whether an obligation's pattern matched in the clause and was judged lawful or negated
    there: the learned reading does not overrule that."""
    pattern = _PATTERNS[Category.OBLIGATION]
    match = pattern.search(text, start, end)
    while match is not None:
        at = match.start()
        if _negated(text, start, at) or _obligation_lawful(text, start, end, at, match) is True:
            return True
        match = pattern.search(text, at + 1, end)
    return False


def _article(category: Category, clause: str) -> str:
    """The provision a clause of `category` would breach (for competition, the article its
    words point to)."""
    if category is not Category.COMPETITION:
        return SOURCES[category]
    return next(
        (a for words, a in _COMPETITION_ARTICLE if words.search(clause)), "公平竞争审查条例第8条"
    )


# A commitment demanded (须承诺五年内不迁出本县): what is promised is the finding, when it is one.
_PLEDGES = ("承诺", "书面承诺", "签订", "签署", "写出")
# Honours taken away beside a penalty (予以通报批评…取消其评先评优资格): part of the sanction.
_HONOURS = re.compile("评先|评优|荣誉|表彰")
_MONEY_COLLECTED = re.compile("罚没|罚款|收入|款项|资金|税")
_CAPPED = re.compile("限养|(?:不能|不得|不准|不允许)超过")


def _obligation_folded(
    text: str, candidates: list[tuple[Category, re.Match[str]]]
) -> list[tuple[Category, re.Match[str]]]:
    """The candidates without an obligation that is part of another kind found in the clause."""
    # An obligation is what is left: in a clause that sets a penalty, licence, fee, coercive
    # measure or restriction, the duty or lost benefit is part of that (a sanction that takes
    # away a qualification is the penalty, a proof demanded of outsiders the restriction, a
    # service withheld from who lacks the approval the licence's sanction).
    others = [(c, m) for c, m in candidates if c is not Category.OBLIGATION]
    return [
        (c, m)
        for c, m in candidates
        if c is not Category.OBLIGATION
        or not (
            (_WITHHELD.match(m.group(0)) and any(oc is not Category.PENALTY for oc, _o in others))
            or (
                _LISTED.match(m.group(0))
                and any(_BARRED_FOR_A_TIME.search(o.group(0)) for _oc, o in others)
            )
            or (_HONOURS.search(m.group(0)) and any(oc is Category.PENALTY for oc, _o in others))
            # 须…办理《养犬准养证》，一户限养一只: the cap is the licence's condition.
            or (_CAPPED.match(m.group(0)) and any(oc is Category.LICENCE for oc, _o in others))
            or (
                m.group(0).startswith(_PLEDGES)
                and any(oc is Category.COMPETITION and o.start() > m.start() for oc, o in others)
            )
            or any(
                (o.start() < m.end() and m.start() < o.end())
                or _PATTERNS[oc].search(text, m.start(), m.end())
                or (oc is Category.LICENCE and _PROOF.search(m.group(0)))
                for oc, o in others
            )
        )
    ]


# A licence or certificate held (暂扣…证): for a stated time it is the penalty 行政处罚法 第9条
# names (暂扣其从业资格证三个月); held until the case is dealt with (至…接受处理之日止, 直至…,
# 待…后), or alongside another coercive measure, it is the compulsory measure, not a penalty.
_HELD_FOR = re.compile(rf"》?{_K}{{0,2}}?(?:{_N}+|半)个?(?:年|月|日|天)")
_HELD_UNTIL = re.compile(r"之日止|直至|待[^，,。；;]{0,16}?后|接受处理|处理完毕")


def _held_licence(match: re.Match[str]) -> bool:
    """Whether a penalty's words hold a licence or certificate (暂扣其从业资格证)."""
    words = match.group(0)
    return words.startswith("暂扣") and words.endswith(("证", "照"))


def _licence_held(
    text: str, end: int, candidates: list[tuple[Category, re.Match[str]]]
) -> list[tuple[Category, re.Match[str]]]:
    """The candidates with a held licence read as a penalty or as a compulsory measure."""
    held = next(m for c, m in candidates if c is Category.PENALTY and _held_licence(m))
    if _HELD_FOR.match(text, held.end(), end):
        # The coercion found in the same words (可暂扣) is the penalty's.
        return [
            (c, m)
            for c, m in candidates
            if c is not Category.COERCION or not ("暂扣" in m.group(0) or "扣留" in m.group(0))
        ]
    coercion = any(c is Category.COERCION for c, _m in candidates)
    if not coercion and not _HELD_UNTIL.search(text, held.end(), end):
        return candidates
    others = [(c, m) for c, m in candidates if m is not held]
    return others if coercion else [*others, (Category.COERCION, held)]


def _exempt(category: Category, text: str, start: int, end: int, match: re.Match[str]) -> bool:
    """Whether a match does not set anything: negated, restated procedure, internal, a noun."""
    at = match.start()
    if _negated(text, start, at) and not (
        # 不得使用未经备案企业生产的…: acting without it forbidden, the licence demanded.
        category is Category.LICENCE and match.group(0).startswith(_WITHOUT)
    ):
        return True
    if category in _PROCEDURAL and _PROCEDURE.search(text, start, end):
        return True
    return _EXEMPT_BY_KIND[category](text, start, end, at, match)


_WITHOUT = ("未经", "未取得", "未办理", "未领取", "未持有", "未申领")

_PUBLIC_PURSE = re.compile(r"财政|预算")
# Money a village agrees to raise itself (村民一事一议筹资筹劳管理办法).
_AGREED_RAISING = re.compile(r"自愿|村民会议|村民代表会议|一事一议")

# A charge described as the wrong (违规收取费用的, 擅自收取的押金).
_CHARGED_WRONGLY = re.compile(r"(?:违规|违法|擅自|私自|乱|超标准|变相)$")


def _fee_exempt(text: str, start: int, end: int, at: int, match: re.Match[str]) -> bool:
    """A charge waived, refunded, named as a noun, owed by a defaulter, or collected by the
    administration under rules it only restates."""
    matched = match.group(0)
    if matched.startswith(("收取任何", "收任何")):
        return True
    waiver = _FEE_WAIVER.search(text, start, end)
    if waiver and not _LOCAL_BEFORE.search(text, max(start, waiver.start() - 8), waiver.start()):
        return True  # 减半收取, 免收…: a charge waived (not 本县企业免缴: waived for locals only)
    if _FEE_PAID_NOUN.match(matched) and not _IMPOSED_BEFORE.search(text, max(start, at - 2), at):
        return True  # 收取的押金: what was charged, named as a noun (not 应当缴纳的…)
    if matched.startswith(("缴清", "交清")) and text.startswith("先", at - 1):
        return True  # 须先缴清…费: dues owed already, tied to a right (the obligation)
    if _defaulted(text, start, at):
        return True  # 对未按时缴纳摊位费的商户: who failed to pay, not a charge set here
    if "标准筹集" in matched and _PUBLIC_PURSE.search(text, start, at):
        return True  # 县财政按…筹集…经费: the budget raises it, no one is charged
    # 经村民会议讨论同意…实行村民自愿: what a village agrees to raise, no charge set.
    if _AGREED_RAISING.search(text, start, end):
        return True
    if _CHARGED_WRONGLY.search(text, max(start, at - 4), at):
        return True  # 学校违规收取费用的: the wrong a sanction is for, not a charge set here
    if _STATE_PAYS.search(text, start, at + 1):
        return True  # 由县级财政代缴…个人缴费部分: the state pays for a party, charges it nothing
    if _TAX_PAID.search(matched):
        return True  # 按企业缴纳的房产税给予30%的奖励: the tax a firm paid, as a measure
    if _PAID_AS_DUE.search(text, max(start, at - 6), at):
        return True  # 对按时足额缴纳社会保险费的企业: a party's lawful paying, described
    # 新招用…并缴纳社会保险费的，均可申请补贴: what one paid, as a benefit's condition.
    if _PAID_AS_CONDITION.match(text, match.end()):
        return True
    if _FEE_REFUND.search(text, start, at) or _FEE_INTERNAL.match(text, start):
        return True
    if _FEE_STANDARD_APPROVED.search(text, start, end):
        return True  # 按照省价格主管部门核定的标准执行: a charge on the approved lists
    if _FEE_NOUN_AFTER.match(text, match.end()) and not text.startswith("凭", at - 1):
        return True  # 提交缴费凭证: a paper named (not 凭缴费凭证领回: paying is the condition)
    # The administration's own collecting, ruled (清理, 遵守本办法), with no sum set.
    return bool(_ADMIN_COLLECTS.search(text, start, at)) and not _AMOUNT.search(text, start, end)


_STATE_PAYS = re.compile(r"(?:财政|政府)[^，,。；;]{0,24}?(?:代缴|代为缴纳|代交|代付)")


def _coercion_exempt(text: str, start: int, end: int, at: int, match: re.Match[str]) -> bool:
    """A measure by the administration's own units, people moving their own things, or the
    measure named rather than taken."""
    matched = match.group(0)
    if _STAFF_HELD_TO_ACCOUNT.search(text, start, end):
        return True  # 执法人员违法实施扣押的，依法追究其责任: the measure is the staff's wrong
    if _SUBORDINATE_SUBJECT.match(text, start) and not _PRIVATE.search(text, start, end):
        return True  # 各单位应当将收缴的物品送至…仓库: the administration's own units
    if _OWN_ACT.search(text, start, at):
        return True  # 居民可将大件垃圾送至指定地点: people moving their own things
    if matched.startswith("收缴") and _MONEY_COLLECTED.search(
        text, max(_comma_clause_start(text, start, at), at - 8), min(end, at + 6)
    ):
        return True  # 罚没收入的收缴入库: money collected, not goods taken
    if text.startswith("需要", at - 2) or text.startswith("需", at - 1):
        return True  # 需要集中隔离医学观察的人员: who needs the measure, not the measure taken
    if text.startswith(("被", "将", "把", "因"), at - 1) and not matched.startswith("采取"):
        return True  # 被拖移, 将暂扣物品…, 因查封发生的: the measure named, not taken here
    if _HELD_GOODS.search(text, start, at):
        return True  # 将暂扣物品存放在…仓库: keeping what was taken, the law's procedure
    if matched in ("查封", "扣押", "冻结", "扣留", "暂扣") and _MEASURES_NAMED.match(
        text, match.end()
    ):
        return True  # 查封、扣押等执法行为的培训: the measures named, not taken
    if matched.startswith("冻结") and _OWN_RESOURCES.match(text, match.end()):
        return True  # 冻结机关编制: the administration's own posts or funds
    # 扣押决定, 查封的场所: a noun — unless it is taken (采取断电措施, 实施查封的).
    return (
        _NOUN_AFTER.match(text, match.end()) is not None
        and not _TAKEN.search(text, max(start, at - 2), at)
        and not _TAKEN.match(matched, 0, 2)  # 采取限电措施: the measure taken, with its noun
    )


def _obligation_exempt(text: str, start: int, end: int, at: int, match: re.Match[str]) -> bool:
    """A lawful kind of clause (_obligation_lawful), advice, or a duty not imposed here or
    falling on an internal target."""
    if _ADVICE.search(text, start, _comma_clause_end(text, match.end(), end)):
        return True  # 提倡…控制在十桌以内: advice sets nothing (not advice in a clause after it)
    lawful = _obligation_lawful(text, start, end, at, match)
    if lawful is not None:
        return lawful
    if _ADMIN_FORBIDDEN.search(text, at, match.end()):
        return True  # 不得要求申请人另行提交…证明: binds the administration
    if match.group(0).startswith(_IMPOSED_VERBS) and (
        not _IMPOSED.search(text, start, at) or _OFFICE_OPENS_RE.match(text, start, at)
    ):
        return True  # 各级政府要…安装: the duty falls on the office that opens the clause
    return _internal_target(text, start, at, end)


def _obligation_lawful(
    text: str, start: int, end: int, at: int, match: re.Match[str]
) -> bool | None:
    """True for a lawful kind of clause: proof of eligibility for an application, a rule the
    law itself makes, an application's own shortfall, authorities reporting to each other, the
    administration's own giving. False for papers demanded that are no such proof (a finding
    whatever else the clause says); None when neither is known."""
    matched = match.group(0)
    if (
        _DEMANDS_PAPERS.search(matched)
        and _ELIGIBILITY.search(matched)
        and not _BEYOND_PROOF.search(matched)
    ):
        return "申请" in text[start:end]
    if _COMPENSATION_DENIED.match(matched) and _NO_COMPENSATION_BY_LAW.search(text, start, end):
        return True  # 违法建筑不予补偿: the expropriation regulation's own rule
    if _NO_LONGER.match(matched) and _BENEFIT_ENDS_LAWFULLY.search(text, start, end):
        return True  # 已享受…的，不再享受: no double benefit; the conditions no longer met
    if _UNPAID.search(matched):
        head = text[start:at]
        if _PUBLIC_GIVER.search(head) and not _PRIVATE.search(head):
            return True  # 政府应当无偿提供: the administration's own giving
        if _UNPAID_BY_LAW.search(text, start, end):
            return True  # 用人单位应当无偿提供劳动防护用品: the labour law's own duty
    if "不予" in matched and _APPLICATION_FALLS_SHORT.search(text, start, at):
        return True  # 申请材料不齐全的，不予受理: the application's own shortfall
    if _PERIODIC.match(matched) and (
        _AUTHORITY_REPORTER.search(text, start, at)
        or (_OFFICE_OPENS_RE.match(text, start, at) and not _PRIVATE.search(text, start, end))
    ):
        return True  # 县文旅局应当每月将…报送县政府: an authority reporting to another
    return None


def _penalty_exempt(text: str, start: int, end: int, at: int, match: re.Match[str]) -> bool:
    """A measure referred to (被责令…), or one falling on the administration's own staff."""
    before = text[max(start, at - 3) : at]
    if "被" in before and "将被" not in text[max(start, at - 4) : at]:
        return True  # 被责令停产停业的企业: a measure referred to, not imposed (将被…: to be)
    if "加处罚款" in text[max(start, at - 2) : at + 4]:
        return True  # 每日按罚款数额的百分之三加处罚款: the law's own sanction for a fine unpaid
    if match.group(0).endswith("关闭") and _GATES.search(text, max(start, at - 4), at):
        return True  # 小区大门一律关闭: gates shut, no business closed
    if "用人单位" in text[max(start, at - 8) : at]:
        return True  # 用人单位可禁止其继续从业: an employer's step, no administrative penalty
    return _internal_target(text, start, at, end)


# What is shut when 关闭 closes a way in, not a business.
_GATES = re.compile("大门|院门|校门|楼门|单元门|出入口|通道|路口|道口")


def _licence_exempt(text: str, start: int, end: int, at: int, match: re.Match[str]) -> bool:
    """An internal approval, a private person's consent, a payment as the condition, or what
    is only published."""
    matched = match.group(0)
    between = text[at : match.end()]
    head = text[start:at]
    comma = max(head.rfind("，"), head.rfind(","))
    if _INTERNAL_APPROVER.search(between) or _INTERNAL_APPROVER.search(head, comma + 1):
        return True
    if _INTERNAL_SUBJECT.search(head) and not _PRIVATE.search(head):
        return True
    if _OFFICE_OPENS_RE.match(text, start, match.end()) and not _PRIVATE.search(text, start, end):
        return True  # 镇人民政府应当组织编制村庄规划，报县人民政府审批: an office's own step
    if text.startswith("证明", match.end() - 1) and (
        _SERVICE_PROOF.search(head) or _SERVICE_PROOF.search(between, 0, len(between) - 1)
    ):
        return True  # a proof demanded for a service: the obligation
    asked = head[comma + 1 :] + between
    if _NEIGHBOURS.search(asked) and not _AUTHORITY.search(asked.replace("村民", "")):
        return True  # 取得四邻签字同意书…方可: the neighbours' consent, an obligation
    consent = _CONSENT_OF.search(between)
    if consent and not _AUTHORITY.search(between, consent.end()):
        return True  # 征得全体业主同意: private persons' consent, an obligation
    approved = _APPROVED_BY.search(between)
    if (
        approved
        and _PRIVATE_APPROVER.search(between, approved.end())
        and not _AUTHORITY.search(between, approved.end())
    ):
        return True  # 须经出租人同意: a civil consent
    if _SUBORDINATE_SUBJECT.match(text, start) and not _PRIVATE.search(head):
        return True
    if _RECORD_PROOF.search(text, at, match.end() + 1):
        return True  # 须持有…出具的无犯罪证明: a proof of one's record, the obligation
    if _BARE_NOT_APPROVED.match(matched) and _INTERNAL_APPROVER.search(text, start, at):
        return True  # …须经社区党组织审查同意，未经同意的不得参选: the same approval, named before
    if _BENEFIT.search(text, start, end):
        return True
    if _STATUTORY_APPROVER.search(text, start, match.end()):
        return True  # 须经省级渔业行政主管部门批准: the law's own licence, as the law words it
    if _RELEASED.match(text, match.end()):
        return True  # 待验收合格后启封, 经验收合格予以退还: a measure's or a deposit's end
    if matched.startswith(("方可", "才能", "才可", "方能")) and _YEARS_PASSED.search(
        text, start, at
    ):
        return True  # 满五年方可上市转让: a time to wait, not an approval (the obligation)
    if (
        matched.startswith("方可")
        and _PATTERNS[Category.FEE].search(text, start, at)
        and not _APPROVAL_RE.search(text, start, at)
    ):
        return True  # the condition is a payment (缴纳保证金后方可开工): that is the fee
    return bool(_PUBLISHED.search(text, start, end))


# The approver as a law names it, by its field (渔业行政主管部门, 市容环境卫生主管部门) or as 法定部门:
# a local document names its own office (县农业农村局); a clause in the law's words restates a
# licence the law set. (A bare 经主管部门批准 or 上级主管部门 names no field: no sign of the law's words.)
_STATUTORY_APPROVER = re.compile(
    r"(?<![经向报由的和及或级])(?:行政)?主管部门(?:依法)?(?:批准|审批|核准|许可|同意|签发|核发|提出申请|申请)"
    r"|法定部门"
)
# A proof of one's clean record (无犯罪证明, 无违法记录证明), not a no-objection paper.
_RECORD_PROOF = re.compile(r"无(?!异议)[^，,。；;]{1,8}?证明")
# 未经同意, 未经批准 with no approver named: the one named before in the clause.
_BARE_NOT_APPROVED = re.compile("未经(?:同意|批准|审批|许可)")


# Others let in after all (其他企业依法取得经营许可后也可参与).
_OTHERS_ADMITTED = re.compile(r"其[他它][^。；;]{0,20}?(?:也可|也可以|均可|同样可以)")

# Trades a law keeps to one body: tobacco (烟草专卖法), salt (食盐专营办法).
_STATUTORY_MONOPOLY = re.compile(r"烟草|烟叶|卷烟|专卖品|食盐|盐业")


def _competition_exempt(text: str, start: int, end: int, at: int, match: re.Match[str]) -> bool:
    """A list one may choose from, a person (not a firm) moving, a lawful price, a district's
    own revenue, or the administration's internal arrangements."""
    matched = match.group(0)
    if _LIST_OPTIONAL.search(text, start, end):
        return True
    if _STATUTORY_MONOPOLY.search(text, start, end):
        return True  # 烟叶…必须由烟草公司统一收购: the monopoly the law itself set
    if _OTHERS_ADMITTED.search(text, match.end(), end):
        return True  # 由县公交公司统一运营，其他企业…也可参与: the market stays open
    # 不得要求外地企业…, 外地企业…，采购人不得以注册地…设置: binds the administration.
    if _ADMIN_FORBIDDEN.match(text, at) or _ADMIN_FORBIDDEN.match(text, match.end() - 2):
        return True
    if _MOVE.search(matched) and not _MOVER.search(text, start, at):
        return True  # 户籍迁出的…: a person moving, not a firm
    if (
        _SETTLING.search(matched)
        and _WHO_DOES.match(text, match.end())
        and not _DEMANDED.search(text, start, match.end())
    ):
        return True  # 快递企业在本县设立末端网点的，…: whom the clause is about
    if (
        _PRICE.search(matched)
        and _PRICE_LAWFUL.search(text, start, end)
        and not (_PRICE_CUT_BANNED.search(text, start, end) and "成本" not in text[start:end])
    ):
        return True  # 政府定价, 明码标价, below cost: what the price law itself rules
    if _FISCAL.match(matched) and not _BENEFICIARY.search(text, start, end):
        return True  # the revenue of a district, not of a firm
    if matched.startswith("由") and _GIVEN_FREE.search(text, start, end):
        return True  # 疫苗由政府统一采购，免费接种: what the administration buys to give away
    return bool(_INTERNAL.search(text, start, end)) and not _COMPETITION_PRIVATE.search(
        text, start, end
    )


_EXEMPT_BY_KIND = {
    Category.FEE: _fee_exempt,
    Category.COERCION: _coercion_exempt,
    Category.OBLIGATION: _obligation_exempt,
    Category.PENALTY: _penalty_exempt,
    Category.LICENCE: _licence_exempt,
    Category.COMPETITION: _competition_exempt,
}


def _internal_target(text: str, start: int, at: int, end: int) -> bool:
    """Whether the one a consequence falls on is the administration's own unit or staff: the
    words from the last 对 (or the clause start) to the consequence, without who imposes it;
    or no private party there and a consequence only an administration's unit can suffer in
    the clause (扣减年度目标考核分)."""
    head_start = text.rfind("对", start, at)
    head = text[head_start if head_start >= 0 else start : at]
    comma = _COMMA_OR_COLON.search(head)
    if comma:
        head = head[: comma.start()]
    if _PRIVATE.search(head):
        return False
    return bool(_INTERNAL.search(head) or _INTERNAL_CONSEQUENCE.search(text, start, end))


def _comma_clause_start(text: str, clause_start: int, at: int) -> int:
    """Where the comma-clause that holds position `at` starts (one scan: the greedy match ends
    after the last mark)."""
    last = _UP_TO_LAST_MARK.match(text, clause_start, at)
    return last.end() if last else clause_start


def _comma_clause_end(text: str, at: int, clause_end: int) -> int:
    """Where the comma-clause of text[at] ends (at most clause_end)."""
    comma = _CLAUSE_START_RE.search(text, at, clause_end)
    return clause_end if comma is None else comma.start()


def _negated(text: str, clause_start: int, at: int) -> bool:
    """Whether a negation word stands earlier in the comma-clause that contains position `at`
    (not inside a title: 《…市场整治工作方案》 negates nothing)."""
    begin = _comma_clause_start(text, clause_start, at)
    while begin > clause_start and text[begin - 1] in "（(" and _closed(text, begin, at):
        # 严禁各村（社区）向群众摊派: a bracket closed before `at` does not end the clause.
        begin = _comma_clause_start(text, clause_start, begin - 1)
    first = _NEGATION.search(text, begin, at)
    if first is None:
        return False
    if text.find("《", begin, at) < 0:
        return True
    for negation in _NEGATION.finditer(text, first.start(), at):
        if text.rfind("《", begin, negation.start()) <= text.rfind("》", begin, negation.start()):
            return True
    return False


def _closed(text: str, start: int, at: int) -> bool:
    """Whether a bracket opened just before `start` is closed before `at`."""
    return text.find("）", start, at) >= 0 or text.find(")", start, at) >= 0


def _defaulted(text: str, clause_start: int, at: int) -> bool:
    """Whether the comma-clause before position `at` names a failure to do it (未按时缴纳…的):
    the words describe whom a consequence falls on, not a duty set here."""
    return _DEFAULTED.search(text, _comma_clause_start(text, clause_start, at), at) is not None


def _basis(text: str, start: int, end: int, laws: LawIndex) -> tuple[bool, str]:
    """Whether text[start:end] gives a legal basis; else the first title it cites as if it
    were one (a normative document)."""
    besides = [m.span() for m in _BESIDES_LAW.finditer(text, start, end)]
    for generic in _GENERIC_BASIS.finditer(text, start, end):
        if any(b_start < generic.start() < b_end for b_start, b_end in besides):
            continue  # 除依法…外，还应…: the basis of what is excepted, not of what is added
        if not (
            generic.group(0) in ("依法", "依规")
            and _OWN_RULES.search(text, start, end)
            and _SANCTION.search(text, start, end)
        ):
            return True, ""
        break
    if _cites_a_law(text, start, end, laws):
        return True, ""
    first = _CITATION.search(text, start, end)
    return False, first.group(0) if first else ""


def _cites_a_law(text: str, start: int, end: int, laws: LawIndex) -> bool:
    """Whether text[start:end] cites a law, regulation or rule."""
    return any(
        laws.is_superior(c.group(1), text[c.end() : c.end() + 24])
        for c in _CITATION.finditer(text, start, end)
    )


def _before_the_basis(text: str, start: int, end: int, match: re.Match[str]) -> bool:
    """Whether the comma-clause that holds `match` ends before the clause's first bare basis
    (依法…) starts: what is laid down before it is not what it qualifies."""
    generic = _GENERIC_BASIS.search(text, start, end)
    if generic is None or generic.group(0) not in ("依法", "依规"):
        return False
    return _comma_clause_end(text, match.end(), end) < generic.start()


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
    opened = text.rfind("“", sentence_start, clause_start)
    if (
        opened > text.rfind("”", sentence_start, clause_start)
        and _basis(text, sentence_start, opened, laws)[0]
    ):
        return True  # 根据《…条例》第六十三条“…；…，处…罚款；…”: the law's own words, quoted
    head = text[sentence_start:clause_start]
    if _cites_a_law(text, sentence_start, clause_start, laws):
        return True  # 依据《…条例》第四十五条规定…罚款；引起火灾的，…并处…罚款: the same basis
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

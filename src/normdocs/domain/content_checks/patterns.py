"""What the checks read a text with: sentences and clauses, and the patterns of each kind's
triggers, compiled once into tries with a fast first-character test."""

import re
import re._constants as _sre  # type: ignore[import-not-found]
import re._parser as _sre_parse  # type: ignore[import-not-found]
from typing import Any

from normdocs.domain.content_checks.kinds import Category

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

# A time waited (满五年, 满半年后): a restriction on a sale or a let, not an approval.
WAITED = rf"满(?:{_N}+|半)个?(?:年|月)(?:后|以上)?"

# Local preference: 本地/本市… anywhere; 县内/区内… only before who or what is local (区内 alone
# is everywhere: 禁燃区内, 辖区内).
# 我县/我市… only before who or what is local, as 县内 (我县 alone is in every sentence of a county).
_LOCAL_FIRMS = (
    "生产", "企业", "产品", "商品", "供应商", "经营者", "品牌", "公司", "规模", "重点", "龙头", "骨干",
)  # fmt: skip

_LOCAL = (
    r"(?:本地|本市|本县|本区|本省|本乡镇|本镇|本乡|本街道|当地|县本级|"
    rf"(?:县内|市内|区内|省内|辖区|县域内?|市域内?|我县|我市|我区|我镇)(?={'|'.join(_LOCAL_FIRMS)}))"
)

_NONLOCAL = (
    r"(?:外地|外省|外市|外县|外埠|异地|非本地|非本[市县区省镇]|省外|市外|县外|区外|外来|"
    r"非[^，,。；;]{1,4}籍)"
)

_FIRM = (
    r"(?:企业|产品|商品|供应商|经营者|品牌|材料|农产品|汽车|经销商|车辆|货车|施工队伍|"
    r"建筑企业|物流企业|公司|生产|客商|商户|商家|经营户|个体户|施工单位|中介|服务商|劳务|食品|"
    r"货物|药品|建材|物资|原材料|种子|农资|饲料|粮食|药材|水产品|蔬菜|肉类|畜禽|酒类|白酒|机构|参展商|"
    r"展商|厂商|渣土车|运输车|机动车|事务所|旅行社)"
)

_COERCE_PREFIX = ("强制", "强行", "予以", "先行", "就地")

_COERCE_ACT = (
    "拆除", "清除", "带离", "隔离", "收缴", "收容", "清理", "关闭", "扣留", "暂扣", "扑杀",
    "销毁", "拖移", "拖离", "拖走", "送往", "送至", "收存", "锁定", "封存",
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
    "资质审查", "资格认定", "论证通过", "评估通过", "审验", "年审", "年检", "资格复核", "复核通过",
    "会审", "联审", "准入",
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
    r"救助站|收容中心|收容点|隔离点|停放场|停放点|停车点|扣车场|暂扣场|保管站|"
    r"指定(?:的)?(?:地点|场所|位置|区域|停车场|仓库))"
)

# Who sells, and buying: 应当从县砂石公司统一购买.
_SELLERS = ("公司", "集团", "厂", "供应站", "中心")

# Handing work to one body, and the lists an office chooses.
_ALL_OF = ("统一", "一律", "全部")

_HANDED = ("授予", "交由", "委托", "划归", "配置给", "指定给", "指定")

_CHOSEN = ("确定", "指定", "推荐", "公布", "认定", "选定", "遴选")

# A duty word and a verb of dealing written together (一律使用, 应当委托, 统一入驻, 至少安排):
# one must deal with whom the sentence names.
_DUTY = ("一律", "统一", "必须", "须", "应当", "应", "只能", "均须", "均应", "至少")
_DEALING = (
    "使用", "采用", "选用", "委托", "入驻", "接入", "安排", "加入", "交由", "租用", "购买", "采购",
    "选购",
)  # fmt: skip
_DEALING_WORDS = "|".join(_DEALING)
# The place's own (县建材集团, 县内…企业, 本县的…酒店): not 市场, 市民, 城市.
_LOCAL_PLACE = r"本地|当地|本县|本市|本区|县内|市内|区内|县(?![级域外城委])|区(?![域外级])|镇(?![级外])|(?<![城超集])市(?![场民级域外])"
_FIRM_NOUNS = ("公司", "集团", "企业", "厂", "酒店", "宾馆", "旅行社", "景区")
_ONLY_LOCAL = tuple(
    f"{only}{place}"
    for only in ("为", "限", "限于", "仅限")
    for place in ("县内", "市内", "区内", "本县", "本市", "本区", "本地", "当地")
)
_BUYING = ("购买", "采购", "购进", "进货", "订购", "选购", "购置", "租赁", "配送", "供应", "供货")

_PATTERNS: dict[Category, re.Pattern[str]] = {
    Category.PENALTY: re.compile(
        "|".join(
            (
                rf"(?:{_CHU}以?|罚款){_K}{{0,20}}?{_N}+{_K}{{0,3}}?元",
                rf"{_CHU}以?{_K}{{0,20}}?罚款",
                # 罚50元, 再罚100元: the fine in a village's words.
                rf"罚(?<![处以]罚){_N}+{_K}{{0,2}}?元",
                rf"(?:予以|给予|并处|处以|并予)(?:{_C}{{0,4}}?)(?:罚款|警告|通报批评|行政拘留|拘留|处罚)",
                # Shaming in public (在媒体上予以曝光, 公开曝光).
                r"(?:予以|公开|进行|给予)曝光",
                r"通报批评",
                r"违者(?:罚|处|一律)",
                rf"没收{_C}{{0,12}}?(?:违法所得|非法财物|工具|物品|器具|渔具|网具|商品|产品|车辆|设备|"
                r"烟花爆竹|设施|犬只|渔获物|船|货物|用具|材料|摊)",
                # Limits on producing or doing business (限产50%, 限制其经营).
                r"限产|限制(?:其)?(?:生产|经营|营业)",
                rf"吊销{_C}{{0,16}}?(?:许可证|执照|证书|证照|资格)",
                r"(?:当场|予以|一律|可以|可|进行)没收|没收其|(?:暂扣|扣押|收缴|查扣)或没收",
                # Closing a business down (一律予以关闭取缔).
                r"(?:予以|一律|坚决)?关闭取缔|(?:予以|一律)(?:取缔|关停)|(?:给予|予以|一律)关闭",
                # A right to do business, bid or practise taken away (取消该企业今后三年参与…招标的资格,
                # 注销其教练员资格).
                rf"(?:取消|注销|撤销|收回)(?:其|该){_K}{{0,20}}?(?:招标|投标|营运|经营|执业|从业|承接|竞买|"
                r"教练员|驾驶员|供货|供应|采购)[^，,。；;]{0,6}?资格",
                rf"由{_K}{{0,12}}?(?:暂停|停止)(?:其)?(?:营业|经营|生产|营运|执业)",
                rf"暂扣{_K}{{0,20}}?(?<!身份)(?:证(?!件)|执照|证照)",
                # Confiscation by whoever the clause names (由乡镇人民政府没收家禽).
                rf"由{_K}{{0,15}}?没收(?!的)",
                # Closure, and suspension or withdrawal of the right to do business, bid or supply.
                rf"责令(?:其)?{_K}{{0,4}}?(?:停产停业|停业整顿|停业整改|停业整治|停产整顿|停产整改|停业|"
                r"停产|停工|停运|关闭|关停|歇业|暂停营业|暂停招生|暂停经营|暂停接收|停止接收|"
                r"停止(?:营业|经营|生产|营运|招生|执业|办学))",
                # A deposit forfeited as a sanction.
                rf"(?:扣除|扣减|罚没|扣罚){_C}{{0,10}}?(?:保证金|押金|风险金)",
                r"(?:通报|曝光)(?:其)?姓名",
                r"(?:停业整顿|停产停业|停业整改|停业整治|停产整顿|停产整改|关门歇业)(?!期)",
                rf"(?:整改|整顿)期间{_K}{{0,4}}?(?:停止|暂停)(?:营业|经营|生产|施工)",
                # …其 a right to do business (not a benefit or the use of a facility: 取消其车位使用资格
                # is a lost entitlement, an obligation).
                rf"(?:暂停|取消|限制|禁止|停止|收回|撤销)其(?!{_K}{{0,12}}?(?:享受|低保|救助|补贴|待遇|评优|"
                rf"评先|荣誉|入学|分红|车位|住房|公租房|借阅)){_K}{{0,12}}?(?:营业|营运|经营|执业|从业|投标|承接|承揽|代理|招生|"
                r"参与|参加|竞买|竞拍|竞标|供货|供应|销售|生产|施工|资质|许可|执照|牌照|资格|收住|招收|"
                r"接收|收治|开展|从事|投放|运营|新增|揽)",
                # Barred from business for a time (五年内不得在本县申办医疗机构, 三年内不得…承租摊位).
                rf"(?:{_N}+|半)(?:年|个月)内{_K}{{0,4}}?(?:不得|禁止|不准|不予){_K}{{0,10}}?(?:承接|参加|"
                r"参与|从事|投标|经营|承揽|进入|申报|供货|申办|开办|设立|承租|租赁|入驻|入场|申请摊位|摊位)(?!地址|场所|场地|用房)",
                # The right to trade taken away (取消摆摊经营资格), whoever's it is.
                rf"取消{_K}{{0,6}}?(?:摆摊|经营|营业|从业|执业|投标|营运|入场|进场|供应|供货|承接|承揽)资格",
                # A licence cancelled as a sanction (由县交通运输局注销其道路运输证).
                rf"注销(?:其|该){_K}{{0,10}}?(?<!身份)(?:证(?![明件])|执照|牌照)",
                r"清退出|收取罚没款",
                r"限制从业|降低(?:其)?资质等级",
                # A right suspended for a time (停止其接送学生一个月).
                rf"(?:暂停|停止)(?:其|该)(?!{_K}{{0,8}}?(?:享受|优惠|补贴|待遇|救助|低保)){_K}{{0,12}}?{_N}+个?(?:月|日|天|年)",
                # A business suspended for a time, however the clause words it (作出暂停招生三个月的处理).
                rf"(?:作出|给予|予以|{_CHU}以?)(?:暂停|停止)(?:营业|经营|生产|营运|执业|招生){_K}{{0,2}}?"
                rf"(?:{_N}+|半)个?(?:月|日|天|年)",
                # A fine at a rate (按每间每月200元的标准对出租人进行处罚).
                rf"{_N}+{_K}{{0,3}}?元{_C}{{0,16}}?(?:进行|予以|给予)处罚",
            )
        )
    ),
    Category.LICENCE: re.compile(
        "|".join(
            (
                rf"(?:须|需|需要|必须|应当|应|均须|一律须|要)(?:先|事先|事前|预先)?{_C}{{0,20}}?"
                rf"(?:经|报经|报|向|由|征得|取得|持有?|凭|申领|办理){_C}{{0,30}}?{_APPROVAL}"
                r"(?!机关|部门|局|事项|权|服务|系统|平台|窗口)",
                rf"未经{_C}{{0,20}}?(?:批准|许可|审批|核准|同意|登记){_C}{{0,20}}?(?:不得|禁止|一律不|严禁)",
                r"(?:凭|持)(?:通行证|出入证)(?:进出|出入|通行|进入|外出)",
                # A certificate to apply for (须向县水利局办理垂钓证) or to hold at work (持《…证》上岗).
                rf"(?:须|需|必须|应当|应|要)(?:先|事先|提前)?(?:向|到){_C}{{0,15}}?(?:申请|办理|申领|领取)(?:办理|核发)?"
                rf"{_C}{{0,12}}?(?<!身份)(?<!居住)证(?![明件书])",
                rf"(?:持|凭)《?{_K}{{0,12}}?证》?(?:上岗|从业)",
                rf"报(?:经)?{_K}{{0,12}}?(?:确认|审核|核实|备案|登记)后方可",
                rf"(?:须|必须|应当|应)(?:先)?(?:到|向){_K}{{0,12}}?登记(?:后|{_C}{{0,20}}?(?:方可|否则))",
                r"(?:评估|审核|审查|论证|考核|检测|验收|评审)(?:不通过|不合格|未通过|未获通过)的?[，,]?"
                r"(?:一律)?不予",
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
                r"查封|扣押|冻结|封存|封停|贴封|加封|查扣",
                rf"(?:可以|可|予以|一律|当场)(?:就地|现场|立即)?(?:暂扣|扣留)(?!{_K}{{0,8}}?(?:证|执照|牌照))",
                rf"(?:暂扣|扣留){_C}{{0,24}}?(?:车辆|物品|工具|设备|货物|烟花爆竹|船只|渔具|车|设施|"
                r"商品|物资|器具|用具|材料|财物|摊)",
                # Things or people taken to, or held at, a place of the administration's.
                rf"(?:暂扣|扣留|扣押|扣存|扣|暂存|存放|保管|收存|收缴|收回|清运|拖|运|送|带|押|移|控制|看管|关)"
                r"(?:至|到|往|回|于|在)"
                rf"{_K}{{0,10}}?{_HOLDING_PLACE}",
                rf"(?<!暂)扣车(?!辆)|(?:不得|禁止)离开(?!{_K}{{0,6}}?(?:就业|工作|发展|经营))|限制其离开|"
                r"强制执行|(?:贴上|张贴|加贴)封条|停水停电|停电停水|"
                r"(?:予以|实施|一律|采取|对其)(?:停水|停电|停气|断网)",
                rf"(?:实施|予以|进行|一律|当场)锁定|锁定(?:其|该)?{_K}{{0,4}}?(?:车辆|车轮)",
                rf"(?:{'|'.join(_COERCE_PREFIX)})(?:{'|'.join(_COERCE_ACT)})",
                rf"(?:实施|予以|一律|由{_K}{{0,12}}?)(?:清吊)?(?:拖移|拖离|拖走|拖运|吊离)",
                r"锁车|车轮锁|轮锁|抱轮|(?:车轮|车辆)加锁|加锁",
                rf"车{_K}{{0,10}}?(?:加装|安装|加上|上)(?:车轮)?锁",
                r"(?:实施|予以|进行|一律|强制)封堵|封堵其",
                # A person held: 将其隔离在家, 把其控制在现场.
                rf"(?:将|把)其{_K}{{0,8}}?(?:隔离|控制|扣留|带离|带回|留置|看管|约束)",
                # A thing taken, towed or locked by whoever the clause empowers (可将船只拖离水域,
                # 用锁链将船只锁定在指定码头).
                rf"(?:将|把)(?:该|涉事|违规|违法|其)?(?:车辆|船只|船舶|车|船|摊点|设备|工具|物品|货物|"
                rf"商品|机具|动物|犬只|畜禽){_K}{{0,4}}?(?:拖离|拖走|拖移|拖运|吊离|锁定|锁在|锁于|收存|"
                r"扣留|暂扣|封存|带离|运至|运到|拖至|拖到)",
                rf"(?:将|把)其{_K}{{0,12}}?(?:暂扣|扣留|扣押|封存|收缴|收存)",
                r"(?:当场|现场)(?:收存|收缴|扣留|暂扣|封存|锁定|扣押|带离)",
                r"进行(?:暂扣|扣押|扣留|封存|收缴|锁定|拖移)",
                rf"(?:予以|实施|一律)(?:{_K}{{1,4}}、){{1,3}}(?:锁定|拖移|拖离|扣押|暂扣|查封|封存|扣留)",
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
                r"(?:停止|中断|切断|暂停)(?:对其|其)?(?:供水|供电|供气)|断电|断水|(?<!开)锁车",
                # A person taken to an office (将其带至镇综治中心).
                rf"将其(?:带至|带到|带往|带回){_K}{{0,12}}?(?:中心|所|站|室|场所|地点|队)",
                rf"(?:带至|带到|带往|带回){_K}{{0,12}}?(?:村委会|居委会|委员会|办公室|派出所|综治中心)",
                # Supply cut in other words (进行停电、停水和中断有线信号等处理, 对其生产用电实施停电措施,
                # 切断…场所的互联网接入服务).
                r"(?:进行|实施|采取)(?:停电|停水|停气)|(?:停电|停水|停气)(?:措施|处理|、)",
                rf"(?:切断|中断|断开){_K}{{0,15}}?(?:接入服务|网络接入|供电|供水|供气|电源|水源|信号)",
                # Premises or boats locked, people held (先行锁闭, 锁链封航, 暂时控制于门卫室).
                rf"锁闭|封航|(?:暂时|临时)?控制(?:于|在)(?!{_N})",
                # Identity papers or licences held, places closed, animals impounded.
                rf"(?:暂扣|扣留|扣押|收缴)(?:其|当事人)?{_K}{{0,4}}?(?:身份证件|身份证|居民身份证)",
                rf"扣留{_K}{{0,8}}?(?:行驶证|驾驶证|驾照)",
                r"(?:实施|予以|一律|强制)封闭",
                r"圈留|(?:予以|一律|集中)圈养",
                r"(?:实施|予以|一律)(?:封门|封店)|(?:更换|换掉)(?:其)?门锁",
                r"组织(?:捕捉|收容|抓捕)",
                # A party's supply cut, its funds stopped, its animals or people caught and held.
                rf"(?:断开|切断|中断|停止|关闭|拉断)(?:对)?其{_K}{{0,8}}?(?:电源|水源|气源|供水|供电|供气|"
                r"用电|用水|用气|网络)",
                rf"(?:暂停|停止|限制|冻结)其{_K}{{0,6}}?(?:账户|存款|汇款)",
                r"(?:予以|一律|强制|统一|集中|当场)(?:捕捉|捕获|抓捕|收捕|收容)|(?:捕捉|收容|收捕)其",
                r"代为(?:拆除|清除|处置|清理)",
                r"限制(?:其)?人身自由",
            )
        )
    ),
    Category.FEE: re.compile(
        "|".join(
            (
                rf"(?:收取|征收|加收|(?<![欠未])缴|交纳|交存|交付|预交|预存|上交|存储|存入|支付){_C}{{0,20}}?"
                r"(?:费|基金|(?:保证|押|诚信|风险|质保|履约|抵押|保障|赔偿|补偿|责任|安全)金)",
                # A sum set for a charge: 垃圾处理费按每户每月10元.
                rf"(?:费|保证金|押金|基金)(?:标准)?(?:按|为|每){_C}{{0,15}}?{_N}+{_K}{{0,4}}?元",
                rf"收(?![费购])({_K}{{1,8}}?)费",
                # A deposit put into an account an office names (…风险抵押金，存入…指定账户).
                rf"(?:保证|押|诚信|风险|质保|履约|抵押)金{_C}{{0,6}}?(?:存入|缴入|交至|缴至|转入|划入)",
                r"收费标准(?:为|按|是|：|:)",
                # What keeping seized things or people costs, put on the party (行政强制法 第26条 puts
                # it on the administration; what a removal done in the party's stead costs, 第51条,
                # the party owes).
                rf"(?:隔离|保管|看管|扣押|暂扣|误工|检测){_C}{{0,20}}?(?:费用|费|补助)"
                rf"{_C}{{0,12}}?由(?!{_K}{{0,4}}?(?:行政机关|执法机关|机关|政府|财政|部门|执法部门))"
                rf"{_K}{{0,6}}?(?:承担|负担|支付)",
                rf"(?:分摊|均摊|分担){_C}{{0,16}}?(?:费用|经费|资金|建设费)",
                rf"(?:隔离|医学观察|观察|保管|看管|检测){_C}{{0,24}}?费用?(?:自理|自负|由个人承担|个人承担)",
                rf"(?:代扣|扣收|扣缴){_C}{{0,8}}?费",
                rf"(?:须|必须|应当|一律)(?:购买|购置|办理){_C}{{0,10}}?{_N}+{_K}{{0,2}}?元{_K}{{0,4}}?的?{_K}{{0,6}}?"
                r"(?:通行卡|通行证|卡|证|牌|标志)",
                rf"(?:每|按){_C}{{0,12}}?(?:收取|收费|缴纳|交纳|征收){_C}{{0,6}}?{_N}+",
                rf"(?:每|按){_C}{{0,15}}?{_N}+{_K}{{0,3}}?元(?:的标准)?(?:收取|收费|缴纳|交纳|征收)",
            )
        )
    ),
    Category.OBLIGATION: re.compile(
        "|".join(
            (
                r"(?:一律)?不予(?:办理|受理|登记|审批|发放|享受|报销|录用|安排|落户|入学|出具|开具|提供)",
                r"(?:暂停|停止|暂缓|拒绝)办理其",
                # Neighbours' consent demanded (须取得四邻签字同意的书面意见).
                rf"(?:四邻|邻居|相邻|邻里){_K}{{0,6}}?同意",
                # A service withheld from someone or their family (暂停为其办理各类证明, 不得为其安排摊位,
                # 暂停为其子女办理入学手续).
                r"(?:暂停|停止|不再|不予|不得|暂缓|拒绝|限制|不)(?:为|给|对|向)其(?:子女|家属|亲属|配偶|家人)?"
                r"(?:办理|受理|发放|提供|出具|安排)",
                rf"(?:取消|暂停|停止){_C}{{0,10}}?(?:资格|待遇|补贴|低保|救助|享受|分红)",
                # A benefit docked (扣除该区域全年禁牧奖补资金, 缺席一次扣减补贴百分之二十).
                rf"(?:扣除|扣减|扣发|停发)(?:其)?{_C}{{0,12}}?(?:补贴|奖补资金|补偿资金|补助资金|补助|"
                r"奖补|分红|救助金|低保金)",
                r"列入(?:黑名单|失信|不良信用|重点监管名单)",
                rf"限制{_C}{{0,10}}?(?:入学|就业|出行|出境|乘坐|升学|招录|参军|贷款|报考)",
                # Proofs, and private financial or health records, demanded (银行流水, 体检报告).
                rf"(?:必须|须|应当|需){_C}{{0,24}}?(?:提供|出具|开具|提交|上传|出示){_C}{{0,24}}?"
                r"(?:证明|承诺书|担保|保证书|流水|账单|存款|征信|聊天记录|体检报告)",
                # Commitments that give up a right or a freedom (须书面承诺家庭成员不购买商业保险).
                rf"(?:必须|须|应当|需|要求){_C}{{0,12}}?承诺{_K}{{0,20}}?(?:不(?:得|再)?(?:购买|饲养|养|上访|"
                r"信访|起诉|诉讼|申请|出租|转让|外出|举办)|放弃|自行承担|"
                r"无条件)",
                # Property a party may not let, sell or give away for a time (五年内不得将该房屋出租).
                rf"(?:{_N}+|半)(?:年|个月)内{_K}{{0,4}}?(?:不得|禁止|不准|不允许){_K}{{0,10}}?(?:出租|转让|"
                r"赠与|出售|出借|转租|转借|买卖|抵押|上市交易|过户)",
                # …or only once years have passed (取得不动产权证书之日起满五年方可上市转让).
                rf"{WAITED}(?:方可|才能|才可|方能){_K}{{0,4}}?(?:出租|转让|"
                r"赠与|出售|出借|转租|买卖|抵押|上市|过户)",
                # A benefit or compensation taken away (不再享受…收益分配, 强制拆除，并不予补偿).
                r"不再享受(?!同类|重复)|不得享受|停止享受|暂停享受|取消享受|只享受一半|不予(?:补偿|赔偿|安置|分配)|"
                # (政府不对经营户给予任何补偿)
                rf"不(?:对|向|给){_K}{{0,10}}?(?:给予|予以|作)(?:任何)?(?:补偿|赔偿|安置)",
                # Unpaid work or goods demanded (须无偿为消防宣传提供广告位).
                rf"(?:须|必须|应当|应|一律|均须|均应|要){_C}{{0,12}}?无偿(?:为|向)?{_K}{{0,12}}?(?:提供|承担|"
                r"参加|服务|劳动|出让|让出|交出|腾退)",
                # A private party's consent made a condition (须征得同单元全体业主书面同意).
                # (A meeting's consent, 村民会议, 业主大会, is the law's collective decision.)
                rf"征得(?!{_K}{{0,12}}?(?:会议|大会|委员会)){_K}{{0,12}}?(?:业主|邻居|住户|相邻|利害关系人|权利人|居民|村民|家庭成员){_K}{{0,6}}?"
                r"(?:书面)?同意",
                # Rights to be renounced (须书面承诺放弃今后申请其他住房保障的权利).
                rf"(?:必须|须|应当|需|要求){_C}{{0,10}}?放弃{_K}{{0,20}}?(?:权利|权益|申请|诉讼|复议|信访|"
                r"上访|补偿|赔偿|资格)",
                rf"(?:子女|配偶|家属|亲属|家人){_C}{{0,15}}?(?:不得|不予|取消|限制|停止)",
                r"连带责任|株连|摊派|(?<!非法)集资",
                rf"(?:不允许|不得|禁止|不准)?未接种{_C}{{0,24}}?(?:进入|从事|上岗|参加|乘坐|入住|入学)",
                r"不(?:做|作)任何(?:补偿|赔偿)",
                rf"(?:配备|配置|聘请|聘用){_K}{{0,16}}?(?:安全员|管理员|保洁员|监督员|信息员|协管员)",
                rf"(?:每日|每周|每月|每季度|每半年|每年)(?:须|应当|必须)?{_K}{{0,4}}?(?:到|向){_K}{{0,12}}?"
                r"(?:现场认证|本人认证|报到)",
                # Everyone made to report or stop others (任何单位和个人都有举报的义务).
                rf"有{_K}{{0,4}}?(?:举报|劝阻|报告|制止){_K}{{0,10}}?义务|有义务{_K}{{0,6}}?(?:举报|劝阻|报告|制止)",
                # Daily checks, planting by plan, local people's share of jobs, staying to work.
                rf"(?:应当|须|必须)(?:每日|每天|每周|每月|定期)(?:查验|核验){_K}{{0,8}}?"
                r"(?:承租人|住户|租户|顾客|消费者|员工|人员|旅客)",
                rf"{_LOCAL}{_K}{{0,4}}?(?:户籍)?(?:人员|员工|劳动力|居民){_K}{{0,8}}?(?:比例|比重){_K}{{0,8}}?"
                r"(?:不得低于|不低于|不少于|应达到|须达到)",
                rf"(?:{_N}+|半)(?:年|个月)内{_K}{{0,4}}?(?:不得|禁止)(?:离开|迁出|调离){_K}{{0,8}}?"
                r"(?:就业|工作|服务)",
                # A uniform look demanded at the party's cost (按照统一样式更换门头招牌，更换费用由商户
                # 自行承担).
                rf"(?:须|必须|应当|应|一律|要){_C}{{0,40}}?费用?{_K}{{0,8}}?自行承担",
                # A uniform look, mark or number the party must take on (须自行购置统一样式的垃圾桶,
                # 对其站点…进行统一标识, 领取统一编号的犬牌).
                rf"(?:须|必须|应当|应|一律|均须|要){_C}{{0,16}}?统一(?:样式|式样|规格|标识|标志|标牌|编号|着装|"
                r"服装|外观|色调|颜色|风格|门头|招牌|制作)",
                rf"(?:负责|承担){_K}{{0,10}}?{_N}+米(?:范围)?内?的?{_K}{{0,4}}?(?:保洁|清扫|绿化|养护)",
                rf"(?:定向)?(?:招用|招聘|录用){_LOCAL}{_K}{{0,4}}?(?:户籍|人员|劳动力)",
                rf"(?:{_N}+|半)(?:年|个月)内{_K}{{0,4}}?(?:不得|禁止|不予)(?:申请|享受|获得|参加|参与){_K}{{0,10}}?"
                r"(?:奖补|补贴|补助|资金|荣誉|评优|评先|表彰|扶持|优惠)",
                # Private celebrations capped (婚宴…不能超过20桌).
                rf"(?:婚宴|宴席|酒席|宴请|婚丧|操办|办酒|办席){_C}{{0,12}}?(?:不(?:能|得|准)超过|控制在|限制在)",
                # A clean record, years of social insurance or a local household registration made a
                # condition (需符合无刑事犯罪记录的条件, 其父母须在本区连续缴纳社会保险满三年).
                rf"(?:需|须|应当|应|必须)(?:符合|具有|具备|提供)?{_K}{{0,6}}?无(?:刑事)?(?:违法)?犯罪记录",
                rf"(?:须|必须|应当|需)(?:在{_K}{{0,4}})?(?:连续)?(?:缴纳|参加){_K}{{0,2}}?社会保险{_K}{{0,2}}?"
                r"(?:满|达到?|不少于|累计)",
                rf"(?:应当|须|必须|需)(?:具有|具备|拥有|为|是){_K}{{0,4}}?户籍",
                # Public ground around the premises to be cleaned by the party (须安排专人…清扫周边五十米
                # 范围内的公共道路).
                rf"(?:须|必须|应当|应|一律|要){_C}{{0,16}}?(?:清扫|保洁|打扫|清理){_K}{{0,8}}?(?:周边|周围)"
                rf"{_K}{{0,4}}?{_N}+米",
                # A right or service tied to clearing other dues first (申请宅基地的，须先结清…费用).
                r"(?:须|必须|应当|应|需)(?:先|事先|首先)(?:行)?(?:缴清|结清|付清|还清|清缴|交清)",
                rf"(?:必须|一律|均须|须|应当|应){_C}{{0,16}}?(?:捐款|捐赠|参加义务劳动|购买|参加商会|参加协会|"
                rf"加入{_K}{{0,10}}?(?:商会|协会)|义务(?:劳动|服务|出工|值守|巡逻))",
                # Routine reports to an office: every day, week or month, or days ahead.
                rf"(?:每日|每天|每周|每月|每季度|每半年|按日|按周|按月|按季|定期|提前(?:{_N}+个?[日天])?)"
                rf"{_C}{{0,12}}?(?:向|到){_C}{{0,15}}?(?:报送|报告|上报|报备|申报)",
                rf"(?:每日|每天|每周|每月|每季度|每半年|按日|按周|按月|按季|定期)将{_C}{{0,25}}?"
                r"(?:报送|报告|上报|报备)",
                rf"(?:每日|每天|每周|每月|每季度|每半年|按日|按周|按月|按季|定期)(?:在|到|向){_C}{{0,15}}?"
                r"(?:签到|填报)",
                rf"(?:应当|须|必须|应|需)(?:在|于)?{_C}{{0,12}}?(?:提前|{_N}+个?(?:小时|日|天|工作日)内)将"
                rf"{_C}{{0,25}}?报{_K}{{0,12}}?(?:备案|审核|审批)",
                # …or within hours or days of something (应当在二十四小时内向乡镇人民政府报告).
                rf"(?:应当|须|必须|应|需)(?:在|于){_C}{{0,12}}?{_N}+个?(?:小时|日|天|工作日)内{_C}{{0,4}}?"
                rf"(?:向|到){_C}{{0,15}}?(?:报告|报送|上报|报备|申报|登记)",
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
                rf"指定(?!场所|地点|位置|区域|停车场|账户|时间|期限|窗口|网站){_C}{{0,15}}?(?:企业|公司|经营者|供应商|品牌|服务商|交易中心|检测机构|中介机构|"
                r"生产厂家|厂家|修理厂|医院|银行)",
                rf"(?:指定|暂定为|确定为|统一由){_C}{{0,25}}?(?:有限公司|股份公司|公司|交易中心)",
                rf"(?:限定|只能|仅限|必须|须|统一|应当|一律|均须|均应){_C}{{0,8}}?(?:购买|使用|选用|接受|采购|经营)"
                rf"{_C}{{0,20}}?(?:{_LOCAL}|指定(?!位置|地点|场所|区域|时间|地方|点)|特定)",
                rf"{_LOCAL}(?:生产)?的?{_C}{{0,8}}?{_FIRM}{_C}{{0,20}}?"
                r"(?:优先|予以|给予|方可|享受|补贴|奖励|价格扣除|加分|免收|免征|减免|减半)",
                rf"优先(?:采购|选用|使用|购买|录用|选购|选择|安排){_C}{{0,10}}?{_LOCAL}",
                rf"{_NONLOCAL}{_C}{{0,20}}?{_FIRM}{_C}{{0,25}}?"
                r"(?:不得|禁止|限制|须|应当|应|一律|另行|重复|不享受|需|提高|高于|加收|加倍|上浮|不予|"
                r"单独|额外|扣减|扣分|减分|降低|取消)",
                # Goods or firms entering from elsewhere held to more (外地进入本县的生猪，须…重新检疫).
                rf"{_NONLOCAL}(?:进入|调入|运入|流入)(?!{_K}{{0,12}}?人){_C}{{0,12}}?(?:须|必须|应当|一律|"
                r"重新|另行|重复|不得)",
                # Subsidies or rewards for what is made locally (本县产水泥…给予补贴).
                rf"{_LOCAL}(?:企业|厂家|公司)?(?:生产|产|制造|出产)(?!业|总值){_C}{{0,30}}?(?:优先|给予|补贴|奖励|补助|"
                r"价格扣除|加分|扶持)",
                rf"(?:不得|禁止|限制){_C}{{0,10}}?{_NONLOCAL}",
                rf"(?:提供|出具){_LOCAL}{_C}{{0,6}}?(?:纳税|社保|注册)",
                rf"(?:税收|税款|增值税|所得税|土地出让金|地方留成|财政贡献|纳税额){_C}{{0,16}}?"
                r"(?:返还|奖励|优惠|补贴)",
                rf"(?:缴纳|缴清|交纳)土地出让金{_C}{{0,40}}?(?:补助|补贴|返还|奖励|扶持)",
                rf"(?:返还|减免|奖励){_C}{{0,6}}?(?:税|土地出让金)",
                # A reward or subsidy measured by the firm's tax or fiscal contribution.
                rf"缴纳的{_K}{{0,8}}?税{_C}{{0,20}}?(?:奖励|返还|扶持|补贴|补助|奖补)",
                rf"(?:税收|税款|纳税|税负|增值税|所得税|实缴税|财政收入|财力贡献|财力|财政贡献|地方贡献|贡献额|留成|留存|创税)"
                rf"{_C}{{0,60}}?(?:奖励|返还|扶持|补贴|补助|奖补|优惠|一事一议|无偿提供|供地|用地)",
                # A firm's tax or contribution as a sum it must reach (累计实现税收3000万元以上,
                # 对本区地方经济发展贡献不少于1000万元).
                rf"(?:税收|税款|税金|纳税额?|创税|贡献额?|留存){_K}{{0,10}}?{_N}+{_K}{{0,2}}?(?:万元|亿元|元)",
                # Special deals case by case (一事一议, 特殊优惠).
                r"一事一议(?!筹资|筹劳|财政奖补)|特殊优惠|特殊政策|特殊扶持",
                # Prices fixed or cuts forbidden (统一年夜饭套餐价格, 不得擅自降价).
                rf"统一{_K}{{0,12}}?(?:价格|售价|定价|报价|零售价|销售价|收费标准)|(?:不得|禁止|严禁)(?:擅自|随意|私自)?"
                rf"以?(?:降价|压价|低于{_K}{{0,12}}?(?:价|标准收费|标准收取))",
                rf"(?:价格|售价|零售价|销售价|收费标准)(?:{_K}{{0,10}}?)统一(?:确定|制定|执行|为|按|标准)",
                # Leaving the county hindered (本县企业迁往县外的，须经…同意).
                # (Whose move it is, a firm's, is checked in _exempt: _MOVER.)
                rf"(?:迁往|迁至|迁出|迁离|外迁|搬离){_K}{{0,10}}?[，,]?(?:(?:须|必须|需|应当|应)(?:先|事先)?"
                r"(?:经|报经|征得|退还|返还|缴回|交回|补缴|全额)|方可|一律|不得)",
                rf"(?:不得|禁止|限制|不准|不允许|承诺{_K}{{0,8}}?不将?){_K}{{0,10}}?(?:迁出|外迁|迁离|迁往|搬离|撤离)",
                # A local record or presence scored (本地业绩加分, 本地注册的优先中标).
                rf"{_LOCAL}{_C}{{0,16}}?(?:加[{_N[1:-1]}]*分)|{_LOCAL}{_K}{{0,10}}?(?:加分|价格扣除|优先中标|优先采购|优先录用|优先选用|优先安排|优先承接)",
                rf"{_LOCAL}{_FIRM}{_K}{{0,6}}?(?:得分|评分|分值|报价)(?:上浮|加权|提高|下浮|扣除)",
                # One firm given the market (实行单一企业特许运营).
                r"单一(?:企业|主体|经营者|运营商|供应商|服务商|公司)(?:特许|独家|专营|经营|运营|承担|承接|供应)",
                # One firm's product made compulsory (限定各村使用县水务公司生产的净水设备).
                rf"(?:限定|只能|仅限|必须|须|统一|一律|均须){_K}{{0,6}}?(?:购买|使用|选用|采购|安装|选购){_K}{{0,15}}?"
                r"(?:公司|厂|集团)(?:生产|提供|供应|销售|研发)的",
                # …or a named firm's, bank's or platform's (统一使用桂林某科技有限公司的智能视频监控装置,
                # 只能绑定一张南昌农商银行的银行卡, 安装应用“安途帮”…平台).
                rf"(?:限定|只能|仅限|必须|须|统一|一律|均须|均应|应当)(?:安装|使用|选用|采购|购买|绑定|接入|"
                rf"应用|安装应用|办理){_C}{{0,12}}?(?:公司|集团|银行|厂)(?:生产|提供|供应|开发|研发)?的",
                rf"(?:安装|应用|注册)(?:使用|应用)?[“《][^”》]{{1,12}}[”》]{_K}{{0,12}}?"
                r"(?:平台|系统|软件|APP|App|app|小程序)",
                # A closed list to choose one from (从…5家校服生产制作企业中“五选一”).
                rf"{_N}选一|(?:从|在){_C}{{0,24}}?{_N}+家{_C}{{0,16}}?中{_C}{{0,12}}?(?:选择|选定|确定|委托|采购)一家",
                # Providers fixed by name (体检机构定点为资兴市第一人民医院…).
                rf"定点(?:为|在){_K}{{0,12}}?(?:医院|公司|企业|厂|机构|银行|中心)",
                rf"在{_K}{{0,10}}?定点的{_K}{{0,6}}?(?:医疗机构|机构|企业|医院|单位|厂|商户)",
                # Only firms registered here (注册地在晋安区行政辖区的企业).
                rf"注册地(?:须|必须|应当|应)?(?:在|为|属于?|位于){_K}{{0,10}}?(?:区|县|市|镇|乡)",
                # A firm of the administration's named to build and run it (由县石油公司统一规划建设和经营).
                rf"由{_K}{{0,12}}?(?:公司|集团|银行|支行|分行)统一{_K}{{0,8}}?(?:经营|建设|运营|供应|承建|实施|"
                r"承办|办理|代理)",
                rf"(?:暂停|不再|停止|暂缓|暂不)受理其他{_K}{{0,6}}?(?:企业|单位|经营者|公司)",
                # Fees waived for large investors only (固定资产投资在500万元以上的…行政事业性收费全免).
                rf"投资{_C}{{0,40}}?(?:行政事业性?收费|规费|行政事业费)(?:全免|减半|全额返还)",
                # Support kept for local key firms (主要支持县本级重点企业出口).
                rf"(?:支持|扶持|奖励|补贴|补助|资助){_LOCAL}{_K}{{0,4}}?(?:重点|骨干|龙头|规上|规模以上)"
                r"(?:企业|公司|项目)",
                # Buying from local suppliers.
                rf"(?:向|从|在|到)(?=[本当县市区省])(?:{_LOCAL}|县内|市内|区内|省内){_C}{{0,12}}?"
                r"(?:采购|购买|购进|进货|选购|订购|中确定|中选择|中选定|中遴选|中选聘|中聘请|中选取|中委托)",
                # A short list chosen once is the only way into the market.
                rf"(?:入围|(?<![缴扣押存放])入库|入选){_C}{{0,12}}?(?:方可|才能|方能|才可)",
                rf"(?:列入|纳入|进入){_K}{{0,10}}?(?:名单|名录|目录|库)后?{_C}{{0,4}}?(?:方可|才能|方能|才可)",
                rf"(?:库外|名录外|名单外|(?:场|市场|平台)外交易){_C}{{0,6}}?(?:不得|禁止|不予)",
                # Trade of a kind confined to one market (二手车交易一律在县二手车交易市场内进行).
                rf"(?:一律|统一|只能|必须|均须)(?:在|进入|到){_K}{{0,12}}?交易市场",
                # The provider an office chose, made compulsory (一律到市交通运输局确定的维修单位安装).
                rf"(?:一律|统一|必须|须|应当|应|只能|均须|均应)(?:为{_K}{{1,6}}?)?(?:到|在|从|向|找|委托|选择|使用|"
                rf"选用|安装|采购|购买|购置){_K}{{0,15}}?(?:{'|'.join(_CHOSEN)})的{_C}{{0,14}}?(?:单位|企业|机构|"
                r"公司|供应商|服务商|站|厂|经营者|品牌|产品|型号|厂家|设备|材料|系统|平台|软件|装置|中心)",
                rf"(?:统一由|交由|一律由){_K}{{0,15}}?(?:中心|站){_K}{{0,4}}?(?:配送|供应|供货|征订|发行|销售)",
                # Work reserved for local firms (原则上由本地企业承担).
                rf"由{_K}{{0,6}}?{_LOCAL}{_K}{{0,6}}?(?:企业|公司|供应商|经营者)(?:承担|承办|提供|负责|实施|供应|承建|承接)",
                # Local presence or record demanded (须在本市有三年以上的施工业绩).
                rf"(?:须|必须|应当|应)(?:在|具有|具备|有){_K}{{0,8}}?{_LOCAL}{_K}{{0,10}}?(?:业绩|经验|纳税|"
                r"社保|办公场所|经营场所|分支机构|常驻)",
                # …however the condition is worded (将“在本市有类似工程业绩”设为资格条件).
                rf"在{_LOCAL}(?:有|具有|具备){_K}{{0,10}}?(?:业绩|经验|办公场所|经营场所|分支机构)",
                # Firms coming in made to file first (物业服务企业进入本县承接项目前，须到县住建局办理备案).
                rf"进入{_LOCAL}{_K}{{0,12}}?(?:前|的)[，,]?(?:须|必须|应当|应)(?:先)?(?:到|向){_K}{{0,12}}?"
                r"(?:办理|备案|登记|报备|审批|申请)",
                # Only local firms admitted (必须是本县登记注册的企业).
                rf"(?:必须|须|应当|只能|仅限|限于)(?:是|为)?{_LOCAL}{_K}{{0,8}}?(?:注册|登记|设立|企业|公司|"
                r"供应商)",
                rf"在?{_LOCAL}(?:设立|设有|设置|开设|注册|建立|成立){_C}{{0,12}}?(?:分支机构|分公司|子公司|"
                r"公司|企业|机构|办事处|网点|营业场所|服务站|常驻)",
                # A market closed to newcomers.
                r"(?:暂停|不再|停止|暂缓|暂不)(?:受理|审批|核准|批准|核发|向)?"
                rf"(?:新增|新设|新批|新建|新办|新开|新的|新){_C}{{0,12}}?(?:经营者|网点|企业|门店|许可|"
                r"机构|申请|投放|站|店|经营权|牌照|摊位|市场主体|经营主体|公司)",
                rf"总量控制{_C}{{0,30}}?不再",
                # A quota on newcomers (每年新增不超过两家).
                rf"新增{_K}{{0,4}}?不(?:得)?(?:超过|多于){_N}+(?:家|个|户)",
                rf"统一(?:从|向|到){_K}{{0,20}}?(?:采购|购买|购进|进货|订购)",
                # Work reserved for firms registered here (必需由在扬登记注册的渣土运输公司承担).
                rf"(?:必须|必需|须|只能|一律)由在{_K}{{0,6}}?(?:登记注册|注册登记|注册|登记|设立)的{_K}{{0,10}}?"
                r"(?:公司|企业|单位)",
                # Newcomers of a kind kept out (原则上不再引进同类快递物流企业入驻).
                rf"不再(?:引进|引入|准入|新批){_K}{{0,10}}?(?:企业|项目|经营者|网点|商户)",
                # Buying made compulsory from one named firm (应当从县砂石公司统一购买).
                rf"(?:须|必须|应当|应|只能|一律|统一)(?:从|向|在|到){_K}{{0,15}}?(?:{'|'.join(_SELLERS)})"
                rf"(?:统一|集中)?(?:{'|'.join(_BUYING)})",
                rf"(?:只能|仅限|统一|一律)(?:委托|交由|由){_K}{{0,15}}?(?:承担|承办|办理|经营|提供|实施|承接)",
                rf"(?:统一由|一律由|交由){_K}{{0,15}}?(?:服务部|服务中心)(?:承担|负责|提供|办理|实施)",
                r"定点(?:生产|供应|采购|承印|印刷)",
                rf"(?:应当|须|必须|一律|统一|只能)委托{_K}{{0,14}}?(?:中心|所|站|公司|集团|院)(?:编制|承担|办理|实施|"
                r"检测|评估|设计|代理)",
                rf"(?:销售|采购|使用|购买){_LOCAL}{_K}{{0,6}}?(?:产品|农产品|农特产品|商品|品牌){_C}{{0,30}}?"
                r"(?:给予|奖励|补贴|补助|扶持)",
                rf"(?:私自|擅自|严禁|禁止|不得|不准)(?:私自|擅自)?(?:从|自){_NONLOCAL}{_K}{{0,4}}?(?:购进|调入|购买|"
                r"采购|进货|运入)",
                # Goods from elsewhere charged for (进入本市批发市场销售的外地蔬菜，每车收取检测费), or
                # anything from elsewhere charged more (外地车辆…加收每车次20元…费).
                rf"{_NONLOCAL}(?:{_K}{{0,4}}?(?:蔬菜|水果|商品|产品|农产品|货物|食品|肉品|生猪|建材|药品|种子)"
                rf"{_C}{{0,16}}?(?:收取|缴纳|交纳|征收)|{_C}{{0,16}}?加收){_K}{{0,10}}?费",
                rf"(?:统一由|交由){_K}{{0,15}}?(?:公司|集团|殡仪馆|书店|检测站|厂|企业){_K}{{0,6}}?"
                r"(?:负责|承担|提供|设计|施工|供应|经营|征订|发行|承办|配送|运营)",
                rf"由{_K}{{1,15}}?统一(?:征订|订购|采购|供应)",
                rf"其他{_K}{{0,6}}?(?:企业|单位|经营者|机构|公司|商户)不得{_K}{{0,6}}?(?:参与|经营|承接|进入|开展)",
                # A share reserved for local goods (本地生产的…使用比例不得低于百分之七十).
                rf"{_LOCAL}(?!{_K}{{0,4}}?(?:户籍|人员|员工|劳动力|居民)){_K}{{0,24}}?(?:比例|比重|份额|面积)"
                rf"{_K}{{0,12}}?(?:不得低于|不低于|不少于|应达到|须达到|达到)",
                # A reward measured by the firm's own tax (扶持的额度为该企业当年度缴纳的企业所得税).
                rf"(?:奖励|扶持|补贴|补助|奖补|返还)的?(?:额度|金额|标准|资金){_K}{{0,4}}?(?:为|按){_C}{{0,16}}?"
                r"(?:税收|所得税|增值税|税款|纳税额|地方留成)",
                # A floor under prices (最低限价, 收费标准不得低于每小时五元).
                rf"最低限价|(?:价格|收费标准|售价|收费|(?<![缴交])费|(?<![评代])价)(?:{_K}{{0,4}})?不得低于",
                r"最低(?:销售|零售|出厂|服务|收费)?(?:价格|售价|价|收费标准)",
                # Goods or a benefit kept for what is made here (补贴仅适用于在本县生产的家用电器).
                rf"(?:仅|只)(?:适用于|限于|限|用于|针对|面向|对)(?:在)?{_LOCAL}{_K}{{0,6}}?(?:生产|制造|"
                r"产的|出产|品牌)",
                # More demanded of what comes from elsewhere (县外茶叶…须另行提供原产地检测报告).
                rf"{_NONLOCAL}{_C}{{0,24}}?(?:须|必须|应当|应|需)(?:另行|额外|重新|再次|单独|另外)",
                # Outsiders made to settle here first (外地律所须在本市设立分所满三年方可入库).
                rf"{_NONLOCAL}{_K}{{0,6}}?(?:须|必须|应当|应)在{_LOCAL}(?:设立|注册|成立)",
                r"(?:不得|禁止|不再)另行(?:委托|选择|选定|采购|聘请|招标)",
                r"独家|排他|唯一(?:指定|承办|供应|经营|服务|合作)|为唯一|区域专营|"
                r"一家(?:经营|承担|承办|提供|供应|负责)",
                rf"(?:推荐|公布|指定){_C}{{0,12}}?(?:名录|名单|目录){_C}{{0,8}}?(?:中|内){_C}{{0,8}}?"
                r"(?:选择|选用|选购|选定|确定|委托|采购|购买|聘请|使用|进行|的)",
                # A list made the only way in: 须从…名录中选择.
                rf"(?:须|必须|应当|应|只能|一律|统一|均须|限定|仅限)(?:从|在)?{_C}{{0,25}}?"
                r"(?:名录|名单|目录|库)(?:中|内|里)(?:选|确定|委托|采购|购买|聘请|使用|抽取)",
                rf"未(?:列入|纳入){_C}{{0,6}}?(?:名录|名单){_C}{{0,6}}?(?:不得|禁止)",
                rf"(?:列入|纳入){_C}{{0,12}}?(?:名录|名单|目录){_C}{{0,12}}?方可",
                rf"(?:承接|承揽|参与|投标){_C}{{0,20}}?(?:须|必须|应当)(?:具有|具备|为|是){_LOCAL}{_K}{{0,4}}?户籍",
                rf"(?:销往|运往|调往|卖往|运出|调出){_K}{{0,2}}?(?:县外|市外|省外|区外|外地|外县|外市|外省)",
                rf"一律由{_C}{{0,12}}?推荐",
                # Work or rights handed to one body (经营权统一授予县交通投资公司).
                rf"(?:{'|'.join(_ALL_OF)})(?:{'|'.join(_HANDED)}){_K}{{0,15}}?(?:公司|集团|中心|厂|站|协会|"
                r"机构)",
                # Buying from those an office has chosen (从县住建局确定的三家搅拌站中选择采购).
                rf"(?:{'|'.join(_CHOSEN)})的{_K}{{0,12}}?(?:中|内)(?:选|确定|委托|采购|购买)",
                # A duty to deal with a firm of the place or of the administration's (一律使用县建材
                # 集团的产品, 应当委托县内…企业下属施工单位实施, 统一入驻县邮政公司建设的共配中心).
                # (It starts at the verb and looks behind for the duty: a duty word starts with
                # characters found everywhere, and would let every alternative be tried there.)
                rf"(?:{_DEALING_WORDS})(?:(?<=(?:{'|'.join(d for d in _DUTY if len(d) == 2)})"
                rf"(?:{_DEALING_WORDS}))|(?<=[{''.join(d for d in _DUTY if len(d) == 1)}]"
                rf"(?:{_DEALING_WORDS})))(?:在|到)?{_K}{{0,12}}?"
                rf"(?:{_LOCAL_PLACE}){_K}{{0,12}}?(?:{'|'.join(_FIRM_NOUNS)})",
                # The few an office has chosen (由县教育局确定的两家定点企业, 指定的三家销售网点).
                rf"(?:{'|'.join(_CHOSEN)})的{_K}{{0,4}}?{_N}+家{_K}{{0,6}}?(?:{'|'.join(_FIRM_NOUNS)}|"
                r"单位|厂家|商户|供应商|网点|机构|门店)",
                # Taking part reserved for local firms (参加摇号的为县内施工企业).
                rf"(?:参加|参与|报名|投标|竞标|竞买|入围)[^。；;！？!?\n，,]{{0,12}}?(?:{'|'.join(_ONLY_LOCAL)})",
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

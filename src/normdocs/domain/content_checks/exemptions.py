"""What makes a clause no finding: a legal basis in reach, the administration's own procedure,
internal accountability and approval, a subordinate unit as subject, a word inside a longer word."""

import re

from normdocs.domain.content_checks.kinds import Category
from normdocs.domain.content_checks.patterns import _APPROVAL, _C, _LOCAL, _N, _NONLOCAL, WAITED

# Words that turn the rest of their comma-clause into a prohibition addressed to the
# administration, or a waiver: "严禁乱收费", "不得收取任何费用", "免收工本费", "取消…的做法".
_NEGATION = re.compile(
    r"不得|严禁|禁止|不准|不许|杜绝|防止|制止|反对|整治|清理|纠正|免|无需|不需|不再|取消|减少|降低|"
    # 乱收费, 乱罚款, 乱摊派 (the administration's misconduct), not 乱停乱放 (the offence).
    r"乱(?=[收罚摊扣设检])"
)

# Where a comma-clause starts: the negation words above reach no further back than this. A 、
# does not end one: a prohibition covers every item of its list (严禁以扣押证件、收取押金等方式…;
# 不得限定…经营、购买、使用其指定的经营者…).
_CLAUSE_START = "，,：:（("

_UP_TO_LAST_MARK = re.compile(f".*[{_CLAUSE_START}]", re.DOTALL)

_CLAUSE_START_RE = re.compile(f"[{_CLAUSE_START}]")

# The generic basis: 依法, or a basis in 法律/法规/规章/有关规定 (not in 本办法, not a 《…》: those
# are resolved through the law index).
_GENERIC_BASIS = re.compile(
    # Not 依法缴纳的税收, 依法注册的企业: the party's own lawful conduct, no basis for a measure.
    # Nor 已依法处理, 被依法拆除: what was done before, no basis for what the clause sets.
    r"(?<![已被])依法(?!缴纳|纳税|注册|设立|登记|成立)|依规|"
    r"(?:依照|依据|根据|按照|遵照|参照|依)[^。；;！？!?\n《》本]{0,12}?"
    r"(?:法律|法规|规章|有关规定|相关规定|国家规定|国家有关|规定的|规定执行|规定办理|统一规定)|"
    r"法律、法规|法律法规|有关法律|相关法律|按国家(?:有关)?规定|"
    # The law's own wording for who acts, restated (由县级以上人民政府林业主管部门责令停止违法行为):
    # a county's own rule names its own bureau.
    r"县级以上(?:地方)?(?:各级)?人民政府|"
    # A law or regulation named without its title marks (根据…市政公用设施管理条例的有关规定).
    r"(?:依照|依据|根据|按照)[^。；;，,《》本]{0,30}?(?:条例|(?<![办方])法)(?:的|第)"
)

# What is added besides what the law requires (除依法办理用地手续外，还应…; 除依法取缔外，另予…):
# the 依法 inside covers what it names, not what the clause adds.
_BESIDES_LAW = re.compile(
    r"除[^，,。；;！？!?\n]{0,6}?(?:依法|依规|依照|依据|按照|根据)[^，,。；;！？!?\n]{0,24}?外[，,]?"
    r"(?:还|另|并|同时|再|也|由|一律)"
)

_CITATION = re.compile(r"《([^《》]{2,60})》")

# 依法 is no basis for named sanctions on breaking the document's own rules or duties, or for
# an escalation it lays down itself (…依法处以罚款…直至吊销营业执照).
_OWN_RULES = re.compile(r"直至|从重从快|从严处置")

_SANCTION = re.compile(r"罚款|没收|停业|停产|吊销|关停|关闭|暂扣")

# A sentence that opens with its basis: 依照《…》…, or the quoted provision itself (《…》第N条规定：).
_BASIS_OPENER = re.compile(r"^[一二三四五六七八九十0-9（()）、.．]*(?:依照|依据|根据|按照|遵照|《)")

_COMMA_OR_COLON = re.compile(r"[，,：:]")

_DEFAULTED = re.compile(r"未|欠|拒|拖欠|逾期不|不按")

# The administration's own resources frozen (冻结机关编制): no measure against anyone.
_OWN_RESOURCES = re.compile(r"[^，,。；;]{0,6}?(?:编制|进人|招聘|职数|指标|岗位|预算|经费)")

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
    r"(?:收取|征收|代收|缴纳|缴存|缴交|交纳|交存|交付|预交|上交|上缴|存储|存入|支付)的"
)

_IMPOSED_BEFORE = re.compile(r"(?:须|应当|应|需|要)$")

_APPROVAL_RE = re.compile(_APPROVAL)

# A bracket that closes a sentence and cites its basis: …（《公路安全保护条例》第六十四条）.
_TRAILING_BRACKET = re.compile(r"[（(][^（）()。；;]*《[^》]+》[^（）()。；;]*[）)]\s*$")

# Clauses that restate how the administration itself proceeds, or its remedies.
_PROCEDURE = re.compile(
    # 出示执法证件 (an officer's procedure), not 无法出示身份证件 (whom a measure falls on).
    r"(?<!未)(?<!不)(?<!无法)(?<!不能)出示{_C}{0,6}证件|笔录|录像|告知当事人|听证|陈述|申辩|行政复议|行政诉讼|上缴国库|"
    r"(?:收到|制作|送达|交付|出具|下达){_C}{0,8}决定书|"
    r"妥善保管|补办批准手续|回避|法定职权|不得委托|人民法院|时[，,]应当|负责人批准|法制审核|"
    r"合法性审核".replace("{_C}", _C)
)

_PROCEDURAL = frozenset({Category.PENALTY, Category.COERCION, Category.LICENCE})

# A coercive measure named as a noun (查封的场所, 扣押决定, 实施查封时, 查封、扣押限于…, 查封扣押
# 财物管理制度), not imposed.
_NOUN_AFTER = re.compile(
    r"(?:[、和或及]?(?:查封|扣押|冻结|拖移))*(?:决定|时|的|期间|期限|"
    r"措施|应当|限于|财物管理|管理制度|"
    r"清单|文书|程序|(?:物品|财物|车辆|财产)的?(?:保管|处理|处置|清单|管理|移交))"
)

# 查封、扣押等执法行为: the measures named as a subject (of training, of rules), not taken.
_MEASURES_NAMED = re.compile(
    r"(?:[、和或及](?:查封|扣押|冻结|拖移|扣留|暂扣))*等[^，,。；;]{0,6}?(?:行为|措施|工作|培训|程序)"
    # …or the law's own procedure for them (实施暂扣物品时，执法人员不得少于两人).
    r"|(?:物品|财物|车辆|场所|设施)?时[，,]"
)

# Internal accountability and approval: who is reprimanded, or who approves, is the
# administration's own unit or official.
_INTERNAL = re.compile(
    r"乡镇|乡[（(]镇|街道(?!办事处出具)|部门|村（社区）|村\(社区\)|责任人员|工作人员|本单位|"
    r"所属(?:单位|部门|机构|事业|学校|医院|人员|工作人员|各)|下属|局属|各单位|领导班子|负责人|评优|评先|考核|"
    # A village held to account by the township (对未按期完成…任务的村，予以通报批评).
    r"的村(?![民庄落镇寨里内])|"
    r"县[（(][市区]|副?[县区市镇乡]长|市直|县直|区直|执法人员|执法队员|公职人员|干部|公务员|"
    r"事业单位人员|网格员|成员单位|承办单位|牵头单位|领导小组|人大代表建议|政协委员提案|"
    # A unit's or official's work found wanting (对工作不力、造成严重后果的，予以通报批评).
    r"(?:工作|履职|落实|推进|监管|督导|组织|协调|关闭)不力|推诿扯皮"
)

_PRIVATE = re.compile(
    r"经营性|企业|公司|经营户|经营者|商户|个人|当事人|驾驶员|驾驶人|业主|住户|户主|村民|居民|养犬人|投标人|"
    r"中标人|供应商|申请人|车主|店|农家乐|网吧|机构|职工|员工|群众|学生|家庭|出租人|承租人|房东|租户|"
    r"业户|养殖户|农户|家长|市民|游客|旅客|乘客|顾客|消费者|购房人|被征收人|所有人(?!员)|骑手|工地|"
    r"施工单位|建设单位|开发商"
)

# Approvers that are no licensing authority: the administration's own officials and meetings,
# and a person's own consent (家长, 监护人, 本人).
_INTERNAL_APPROVER = re.compile(
    r"负责人|领导(?!小组)|局长|区长|县长|市长|镇长|乡长|党组|党委|局务会|办公会|常务会|会议|办公室主任|"
    r"家长|监护人|本人|近亲属|班主任|老师|教师|辅导员"
)

_INTERNAL_SUBJECT = re.compile(
    r"方案|计划|事项|预算|资金|经费|公车|公务用车|实施细则|本办法|本方案|本通知|各部门|各单位|局属|"
    r"^乡镇|各乡镇|乡镇[（(]街道[）)]|"
    r"本单位|内部|年度|执法人员|工作人员|公职人员|"
    # What an office drafted (县城管局拟定的…规划): its approval is the administration's own.
    r"(?:局|委|办|政府|部门)(?:拟定|拟订|制定|编制|起草)的"
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

# Beyond proving eligibility: private financial or health records, or rights renounced
# (近三年全部家庭成员的银行流水, 书面承诺放弃…的权利).
_BEYOND_PROOF = re.compile(r"流水|账单|存款|征信|聊天记录|体检|放弃|无违法|无犯罪|担保|保证书")

# A proof demanded (the words of the obligation that asks for papers).
_DEMANDS_PAPERS = re.compile(r"提供|出具|开具|提交|上传|出示")

# A service refused because the application itself falls short (申请材料不齐全的，不予受理): the
# law's own procedure, not a sanction.
_APPLICATION_FALLS_SHORT = re.compile(
    r"申请材料|材料不齐|不符合(?:法定)?条件|职权范围|受理范围|依法不需要"
)

# Accountability inside the administration, told by its consequences (扣减年度目标考核分, 问责)
# when no private party is named as the one it falls on.
_INTERNAL_CONSEQUENCE = re.compile(
    r"目标考核|考核分|绩效考核|年度考核|绩效奖金|问责|督查室|一票否决"
)

# How a routine report is timed (the start of that obligation's matches).
_PERIODIC = re.compile(r"每|按[日周月季年]|定期|提前|(?:应当|须|必须|应|需)(?:在|于|提前)")

# A routine report whose reporter is an authority (县文旅局应当每月将…报送县政府): internal.
_AUTHORITY_REPORTER = re.compile(
    r"(?:局|委|办|政府|部门|乡镇|街道|机关|执法人员|工作人员|执法队员)(?:应当|应|要|须|需|必须)?(?:于|在)?$"
)

# Obligations that are the consequence of another finding in the same clause: a service withheld
# from who lacks the approval (无备案回执的，…不予登记) or trades outside a compulsory market
# (场外交易不予办理过户); a blacklist whose content is a bar from business for a time (列入黑名单，
# 三年内不得…承租摊位: the bar is the penalty).
_WITHHELD = re.compile(
    r"(?:一律)?不予(?!补偿|赔偿|安置|分配)|(?:暂停|停止|不再|不得|暂缓|拒绝|限制)(?:为|给|对|向)其"
)

_LISTED = re.compile(r"列入")

_BARRED_FOR_A_TIME = re.compile(r"(?:年|个月)内")

_PUBLISHED = re.compile(r"印发|现予|遵照执行|贯彻执行|授予")

_FEE_WAIVER = re.compile(
    # (所收取的押金: what was charged; not 管理所收取: an office named …所)
    r"替代|减半|减免|免收|免征|不收取|已收取|所收(?:取|缴)?的|缓缴|缓交|减缴|免缴|上缴财政|上缴国库|坐收坐支"
)

# A charge at the standard a price or finance authority approved (按照省价格主管部门核定的标准
# 执行): a fee on the approved lists, restated.
_FEE_STANDARD_APPROVED = re.compile(
    r"(?:价格主管|物价|发展改革|发改|价格|财政)(?:部门|局|委|厅)?[^，,。；;]{0,8}?"
    r"(?:核定|批准|审批|审定|制定|公布)的(?:收费)?标准"
)

# A refund exempts a clause that is about refunding, not a deposit demanded and refunded later.
_FEE_REFUND = re.compile(r"退还|清退")

# Who pays is the administration's own staff (机关食堂, 本单位职工).
_FEE_INTERNAL = re.compile(r"(?:机关|本单位|本局|本机关|局机关|各科室|干部职工)")

# A fee named, not charged: what is done about it, or the record of a payment (社保缴费明细).
_FEE_NOUN_AFTER = re.compile(
    r"(?:、[^，,。；;]{0,6})*(?:的?(?:情况|行为|管理|项目和标准|明细|记录|清单|凭证|票据|收据|单据|发票)|"
    r"的证明)"
    r"|罚没款|罚款|罚金"
)

_ADMIN_COLLECTS = re.compile(r"行政机关|事业单位|各部门|各地|本系统|各级|各单位")

_AMOUNT = re.compile(rf"{_N}+\s*(?:元|万元)|每")

# Duties that are only duties when a 须/应当 imposes them earlier in the clause.
_IMPOSED_VERBS = (
    "安装", "加装", "配备", "配置", "购置", "签订", "签署", "写出", "写下", "递交", "参加",
)  # fmt: skip

_IMPOSED = re.compile(r"须|必须|应当|应|务必|一律|要(?!求)")

# A reward measured by tax or revenue restricts competition when a firm or project gets it.
_FISCAL = re.compile(
    r"税收|税款|税金|纳税|税负|财政收入|财力|财政贡献|地方贡献|贡献额|留成|留存|创税"
)

# A move out (迁出, 迁往县外) hindered is a restriction when a firm or project moves.
_MOVE = re.compile(r"迁往|迁至|迁出|迁离|外迁|搬离|撤离")

_MOVER = re.compile(r"企业|公司|项目|总部|经营者|市场主体")

# Setting up here named as who a clause is about (快递企业在本县设立末端网点的，须…), not demanded.
_SETTLING = re.compile(r"设立|设有|设置|开设|注册|建立|成立")
_DEMANDED = re.compile(r"须|必须|应当|应|只能|仅限|限于")
_WHO_DOES = re.compile(r"的?[，,]")

# An approval that ends a measure or frees a deposit (待验收合格后启封, 经验收合格予以退还): the
# measure's or the fee's own end, no licence.
_RELEASED = re.compile(
    r"[^，,。；;]{0,4}?(?:启封|解封|退还|返还|发还|归还|放行|解除|解锁|恢复(?:供|生产|营业|经营|使用|施工))"
)

# Prices the law lets an office set or watch (政府定价, 指导价), or selling below cost (价格法第14条).
_PRICE = re.compile(r"价|收费标准")

_PRICE_LAWFUL = re.compile(
    r"政府定价|政府指导价|指导价|定价目录|价格主管|价格法|成本|明码标价|监测|哄抬|公示|核定|物价部门"
)

# Who must give something for nothing is the administration itself (政府无偿提供…).
_UNPAID = re.compile(r"无偿")

_PUBLIC_GIVER = re.compile(
    r"政府|机关|部门|管委会|财政|国有|村集体|各村|村委会|居委会|村（居）|社区|事业单位"
)

# What a law makes an employer or seller give for nothing (劳动防护用品, to its workers).
_UNPAID_BY_LAW = re.compile(r"劳动者|职工|员工|从业人员|消费者|学生|患者|防护用品|劳动防护")

# A benefit no longer granted because it was had already, or the conditions fail (已享受…的，不再
# 重复享受; 收入超过标准的，不再享受低保).
_NO_LONGER = re.compile(r"不再享受|不得享受|停止享受")

_BENEFIT_ENDS_LAWFULLY = re.compile(
    r"已享受|已领取|已获得|重复|同类|不符合|超过|高于|期满|到期|死亡"
)

# Compensation denied (…依法强制拆除，并不予补偿): 依法 earlier in the clause covers the demolition,
# not the denial.
_COMPENSATION_DENIED = re.compile(r"不予(?:补偿|赔偿|安置|分配)|不(?:对|向|给)")

# What the law itself leaves uncompensated (国有土地上房屋征收与补偿条例第16、24条): illegal
# buildings, and what was built or planted to claim compensation after the notice.
_NO_COMPENSATION_BY_LAW = re.compile(
    r"违法建筑|违章建筑|违法建设|违章搭建|违法搭建|抢建|抢种|抢栽|突击"
)

# A proof asked as the condition of a service (办理注销登记前，须取得…出具的无欠薪证明), or of a
# clean record (无信访): an added obligation, not a licence to act.
_SERVICE_PROOF = re.compile(r"办理|注销|申请|领取|年检|入学|落户|无[^，,、]{1,4}、?$")

# Consent asked only of private persons (全体业主, 相邻住户): not an authority's approval.
_CONSENT_OF = re.compile(r"征得")

# Neighbours' consent with no authority's (取得四邻签字同意书并经村民小组会议通过，方可…): an
# obligation, no licence.
_NEIGHBOURS = re.compile(r"四邻|邻居|相邻|邻里")

# Advice: nothing is set on anyone (提倡宴席桌数控制在十桌以内).
_ADVICE = re.compile(r"提倡|倡导|鼓励|建议|引导")

# …or approval asked of them (须经出租人同意, 应当经业主大会同意): a civil consent, no licence.
_APPROVED_BY = re.compile(r"(?<![已曾])经(?!营|济|费|过|常|销|办|手|纪|批准|审批)")

_PRIVATE_APPROVER = re.compile(
    r"业主|出租人|所有权人|产权人|权利人|邻居|相邻|住户|共有人|发包方|房东|出借人|委托人"
)

_AUTHORITY = re.compile(r"委会|委员会|局|政府|办|所|站|中心|部门|物业|单位|机关|社区|村")

_BENEFICIARY = re.compile(r"企业|项目|公司|经营者|业主|商户|纳税人|纳税大户|商家|厂")

# A list offered for reference, equal treatment, or a ban on discrimination: no restriction.
_LIST_OPTIONAL = re.compile(
    r"仅供参考|自主选择|同等(?!条件)|平等|相同的?(?:资格|条件|标准|评分)|一视同仁|歧视|排斥|设置障碍|不合理|提供便利|不得随意|同一[^，,。；;]{0,4}标准|"
    r"不与[^，,。；;]{0,8}挂钩|不挂钩|"
    r"统一标准|不论|不分|变相限定|按规定享受|按照规定享受|按国家规定|依照国家"
)

# A clause on the administration's own purchasing or on subordinate units' budgets; it still
# restricts competition when it names where or from whom (本地, 指定, 公司…).
_COMPETITION_PRIVATE = re.compile(
    f"{_PRIVATE.pattern}|{_LOCAL}|{_NONLOCAL}|指定|定点|特定|厂|集团|供应商"
)

# What the administration buys to give away (疫苗由政府统一采购，免费接种): no firm is chosen
# for anyone.
_GIVEN_FREE = re.compile(r"免费|免收|无偿(?:提供|发放|接种)")

# Staff held to account for a measure they took (执法人员违法实施扣押的，依法追究其责任).
_STAFF_HELD_TO_ACCOUNT = re.compile(
    r"(?:执法人员|工作人员|公职人员|干部)[^。；;]*?(?:追究|问责|处分)"
)

# A wait before a sale (满五年方可上市转让): a time, not an approval.
_YEARS_PASSED = re.compile(rf"{WAITED}$")

"""The patterns the extractor reads pages with: kinds of documents, bodies, dates, 文号, the
clutter of web pages, header labels. One place, so each part of the extractor reads alike."""

import re

from normdocs.domain.docnumber import CLOSE_BRACKETS, OPEN_BRACKETS

INTERIM_MARKERS = ("暂行", "试行")

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

# What a title ends with: the kind of document (文种), before an optional (试行) or (2021年修订).
_KINDS = (
    "实施细则|实施办法|实施意见|实施方案|通知|通告|公告|意见|决定|规定|办法|细则|方案|计划|规划|"
    "规则|条例|标准|批复|命令|决议|纲要|制度|守则|须知|要点|目录|清单|指引|指南|措施|通报|公报|"
    "函|令|程序"
)

_TITLE_END = re.compile(rf"(?:{_KINDS})(?:[(（][^()（）]{{1,12}}[)）])?$")

_AGENCY_SUFFIX = (
    "人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|管理委员会|委员会|政府|局|厅|委|办|中心|"
    "法院|检察院|支队|大队|管理处|管理所|管委会|行政公署|行署|部"
)

_AGENCY = re.compile(rf"[{_CJK}()（）]{{2,30}}?(?:{_AGENCY_SUFFIX})")

# How the name of a body ends (an issuer's name must, or it is not one): 人民政府, 办公室, 局, …
_BODY_END = re.compile(
    r"(?:人民政府办公室|人民政府办公厅|人民政府|政府办公室|政府办公厅|行政公署办公室|行署办公室|"
    r"行政公署|行署|公署|管理委员会|委员会|管委会|常委会|办公室|办公厅|总局|局|厅|部|署|委|办|"
    r"法院|检察院|中心|管理处|管理所|管理站|支队|大队|总队|政府)$"
)

# Words that begin the remainder of a joint issuers' run: a body never starts with them.
_BODY_WORD_START = re.compile(r"^(?:人民政府|政府|办公室|办公厅|委员会|管委会|局|厅|部|办|委)")

_NOT_A_BODY = re.compile(
    r"网站|网$|门户|平台|频道|栏目|新闻|信息网|文库|论坛|公众号|报社|电视台|返回|顶部|底部|首页|登录|搜索"
)

# A place in a name (元宝山区, 蔚县, 阿里地区): an abbreviation (县政府, 州政府办公室, 司法局) has none.
_PLACE = re.compile(rf"^[{_CJK}]*?[^省市县区州盟旗镇乡](?:省|市|县|区|州|盟|旗|镇|乡|街道)")

_GENERIC_START = re.compile(r"^(?:本|地区|自治州|自治县|[省市县区州盟旗镇乡])")

_NATIONAL = re.compile(r"^(?:国务院|国家|中国|中华|中央|全国|国防)|^[^省市县区州]{2,5}部$")

_PARTY = re.compile(
    r"^(?:中共|中国共产党)|党委|党组|纪委|(?:[市县区州镇乡旗盟]委)(?:办公室|办公厅|办)?$"
)

_PROVINCE = re.compile(
    rf"^(?:[{_CJK}]{{2,3}}省|[{_CJK}]{{2,8}}自治区)(?=[{_CJK}]{{2,}}(?:市|州|地区|盟))"
)

_FOUR_DIGITS = re.compile(r"[0-9]{4}")

_ODD_CHAR = re.compile(rf"[^{_CJK}()（）]")

_NAME_SPLIT = re.compile(r"[、，,;；\s]+")

_NUMBER_SPAN = re.compile(
    rf"[(（]?([{_CJK}]{{1,20}})[{re.escape(OPEN_BRACKETS)}]([0-9]{{4}})"
    rf"[{re.escape(CLOSE_BRACKETS)}]第?0*([0-9]{{1,5}})号[)）]?"
)

_SEPARATOR = re.compile(r"[丨|｜»>]|&gt;")

_SECTION_TAG = re.compile(r"^[「【\[][^」】\]]{1,6}[」】\]]")

_HTML_BREAK = re.compile(r"<\s*(?:br|/p|/div|/h[1-6]|/li|/tr)\s*/?>", re.IGNORECASE)

_HTML_TAG = re.compile(r"<[^<>]{0,200}>")

_HTML_PAGE = re.compile(r"</(?:p|div|span|strong|td|tr|li|h[1-6])>", re.IGNORECASE)

# Web-page clutter: counters, navigation, sharing, site names, editors, picture files.
# (Also what decides the substance hash: do not widen it, or stored hashes change.)
_CLUTTER = re.compile(
    r"浏览量|浏览次数|阅读次数|阅读量|点击数|点击量|访问量|分享到|打印本页|关闭窗口|【打印】|"
    r"当前位置|所在位置|首页\s*>|>>|进入移动版|责任编辑|来源\s*[:：]|信息来源|核心提示|站内搜索|"
    r"关键字\s*[:：]|(?<!文)字号\s*[:：]|大\s+中\s+小|扫一扫|网站|文库|^页\s*[:：]?$|^\[\d+\]$|"
    r"\.(?:png|jpe?g|gif|bmp)$|^【?(?:字体|打印|收藏|关闭)】?$"
)

# More lines of a page that are not the document's (only for reading metadata).
_PAGE_FURNITURE = re.compile(
    r"小编|本站|本网|版权所有|免责声明|下载本文|下载地址|会员上传|复制链接|显示全部楼层|发表于|网友评论|"
    r"热门站点|设为首页|收藏本站|相关推荐|你可能也爱看|还看了|^简介\s*[:：]|^第[一二三四五六七八九十]+篇\s*[:：]"
)

_NOT_DOCUMENT = re.compile(f"{_CLUTTER.pattern}|{_PAGE_FURNITURE.pattern}")

_SENTENCE_PUNCT = re.compile(r"[。；;!！?？，,]")

_SALUTATION = re.compile(r"^(?:各|广大|全体|有关)")

_ENUMERATION = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|[0-9]{1,3}[、.．]|[(（][一二三四五六七八九十\d]+[)）]|第[一二三四五六七八九十百\d]+[条章节])"
)

_YEAR = "[0-9〇○◯Oo零一二三四五六七八九]{4}"

_SMALL = "[0-9]{1,2}|[一二三四五六七八九十]{1,3}"

_DATE_CN = rf"{_YEAR}\s*年\s*(?:{_SMALL})\s*月\s*(?:{_SMALL})\s*[日号]"

_DATE_ISO = r"[0-9]{4}\s*[-/.]\s*[0-9]{1,2}\s*[-/.]\s*[0-9]{1,2}"

_DATE = rf"(?:{_DATE_CN}|{_DATE_ISO})"

_DATE_LOOSE = rf"(?:{_YEAR}\s*年\s*(?:{_SMALL})\s*月\s*(?:{_SMALL})\s*[日号]?|{_DATE_ISO})"

# A date line: the date alone, 日 sometimes lost at the end of a copied page.
_DATE_LINE = re.compile(rf"^{_DATE_LOOSE}$")

_ANY_DATE = re.compile(_DATE_LOOSE)

_LEADING_DATE = re.compile(rf"^{_DATE_LOOSE}")

# A date line whose 年 月 日 were lost: { 2017 6 23.
_SPACED_DATE = re.compile(r"^\W{0,2}([0-9]{4})\s+([0-9]{1,2})\s+([0-9]{1,2})\W{0,2}$")

# Signed without a year: 10月14日 under the signature.
_MONTH_DAY = re.compile(rf"^(?:{_SMALL})\s*月\s*(?:{_SMALL})\s*日$")

# A date beside the document's own 文号 or issuer: 2002年4月23日 财税〔2002〕59号, 1990年3月10日,铁道部.
_DATE_WITH = re.compile(rf"^({_DATE_LOOSE})\s*[,，]?\s*(\S.*)$")

# The 版记: 桂东县人民政府办公室2017年5月27日印发.
_PRINTED = re.compile(rf"^[{_CJK}]*?({_DATE_LOOSE})\s*印发$")

# A 题注 under the title: (1996年9月26日…会议通过 1996年10月1日起施行).
_HEADNOTE = re.compile(rf"^[(（]\s*({_DATE})[^()（）]{{0,60}}?(?:通过|发布|公布|批准)")

_HEADNOTE_EFFECTIVE = re.compile(rf"({_DATE})\s*起\s*(?:施行|实施|生效)")

# A 文号 whose closing bracket and 号 were lost: 广安区府办发〔202026 → 〔2020〕26号.
_DAMAGED_NUMBER = re.compile(
    rf"^([{_CJK}]{{2,12}})\s*[{re.escape(OPEN_BRACKETS)}]\s*([0-9]{{4}})([0-9]{{1,5}})\s*号?$"
)

_OWN = r"(?:本|此)[^。；;]{0,20}?(?:自|从|于)\s*"

_TAKES_EFFECT = r"[^。；;,，的]{0,4}?(?:施行|执行|生效|实施)(?![的])"

_EFFECTIVE_ON_ISSUE = re.compile(
    _OWN + r"(?:发布|公布|印发|下发|发文|下文|签发|公告|通告)之日起" + _TAKES_EFFECT
)

_EFFECTIVE_ON_DATE = re.compile(_OWN + rf"({_DATE})\s*(?:起|开始)?" + _TAKES_EFFECT)

# A stated start of the measures: 将从2020年1月1日起施行, 将自…起实施.
_EFFECTIVE_FROM = re.compile(rf"将(?:从|自|于)\s*({_DATE})\s*(?:起|开始)" + _TAKES_EFFECT)

_EFFECTIVE_JAMMED = re.compile(_OWN + r"([0-9]{6,8})\s*日?\s*(?:起|开始)?" + _TAKES_EFFECT)

_VALIDITY_UNTIL = re.compile(rf"有效期[^。；;]{{0,30}}?(?:至|到|截至|截止)\s*({_DATE})")

_VALIDITY_YEARS = re.compile(
    r"有效期\s*(?:为|是)?\s*([0-9]{1,2}|[一二两三四五六七八九十]{1,2})\s*年"
)

_CN_NUMBERS = dict(zip("一二两三四五六七八九十", (1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10), strict=True))

# Header labels of government sites and legal databases, and what each gives. A label that
# merely ends in 号 (索引号, 登记号, 文件编号) is known so that it ends the value before it, but it
# is not the 发文字号.
_KNOWN_LABELS = (
    "索引号 登记号 统一登记号 文件编号 编号 主题分类 组配分类 信息分类 体裁分类 公文种类 公文目录 "
    "主题词 关键词 关键字 内容概述 分类 效力级别 作者 发布人 浏览次数 浏览量 浏览 阅读 阅读次数 "
    "点击量 点击数 字体 字号 归档时间 服务对象 所属主题 下载地址"
)

_HEADER_FIELDS: dict[str, str | None] = {
    **dict.fromkeys(("发文字号", "文号", "发文文号", "文件字号", "发文号"), "number"),
    **dict.fromkeys(
        ("发文机关", "发布机构", "发布机关", "发文单位", "制定机关", "发文机构", "制发机关"),
        "issuer",
    ),
    **dict.fromkeys(("发布部门", "颁布部门", "制定单位", "发布单位", "颁布单位"), "issuer"),
    **dict.fromkeys(("来源", "信息来源", "来源单位", "文章来源"), "source"),
    **dict.fromkeys(("成文日期", "成文时间"), "written"),
    **dict.fromkeys(("发文日期", "印发日期", "发文时间", "签发日期"), "issued"),
    **dict.fromkeys(
        ("发布日期", "公布日期", "发布时间", "公开日期", "颁布日期", "生成日期", "公开时间"),
        "published",
    ),
    **dict.fromkeys(("时间", "日期"), "stamp"),
    **dict.fromkeys(
        ("实施日期", "生效日期", "生效时间", "施行日期", "施行时间", "实施时间"), "effective"
    ),
    **dict.fromkeys(
        ("废止时间", "废止日期", "失效时间", "失效日期", "有效期至", "信息有效期", "有效期"),
        "expiry",
    ),
    **dict.fromkeys(("时效性", "有效性", "效力属性", "效力状态", "时效", "效力"), "status"),
    **dict.fromkeys(("标题", "名称", "题名", "文件名称", "文件标题"), "title"),
    **dict.fromkeys(
        _KNOWN_LABELS.split(),
        None,
    ),
}

_LABEL_ALT = "|".join(sorted(map(re.escape, _HEADER_FIELDS), key=len, reverse=True))

_LABEL = re.compile(rf"【({_LABEL_ALT})】|({_LABEL_ALT})[:：]")

_LABEL_ALONE = re.compile(rf"^【?({_LABEL_ALT})】?[:：]?$")

_LABEL_TAIL = re.compile(rf"(?<=[{_CJK}》)）])({_LABEL_ALT})$")

_HEAD_LINES = 80

_ENDED_STATUSES = frozenset({"repealed", "expired", "invalidated", "superseded"})

_STATUS_WORDS = (
    ("已废止", "repealed"),
    ("废止", "repealed"),
    ("宣布失效", "invalidated"),
    ("已失效", "expired"),
    ("失效", "expired"),
    ("已修改", "superseded"),
    ("已修订", "superseded"),
    ("已被修改", "superseded"),
    ("部分失效", "in_force"),
    ("尚未生效", "pending"),
    ("现行有效", "in_force"),
    ("有效", "in_force"),
    ("现行", "in_force"),
)

"""Output: data to stdout as a Rich table, JSON or CSV; messages to stderr. Nothing read from the
registry or a file acts on the reader: control characters are shown, not sent, and CSV cells
never start a spreadsheet formula."""

import csv
import json
import re
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal

from normdocs.domain.json import JSONObject
from normdocs.domain.messages import Msg
from normdocs.i18n import _, current_language, render
from normdocs.reports.cells import shown_in_file, spreadsheet_safe, visible

if TYPE_CHECKING:
    from normdocs.services.readmodels import ReadModel

    # A printed thing: a read model (services.readmodels, loaded when first printed), or a
    # plain record of a command that has none. Columns are given, or a model's fields.
    Record = ReadModel | Mapping[str, Any]
    Columns = Sequence["Column"] | type[ReadModel]


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


Column = tuple[str, str]

# JSON escapes C0 itself; the others would pass raw with ensure_ascii=False.
_ACTING_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape_in_json(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def to_json(data: Any) -> str:
    """JSON text of `data` in which no character can act on a terminal; it loads back equal."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)
    # Outside strings JSON is ASCII, so these characters can only be inside strings.
    return _ACTING_IN_JSON.sub(_escape_in_json, text)


# Columns whose values are fixed words of the program, shown in the interface language.
ENUM_COLUMNS = frozenset(
    {
        *("level", "issuer_level", "new_issuer_level", "meeting_type", "severity", "outcome"),
        *("kind", "status", "origin"),
    }
)  # (key in the data, English label translated for tables)


def _cell(key: str, value: Any) -> str:
    """A value as people read it in a table or a record: labelled, control characters shown."""
    return visible(_label_value(key, value))


def _label_value(key: str, value: Any, action: str | None = None) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if current_language() == "zh" and isinstance(value, str):
        label = _label_zh(key, value, action)
        if label is not None:
            return label
    if key in ENUM_COLUMNS:
        return _(str(value))
    if isinstance(value, list):
        return "、".join(_label_value(key, item, action) for item in value) or "—"
    if isinstance(value, dict):
        return details_text(value, action)
    return str(value)


def details_text(details: JSONObject, action: str | None = None) -> str:
    """An event's details as people read them: "key: value" parts, in Chinese with Chinese
    keys and labelled values (never a dict literal); empty facts are left out."""
    zh = current_language() == "zh"
    parts = []
    for key, value in details.items():
        if value in (None, "", False, [], {}):
            continue
        label = DETAIL_LABELS_ZH.get(key, key) if zh else key
        parts.append(f"{label}{'：' if zh else ': '}{_label_value(key, value, action)}")
    return ("；" if zh else "; ").join(parts)


# Detail keys of the whole-process record, named as in the document's fields (DESIGN §2).
DETAIL_LABELS_ZH = {
    "title": "标题",
    "issuer": "制定机关",
    "issuer_from": "制定机关来源",
    "co_issuers": "联合发文机关",
    "doc_number": "发文字号",
    "given_number": "所填发文字号",
    "registration_no": "统一登记号",
    "registration_seq": "登记序号",
    "interim": "暂行/试行",
    "amends": "所修订文件",
    "original_kept": "保留原文件",
    "outcome": "结论",
    "opinion": "审核意见",
    "reviewer": "审核人",
    "reviewed_version": "经审核的文本版本",
    "working_days": "审核用时（工作日）",
    "emergency": "紧急情况",
    "late": "逾期",
    "adopted": "采纳意见",
    "note": "说明",
    "notes": "备注",
    "revised_text": "修改后文本",
    "meeting_type": "审议会议",
    "session": "会次",
    "signer": "签发人",
    "promulgated_on": "公布日期",
    "effective_on": "施行日期",
    "expires_on": "有效期至",
    "validity_stated": "载明有效期",
    "filing_due_on": "报备期限",
    "due_on": "期限",
    "filed_to": "报送机关",
    "filing_authority": "备案机关",
    "materials": "备案材料",
    "refiling": "重新报备",
    "refile_due_on": "重新报备期限",
    "correction_due_on": "纠正期限",
    "as_of": "截至日期",
    "expired_recorded": "记为失效",
    "findings": "审查发现",
    "resolved": "已解决",
    "run_id": "审查批次",
    "source": "来源文件",
    "file": "文件",
    "format": "格式",
    "paragraph": "段落",
    "import_batch": "导入批次",
    "text_version": "文本版本",
    "content_hash": "内容哈希",
    "file_sha256": "文件哈希",
    "text_sha256": "文本哈希",
    "sha256": "哈希",
    "created_by": "创建人",
    "name": "名称",
    "code": "机关代字",
    "codes": "全部机关代字",
    "level": "层级",
    "parent_id": "上级机关",
    "head": "主要负责人",
    "legal_office": "法制机构",
    "files_to": "备案机关",
    "rows": "行数",
    "new": "新增",
    "updated": "更新",
    "unchanged": "未变",
    "superseded": "被修订",
    "law_ids": "上位法",
    "updated_law_ids": "更新的上位法",
    "flagged_documents": "列入待清理的文件",
    "resolved_citations": "已关联的引用",
    "reason": "理由",
    "before": "更正前",
    "after": "更正后",
    "stage": "办理环节",
    "validity": "效力状态",
    # Fields of a document, a history row and other records, for CSV headers.
    "id": "编号",
    "issuer_level": "机关层级",
    "origin": "来源",
    "review_outcome": "审核结论",
    "review_working_days": "审核用时（工作日）",
    "review_emergency": "紧急情况",
    "review_late": "审核超期",
    "filed_late": "逾期报备",
    "refiled_late": "重新报备逾期",
    "awaiting_amendment": "待修订",
    "supersedes_id": "所修订文件",
    "filing_outcome": "备案审查结果",
    "refiling_authority": "重新报备机关",
    "end_reason": "效力终止情形",
    "ended_on_unknown": "效力终止日期不明",
    "review_submitted_on": "送审日期",
    "review_decided_on": "审核完成日期",
    "meeting_on": "会议日期",
    "signed_on": "签发日期",
    "filed_on": "报备日期",
    "refiled_on": "重新报备日期",
    "filing_decided_on": "备案审查日期",
    "ended_on": "效力终止日期",
    "last_cleanup_on": "最近一次清理",
    "summary": "摘要",
    "event_id": "记录号",
    "recorded_at": "记录时间",
    "actor": "经办人",
    "action": "操作",
    "on_date": "日期",
    "from_stage": "原环节",
    "to_stage": "新环节",
    "details": "详情",
    "short_title": "简称",
    "rank": "排名",
    "in_title": "标题命中",
    "in_text": "正文命中",
    "in_doc_number": "文号命中",
    "occurrences": "出现次数",
    "snippet_source": "摘录来源",
    "match_start": "匹配起点",
    "match_end": "匹配终点",
    "match_offset": "匹配位置",
    # Facts of imports, flags, the audit and cleanup, and other read models' fields.
    "row": "行号",
    "location": "位置",
    "default_expires_on": "按默认有效期届满日期",
    "alternative_title": "其他标题",
    "alternative_titles": "其他标题",
    "co_issuers_registered": "已登记的联合发文机关",
    "law_id": "上位法编号",
    "law": "上位法",
    "law_version": "上位法版本",
    "law_status": "上位法状态",
    "previous_law_id": "原上位法编号",
    "fallback_law_id": "替代上位法编号",
    "document_id": "文件编号",
    "document_ids": "文件编号",
    "documents": "文件数",
    "cited_document_id": "所引文件编号",
    "cited_number": "所引文号",
    "basis_id": "依据编号",
    "citation": "引用",
    "article": "条款",
    "resolved_to": "关联到",
    "near": "相近名称",
    "campaign": "清理任务",
    "campaign_id": "清理任务编号",
    "flag_id": "待清理标记",
    "flagged_on": "列入日期",
    "pending": "尚未生效",
    "key": "审计发现标识",
    "rule": "规则",
    "severity": "级别",
    "evidence": "依据事实",
    "first_seen": "首次发现日期",
    "acknowledged": "确认情况",
    "verdict": "结论",
    "acked_by": "确认人",
    "finding_id": "审计发现编号",
    "sentence": "语句",
    "trigger": "触发词语",
    "category": "类别",
    "expected": "预期类别",
    "label": "标注",
    "part": "部分",
    "kind": "类别",
    "kind_label": "类别名称",
    "issuers": "制定机关范围",
    "under": "所属机关范围",
    "started_on": "开始日期",
    "closed_on": "办结日期",
    "decided": "已决定",
    "undecided": "未决定",
    "outcome_label": "结论名称",
    "new_expires_on": "新有效期至",
    "decided_on": "决定日期",
    "version": "版本",
    "text_chars": "正文字数",
    "text_source": "正文文件",
    "new_issuer_level": "新建机关层级",
    "amended_on": "修改日期",
    "repealed_on": "废止日期",
    "parent": "上级机关",
    "count": "数量",
    "members": "相似标题",
}

# Fixed words of the program that are not enums of the procedure, by the key they appear under:
# labelled in Chinese; any other value of such a key is shown as written.
VALUE_LABELS_ZH: dict[str, dict[str, str]] = {
    "origin": {
        "imported": "导入",
        "drafted": "起草登记",
        "extracted": "从正文提取",
        "manual": "手工关联",
    },
    "format": {"register": "登记表"},
    "reason": {
        "amended": "上位法已修改",
        "repealed": "上位法已废止",
        "validity period ended (有效期届满自动失效)": "有效期届满自动失效",
    },
    "kind": {"law": "上位法", "document": "文件"},
    "verdict": {"right": "属实", "wrong": "误报"},
    "acknowledged": {"right": "属实", "wrong": "误报", "acknowledged": "已确认"},
    "label": {"violation": "违法", "lawful": "合法"},
    "expected": {"none": "无"},
    "snippet_source": {"text": "正文", "title": "标题", "doc_number": "发文字号"},
    # The audit's rules (domain.audit.Rule), by their stable ids.
    "rule": {
        "filing-overdue": "逾期未报备",
        "filing-due-soon": "即将到报备期限",
        "filed-late": "逾期报备",
        "refile-overdue": "逾期未重新报备",
        "correction-overdue": "逾期未纠正",
        "review-overdue": "合法性审核超期",
        "review-too-short": "合法性审核时间过短",
        "signed-not-promulgated": "已签发未公布",
        "expiring-soon": "有效期即将届满",
        "expired-not-recorded": "有效期届满未记为失效",
        "cleanup-overdue": "逾期未清理",
        "basis-repealed": "制定依据已废止",
        "basis-amended": "制定依据已修改",
        "citation-unresolved": "引用无法关联",
        "no-basis": "未载明制定依据",
        "content-licence": "设定行政许可",
        "content-penalty": "设定行政处罚",
        "content-coercion": "设定行政强制措施",
        "content-fee": "设定收费",
        "content-obligation": "减损权利或增加义务",
        "content-competition": "排除、限制竞争",
        "doc-number-form": "发文字号格式不规范",
        "near-identical-titles": "标题相近",
        "register-validity-disagrees": "登记表效力与默认有效期不一致",
    },
}

# Where an import found the issuer (domain.extract's issuer_from).
ISSUER_SOURCES_ZH = {
    "header": "版头",
    "title": "标题",
    "signature": "落款",
    "code": "机关代字",
    "register": "登记表",
    "source": "来源文件",
}


def _label_zh(key: str, value: str, action: str | None) -> str | None:
    """The Chinese label of a fixed word of the program, or None for other text."""
    from normdocs.domain import stages as words
    from normdocs.domain.cleanup_choices import KIND_LABELS_ZH, OUTCOME_LABELS_ZH

    def first(table: Mapping[Any, Sequence[str]]) -> str | None:
        names = table.get(value)
        return names[0] if names else None

    if key in ("stage", "to_stage", "from_stage"):
        return words.STAGE_LABELS_ZH.get(value)  # type: ignore[call-overload]
    if key in ("validity", "end_reason", "status", "law_status"):
        return words.VALIDITY_LABELS_ZH.get(value)  # type: ignore[call-overload]
    if key == "action":
        return words.EVENT_ACTION_LABELS_ZH.get(value)
    if key == "review_outcome":
        return first(words.REVIEW_OUTCOME_WORDS_ZH)
    if key == "filing_outcome":
        return first(words.FILING_OUTCOME_WORDS_ZH)
    if key == "meeting_type":
        return first(words.MEETING_TYPE_WORDS_ZH)
    if key == "materials":
        return first(words.MATERIALS_WORDS_ZH)
    if key in ("level", "issuer_level"):
        return first(words.ISSUER_LEVEL_WORDS_ZH)
    if key == "issuer_from":
        return ISSUER_SOURCES_ZH.get(value)
    if key in ("category", "expected"):
        from normdocs.domain.content_checks import LABELS_ZH, Category

        if value in {category.value for category in Category}:
            return LABELS_ZH[Category(value)]
    if value in VALUE_LABELS_ZH.get(key, {}):
        return VALUE_LABELS_ZH[key][value]
    if key == "kind":
        return KIND_LABELS_ZH.get(value)  # type: ignore[call-overload]
    if key == "outcome":
        # deferred is 暂缓 at a meeting and 暂缓备案 at the filing authority.
        by_action: dict[str, Mapping[Any, Sequence[str]]] = {
            "meeting.record": words.MEETING_OUTCOME_WORDS_ZH,
            "filing.decide": words.FILING_OUTCOME_WORDS_ZH,
            "review.decide": words.REVIEW_OUTCOME_WORDS_ZH,
        }
        tables: list[Mapping[Any, Sequence[str]]] = [
            by_action.get(action or "", {}),
            words.REVIEW_OUTCOME_WORDS_ZH,
            words.MEETING_OUTCOME_WORDS_ZH,
            words.FILING_OUTCOME_WORDS_ZH,
        ]
        for table in tables:
            if value in table:
                return first(table)
        return OUTCOME_LABELS_ZH.get(value)  # type: ignore[call-overload]
    return None


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    # Outside a terminal (a pipe, cron) lines are not cut at 80 columns.
    width = None if stream.isatty() else 200
    return Console(file=stream, width=width, highlight=False, soft_wrap=False)


def _json_default(value: Any) -> Any:
    """A read model inside a composite result is its JSON object; anything else its text."""
    from normdocs.services.readmodels import ReadModel

    return value.data() if isinstance(value, ReadModel) else str(value)


def _plain(record: "Record") -> Mapping[str, Any]:
    from normdocs.services.readmodels import ReadModel

    return record.data() if isinstance(record, ReadModel) else record


def _columns(columns: "Columns", view: Literal["table", "record"]) -> Sequence[Column]:
    return columns.columns(view) if isinstance(columns, type) else columns


def emit_rows(records: Sequence["Record"], columns: "Columns", fmt: Format) -> None:
    """A list of records: every format prints something, an empty JSON list included. The
    table shows `columns` (a model's: the fields it marks for tables)."""
    rows = [_plain(r) for r in records]
    shown = _columns(columns, "table")
    if fmt == Format.JSON:
        sys.stdout.write(to_json(list(rows)) + "\n")
        return
    if fmt == Format.CSV:
        # With no rows, the header alone: every field of a model, else the columns.
        if rows:
            keys = list(rows[0].keys())
        elif isinstance(columns, type):
            keys = list(columns.model_fields)
        else:
            keys = [key for key, _label in shown]
        if _is_file(sys.stdout):  # `> list.csv`: UTF-8 with a BOM, as Excel expects
            sys.stdout.write("\ufeff")
        write_csv(sys.stdout, rows, keys, columns)
        return
    from rich.table import Table
    from rich.text import Text

    # Cells are Text, never markup: a title with "[bold]" or ":smile:" in it prints as written.
    table = Table(show_lines=False, header_style="bold")
    for key, label in shown:
        table.add_column(
            Text(_(label)), overflow="fold", no_wrap=key in ("id", "stage", "validity")
        )
    for row in rows:
        table.add_row(*(Text(_cell(key, row.get(key))) for key, _label in shown))
    _console().print(table)
    if not rows:
        message(_("nothing found"))


def write_csv(
    handle: Any, rows: Sequence[Mapping[str, Any]], keys: Sequence[str], columns: "Columns"
) -> None:
    """`rows` as CSV on `handle`, the fields `keys` in order. In Chinese the CSV is for a
    clerk's spreadsheet: Chinese headers and labelled values; in English it keeps the field
    names and codes scripts have read so far. No cell runs as a formula or acts on a terminal."""

    zh = current_language() == "zh"
    shown = _columns(columns, "table")
    writer = csv.writer(handle, lineterminator="\n")
    # With "\n" as line end the csv module leaves a CR inside a cell unquoted, which ends the
    # row for a reader: such a row is written with every cell quoted.
    quoted = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(_csv_headers(keys, columns, shown) if zh else list(keys))
    for row in rows:
        cells = [
            _csv_visible(
                spreadsheet_safe(_csv_value(k, row.get(k), row.get("action")) if zh else row.get(k))
            )
            for k in keys
        ]
        has_cr = any(isinstance(cell, str) and "\r" in cell for cell in cells)
        (quoted if has_cr else writer).writerow(cells)


def _csv_visible(cell: Any) -> Any:
    """A CSV cell in which no character acts on the terminal it may be read on."""
    return shown_in_file(cell) if isinstance(cell, str) else cell


def _csv_headers(keys: Sequence[str], columns: "Columns", shown: Sequence[Column]) -> list[str]:
    """The Chinese headers of a CSV: every field a model labels (in tables or one-record
    views), else the field's Chinese name; two fields labelled alike (code, codes) each get
    their own field's name."""
    labels = dict(shown)
    if isinstance(columns, type):
        labels = dict(columns.columns("record")) | dict(columns.columns("table"))
    headers = [_csv_header(key, labels.get(key, key)) for key in keys]
    for index, key in enumerate(keys):
        if headers.count(headers[index]) > 1 and key in DETAIL_LABELS_ZH:
            headers[index] = DETAIL_LABELS_ZH[key]
    return headers


def _csv_header(key: str, label: str) -> str:
    """A Chinese header: the column's translated label, else the field's Chinese name."""
    translated = _(label)
    return translated if translated != label else DETAIL_LABELS_ZH.get(key, label)


def _csv_value(key: str, value: Any, action: Any) -> Any:
    """A cell of a Chinese CSV: fixed words labelled, details as 键：值 text; numbers stay."""
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    return _label_value(key, value, action if isinstance(action, str) else None)


def _is_file(stream: Any) -> bool:
    """Whether `stream` writes to a regular file (not a terminal or a pipe)."""
    import os
    import stat

    try:
        return stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
    except (AttributeError, OSError, ValueError):
        return False


def emit_one(one: "Record", fields: "Columns", fmt: Format) -> None:
    """One record: key/value lines, a JSON object, or a one-row CSV. The lines show `fields`
    (a model's: the fields it marks for one-record views)."""
    record = _plain(one)
    shown = _columns(fields, "record")
    if fmt == Format.JSON:
        sys.stdout.write(to_json(record) + "\n")
        return
    if fmt == Format.CSV:
        emit_rows([record], shown, fmt)
        return
    # Plain aligned lines: one record does not need Rich, and `doc show` is typed all day.
    labels = [_(label) for _key, label in shown]
    width = max((display_width(label) for label in labels), default=0)
    lines = [
        label + " " * (width - display_width(label)) + "  " + _cell(key, record.get(key))
        for label, (key, _label) in zip(labels, shown, strict=True)
    ]
    sys.stdout.write("\n".join(lines) + "\n")


def display_width(text: str) -> int:
    """Terminal columns taken by `text`: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def message(text: str | Msg) -> None:
    """A line for people, on stderr, in their language (a domain message is rendered here);
    what it quotes from data cannot act on the terminal."""
    sys.stderr.write(visible(render(text)) + "\n")


def warning(text: str | Msg) -> None:
    message(_("Warning: {text}").format(text=render(text)))


def error(text: str | Msg, hint: str | Msg | None = None, rule: str | None = None) -> None:
    """One line: what failed (the rule and its source, for a refusal) and what to do instead."""
    line = (
        _("Refused [{rule}]: {text}").format(rule=rule, text=render(text))
        if rule
        else _("Error: {text}").format(text=render(text))
    )
    if hint:
        line += " — " + render(hint)
    message(line)

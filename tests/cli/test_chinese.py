"""Chinese in, Chinese out (issue 12): a clerk types only Chinese words for every choice, and
in Chinese no English code or dict literal reaches a table or a message; JSON stays the same
machine contract in both languages."""

import json
import re

import pytest

from registry_snapshot import snapshot

pytestmark = pytest.mark.slow

ZH = {"NORMDOCS_LANG": "zh"}

# Codes of the program a Chinese table or message must not show.
ENGLISH_CODES = re.compile(
    r"\b(lawful|unlawful|revise|in_force|not_promulgated|promulgated|filing_accepted|drafting"
    r"|under_review|executive|approved|accepted|complete|government|department|expired"
    r"|review\.decide|review\.submit|meeting\.record|filing\.decide|document\.create)\b"
)
DICT_LITERAL = re.compile(r"\{'|': |\{\"|\": ")


def chinese_only(text: str) -> None:
    """No English code and no dict literal in what a clerk reads."""
    assert not ENGLISH_CODES.search(text), ENGLISH_CODES.search(text)
    assert not DICT_LITERAL.search(text), DICT_LITERAL.search(text)


def zh(normdocs, *args: str, expect: int | None = 0):
    return normdocs(*args, expect=expect, env=ZH)


@pytest.fixture
def promulgated(normdocs, tmp_path):
    """A government and a department, and a document taken through the whole procedure with
    nothing but Chinese words for its choices: its reference."""
    zh(normdocs, "init")
    zh(normdocs, "agency", "add", "元宝山区人民政府", "--code", "元政发", "--level", "人民政府",
       "--head", "王区长", "--legal-office", "元宝山区司法局")  # fmt: skip
    zh(normdocs, "agency", "add", "元宝山区教育局", "--code", "元教发", "--level", "部门",
       "--parent", "元宝山区人民政府")  # fmt: skip
    text = tmp_path / "draft.txt"
    text.write_text("关于加强城市精细化管理的若干规定\n第一条 为了……", encoding="utf-8")
    made = zh(
        normdocs,
        "doc",
        "new",
        "元宝山区人民政府关于加强城市精细化管理的若干规定",
        "--issuer",
        "元宝山区人民政府",
        "--file",
        str(text),
        "-f",
        "json",
    )
    ref = str(json.loads(made.out)["id"])
    zh(normdocs, "review", "submit", ref, "--date", "2026-03-02")
    zh(normdocs, "review", "decide", ref, "--outcome", "应当予以修改", "--opinion", "删去第五条",
       "--date", "2026-03-10")  # fmt: skip
    zh(normdocs, "review", "revise", ref, "--note", "已删去第五条", "--date", "2026-03-11")
    zh(normdocs, "meeting", "record", ref, "--type", "常务会议", "--session", "第5次常务会议",
       "--outcome", "通过", "--date", "2026-03-12")  # fmt: skip
    zh(normdocs, "sign", ref, "--signer", "王区长", "--date", "2026-03-13")
    zh(normdocs, "publish", ref, "--number", "元政发〔2026〕7号", "--date", "2026-03-16")
    zh(normdocs, "file", ref, "--materials", "齐全", "--date", "2026-04-10")
    zh(normdocs, "filing", "decide", ref, "--outcome", "予以备案", "--date", "2026-04-20")
    return ref


def test_a_document_goes_through_the_procedure_typing_only_chinese(normdocs, promulgated):
    doc = json.loads(normdocs("doc", "show", promulgated, "-f", "json").out)
    assert doc["stage"] == "filing_accepted" and doc["validity"] == "in_force"
    assert doc["review_outcome"] == "revise" and doc["meeting_type"] == "executive"
    assert doc["materials"] == "complete" and doc["filing_outcome"] == "accepted"
    levels = {
        a["name"]: a["level"] for a in json.loads(normdocs("agency", "list", "-f", "json").out)
    }
    assert levels["元宝山区人民政府"] == "government" and levels["元宝山区教育局"] == "department"
    listed = json.loads(
        zh(
            normdocs, "doc", "list", "--validity", "现行有效", "--stage", "予以备案", "-f", "json"
        ).out
    )
    assert [str(d["id"]) for d in listed] == [promulgated]
    assert json.loads(zh(normdocs, "doc", "list", "--validity", "已废止", "-f", "json").out) == []


def test_chinese_views_show_no_english_code_and_no_dict(normdocs, promulgated):
    for args in [
        ("doc", "list"),
        ("doc", "show", promulgated),
        ("doc", "history", promulgated),
        ("doc", "history", promulgated, "-f", "csv"),
        ("doc", "list", "-f", "csv"),
        ("agency", "list"),
        ("law", "list"),
        ("cleanup", "list"),
        ("search", "精细化"),
    ]:
        run = zh(normdocs, *args)
        chinese_only(run.out)
        chinese_only(run.err)
    history = zh(normdocs, "doc", "history", promulgated).out
    for label in (
        "合法性审核结论",
        "结论：修改",
        "审议会议：常务会议",
        "备案材料：齐全",
        "予以备案",
    ):
        assert label in history, label
    shown = zh(normdocs, "doc", "show", promulgated).out
    assert re.search(r"审核结论\s+修改", shown) and re.search(r"效力状态\s+现行有效", shown)


def test_json_is_the_same_in_both_languages(normdocs, promulgated):
    for args in [("doc", "show", promulgated), ("doc", "history", promulgated), ("doc", "list")]:
        english = normdocs(*args, "-f", "json").out
        assert zh(normdocs, *args, "-f", "json").out == english


def test_csv_has_chinese_headers_in_chinese_english_ones_in_english(
    normdocs, promulgated, tmp_path
):
    assert zh(normdocs, "doc", "list", "-f", "csv").out.splitlines()[0].startswith("编号,标题")
    english = normdocs("doc", "list", "-f", "csv").out
    assert english.splitlines()[0].startswith("id,title")
    assert not english.startswith("\ufeff")  # a pipe: no BOM for scripts
    written = tmp_path / "list.csv"
    with written.open("w", encoding="utf-8") as out:
        import subprocess

        from console import NORMDOCS

        subprocess.run(
            [str(NORMDOCS), "--db", str(normdocs.db), "--lang", "zh", "doc", "list", "-f", "csv"],
            stdout=out,
            check=True,
            env={"NORMDOCS_TODAY": "2026-11-27", "HOME": str(tmp_path)},
        )
    data = written.read_bytes()
    assert data.startswith("\ufeff编号,标题".encode())  # Excel reads UTF-8 with a BOM


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_wrong_choice_is_a_usage_error_listing_both_languages(normdocs, promulgated, lang):
    before = snapshot(normdocs.db)
    run = normdocs(
        "filing", "decide", promulgated, "--outcome", "同意", expect=2, env={"NORMDOCS_LANG": lang}
    )
    assert "--outcome" in run.err and "“同意”" in run.err
    for choice in ("accepted (予以备案)", "deferred (暂缓备案)", "correction (建议自行纠正)"):
        assert choice in run.err
    assert snapshot(normdocs.db) == before
    bad_stage = normdocs("doc", "list", "--stage", "已公布,审核完毕", expect=2, env=ZH)
    assert "“审核完毕”" in bad_stage.err


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("search", "停车", "--limit", "abc"), "'--limit' 的值无效：应为整数"),
        (("search", "停车", "--limit", "0"), "'--limit' 的值无效：应不小于 1"),
    ],
)
def test_a_number_option_says_what_it_takes_in_chinese(normdocs, promulgated, args, said):
    run = normdocs(*args, expect=2, env=ZH)
    assert f"错误：{said}" in run.err
    chinese_only(run.err.split("错误：", 1)[1])


def test_a_step_out_of_order_names_the_commands_and_the_document(normdocs, promulgated):
    """The refusal names what to type — the commands, and this document's id — not the record's
    action codes and a REF placeholder."""
    # (the fixture's document has been filed and accepted)
    refused = zh(normdocs, "review", "submit", promulgated, "--date", "2026-03-02", expect=1)
    assert "不能办理 normdocs review submit；当前可办理：" in refused.err
    assert refused.err.rstrip().endswith(f"normdocs doc history {promulgated}")
    assert "REF" not in refused.err and "review.submit" not in refused.err


def test_help_lists_english_and_chinese_choices(normdocs):
    help_text = zh(normdocs, "review", "decide", "--help").out
    assert "lawful|revise|unlawful (合法|修改|不合法)" in help_text
    meeting = normdocs("meeting", "record", "--help").out
    assert "executive|plenary|leadership" in meeting and "常务会议|全体会议|局务会议" in meeting


def test_laws_audit_cleanup_and_import_speak_chinese(normdocs, promulgated, tmp_path):
    zh(normdocs, "law", "add", "中华人民共和国行政许可法", "--level", "法律",
       "--promulgated", "2003-08-27", "--effective", "2004-07-01")  # fmt: skip
    zh(normdocs, "cleanup", "start", "--kind", "定期清理", "--date", "2026-11-02")
    page = tmp_path / "notice.txt"
    page.write_text(
        "元宝山区人民政府关于禁止燃放烟花爆竹的通告\n元政发〔2026〕9号\n为了……\n"
        "元宝山区人民政府\n2026年5月6日\n",
        encoding="utf-8",
    )
    for args, code in [
        (("law", "list"), 0),
        (("law", "show", "行政许可法"), 0),
        (("audit", "--fail-on", "从不"), 0),
        (("cleanup", "status", "1"), 0),
        (("import", str(page), "--dry-run"), None),
    ]:
        run = zh(normdocs, *args, expect=code)
        assert "Traceback" not in run.err
        chinese_only(run.out)
        chinese_only(run.err)
    assert "现行有效" in zh(normdocs, "law", "show", "行政许可法").out


# Keys, codes and English words of the record that a Chinese view once showed as written.
RECORD_CODES = re.compile(
    r"\b(row|default_expires_on|alternative_title|law_id|repealed|amended|register|imported"
    r"|validity period ended|sentence|trigger|category|evidence|first_seen|key|acknowledged"
    r"|kind_label|issuers|under|document_id|codes)\b"
)
RULE_CODES = re.compile(r"\b(no-basis|content-[a-z]+|filing-[a-z-]+|[a-z]+-overdue)\b")


def no_record_codes(text: str) -> None:
    chinese_only(text)
    assert not RECORD_CODES.search(text), RECORD_CODES.search(text)
    assert not RULE_CODES.search(text), RULE_CODES.search(text)


def test_a_register_import_shows_its_notes_and_its_history_in_chinese(
    normdocs, promulgated, tmp_path
):
    register = tmp_path / "登记表.csv"
    register.write_text(
        "文件名称,文号,发文机关,发布日期,状态\n"
        "关于加强城市道路管理的通知,元政发〔2019〕3号,元宝山区人民政府,2019-03-01,有效\n"
        "关于规范停车收费的通知,元政发〔2019〕4号,元宝山区人民政府,2019-03-02,已废止\n",
        encoding="utf-8",
    )
    table = zh(normdocs, "import", str(register)).out
    no_record_codes(table)
    # The notes are in the table's reason column, not only in JSON.
    assert "有效期未载明" in table and "失效日期（而非生效日期）" in table
    for number in ("元政发〔2019〕3号", "元政发〔2019〕4号"):
        for fmt in ("table", "csv"):
            history = zh(normdocs, "doc", "history", number, "-f", fmt).out
            no_record_codes(history)
            assert "行号：" in history and "格式：登记表" in history
    kept = zh(normdocs, "doc", "history", "元政发〔2019〕3号", "-f", "csv").out
    assert "保留登记表所载效力" in kept and "按默认有效期届满日期：2024-02-29" in kept
    # Importing the row again names where the document came from in Chinese.
    again = zh(normdocs, "import", str(register), "-f", "csv").out
    assert f"来源：{register} (第 2 行)" in again and "row" not in again


def test_a_repealed_law_and_the_audit_speak_chinese_in_tables_and_csv(
    normdocs, promulgated, tmp_path
):
    zh(normdocs, "law", "add", "中华人民共和国行政许可法", "--level", "法律",
       "--promulgated", "2003-08-27", "--effective", "2004-07-01")  # fmt: skip
    page = tmp_path / "许可.txt"
    page.write_text(
        "元宝山区人民政府关于规范校外培训机构管理的通知\n元政发〔2026〕9号\n"
        "根据《中华人民共和国行政许可法》，制定本通知。\n"
        "第二条 举办校外培训机构，应当向区教育局缴纳办学保证金5万元。\n"
        "元宝山区人民政府\n2026年5月6日\n",
        encoding="utf-8",
    )
    zh(normdocs, "import", str(page))
    zh(normdocs, "law", "repeal", "行政许可法", "--date", "2026-10-01")
    history = zh(normdocs, "doc", "history", "元政发〔2026〕9号").out
    no_record_codes(history)
    assert "理由：上位法已废止" in history and "上位法编号：" in history
    audit = zh(normdocs, "audit", "--fail-on", "从不").out
    no_record_codes(audit)
    assert "设定收费" in audit  # the rule's Chinese name in the 规则 column
    finding = json.loads(normdocs("audit", "-f", "json", "--fail-on", "never").out)
    assert "content-fee" in {f["rule"] for f in finding}  # JSON keeps the code
    zh(normdocs, "cleanup", "start", "--kind", "定期清理", "--date", "2026-11-02")
    for args in [
        ("audit", "--fail-on", "从不"),
        ("cleanup", "list"),
        ("cleanup", "status", "1"),
        ("law", "citations", "元政发〔2026〕9号"),
        ("agency", "list"),
        ("doc", "list"),
    ]:
        text = zh(normdocs, *args, "-f", "csv").out
        header = text.lstrip("\ufeff").splitlines()[0]
        assert not re.search("[A-Za-z]", header), (args, header)
        assert len(set(header.split(","))) == len(header.split(",")), header  # no twice
        body = "\n".join(text.splitlines()[1:])
        assert "imported" not in body and "sentence：" not in body and "content-fee," not in body
        english = normdocs(*args, "-f", "csv").out.splitlines()[0]
        assert re.fullmatch("[a-z_,]+", english), english


def test_help_and_the_meeting_hint_name_what_a_clerk_types(normdocs, promulgated, tmp_path):
    top = zh(normdocs, "--help").out
    for command in ("audit", "verify"):
        line = next(x for x in top.splitlines() if x.strip().startswith(command + " "))
        assert line.split(command, 1)[1].strip() not in ("", "..."), line
    text = tmp_path / "draft.txt"
    text.write_text("关于规范行政执法公示的规定\n第一条 为了……", encoding="utf-8")
    made = zh(normdocs, "doc", "new", "元宝山区人民政府关于规范行政执法公示的规定",
              "--issuer", "元宝山区人民政府", "--file", str(text), "-f", "json")  # fmt: skip
    ref = str(json.loads(made.out)["id"])
    zh(normdocs, "review", "submit", ref, "--date", "2026-03-02")
    zh(normdocs, "review", "decide", ref, "--outcome", "合法", "--opinion", "同意",
       "--date", "2026-03-10")  # fmt: skip
    before = snapshot(normdocs.db)
    refused = zh(normdocs, "meeting", "record", ref, "--type", "局务会议", "--session", "第1次",
                 "--outcome", "通过", "--date", "2026-03-12", expect=None)  # fmt: skip
    assert refused.code != 0 and "请使用 --type 常务会议|全体会议" in refused.err
    chinese_only(refused.err)
    assert snapshot(normdocs.db) == before


def test_cleanup_list_status_is_a_choice_in_either_language(normdocs, promulgated) -> None:
    normdocs("cleanup", "start", "--kind", "periodic", "--date", "2026-11-02")
    shown = normdocs("cleanup", "list", "--status", "进行中", "--format", "json")
    assert [c["status"] for c in json.loads(shown.out)] == ["open"]
    closed = normdocs("cleanup", "list", "--status", "closed", "--format", "json")
    assert closed.out.strip() == "[]"
    refused = normdocs("cleanup", "list", "--status", "bogus", expect=2)
    assert refused.err == (
        "Error: --status does not take “bogus” — choose one of: open (进行中), closed (已办结)\n"
    )


def test_the_department_meeting_hint_names_a_type_the_option_takes(normdocs, promulgated, tmp_path):
    """A department's document taken to an executive meeting is refused with a hint to use the
    department's meeting: the words of the hint are taken by --type as they are shown."""
    text = tmp_path / "draft.txt"
    text.write_text("关于规范校外培训的通知\n第一条 为了……", encoding="utf-8")
    made = zh(normdocs, "doc", "new", "元宝山区教育局关于规范校外培训的通知",
              "--issuer", "元宝山区教育局", "--file", str(text), "-f", "json")  # fmt: skip
    ref = str(json.loads(made.out)["id"])
    zh(normdocs, "review", "submit", ref, "--date", "2026-03-02")
    zh(normdocs, "review", "decide", ref, "--outcome", "合法", "--opinion", "同意",
       "--date", "2026-03-10")  # fmt: skip
    refused = zh(normdocs, "meeting", "record", ref, "--type", "常务会议", "--session", "第1次",
                 "--outcome", "通过", "--date", "2026-03-12", expect=None)  # fmt: skip
    hinted = refused.err.split("请使用 --type ", 1)[1].split()[0]
    assert hinted == "部门负责人会议（局务会议）"
    zh(normdocs, "meeting", "record", ref, "--type", hinted, "--session", "第10次局务会议",
       "--outcome", "通过", "--date", "2026-03-12")  # fmt: skip
    shown = json.loads(normdocs("doc", "show", ref, "-f", "json").out)
    assert shown["meeting_type"] == "leadership"

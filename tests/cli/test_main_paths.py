"""The main paths through the real console script: init, agencies, the whole procedure."""

import json
from pathlib import Path

import pytest

from registry_snapshot import snapshot as dump

pytestmark = pytest.mark.slow


def setup_issuers(normdocs) -> None:
    normdocs("init")
    normdocs(
        "agency",
        "add",
        "元宝山区人民政府",
        "--code",
        "元政发",
        "--level",
        "government",
        "--head",
        "王区长",
        "--legal-office",
        "元宝山区司法局",
    )
    normdocs(
        "agency",
        "add",
        "元宝山区教育局",
        "--code",
        "元教发",
        "--level",
        "department",
        "--parent",
        "元宝山区人民政府",
        "--head",
        "李局长",
    )


def test_government_document_from_draft_to_accepted_filing(normdocs, tmp_path):
    setup_issuers(normdocs)
    text = tmp_path / "draft.txt"
    text.write_text("关于加强城市精细化管理的若干规定\n第一条 为了……", encoding="gb18030")
    made = normdocs(
        "doc",
        "new",
        "元宝山区人民政府关于加强城市精细化管理的若干规定",
        "--issuer",
        "元宝山区人民政府",
        "--file",
        str(text),
        "--format",
        "json",
    )
    doc = json.loads(made.out)
    assert doc["stage"] == "drafting" and doc["validity"] == "not_promulgated"
    ref = str(doc["id"])
    normdocs("review", "submit", ref, "--date", "2026-03-02")
    normdocs(
        "review", "decide", ref, "--outcome", "lawful", "--opinion", "合法", "--date", "2026-03-10"
    )
    normdocs(
        "meeting",
        "record",
        ref,
        "--type",
        "executive",
        "--session",
        "第5次常务会议",
        "--outcome",
        "approved",
        "--date",
        "2026-03-12",
    )
    normdocs("sign", ref, "--signer", "王区长", "--date", "2026-03-13")
    published = normdocs(
        "publish",
        ref,
        "--number",
        "元政发[2026]第007号",
        "--date",
        "2026年3月16日",
        "--format",
        "json",
    )
    shown = json.loads(published.out)
    assert shown["doc_number"] == "元政发〔2026〕7号"
    assert shown["registration_no"] == "ND〔2026〕001"
    assert shown["effective_on"] == "2026-03-16"
    assert shown["expires_on"] == "2031-03-15"
    assert shown["filing_due_on"] == "2026-04-15"
    normdocs("file", "元政发（2026）7号", "--date", "2026-04-10")
    normdocs("filing", "decide", "ND〔2026〕001", "--outcome", "accepted", "--date", "2026-04-20")

    final = json.loads(normdocs("doc", "show", "元政发〔2026〕7号", "--format", "json").out)
    assert final["stage"] == "filing_accepted"
    assert final["validity"] == "in_force"
    assert final["filed_late"] is False
    before = json.loads(
        normdocs("doc", "show", ref, "--as-of", "2026-03-15", "--format", "json").out
    )
    assert before["validity"] == "not_promulgated"

    history = json.loads(normdocs("doc", "history", ref, "--format", "json").out)
    assert [e["action"] for e in history] == [
        "document.create",
        "review.submit",
        "review.decide",
        "meeting.record",
        "sign",
        "publish",
        "file",
        "filing.decide",
    ]
    assert all(e["actor"] == "clerk" for e in history)
    assert history[5]["details"]["registration_no"] == "ND〔2026〕001"

    verified = normdocs("verify")
    assert verified.out.strip().startswith("record intact: 10 events, head 10 ")


def test_department_path_and_its_refusals_leave_registry_unchanged(normdocs):
    setup_issuers(normdocs)
    text = Path(normdocs.db).parent / "draft.txt"  # review submit needs a text to review
    text.write_text("第一条 为规范校外培训，制定本办法。\n", encoding="utf-8")
    normdocs(
        "doc", "new", "元宝山区教育局关于规范校外培训的暂行办法", "--issuer", "元宝山区教育局",
        "--file", str(text),
    )  # fmt: skip
    normdocs("review", "submit", "1", "--date", "2026-03-02")
    normdocs(
        "review", "decide", "1", "--outcome", "lawful", "--opinion", "合法", "--date", "2026-03-09"
    )
    before = dump(normdocs.db)

    wrong_meeting = normdocs(
        "meeting",
        "record",
        "1",
        "--type",
        "executive",
        "--session",
        "x",
        "--outcome",
        "approved",
        "--date",
        "2026-03-10",
        expect=1,
    )
    assert wrong_meeting.out == ""
    assert wrong_meeting.err.startswith("Refused [meeting-type]")
    assert len(wrong_meeting.err.strip().splitlines()) == 1
    assert dump(normdocs.db) == before

    normdocs(
        "meeting",
        "record",
        "1",
        "--type",
        "leadership",
        "--session",
        "第3次局务会议",
        "--outcome",
        "approved",
        "--date",
        "2026-03-10",
    )
    wrong_signer = normdocs("sign", "1", "--signer", "王区长", "--date", "2026-03-11", expect=1)
    assert "Refused [signer-principal-head]" in wrong_signer.err
    normdocs("sign", "1", "--signer", "李局长", "--date", "2026-03-11")
    shown = json.loads(
        normdocs(
            "publish",
            "1",
            "--number",
            "元教发〔2026〕3号",
            "--date",
            "2026-03-12",
            "--format",
            "json",
        ).out
    )
    assert shown["interim"] is True
    assert shown["expires_on"] == "2028-03-11"  # 暂行: two years


def test_refused_deliberation_before_review_names_the_rule(normdocs):
    setup_issuers(normdocs)
    normdocs("doc", "new", "元宝山区人民政府关于某事项的通知", "--issuer", "元宝山区人民政府")
    before = dump(normdocs.db)
    refused = normdocs(
        "meeting",
        "record",
        "1",
        "--type",
        "executive",
        "--session",
        "第1次",
        "--outcome",
        "approved",
        expect=1,
    )
    assert "国办发〔2018〕115号" in refused.err
    assert "review submit" in refused.err
    assert dump(normdocs.db) == before


def test_output_formats_and_empty_results(normdocs):
    setup_issuers(normdocs)
    assert json.loads(normdocs("doc", "list", "--format", "json").out) == []
    assert normdocs("doc", "list", "--format", "csv").out.splitlines()[0].startswith("id,")
    listed = normdocs("agency", "list", "--format", "csv").out.splitlines()
    assert listed[0] == "id,name,code,codes,level,parent,head,legal_office,files_to"
    assert listed[2].startswith(
        '2,元宝山区教育局,元教发,"[""元教发""]",department,元宝山区人民政府,李局长,'
    )
    assert listed[2].endswith(",元宝山区司法局")  # a department files with its government's office
    table = normdocs("agency", "list").out
    assert "元宝山区教育局" in table


@pytest.mark.parametrize(
    ("args", "code", "phrase"),
    [
        (("doc", "show", "999"), 1, "no document 999"),
        (("doc", "new", "标题", "--issuer", "不存在的机关"), 1, "no agency named 不存在的机关"),
        (("doc", "list", "--stage", "nonsense"), 2, "--stage does not take “nonsense”"),
        (("review", "submit", "1", "--date", "2026-02-30"), 1, "2026-02-30"),
        (("doc", "show"), 2, "Missing argument"),
    ],
)
def test_bad_input_gets_one_clear_line(normdocs, args, code, phrase):
    setup_issuers(normdocs)
    normdocs("doc", "new", "元宝山区人民政府关于某事项的通知", "--issuer", "元宝山区人民政府")
    before = dump(normdocs.db)
    result = normdocs(*args, expect=code)
    assert phrase in result.err
    assert "Traceback" not in result.err
    assert dump(normdocs.db) == before


def test_registry_missing_or_not_initialised_exits_5(normdocs, tmp_path):
    missing = normdocs("doc", "list", expect=5)
    assert "there is no registry" in missing.err and "normdocs" in missing.err
    (tmp_path / "empty.db").write_bytes(b"")
    empty = normdocs("--db", str(tmp_path / "empty.db"), "doc", "list", expect=5)
    assert "init" in empty.err
    (tmp_path / "junk.db").write_bytes(b"this is not a database at all" * 100)
    junk = normdocs("--db", str(tmp_path / "junk.db"), "doc", "list", expect=5)
    assert "not a usable normdocs registry" in junk.err


def test_version_and_help_work_without_a_registry(normdocs):
    assert normdocs("--version").out.startswith("normdocs ")
    assert "review" in normdocs("--help").out

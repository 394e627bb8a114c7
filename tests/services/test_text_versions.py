"""Every text a document has had is kept and the record says which one (issue 9), through the
console script: the text with the 罚款 clause that the review examined is never lost; a new
text's citations, content findings and search entry follow it; verify checks every version."""

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from console import Run, console
from registry_snapshot import snapshot

pytestmark = pytest.mark.slow

ISSUER = "元宝山区人民政府"
FIRST = (
    "元宝山区人民政府关于加强停车管理的通知\n"
    "根据《中华人民共和国A法》制定本办法。\n"
    "第五条 违反本办法规定乱停车辆的，由区城市管理部门处二百元以上五百元以下罚款。\n"
)
REVISED = (
    "元宝山区人民政府关于加强停车管理的通知\n"
    "根据《中华人民共和国B法》制定本办法。\n"
    "第五条 乱停车辆的，由区城市管理部门予以劝导。\n"
)


class Clerk:
    def __init__(self, tmp_path: Path) -> None:
        self.folder = tmp_path
        self.db = tmp_path / "registry.db"
        self.run = console(tmp_path, self.db)

    def __call__(self, *args: str, expect: int | None = 0) -> Run:
        return self.run(*args, expect=expect)

    def json(self, *args: str) -> Any:
        return json.loads(self(*args, "--format", "json").out)

    def file(self, name: str, text: str) -> Path:
        path = self.folder / name
        path.write_bytes(text.encode("utf-8"))
        return path

    def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        con = sqlite3.connect(self.db)
        try:
            return con.execute(sql, params).fetchall()
        finally:
            con.close()

    def versions(self, document_id: int) -> list[tuple[Any, ...]]:
        return self.rows(
            "SELECT version, text, source_name, content_hash, original, event_id"
            " FROM text_version WHERE document_id = ? ORDER BY version",
            document_id,
        )

    def event(self, event_id: int) -> tuple[str, dict[str, Any]]:
        ((action, details),) = self.rows("SELECT action, details FROM event WHERE id = ?", event_id)
        return action, json.loads(details)

    def verifies(self) -> None:
        assert self("verify").out.startswith("record intact")


@pytest.fixture
def clerk(tmp_path: Path) -> Clerk:
    c = Clerk(tmp_path)
    c("init")
    c("agency", "add", ISSUER, "--code", "元政发", "--level", "government", "--head", "王区长")
    c("law", "add", "中华人民共和国A法", "--level", "law", "--promulgated", "2010-01-01")
    c("law", "add", "中华人民共和国B法", "--level", "law", "--promulgated", "2011-01-01")
    return c


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def cited(clerk: Clerk, ref: str) -> list[str]:
    return [row["citation"] for row in clerk.json("law", "citations", ref)]


def test_the_reviewed_text_is_kept_and_everything_follows_the_revision(clerk):
    first = clerk.file("初稿.txt", FIRST)
    clerk("doc", "new", "元宝山区停车管理办法", "--issuer", ISSUER, "--file", str(first))
    # The content checks read the first text: its 罚款 clause is a finding.
    clerk("audit", "--fail-on", "never")
    assert [f["rule"] for f in clerk.json("audit", "--fail-on", "never")] == ["content-penalty"]
    assert cited(clerk, "1") == ["《中华人民共和国A法》"]
    clerk("review", "submit", "1", "--date", "2026-11-02")
    clerk("review", "decide", "1", "--outcome", "revise", "--opinion", "删除罚款", "--date",
          "2026-11-10")  # fmt: skip
    revised = clerk.file("修改稿.txt", REVISED)
    clerk("review", "revise", "1", "--file", str(revised), "--date", "2026-11-12")

    # Both texts are kept, each with the file as given and the event that brought it.
    (v1, v2) = clerk.versions(1)
    assert v1[:5] == (1, FIRST, "初稿.txt", sha256(first.read_bytes()), first.read_bytes())
    assert v2[:5] == (2, REVISED, "修改稿.txt", sha256(revised.read_bytes()), revised.read_bytes())
    create, details = clerk.event(v1[5])
    assert create == "document.create"
    assert (details["text_version"], details["text_sha256"]) == (1, sha256(FIRST.encode()))
    revise, details = clerk.event(v2[5])
    assert revise == "review.revise"
    assert (details["text_version"], details["text_sha256"]) == (2, sha256(REVISED.encode()))
    assert clerk.rows("SELECT text FROM document_text WHERE document_id = 1") == [(REVISED,)]

    # The review examined version 1: the row, the decision's event and doc show say so.
    assert clerk.rows("SELECT reviewed_version FROM document WHERE id = 1") == [(1,)]
    ((decided,),) = clerk.rows("SELECT details FROM event WHERE action = 'review.decide'")
    assert json.loads(decided)["reviewed_version"] == 1
    shown = clerk.json("doc", "show", "1")
    assert (shown["reviewed_version"], shown["text_version"]) == (1, 2)
    listed = clerk.json("doc", "versions", "1")
    assert [(v["version"], v["reviewed"], v["current"], v["brought_by"]) for v in listed] == [
        (1, True, False, "document.create"),
        (2, False, True, "review.revise"),
    ]
    assert clerk.json("doc", "text", "1", "--list") == listed

    # The text that was reviewed is printed whole; the current one by default.
    assert clerk("doc", "text", "1", "--version", "1").out == FIRST
    assert clerk("doc", "text", "1").out == REVISED
    assert clerk.json("doc", "text", "1", "--version", "1")["text"] == FIRST

    # Citations follow the new text: B only.
    assert cited(clerk, "1") == ["《中华人民共和国B法》"]
    # The content check of the old text is forgotten: the next audit reads the new one and the
    # 罚款 finding is resolved.
    assert clerk.rows("SELECT count(*) FROM content_check WHERE document_id = 1") == [(0,)]
    assert clerk.json("audit", "--fail-on", "never") == []
    assert clerk.rows("SELECT content_hash FROM content_check WHERE document_id = 1") == [
        (sha256(revised.read_bytes()),)
    ]
    # Search finds the new words and not the removed ones; --all-versions finds both, marked.
    assert clerk.json("search", "劝导")[0]["id"] == 1
    assert clerk.json("search", "罚款") == []
    assert clerk.json("search", "中华人民共和国A法") == []
    old = clerk.json("search", "罚款", "--all-versions")
    assert [(h["id"], h["version"], h["current"]) for h in old] == [(1, 1, False)]
    assert "【罚款】" in clerk("search", "罚款", "--all-versions").out
    both = clerk.json("search", "停车", "--all-versions")
    assert [(h["id"], h["version"], h["current"]) for h in both] == [(1, 2, True), (1, 1, False)]
    assert clerk("search", "罚款", "--all-versions", "--count").out == "1\n"
    clerk.verifies()


def test_the_original_file_is_written_back_only_where_it_may_be(clerk):
    first = clerk.file("初稿.txt", FIRST)
    clerk("doc", "new", "元宝山区停车管理办法", "--issuer", ISSUER, "--file", str(first))
    out = clerk.folder / "reviewed.txt"

    done = clerk("doc", "text", "1", "--version", "1", "-o", str(out))
    assert out.read_bytes() == first.read_bytes()
    assert "original file written" in done.err

    out.write_bytes(b"kept")
    before = snapshot(clerk.db)
    refused = clerk("doc", "text", "1", "--version", "1", "-o", str(out), expect=1)
    assert out.read_bytes() == b"kept" and "--force" in refused.err
    refused = clerk("doc", "text", "1", "-o", str(clerk.db), "--force", expect=1)
    assert snapshot(clerk.db) == before
    clerk("doc", "text", "1", "-o", str(out), "--force")
    assert out.read_bytes() == first.read_bytes()

    # A text kept without its file (an older registry's, an import's) is written as UTF-8 text.
    con = sqlite3.connect(clerk.db)
    with con:
        con.execute("UPDATE text_version SET original = NULL")
    con.close()
    plain = clerk.folder / "plain.txt"
    done = clerk("doc", "text", "1", "-o", str(plain))
    assert plain.read_text(encoding="utf-8") == FIRST and "as UTF-8" in done.err
    refused = clerk("doc", "text", "1", "-o", str(clerk.folder / "a.docx"), expect=1)
    assert "kept as text only" in refused.err
    assert not (clerk.folder / "a.docx").exists()
    missing = clerk("doc", "text", "1", "--version", "3", expect=1)
    assert missing.err.startswith("Error: document 1 has no text version 3")


def test_doc_text_file_gives_a_new_text_only_while_drafting_or_revising(clerk):
    clerk("doc", "new", "元宝山区停车管理办法", "--issuer", ISSUER)
    first = clerk.file("a.txt", FIRST)
    given = clerk("doc", "text", "1", "--file", str(first))
    assert "new text: version 1" in given.err
    ((version, text, _name, _hash, _original, event_id),) = clerk.versions(1)
    assert (version, text) == (1, FIRST)
    assert clerk.event(event_id)[0] == "document.text_given"
    assert cited(clerk, "1") == ["《中华人民共和国A法》"]

    before = snapshot(clerk.db)
    same = clerk("doc", "text", "1", "--file", str(first), expect=1)
    assert "[text-unchanged]" in same.err
    clerk("doc", "text", "1", "--file", str(first), "--version", "1", expect=2)
    assert snapshot(clerk.db) == before

    second = clerk.file("b.txt", REVISED)
    clerk("doc", "text", "1", "--file", str(second))
    assert [v[0] for v in clerk.versions(1)] == [1, 2]
    assert cited(clerk, "1") == ["《中华人民共和国B法》"]

    clerk("review", "submit", "1", "--date", "2026-10-09")
    before = snapshot(clerk.db)
    under_review = clerk("doc", "text", "1", "--file", str(first), expect=1)
    assert "[text-stage]" in under_review.err
    assert snapshot(clerk.db) == before
    clerk("review", "decide", "1", "--outcome", "lawful", "--opinion", "合法", "--date",
          "2026-10-16")  # fmt: skip
    assert clerk.rows("SELECT reviewed_version FROM document WHERE id = 1") == [(2,)]
    for args in (
        ("meeting", "record", "1", "--type", "executive", "--session", "第1次", "--outcome",
         "approved", "--date", "2026-10-19"),
        ("sign", "1", "--signer", "王区长", "--date", "2026-10-20"),
        ("publish", "1", "--number", "元政发〔2026〕3号", "--date", "2026-10-21"),
    ):  # fmt: skip
        clerk(*args)
    before = snapshot(clerk.db)
    promulgated = clerk("doc", "text", "1", "--file", str(first), expect=1)
    assert "[text-fixed-after-promulgation]" in promulgated.err
    assert "--amends 1" in promulgated.err
    assert snapshot(clerk.db) == before
    clerk.verifies()


def test_verify_names_a_kept_version_or_a_reviewed_version_changed_in_the_table(clerk):
    first = clerk.file("初稿.txt", FIRST)
    clerk("doc", "new", "元宝山区停车管理办法", "--issuer", ISSUER, "--file", str(first))
    clerk("review", "submit", "1", "--date", "2026-11-02")
    clerk("review", "decide", "1", "--outcome", "revise", "--opinion", "删除罚款", "--date",
          "2026-11-10")  # fmt: skip
    clerk("review", "revise", "1", "--file", str(clerk.file("b.txt", REVISED)))
    clerk.verifies()
    con = sqlite3.connect(clerk.db)
    with con:  # the reviewed text's 罚款 clause quietly removed
        con.execute("UPDATE text_version SET text = replace(text, '罚款', '') WHERE version = 1")
    con.close()
    failed = clerk("verify", expect=1)
    assert "text version 1's text_sha256 is" in failed.out + failed.err

    con = sqlite3.connect(clerk.db)
    with con:
        con.execute("UPDATE text_version SET text = ? WHERE version = 1", (FIRST,))
        con.execute("UPDATE document SET reviewed_version = 2")
    con.close()
    failed = clerk("verify", expect=1)
    assert "reviewed_version is 2 in the table, the events say 1" in failed.out + failed.err

    con = sqlite3.connect(clerk.db)
    with con:
        con.execute("UPDATE document SET reviewed_version = 1")
        con.execute("DELETE FROM text_version WHERE version = 1")
    con.close()
    failed = clerk("verify", expect=1)
    assert "brought its text version 1, which the table lacks" in failed.out + failed.err


def test_imported_texts_are_versions_and_a_register_row_writes_none(clerk):
    samples = Path(__file__).resolve().parents[2] / "samples" / "documents"
    text = samples / "A11-guangzhou-2023-huoqin-xiushi.txt"
    clerk("agency", "add", "广州市人民政府", "--code", "穗府规", "--level", "government")
    register = clerk.file(
        "台账.csv",
        "文件名称,文号,发文机关,发布日期\n"
        "广州市人民政府关于活禽经营市场每月休市时间的通告,穗府规〔2023〕5号,广州市人民政府,"
        "2023-12-15\n",
    )
    clerk("import", str(register))
    ((row_id,),) = clerk.rows("SELECT id FROM document")
    assert clerk.versions(row_id) == []  # a register row has no text

    clerk("import", str(text))  # the row's text: added to it as its version 1
    ((version, kept, _name, content_hash, original, event_id),) = clerk.versions(row_id)
    action, details = clerk.event(event_id)
    assert (version, action) == (1, "document.text_imported")
    assert (details["text_version"], details["content_hash"]) == (1, content_hash)
    assert details["text_sha256"] == sha256(kept.encode("utf-8")) and original is None

    imported = FIRST + "元宝山区人民政府\n2023年5月10日\n"
    clerk("import", str(clerk.file("通知.txt", imported)), "--issuer", ISSUER)
    ((new_id,),) = clerk.rows("SELECT id FROM document WHERE id <> ?", row_id)
    ((version, kept, _name, _hash, original, event_id),) = clerk.versions(new_id)
    action, details = clerk.event(event_id)
    assert (version, kept.strip(), action) == (1, imported.strip(), "document.import")
    assert details["text_version"] == 1
    clerk.verifies()

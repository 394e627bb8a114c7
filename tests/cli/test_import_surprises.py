"""`normdocs import` without surprises (issue 12), through the real console script: a register's
有效 kept against the default validity period, a notice and its attachment as one document, the
agencies a dry run would create, Ctrl-C."""

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from registry_snapshot import snapshot as dump

pytestmark = pytest.mark.slow

HEADER = "文件名称,文号,发文机关,发布日期,状态\n"


def table_rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _register(path: Path, rows: list[str]) -> Path:
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def _setup(normdocs):
    normdocs("init")
    normdocs("agency", "add", "元宝山区人民政府", "--code", "元政发", "--level", "government")


def test_register_in_force_is_kept_against_the_default_and_the_audit_flags_it(normdocs, tmp_path):
    _setup(normdocs)
    register = _register(
        tmp_path / "register.csv",
        [
            # 有效, but the default 5 years from 2019-03-01 ended on 2024-02-29 (today 2026-11-27)
            "关于加强城市道路管理的通知,元政发〔2019〕3号,元宝山区人民政府,2019-03-01,有效",
            # no 状态: the default applies and ends it
            "关于规范停车收费的通知,元政发〔2019〕4号,元宝山区人民政府,2019-03-02,",
            # 现行有效 and the default has not ended it: nothing to disagree about
            "关于加强河道管理的通知,元政发〔2023〕5号,元宝山区人民政府,2023-03-02,现行有效",
        ],
    )
    run = normdocs("import", str(register), "--format", "json")
    items = json.loads(run.out)
    assert [i["outcome"] for i in items] == ["new", "new", "new"]
    assert items[0]["notes"] == (
        "状态 says in force, but the default validity period ended on 2024-02-29: kept in force, "
        "validity not stated; the audit asks a cleanup to decide"
    )
    assert items[1]["notes"] is None and items[2]["notes"] is None
    rows = table_rows(
        normdocs.db,
        "SELECT doc_number, expires_on, validity_stated, ended_on, end_reason FROM document "
        "ORDER BY id",
    )
    assert rows == [
        ("元政发〔2019〕3号", None, 0, None, None),
        ("元政发〔2019〕4号", "2024-03-01", 0, None, None),
        ("元政发〔2023〕5号", "2028-03-01", 0, None, None),
    ]
    events = table_rows(normdocs.db, "SELECT document_id, action, details FROM event ORDER BY id")
    kept = [(d, json.loads(x)) for d, a, x in events if a == "document.register_validity_kept"]
    assert kept == [
        (1, {"source": str(register), "row": 2, "default_expires_on": "2024-02-29",
             "import_batch": 1}),
    ]  # fmt: skip
    shown = json.loads(normdocs("doc", "show", "元政发〔2019〕3号", "--format", "json").out)
    assert (shown["validity"], shown["expires_on"], shown["validity_stated"]) == (
        "in_force",
        None,
        False,
    )

    findings = json.loads(normdocs("audit", "--format", "json", "--fail-on", "never").out)
    disagree = [f for f in findings if f["rule"] == "register-validity-disagrees"]
    assert [(f["document_id"], f["severity"], f["evidence"]) for f in disagree] == [
        (1, "warning", {"default_expires_on": "2024-02-29"})
    ]
    assert disagree[0]["summary"] == (
        "the import register says in force (有效), but the default validity period ended it after"
        " 2024-02-29: kept in force, validity not stated — decide in a cleanup"
    )
    assert disagree[0]["source"] == "国办发〔2018〕37号 §(十六)"
    normdocs("verify")


def test_a_status_without_a_date_says_which_date_is_meant(normdocs, tmp_path):
    _setup(normdocs)
    register = _register(
        tmp_path / "register.csv",
        ["关于加强城市道路管理的通知,元政发〔2019〕3号,元宝山区人民政府,2019-03-01,已废止"],
    )
    (item,) = json.loads(normdocs("import", str(register), "--format", "json").out)
    assert "write the day it ended (失效日期, not 生效日期) in 状态 or 备注" in item["notes"]


def test_dry_run_lists_the_agencies_it_would_create_with_their_guessed_level(normdocs, tmp_path):
    normdocs("init")
    register = _register(
        tmp_path / "register.csv",
        [
            "关于加强城市道路管理的通知,元政发〔2023〕3号,元宝山区人民政府,2023-03-01,有效",
            "关于规范停车收费的通知,元发改发〔2023〕4号,元宝山区发展和改革委员会,2023-03-02,",
            "关于规范停车收费的补充通知,元发改发〔2023〕5号,元宝山区发展和改革委员会,2023-03-03,",
        ],
    )
    before = dump(normdocs.db)
    run = normdocs("import", str(register), "--dry-run", "--create-issuers", "--format", "json")
    items = json.loads(run.out)
    assert [(i["issuer"], i["new_issuer_level"]) for i in items] == [
        ("元宝山区人民政府", "government"),
        ("元宝山区发展和改革委员会", "department"),
        ("元宝山区发展和改革委员会", "department"),
    ]
    assert run.err.splitlines()[-1] == (
        "Would register new issuers (level guessed from the name): 元宝山区人民政府 (government), "
        "元宝山区发展和改革委员会 (department)."
    )
    assert dump(normdocs.db) == before
    # The real run registers exactly those, with those levels.
    normdocs("import", str(register), "--create-issuers")
    agencies = table_rows(normdocs.db, "SELECT name, level, code FROM agency ORDER BY id")
    assert agencies == [
        ("元宝山区人民政府", "government", "元政发"),
        ("元宝山区发展和改革委员会", "department", "元发改发"),
    ]
    # Known issuers: nothing to list.
    again = normdocs("import", str(register), "--dry-run", "--create-issuers")
    assert "Would register new issuers" not in again.err


NOTICE = """元宝山区人民政府
元政发〔2023〕3号
元宝山区人民政府关于印发元宝山区停车管理办法的通知
各镇乡人民政府、街道办事处：
现将《元宝山区停车管理办法》印发给你们，请认真贯彻执行。
元宝山区人民政府
2023年3月1日
元宝山区停车管理办法
第一条 为规范停车秩序，制定本办法。
"""
NOTICE_TITLE = "元宝山区人民政府关于印发元宝山区停车管理办法的通知"
ROW = "元宝山区停车管理办法,元政发〔2023〕3号,元宝山区人民政府,2023-03-01,有效"


def _one_document(normdocs) -> None:
    """One document, the notice's title, its text, and the attachment's title kept as the
    alternative (in the event) that search finds."""
    documents = table_rows(normdocs.db, "SELECT id, title, doc_number FROM document")
    assert documents == [(1, NOTICE_TITLE, "元政发〔2023〕3号")]
    (text,) = table_rows(normdocs.db, "SELECT document_id, text FROM document_text")
    assert text == (1, NOTICE)
    events = table_rows(normdocs.db, "SELECT action, details FROM event WHERE document_id = 1")
    joined = [json.loads(d) for a, d in events if a == "document.text_imported"]
    assert [(d["title"], d["alternative_title"]) for d in joined] == [
        (NOTICE_TITLE, "元宝山区停车管理办法")
    ]
    for term in ("元宝山区停车管理办法", "关于印发元宝山区停车"):
        found = json.loads(normdocs("search", term, "--format", "json").out)
        assert [d["id"] for d in found] == [1]
    normdocs("verify")


def test_a_register_row_and_the_notice_text_of_its_number_are_one_document(normdocs, tmp_path):
    _setup(normdocs)
    register = _register(tmp_path / "register.csv", [ROW])
    notice = tmp_path / "notice.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    normdocs("import", str(register))
    (item,) = json.loads(normdocs("import", str(notice), "--format", "json").out)
    assert (item["outcome"], item["document_id"]) == ("unchanged_duplicate", 1)
    assert item["reason"] == (
        f"document 1 (from {register} (row 2)) has no text yet: this text is added to it"
    )
    assert item["notes"] == (
        "the document's title is now the notice's; 元宝山区停车管理办法 is kept as its "
        "alternative title"
    )
    _one_document(normdocs)


def test_the_row_and_the_notice_in_one_batch_are_one_document(normdocs, tmp_path):
    _setup(normdocs)
    folder = tmp_path / "in"
    folder.mkdir()
    _register(folder / "a-register.csv", [ROW])
    (folder / "b-notice.txt").write_text(NOTICE, encoding="utf-8")
    run = normdocs("import", str(folder), "--format", "json")
    assert [i["outcome"] for i in json.loads(run.out)] == ["new", "unchanged_duplicate"]
    _one_document(normdocs)


def test_a_row_after_the_text_of_its_number_is_no_conflict(normdocs, tmp_path):
    _setup(normdocs)
    notice = tmp_path / "notice.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    normdocs("import", str(notice))
    before = dump(normdocs.db)
    register = _register(tmp_path / "register.csv", [ROW])
    (item,) = json.loads(normdocs("import", str(register), "--format", "json").out)
    assert (item["outcome"], item["document_id"]) == ("unchanged_duplicate", 1)
    assert dump(normdocs.db) == before


def test_ctrl_c_during_an_import_prints_one_line_exits_130_and_writes_nothing(normdocs, tmp_path):
    import csv
    import hashlib
    import os
    import pty
    import re
    import select
    import signal
    import subprocess
    import time

    from console import NORMDOCS

    assert NORMDOCS
    _setup(normdocs)
    register = tmp_path / "登记册.csv"
    with register.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["文件名称", "文号", "发文机关", "发布日期"])
        for n in range(1, 60_001):
            writer.writerow(
                [f"关于第{n}项工作的通知", f"元政发〔2020〕{n}号", "元宝山区人民政府", "2020-06-01"]
            )
    before = hashlib.sha256(normdocs.db.read_bytes()).hexdigest()
    main, terminal = pty.openpty()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "NORMDOCS_DB": str(normdocs.db),
        "NORMDOCS_LANG": "en",
        "NORMDOCS_TODAY": "2026-11-27",
        "TERM": "xterm",
    }
    proc = subprocess.Popen(
        [NORMDOCS, "import", str(register)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=terminal,
        env=env,
    )
    os.close(terminal)
    shown = b""
    sent = False
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _w, _x = select.select([main], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
        # Once the rows are being counted (the first chunk of 2,000 is in), interrupt.
        if not sent and b"items)" in shown and b"(0 items)" not in shown.rsplit(b"\r", 1)[-1]:
            proc.send_signal(signal.SIGINT)
            sent = True
    os.close(main)
    proc.wait(timeout=60)
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.decode("utf-8", "replace"))
    assert sent, text
    assert proc.returncode == 130, text
    # The bar of a single register counts its rows.
    assert "Reading files (2000 items)" in text
    lines = [line.strip() for line in text.replace("\r", "\n").splitlines() if line.strip()]
    assert lines[-1] == "Interrupted: nothing of this import was written.", text
    assert "Traceback" not in text and "Aborted" not in text
    assert hashlib.sha256(normdocs.db.read_bytes()).hexdigest() == before
    assert table_rows(normdocs.db, "SELECT count(*) FROM document") == [(0,)]
    assert table_rows(normdocs.db, "SELECT count(*) FROM import_batch") == [(0,)]
    normdocs("verify")

"""Import batches through the console script: `normdocs import PATH…` works as it did and names
its batch; `import list` shows each batch; `import undo BATCH --reason --yes` withdraws what the
batch made and nothing touched since, with one event each naming the batch, leaving every list
as it was before the import; undoing twice is refused; the record verifies."""

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from console import console

pytestmark = pytest.mark.slow
Registry = Any  # tests/conftest.py's Registry

ROOT = Path(__file__).resolve().parents[2]
A11 = ROOT / "samples" / "documents" / "A11-guangzhou-2023-huoqin-xiushi.txt"
A11_TITLE = "广州市人民政府关于活禽经营市场每月休市时间的通告"
A11_NUMBER = "穗府规〔2023〕5号"
NOTICE = "\n".join(
    [
        "元政发〔2025〕{n}号",
        "元宝山区人民政府关于{subject}的通知",
        "各镇人民政府，区直各部门：",
        "为了{subject}，现通知如下：本通知自印发之日起施行。",
        "元宝山区人民政府",
        "2025年3月3日",
    ]
)


def run(registry: Registry, *args: str, expect: int | None = 0) -> Any:
    return console(registry.path.parent, registry.path)(*args, expect=expect)


def notices(folder: Path, *subjects: str) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for n, subject in enumerate(subjects, start=41):
        path = folder / f"notice-{n}.txt"
        path.write_text(NOTICE.format(n=n, subject=subject), encoding="utf-8")
        paths.append(path)
    return paths


def sql(registry: Registry, statement: str, *params: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(registry.path) as connection:
        return connection.execute(statement, params).fetchall()


def views(registry: Registry) -> dict[str, Any]:
    """What a clerk sees of the registry: every list, the audit and a search."""
    return {
        "documents": json.loads(run(registry, "doc", "list", "-f", "json").out),
        "in_force": json.loads(
            run(registry, "doc", "list", "--validity", "in_force", "-f", "json").out
        ),
        "audit": [
            (f["rule"], f["document_id"])
            for f in json.loads(run(registry, "audit", "-f", "json", expect=None).out)
        ],
        "search": json.loads(run(registry, "search", "精细化", "-f", "json").out),
        "stats": _stats(registry),
    }


def _stats(registry: Registry) -> tuple[int, str, str]:
    """The year's figures (报备率…) of 2025, when the imported notices were published."""
    result = run(registry, "report", "stats", "--year", "2025", "--format", "json", expect=None)
    return result.code, result.out, result.err


def test_import_of_a_file_works_as_before_and_names_its_batch(registry: Registry) -> None:
    before = registry.snapshot()
    dry = run(registry, "import", str(A11), "--create-issuers", "--dry-run")
    assert dry.err.strip().splitlines()[-2:] == [
        "Dry run, nothing written: 1 new, 0 unchanged duplicate(s), 0 conflicting duplicate(s),"
        " 0 rejected.",
        "Would register new issuers (level guessed from the name): 广州市人民政府 (government).",
    ]
    assert registry.snapshot() == before  # no batch either

    result = run(registry, "import", str(A11), "--create-issuers", "-f", "json")
    (item,) = json.loads(result.out)
    assert (item["outcome"], item["title"], item["doc_number"]) == ("new", A11_TITLE, A11_NUMBER)
    assert result.err.splitlines() == [
        "Imported: 1 new, 0 unchanged duplicate(s), 0 conflicting duplicate(s), 0 rejected."
        " Import batch 1.",
        "Registered new issuers: 广州市人民政府.",
    ]
    assert sql(registry, "SELECT import_batch_id FROM document WHERE id = ?", item["document_id"])
    assert sql(registry, "SELECT import_batch_id FROM document WHERE id = ?", item["document_id"])[
        0
    ] == (1,)
    again = run(registry, "import", str(A11))  # nothing new: no batch
    assert again.err.strip() == (
        "Nothing new to import: 0 new, 1 unchanged duplicate(s), 0 conflicting duplicate(s),"
        " 0 rejected."
    )
    (batch,) = json.loads(run(registry, "import", "list", "-f", "json").out)
    assert batch["sources"] == [str(A11)]
    assert (batch["id"], batch["actor"], batch["new"], batch["rejected"], batch["undone_at"]) == (
        1,
        "clerk",
        1,
        0,
        None,
    )
    assert batch["started_at"].endswith("Z")
    run(registry, "verify")


def test_import_of_a_word_file_is_one_batch(registry: Registry) -> None:
    """`normdocs import file.docx`, as a clerk types it on day one."""
    docx = ROOT / "samples" / "docx" / "A00-yuanbaoshan-2018-fazhi-plan.docx"
    result = run(registry, "import", str(docx), "--issuer", "元宝山区人民政府", "-f", "json")
    (item,) = json.loads(result.out)
    assert item["outcome"] == "new" and item["source"] == str(docx)
    assert result.err.splitlines() == [
        "Imported: 1 new, 0 unchanged duplicate(s), 0 conflicting duplicate(s), 0 rejected."
        " Import batch 1."
    ]
    assert sql(registry, "SELECT id, import_batch_id FROM document") == [(item["document_id"], 1)]


def test_an_undone_import_leaves_every_list_as_before_with_its_events(
    registry: Registry, tmp_path: Path
) -> None:
    registry.bring_to(registry.issuers["government"], "filing_accepted")
    before = views(registry)
    events_before = sql(registry, "SELECT id FROM event")
    paths = notices(tmp_path / "in", "加强城市精细化管理", "规范户外广告设置")
    run(registry, "import", *map(str, paths))
    imported = [r[0] for r in sql(registry, "SELECT id FROM document WHERE import_batch_id = 1")]
    assert len(imported) == 2
    assert views(registry) != before

    preview = run(registry, "import", "undo", "1", "--reason", "导入了错误的文件夹", expect=1)
    assert preview.err.strip().splitlines()[-1] == (
        "Nothing undone yet; with --yes: 2 documents withdrawn, 0 kept (listed with why),"
        " 0 文号 taken back, 0 added texts kept."
    )
    events_imported = sql(registry, "SELECT id FROM event")
    result = run(registry, "import", "undo", "1", "--reason", "导入了错误的文件夹", "--yes")
    assert result.err.strip().splitlines()[-1] == (
        "Import batch 1 undone: 2 documents withdrawn, 0 kept (listed with why),"
        " 0 文号 taken back, 0 added texts kept."
    )
    assert views(registry) == before
    new_events = sql(
        registry,
        "SELECT document_id, action, from_stage, to_stage, details FROM event"
        " WHERE id > ? AND action != 'audit.run'",
        events_imported[-1][0],
    )
    assert [(e[0], e[1], e[2], e[3]) for e in new_events] == [
        (doc_id, "document.withdrawn", "promulgated", "withdrawn") for doc_id in imported
    ]
    # Each withdrawal releases the 文号 the import gave, so that importing again takes it.
    assert [json.loads(e[4]) for e in new_events] == [
        {
            "import_batch": 1,
            "reason": "导入了错误的文件夹",
            "undo": True,
            "doc_number_released": f"元政发〔2025〕{n}号",
        }
        for n in (41, 42)
    ]
    assert len(events_imported) > len(events_before)
    withdrawn = json.loads(run(registry, "doc", "list", "--stage", "withdrawn", "-f", "json").out)
    assert [d["id"] for d in withdrawn] == imported
    (batch,) = json.loads(run(registry, "import", "list", "-f", "json").out)
    assert batch["undone_reason"] == "导入了错误的文件夹" and batch["undone_at"] is not None
    run(registry, "verify")

    snapshot = registry.snapshot()
    twice = run(registry, "import", "undo", "1", "--reason", "again", "--yes", expect=1)
    assert twice.err.startswith("Refused [undo-once]: import batch 1 was undone already")
    assert registry.snapshot() == snapshot


def test_what_was_undone_can_be_imported_again(registry: Registry, tmp_path: Path) -> None:
    """The clerk undoes an import made with the wrong issuer, and imports the same files again
    with the right one: they are registered anew, not "duplicates" of the withdrawn ones."""
    paths = notices(tmp_path / "in", "加强城市精细化管理")
    register = tmp_path / "台账.csv"
    register.write_text(
        "文件名称,文号,发文机关,发布日期\n"
        "元宝山区人民政府关于加强农村道路管理的通知,元政发〔2020〕5号,元宝山区人民政府,2020-03-05\n",
        encoding="utf-8",
    )
    run(registry, "import", str(register), *map(str, paths))
    run(registry, "import", "undo", "1", "--reason", "导入时选错了登记表", "--yes")
    assert json.loads(run(registry, "doc", "list", "-f", "json").out) == []

    again = json.loads(run(registry, "import", str(register), *map(str, paths), "-f", "json").out)
    assert [item["outcome"] for item in again] == ["new", "new"]
    listed = json.loads(run(registry, "doc", "list", "-f", "json").out)
    assert sorted(d["doc_number"] for d in listed) == ["元政发〔2020〕5号", "元政发〔2025〕41号"]
    run(registry, "verify")
    # And once more: now they are duplicates of what is registered.
    third = json.loads(run(registry, "import", str(register), *map(str, paths), "-f", "json").out)
    assert {item["outcome"] for item in third} == {"unchanged_duplicate"}


def test_undo_keeps_what_was_touched_since_and_says_why(registry: Registry, tmp_path: Path) -> None:
    paths = notices(tmp_path / "in", "加强城市精细化管理", "规范户外广告设置")
    run(registry, "import", *map(str, paths))
    first, second = (r[0] for r in sql(registry, "SELECT id FROM document ORDER BY id"))
    run(registry, "doc", "correct", str(second), "--title", "元宝山区人民政府关于规范广告的通知",
        "--reason", "标题误录")  # fmt: skip
    (corrected,) = sql(registry, "SELECT max(id) FROM event WHERE action = 'document.corrected'")
    result = run(registry, "import", "undo", "1", "--reason", "重导", "--yes", "-f", "json")
    rows = json.loads(result.out)
    assert [(r["document_id"], r["outcome"], r["reason"]) for r in rows] == [
        (first, "withdrawn", None),
        (second, "kept", f"changed since the import: document.corrected (event {corrected[0]})"),
    ]
    stages = dict(sql(registry, "SELECT id, stage FROM document"))
    assert stages == {first: "withdrawn", second: "promulgated"}
    run(registry, "verify")


def test_a_text_added_by_the_batch_stays(registry: Registry, tmp_path: Path) -> None:
    """A register row first (batch 1), then the page of the same document (batch 2) gives it a
    text: undoing batch 2 keeps the text, as every text is kept, and says so."""
    run(registry, "agency", "add", "广州市人民政府", "--code", "穗府规", "--level", "government")
    register = tmp_path / "台账.csv"
    register.write_text(
        f"文件名称,文号,发文机关,发布日期\n{A11_TITLE},{A11_NUMBER},广州市人民政府,2023-12-15\n",
        encoding="utf-8",
    )
    run(registry, "import", str(register))
    run(registry, "import", str(A11))
    before = registry.snapshot()
    result = run(registry, "import", "undo", "2", "--reason", "重复", "--yes", "-f", "json")
    (row,) = json.loads(result.out)
    assert (row["outcome"], row["reason"]) == (
        "text_kept",
        "the text this batch added stays: every text a document has had is kept",
    )
    after = registry.snapshot()
    changed = {t for t in before if after[t] != before[t]}
    assert changed == {"import_batch"}  # marked undone; nothing else to take back
    run(registry, "verify")


def test_a_number_the_batch_gave_is_taken_back(registry: Registry, tmp_path: Path) -> None:
    """A page that left out its 文号 (batch 1), then the register row that has it (batch 2):
    undoing batch 2 takes the 文号 back with an event; the document is as batch 1 left it."""
    run(registry, "agency", "add", "宣威市人民政府", "--code", "宣政发", "--level", "government")
    page = ROOT / "samples" / "documents" / "A05-xuanwei-2017-jinranqu.txt"
    run(registry, "import", str(page))
    (document_id,) = sql(registry, "SELECT id FROM document WHERE doc_number IS NULL")[0]
    register = tmp_path / "台账.csv"
    register.write_text(
        "文件名称,文号,发文机关,发布日期\n"
        "宣威市人民政府关于划定高污染燃料禁燃区的通告,宣政发〔2017〕30号,宣威市人民政府,2017-11-01\n",
        encoding="utf-8",
    )
    run(registry, "import", str(register))
    assert sql(registry, "SELECT doc_number FROM document") == [("宣政发〔2017〕30号",)]
    result = run(registry, "import", "undo", "2", "--reason", "文号有误", "--yes", "-f", "json")
    (row,) = json.loads(result.out)
    assert (row["document_id"], row["doc_number"], row["outcome"]) == (
        document_id,
        "宣政发〔2017〕30号",
        "number_removed",
    )
    assert sql(registry, "SELECT doc_number, stage FROM document") == [(None, "promulgated")]
    (last,) = sql(
        registry, "SELECT action, document_id, details FROM event ORDER BY id DESC LIMIT 1"
    )
    assert last[:2] == ("document.number_import_undone", document_id)
    assert json.loads(last[2]) == {
        "doc_number": "宣政发〔2017〕30号",
        "import_batch": 2,
        "reason": "文号有误",
    }
    run(registry, "doc", "show", "宣政发〔2017〕30号", expect=1)
    run(registry, "verify")


def test_an_unknown_batch_is_not_found(registry: Registry) -> None:
    before = registry.snapshot()
    result = run(registry, "import", "undo", "7", "--reason", "x", "--yes", expect=1)
    assert result.err.startswith("Error: no import batch 7")
    assert registry.snapshot() == before
    assert json.loads(run(registry, "import", "list", "-f", "json").out) == []


def test_a_direct_change_of_the_batch_column_is_named_by_verify(
    registry: Registry, tmp_path: Path
) -> None:
    run(registry, "import", *map(str, notices(tmp_path / "in", "加强城市精细化管理")))
    sql(registry, "UPDATE document SET import_batch_id = 9")
    result = run(registry, "verify", expect=None)
    assert result.code != 0
    assert "import_batch_id" in result.out + result.err

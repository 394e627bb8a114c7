"""law import: all 1,068 versions of the national list, idempotent, CSV or JSON, and refused
whole when a row is bad."""

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from normdocs.domain.errors import InvalidInput
from normdocs.services.law_import import import_laws
from normdocs.services.laws import list_laws, show_law

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
LAWS_CSV = SAMPLES / "superior-laws.csv"


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchall()


def csv_rows() -> list[dict[str, str]]:
    with LAWS_CSV.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, records: list[dict[str, str]], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def test_all_1068_versions_are_loaded_once_and_a_reimport_adds_nothing(registry):
    first = import_laws(registry.ctx, LAWS_CSV)
    assert (first["rows"], first["new"], first["updated"], first["unchanged"]) == (1068, 1068, 0, 0)
    assert rows(registry.path, "SELECT count(*) FROM law") == [(1068,)]
    before = registry.snapshot()
    again = import_laws(registry.ctx, LAWS_CSV)
    assert (again["new"], again["updated"], again["unchanged"]) == (0, 0, 1068)
    # Not even an event: the registry is byte for byte what it was.
    assert registry.snapshot() == before


def test_the_import_is_one_event_naming_the_file_and_its_counts(registry):
    events = registry.event_count()
    import_laws(registry.ctx, LAWS_CSV)
    assert registry.event_count() == events + 1
    ((action, document_id, details),) = rows(
        registry.path, "SELECT action, document_id, details FROM event ORDER BY id DESC LIMIT 1"
    )
    details = json.loads(details)
    assert (action, document_id) == ("law.import", None)
    assert details["file"] == "superior-laws.csv" and details["new"] == 1068
    assert len(details["law_ids"]) == 1068 and len(details["sha256"]) == 64


def test_statuses_follow_the_list_and_a_later_version_supersedes_the_earlier(registry):
    import_laws(registry.ctx, LAWS_CSV)
    statuses = dict(rows(registry.path, "SELECT status, count(*) FROM law GROUP BY status"))
    # 1,001 laws in 1,068 versions: each of the 67 earlier versions is superseded — the list
    # says so of 19; the 48 others it still calls in force, but a later version is in the list
    # (道路运输条例 has three). They are superseded on the day the later one was promulgated.
    assert statuses == {"in_force": 968, "superseded": 67, "repealed": 33}
    assert rows(registry.path, "SELECT count(DISTINCT match_key) FROM law") == [(1001,)]
    accounting = [v for v in show_law(registry.ctx, "会计法")["versions"]]
    assert [(v["promulgated_on"], v["status"], v["amended_on"]) for v in accounting] == [
        ("2017-11-04", "superseded", "2024-06-28"),
        ("2024-06-28", "in_force", None),
    ]
    repealed = list_laws(registry.ctx, status="repealed")
    assert len(repealed) == 33 and "信访条例" in {r["title"] for r in repealed}


def test_json_with_the_same_columns_gives_the_same_laws(registry, tmp_path):
    path = tmp_path / "laws.json"
    path.write_text(json.dumps(csv_rows(), ensure_ascii=False), encoding="utf-8")
    summary = import_laws(registry.ctx, path)
    assert summary["new"] == 1068
    again = import_laws(registry.ctx, LAWS_CSV)
    assert (again["new"], again["unchanged"]) == (0, 1068)


def test_a_gb18030_csv_from_a_spreadsheet_is_read(registry, tmp_path):
    path = write_csv(tmp_path / "laws.csv", csv_rows()[:10], encoding="gb18030")
    assert import_laws(registry.ctx, path)["new"] == 10


def test_a_changed_list_updates_and_a_repeal_in_it_flags_documents(reg, docs):
    records = csv_rows()
    for record in records:
        if (
            record["title"] == "中华人民共和国突发事件应对法"
            and record["promulgated"] == "2024-06-28"
        ):
            record["status"] = "repealed"
    path = write_csv(reg.path.parent / "newer.csv", records)
    summary = import_laws(reg.ctx, path)
    assert (summary["new"], summary["updated"], summary["unchanged"]) == (0, 1, 1067)
    # The document in force citing 突发事件应对法 is flagged; the draft citing it is not there.
    assert summary["flagged_documents"] == [docs.in_force]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "title,level,promulgated,status\n甲法,法律,2020-01-01,in_force\n乙法,条例,2020-13-01,gone\n",
            "line 3: unknown level “条例”; promulgated: the date “2020-13-01” does not exist",
        ),
        ("title,promulgated\n甲法,2020-01-01\n", "has no column level"),
        ("title,level\n", "holds no laws"),
        (
            "title,level,promulgated\n甲法,法律,2020-01-01\n中华人民共和国甲法,法律,2020-01-01\n甲法,法律,2020年1月1日\n",
            "line 4: the same version as line 2",
        ),
        ("title,level,number\n甲法,法律,not a number\n", "“not a number” is not a 文号"),
        (
            "title,level,promulgated,effective\n某市养犬管理条例,地方性法规,2020-01-01,2019-01-01\n",
            "line 2: the effective date 2019-01-01 is before promulgation on 2020-01-01",
        ),
    ],
)
def test_a_bad_file_is_refused_whole_naming_every_problem_and_nothing_changes(
    registry, tmp_path, content, message
):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    before = registry.snapshot()
    with pytest.raises(InvalidInput) as refused:
        import_laws(registry.ctx, path)
    assert message in refused.value.message
    assert registry.snapshot() == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("laws.json", "{not json", "is not valid JSON"),
        ("laws.json", '{"title": "甲法"}', "must hold a list of objects"),
        ("laws.xlsx", "", "a law file is .csv or .json"),
        ("missing.csv", None, "cannot read"),
    ],
)
def test_unreadable_files_are_refused(registry, tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    before = registry.snapshot()
    with pytest.raises(InvalidInput) as refused:
        import_laws(registry.ctx, path)
    assert message in refused.value.message
    assert registry.snapshot() == before


def test_laws_loaded_after_the_documents_resolve_their_earlier_citations(registry, tmp_path):
    from normdocs.services.documents import new_document
    from normdocs.services.laws import document_citations

    text = tmp_path / "a10.txt"
    text.write_text(
        (SAMPLES / "documents" / "A10-leishan-2020-huoqin.txt").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    view = new_document(
        registry.ctx,
        title="雷山县人民政府关于暂时关闭活禽交易市场的通告",
        issuer="元宝山区人民政府",
        file=text,
    )
    assert not any(c["resolved"] for c in document_citations(registry.ctx, str(view["id"])))
    summary = import_laws(registry.ctx, LAWS_CSV)
    assert summary["resolved_citations"] == 3
    cited = {
        c["citation"]: c["resolved_to"] for c in document_citations(registry.ctx, str(view["id"]))
    }
    assert cited == {
        "《中华人民共和国传染病防治法》": "中华人民共和国传染病防治法 (2013-06-29)",
        "《中华人民共和国突发事件应对法》": "中华人民共和国突发事件应对法 (2024-06-28)",
        "《突发公共卫生应急条例》": None,  # misnamed: kept, unresolved
        "《中华人民共和国野生动物保护法》": "中华人民共和国野生动物保护法 (2022-12-30)",
    }

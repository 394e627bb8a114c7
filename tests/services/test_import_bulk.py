"""A register large enough for the bulk-load path: the document table's secondary indexes are
dropped during the load and built again at its end. What a clerk and an administrator check:
everything is there, found, chained and indexed afterwards; a batch that is refused leaves the
registry (indexes included) exactly as it was; a re-run imports nothing twice."""

import csv
import gc
import sqlite3
from pathlib import Path

from normdocs.services.importing import CHUNK, import_documents
from normdocs.services.registry import verify_record
from normdocs.services.search import search_documents

# More rows than one chunk, so the load drops the indexes part-way (an empty registry).
ROWS = CHUNK + 500
HEADER = ["序号", "文件名称", "文号", "发文机关", "发布日期", "有效期", "状态"]
GOVERNMENT = "元宝山区人民政府"


def register(path: Path, rows: int = ROWS, *, bad_row: int | None = None) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(1, rows + 1):
            year = 2016 + n % 10
            day = f"{year}.{n % 12 + 1}.{n % 28 + 1}" if n != bad_row else f"{year}-02-30"
            writer.writerow(
                [
                    n,
                    f"{GOVERNMENT}关于第{n}批农村公路养护工作的通知",
                    f"元政发〔{year}〕{n}号",
                    GOVERNMENT,
                    day,
                    "5年" if n % 3 else "",
                    "有效",
                ]
            )
    return path


def indexes(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'document' "
            "ORDER BY name"
        ).fetchall()


def uses_index(db: Path, query: str, name: str) -> bool:
    with sqlite3.connect(db) as connection:
        plan = " ".join(str(r[-1]) for r in connection.execute(f"EXPLAIN QUERY PLAN {query}"))
    return name in plan


def test_a_large_register_is_loaded_and_its_indexes_are_built_again(registry, tmp_path):
    before = indexes(registry.path)
    assert any(name == "ix_document_promulgated_on" for name, _sql in before)

    report = import_documents(registry.ctx, [register(tmp_path / "登记册.csv")])

    assert report.committed
    assert report.counts()["new"] == ROWS
    assert indexes(registry.path) == before
    assert uses_index(
        registry.path,
        "SELECT id FROM document WHERE promulgated_on = '2020-01-01'",
        "ix_document_promulgated_on",
    )
    record = verify_record(registry.ctx)
    assert record.ok and record.count >= ROWS
    last = registry.document("元政发〔2021〕2495号")  # row 2496, in the last chunk
    assert last["title"] == f"{GOVERNMENT}关于第2495批农村公路养护工作的通知"
    assert str(last["promulgated_on"]) == "2021-12-04"
    found = search_documents(registry.ctx, "第2495批")
    assert [hit["doc_number"] for hit in found.hits] == ["元政发〔2021〕2495号"]
    assert gc.isenabled()


def test_a_rerun_of_the_large_register_imports_nothing_twice(registry, tmp_path):
    path = register(tmp_path / "登记册.csv")
    import_documents(registry.ctx, [path])
    events = registry.event_count()

    again = import_documents(registry.ctx, [path])

    assert again.counts()["unchanged_duplicate"] == ROWS
    assert registry.event_count() == events


def test_a_refused_bulk_load_leaves_the_registry_and_its_indexes_as_they_were(registry, tmp_path):
    before = registry.snapshot()
    # The impossible date is in the last chunk: the indexes were already dropped by then.
    path = register(tmp_path / "登记册.csv", bad_row=ROWS)

    report = import_documents(registry.ctx, [path], all_or_nothing=True)

    assert not report.committed
    (rejected,) = report.rejected
    assert rejected.location == f"row {ROWS + 1}"
    assert "does not exist" in (rejected.reason or "")
    assert registry.snapshot() == before
    assert gc.isenabled()


def test_a_conflicting_number_in_a_large_batch_names_both_places(registry, tmp_path):
    path = register(tmp_path / "登记册.csv")
    import_documents(registry.ctx, [path])
    changed = tmp_path / "新登记册.csv"
    text = path.read_text(encoding="utf-8").replace("第7批农村公路", "第7批城市道路")
    changed.write_text(text, encoding="utf-8")

    report = import_documents(registry.ctx, [changed])

    (conflict,) = report.rejected
    assert conflict.outcome == "conflicting_duplicate"
    assert "元政发〔2023〕7号" in (conflict.reason or "")
    assert "登记册.csv (row 8)" in (conflict.reason or "")


def test_a_small_batch_keeps_the_indexes_in_place(registry, tmp_path, monkeypatch):
    import normdocs.store.importing as store

    def must_not_run(session):
        raise AssertionError("a batch of ten rows dropped the indexes")

    monkeypatch.setattr(store, "defer_document_indexes", must_not_run)
    report = import_documents(registry.ctx, [register(tmp_path / "小.csv", 10)])
    assert report.counts()["new"] == 10


def test_the_same_register_and_corpus_import_on_postgresql(pg_registry, tmp_path):
    """PostgreSQL: ids from the table's sequence, rows through SQLAlchemy, the tsvector index."""
    from normdocs.services.agencies import add_agency

    samples = Path(__file__).resolve().parents[2] / "samples"
    # A00 is known by its 机关代字 only, as in the SQLite golden test.
    add_agency(pg_registry.ctx, name="元宝山区人民政府办公室", code="元政办字", level="government")
    path = register(tmp_path / "登记册.csv")
    folders = [samples / "documents", samples / "gb18030"]

    report = import_documents(pg_registry.ctx, [path, *folders], create_issuers=True)

    assert report.committed
    counts = report.counts()
    assert counts["new"] == ROWS + 12
    assert counts["rejected"] == 1  # A03 has no title line
    record = verify_record(pg_registry.ctx)
    assert record.ok and record.count >= ROWS + 12
    assert pg_registry.document("元政发〔2021〕2495号")["title"].endswith(
        "第2495批农村公路养护工作的通知"
    )
    found = search_documents(pg_registry.ctx, "第2495批")
    assert [hit["doc_number"] for hit in found.hits] == ["元政发〔2021〕2495号"]
    assert search_documents(pg_registry.ctx, "活禽").total >= 1  # a text of the corpus

    again = import_documents(pg_registry.ctx, [path], create_issuers=True)
    assert again.counts()["unchanged_duplicate"] == ROWS


def test_progress_counts_the_rows_of_a_large_register(registry, tmp_path):
    calls: list[tuple[int, int, int]] = []
    import_documents(
        registry.ctx,
        [register(tmp_path / "登记册.csv")],
        progress=lambda *seen: calls.append(seen),
    )
    assert (0, 1, CHUNK) in calls  # the file is still being read after its first chunk
    assert calls[-1] == (1, 1, ROWS)

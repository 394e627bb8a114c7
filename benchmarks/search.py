"""`normdocs search` over a large registry, against a LIKE scan measured in the same run.

Target (issue 3): over 100,000 documents of ~3 KB, any 2–8 character term returns its count and
first page in <= 50 ms median (a LIKE scan takes ~450 ms on these machines).

The corpus is made of the real sample texts (samples/documents), their sentences shuffled, and
citations of the real superior-law titles (samples/superior-laws.csv), so that term
frequencies are those of real documents. Each search is checked against the LIKE scan's count.

Run: python benchmarks/search.py [--docs 100000] [--runs 9] [--like-runs 3] [--keep DIR]
"""

import argparse
import csv
import hashlib
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
ISSUERS = [
    ("元宝山区人民政府", "元政发", "government"),
    ("元宝山区人民政府办公室", "元政办发", "government"),
    ("元宝山区教育局", "元教发", "department"),
    ("元宝山区生态环境分局", "元环发", "department"),
    ("元宝山区市场监督管理局", "元市监发", "department"),
]
# Terms of every length from 1 to 8 characters, frequent and rare, Chinese and mixed, one not
# in the corpus at all, and two with punctuation (confirmed against the texts).
TERMS = [
    "县",
    "罚",
    "罚款",
    "许可",
    "燃煤",
    "处罚",
    "2019",
    "禁燃区",
    "第408号",
    "行政处罚",
    "烟花爆竹",
    "规范性文件",
    "大气污染防治",
    "中华人民共和国",
    "烟花爆竹安全管理",
    "量子计算",
    "《中华人民共和国",
    "销售、使用燃煤",
]
TARGET_MS = 50.0


def sentences() -> tuple[list[str], list[str]]:
    """The sentences of the sample documents, and citations of the superior laws."""
    found = []
    for path in sorted((SAMPLES / "documents").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for part in re.split(r"(?<=[。；！？\n])", text):
            part = part.strip()
            if len(part) >= 4:
                found.append(part)
    citations = []
    with (SAMPLES / "superior-laws.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            citations.append(f"根据《{row['title']}》，")
            if row.get("history"):
                citations.append(row["history"].split(" | ")[0] + "。")
    return found, citations


# About one sentence in ten cites a law (a few citations per document, as in the samples).
CITATION_SHARE = 0.1


def generate(db: str, count: int, seed: int = 20261127) -> None:
    """`count` promulgated documents of ~3 KB each, bulk-inserted with their texts."""
    from sqlalchemy import insert

    from normdocs.services.agencies import add_agency
    from normdocs.services.context import AppContext
    from normdocs.services.registry import init_registry
    from normdocs.store.engine import make_engine
    from normdocs.store.queries import document_t, text_t

    ctx = AppContext(db=db, actor="bench", today_override=date(2026, 11, 27))
    init_registry(ctx)
    for name, code, level in ISSUERS:
        parent = ISSUERS[0][0] if level == "department" else None
        add_agency(ctx, name=name, code=code, level=level, parent=parent, head="负责人")
    pool, citations = sentences()
    rng = random.Random(seed)
    now = datetime(2026, 11, 27, tzinfo=UTC)
    engine = make_engine(db)
    batch_docs: list[dict[str, Any]] = []
    batch_texts: list[dict[str, Any]] = []
    with engine.begin() as connection:
        for i in range(1, count + 1):
            parts: list[str] = []
            size = 0
            while size < 1000:  # ~1,000 characters: ~3 KB in UTF-8
                part = rng.choice(citations if rng.random() < CITATION_SHARE else pool)
                parts.append(part)
                size += len(part)
            text = "\n".join(parts)
            promulgated = date(2005, 1, 1) + timedelta(days=rng.randrange(21 * 365))
            ended = rng.random() < 0.15
            issuer = rng.randrange(len(ISSUERS))
            batch_docs.append(
                {
                    "id": i,
                    "title": f"{ISSUERS[issuer][0]}关于{rng.choice(pool)[:18]}的通知",
                    "issuer_id": issuer + 1,
                    "interim": False,
                    "stage": "promulgated",
                    "origin": "imported",
                    "doc_number": f"{ISSUERS[issuer][1]}〔{promulgated.year}〕{i}号",
                    "promulgated_on": promulgated,
                    "effective_on": promulgated,
                    "expires_on": promulgated + timedelta(days=5 * 365),
                    "ended_on": promulgated + timedelta(days=400) if ended else None,
                    "end_reason": "repealed" if ended else None,
                    "review_emergency": False,
                    "review_late": False,
                    "revision_recorded": False,
                    "validity_stated": False,
                    "filed_late": False,
                    "awaiting_amendment": False,
                    "created_at": now,
                }
            )
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            batch_texts.append({"document_id": i, "text": text, "content_hash": digest})
            if len(batch_docs) == 5000 or i == count:
                connection.execute(insert(document_t), batch_docs)
                connection.execute(insert(text_t), batch_texts)
                batch_docs, batch_texts = [], []
    engine.dispose()


def build_index(db: str) -> float:
    from normdocs.store.engine import make_engine
    from normdocs.store.search import rebuild_index

    engine = make_engine(db)
    start = time.perf_counter()
    with engine.begin() as connection:
        rebuild_index(connection)
    elapsed = time.perf_counter() - start
    engine.dispose()
    return elapsed


def sizes_mb(db: str) -> dict[str, float]:
    connection = sqlite3.connect(db)
    try:
        rows = connection.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
    except sqlite3.OperationalError:
        return {}
    finally:
        connection.close()
    found: dict[str, float] = {}
    for name, size in rows:
        key = "search index" if name.startswith("search_index") else name
        found[key] = found.get(key, 0.0) + size / 1e6
    return found


def median_ms(call: Callable[[], Any], runs: int) -> tuple[float, Any]:
    call()  # warm the page cache and the statement cache once
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, result


def like_scan(db: str, term: str) -> Callable[[], tuple[int, list[int]]]:
    """The same question by LIKE (case-insensitive for ASCII letters, as search is)."""
    pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    where = (
        "FROM document d LEFT JOIN document_text t ON t.document_id = d.id "
        "WHERE d.title LIKE ?1 ESCAPE '\\' OR t.text LIKE ?1 ESCAPE '\\'"
    )
    connection = sqlite3.connect(db)

    def run() -> tuple[int, list[int]]:
        total = connection.execute(f"SELECT count(*) {where}", (pattern,)).fetchone()[0]
        page = connection.execute(
            f"SELECT d.id {where} ORDER BY d.promulgated_on DESC, d.id DESC LIMIT 20",
            (pattern,),
        ).fetchall()
        return int(total), [r[0] for r in page]

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--like-runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build the registry in this directory")
    parser.add_argument(
        "--reuse", action="store_true", help="with --keep: reuse the documents generated before"
    )
    parser.add_argument(
        "--no-build", action="store_true", help="with --reuse: do not rebuild the index either"
    )
    args = parser.parse_args()

    from normdocs.services.context import AppContext
    from normdocs.services.search import search_documents

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        db = str(folder / "search-bench.db")
        if not (args.reuse and Path(db).exists()):
            Path(db).unlink(missing_ok=True)
            start = time.perf_counter()
            generate(db, args.docs)
            print(
                f"generated and bulk-inserted {args.docs:,} documents in "
                f"{time.perf_counter() - start:.1f} s"
            )
        if not args.no_build:
            build_s = build_index(db)
            print(
                f"built the search index in {build_s:.1f} s "
                f"({args.docs / build_s:,.0f} documents/s)"
            )
        size = sizes_mb(db)
        if size:
            print(
                f"sizes: texts {size.get('document_text', 0):.0f} MB, "
                f"search index {size.get('search index', 0):.0f} MB, "
                f"documents {size.get('document', 0):.0f} MB"
            )

        ctx = AppContext(db=db, actor="bench", today_override=date(2026, 11, 27))
        print(
            f"\n{'term':20} {'chars':>5} {'matches':>8} {'search ms':>10} "
            f"{'LIKE ms':>9} {'speed-up':>9}  check"
        )
        failures = []
        slow = []
        for term in TERMS:

            def search(term: str = term) -> Any:
                return search_documents(ctx, term)

            search_ms, result = median_ms(search, args.runs)
            like_ms, (like_total, like_page) = median_ms(like_scan(db, term), args.like_runs)
            page = [hit["id"] for hit in result.hits]
            same = result.total == like_total and page == like_page
            if not same:
                failures.append(term)
            if 2 <= len(term) <= 8 and search_ms > TARGET_MS:
                slow.append(term)
            print(
                f"{term:20} {len(term):5} {result.total:8,} {search_ms:10.1f} {like_ms:9.0f} "
                f"{like_ms / search_ms:8.0f}x  {'same as LIKE' if same else 'DIFFERS'}"
            )

        print("\nwith filters (service call, median ms):")
        for label, kwargs in [
            ("罚款 --validity in_force", {"text": "罚款", "validity": "in_force"}),
            ("中华人民共和国 --year 2019", {"text": "中华人民共和国", "year": 2019}),
            ("燃煤 --issuer 元宝山区教育局", {"text": "燃煤", "issuer": "元宝山区教育局"}),
            ("燃煤 --validity expired", {"text": "燃煤", "validity": "expired"}),
            (
                "中华人民共和国 --validity in_force",
                {"text": "中华人民共和国", "validity": "in_force"},
            ),
            ("烟花爆竹 --offset 1000", {"text": "烟花爆竹", "offset": 1000}),
        ]:

            def filtered(kwargs: dict[str, Any] = kwargs) -> Any:
                return search_documents(ctx, **kwargs)

            ms, result = median_ms(filtered, args.runs)
            print(f"  {label:32} {result.total:8,} matches {ms:8.1f} ms")

        print(
            f"\ntarget: every 2–8 character term <= {TARGET_MS:.0f} ms median: "
            + ("met" if not slow else "NOT met for " + ", ".join(slow))
        )
        if failures:
            print("results differ from LIKE for: " + ", ".join(failures))
            sys.exit(1)


if __name__ == "__main__":
    main()

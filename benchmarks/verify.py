"""`normdocs verify` on a registry of 100,000 documents with ~3 KB texts.

The registry is made as an office's would be: agencies added and a 100,000-row register imported
by the real `normdocs import` (one document.import event per row, the search index built), then a
text for every document written as the importer writes a text that joins its register row (the
text row, one document.text_imported event stating its hashes, the search index updated) — in
bulk, through the same store functions, since importing 100,000 files would take far longer
than what is measured. Then times the whole `normdocs verify` (a child process: start-up, SQLite's
integrity_check, the FTS5 index's integrity-check, the chain, the replay of every event against
every row and text) and prints its parts.

Target (issue 8): a minute at most.

Run: python benchmarks/verify.py [--documents 100000] [--keep DIR]
"""

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "src"))

from audit import sentence_pool  # noqa: E402  (the audit benchmark's real sentences)

NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


def build(work: Path, documents: int) -> Path:
    import importlib

    bench_import = importlib.import_module("import")
    db = work / "verify.db"
    env = {**os.environ, "NORMDOCS_LANG": "en", "NORMDOCS_TODAY": "2026-11-27"}
    bench_import.make_registry(db, env)
    register = work / "register.csv"
    bench_import.generate_register(register, documents)
    start = time.perf_counter()
    subprocess.run(
        [bench_import.normdocs_bin(), "--db", str(db), "import", str(register)],
        env=env,
        check=True,
        capture_output=True,
    )
    print(f"imported {documents:,} register rows in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    add_texts(db)
    print(f"added {documents:,} texts in {time.perf_counter() - start:.1f} s")
    return db


def add_texts(db: Path) -> None:
    """A text for each document, written as services.import_writing.Writer.add_texts writes one."""
    from sqlalchemy import select

    from normdocs.domain.extract import text_hashes
    from normdocs.domain.projection import text_digest
    from normdocs.services.context import AppContext
    from normdocs.store.engine import transaction
    from normdocs.store.importing import TextRow, insert_texts
    from normdocs.store.queries import document_t
    from normdocs.store.records import append_events
    from normdocs.store.search import rebuild_index

    rng = random.Random(5)
    plain, _flagged = sentence_pool()
    ctx = AppContext(db=str(db), actor="bench", clock=lambda: NOW)
    with transaction(ctx.engine(), ctx.db) as session:
        rows = session.execute(select(document_t.c.id, document_t.c.title)).all()
        texts, events = [], []
        for document_id, title in rows:
            body = "。\n".join(rng.choice(plain) for _ in range(rng.randint(8, 20)))
            text = f"{title}\n{body}。"
            content, _substance = text_hashes(text)
            source = f"texts/{document_id}.txt"
            texts.append(TextRow(document_id, text, source, content))
            events.append(
                {
                    "recorded_at": NOW,
                    "actor": "bench",
                    "action": "document.text_imported",
                    "document_id": document_id,
                    "details": {
                        "source": source,
                        "format": "txt",
                        "content_hash": content,
                        "file_sha256": text_digest(text),
                        "text_sha256": text_digest(text),
                        "paragraph": 1,
                    },
                }
            )
        insert_texts(session, texts)
        append_events(session, events)
        rebuild_index(session)
    ctx.close()


def timed_verify(db: Path) -> tuple[float, float, dict[str, object]]:
    """(wall seconds, CPU seconds, the JSON report) of one `normdocs verify`: the CPU time
    says what the machine's other load does not (it was shared when this was measured)."""
    exe = shutil.which("normdocs", path=str(Path(sys.executable).parent)) or "normdocs"
    env = {**os.environ, "NORMDOCS_LANG": "en"}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [exe, "--db", str(db), "verify", "--format", "json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out, err = proc.communicate()
    elapsed = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"verify failed ({proc.returncode}):\n{out[-2000:]}{err[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, json.loads(out)


def parts(db: Path) -> dict[str, tuple[float, float]]:
    """The checks one by one in this process (no start-up): (wall, CPU) seconds of each."""
    from normdocs.domain.chain import verify_chain
    from normdocs.services.context import AppContext
    from normdocs.services.registry import _compare_projection
    from normdocs.store.engine import transaction
    from normdocs.store.integrity import search_index_problem, sqlite_integrity
    from normdocs.store.records import chain_rows, record_head

    ctx = AppContext(db=str(db), actor="bench")
    checks = {
        "integrity_check": lambda s: sqlite_integrity(s) == [],
        "search index check": lambda s: search_index_problem(s) is None,
        "chain": lambda s: verify_chain(chain_rows(s), *record_head(s)).ok,
        "rows against the events": lambda s: _compare_projection(s).differences == [],
    }
    times: dict[str, tuple[float, float]] = {}
    with transaction(ctx.engine(write=False), ctx.db) as session:
        for name, check in checks.items():
            start, cpu = time.perf_counter(), time.process_time()
            assert check(session), name
            times[name] = (time.perf_counter() - start, time.process_time() - cpu)
        session.rollback()
    ctx.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, default=None, help="work in this folder, keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        db = work / "verify.db"
        if not db.exists():
            db = build(work, args.documents)
        size = sum(p.stat().st_size for p in work.glob("verify.db*")) / 2**20
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        elapsed, cpu, report = timed_verify(db)
        cpu -= before.ru_utime + before.ru_stime
        checked = report["checked"]
        print(
            f"normdocs verify: {elapsed:.1f} s ({cpu:.1f} s of CPU) for"
            f" {checked['documents']:,} documents, {checked['texts']:,} texts,"  # type: ignore[index]
            f" {report['events']:,} events; registry {size:.0f} MB"
        )
        for name, (wall, cpu) in parts(db).items():
            print(f"  of which {name}: {wall:.1f} s ({cpu:.1f} s of CPU)")
        print(f"target: <= 60 s: {elapsed <= 60}")


if __name__ == "__main__":
    main()

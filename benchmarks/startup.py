"""Start-up of the commands a clerk types all day, against Python baselines measured in the same run.

Targets (issue: the registry and the state machine):
  normdocs --help                     <= 8 x  python -c "import sqlite3"
  normdocs doc show REF (10,000 docs) <= 1.3 x python -c "import sqlmodel"

Run: python benchmarks/startup.py [--runs 15]
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path


def median_ms(argv: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False
        )
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def build_registry(path: Path, documents: int) -> None:
    """A registry of `documents` promulgated documents, each with its chained events."""
    from normdocs.services.agencies import add_agency
    from normdocs.services.context import AppContext
    from normdocs.services.registry import init_registry
    from normdocs.store.engine import transaction
    from normdocs.store.queries import insert_document
    from normdocs.store.records import append_event

    ctx = AppContext(db=str(path), actor="bench", today_override=date(2026, 11, 27))
    init_registry(ctx)
    add_agency(ctx, name="元宝山区人民政府", code="元政发", level="government", head="区长")
    now = datetime.now(UTC)
    with transaction(ctx.engine(), ctx.db) as session:
        for i in range(1, documents + 1):
            published = date(2019, 1, 1) + timedelta(days=i % 2500)
            doc_id = insert_document(
                session,
                {
                    "title": f"元宝山区人民政府关于第{i}项管理事项的通知",
                    "issuer_id": 1,
                    "interim": False,
                    "stage": "filed",
                    "origin": "drafted",
                    "doc_number": f"元政发〔{published.year}〕{i}号",
                    "registration_no": f"ND〔{published.year}〕{i:05d}",
                    "registration_year": published.year,
                    "registration_seq": i,
                    "review_emergency": False,
                    "review_late": False,
                    "revision_recorded": False,
                    "promulgated_on": published,
                    "effective_on": published,
                    "expires_on": published + timedelta(days=5 * 365),
                    "validity_stated": False,
                    "filed_late": False,
                    "filed_on": published + timedelta(days=20),
                    "created_at": now,
                },
            )
            append_event(
                session,
                recorded_at=now,
                actor="bench",
                action="publish",
                document_id=doc_id,
                on_date=published,
                to_stage="filed",
                details={"doc_number": f"元政发〔{published.year}〕{i}号"},
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--documents", type=int, default=10_000)
    args = parser.parse_args()
    normdocs = shutil.which("normdocs") or str(Path(sys.executable).parent / "normdocs")
    python = sys.executable

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        build_registry(db, args.documents)
        print(
            f"built a registry of {args.documents:,} documents in {time.perf_counter() - t0:.1f} s"
        )
        ref = f"元政发〔{2019 + (args.documents // 2) % 2500 // 365}〕{args.documents // 2}号"
        env = {**os.environ, "NORMDOCS_DB": str(db)}
        complete_env = {
            **env,
            "_NORMDOCS_COMPLETE": "complete_bash",
            "COMP_WORDS": "normdocs d",
            "COMP_CWORD": "1",
        }
        rows = [
            ("python -c pass", median_ms([python, "-c", "pass"], args.runs)),
            ("python -c 'import sqlite3'", median_ms([python, "-c", "import sqlite3"], args.runs)),
            (
                "python -c 'import sqlmodel'",
                median_ms([python, "-c", "import sqlmodel"], args.runs),
            ),
            ("normdocs --help", median_ms([normdocs, "--help"], args.runs, env)),
            ("normdocs --version", median_ms([normdocs, "--version"], args.runs, env)),
            ("completion of 'normdocs d<Tab>'", median_ms([normdocs], args.runs, complete_env)),
            (f"normdocs doc show {ref}", median_ms([normdocs, "doc", "show", ref], args.runs, env)),
            (
                "normdocs doc show 5000 (by id)",
                median_ms([normdocs, "doc", "show", "5000"], args.runs, env),
            ),
        ]
    times = dict(rows)
    sqlite3_ms = times["python -c 'import sqlite3'"]
    sqlmodel_ms = times["python -c 'import sqlmodel'"]
    print(f"\n{'command':45} {'median ms':>10} {'ratio':>22}")
    for name, ms in rows:
        if name.startswith("normdocs doc show"):
            ratio = f"{ms / sqlmodel_ms:.2f} x import sqlmodel"
        elif name.startswith("normdocs") or name.startswith("completion"):
            ratio = f"{ms / sqlite3_ms:.2f} x import sqlite3"
        else:
            ratio = ""
        print(f"{name:45} {ms:10.0f} {ratio:>22}")
    help_ratio = times["normdocs --help"] / sqlite3_ms
    show_ratio = times[f"normdocs doc show {ref}"] / sqlmodel_ms
    print(
        f"\n--help: {help_ratio:.2f} x (target <= 8)   doc show: {show_ratio:.2f} x (target <= 1.3)"
    )


if __name__ == "__main__":
    main()
